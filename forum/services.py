"""Writes in a group's forum: threads, posts, edits, soft deletes, reactions, read state.

Every title and body is read by the one crisis detector; when it fires, the author is shown
the resources panel and the responders are alerted, and the words are still posted. Bodies
are stored as the member's Markdown and as sanitized HTML rendered on write.
"""

import uuid
from collections.abc import Callable
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from community.ratelimit import rate_limit_check
from community.sanitize import render_markdown
from community.textcheck import check_storable
from groups.models import (
    ContentWarning,
    Post,
    PostRevision,
    Reaction,
    SupportGroup,
    Thread,
    ThreadReadMarker,
    ThreadSubscription,
)
from groups.permissions import (
    can_post_anonymously,
    check_can_contribute,
    check_can_edit_post,
    check_can_facilitate,
    check_can_reply,
)
from groups.selectors import membership_for, recent_post_texts
from moderation.audit import audit_record
from moderation.intake import ScreenedText, Stored, member_text_intake
from moderation.models import SafetyAlert
from moderation.safety import safety_place

from .notify import notify_new_post

TITLE_MAX = Thread._meta.get_field("title").max_length
BODY_MAX = Post._meta.get_field("body").max_length


class Posted(NamedTuple):
    post: Post
    crisis: bool
    created: bool


def _validate(*, body: str, content_warning: str, title: str | None = None) -> str:
    check_storable(body, field="body")
    if title is not None:
        check_storable(title, field="title")
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Please write something before posting.")})
    if len(body) > BODY_MAX:
        raise ValidationError(
            {"body": _("Posts can be up to %(max)s characters.") % {"max": f"{BODY_MAX:,}"}}
        )
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": _("Please give your thread a title.")})
        if len(title.strip()) > TITLE_MAX:
            raise ValidationError(
                {"title": _("Titles can be up to %(max)s characters.") % {"max": TITLE_MAX}}
            )
    if content_warning and content_warning not in ContentWarning.values:
        raise ValidationError({"content_warning": _("Please choose a warning from the list.")})
    return body


def _existing(author, submission_id) -> Post | None:
    if submission_id is None:
        return None
    return Post.objects.filter(author=author, submission_id=submission_id).first()


def post_url(post: Post) -> str:
    return reverse(
        "groups:post",
        kwargs={
            "slug": post.thread.group.slug,
            "thread_id": post.thread_id,
            "post_id": post.pk,
        },
    )


def _bump_thread(thread: Thread, post: Post) -> None:
    Thread.objects.filter(pk=thread.pk).update(
        last_post_at=Greatest(F("last_post_at"), post.created_at),
        last_post_pk=Greatest(F("last_post_pk"), post.pk),
    )


def post_published(*, post: Post) -> None:
    """A post became visible to the group (at once, or when a facilitator approves it)."""
    _bump_thread(post.thread, post)
    notify_new_post(post=post, url=post_url(post))


def _save_post(*, post: Post, submission_id) -> tuple[Post, bool]:
    """Insert once per (author, submission id); a concurrent retry gets the first post back."""
    if submission_id is not None:
        post.submission_id = submission_id
    try:
        with transaction.atomic():
            post.save()
    except IntegrityError:
        existing = _existing(post.author, post.submission_id)
        if existing is None:
            raise
        return existing, False
    return post, True


def _recent_texts(*, author, thread: Thread, editing: Post | None = None) -> Callable:
    """The author's last few posts in this thread from the last few minutes (not the one
    being edited), for the crisis detector's context; read only by a detector that uses it."""
    return lambda: recent_post_texts(
        author=author, thread=thread, exclude_pk=editing.pk if editing else None
    )


