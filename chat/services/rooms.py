"""What every chat write shares: the room row lock, input ranges and the room broadcasts."""

from django.utils.translation import gettext as _

from community import realtime

from ..errors import ChatError
from ..models import ChatRoom
from ..selectors import present_pseudonyms, session_frame


def locked_room(room: ChatRoom) -> ChatRoom:
    """The room row, locked until commit (PostgreSQL; SQLite serialises writers anyway)."""
    return ChatRoom.objects.select_related("group").select_for_update(of=("self",)).get(pk=room.pk)


def message_url(room: ChatRoom, seq: int) -> str:
    """Straight to the message (the chat page highlights ``#m-<seq>`` once it has loaded)."""
    query = f"?room={room.token}" if room.is_side else ""
    return f"/groups/{room.group.slug}/chat/{query}#m-{seq}"


def int_in_range(value, *, low: int, high: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ChatError(
            "invalid",
            _("%(what)s must be a whole number from %(low)s to %(high)s.")
            % {"what": what, "low": low, "high": high},
        )
    return value


def broadcast_room_state(room: ChatRoom) -> None:
    realtime.room_state_on_commit(
        room_id=room.pk, locked=room.locked, slow_mode=room.slow_mode_seconds
    )


def broadcast_session(room: ChatRoom) -> None:
    realtime.room_frame_on_commit(room_id=room.pk, frame=session_frame(room))


def broadcast_presence(room: ChatRoom) -> None:
    realtime.room_frame_on_commit(
        room_id=room.pk, frame=realtime.presence_frame(members=present_pseudonyms(room))
    )
