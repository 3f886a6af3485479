"""Writes for the chat. The consumer relays frames; these functions decide.

Every write runs in a transaction and broadcasts from ``transaction.on_commit``: a message is
stored before anyone is told about it, and nothing is told when the write rolls back. The
consumer passes the ``ChatAccess`` it cached at connect, so a message costs no permission query.
Facilitator actions write the audit log here. Nothing in this module logs what members wrote.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.accounts.selectors import kept_apart_ids
from community.sanitize import render_plain
from community.textcheck import UNSTORABLE_MESSAGE, has_unstorable_characters
from groups.models import Membership, SupportGroup
from groups.permissions import check_can_facilitate, check_can_view_group_content
from groups.selectors import membership_for
from moderation.audit import audit_record
from moderation.models import SafetyAlert
from moderation.safety import crisis_check_and_alert, moderators
from moderation.services import moderation_after_save, watched_words_screen
from notifications.models import Notification
from notifications.notices import notice
from notifications.services import notification_create

from .models import (
    MESSAGE_MAX_LENGTH,
    CalendarToken,
    ChatConnection,
    ChatMessage,
    ChatRoom,
    GroupSession,
    SessionAttendance,
    SessionReminder,
    SessionRSVP,
    room_group_name,
    user_group_name,
)
from .selectors import (
    ChatAccess,
    active_member_by_pseudonym,
    message_frame,
    occurrence_for,
    occurrence_in_progress,
    occurrences_of,
    present_pseudonyms,
    session_frame,
)

logger = logging.getLogger(__name__)

MAX_MUTE_MINUTES = 7 * 24 * 60
MAX_SLOW_MODE_SECONDS = 3600
MAX_TURN_SECONDS = 3600
CHECKIN_THROTTLE_SECONDS = 600
CLOSE_NOT_ALLOWED = 4403


class ChatError(Exception):
    """A refusal the member sees as an ``error`` frame; the connection stays open."""

    def __init__(self, code: str, detail: str):
        super().__init__(code)
        self.code = code
        self.detail = detail

    def as_frame(self) -> dict:
        return {"type": "error", "code": self.code, "detail": self.detail}


# --- broadcasting ---------------------------------------------------------------------------


def _send_now(group_name: str, event: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group_name, event)
    except Exception:
        # The stored row is the record; clients catch up with ``resume``.
        logger.warning("chat broadcast to %s failed", group_name, exc_info=True)


def send_on_commit(group_name: str, event: dict) -> None:
    transaction.on_commit(lambda: _send_now(group_name, event))


def disconnect_member(*, user_id: int, group_id: int | None = None) -> None:
    """Close the member's chat connections at once (in one group, or everywhere).

    Called when a member is removed from a group, suspended, or deletes their account. Runs
    after the caller's transaction commits, so a reconnect already sees the new state.
    """
    send_on_commit(
        user_group_name(user_id),
        {"type": "chat.close", "group_id": group_id, "code": CLOSE_NOT_ALLOWED},
    )


def access_changed(*, user_id: int, group_id: int, notice: dict | None = None) -> None:
    """Tell the member's open connections to reload their cached permissions."""
    send_on_commit(
        user_group_name(user_id),
        {"type": "chat.access_changed", "group_id": group_id, "notice": notice},
    )


def _room_state_event(room: ChatRoom) -> dict:
    return {"type": "chat.room_state", "locked": room.locked, "slow_mode": room.slow_mode_seconds}


def _broadcast_session(room: ChatRoom) -> None:
    send_on_commit(room.channel_group, {"type": "chat.frame", "frame": session_frame(room)})


# --- checks ---------------------------------------------------------------------------------


def check_can_facilitate_chat(access: ChatAccess) -> None:
    if not access.can_facilitate:
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


