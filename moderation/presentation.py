"""How a queue item is shown: its target's stored, sanitised HTML folded behind its warning."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from groups.permissions import is_moderator

from .forms import ActionForm
from .models import CATEGORY_LABELS, QueueItem, SafetyAlert
from .targets import TargetKind, kind_for_label


@dataclass
class QueueRow:
    item: QueueItem
    kind: TargetKind | None
    target: object
    html: SafeString
    content_warning: str
    url: str
    notes: list[str] = field(default_factory=list)
    actions: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_content(self) -> bool:
        return bool(self.kind and self.kind.content and self.target is not None)

    @property
    def is_hidden(self) -> bool:
        return bool(self.is_content and self.kind.is_hidden(self.target))

    @property
    def is_held(self) -> bool:
        return bool(self.is_content and self.kind.is_held(self.target))

    @property
    def noun(self) -> str:
        return str(self.kind.noun) if self.kind else ""


def stored_html(kind: TargetKind, target) -> SafeString:
    """The HTML the site stored when the text was written, after the one sanitizer ran.

    Raw member source is never put on a moderation page.
    """
    return mark_safe(kind.html_of(target) or "")  # noqa: S308 - sanitised at write time


#: How much of the reported text the report form quotes.
EXCERPT_CHARS = 280


@dataclass
class Excerpt:
    text: str
    content_warning: str = ""


def reported_excerpt(kind: TargetKind | None, target, *, user) -> Excerpt | None:
    """A short plain-text quote of what is being reported, for the report form.

    Only words ``user`` may read right now (never removed, hidden or someone else's
    one-to-one room); ``check_can_report`` has already refused anything else, and this says
    so again. Never the author's name: an anonymous post stays anonymous.
    """
    if kind is None or not kind.content or target is None:
        return None
    if kind.is_removed(target) or kind.is_hidden(target) or not kind.is_visible(target):
        return None
    if not kind.visible_to(target, user):
        return None
    text = " ".join(strip_tags(kind.html_of(target) or "").split())
    if not text:
        return None
    return Excerpt(
        text=Truncator(text).chars(EXCERPT_CHARS),
        content_warning=kind.content_warning_of(target),
    )


def actions_for(row: QueueRow, *, moderator: bool) -> list[tuple[str, str]]:
    """The decisions that make sense for this item, in the order they are offered."""
    labels = dict(ActionForm.ACTIONS)
    if row.kind is not None and not row.kind.queue_actions:
        return []
    names: list[str] = []
    if row.is_held:
        names += ["approve", "reject"]
    else:
        names.append("dismiss")
        if row.is_content:
            if row.kind.can_hide:
                names.append("unhide" if row.is_hidden else "hide")
            names.append("delete")
    if row.item.subject_id is not None:
        names += ["warn"]
        if row.item.group_id is not None:
            names += ["mute", "remove"]
        if moderator:
            names.append("suspend")
    if not moderator and row.item.escalated_at is None:
        names.append("escalate")
    return [(name, labels[name]) for name in names]


def queue_rows(items, *, user) -> list[QueueRow]:
    moderator = is_moderator(user)
    rows = []
    for item in items:
        kind = kind_for_label(item.content_type.app_label + "." + item.content_type.model)
        target = item.target
        has_content = kind is not None and kind.content and target is not None
        rows.append(
            QueueRow(
                item=item,
                kind=kind,
                target=target,
                html=stored_html(kind, target) if has_content else mark_safe(""),
                content_warning=kind.content_warning_of(target) if has_content else "",
                url=kind.url_of(target) if has_content else "",
                notes=[report.note for report in item.reports.all() if report.note],
            )
        )
        rows[-1].actions = actions_for(rows[-1], moderator=moderator)
    return rows


# ------------------------------------------------------------------ safety alerts

#: Where an alert's source id points, by the alert's source.
ALERT_SOURCE_KINDS = {
    "post": "groups.post",
    "thread": "groups.thread",
    "chat": "chat.chatmessage",
}


@dataclass
class AlertWriting:
    """One piece of writing an alert gathered, as a responder may see it."""

    source: str
    url: str
    created: object
    html: SafeString = field(default_factory=lambda: mark_safe(""))
    content_warning: str = ""
    gone: bool = False  # removed, or erased with its author's account
    private: bool = False  # written in a one-to-one room this responder is not part of


def _writings_of(alert) -> list:
    """The alert's gathered messages; an alert from before they were kept names one source."""
    gathered = list(alert.messages.all())
    if gathered or alert.source not in ALERT_SOURCE_KINDS or not alert.source_id:
        return gathered
    return [alert]


def alert_writings(alerts, *, user) -> None:
    """Attach ``writings`` to each alert: what was written, read from the content itself.

    One query per kind of content for the whole page. The words come from the stored,
    sanitised HTML; content its author removed, or that sits in someone else's one-to-one
    room, is named but not shown.
    """
    wanted: dict[str, set[int]] = {}
    for alert in alerts:
        for item in _writings_of(alert):
            if item.source in ALERT_SOURCE_KINDS and str(item.source_id).isdigit():
                wanted.setdefault(item.source, set()).add(int(item.source_id))
    found: dict[tuple[str, int], object] = {}
    for source, ids in wanted.items():
        kind = kind_for_label(ALERT_SOURCE_KINDS[source])
        if kind is None:
            continue
        for obj in kind.queryset().filter(pk__in=ids):
            found[(source, obj.pk)] = obj
    for alert in alerts:
        alert.writings = []
        for item in _writings_of(alert):
            key = (item.source, int(item.source_id)) if str(item.source_id).isdigit() else None
            target = found.get(key) if key else None
            writing = AlertWriting(
                source=item.source,
                url=item.source_url,
                created=getattr(item, "created_at", None),
            )
            kind = kind_for_label(ALERT_SOURCE_KINDS.get(item.source, ""))
            if target is None or kind is None or kind.is_removed(target):
                writing.gone = True
            elif not kind.visible_to(target, user):
                writing.private = True
            else:
                writing.html = stored_html(kind, target)
                writing.content_warning = kind.content_warning_of(target)
            alert.writings.append(writing)


def banner_strings() -> dict:
    """The words the banner script shows for live alerts, translated on the server (the
    script has no catalogue); the same sentences as ``safety_banner_alert.html``."""
    return {
        "levels": {value: str(label) for value, label in SafetyAlert.Level.choices},
        "categories": {key: str(label) for key, label in CATEGORY_LABELS.items()},
        "needsSupportIn": _("%(name)s may need support in %(group)s."),
        "needsSupport": _("%(name)s may need support."),
        "count": _("Messages so far: %(count)s"),
        "open": _("Go to the message"),
        "acknowledge": _("I'm checking in"),
        "details": _("Details"),
        "acknowledged": _("Acknowledged. Thank you for checking in."),
    }
