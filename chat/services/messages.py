"""Chat messages: post, edit, delete, and a facilitator's removal.

A message is stored before anyone hears of it: the broadcast runs after commit, and nothing
is sent when the write rolls back. Nothing here logs what members wrote.

Posting is the chat's hot path (docs/bench.md, "Where a message's time goes"), so it costs one
database round trip: on PostgreSQL a single statement takes the room's next ``seq`` (an
``UPDATE … RETURNING`` on the room row, which holds the row lock until the statement commits)
and inserts the message from it, and reads the writer's last few lines for the crisis detector
in the same statement. Everything that can be decided without the database is decided before:
the body's limits, the one intake's screening (``moderation.intake``: watched words, whose
version stamp a process holds for a second, ``community.cache_versions``), permissions (cached
at connect), the pace (``chat.pace``, in process memory). The detector reads the message right
after the store, before the answer. What no reader waits for, the intake's review-queue item
and safety alert, runs after commit (``PostResult.follow_up``).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from community import realtime
from community.sanitize import render_plain
from community.textcheck import UNSTORABLE_MESSAGE, has_unstorable_characters
from moderation.audit import audit_record
from moderation.intake import (
    ScreenedText,
    Screening,
    Stored,
    member_text_follow_up,
    member_text_intake,
    member_text_read,
    member_text_screen,
)
from moderation.models import SafetyAlert
from moderation.safety import safety_place

from ..errors import ChatError
from ..models import MESSAGE_MAX_LENGTH, ChatMessage, ChatRoom
from ..pace import pace
from ..permissions import (
    check_can_edit_message,
    check_can_facilitate_chat,
    check_can_send,
    check_is_author,
)
from ..selectors import (
    ChatAccess,
    message_frame,
    recent_message_texts,
    recent_message_texts_query,
)
from .rooms import message_url

CLIENT_ID_MAX_LENGTH = 64
logger = logging.getLogger(__name__)


def _validated_body(body) -> str:
    if not isinstance(body, str):
        raise ChatError("invalid", _("A message needs a text body."))
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ChatError(
            "too_long",
            _("Messages can be up to %(limit)s characters. Try splitting it in two.")
            % {"limit": MESSAGE_MAX_LENGTH},
        )
    if has_unstorable_characters(body):
        # JSON can carry NUL and lone surrogates; no database stores them as typed.
        raise ChatError("invalid", str(UNSTORABLE_MESSAGE))
    if not body.strip():
        raise ChatError("empty", _("The message is empty."))
    return body


def message_input_check(*, body, client_id) -> None:
    """What a ``message`` frame must be before it is worth a database call (no I/O here).

    The consumer calls this before queueing a frame, so malformed or oversized messages are
    answered at once; :func:`message_post` checks the same again.
    """
    _validated_body(body)
    _validated_client_id(client_id)


def message_pace_take(
    *, access: ChatAccess, room: ChatRoom, client_id: str, schedule_open: bool = True
) -> None:
    """The pace's answer to a ``message`` frame before it is queued, on the event loop (no
    I/O): a member over the rate limit, or in slow mode, is answered at once, without a thread
    hop or a query for each refusal (at twice the reliability run's rate, half the frames).

    Counts the message in: :func:`message_post` then recognises it by its ``client_id``, and
    gives its place back if it is not stored. A frame the room would refuse anyway (muted,
    locked) is left to :func:`message_post`, which says why, and answers a retry of a stored
    message with that message. ``message_pace_give_back`` undoes this when the frame is not
    queued after all.
    """
    try:
        check_can_send(access, room, schedule_open=schedule_open)
    except ChatError:
        return
    _check_pace(access=access, room=room, client_id=client_id)


def message_pace_give_back(*, access: ChatAccess, room: ChatRoom, client_id: str) -> None:
    """A message counted in by :func:`message_pace_take` was not queued (the server is busy)."""
    pace.release(room_id=room.pk, user_id=access.user_id, client_id=client_id)


def _validated_client_id(client_id) -> str:
    if not isinstance(client_id, str) or not 0 < len(client_id) <= CLIENT_ID_MAX_LENGTH:
        raise ChatError("invalid", _("A message needs a client_id of up to 64 characters."))
    return client_id


def _check_pace(*, access: ChatAccess, room: ChatRoom, client_id: str) -> None:
    """The per-member limit (``CHAT_RATE_LIMIT_COUNT`` messages in
    ``CHAT_RATE_LIMIT_SECONDS``, 5 in 5 s; 0 turns it off, which only ``make bench``'s capacity
    run does) and slow mode, from ``chat.pace``: no query."""
    limit = settings.CHAT_RATE_LIMIT_COUNT
    slow_mode = room.slow_mode_seconds if not access.can_facilitate else 0
    if not limit and not slow_mode:
        return
    refusal = pace.reserve(
        room_id=room.pk,
        user_id=access.user_id,
        client_id=client_id,
        limit=limit,
        window=settings.CHAT_RATE_LIMIT_SECONDS,
        slow_mode=slow_mode,
    )
    if refusal is None:
        return
    wait = max(refusal.retry_after, 0.1)
    if refusal.slow_mode:
        raise ChatError(
            "rate_limited",
            _("Slow mode is on. You can send again in %(seconds)s seconds.")
            % {"seconds": int(wait) + 1},
            retry_after=wait,
        )
    raise ChatError(
        "rate_limited", _("That was quick. Please wait a few seconds."), retry_after=wait
    )


@dataclass
class PostResult:
    frame: dict
    created: bool
    crisis: bool
    #: What no reader waits for (safety alert, review-queue item); already run unless the
    #: caller asked to run it itself (``defer_follow_up``).
    follow_up: Callable[[], None] | None = field(default=None, repr=False)


def message_post(
    *,
    author,
    access: ChatAccess,
    room: ChatRoom,
    body,
    client_id,
    schedule_open: bool = True,
    defer_follow_up: bool = False,
) -> PostResult:
    """Store a message and broadcast it after commit; a repeated ``client_id`` returns the first.

    ``room`` may be the consumer's cached copy: whether it is locked or paused is decided by
    the store statement itself (``_store``), and its slow mode follows the room's broadcasts.
    The room's row is locked while the next ``seq`` is taken, so ids grow without gaps or
    duplicates even with several processes writing to one room; ``(room, author, client_id)``
    is unique, so a retry stores nothing.

    The text goes through the one intake for member text (``moderation.intake``) in its split
    form: screening before the store (watched words), the store, the crisis detector's reading
    with the context the store read (so the author is shown the resources with the
    acknowledgement), then the review queue and the safety alert (``result.follow_up``).
    ``defer_follow_up``: the caller (the consumer, after acknowledging) runs
    ``result.follow_up``; otherwise it runs here, right after the store (inside the caller's
    transaction, if there is one).
    """
    body = _validated_body(body)
    client_id = _validated_client_id(client_id)
    try:
        check_can_send(access, room, schedule_open=schedule_open)
        _check_pace(access=access, room=room, client_id=client_id)
    except ChatError:
        # A retry of a message stored before the room closed (or the pace ran out) is an
        # answer, not a refusal: the sender learns it is stored.
        existing = _existing(room=room, access=access, client_id=client_id)
        if existing is not None:
            return existing
        # Not stored, and not to be: the place the pace gave it on arrival goes back (a
        # member muted, or a room locked, while the message waited in the socket's queue).
        pace.release(room_id=room.pk, user_id=access.user_id, client_id=client_id)
        raise
    # Watched words after the cheap refusals: a message the pace turns away is not screened
    # (a member over the pace is refused on every try).
    try:
        screening = _screen(surface="chat_message", author=author, room=room, body=body)
    except ChatError:
        pace.release(room_id=room.pk, user_id=access.user_id, client_id=client_id)
        raise
    html = render_plain(body)
    now = timezone.now()
    guard = not (access.can_facilitate or room.is_side)
    try:
        stored = _store(
            room_id=room.pk,
            author_id=access.user_id,
            client_id=client_id,
            body=body,
            html=html,
            now=now,
            guard=guard,
        )
    except IntegrityError:
        existing = _existing(room=room, access=access, client_id=client_id)
        if existing is None:
            raise
        return existing
    if stored is None:
        # The room is locked or the session paused (the statement's guard): say which.
        pace.release(room_id=room.pk, user_id=access.user_id, client_id=client_id)
        existing = _existing(room=room, access=access, client_id=client_id)
        if existing is not None:
            return existing
        fresh = ChatRoom.objects.get(pk=room.pk)
        check_can_send(access, fresh, schedule_open=schedule_open)
        raise ChatError("locked", _("The room is closed for new messages right now."))
    message_id, seq, context = stored
    frame = realtime.message_frame(
        seq=seq, client_id=client_id, author=access.pseudonym, html=html, created=now, edited=None
    )
    # Stored (and, outside a transaction, committed): the room hears of it whatever follows.
    realtime.room_message_on_commit(room_id=room.pk, frame=frame)
    # The detector reads the message with the writer's last few lines, which the store read
    # in its own statement: the author learns of a crisis with the acknowledgement. Should it
    # fail, the follow-up reads the stored text again (step 3 of the intake), after the ack.
    try:
        screening = member_text_read(screening=screening, text=body, context=context)
    except Exception as error:  # noqa: BLE001 - the message is stored; the follow-up retries
        # The kind of failure only: an exception's text could quote the member's words.
        logger.error("the crisis detector failed on a stored chat message (%s)", type(error))
    if screening.crisis:
        # After the message itself: the room's facilitators see it marked (read before the
        # answer, so with the broadcast; the alert it belongs to follows in ``follow_up``).
        realtime.room_crisis_mark_on_commit(room_id=room.pk, seq=seq)
    follow_up = None
    if screening.needs_follow_up:

        def follow_up() -> None:
            _follow_up(screening=screening, message_id=message_id)

        if not defer_follow_up:
            follow_up()
            follow_up = None
    return PostResult(frame=frame, created=True, crisis=screening.crisis, follow_up=follow_up)


_INSERT_FROM_NEXT_SEQ = """
WITH next AS (
    UPDATE {room} SET last_seq = last_seq + 1
    WHERE id = %s {guard}
    RETURNING last_seq
), stored AS (
    INSERT INTO {message} (room_id, seq, author_id, client_id, body, html, created_at)
    SELECT %s, last_seq, %s, %s, %s, %s, %s
    FROM next
    RETURNING id, seq
)
SELECT stored.id, stored.seq, ARRAY({context}) FROM stored
"""
_OPEN_ROOM = "AND NOT locked AND NOT session_paused"


def _store(
    *, room_id: int, author_id: int, client_id: str, body: str, html: str, now, guard: bool
) -> tuple[int, int, list[str]] | None:
    """Take the room's next ``seq`` and insert the message: (pk, seq, the author's context),
    or None when ``guard`` and the room is locked or paused. Raises ``IntegrityError`` for a
    repeated ``client_id``, having stored nothing and taken no ``seq``.

    The context is the author's last few messages here before this one, oldest first
    (``recent_message_texts_query``), for the crisis detector.

    PostgreSQL: one statement, so one round trip and, outside a transaction, its own commit;
    the ``UPDATE`` locks the room row until then, so concurrent writers queue and ``seq`` has
    no gaps; a unique violation undoes the whole statement, ``UPDATE`` included. Its final
    ``SELECT`` reads the context from the statement's snapshot, which does not hold the row
    the statement inserts. Elsewhere (SQLite, which serialises writers): the same steps in one
    transaction.
    """
    if connection.vendor == "postgresql":
        context_sql, context_params = recent_message_texts_query(
            room_id=room_id, author_id=author_id
        ).query.sql_with_params()
        sql = _INSERT_FROM_NEXT_SEQ.format(
            room=ChatRoom._meta.db_table,
            message=ChatMessage._meta.db_table,
            guard=_OPEN_ROOM if guard else "",
            context=context_sql,
        )
        params = (room_id, room_id, author_id, client_id, body, html, now, *context_params)
        if transaction.get_autocommit():
            return _fetch_one(sql, params)
        with transaction.atomic():  # inside a caller's transaction: a savepoint
            return _fetch_one(sql, params)
    with transaction.atomic():
        rooms = ChatRoom.objects.filter(pk=room_id)
        if guard:
            rooms = rooms.filter(locked=False, session_paused=False)
        if not rooms.update(last_seq=F("last_seq") + 1):
            return None
        seq = ChatRoom.objects.filter(pk=room_id).values_list("last_seq", flat=True).get()
        context = recent_message_texts_query(room_id=room_id, author_id=author_id)
        newest_first = list(context)
        message = ChatMessage.objects.create(
            room_id=room_id,
            seq=seq,
            author_id=author_id,
            client_id=client_id,
            body=body,
            html=html,
            created_at=now,
        )
        return message.pk, seq, newest_first[::-1]


def _fetch_one(sql: str, params: tuple) -> tuple[int, int, list[str]] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return (row[0], row[1], row[2][::-1]) if row else None


def _existing(*, room: ChatRoom, access: ChatAccess, client_id: str) -> PostResult | None:
    existing = (
        ChatMessage.objects.filter(room_id=room.pk, author_id=access.user_id, client_id=client_id)
        .only("seq", "client_id", "html", "created_at", "edited_at", "removed_at")
        .first()
    )
    if existing is None:
        return None
    frame = message_frame(existing, author_name=access.pseudonym)
    if existing.is_removed:
        frame = realtime.removed_frame(seq=existing.seq)
    return PostResult(frame=frame, created=False, crisis=False)


def _follow_up(*, screening: Screening, message_id: int) -> None:
    """The intake's steps that no reader waits for, for a stored message: a "flag" watched
    word's review item, and the safety alert when it read as a crisis (the author has already
    been shown the resources)."""
    message = ChatMessage.objects.select_related("room__group").get(pk=message_id)
    member_text_follow_up(
        screening=screening,
        stored=Stored(target=message, texts=(_screened(message.room, message),)),
    )


def _screened(room: ChatRoom, message: ChatMessage) -> ScreenedText:
    return ScreenedText(
        message.body,
        SafetyAlert.Source.CHAT,
        str(message.pk),
        message_url(room, message.seq),
        safety_place("room", room.pk),
    )


def _screen(*, surface: str, author, room: ChatRoom, body: str) -> Screening:
    """The intake's screening; its refusals become ``error`` frames (chat cannot wait for
    approval). No query: the room's group is the consumer's cached one."""
    try:
        return member_text_screen(
            surface=surface,
            author=author,
            group=room.group,
            text=body,
            lang=get_language(),
        )
    except ValidationError as error:
        raise ChatError("invalid", " ".join(error.messages)) from None


def _intake(*, surface: str, author, room: ChatRoom, body: str, store, context=()):
    """The one intake in one call (an edit: not the hot path); refusals become ``error``
    frames."""
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
