"""``ws /ws/groups/<slug>/chat/`` (and ``…/chat/<token>/`` for a side room): the chat protocol.

The consumer relays; ``chat.services`` decides. Permissions are read once at connect and cached
(``ChatAccess``); a change (mute, removal, suspension, lock) reaches the consumer through its
channel groups, so sending a message needs no permission query. Frames are documented in
``chat/PROTOCOL.md``. Nothing here logs what members wrote.
"""

import asyncio
import json
import logging
import random
import time

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async as _database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from community import realtime
from community.accounts.live import AccountSocketMixin
from community.accounts.permissions import SESSION_FACTOR
from content.crisis_panel import crisis_resources_frame
from groups.models import SupportGroup

from . import services
from .errors import ChatError
from .flow import FrameBudget, WriteLoad
from .models import MESSAGE_MAX_LENGTH, ChatRoom
from .selectors import (
    RESUME_PAGE,
    ChatAccess,
    chat_access_for,
    chat_access_reload,
    crisis_marked_seqs,
    frames_after,
    history_frames,
    is_side_room_participant,
    main_room_for,
    open_windows,
    session_frame,
    side_room_for,
)

logger = logging.getLogger(__name__)


def database_sync_to_async(function):
    """Run a database call in the worker's thread pool, not on the one shared sync thread.

    Channels' default (``thread_sensitive=True``) runs every consumer's database work in a
    process on a single thread, so one room's message waits for another room's commit and a
    worker stores one message at a time. Each call here is a self-contained transaction with
    its own connection (handed back to the pool afterwards), so calls may run side by side;
    the room row lock keeps ``seq`` gapless. Measured by ``make bench`` (docs/bench.md).
    On SQLite it stays on the single thread.
    """
    return _database_sync_to_async(function, thread_sensitive=not _PARALLEL_DATABASE)


# SQLite takes one writer at a time whatever the threads do (and its in-memory test database
# refuses concurrent ones), so it keeps Channels' single sync thread.
_PARALLEL_DATABASE = settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3"

#: How long a broadcast that overtook an earlier one waits before the gap is read from the
#: database: a random time in this range, so that when a broadcast is late (a busy process)
#: the room's members do not all read the database at the same moment.
GAP_WAIT_SECONDS = (1.0, 2.0)
TYPING_THROTTLE_SECONDS = 3
#: The one frame limit (chat/PROTOCOL.md): longer text frames are refused unread. It is a
#: message at its limit with every character escaped the longest way JSON allows, a
#: ``\uXXXX\uXXXX`` surrogate pair (12 characters; Python's ``json.dumps`` writes emoji so),
#: plus room for the other fields: 28,096. daphne closes the socket with 1009 on frames over
#: 64 KiB before they reach the consumer (``scripts/serve.py``).
MAX_FRAME_CHARACTERS = 12 * MESSAGE_MAX_LENGTH + 4096

#: This process's messages waiting to be stored (``chat.flow``): past the limits, ``busy``.
write_load = WriteLoad(
    max_pending=settings.CHAT_MAX_PENDING_WRITES, busy_after=settings.CHAT_BUSY_AFTER_SECONDS
)


def _invalid(detail: str) -> ChatError:
    return ChatError("invalid", detail)


_backfills: dict[tuple[int, int, int], asyncio.Future] = {}


async def _backfill(room: ChatRoom, *, after: int, upto: int) -> list[dict]:
    """The stored messages ``after < id <= upto`` of ``room``: one database read however many
    of this process's connections to the room are missing the same ones."""
    key = (room.pk, after, upto)
    read = _backfills.get(key)
    if read is None:
        read = asyncio.ensure_future(
            database_sync_to_async(lambda: list(frames_after(room, after=after, upto=upto)))()
        )
        _backfills[key] = read
        read.add_done_callback(lambda _done: _backfills.pop(key, None))
    return await asyncio.shield(read)


def _message_client_id(content) -> str | None:
    """The ``client_id`` of a ``message`` frame, when it is one a client could match."""
    if not isinstance(content, dict) or content.get("type") != "message":
        return None
    client_id = content.get("client_id")
    if isinstance(client_id, str) and 0 < len(client_id) <= services.CLIENT_ID_MAX_LENGTH:
        return client_id
    return None