def _validated_body(body) -> str:
    if not isinstance(body, str):
        raise ChatError("invalid", _("A message needs a text body."))
    if has_unstorable_characters(body):
        # JSON can carry NUL and lone surrogates; no database stores them as typed.
        raise ChatError("invalid", str(UNSTORABLE_MESSAGE))
    if not body.strip():
        raise ChatError("empty", _("The message is empty."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ChatError(
            "too_long",
            _("Messages can be up to %(limit)s characters. Try splitting it in two.")
            % {"limit": MESSAGE_MAX_LENGTH},
        )
    return body


def _check_pace(*, access: ChatAccess, room: ChatRoom, now) -> None:
    # The per-member limit is settings.CHAT_RATE_LIMIT_COUNT messages in
    # CHAT_RATE_LIMIT_SECONDS (5 in 5 s); 0 turns it off, which only ``make bench`` does, to
    # measure the chat's capacity rather than the policy.
    limit = settings.CHAT_RATE_LIMIT_COUNT
    slow_mode = bool(room.slow_mode_seconds and not access.can_facilitate)
    if not limit and not slow_mode:
        return
    recent = list(
        ChatMessage.objects.filter(room=room, author_id=access.user_id)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: max(limit, 1)]
    )
    window = timedelta(seconds=settings.CHAT_RATE_LIMIT_SECONDS)
    if limit and len(recent) >= limit and recent[-1] > now - window:
        raise ChatError("rate_limited", _("That was quick. Please wait a few seconds."))
    if room.slow_mode_seconds and not access.can_facilitate and recent:
        wait = recent[0] + timedelta(seconds=room.slow_mode_seconds) - now
        if wait > timedelta(0):
            raise ChatError(
                "rate_limited",
                _("Slow mode is on. You can send again in %(seconds)s seconds.")
                % {"seconds": int(wait.total_seconds()) + 1},
            )


def _locked_room(room: ChatRoom) -> ChatRoom:
    """The room row, locked until commit (PostgreSQL; SQLite serialises writers anyway)."""
    return ChatRoom.objects.select_related("group").select_for_update(of=("self",)).get(pk=room.pk)


def _message_url(room: ChatRoom, seq: int) -> str:
    return f"/groups/{room.group.slug}/chat/#m-{seq}"


# --- messages -------------------------------------------------------------------------------


@dataclass
class PostResult:
    frame: dict
    created: bool
    crisis: bool


def message_post(
    *,
    author,
    access: ChatAccess,
    room: ChatRoom,
    body,
    client_id,
    schedule_open: bool = True,
) -> PostResult:
    """Store a message and broadcast it after commit; a repeated ``client_id`` returns the first.

    The room row is locked while the next ``seq`` is taken, so ids grow without gaps or
    duplicates even with several daphne processes writing to one room.
    """
    body = _validated_body(body)
    verdict = _watched_words(body)
    if not isinstance(client_id, str) or not 0 < len(client_id) <= 64:
        raise ChatError("invalid", _("A message needs a client_id of up to 64 characters."))
    with transaction.atomic():
        room = _locked_room(room)
        existing = (
            ChatMessage.objects.filter(room=room, author_id=access.user_id, client_id=client_id)
            .only("seq", "client_id", "html", "created_at", "edited_at", "removed_at")
            .first()
        )
        if existing is not None:
            frame = message_frame(existing, author_name=access.pseudonym)
            if existing.is_removed:
                frame = {"type": "removed", "id": existing.seq}
            return PostResult(frame=frame, created=False, crisis=False)
        check_can_send(access, room, schedule_open=schedule_open)
        now = timezone.now()
        _check_pace(access=access, room=room, now=now)
        room.last_seq += 1
        room.save(update_fields=["last_seq"])
        message = ChatMessage.objects.create(
            room=room,
            seq=room.last_seq,
            author=author,
            client_id=client_id,
            body=body,
            html=render_plain(body),
            created_at=now,
        )
        frame = message_frame(message, author_name=access.pseudonym)
        moderation_after_save(target=message, held=False, verdict=verdict)
        crisis = crisis_check_and_alert(
            author=author,
            text=body,
            group=room.group,
            source=SafetyAlert.Source.CHAT,
            source_id=str(message.pk),
            source_url=_message_url(room, message.seq),
        )
        send_on_commit(
            room.channel_group, {"type": "chat.message", "seq": message.seq, "frame": frame}
        )
    return PostResult(frame=frame, created=True, crisis=crisis)


def _message_in_room(room: ChatRoom, seq) -> ChatMessage:
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise ChatError("invalid", _("That message id is not valid."))
    message = ChatMessage.objects.filter(room=room, seq=seq, removed_at__isnull=True).first()
    if message is None:
        raise ChatError("invalid", _("That message is no longer here."))
    return message


@transaction.atomic
def message_edit(*, author, access: ChatAccess, room: ChatRoom, seq, body) -> bool:
    """Edit one's own message; the new text goes through the sanitizer and crisis detector."""
    body = _validated_body(body)
    message = _message_in_room(room, seq)
    if message.author_id != access.user_id:
        raise ChatError("invalid", _("You can only edit your own messages."))
    verdict = _watched_words(body)
    if not access.allowed or (access.is_muted() and not room.is_side):
        raise ChatError("muted", _("You cannot edit messages while your messages are paused."))
    message.body = body
    message.html = render_plain(body)
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "html", "edited_at"])
    moderation_after_save(target=message, held=False, verdict=verdict)
    crisis = crisis_check_and_alert(
        author=author,
        text=body,
        group=room.group,
        source=SafetyAlert.Source.CHAT,
        source_id=str(message.pk),
        source_url=_message_url(room, message.seq),
    )
    send_on_commit(
        room.channel_group,
        {
            "type": "chat.frame",
            "frame": {
                "type": "edited",
                "id": message.seq,
                "html": message.html,
                "edited": message.edited_at.isoformat(),
            },
        },
    )
    return crisis