@transaction.atomic
def thread_create(
    *,
    author,
    group: SupportGroup,
    title: str,
    body: str,
    content_warning: str = "",
    anonymous: bool = False,
    submission_id: uuid.UUID | None = None,
) -> Posted:
    """Start a thread: its opening post, the author following it, the crisis check."""
    membership = membership_for(user=author, group=group)
    check_can_contribute(author, membership)
    body = _validate(body=body, content_warning=content_warning, title=title)
    existing = _existing(author, submission_id)
    if existing is not None:
        return Posted(existing, False, False)
    rate_limit_check(scope="thread", key=author.pk)
    anonymous = anonymous and can_post_anonymously(group)

    def store(held: bool) -> Stored:
        now = timezone.now()
        thread = Thread.objects.create(
            group=group,
            author=author,
            title=title.strip(),
            content_warning=content_warning,
            anonymous=anonymous,
            held_for_review=held,
            created_at=now,
            last_post_at=now,
        )
        post, created = _save_post(
            post=Post(
                thread=thread,
                author=author,
                is_opening=True,
                body=body,
                body_html=render_markdown(body),
                content_warning=content_warning,
                anonymous=anonymous,
                held_for_review=held,
                created_at=now,
            ),
            submission_id=submission_id,
        )
        if not created:
            thread.delete()
            return Stored(target=post, created=False)
        thread.last_post_pk = post.pk
        thread.save(update_fields=["last_post_pk"])
        ThreadSubscription.objects.create(
            thread=thread, user=author, state=ThreadSubscription.State.FOLLOWING
        )
        return Stored(
            target=post,
            held=held,
            texts=(
                ScreenedText(
                    thread.title,
                    SafetyAlert.Source.THREAD,
                    str(thread.pk),
                    thread.get_absolute_url(),
                    safety_place("thread", thread.pk),
                ),
                ScreenedText(
                    body,
                    SafetyAlert.Source.POST,
                    str(post.pk),
                    post_url(post),
                    safety_place("thread", thread.pk),
                ),
            ),
        )

    intake = member_text_intake(
        surface="thread",
        author=author,
        group=group,
        text=f"{title}\n{body}",
        store=store,
        lang=get_language(),
    )
    post = intake.target
    if intake.created and not intake.held:
        notify_new_post(post=post, url=post_url(post))
    return Posted(post, intake.crisis, intake.created)


@transaction.atomic
def post_create(
    *,
    author,
    thread: Thread,
    body: str,
    content_warning: str = "",
    anonymous: bool = False,
    submission_id: uuid.UUID | None = None,
) -> Posted:
    """Reply in a thread. A retry with the same submission id returns the first reply."""
    thread = Thread.objects.select_related("group").get(pk=thread.pk)
    group = thread.group
    membership = membership_for(user=author, group=group)
    check_can_contribute(author, membership)
    existing = _existing(author, submission_id)
    if existing is not None:
        return Posted(existing, False, False)
    if thread.removed_at or thread.hidden_at:
        raise Http404
    check_can_reply(author, membership, thread)
    body = _validate(body=body, content_warning=content_warning)
    rate_limit_check(scope="post", key=author.pk)
    anonymous = anonymous and can_post_anonymously(group)

    def store(held: bool) -> Stored:
        post, created = _save_post(
            post=Post(
                thread=thread,
                author=author,
                body=body,
                body_html=render_markdown(body),
                content_warning=content_warning,
                anonymous=anonymous,
                held_for_review=held,
            ),
            submission_id=submission_id,
        )
        if not created:
            return Stored(target=post, created=False)
        post.thread = thread
        return Stored(
            target=post,
            held=held,
            texts=(
                ScreenedText(
                    body,
                    SafetyAlert.Source.POST,
                    str(post.pk),
                    post_url(post),
                    safety_place("thread", post.thread_id),
                ),
            ),
        )

    intake = member_text_intake(
        surface="post",
        author=author,
        group=group,
        text=body,
        store=store,
        context=_recent_texts(author=author, thread=thread),
        lang=get_language(),
    )
    if intake.created and not intake.held:
        post_published(post=intake.target)
    return Posted(intake.target, intake.crisis, intake.created)


