"""Telling a member the outcome of a decision about them (moderation, the group console), in
calm words, naming no reporter."""

from django.utils.translation import gettext_noop

from .models import Notification
from .notices import Notice, notice
from .services import notification_create

REASON_IN_NOTIFICATION = 160


def _short(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_IN_NOTIFICATION:
        reason = reason[: REASON_IN_NOTIFICATION - 1] + "…"
    return reason


def tell(member, *, text: Notice, group=None, url: str = "") -> None:
    """A moderation outcome for the member it is about. Never names a reporter."""
    if member is None or not member.is_active:
        return
    notification_create(
        recipient=member,
        kind=Notification.Kind.MODERATION,
        text=text,
        url=url,
        group=group,
    )


def with_reason(text: Notice, reason: str) -> Notice:
    reason = _short(reason)
    if not reason:
        return text
    return text + notice(gettext_noop("The reason given: %(reason)s"), reason=reason)
