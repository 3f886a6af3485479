"""Retention: each group's chat history is kept only as long as the group chose."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from groups.models import SupportGroup

from ..models import ChatMessage, ChatRoom, GroupSession

RETENTION_DAYS = 30


def _last_session_end(group: SupportGroup, now):
    """When the most recent finished occurrence of the group's sessions ended, if any."""
    latest = None
    for session in GroupSession.objects.filter(group=group, starts_at__lt=now):
        if session.cancelled_at is not None and session.cancelled_at <= session.starts_at:
            continue
        last_start = session.starts_at
        if session.recurrence == GroupSession.Recurrence.WEEKLY:
            weeks = max(0, (now - session.duration - session.starts_at) // timedelta(days=7))
            last_start = session.starts_at + weeks * timedelta(days=7)
            while session.repeat_until and last_start.date() > session.repeat_until:
                last_start -= timedelta(days=7)
        end = last_start + session.duration
        if end <= now and (latest is None or end > latest):
            latest = end
    return latest


def chat_purge(*, now=None) -> dict[str, int]:
    """Enforce each group's chat retention; returns how many messages went, per policy."""
    now = now or timezone.now()
    removed = {"30_days": 0, "session_end": 0, "side_rooms": 0}
    retention = SupportGroup.ChatRetention
    for group in SupportGroup.objects.exclude(chat_retention=retention.KEEP):
        if group.chat_retention == retention.DAYS_30:
            cutoff = now - timedelta(days=RETENTION_DAYS)
        else:
            cutoff = _last_session_end(group, now)
            if cutoff is None:
                continue
        with transaction.atomic():
            count, _detail = ChatMessage.objects.filter(
                room__group=group, created_at__lt=cutoff
            ).delete()
            removed[group.chat_retention] += count
            side_rooms, _detail = ChatRoom.objects.filter(
                group=group, kind=ChatRoom.Kind.SIDE, closed_at__lt=cutoff
            ).delete()
            removed["side_rooms"] += side_rooms
    return removed
