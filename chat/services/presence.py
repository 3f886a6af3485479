"""Who is in a room: connections (one row per open socket), presence and attendance."""

from django.db import transaction
from django.utils import timezone

from ..models import ChatConnection, ChatRoom, SessionAttendance
from ..selectors import occurrence_in_progress
from .rooms import broadcast_presence


def attendance_sync(*, room: ChatRoom, now=None) -> None:
    """Write who is in the room during the current occurrence: arrivals and departures."""
    if room.is_side:
        return
    occurrence = occurrence_in_progress(room.group, now=now)
    if occurrence is None:
        return
    now = now or timezone.now()
    present = set(ChatConnection.objects.filter(room=room).values_list("user_id", flat=True))
    rows = {
        row.user_id: row
        for row in SessionAttendance.objects.filter(
            session=occurrence.session, occurrence_start=occurrence.start
        )
    }
    for user_id in present - rows.keys():
        SessionAttendance.objects.get_or_create(
            session=occurrence.session,
            occurrence_start=occurrence.start,
            user_id=user_id,
            defaults={"joined_at": now},
        )
    for user_id, row in rows.items():
        if user_id in present and row.left_at is not None:
            row.left_at = None
            row.save(update_fields=["left_at"])
        elif user_id not in present and row.left_at is None:
            row.left_at = now
            row.save(update_fields=["left_at"])


@transaction.atomic
def connection_open(*, room: ChatRoom, user_id: int, channel_name: str) -> None:
    ChatConnection.objects.update_or_create(
        channel_name=channel_name, defaults={"room": room, "user_id": user_id}
    )
    attendance_sync(room=room)
    broadcast_presence(room)


@transaction.atomic
def connection_close(*, room: ChatRoom, channel_name: str) -> None:
    ChatConnection.objects.filter(channel_name=channel_name).delete()
    attendance_sync(room=room)
    broadcast_presence(room)
