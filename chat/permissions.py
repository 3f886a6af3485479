"""Who may do what in a chat room, read from the ``ChatAccess`` cached at connect.

``check_*`` raise :class:`chat.errors.ChatError`, which the member sees as an ``error``
frame; the connection stays open. Membership itself (who may enter at all) is the groups
app's rule, applied once in :func:`chat.selectors.chat_access_for`.
"""

from django.utils.translation import gettext as _

from .errors import ChatError
from .models import ChatRoom
from .selectors import ChatAccess


def can_facilitate_chat(access: ChatAccess) -> bool:
    return access.can_facilitate


def check_can_facilitate_chat(access: ChatAccess) -> None:
    if not can_facilitate_chat(access):
        raise ChatError("invalid", _("Only the group's facilitators can do that."))


def check_can_send(access: ChatAccess, room: ChatRoom, *, schedule_open: bool) -> None:
    if not access.allowed:
        raise ChatError("invalid", _("You cannot send messages here."))
    if access.can_facilitate or room.is_side:
        return
    if not access.rules_accepted:
        raise ChatError(
            "locked", _("Please read and accept the group's updated ground rules first.")
        )
    if access.is_muted():
        raise ChatError(
            "muted",
            _("A facilitator has paused your messages for a little while. You can still read."),
        )
    if room.locked or not schedule_open:
        raise ChatError(
            "locked", _("The room is closed for new messages right now. You can still read.")
        )
    if room.session_paused:
        raise ChatError("locked", _("The session is paused for a moment."))


def check_can_edit_message(access: ChatAccess, room: ChatRoom) -> None:
    """Editing needs the same voice as writing, except in a one-to-one room."""
    if not access.allowed or (access.is_muted() and not room.is_side):
        raise ChatError("muted", _("You cannot edit messages while your messages are paused."))


def check_is_author(access: ChatAccess, message, *, action: str) -> None:
    if message.author_id != access.user_id:
        if action == "edit":
            raise ChatError("invalid", _("You can only edit your own messages."))
        raise ChatError("invalid", _("You can only delete your own messages."))
