"""How a queue item is shown: its target's stored, sanitised HTML folded behind its warning."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from groups.permissions import is_moderator

from .forms import ActionForm
from .models import QueueItem
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
