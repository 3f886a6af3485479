"""Structured sessions: phases, the raised-hand queue, turns and pauses."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation.audit import audit_record

from ..errors import ChatError
from ..models import ChatRoom
from ..permissions import check_can_facilitate_chat
from ..selectors import ChatAccess, active_member_by_pseudonym
from .presence import attendance_sync
from .rooms import broadcast_session, int_in_range, locked_room

MAX_TURN_SECONDS = 3600

SESSION_PHASES = [choice for choice, _label in ChatRoom.Phase.choices]
END_PHASE = "end"


@transaction.atomic
def session_phase_set(*, actor, access: ChatAccess, room: ChatRoom, phase) -> ChatRoom:
    """Move the structured session to ``phase``; ``"end"`` finishes it and clears the queue."""
    check_can_facilitate_chat(access)
    if phase not in [*SESSION_PHASES, END_PHASE]:
        raise ChatError(
            "invalid",
            _("Phase must be one of: %(phases)s.") % {"phases": ", ".join(SESSION_PHASES)},
        )
    room = locked_room(room)
    if phase == END_PHASE:
        room.session_phase = ""
        room.session_queue = []
        room.session_turn = None
        room.session_turn_ends_at = None
        room.session_paused = False
    else:
        room.session_phase = phase
    room.save(
        update_fields=[
            "session_phase",
            "session_queue",
            "session_turn",
            "session_turn_ends_at",
            "session_paused",
        ]
    )
    audit_record(
        actor=actor,
        action="chat.phase",
        target=room,
        group=room.group,
        target_label=f"chat room {room.pk}: {phase}",
    )
    attendance_sync(room=room)
    broadcast_session(room)
    return room


def _check_structured(room: ChatRoom) -> None:
    if not room.session_phase:
        raise ChatError("invalid", _("No structured session is running right now."))


@transaction.atomic
def session_hand(*, access: ChatAccess, room: ChatRoom, raised) -> ChatRoom:
    if not isinstance(raised, bool):
        raise ChatError("invalid", _("'raised' must be true or false."))
    room = locked_room(room)
    _check_structured(room)
    queue = [pk for pk in room.session_queue if pk != access.user_id]
    if raised and room.session_turn_id != access.user_id:
        queue.append(access.user_id)
    if queue != room.session_queue:
        room.session_queue = queue
        room.save(update_fields=["session_queue"])
        broadcast_session(room)
    return room


@transaction.atomic
def session_pass(*, access: ChatAccess, room: ChatRoom) -> ChatRoom:
    """A member passes: they give back their turn, or leave the queue. No reason needed."""
    room = locked_room(room)
    _check_structured(room)
    changed = False
    if room.session_turn_id == access.user_id:
        room.session_turn = None
        room.session_turn_ends_at = None
        changed = True
    if access.user_id in room.session_queue:
        room.session_queue = [pk for pk in room.session_queue if pk != access.user_id]
        changed = True
    if changed:
        room.save(update_fields=["session_turn", "session_turn_ends_at", "session_queue"])
        broadcast_session(room)
    return room


@transaction.atomic
def session_turn_give(
    *, actor, access: ChatAccess, room: ChatRoom, pseudonym, seconds=None
) -> ChatRoom:
    """Give the turn to a member (``None`` ends the current turn), with an optional timer."""
    check_can_facilitate_chat(access)
    if seconds is not None:
        seconds = int_in_range(seconds, low=10, high=MAX_TURN_SECONDS, what=_("Seconds"))
    room = locked_room(room)
    _check_structured(room)
    if pseudonym is None:
        room.session_turn = None
        room.session_turn_ends_at = None
        label = "nobody"
    else:
        membership = active_member_by_pseudonym(group=room.group, pseudonym=pseudonym)
        if membership is None:
            raise ChatError("invalid", _("There is no active member with that name here."))
        room.session_turn = membership.user
        room.session_turn_ends_at = timezone.now() + timedelta(seconds=seconds) if seconds else None
        room.session_queue = [pk for pk in room.session_queue if pk != membership.user_id]
        label = membership.user.username
    room.save(update_fields=["session_turn", "session_turn_ends_at", "session_queue"])
    audit_record(
        actor=actor,
        action="chat.turn",
        target=room,
        group=room.group,
        target_label=f"chat room {room.pk}: turn to {label}",
    )
    broadcast_session(room)
    return room


@transaction.atomic
def session_pause(*, actor, access: ChatAccess, room: ChatRoom, paused=None) -> ChatRoom:
    """Pause or resume the session (toggles when ``paused`` is not given)."""
    check_can_facilitate_chat(access)
    if paused is not None and not isinstance(paused, bool):
        raise ChatError("invalid", _("'paused' must be true or false."))
    room = locked_room(room)
    _check_structured(room)
    room.session_paused = (not room.session_paused) if paused is None else paused
    room.save(update_fields=["session_paused"])
    audit_record(
        actor=actor,
        action="chat.pause" if room.session_paused else "chat.resume",
        target=room,
        group=room.group,
        target_label=f"chat room {room.pk}",
    )
    broadcast_session(room)
    return room
