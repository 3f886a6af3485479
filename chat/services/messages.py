"""Chat messages: post, edit, delete, and a facilitator's removal.

A message is stored before anyone hears of it: the broadcast runs after commit, and nothing
is sent when the write rolls back. The room row is locked while the next ``seq`` is taken.
Nothing here logs what members wrote.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from community import realtime
from community.sanitize import render_plain
from community.textcheck import UNSTORABLE_MESSAGE, has_unstorable_characters
from moderation.audit import audit_record
from moderation.intake import ScreenedText, Stored, member_text_intake
from moderation.models import SafetyAlert
from moderation.safety import safety_place

from ..errors import ChatError
from ..models import MESSAGE_MAX_LENGTH, ChatMessage, ChatRoom
from ..permissions import (
    check_can_edit_message,
    check_can_facilitate_chat,
    check_can_send,
    check_is_author,
)
from ..selectors import ChatAccess, message_frame, recent_message_texts
from .rooms import locked_room, message_url


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

    The text goes through the one intake for member text (watched words, store, queue,
    crisis alert). The room row is locked while the next ``seq`` is taken, so ids grow
    without gaps or duplicates even with several daphne processes writing to one room.
    """
    body = _validated_body(body)
    if not isinstance(client_id, str) or not 0 < len(client_id) <= 64:
        raise ChatError("invalid", _("A message needs a client_id of up to 64 characters."))
    with transaction.atomic():
        room = locked_room(room)
        frames = {}

        def store(held: bool) -> Stored:
            existing = (
                ChatMessage.objects.filter(room=room, author_id=access.user_id, client_id=client_id)
                .only("seq", "client_id", "html", "created_at", "edited_at", "removed_at")
                .first()
            )
            if existing is not None:
                frames["frame"] = (
                    realtime.removed_frame(seq=existing.seq)
                    if existing.is_removed
                    else message_frame(existing, author_name=access.pseudonym)
                )
                return Stored(target=existing, created=False)
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
            frames["frame"] = message_frame(message, author_name=access.pseudonym)
            return Stored(target=message, texts=(_screened(room, message),))

        intake = _intake(
            surface="chat_message",
            author=author,
            room=room,
            body=body,
            store=store,
            context=lambda: recent_message_texts(room=room, author_id=access.user_id),
        )
        if intake.created:
            realtime.room_message_on_commit(room_id=room.pk, frame=frames["frame"])
            if intake.crisis:
                # After the message itself: the room's facilitators see it marked.
                realtime.room_crisis_mark_on_commit(room_id=room.pk, seq=frames["frame"]["id"])
    return PostResult(frame=frames["frame"], created=intake.created, crisis=intake.crisis)


def _screened(room: ChatRoom, message: ChatMessage) -> ScreenedText:
    return ScreenedText(
        message.body,
        SafetyAlert.Source.CHAT,
        str(message.pk),
        message_url(room, message.seq),
        safety_place("room", room.pk),
    )


def _intake(*, surface: str, author, room: ChatRoom, body: str, store, context=()):
    """The one intake; its refusals become ``error`` frames (chat cannot wait for approval)."""
    try:
        return member_text_intake(
            surface=surface,
            author=author,
            group=room.group,
            text=body,
            store=store,
            context=context,
            lang=get_language(),
        )
    except ValidationError as error:
        raise ChatError("invalid", " ".join(error.messages)) from None


def _message_in_room(room: ChatRoom, seq) -> ChatMessage:
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise ChatError("invalid", _("That message id is not valid."))
    message = ChatMessage.objects.filter(room=room, seq=seq, removed_at__isnull=True).first()
    if message is None:
        raise ChatError("invalid", _("That message is no longer here."))
    return message


@transaction.atomic
def message_edit(*, author, access: ChatAccess, room: ChatRoom, seq, body) -> bool:
    """Edit one's own message; the new text goes through the one intake again."""
    body = _validated_body(body)
    message = _message_in_room(room, seq)
    check_is_author(access, message, action="edit")

    def store(held: bool) -> Stored:
        check_can_edit_message(access, room)
        message.body = body
        message.html = render_plain(body)
        message.edited_at = timezone.now()
        message.save(update_fields=["body", "html", "edited_at"])
        return Stored(target=message, texts=(_screened(room, message),))

    intake = _intake(
        surface="chat_edit",
        author=author,
        room=room,
        body=body,
        store=store,
        context=lambda: recent_message_texts(
            room=room, author_id=access.user_id, before_seq=message.seq
        ),
    )
    realtime.room_frame_on_commit(
        room_id=room.pk,
        frame=realtime.edited_frame(seq=message.seq, html=message.html, edited=message.edited_at),
    )
    if intake.crisis:
        realtime.room_crisis_mark_on_commit(room_id=room.pk, seq=message.seq)
    return intake.crisis


def message_erase(*, message: ChatMessage) -> None:
    """Erase a message for everyone; the moderation services call this after their checks."""
    _erase(message)


def _erase(message: ChatMessage) -> None:
    """Removed messages keep their ``seq`` (ids stay monotonic) but lose their words."""
    message.body = ""
    message.html = ""
    message.removed_at = timezone.now()
    message.save(update_fields=["body", "html", "removed_at"])
    realtime.room_frame_on_commit(
        room_id=message.room_id, frame=realtime.removed_frame(seq=message.seq)
    )


@transaction.atomic
def message_delete(*, access: ChatAccess, room: ChatRoom, seq) -> None:
    message = _message_in_room(room, seq)
    check_is_author(access, message, action="delete")
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
