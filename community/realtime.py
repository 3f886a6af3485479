"""The one real-time module: channel-group names, close codes, frames, and sending after commit.

Every app that tells an open websocket something goes through here, so nothing reaches a
client before the data it describes is committed (``transaction.on_commit``, as Zulip's
``send_event_on_commit``), nothing is sent when a write rolls back, and no app imports
another app's consumer to reach a member.

* **Group names** are built from primary keys only, never from text a member typed. Each
  member has one user channel (``user.<pk>``) that every consumer of theirs joins (the chat
  and the notification stream alike); each chat room has one room channel.
* **User events** (``user.*``) are answered by every consumer through
  :class:`UserChannelConsumer`, so an event meant for one kind of connection never crashes
  another ("No handler for message type").
* **Frames** are the JSON objects of ``chat/PROTOCOL.md`` (the chat's, and the safety-alert
  banner's on the notification stream). Builders below make each one with its exact keys;
  :func:`frame_problems` checks a frame against the protocol, and the tests'
  ``capture_realtime`` fixture runs it over everything sent.

This module sits in the bottom layer: it imports nothing of the apps.
"""

import contextvars
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Literal, NotRequired, TypedDict, get_type_hints

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# --- close codes (chat/PROTOCOL.md "Connecting") ----------------------------------------------

CLOSE_NORMAL = 1000  # a side room was ended
CLOSE_NOT_SIGNED_IN = 4401  # not signed in, or every session of the account has ended
CLOSE_NOT_ALLOWED = 4403  # not (or no longer) allowed: removed, suspended, not a member
CLOSE_NO_SUCH_ROOM = 4404  # unknown group, room or token
CLOSE_FLOODING = 4429  # far more frames than a person sends, after being told to slow down
CLOSE_TOO_BIG = 1009  # a frame over the server's size limit (daphne closes before we see it)


# --- channel-group names ----------------------------------------------------------------------


def user_group(user_id: int) -> str:
    """The member's one user channel, joined by every consumer they have open."""
    return f"user.{int(user_id)}"


def room_group(room_id: int) -> str:
    """Everyone connected to one chat room (main or side room)."""
    return f"chat.room.{int(room_id)}"


# --- sending ----------------------------------------------------------------------------------

# Observers see every event as it is handed to the channel layer (after commit). The tests'
# ``capture_realtime`` fixture is the one user; production has none.
_observers: list[Callable[[str, dict], None]] = []


# While ``deferred_sends()`` is active (a consumer's sync call), committed events are handed
# back to the consumer instead of being sent from the worker thread.
_deferred: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "realtime_deferred", default=None
)


def _send_now(group: str, event: dict) -> None:
    for observer in list(_observers):
        observer(group, event)
    deferred = _deferred.get()
    if deferred is not None:
        deferred.append((group, event))
        return
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:
        # The stored row is the record; clients catch up (``resume``, the notification list).
        logger.warning("real-time send to %s failed", group, exc_info=True)