@transaction.atomic
def post_edit(*, editor, post: Post, body: str, content_warning: str = "") -> Posted:
    """The author edits; the earlier text is kept as a revision for facilitators to read."""
    post = Post.objects.select_for_update().select_related("thread__group").get(pk=post.pk)
    group = post.thread.group
    check_can_edit_post(editor, membership_for(user=editor, group=group), post)
    body = _validate(body=body, content_warning=content_warning)
    if body == post.body and content_warning == post.content_warning:
        return Posted(post, False, False)

    def store(held: bool) -> Stored:
        PostRevision.objects.create(
            post=post, body=post.body, body_html=post.body_html, edited_by=editor
        )
        post.body = body
        post.body_html = render_markdown(body)
        post.content_warning = content_warning
        post.edited_at = timezone.now()
        held_now = held and not post.held_for_review
        post.held_for_review = post.held_for_review or held
        post.save(
            update_fields=["body", "body_html", "content_warning", "edited_at", "held_for_review"]
        )
        if post.is_opening:
            Thread.objects.filter(pk=post.thread_id).update(
                content_warning=content_warning, held_for_review=post.held_for_review
            )
        return Stored(
            target=post,
            held=held_now,
            texts=(
                ScreenedText(
                    body,
                    SafetyAlert.Source.POST,
                    str(post.pk),
                    post_url(post),
                    safety_place("thread", post.thread_id),
                ),
            ),
        )

    intake = member_text_intake(
        surface="post_edit",
        author=editor,
        group=group,
        text=body,
        store=store,
        context=_recent_texts(author=editor, thread=post.thread, editing=post),
        lang=get_language(),
    )
    return Posted(post, intake.crisis, True)


@transaction.atomic
def post_delete(*, actor, post: Post) -> Post:
    """The author removes their post (soft delete); removing the opening post closes the thread."""
    post = Post.objects.select_for_update().select_related("thread__group").get(pk=post.pk)
    group = post.thread.group
    membership = membership_for(user=actor, group=group)
    if post.author_id != actor.pk or post.removed_at:
        raise PermissionDenied(_("Only the author can remove this post."))
    check_can_edit_post(actor, membership, post)
    now = timezone.now()
    post.removed_at = now
    post.save(update_fields=["removed_at"])
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(removed_at=now)
    return post


@transaction.atomic
def thread_flags_set(
    *, actor, thread: Thread, pinned: bool | None = None, locked: bool | None = None
) -> Thread:
    """Facilitators pin a thread to the top or lock it against new replies."""
    check_can_facilitate(actor, membership_for(user=actor, group=thread.group))
    changes = {}
    if pinned is not None and pinned != thread.pinned:
        changes["pinned"] = pinned
    if locked is not None and locked != thread.locked:
        changes["locked"] = locked
    if not changes:
        return thread
    for field, value in changes.items():
        setattr(thread, field, value)
    thread.save(update_fields=list(changes))
    for field, value in changes.items():
        action = {
            "pinned": ("thread.pin", "thread.unpin"),
            "locked": ("thread.lock", "thread.unlock"),
        }
        audit_record(
            actor=actor,
            action=action[field][0 if value else 1],
            target=thread,
            group=thread.group,
        )
    return thread


@transaction.atomic
def reaction_toggle(*, user, post: Post, kind: str) -> bool:
    """Add the reaction, or take it back if it is there; one per member per kind."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Unknown reaction."))
    check_can_contribute(user, membership_for(user=user, group=post.thread.group))
    if post.removed_at or post.hidden_at or post.held_for_review:
        raise PermissionDenied(_("This post cannot take reactions."))
    deleted, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user, kind=kind)
    except IntegrityError:
        pass  # a double click: the reaction is there, which is what was asked
    return True


def thread_mark_read(*, user, thread: Thread, post_id: int) -> None:
    """Upsert the member's read marker; it only moves forward. The one write on a thread GET."""
    if not getattr(user, "is_authenticated", False) or not post_id:
        return
    updated = ThreadReadMarker.objects.filter(user=user, thread=thread).update(
        last_read_post_id=Greatest(F("last_read_post_id"), post_id), updated_at=timezone.now()
    )
    if updated:
        return
    try:
        with transaction.atomic():
            ThreadReadMarker.objects.create(user=user, thread=thread, last_read_post_id=post_id)
    except IntegrityError:
        ThreadReadMarker.objects.filter(user=user, thread=thread).update(
            last_read_post_id=Greatest(F("last_read_post_id"), post_id)
        )


@transaction.atomic
def thread_subscription_set(*, user, thread: Thread, state: str | None) -> str | None:
    """Follow, mute, or go back to the default (not following) for one thread."""
    check_can_contribute(user, membership_for(user=user, group=thread.group))
    if state is None:
        ThreadSubscription.objects.filter(user=user, thread=thread).delete()
        return None
    if state not in ThreadSubscription.State.values:
        raise ValidationError(_("Unknown choice."))
    ThreadSubscription.objects.update_or_create(
        user=user, thread=thread, defaults={"state": state, "updated_at": timezone.now()}
    )
    return state