class ChatConsumer(AccountSocketMixin, realtime.UserChannelConsumer, AsyncJsonWebsocketConsumer):
    room: ChatRoom | None = None
    access: ChatAccess | None = None
    # Per-recipient privacy, read at connect and on "user.privacy_changed": pseudonyms whose
    # messages arrive marked ``blocked`` (the client folds them), and pseudonyms kept apart
    # from this member, who never appear in this member's presence list or typing line.
    blocked_names: frozenset[str] = frozenset()
    hidden_names: frozenset[str] = frozenset()

    # --- lifecycle --------------------------------------------------------------------------

    async def connect(self):
        # Accept first: a handshake refused before acceptance reaches browsers as a bare 403,
        # and the client could not tell "sign in" from "not allowed" from "no such room".
        await self.accept()
        self.user = self.scope.get("user")
        self.joined = False
        self.last_seq = 0
        self.early_frames: dict[int, dict] = {}
        self.delivery_lock = asyncio.Lock()
        self.gap_task = None
        self.gap_since = None
        self.gap_wait = GAP_WAIT_SECONDS[0]
        self.schedule_task = None
        self.budget = FrameBudget(rate=settings.CHAT_FRAME_RATE, burst=settings.CHAT_FRAME_BURST)
        self.post_queue: asyncio.Queue = asyncio.Queue()
        self.post_task = None
        self.queued = 0
        if self.user is None or not self.user.is_authenticated:
            await self.close(code=realtime.CLOSE_NOT_SIGNED_IN)
            return
        kwargs = self.scope["url_route"]["kwargs"]
        code = await self._load(kwargs["slug"], kwargs.get("token"))
        if code:
            await self.close(code=code)
            return
        await self.channel_layer.group_add(realtime.room_group(self.room.pk), self.channel_name)
        await self.channel_layer.group_add(realtime.user_group(self.user.pk), self.channel_name)
        await self.account_groups_join()
        self.joined = True
        await database_sync_to_async(services.connection_open)(
            room=self.room, user_id=self.user.pk, channel_name=self.channel_name
        )
        history, session, marked = await self._initial_frames()
        await self.send_json(realtime.history_frame(messages=history))
        await self.send_json(self._room_frame())
        if session is not None:
            await self.send_json(session)
        if marked:
            await self.send_json(realtime.crisis_mark_frame(ids=marked))
        self._schedule_next_boundary()

    @database_sync_to_async
    def _load(self, slug: str, token: str | None) -> int | None:
        group = SupportGroup.objects.filter(slug=slug).first()
        if group is None:
            return realtime.CLOSE_NO_SUCH_ROOM
        access = chat_access_for(user=self.user, group=group)
        if not access.allowed:
            return realtime.CLOSE_NOT_ALLOWED
        if token is None:
            room = main_room_for(group)
        else:
            room = side_room_for(group=group, token=token)
            if room is None:
                return realtime.CLOSE_NO_SUCH_ROOM
            if not is_side_room_participant(room, self.user.pk):
                return realtime.CLOSE_NOT_ALLOWED
        self.group = group
        self.room = room
        self.access = access
        self._load_schedule()
        self._load_privacy()
        return None

    def _load_privacy(self) -> None:
        """Pseudonyms behind the access object's private lists (read once, with it)."""
        names = get_user_model().objects.values_list("username", flat=True)
        blocked, apart = self.access.blocked_ids, self.access.kept_apart_ids
        self.blocked_names = frozenset(names.filter(pk__in=blocked)) if blocked else frozenset()
        self.hidden_names = frozenset(names.filter(pk__in=apart)) if apart else frozenset()

    def _reload_access_and_privacy(self) -> None:
        access = chat_access_reload(user_id=self.user.pk, group_id=self.group.pk)
        if access is not None:
            self.access = access
        self._load_privacy()

    def _for_me(self, frame: dict) -> dict | None:
        """The frame as this member may see it (None: not for them at all)."""
        kind = frame.get("type")
        if kind == "message" and frame.get("author") in self.blocked_names:
            return {**frame, "blocked": True}
        if kind == "history" and self.blocked_names:
            return {**frame, "messages": [self._for_me(m) for m in frame.get("messages", [])]}
        if kind == "presence" and self.hidden_names:
            members = [m for m in frame.get("members", []) if m not in self.hidden_names]
            return {**frame, "members": members}
        if kind == "typing" and frame.get("author") in (self.blocked_names | self.hidden_names):
            return None
        if kind == "crisis_mark" and not (self.access and self.access.can_facilitate):
            return None  # which messages read as a crisis is for facilitators alone
        return frame

    def _hides(self, frame: dict) -> bool:
        """Frames by someone this member is kept apart from are never delivered."""
        return frame.get("author") in self.hidden_names

    async def send_json(self, content, close=False):
        content = self._for_me(content) if isinstance(content, dict) else content
        if content is None:
            return
        await super().send_json(content, close=close)

    def _load_schedule(self) -> None:
        """Cache when a "sessions only" room is open, for the coming week."""
        self.sessions_only = (
            not self.room.is_side
            and self.group.chat_availability == SupportGroup.ChatAvailability.SESSIONS
        )
        now = timezone.now()
        self.windows = open_windows(self.group, now=now) if self.sessions_only else []
        self.windows_until = now + timezone.timedelta(days=7)

    def _reload_schedule(self) -> None:
        self.group.refresh_from_db(fields=["chat_availability"])
        self._load_schedule()

    @database_sync_to_async
    def _initial_frames(self):
        room = ChatRoom.objects.get(pk=self.room.pk)
        # The group read at connect: a message's screening and follow-up use it, no query.
        room.group = self.group
        self.room = room
        self.room_locked = room.locked
        self.slow_mode = room.slow_mode_seconds
        self.last_seq = room.last_seq
        history = [
            frame
            for frame in history_frames(room)
            if frame["id"] <= self.last_seq and not self._hides(frame)
        ]
        session = session_frame(room) if room.session_phase else None
        marked = (
            crisis_marked_seqs(room, seqs=[frame["id"] for frame in history])
            if self.access.can_facilitate
            else []
        )
        return history, session, marked

    async def dispatch(self, message):
        """Channels' stock ``dispatch`` hops to the one sync thread to run
        ``close_old_connections`` before every event, so each broadcast cost one thread hop per
        recipient (the largest single cost in docs/bench.md's profile). Every database call of
        this consumer runs through ``database_sync_to_async``, which closes stale connections
        itself, so events are handled directly."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code):
        if getattr(self, "post_task", None) is not None:
            # Messages already queued are still stored (the client resends them with the same
            # client_id anyway); the worker ends after them.
            self.post_queue.put_nowait(None)
        if self.schedule_task is not None:
            self.schedule_task.cancel()
        if getattr(self, "gap_task", None) is not None:
            self.gap_task.cancel()
        if not getattr(self, "joined", False):
            return
        self.joined = False
        await self.channel_layer.group_discard(realtime.room_group(self.room.pk), self.channel_name)
        await self.channel_layer.group_discard(realtime.user_group(self.user.pk), self.channel_name)
        await self.account_groups_leave()
        await database_sync_to_async(services.connection_close)(
            room=self.room, channel_name=self.channel_name
        )

    # --- the room's open/closed state -------------------------------------------------------

    def _schedule_open(self) -> bool:
        if not self.sessions_only:
            return True
        now = timezone.now()
        return any(start <= now < end for start, end in self.windows)

    def _room_frame(self) -> dict:
        return realtime.room_frame(
            locked=self.room_locked or not self._schedule_open(),
            slow_mode=self.slow_mode,
            locked_by_facilitator=self.room_locked,
        )

    def _schedule_next_boundary(self) -> None:
        """In a "sessions only" room, send a fresh ``room`` frame when a session opens or ends."""
        if not self.sessions_only:
            return
        now = timezone.now()
        boundaries = sorted(t for window in self.windows for t in window if t > now)
        if not boundaries:
            return
        delay = (boundaries[0] - now).total_seconds()
        self.schedule_task = asyncio.ensure_future(self._at_boundary(delay))

    async def _at_boundary(self, delay: float) -> None:
        await asyncio.sleep(delay + 0.05)
        if timezone.now() >= self.windows_until:
            await database_sync_to_async(self._load_schedule)()
        await self.send_json(self._room_frame())
        self._schedule_next_boundary()

    # --- client frames ----------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        """Every frame is checked before it costs anything: the per-socket frame budget, the
        size, then JSON. None of these touches the database."""
        if not getattr(self, "joined", False):
            return
        content = None
        problem = None
        if text_data is None:
            problem = _invalid(_("Frames must be JSON text."))
        elif len(text_data) > MAX_FRAME_CHARACTERS:
            # Never parsed: a frame this long cannot hold a message within the limit, and
            # deeply nested JSON would only make the parser recurse.
            problem = ChatError("too_long", _("That frame is too long."))
        else:
            try:
                content = json.loads(text_data)
            except (ValueError, RecursionError):  # RecursionError: nested beyond reason
                problem = _invalid(_("That frame is not valid JSON."))
        if not self.budget.take():
            await self._refuse_over_budget(content)
            return
        if problem is not None:
            await self.send_json(problem.as_frame())
            return
        await self.receive_json(content)

    async def _refuse_over_budget(self, content) -> None:
        """Far more frames than a person sends: refuse, and close a client that keeps on."""
        if self.budget.flooding():
            await self.close(code=realtime.CLOSE_FLOODING)
            return
        error = ChatError(
            "rate_limited",
            _("That was quick. Please wait a few seconds."),
            retry_after=self.budget.retry_after(),
        )
        if _message_client_id(content) is not None:
            # A message's sender must learn it was not stored, every time.
            await self._send_error(error, content)
        elif self.budget.should_answer():
            await self.send_json(error.as_frame())

    async def _send_error(self, error: ChatError, content) -> None:
        frame = error.as_frame()
        client_id = _message_client_id(content)
        if client_id is not None:
            frame["client_id"] = client_id
        await self.send_json(frame)

    async def receive_json(self, content, **kwargs):
        if not self.joined:
            return
        kind = content.get("type") if isinstance(content, dict) else None
        handler = self.HANDLERS.get(kind) if isinstance(kind, str) else None
        try:
            if handler is None:
                raise _invalid(_("Unknown frame type."))
            if self.room.is_side and kind not in self.SIDE_ROOM_TYPES:
                raise _invalid(_("That is not available in a one-to-one room."))
            await handler(self, content)
        except ChatError as error:
            await self._send_error(error, content)

    async def on_message(self, content):
        """Check the frame and the member's pace, then queue it for this socket's writer (in
        order, at most ``CHAT_MAX_QUEUED_MESSAGES``), or answer ``busy`` when the process is
        behind. A refusal costs no thread hop and no query.

        The consumer goes on delivering the room's messages while its own wait to be stored.
        """
        services.message_input_check(body=content.get("body"), client_id=content.get("client_id"))
        if self.queued >= settings.CHAT_MAX_QUEUED_MESSAGES:
            raise self._busy(retry_after=1.0)
        mine = {"access": self.access, "room": self.room, "client_id": content["client_id"]}
        services.message_pace_take(**mine, schedule_open=self._schedule_open())
        wait = write_load.admit()
        if wait is not None:
            services.message_pace_give_back(**mine)
            raise self._busy(retry_after=wait)
        self.queued += 1
        self.post_queue.put_nowait((content, time.monotonic()))
        if self.post_task is None:
            self.post_task = asyncio.ensure_future(self._post_worker())

    @staticmethod
    def _busy(*, retry_after: float) -> ChatError:
        return ChatError(
            "busy",
            _("The chat is busy. Your message is kept and will be sent again shortly."),
            retry_after=retry_after,
        )

    async def _post_worker(self) -> None:
        """Store this socket's messages one after another, in the order they were sent.

        Nothing here may end the loop early: a message left in the queue would stay counted
        in the process's write load for good. Answers to a socket that has just closed are
        dropped (the client resends whatever it did not hear acknowledged)."""
        try:
            while True:
                item = await self.post_queue.get()
                if item is None:
                    return
                content, _queued_at = item
                stored_after = None
                try:
                    # The process's gauge times the store itself (thread pool and database),
                    # not this socket's own queue: one member's burst makes no one else busy.
                    stored_after = await self._post(content, time.monotonic())
                except ChatError as error:
                    await self._answer_quietly(error, content)
                except Exception:
                    # The database is unreachable or failing: nothing was acknowledged, so
                    # the client keeps the message and resends it. No member text is logged.
                    logger.exception("a chat message could not be stored")
                    await self._answer_quietly(self._busy(retry_after=2.0), content)
                finally:
                    self.queued -= 1
                    write_load.done(stored_after)
        finally:
            while not self.post_queue.empty():
                if self.post_queue.get_nowait() is not None:
                    self.queued -= 1
                    write_load.done(None)

    async def _answer_quietly(self, error: ChatError, content) -> None:
        if not self.joined:
            return
        try:
            await self._send_error(error, content)
        except Exception:  # noqa: BLE001, S110 - the socket closed meanwhile
            pass

    async def _send_quietly(self, frame: dict) -> None:
        if not self.joined:
            return
        try:
            await self.send_json(frame)
        except Exception:  # noqa: BLE001, S110 - the socket closed meanwhile
            pass

    async def _post(self, content, handed_at: float) -> float:
        """Store, broadcast, acknowledge; returns how long the store took, from handing it to
        the thread pool to committed (the write load's measure: the event loop's own delay
        afterwards is not the database's)."""
        result, events, stored_at = await database_sync_to_async(self._store_message)(
            content, self._schedule_open()
        )
        try:
            # The broadcast, sent from here rather than from the worker thread (one hop less).
            await realtime.send_deferred(self.channel_layer, events)
            await self._send_quietly(
                realtime.ack_frame(client_id=content["client_id"], seq=result.frame["id"])
            )
            if not result.created:
                # A retry: the sender gets the stored frame again; nobody else hears it twice.
                await self._send_quietly(result.frame)
            if result.crisis and self.joined:
                await self._send_crisis_resources()
        finally:
            if result.follow_up is not None:
                # The safety alert and review item: after the acknowledgement, never instead
                # of it, and whatever happened to the socket meanwhile.
                await database_sync_to_async(result.follow_up)()
        return stored_at - handed_at

    def _store_message(self, content, schedule_open: bool):
        with realtime.deferred_sends() as events:
            result = services.message_post(
                author=self.user,
                access=self.access,
                room=self.room,
                body=content.get("body"),
                client_id=content.get("client_id"),
                schedule_open=schedule_open,
                defer_follow_up=True,
            )
        return result, events, time.monotonic()

    async def _send_crisis_resources(self):
        # The directory lives in the database: read it off the event loop. The country comes
        # from the one resolver (saved country, else the browser's language, else the default).
        # Sent quietly: after a message, the socket may have closed while it was stored.
        frame = await database_sync_to_async(crisis_resources_frame)(
            user_id=self.user.pk, scope=self.scope
        )
        await self._send_quietly(frame)

    async def on_resume(self, content):
        after = content.get("after")
        if not isinstance(after, int) or isinstance(after, bool) or after < 0:
            raise _invalid(_("'after' must be a message id (a whole number, 0 or more)."))
        upto = self.last_seq
        cursor = after
        while cursor < upto:
            page = await database_sync_to_async(self._resume_page)(cursor, upto)
            for frame in page:
                if not self._hides(frame):
                    await self.send_json(frame)
            if len(page) < RESUME_PAGE:
                break
            cursor = page[-1]["id"]

    def _resume_page(self, cursor: int, upto: int) -> list[dict]:
        frames = []
        for frame in frames_after(self.room, after=cursor, upto=upto):
            frames.append(frame)
            if len(frames) == RESUME_PAGE:
                break
        return frames

    async def on_typing(self, content):
        if not self._may_speak_now():
            return
        key = f"chat:typing:{self.room.pk}:{self.user.pk}"
        if not await cache.aadd(key, 1, TYPING_THROTTLE_SECONDS):
            return
        await realtime.room_relay(
            self.channel_layer,
            room_id=self.room.pk,
            frame=realtime.typing_frame(author=self.access.pseudonym),
            exclude=self.channel_name,
        )

    def _may_speak_now(self) -> bool:
        if self.access.can_facilitate or self.room.is_side:
            return True
        return not (self.access.is_muted() or self.room_locked or not self._schedule_open())

    async def on_edit(self, content):
        crisis = await database_sync_to_async(services.message_edit)(
            author=self.user,
            access=self.access,
            room=self.room,
            seq=content.get("id"),
            body=content.get("body"),
        )
        if crisis:
            await self._send_crisis_resources()

    async def on_delete(self, content):
        await database_sync_to_async(services.message_delete)(
            access=self.access, room=self.room, seq=content.get("id")
        )

    async def on_checkin_request(self, content):
        sent = await database_sync_to_async(services.checkin_request)(
            user=self.user, access=self.access, group=self.group
        )
        detail = (
            _("Your request went privately to the facilitators. Someone will reach out soon.")
            if sent
            else _("Your request is already with the facilitators. Someone will reach out soon.")
        )
        await self.send_json(realtime.notice_frame(code="checkin_sent", detail=detail))

    async def on_hand(self, content):
        await database_sync_to_async(services.session_hand)(
            access=self.access, room=self.room, raised=content.get("raised")
        )

    async def on_pass(self, content):
        await database_sync_to_async(services.session_pass)(access=self.access, room=self.room)

    async def on_mute(self, content):
        done = await database_sync_to_async(services.member_mute)(
            actor=self.user,
            access=self.access,
            group=self.group,
            pseudonym=content.get("member"),
            minutes=content.get("minutes"),
        )
        # Refused: an ``error`` frame; done: the facilitator is told so.
        await self.send_json(done)

    async def on_slow_mode(self, content):
        await database_sync_to_async(services.room_slow_mode)(
            actor=self.user, access=self.access, room=self.room, seconds=content.get("seconds")
        )

    async def on_lock(self, content):
        await database_sync_to_async(services.room_lock)(
            actor=self.user, access=self.access, room=self.room, locked=True
        )

    async def on_unlock(self, content):
        await database_sync_to_async(services.room_lock)(
            actor=self.user, access=self.access, room=self.room, locked=False
        )

    async def on_remove(self, content):
        await database_sync_to_async(services.message_remove)(
            actor=self.user, access=self.access, room=self.room, seq=content.get("id")
        )

    async def on_phase(self, content):
        await database_sync_to_async(services.session_phase_set)(
            actor=self.user, access=self.access, room=self.room, phase=content.get("phase")
        )

    async def on_turn(self, content):
        await database_sync_to_async(services.session_turn_give)(
            actor=self.user,
            access=self.access,
            room=self.room,
            pseudonym=content.get("member"),
            seconds=content.get("seconds"),
        )

    async def on_pause(self, content):
        await database_sync_to_async(services.session_pause)(
            actor=self.user, access=self.access, room=self.room, paused=content.get("paused")
        )

    async def on_side_room(self, content):
        await database_sync_to_async(services.side_room_open)(
            actor=self.user, access=self.access, group=self.group, pseudonym=content.get("member")
        )

    async def on_side_room_close(self, content):
        await database_sync_to_async(services.side_room_close)(user=self.user, room=self.room)

    HANDLERS = {
        "message": on_message,
        "resume": on_resume,
        "typing": on_typing,
        "edit": on_edit,
        "delete": on_delete,
        "checkin_request": on_checkin_request,
        "hand": on_hand,
        "pass": on_pass,
        "mute": on_mute,
        "slow_mode": on_slow_mode,
        "lock": on_lock,
        "unlock": on_unlock,
        "remove": on_remove,
        "phase": on_phase,
        "turn": on_turn,
        "pause": on_pause,
        "side_room": on_side_room,
        "side_room_close": on_side_room_close,
    }
    SIDE_ROOM_TYPES = frozenset(
        {"message", "resume", "typing", "edit", "delete", "side_room_close"}
    )

    # --- channel-layer events ---------------------------------------------------------------

    async def chat_message(self, event):
        """Deliver in ``seq`` order exactly once, even if broadcasts arrive out of order.

        Two senders' broadcasts often cross on the way (their commits finish microseconds
        apart, their broadcasts leave from different processes), so one that overtakes an
        earlier message waits for it. Only a gap still open after ``GAP_WAIT_SECONDS`` (a
        broadcast that never came: a process died between commit and send) is filled from the
        database, where every message already is, by one read shared by all of this process's
        connections to the room (``_backfill``).
        """
        seq = event["seq"]
        if seq <= self.last_seq:
            return
        self.early_frames[seq] = event
        await self._deliver_in_order()
        if not self.early_frames:
            self.gap_since = None
        elif self.gap_since is None:
            self.gap_since = time.monotonic()
            self.gap_wait = random.uniform(*GAP_WAIT_SECONDS)  # noqa: S311 - spread, not crypto
            if self.gap_task is None:
                self.gap_task = asyncio.ensure_future(self._fill_gap_soon())

    async def _deliver_in_order(self) -> None:
        async with self.delivery_lock:
            while self.last_seq + 1 in self.early_frames:
                self.last_seq += 1
                await self._deliver(self.early_frames.pop(self.last_seq))

    async def _deliver(self, event: dict) -> None:
        """Send a broadcast message: its JSON text as it came, serialised once for the whole
        room; only a member who blocked the author or is kept apart from them needs more."""
        author = event.get("author")
        if "text" not in event:  # an event of the older shape, carrying the frame itself
            frame = event["frame"]
            if not self._hides(frame):
                await self.send_json(frame)
            return
        if author in self.hidden_names:
            return
        if author in self.blocked_names:
            await self.send_json(json.loads(event["text"]))
            return
        await self.send(text_data=event["text"])

    async def _fill_gap_soon(self) -> None:
        """Wait until the current gap has been open for ``gap_wait`` s, then read it."""
        try:
            while self.joined and self.gap_since is not None:
                left = self.gap_since + self.gap_wait - time.monotonic()
                if left > 0:
                    await asyncio.sleep(left)
                    continue
                async with self.delivery_lock:
                    waiting = [seq for seq in self.early_frames if seq > self.last_seq]
                    if waiting and min(waiting) > self.last_seq + 1:
                        upto = min(waiting) - 1
                        for frame in await _backfill(self.room, after=self.last_seq, upto=upto):
                            if frame["id"] > self.last_seq:
                                self.last_seq = frame["id"]
                                if not self._hides(frame):
                                    await self.send_json(frame)
                        # A message erased since (an account deleted) leaves a gap for good.
                        self.last_seq = max(self.last_seq, upto)
                await self._deliver_in_order()
                if self.early_frames:
                    self.gap_since = time.monotonic()
                else:
                    self.gap_since = None
        finally:
            self.gap_task = None

    async def chat_crisis_mark(self, event):
        """Facilitators see a crisis message marked; ``_for_me`` drops it for everyone else."""
        await self.send_json(event["frame"])

    async def chat_frame(self, event):
        if event.get("exclude") == self.channel_name:
            return
        frame = event["frame"]
        if frame.get("type") == "session":
            # The cached room decides, without a query, whether a member may write now.
            self.room.session_paused = bool(frame.get("paused"))
        await self.send_json(frame)

    async def chat_room_state(self, event):
        self.room_locked = event["locked"]
        self.slow_mode = event["slow_mode"]
        self.room.locked = event["locked"]
        self.room.slow_mode_seconds = event["slow_mode"]
        await self.send_json(self._room_frame())

    async def chat_schedule_changed(self, event):
        """A session was scheduled or cancelled: re-read when a "sessions only" room is open."""
        await database_sync_to_async(self._reload_schedule)()
        if self.schedule_task is not None:
            self.schedule_task.cancel()
            self.schedule_task = None
        await self.send_json(self._room_frame())
        self._schedule_next_boundary()

    async def user_access_changed(self, event):
        if event.get("group_id") != self.group.pk:
            return
        if await self.access_reload() and event.get("notice"):
            await self.send_json(event["notice"])

    async def access_reload(self) -> bool:
        """Re-read the cached permissions (a role, a mute, the rules); close if none are left.

        Also sent to every socket of the person by ``community.accounts.live`` when the account
        itself changes (a moderator's role or two-factor).
        """
        access = await database_sync_to_async(chat_access_reload)(
            user_id=self.user.pk,
            group_id=self.group.pk,
            second_factor=getattr(self.user, SESSION_FACTOR, True),
        )
        if access is None or not access.allowed:
            await self.close(code=realtime.CLOSE_NOT_ALLOWED)
            return False
        self.access = access
        return True

    async def user_privacy_changed(self, event):
        """The member blocked, unblocked or kept someone apart: re-read before the next frame."""
        await database_sync_to_async(self._reload_access_and_privacy)()

    async def user_close(self, event):
        if event.get("group_id") in (None, self.group.pk):
            await self.close(code=event.get("code", realtime.CLOSE_NOT_ALLOWED))

    async def user_checkin_request(self, event):
        """A member asked for a check-in: shown in the facilitators' main room of that group
        (never to someone kept apart from the member)."""
        frame = event["frame"]
        if (
            event.get("group_id") == self.group.pk
            and not self.room.is_side
            and self.access.can_facilitate
            and frame.get("member") not in self.hidden_names
        ):
            await self.send_json(frame)

    async def user_side_room(self, event):
        if event.get("group_id") == self.group.pk and not self.room.is_side:
            await self.send_json(event["frame"])

    async def chat_room_closed(self, event):
        await self.send_json(event["frame"])
        await self.close(code=realtime.CLOSE_NORMAL)
