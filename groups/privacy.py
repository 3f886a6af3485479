"""Groups and their forum: memberships, the member's threads and posts, and their reactions.

Export: what the member wrote, with only the pseudonym of whoever started a thread they
replied in (never another member's title or words). Erase: seats are freed first so each
group offers them to its waitlist; quotes of the member in other members' posts name
"former member" (and lose the quoted words with "erase", ``groups.quotes``); posts are either
blanked ("erase") or left to show "former member" once the account row is gone
("anonymise": the author column is SET_NULL).
"""

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from community.privacy import POSTS_ERASE
from community.sanitize import render_markdown

from .models import Membership, Post, PostRevision, Reaction, Thread
from .quotes import lines_of, scrub_quotes
from .services import membership_leave

ORDER = 10
ERASED_TITLE = "(removed by its author)"


def _thread_starter(thread: Thread) -> str:
    if thread.author_id is None:
        return gettext("former member")
    if thread.anonymous:
        return gettext("a member")
    return thread.author.username


def export_sections(user):
    yield (
        "memberships",
        (
            {
                "group": m.group.name,
                "group_slug": m.group.slug,
                "role": m.role,
                "state": m.state,
                "requested_at": m.created_at,
                "joined_at": m.joined_at,
                "request_message": m.request_message,
                "rules_version_accepted": m.rules_version_accepted,
            }
            for m in Membership.objects.filter(user=user)
            .select_related("group")
            .order_by("created_at", "pk")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "forum_threads",
        (
            {
                "id": t.pk,
                "group": t.group.name,
                "title": t.title,
                "content_warning": t.content_warning,
                "anonymous": t.anonymous,
                "created_at": t.created_at,
                "removed": t.removed_at is not None,
            }
            for t in Thread.objects.filter(author=user)
            .select_related("group")
            .order_by("created_at", "pk")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "forum_posts",
        (
            {
                "id": p.pk,
                "thread_id": p.thread_id,
                "group": p.thread.group.name,
                "in_thread_started_by": (
                    None if p.thread.author_id == user.pk else _thread_starter(p.thread)
                ),
                "opening_post": p.is_opening,
                "body": p.body,
                "content_warning": p.content_warning,
                "anonymous": p.anonymous,
                "created_at": p.created_at,
                "edited_at": p.edited_at,
                "removed": p.removed_at is not None,
            }
            for p in Post.objects.filter(author=user)
            .select_related("thread__group", "thread__author")
            .order_by("created_at", "pk")
            .iterator(chunk_size=200)
        ),
    )
    yield (
        "forum_reactions",
        (
            {"post_id": r["post_id"], "kind": r["kind"], "created_at": r["created_at"]}
            for r in Reaction.objects.filter(user=user)
            .order_by("created_at", "pk")
            .values("post_id", "kind", "created_at")
            .iterator(chunk_size=500)
        ),
    )


def _anonymous_labels() -> set[str]:
    labels = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels.add(gettext("a member"))
    return labels


def _scrub_quotes_of(user, *, erase: bool) -> None:
    """Other members' posts (and their earlier versions) that quote this member: the name
    becomes "former member", and with "erase" the quoted words go too."""
    own_posts = Post.objects.filter(author=user)
    their_lines = lines_of(own_posts.values_list("body", flat=True).iterator())
    header = f"**{user.username}:**"
    threads = own_posts.values("thread_id")
    anonymous = _anonymous_labels()
    candidates = (
        Post.objects.exclude(author=user)
        .filter(Q(thread_id__in=threads) | Q(body__contains=header))
        .filter(body__contains="> ")
    )
    for model, rows in (
        (Post, candidates),
        (PostRevision, PostRevision.objects.filter(post__in=candidates.values("pk"))),
    ):
        for row in rows.only("pk", "body").iterator(chunk_size=200):
            body = scrub_quotes(
                row.body,
                pseudonym=user.username,
                their_lines=their_lines,
                anonymous=anonymous,
                erase=erase,
            )
            if body != row.body:
                model.objects.filter(pk=row.pk).update(body=body, body_html=render_markdown(body))


def erase(user, posts_mode):
    seated = Membership.objects.filter(
        user=user, state__in=[Membership.State.ACTIVE, Membership.State.OFFERED]
    )
    for membership in seated.select_related("group"):
        membership_leave(user=user, group=membership.group)
    _scrub_quotes_of(user, erase=posts_mode == POSTS_ERASE)
    if posts_mode != POSTS_ERASE:
        return
    now = timezone.now()
    own_posts = Post.objects.filter(author=user)
    PostRevision.objects.filter(post__in=own_posts).delete()
    own_posts.filter(removed_at__isnull=True).update(removed_at=now)
    own_posts.update(body="", body_html="")
    # Threads stay for the replies of others; their titles were this member's words.
    Thread.objects.filter(author=user).update(title=ERASED_TITLE)
