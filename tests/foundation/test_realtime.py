"""The one real-time module: frames match the protocol, events go out after commit only, every
consumer of a member shares one user channel, and no app defines its own close codes."""

import json
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

from chat.selectors import chat_access_for, main_room_for
from chat.services import message_post
from community import realtime
from community.asgi import application
from groups.models import Membership
from groups.services import membership_remove
from notifications.models import Notification
from notifications.services import notification_create
from tests.chat.chatws import ORIGIN, closed_with, joined, session_cookie_for

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ("community", "groups", "forum", "chat", "moderation", "notifications", "content")
MOMENT = datetime(2026, 1, 1, 12, tzinfo=UTC)


def every_built_frame() -> list[dict]:
    message = realtime.message_frame(
        seq=1, client_id="c1", author="wren", html="<p>hi</p>", created=MOMENT, edited=None
    )
    return [
        message,
        realtime.history_frame(messages=[message]),
        realtime.edited_frame(seq=1, html="<p>hello</p>", edited=MOMENT),
        realtime.removed_frame(seq=1),
        realtime.presence_frame(members=["wren"]),
        realtime.typing_frame(author="wren"),
        realtime.room_frame(locked=False, slow_mode=0, locked_by_facilitator=False),
        realtime.session_frame(phase="sharing", queue=[], turn=None, paused=False, turn_ends=None),
        realtime.side_room_frame(token="t0k", with_name="wren", opened_by_you=True),
        realtime.checkin_request_frame(member="wren"),
        realtime.side_room_closed_frame(token="t0k"),
        realtime.crisis_resources_frame(resources=[]),
        realtime.notice_frame(code="muted", detail="paused"),
        realtime.error_frame(code="invalid", detail="no", client_id="c1"),
        realtime.error_frame(code="busy", detail="later", client_id="c1", retry_after=1.25),
        realtime.ack_frame(client_id="c1", seq=1),
    ]


def test_every_frame_builder_makes_a_json_frame_the_protocol_accepts():
    for frame in every_built_frame():
        assert json.loads(json.dumps(frame)) == frame
        assert realtime.frame_problems(frame) == [], frame


def test_a_frame_with_a_missing_or_unknown_key_is_named_as_such():
    assert realtime.frame_problems({"type": "removed"}) == ["removed: missing key 'id'"]
    assert realtime.frame_problems({"type": "removed", "id": 1, "body": "x"}) == [
        "removed: unexpected key 'body'"
    ]
    assert realtime.frame_problems({"type": "shout"}) == ["unknown frame type 'shout'"]


@pytest.mark.django_db
def test_a_chat_message_is_sent_to_its_room_after_commit_as_a_protocol_frame(
    capture_realtime, group, member
):
    room = main_room_for(group)
    with capture_realtime() as sent:
        message_post(
            author=member,
            access=chat_access_for(user=member, group=group),
            room=room,
            body="hello everyone",
            client_id=str(uuid.uuid4()),
        )

    [event] = sent.to(realtime.room_group(room.pk))
    assert event["type"] == "chat.message"
    # Serialised once for the whole room: every consumer sends this text as it is.
    frame = json.loads(event["text"])
    assert frame["author"] == event["author"] == member.username
    assert frame["id"] == event["seq"] == 1
    assert sent.frames() == [frame]


@pytest.mark.django_db
def test_nothing_is_sent_when_the_write_rolls_back(capture_realtime, group, member):
    room = main_room_for(group)
    with capture_realtime() as sent, pytest.raises(RuntimeError):
        with transaction.atomic():
            message_post(
                author=member,
                access=chat_access_for(user=member, group=group),
                room=room,
                body="never stored",
                client_id=str(uuid.uuid4()),
            )
            raise RuntimeError("rolled back")

    assert sent == []


@pytest.mark.django_db
def test_the_group_console_closes_a_removed_members_chat_through_their_user_channel(
    capture_realtime, group, member, facilitator
):
    membership = Membership.objects.get(user=member, group=group)
    with capture_realtime() as sent:
        membership_remove(actor=facilitator, group=group, member=membership.user)

    closes = [e for e in sent.to(realtime.user_group(member.pk)) if e["type"] == "user.close"]
    assert closes == [
        {"type": "user.close", "group_id": group.pk, "code": realtime.CLOSE_NOT_ALLOWED}
    ]


@pytest.mark.django_db
def test_a_notification_goes_to_the_same_user_channel_the_chat_joins(capture_realtime, member):
    with capture_realtime() as sent:
        notification_create(
            recipient=member, kind=Notification.Kind.MODERATION, text="A word from the team."
        )

    [event] = sent.to(realtime.user_group(member.pk))
    assert event["type"] == "user.notification"
    assert event["frame"]["text"] == "A word from the team."


async def _notification_socket(user) -> WebsocketCommunicator:
    cookie = await database_sync_to_async(session_cookie_for)(user)
    communicator = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[
            (b"origin", ORIGIN),
            (b"host", b"testserver"),
            (b"cookie", f"sessionid={cookie}".encode()),
        ],
    )
    connected, _code = await communicator.connect()
    assert connected
    return communicator


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_worker_connections")
async def test_both_consumers_of_a_member_share_one_user_channel_and_ignore_what_is_not_theirs(
    group, member
):
    chat, _opening = await joined(member, slug=group.slug)
    stream = await _notification_socket(member)

    # A chat-only user event reaches the notification stream too, which shrugs it off.
    await database_sync_to_async(realtime.user_access_changed_on_commit)(
        user_id=member.pk, group_id=group.pk
    )
    await database_sync_to_async(notification_create)(
        recipient=member, kind=Notification.Kind.MODERATION, text="Still listening."
    )
    assert (await stream.receive_json_from(timeout=3))["text"] == "Still listening."

    # An account-wide close ends both connections.
    await database_sync_to_async(realtime.user_close_on_commit)(user_id=member.pk)
    assert await closed_with(chat) == realtime.CLOSE_NOT_ALLOWED
    assert await closed_with(stream) == realtime.CLOSE_NOT_ALLOWED


def _app_sources():
    for package in APP_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts and path != ROOT / "community" / "realtime.py":
                yield path


def test_close_codes_and_channel_layer_sends_live_only_in_the_realtime_module():
    offenders = []
    for path in _app_sources():
        text = path.read_text()
        for pattern in (r"\b44\d\d\b", r"group_send\(", r"group_add\(\s*f?[\"']"):
            if re.search(pattern, text):
                offenders.append(f"{path.relative_to(ROOT)}: {pattern}")
    assert offenders == []