def _watched_words(body: str):
    """Watched words: "block" refuses the message. Chat cannot wait for an approval, so a
    "hold" word refuses it too, with a pointer to the forum; "flag" opens a queue item."""
    try:
        verdict = watched_words_screen(text=body)
    except ValidationError as error:
        raise ChatError("invalid", " ".join(error.messages)) from None
    if verdict.held:
        raise ChatError(
            "invalid",
            _(
                "This message needs a facilitator's approval before others see it, and chat "
                "messages cannot wait for one. You could post it in the group's forum instead."
            ),
        )
    return verdict


def message_erase(*, message: ChatMessage) -> None:
    """Erase a message for everyone; the moderation services call this after their checks."""
    _erase(message)


def _erase(message: ChatMessage) -> None:
    """Removed messages keep their ``seq`` (ids stay monotonic) but lose their words."""
    message.body = ""
    message.html = ""
    message.removed_at = timezone.now()
    message.save(update_fields=["body", "html", "removed_at"])
    send_on_commit(
        room_group_name(message.room_id),
        {"type": "chat.frame", "frame": {"type": "removed", "id": message.seq}},
    )


@transaction.atomic
def message_delete(*, access: ChatAccess, room: ChatRoom, seq) -> None:
    message = _message_in_room(room, seq)
    if message.author_id != access.user_id:
        raise ChatError("invalid", _("You can only delete your own messages."))
    _erase(message)


@transaction.atomic
def message_remove(*, actor, access: ChatAccess, room: ChatRoom, seq) -> None:
    """A facilitator takes a message out of the room for everyone."""
    check_can_facilitate_chat(access)
    message = _message_in_room(room, seq)
    _erase(message)
    audit_record(
        actor=actor,
        action="chat.remove",
        target=message,
        group=room.group,
        target_label=f"chat message {message.seq} by {message.author.username}",
    )


# --- facilitator tools ----------------------------------------------------------------------


