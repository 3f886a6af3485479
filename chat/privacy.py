"""Chat: the member's own messages and RSVPs. On deletion every message goes (CASCADE on the
author) and the rooms that show them are told to take them away at once."""

from community import realtime

from .models import ChatMessage, SessionRSVP

ORDER = 30


def export_sections(user):
    yield (
        "chat_messages",
        (
            {
                "group": m.room.group.name,
                "room": "one-to-one check-in" if m.room.is_side else "group room",
                "id": m.seq,
                "body": m.body,
                "created_at": m.created_at,
                "edited_at": m.edited_at,
                "removed": m.removed_at is not None,
            }
            for m in ChatMessage.objects.filter(author=user)
            .select_related("room__group")
            .order_by("created_at", "pk")
            .iterator(chunk_size=500)
        ),
    )
    yield (
        "session_rsvps",
        (
            {
                "group": r.session.group.name,
                "session_id": r.session_id,
                "occurrence_start": r.occurrence_start,
                "response": r.response,
            }
            for r in SessionRSVP.objects.filter(user=user)
            .select_related("session__group")
            .order_by("occurrence_start", "pk")
            .iterator(chunk_size=200)
        ),
    )


def erase(user, posts_mode):
    """Chat messages are always erased, whatever is chosen for forum posts."""
    shown = ChatMessage.objects.filter(author=user, removed_at__isnull=True)
    for room_id, seq in shown.values_list("room_id", "seq").iterator(chunk_size=1000):
        realtime.room_frame_on_commit(room_id=room_id, frame=realtime.removed_frame(seq=seq))
    ChatMessage.objects.filter(author=user).delete()
