"""Odd websocket frames: nobody can close the group's room, and no frame breaks a socket
(issue 20, findings 9 and 11)."""

import logging

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from chat.models import ChatRoom
from chat.selectors import main_room_for
from tests.chat.chatws import frames_of, joined, send, until
from tests.factories import MembershipFactory
from tests.security.test_socket_lifecycle import _open, _signed_in_client

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_worker_connections"),
]


async def test_side_room_close_on_the_group_room_is_refused_and_nobody_is_dropped(group, member):
    muted = await database_sync_to_async(MembershipFactory)(
        group=group, muted_until=timezone.now() + timezone.timedelta(hours=1)
    )
    bystander, _ = await joined(member, slug=group.slug)
    troublemaker, _ = await joined(muted.user, slug=group.slug)

    await send(troublemaker, type="side_room_close")

    error = await until(troublemaker, "error")
    assert error["code"] == "invalid"
    await send(bystander, type="typing")
    assert await frames_of(bystander, "side_room") == []
    room = await database_sync_to_async(main_room_for)(group)
    assert room.closed_at is None
    # Both sockets are still open: each still answers a frame.
    await send(bystander, type="resume", after=0)
    await send(troublemaker, type="no-such-type")
    assert (await until(troublemaker, "error"))["code"] == "invalid"
    await bystander.disconnect()
    await troublemaker.disconnect()


async def test_a_one_to_one_room_is_closed_by_one_of_its_two_people_only(group, member):
    from chat.services import ChatError, side_room_close

    other = await database_sync_to_async(MembershipFactory)(group=group)
    facilitator = await database_sync_to_async(MembershipFactory)(group=group, role="facilitator")
    room = await database_sync_to_async(ChatRoom.objects.create)(
        group=group,
        kind=ChatRoom.Kind.SIDE,
        side_facilitator=facilitator.user,
        side_member=member,
    )

    with pytest.raises(ChatError):
        await database_sync_to_async(side_room_close)(user=other.user, room=room)
    await database_sync_to_async(side_room_close)(user=member, room=room)

    await database_sync_to_async(room.refresh_from_db)()
    assert room.closed_at is not None


@pytest.mark.parametrize("depth", [100_000, 5_000])
async def test_a_deeply_nested_frame_gets_an_error_frame_and_no_traceback(
    group, member, caplog, depth
):
    communicator, _ = await joined(member, slug=group.slug)
    caplog.set_level(logging.WARNING)

    await communicator.send_to(text_data="[" * depth + "]" * depth)

    error = await until(communicator, "error")
    assert error["code"] in {"too_long", "invalid"}
    await send(communicator, type="message", body="still here", client_id="after-nesting")
    assert (await until(communicator, "message", client_id="after-nesting"))["html"]
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    await communicator.disconnect()


async def test_the_notification_stream_answers_any_frame_without_parsing_it(member, caplog):
    from asgiref.sync import sync_to_async

    client = await sync_to_async(_signed_in_client)(member)
    stream = await _open("/ws/notifications/", client)
    caplog.set_level(logging.WARNING)

    for text in ("[" * 100_000 + "]" * 100_000, "[" * 5_000, "not json", '{"type": "x"}'):
        await stream.send_to(text_data=text)
        reply = await stream.receive_json_from(timeout=3)
        assert reply["code"] == "invalid"

    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    await stream.disconnect()
