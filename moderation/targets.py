"""What can be reported and acted on, behind one small interface per kind of target.

The queue is generic (content type + id). Each kind of target says which group it belongs to,
who is responsible for it, how to show it (the stored, sanitised HTML, never the raw source),
and how to hide, unhide, delete or approve it. Kinds are registered for the apps that exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TargetKind:
    label: str
    noun: Any
    content: bool = True  # False for members: nothing to hide or delete
    can_hide: bool = True  # chat messages are removed, never hidden
    queue_actions: bool = True  # False: decided on its own page (safety requests)

    # ---- what every kind answers -------------------------------------------------------
    def model(self):
        return apps.get_model(self.label)

    def queryset(self):
        return self.model()._default_manager.all()

    def group_of(self, obj):
        return None

    def author_of(self, obj):
        return None

    def html_of(self, obj) -> str:
        return ""

    def content_warning_of(self, obj) -> str:
        return ""

    def url_of(self, obj) -> str:
        return ""

    def describe(self, obj) -> str:
        """A label for the audit log and the queue: never words a member wrote."""
        author = self.author_of(obj)
        group = self.group_of(obj)
        parts = [f"{self.label.split('.')[-1]} {obj.pk}"]
        if author is not None:
            parts.append(f"by {author.username}")
        if group is not None:
            parts.append(f"in {group.name}")
        return " ".join(parts)[:200]

    def is_visible(self, obj) -> bool:
        return True

    def visible_to(self, obj, user) -> bool:
        """Beyond group membership: e.g. a side room is seen by its two people alone."""
        return True

    def is_hidden(self, obj) -> bool:
        return False

    def is_removed(self, obj) -> bool:
        return False

    def is_held(self, obj) -> bool:
        return False

    # ---- writes: called by moderation services only, inside their transaction ---------
    def hide(self, obj, *, actor) -> None:
        raise NotImplementedError

    def unhide(self, obj, *, actor) -> None:
        raise NotImplementedError

    def delete(self, obj, *, actor) -> None:
        raise NotImplementedError

    def approve(self, obj, *, actor) -> None:
        raise NotImplementedError


class MemberKind(TargetKind):
    def queryset(self):
        return get_user_model()._default_manager.all()

    def author_of(self, obj):
        return obj

    def describe(self, obj) -> str:
        return f"member {obj.username}"


class HideableKind(TargetKind):
    """Posts, threads and chat messages share the hidden/removed/held fields."""

    def is_hidden(self, obj) -> bool:
        return getattr(obj, "hidden_at", None) is not None

    def is_removed(self, obj) -> bool:
        return getattr(obj, "removed_at", None) is not None

    def is_held(self, obj) -> bool:
        return bool(getattr(obj, "held_for_review", False))

    def content_warning_of(self, obj) -> str:
        return getattr(obj, "content_warning", "") or ""

    def author_of(self, obj):
        return getattr(obj, "author", None)

    def hide(self, obj, *, actor) -> None:
        obj.hidden_at = timezone.now()
        obj.hidden_by = actor
        obj.save(update_fields=["hidden_at", "hidden_by"])

    def unhide(self, obj, *, actor) -> None:
        obj.hidden_at = None
        obj.hidden_by = None
        obj.save(update_fields=["hidden_at", "hidden_by"])

    def delete(self, obj, *, actor) -> None:
        obj.removed_at = timezone.now()
        obj.save(update_fields=["removed_at"])

    def approve(self, obj, *, actor) -> None:
        obj.held_for_review = False
        obj.save(update_fields=["held_for_review"])


class PostKind(HideableKind):
    """A forum post. Hiding, removing or approving an opening post does the same to its thread."""

    def queryset(self):
        return self.model()._default_manager.select_related("thread__group", "author")

    def group_of(self, obj):
        return obj.thread.group

    def html_of(self, obj) -> str:
        return obj.body_html

    def content_warning_of(self, obj) -> str:
        return obj.get_content_warning_display() if obj.content_warning else ""

    def url_of(self, obj) -> str:
        return reverse("groups:post", args=[obj.thread.group.slug, obj.thread_id, obj.pk])

    def is_visible(self, obj) -> bool:
        return obj.removed_at is None and obj.thread.removed_at is None

    def _thread_too(self, obj, **fields) -> None:
        if obj.is_opening:
            type(obj.thread)._default_manager.filter(pk=obj.thread_id).update(**fields)

    def hide(self, obj, *, actor) -> None:
        super().hide(obj, actor=actor)
        self._thread_too(obj, hidden_at=obj.hidden_at, hidden_by=actor)

    def unhide(self, obj, *, actor) -> None:
        super().unhide(obj, actor=actor)
        self._thread_too(obj, hidden_at=None, hidden_by=None)

    def delete(self, obj, *, actor) -> None:
        super().delete(obj, actor=actor)
        self._thread_too(obj, removed_at=obj.removed_at)

    def approve(self, obj, *, actor) -> None:
        from groups.forum_services import post_published

        super().approve(obj, actor=actor)
        self._thread_too(obj, held_for_review=False)
        post_published(post=obj)


class ThreadKind(HideableKind):
    """A thread, acted on with its opening post (the title is shown escaped, it is plain text)."""

    def queryset(self):
        return self.model()._default_manager.select_related("group", "author")

    def group_of(self, obj):
        return obj.group

    def html_of(self, obj) -> str:
        return format_html("<p><strong>{}</strong></p>", obj.title)

    def content_warning_of(self, obj) -> str:
        return obj.get_content_warning_display() if obj.content_warning else ""

    def url_of(self, obj) -> str:
        return obj.get_absolute_url()

    def _opening(self, obj):
        return obj.posts.filter(is_opening=True).first()

    def hide(self, obj, *, actor) -> None:
        super().hide(obj, actor=actor)
        obj.posts.filter(is_opening=True).update(hidden_at=obj.hidden_at, hidden_by=actor)

    def unhide(self, obj, *, actor) -> None:
        super().unhide(obj, actor=actor)
        obj.posts.filter(is_opening=True).update(hidden_at=None, hidden_by=None)

    def delete(self, obj, *, actor) -> None:
        super().delete(obj, actor=actor)
        obj.posts.filter(is_opening=True).update(removed_at=obj.removed_at)

    def approve(self, obj, *, actor) -> None:
        opening = self._opening(obj)
        if opening is not None:
            _KINDS["groups.post"].approve(opening, actor=actor)
        else:
            super().approve(obj, actor=actor)


class ChatMessageKind(TargetKind):
    """A chat message: removed for everyone (its words erased), never hidden or held."""

    def queryset(self):
        return self.model()._default_manager.select_related("room__group", "author")

    def group_of(self, obj):
        return obj.room.group

    def author_of(self, obj):
        return obj.author

    def html_of(self, obj) -> str:
        return obj.html

    def url_of(self, obj) -> str:
        return f"/groups/{obj.room.group.slug}/chat/#m-{obj.seq}"

    def describe(self, obj) -> str:
        return f"chat message {obj.seq} by {obj.author.username} in {obj.room.group.name}"[:200]

    def is_visible(self, obj) -> bool:
        return obj.removed_at is None

    def visible_to(self, obj, user) -> bool:
        room = obj.room
        if getattr(room, "is_side", False):
            return user.pk in (room.side_member_id, room.side_facilitator_id)
        return True

    def is_removed(self, obj) -> bool:
        return obj.removed_at is not None

    def delete(self, obj, *, actor) -> None:
        from chat.services import message_erase

        message_erase(message=obj)


class SeparationRequestKind(TargetKind):
    """A member's safety request to be kept out of another person's groups (``separation``).

    Shown to moderators only (the item has no group), never to either person it names, and
    decided on its own page rather than with the queue's content and member actions.
    """

    def queryset(self):
        return self.model()._default_manager.select_related("requester", "other")

    def author_of(self, obj):
        return obj.requester

    def html_of(self, obj) -> str:
        return format_html(
            "<p>{}</p>{}",
            _("Keep %(requester)s and %(other)s out of the same groups.")
            % {"requester": obj.requester.username, "other": obj.shown_name},
            format_html("<p>{}</p>", obj.note) if obj.note else "",
        )

    def url_of(self, obj) -> str:
        return reverse("moderation:separation", args=[obj.pk])

    def describe(self, obj) -> str:
        return f"safety request {obj.pk}"

    def is_visible(self, obj) -> bool:
        return obj.state == obj.State.PENDING


_KINDS: dict[str, TargetKind] = {}


def register(kind: TargetKind) -> None:
    _KINDS[kind.label] = kind


def _installed(label: str) -> bool:
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def _install_default_kinds() -> None:
    register(MemberKind(label=get_user_model()._meta.label_lower, noun=_("member"), content=False))
    if _installed("groups.post"):
        register(PostKind(label="groups.post", noun=_("post")))
        register(ThreadKind(label="groups.thread", noun=_("thread")))
    register(
        SeparationRequestKind(
            label="accounts.separationrequest",
            noun=_("safety request"),
            can_hide=False,
            queue_actions=False,
        )
    )
    if _installed("chat.chatmessage"):
        register(ChatMessageKind(label="chat.chatmessage", noun=_("chat message"), can_hide=False))


def kind_for_label(label: str) -> TargetKind | None:
    if not _KINDS:
        _install_default_kinds()
    return _KINDS.get(label)


def kind_for(obj) -> TargetKind:
    kind = kind_for_label(obj._meta.label_lower)
    if kind is None:
        raise LookupError(f"{obj._meta.label_lower} cannot be moderated")
    return kind


def all_kinds() -> list[TargetKind]:
    if not _KINDS:
        _install_default_kinds()
    return list(_KINDS.values())