def send_on_commit(group: str, event: dict) -> None:
    """Send ``event`` to ``group`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: _send_now(group, event))


@contextmanager
def deferred_sends() -> Iterator[list]:
    """Collect what commits inside the block instead of sending it from this thread.

    For sync code that an async consumer awaits (``database_sync_to_async``): sending from the
    worker thread means a second hop back onto the event loop (``async_to_sync``) for every
    message. The consumer sends the collected events itself with :func:`send_deferred` once
    the call returns. Only events whose transaction committed inside the block are collected
    (on-commit callbacks of a caller's outer transaction still send when it commits), so
    "stored before sent" and "nothing on rollback" hold as before.
    """
    collected: list = []
    token = _deferred.set(collected)
    try:
        yield collected
    finally:
        _deferred.reset(token)


async def send_deferred(layer, events: list) -> None:
    """Send what :func:`deferred_sends` collected, in commit order, from the event loop."""
    for group, event in events:
        try:
            await layer.group_send(group, event)
        except Exception:
            logger.warning("real-time send to %s failed", group, exc_info=True)


def observe(observer: Callable[[str, dict], None]) -> Callable[[], None]:
    """Register ``observer(group, event)`` for every event sent; returns the function that
    removes it again."""
    _observers.append(observer)
    return lambda: _observers.remove(observer)


# --- user events: every consumer of the member answers them -----------------------------------


def user_close_on_commit(
    *, user_id: int, group_id: int | None = None, code: int = CLOSE_NOT_ALLOWED
) -> None:
    """Close the member's live connections after commit: the chat of one group (``group_id``),
    or every connection of the account (``None``: suspension, deletion, signing out
    everywhere)."""
    send_on_commit(user_group(user_id), {"type": "user.close", "group_id": group_id, "code": code})


def user_access_changed_on_commit(
    *, user_id: int, group_id: int, notice: "NoticeFrame | None" = None
) -> None:
    """The member's rights in a group changed (mute, rules): open chats re-read them, then
    show ``notice``."""
    send_on_commit(
        user_group(user_id),
        {"type": "user.access_changed", "group_id": group_id, "notice": notice},
    )


def user_privacy_changed_on_commit(*, user_id: int) -> None:
    """The member blocked someone or kept someone apart: open chats re-read both lists."""
    send_on_commit(user_group(user_id), {"type": "user.privacy_changed"})


def user_side_room_on_commit(*, user_id: int, group_id: int, frame: "SideRoomFrame") -> None:
    """A one-to-one room was opened for the member: their main-room chat of that group says so."""
    send_on_commit(
        user_group(user_id), {"type": "user.side_room", "group_id": group_id, "frame": frame}
    )


def user_checkin_request_on_commit(
    *, user_id: int, group_id: int, frame: "CheckinRequestFrame"
) -> None:
    """A member asked for a one-to-one check-in: a responder's open main-room chat of that
    group shows it as a notice with an "Open a side room" action (their notification stream
    has the stored notification)."""
    send_on_commit(
        user_group(user_id), {"type": "user.checkin_request", "group_id": group_id, "frame": frame}
    )


def user_notification_on_commit(*, user_id: int, frame: dict) -> None:
    """A stored notification, pushed to the member's notification stream."""
    send_on_commit(user_group(user_id), {"type": "user.notification", "frame": frame})


def user_safety_alert_on_commit(
    *, user_id: int, frame: "SafetyAlertFrame | SafetyAlertClosedFrame"
) -> None:
    """A safety alert's banner, shown, updated or cleared on every page a responder has open
    (their notification streams); only people allowed to see the alert are sent it."""
    send_on_commit(user_group(user_id), {"type": "user.safety_alert", "frame": frame})


# --- room events (chat consumers only) --------------------------------------------------------


def frame_text(frame: dict) -> str:
    """A frame as the JSON text sent on the socket (compact, as every consumer sends it)."""
    return json.dumps(frame, separators=(",", ":"), ensure_ascii=False)


def room_message_on_commit(*, room_id: int, frame: "MessageFrame") -> None:
    """A new message: consumers deliver these in ``id`` order, exactly once.

    The frame travels as its JSON text, serialised once here: each consumer sends that text as
    it is, and only a member who blocked the author or is kept apart from them parses it
    (``author`` rides along so the others need not).
    """
    send_on_commit(
        room_group(room_id),
        {
            "type": "chat.message",
            "seq": frame["id"],
            "author": frame["author"],
            "text": frame_text(frame),
        },
    )


def room_frame_on_commit(*, room_id: int, frame: dict) -> None:
    """A frame every connection in the room receives as it is."""
    send_on_commit(room_group(room_id), {"type": "chat.frame", "frame": frame})


def room_state_on_commit(*, room_id: int, locked: bool, slow_mode: int) -> None:
    """Lock and slow mode changed; each consumer adds its own schedule to the ``room`` frame."""
    send_on_commit(
        room_group(room_id), {"type": "chat.room_state", "locked": locked, "slow_mode": slow_mode}
    )


def room_crisis_mark_on_commit(*, room_id: int, seq: int) -> None:
    """A message read as a crisis: the room's facilitators see it marked. Each consumer passes
    the frame on only to a connection that may facilitate the room, never to members."""
    send_on_commit(
        room_group(room_id), {"type": "chat.crisis_mark", "frame": crisis_mark_frame(ids=[seq])}
    )


def room_schedule_changed_on_commit(*, room_id: int) -> None:
    """A session was scheduled or cancelled: a "sessions only" room re-reads its hours."""
    send_on_commit(room_group(room_id), {"type": "chat.schedule_changed"})


def room_closed_on_commit(*, room_id: int, frame: "SideRoomClosedFrame") -> None:
    """A side room ended: both people get ``frame`` and their connections close with 1000."""
    send_on_commit(room_group(room_id), {"type": "chat.room_closed", "frame": frame})


async def room_relay(layer, *, room_id: int, frame: dict, exclude: str = "") -> None:
    """Relay a frame that stores nothing (``typing``) to a room at once: there is no commit
    to wait for. ``exclude`` is the sender's channel, which does not hear itself."""
    await layer.group_send(
        room_group(room_id), {"type": "chat.frame", "frame": frame, "exclude": exclude}
    )


class UserChannelConsumer:
    """Mixin for every websocket consumer: one handler per user event, doing nothing by default.

    A consumer overrides the events it acts on. ``user.close`` without a group closes every
    connection of the account.
    """

    async def user_close(self, event: dict) -> None:
        if event.get("group_id") is None:
            await self.close(code=event.get("code", CLOSE_NOT_ALLOWED))  # type: ignore[attr-defined]

    async def user_access_changed(self, event: dict) -> None:
        return None

    async def user_privacy_changed(self, event: dict) -> None:
        return None

    async def user_side_room(self, event: dict) -> None:
        return None

    async def user_checkin_request(self, event: dict) -> None:
        return None

    async def user_notification(self, event: dict) -> None:
        return None

    async def user_safety_alert(self, event: dict) -> None:
        return None


# --- frames (chat/PROTOCOL.md "Server → client") ----------------------------------------------


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


class MessageFrame(TypedDict):
    type: Literal["message"]
    id: int
    client_id: str
    author: str
    html: str
    created: str
    edited: str | None
    blocked: NotRequired[bool]


class HistoryFrame(TypedDict):
    type: Literal["history"]
    messages: list[MessageFrame]


class EditedFrame(TypedDict):
    type: Literal["edited"]
    id: int
    html: str
    edited: str


class RemovedFrame(TypedDict):
    type: Literal["removed"]
    id: int


class PresenceFrame(TypedDict):
    type: Literal["presence"]
    members: list[str]


class TypingFrame(TypedDict):
    type: Literal["typing"]
    author: str


class RoomFrame(TypedDict):
    type: Literal["room"]
    locked: bool
    slow_mode: int
    # Extension: whether a facilitator locked the room (``locked`` also counts a "sessions
    # only" room's closed hours): the facilitators' one Lock/Unlock toggle shows this.
    locked_by_facilitator: bool


class SessionFrame(TypedDict):
    type: Literal["session"]
    phase: str | None
    queue: list[str]
    turn: str | None
    paused: bool
    turn_ends: str | None


class SideRoomFrame(TypedDict):
    type: Literal["side_room"]
    room: str
    # Extension: True for the facilitator who opened it, so each person reads the right way
    # round ("You opened…" / "… invited you…").
    opened_by_you: bool
    # "with" is a keyword, so this frame's builder sets it; the key is checked by name.


class SideRoomClosedFrame(TypedDict):
    type: Literal["side_room"]
    room: str
    closed: bool


class CrisisResourcesFrame(TypedDict):
    type: Literal["crisis_resources"]
    resources: list[dict]


class NoticeFrame(TypedDict):
    type: Literal["notice"]
    code: Literal["muted", "unmuted", "checkin_sent", "member_muted", "member_unmuted"]
    detail: str


class CheckinRequestFrame(TypedDict):
    """To the group's responders in the main room: ``member`` asked for a check-in."""

    type: Literal["checkin_request"]
    member: str


class AckFrame(TypedDict):
    type: Literal["ack"]
    client_id: str
    id: int


class CrisisMarkFrame(TypedDict):
    """Facilitators only: these messages (``seq`` ids) read as a crisis."""

    type: Literal["crisis_mark"]
    ids: list[int]


class SafetyAlertFrame(TypedDict):
    """Over ``ws /ws/notifications/`` to responders: show or update the alert's banner.

    Names the group and the member's pseudonym and links to the message; never the words.
    """

    type: Literal["safety_alert"]
    id: int
    level: Literal["high", "concern"]
    category: str
    group: str | None
    member: str
    url: str
    count: int
    created: str


class SafetyAlertClosedFrame(TypedDict):
    """Someone acknowledged or resolved the alert: its banner goes from every open page."""

    type: Literal["safety_alert_closed"]
    id: int


class ErrorFrame(TypedDict):
    type: Literal["error"]
    code: Literal["rate_limited", "too_long", "empty", "muted", "locked", "invalid", "busy"]
    detail: str
    client_id: NotRequired[str]
    retry_after: NotRequired[float]


def message_frame(
    *,
    seq: int,
    client_id: str,
    author: str,
    html: str,
    created: datetime,
    edited: datetime | None,
) -> MessageFrame:
    return {
        "type": "message",
        "id": seq,
        "client_id": client_id,
        "author": author,
        "html": html,
        "created": created.isoformat(),
        "edited": _iso(edited),
    }


def history_frame(*, messages: list[MessageFrame]) -> HistoryFrame:
    return {"type": "history", "messages": messages}


def edited_frame(*, seq: int, html: str, edited: datetime) -> EditedFrame:
    return {"type": "edited", "id": seq, "html": html, "edited": edited.isoformat()}


def removed_frame(*, seq: int) -> RemovedFrame:
    return {"type": "removed", "id": seq}


def presence_frame(*, members: list[str]) -> PresenceFrame:
    return {"type": "presence", "members": members}


def typing_frame(*, author: str) -> TypingFrame:
    return {"type": "typing", "author": author}


def room_frame(*, locked: bool, slow_mode: int, locked_by_facilitator: bool) -> RoomFrame:
    return {
        "type": "room",
        "locked": locked,
        "slow_mode": slow_mode,
        "locked_by_facilitator": locked_by_facilitator,
    }


def session_frame(
    *,
    phase: str | None,
    queue: list[str],
    turn: str | None,
    paused: bool,
    turn_ends: datetime | None,
) -> SessionFrame:
    return {
        "type": "session",
        "phase": phase,
        "queue": queue,
        "turn": turn,
        "paused": paused,
        "turn_ends": _iso(turn_ends),
    }


def side_room_frame(*, token: str, with_name: str, opened_by_you: bool) -> SideRoomFrame:
    frame: Any = {
        "type": "side_room",
        "room": token,
        "with": with_name,
        "opened_by_you": opened_by_you,
    }
    return frame


def checkin_request_frame(*, member: str) -> CheckinRequestFrame:
    return {"type": "checkin_request", "member": member}


def side_room_closed_frame(*, token: str) -> SideRoomClosedFrame:
    return {"type": "side_room", "room": token, "closed": True}


def crisis_resources_frame(*, resources: list[dict]) -> CrisisResourcesFrame:
    return {"type": "crisis_resources", "resources": resources}


def notice_frame(*, code: str, detail: str) -> NoticeFrame:
    frame: Any = {"type": "notice", "code": code, "detail": str(detail)}
    return frame


def ack_frame(*, client_id: str, seq: int) -> AckFrame:
    """To the sender alone, as soon as its message is stored: ``id`` is the message's id."""
    return {"type": "ack", "client_id": client_id, "id": seq}


def crisis_mark_frame(*, ids: list[int]) -> CrisisMarkFrame:
    return {"type": "crisis_mark", "ids": [int(seq) for seq in ids]}


def safety_alert_frame(
    *,
    alert_id: int,
    level: str,
    category: str,
    group: str | None,
    member: str,
    url: str,
    count: int,
    created: datetime,
) -> SafetyAlertFrame:
    frame: Any = {
        "type": "safety_alert",
        "id": int(alert_id),
        "level": level,
        "category": category,
        "group": group,
        "member": member,
        "url": url,
        "count": int(count),
        "created": created.isoformat(),
    }
    return frame


def safety_alert_closed_frame(*, alert_id: int) -> SafetyAlertClosedFrame:
    return {"type": "safety_alert_closed", "id": int(alert_id)}


def error_frame(
    *, code: str, detail: str, client_id: str | None = None, retry_after: float | None = None
) -> ErrorFrame:
    frame: Any = {"type": "error", "code": code, "detail": str(detail)}
    if client_id is not None:
        frame["client_id"] = client_id
    if retry_after is not None:
        frame["retry_after"] = round(float(retry_after), 1)
    return frame


# --- checking a frame against the protocol ----------------------------------------------------

_FRAME_TYPES: dict[str, tuple[type, ...]] = {
    "message": (MessageFrame,),
    "history": (HistoryFrame,),
    "edited": (EditedFrame,),
    "removed": (RemovedFrame,),
    "presence": (PresenceFrame,),
    "typing": (TypingFrame,),
    "room": (RoomFrame,),
    "session": (SessionFrame,),
    "side_room": (SideRoomClosedFrame, SideRoomFrame),
    "crisis_resources": (CrisisResourcesFrame,),
    "notice": (NoticeFrame,),
    "checkin_request": (CheckinRequestFrame,),
    "error": (ErrorFrame,),
    "ack": (AckFrame,),
    "crisis_mark": (CrisisMarkFrame,),
    "safety_alert": (SafetyAlertFrame,),
    "safety_alert_closed": (SafetyAlertClosedFrame,),
}
_EXTRA_REQUIRED = {SideRoomFrame: {"with"}}


def _problems_against(frame: dict, schema: type) -> list[str]:
    hints = get_type_hints(schema)
    required = set(getattr(schema, "__required_keys__", hints)) | _EXTRA_REQUIRED.get(schema, set())
    allowed = set(hints) | _EXTRA_REQUIRED.get(schema, set())
    problems = [f"missing key {key!r}" for key in sorted(required - frame.keys())]
    problems += [f"unexpected key {key!r}" for key in sorted(frame.keys() - allowed)]
    return problems


def frame_problems(frame: Any) -> list[str]:
    """What is wrong with ``frame`` as a server-to-client frame of the protocol (empty: fine)."""
    if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
        return ["a frame is a JSON object with a string 'type'"]
    schemas = _FRAME_TYPES.get(frame["type"])
    if schemas is None:
        return [f"unknown frame type {frame['type']!r}"]
    best: list[str] | None = None
    for schema in schemas:
        problems = _problems_against(frame, schema)
        if not problems:
            break
        best = problems if best is None else best
    else:
        return [f"{frame['type']}: {problem}" for problem in best or []]
    if frame["type"] == "history":
        return [p for message in frame["messages"] for p in frame_problems(message)]
    return []


def event_frames(event: dict) -> list[Any]:
    """The client frames an event carries (``frame``, and a ``notice`` when there is one)."""
    frames = []
    if "frame" in event and event["type"] != "user.notification":
        frames.append(event["frame"])
    if "text" in event:
        frames.append(json.loads(event["text"]))
    if event.get("notice") is not None:
        frames.append(event["notice"])
    return frames
