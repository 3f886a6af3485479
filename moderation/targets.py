"""What can be reported and acted on, behind one small interface per kind of target.

The queue is generic (content type + id). Each kind of target says which group it belongs to,
who is responsible for it, how to show it (the stored, sanitised HTML, never the raw source),
and how to hide, unhide, delete or approve it. The app that owns the content declares its kinds
in ``<app>/targets.py`` (``KINDS``), found like the apps' ``privacy.py`` and ``demo.py``, so the
moderation app calls the forum and the chat without importing them.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def small_int(value) -> int | None:
    """A database-sized non-negative integer from a query string, else None (never a 500)."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


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

    # ---- finding a target from what a report link carries --------------------------------
    def find_reported(self, *, user, reference: str, params):
        """The target a report link names (``id=<reference>``, other query ``params``), or
        None. Kinds whose clients know no database id (chat frames) override this and apply
        their own reading rule, answering 404 for anything ``user`` may not read."""
        pk = small_int(reference)
        return self.queryset().filter(pk=pk).first() if pk is not None else None

    def reference_of(self, obj):
        """The ``id`` a report form posts back: the same reference its link carried."""
        return obj.pk

    def report_params_of(self, obj) -> dict[str, str]:
        """Other query parameters the report form posts back (a side room's token)."""
        return {}

    # ---- writes: called by moderation services only, inside their transaction ---------
    def hide(self, obj, *, actor) -> None:
        raise NotImplementedError

    def unhide(self, obj, *, actor) -> None:
        raise NotImplementedError

    def delete(self, obj, *, actor) -> None:
        raise NotImplementedError

    def restore(self, obj, *, actor) -> None:
        """Bring back what :meth:`delete` removed, where the words are still there (a
        rejected post waiting again); kinds whose delete erases the words do not."""
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

    def restore(self, obj, *, actor) -> None:
        obj.removed_at = None
        obj.save(update_fields=["removed_at"])

    def approve(self, obj, *, actor) -> None:
        obj.held_for_review = False
        obj.save(update_fields=["held_for_review"])


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
    """Members, then each app's ``<app>/targets.py`` ``KINDS`` (the forum's posts and
    threads, the chat's messages): the apps that own the content say how it is moderated, so
    this module never imports them."""
    register(MemberKind(label=get_user_model()._meta.label_lower, noun=_("member"), content=False))
    register(
        SeparationRequestKind(
            label="accounts.separationrequest",
            noun=_("safety request"),
            can_hide=False,
            queue_actions=False,
        )
    )
    for config in apps.get_app_configs():
        module_name = f"{config.name}.targets"
        if config.name == __package__ or find_spec(module_name) is None:
            continue
        for kind in getattr(import_module(module_name), "KINDS", ()):
            if _installed(kind.label):
                register(kind)


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
