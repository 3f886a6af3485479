"""Writes for the chat, by sub-domain. The consumer relays frames; these functions decide.

Every write runs in a transaction and broadcasts after commit through ``community.realtime``:
a message is stored before anyone is told about it, and nothing is told when the write rolls
back. The consumer passes the ``ChatAccess`` it cached at connect, so a message costs no
permission query. Facilitator actions write the audit log. Nothing logs what members wrote.

* ``messages``: post, edit, delete, remove
* ``facilitation``: mute, slow mode, lock, check-in requests
* ``structured``: phases, hands, turns, pauses
* ``side_rooms``: one-to-one rooms
* ``presence``: connections, presence and attendance
* ``schedule``: sessions, RSVPs, calendar tokens, reminders
* ``retention``: purging old messages
"""

from ..errors import ChatError
from .facilitation import checkin_request, member_mute, room_lock, room_slow_mode
from .messages import (
    CLIENT_ID_MAX_LENGTH,
    PostResult,
    message_delete,
    message_edit,
    message_erase,
    message_input_check,
    message_pace_give_back,
    message_pace_take,
    message_post,
    message_remove,
)
from .presence import attendance_sync, connection_close, connection_open
from .retention import chat_purge
from .schedule import (
    calendar_token_reset,
    calendar_token_revoke,
    session_cancel,
    session_create,
    session_reminders_send,
    session_rsvp,
)
from .side_rooms import side_room_close, side_room_open
from .structured import (
    END_PHASE,
    SESSION_PHASES,
    session_hand,
    session_pass,
    session_pause,
    session_phase_set,
    session_turn_give,
)

__all__ = [
    "CLIENT_ID_MAX_LENGTH",
    "END_PHASE",
    "SESSION_PHASES",
    "ChatError",
    "PostResult",
    "attendance_sync",
    "calendar_token_reset",
    "calendar_token_revoke",
    "chat_purge",
    "checkin_request",
    "connection_close",
    "connection_open",
    "member_mute",
    "message_delete",
    "message_edit",
    "message_erase",
    "message_input_check",
    "message_pace_give_back",
    "message_pace_take",
    "message_post",
    "message_remove",
    "room_lock",
    "room_slow_mode",
    "session_cancel",
    "session_create",
    "session_hand",
    "session_pass",
    "session_pause",
    "session_phase_set",
    "session_reminders_send",
    "session_rsvp",
    "session_turn_give",
    "side_room_close",
    "side_room_open",
]