def _int_in_range(value, *, low: int, high: int, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ChatError(
            "invalid",
            _("%(what)s must be a whole number from %(low)s to %(high)s.")
            % {"what": what, "low": low, "high": high},
        )
    return value


@transaction.atomic
def member_mute(*, actor, access: ChatAccess, group: SupportGroup, pseudonym, minutes) -> None:
    """Pause a member's messages for ``minutes`` (0 lifts it). They can still read."""
    check_can_facilitate_chat(access)
    minutes = _int_in_range(minutes, low=0, high=MAX_MUTE_MINUTES, what=_("Minutes"))
    membership = active_member_by_pseudonym(group=group, pseudonym=pseudonym)
    if membership is None:
        raise ChatError("invalid", _("There is no active member with that name here."))
    if membership.role == Membership.Role.FACILITATOR or membership.user.has_moderator_role:
        raise ChatError("invalid", _("Facilitators and moderators cannot be muted."))
    now = timezone.now()
    membership.muted_until = now + timedelta(minutes=minutes) if minutes else None
    membership.save(update_fields=["muted_until", "updated_at"])
    audit_record(
        actor=actor,
        action="chat.mute" if minutes else "chat.unmute",
        target=membership,
        group=group,
        target_label=f"{membership.user.username} for {minutes} minutes",
    )
    if minutes:
        notice = {
            "type": "notice",
            "code": "muted",
            "detail": _(
                "A facilitator has paused your messages for %(minutes)s minutes. You can still "
                "read along, and you can ask for a check-in at any time."
            )
            % {"minutes": minutes},
        }
    else:
        notice = {
            "type": "notice",
            "code": "unmuted",
            "detail": _("You can send messages again."),
        }
    access_changed(user_id=membership.user_id, group_id=group.pk, notice=notice)


@transaction.atomic
def room_slow_mode(*, actor, access: ChatAccess, room: ChatRoom, seconds) -> ChatRoom:
    check_can_facilitate_chat(access)
    seconds = _int_in_range(seconds, low=0, high=MAX_SLOW_MODE_SECONDS, what=_("Seconds"))
    room = _locked_room(room)
    room.slow_mode_seconds = seconds
    room.save(update_fields=["slow_mode_seconds"])
    audit_record(
        actor=actor,
        action="chat.slow_mode",
        target=room,
        group=room.group,
        target_label=f"chat room {room.pk}: {seconds} seconds",
    )
    send_on_commit(room.channel_group, _room_state_event(room))
    return room


@transaction.atomic
def room_lock(*, actor, access: ChatAccess, room: ChatRoom, locked: bool) -> ChatRoom:
    check_can_facilitate_chat(access)
    room = _locked_room(room)
    room.locked = locked
    room.save(update_fields=["locked"])
    audit_record(
        actor=actor,
        action="chat.lock" if locked else "chat.unlock",
        target=room,
        group=room.group,
        target_label=f"chat room {room.pk}",
    )
    send_on_commit(room.channel_group, _room_state_event(room))
    return room


def checkin_request(*, user, access: ChatAccess, group: SupportGroup) -> bool:
    """Privately ask the facilitators for a one-to-one check-in.

    Returns False when the same member asked in the last few minutes (the first request is
    still with the facilitators; a second would only add noise to their alerts).
    """
    if not cache.add(f"chat:checkin:{group.pk}:{user.pk}", 1, CHECKIN_THROTTLE_SECONDS):
        return False
    with transaction.atomic():
        responders = {
            m.user_id: m.user
            for m in Membership.objects.facilitators().filter(group=group).select_related("user")
        }
        if not responders:
            responders = {u.pk: u for u in moderators()}
        text = notice(
            gettext_noop(
                "%(name)s would like a one-to-one check-in in %(group)s. "
                "A short private message to ask how they are is a good next step."
            ),
            name=access.pseudonym,
            group=group.name,
        )
        for responder in responders.values():
            if responder.pk == user.pk:
                continue
            notification_create(
                recipient=responder,
                kind=Notification.Kind.CHECKIN_REQUEST,
                text=text,
                url=f"/groups/{group.slug}/chat/",
                group=group,
                priority=Notification.Priority.HIGH,
            )
    return True


# --- structured sessions --------------------------------------------------------------------

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
    room = _locked_room(room)
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
    _broadcast_session(room)
    return room


def _check_structured(room: ChatRoom) -> None:
    if not room.session_phase:
        raise ChatError("invalid", _("No structured session is running right now."))


@transaction.atomic
def session_hand(*, access: ChatAccess, room: ChatRoom, raised) -> ChatRoom:
    if not isinstance(raised, bool):
        raise ChatError("invalid", _("'raised' must be true or false."))
    room = _locked_room(room)
    _check_structured(room)
    queue = [pk for pk in room.session_queue if pk != access.user_id]
    if raised and room.session_turn_id != access.user_id:
        queue.append(access.user_id)
    if queue != room.session_queue:
        room.session_queue = queue
        room.save(update_fields=["session_queue"])
        _broadcast_session(room)
    return room


@transaction.atomic
def session_pass(*, access: ChatAccess, room: ChatRoom) -> ChatRoom:
    """A member passes: they give back their turn, or leave the queue. No reason needed."""
    room = _locked_room(room)
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
        _broadcast_session(room)
    return room


@transaction.atomic
def session_turn_give(
    *, actor, access: ChatAccess, room: ChatRoom, pseudonym, seconds=None
) -> ChatRoom:
    """Give the turn to a member (``None`` ends the current turn), with an optional timer."""
    check_can_facilitate_chat(access)
    if seconds is not None:
        seconds = _int_in_range(seconds, low=10, high=MAX_TURN_SECONDS, what=_("Seconds"))
    room = _locked_room(room)
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
    _broadcast_session(room)
    return room


@transaction.atomic
def session_pause(*, actor, access: ChatAccess, room: ChatRoom, paused=None) -> ChatRoom:
    """Pause or resume the session (toggles when ``paused`` is not given)."""
    check_can_facilitate_chat(access)
    if paused is not None and not isinstance(paused, bool):
        raise ChatError("invalid", _("'paused' must be true or false."))
    room = _locked_room(room)
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
    _broadcast_session(room)
    return room


# --- side rooms -----------------------------------------------------------------------------


@transaction.atomic
def side_room_open(*, actor, access: ChatAccess, group: SupportGroup, pseudonym) -> ChatRoom:
    """A facilitator takes one member into a private room for a one-to-one check-in."""
    check_can_facilitate_chat(access)
    membership = active_member_by_pseudonym(group=group, pseudonym=pseudonym)
    if membership is None or membership.user_id == actor.pk:
        raise ChatError("invalid", _("There is no other active member with that name here."))
    if membership.user_id in kept_apart_ids(actor):
        # A private keep-apart wish (either way): never seat the two together, and say why
        # in words that name nobody's wish.
        raise ChatError(
            "invalid",
            _("A one-to-one check-in with this member is not available. ")
            + _("Another facilitator or a moderator can help."),
        )
    room = ChatRoom.objects.create(
        group=group,
        kind=ChatRoom.Kind.SIDE,
        side_facilitator=actor,
        side_member=membership.user,
    )
    audit_record(
        actor=actor,
        action="chat.side_room",
        target=room,
        group=group,
        target_label=f"one-to-one check-in with {membership.user.username}",
    )
    for user_id, other in (
        (actor.pk, membership.user.username),
        (membership.user_id, actor.username),
    ):
        send_on_commit(
            user_group_name(user_id),
            {
                "type": "chat.side_room",
                "group_id": group.pk,
                "frame": {"type": "side_room", "room": room.token, "with": other},
            },
        )
    return room


@transaction.atomic
def side_room_close(*, user, room: ChatRoom) -> None:
    room = _locked_room(room)
    if room.closed_at is not None:
        return
    room.closed_at = timezone.now()
    room.save(update_fields=["closed_at"])
    send_on_commit(
        room.channel_group,
        {
            "type": "chat.room_closed",
            "frame": {"type": "side_room", "room": room.token, "closed": True},
        },
    )


# --- presence and attendance ----------------------------------------------------------------


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


def _broadcast_presence(room: ChatRoom) -> None:
    send_on_commit(
        room.channel_group,
        {"type": "chat.frame", "frame": {"type": "presence", "members": present_pseudonyms(room)}},
    )


@transaction.atomic
def connection_open(*, room: ChatRoom, user_id: int, channel_name: str) -> None:
    ChatConnection.objects.update_or_create(
        channel_name=channel_name, defaults={"room": room, "user_id": user_id}
    )
    attendance_sync(room=room)
    _broadcast_presence(room)


@transaction.atomic
def connection_close(*, room: ChatRoom, channel_name: str) -> None:
    ChatConnection.objects.filter(channel_name=channel_name).delete()
    attendance_sync(room=room)
    _broadcast_presence(room)


# --- scheduled sessions ---------------------------------------------------------------------


def _schedule_changed(group: SupportGroup) -> None:
    """Open chat connections re-read when a "sessions only" room opens."""
    room = ChatRoom.objects.filter(group=group, kind=ChatRoom.Kind.MAIN).first()
    if room is not None:
        send_on_commit(room.channel_group, {"type": "chat.schedule_changed"})


def _when(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _sessions_url(group: SupportGroup) -> str:
    return f"/groups/{group.slug}/sessions/"


@transaction.atomic
def session_create(
    *,
    actor,
    group: SupportGroup,
    title: str,
    starts_at,
    duration_minutes: int,
    recurrence: str = GroupSession.Recurrence.NONE,
    repeat_until=None,
    agenda: str = "",
) -> GroupSession:
    """A facilitator schedules a session; the group's members are told after commit."""
    check_can_facilitate(actor, membership_for(user=actor, group=group))
    session = GroupSession.objects.create(
        group=group,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        recurrence=recurrence,
        repeat_until=repeat_until if recurrence == GroupSession.Recurrence.WEEKLY else None,
        agenda=agenda,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="session.create",
        target=session,
        group=group,
        target_label=f"session {session.pk} at {_when(starts_at)}",
    )
    text = notice(
        gettext_noop("A new session is scheduled in %(group)s, starting %(when)s."),
        group=group.name,
        when=_when(starts_at),
    )
    for membership in (
        Membership.objects.active().filter(group=group).exclude(user=actor).select_related("user")
    ):
        notification_create(
            recipient=membership.user,
            kind=Notification.Kind.NEW_SESSION,
            text=text,
            url=_sessions_url(group),
            group=group,
        )
    _schedule_changed(group)
    return session


@transaction.atomic
def session_cancel(*, actor, session: GroupSession) -> GroupSession:
    group = session.group
    check_can_facilitate(actor, membership_for(user=actor, group=group))
    if session.cancelled_at is None:
        session.cancelled_at = timezone.now()
        session.save(update_fields=["cancelled_at"])
        audit_record(
            actor=actor,
            action="session.cancel",
            target=session,
            group=group,
            target_label=f"session {session.pk}",
        )
        _schedule_changed(group)
    return session


@transaction.atomic
def session_rsvp(*, user, session: GroupSession, occurrence_start, response: str) -> SessionRSVP:
    check_can_view_group_content(user, membership_for(user=user, group=session.group))
    if response not in SessionRSVP.Response.values:
        raise ValidationError(_("Please choose whether you will come."))
    if occurrence_for(session, start=occurrence_start) is None:
        raise ValidationError(_("That session time is not on the schedule."))
    rsvp, _created = SessionRSVP.objects.update_or_create(
        session=session,
        occurrence_start=occurrence_start,
        user=user,
        defaults={"response": response},
    )
    return rsvp


@transaction.atomic
def calendar_token_reset(*, user, group: SupportGroup) -> CalendarToken:
    """A new private feed address; any earlier one stops working at once."""
    check_can_view_group_content(user, membership_for(user=user, group=group))
    CalendarToken.objects.filter(user=user, group=group, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarToken.objects.create(user=user, group=group)


@transaction.atomic
def calendar_token_revoke(*, user, group: SupportGroup) -> int:
    return CalendarToken.objects.filter(user=user, group=group, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def session_reminders_send(*, now=None, within: timedelta = timedelta(hours=1)) -> int:
    """Remind members of occurrences starting within ``within``; one reminder per member each.

    Idempotent: a ``SessionReminder`` row per member per occurrence is taken before the
    notification is written, in the same transaction, so a second run (or two crons at once)
    sends nothing twice. Members who said they cannot come are not reminded.
    """
    now = now or timezone.now()
    sent = 0
    sessions = GroupSession.objects.filter(
        cancelled_at__isnull=True, starts_at__lt=now + within
    ).select_related("group")
    for session in sessions:
        for occurrence in occurrences_of(session, start=now, end=now + within):
            if occurrence.start < now:
                continue
            sent += _remind_occurrence(occurrence)
    return sent


@transaction.atomic
def _remind_occurrence(occurrence) -> int:
    session = occurrence.session
    group = session.group
    declined = set(
        SessionRSVP.objects.filter(
            session=session,
            occurrence_start=occurrence.start,
            response=SessionRSVP.Response.NO,
        ).values_list("user_id", flat=True)
    )
    text = notice(
        gettext_noop("A session in %(group)s starts at %(when)s."),
        group=group.name,
        when=_when(occurrence.start),
    )
    sent = 0
    for membership in Membership.objects.active().filter(group=group).select_related("user"):
        if membership.user_id in declined:
            continue
        _row, created = SessionReminder.objects.get_or_create(
            session=session, occurrence_start=occurrence.start, user=membership.user
        )
        if not created:
            continue
        notification_create(
            recipient=membership.user,
            kind=Notification.Kind.SESSION_REMINDER,
            text=text,
            url=f"/groups/{group.slug}/chat/",
            group=group,
        )
        sent += 1
    return sent


# --- retention ------------------------------------------------------------------------------

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
