"""The banner's frames over ``ws /ws/notifications/`` and the crisis mark in the chat, through
the real ASGI stack: to facilitators and moderators only, never to members."""

import asyncio

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client

from community.asgi import application
from moderation.models import SafetyAlert
from moderation.safety import safety_alert_acknowledge
from tests.chat.chatws import frames_of, joined, open_chat, send, until
from tests.factories import MembershipFactory

CRISIS = "I want to end my life tonight."


def _close_this_threads_connections() -> None:
    for connection in connections.all(initialized_only=True):
        connection.close()
        if connection.connection is not None:
            connection.connection.close()
            connection.connection = None


@pytest.fixture(autouse=True)
async def _close_worker_thread_connections(transactional_db):
    yield
    await sync_to_async(_close_this_threads_connections, thread_sensitive=True)()


def _notifications_socket_for(user) -> WebsocketCommunicator:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}"
    return WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[
            (b"cookie", cookie.encode()),
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
        ],
    )


async def _stream(user) -> WebsocketCommunicator:
    communicator = await database_sync_to_async(_notifications_socket_for)(user)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _the_alert() -> SafetyAlert:
    """The alert, once raised: the chat raises it after acknowledging the message."""
    for _ in range(100):
        alert = await database_sync_to_async(SafetyAlert.objects.first)()
        if alert is not None:
            return alert
        await asyncio.sleep(0.05)
    raise AssertionError("no safety alert was raised within 5 s")


async def _banner_frames(communicator, timeout: float = 1.0) -> list[dict]:
    found = []
    while not await communicator.receive_nothing(timeout=timeout):
        frame = await communicator.receive_json_from()
        if frame["type"].startswith("safety_alert"):
            found.append(frame)
    return found


@pytest.mark.django_db(transaction=True)
async def test_five_crisis_messages_reach_the_facilitators_banner_as_one_alert_counting_to_five(
    group, member, facilitator, moderator
):
    stream = await _stream(facilitator)
    moderator_stream = await _stream(moderator)
    chat, _opening = await joined(member, slug=group.slug)

    for n in range(5):
        await send(chat, type="message", body=f"{CRISIS} ({n})", client_id=f"crisis-{n}")
        await until(chat, "message", client_id=f"crisis-{n}")

    frames = await _banner_frames(stream)
    alert = await database_sync_to_async(SafetyAlert.objects.get)()
    assert alert.count == 5
    assert [frame["count"] for frame in frames] == [1, 2, 3, 4, 5]
    assert {frame["id"] for frame in frames} == {alert.pk}
    last = frames[-1]
    assert last["type"] == "safety_alert" and last["level"] == "high"
    assert last["group"] == group.name and last["member"] == member.username
    assert last["url"] == f"/groups/{group.slug}/chat/#m-5"
    assert "end my life" not in str(frames)  # the frame names and links; it never quotes
    moderator_frames = await _banner_frames(moderator_stream, timeout=0.3)
    assert [frame["count"] for frame in moderator_frames] == [1, 2, 3, 4, 5]
    for communicator in (stream, moderator_stream, chat):
        await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_members_never_receive_banner_frames_not_even_the_one_it_is_about(
    group, member, facilitator
):
    other = await database_sync_to_async(lambda: MembershipFactory(group=group).user)()
    author_stream = await _stream(member)
    other_stream = await _stream(other)
    chat, _opening = await joined(member, slug=group.slug)

    await send(chat, type="message", body=CRISIS, client_id="c1")
    await until(chat, "message", client_id="c1")

    assert await _banner_frames(author_stream, timeout=0.5) == []
    assert await _banner_frames(other_stream, timeout=0.3) == []
    for communicator in (author_stream, other_stream, chat):
        await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_acknowledging_clears_the_banner_on_every_responders_stream(
    group, member, facilitator, moderator
):
    chat, _opening = await joined(member, slug=group.slug)
    await send(chat, type="message", body=CRISIS, client_id="c1")
    await until(chat, "message", client_id="c1")
    alert = await _the_alert()
    streams = [await _stream(facilitator), await _stream(facilitator), await _stream(moderator)]

    await database_sync_to_async(safety_alert_acknowledge)(actor=facilitator, alert=alert)

    for stream in streams:
        # The alert itself may still be arriving (it is raised after the chat's ack, so a
        # stream opened meanwhile can see its notification first): read up to the closing.
        frame = await stream.receive_json_from(timeout=5)
        while frame["type"] != "safety_alert_closed":
            assert frame["type"] in {"notification", "safety_alert"}, frame
            frame = await stream.receive_json_from(timeout=5)
        assert frame == {"type": "safety_alert_closed", "id": alert.pk}
        await stream.disconnect()
    await chat.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_in_the_chat_only_facilitators_see_the_crisis_message_marked(
    group, member, facilitator
):
    other = await database_sync_to_async(lambda: MembershipFactory(group=group).user)()
    facilitator_chat, _ = await joined(facilitator, slug=group.slug)
    other_chat, _ = await joined(other, slug=group.slug)
    author_chat, _ = await joined(member, slug=group.slug)

    await send(author_chat, type="message", body="Good evening, everyone.", client_id="calm")
    await send(author_chat, type="message", body=CRISIS, client_id="c1")

    mark = await until(facilitator_chat, "crisis_mark")
    assert mark == {"type": "crisis_mark", "ids": [2]}
    assert await frames_of(other_chat, "crisis_mark", timeout=0.5) == []
    assert await frames_of(author_chat, "crisis_mark", timeout=0.3) == []

    # Connecting later (once the alert the mark belongs to is raised, after the ack), a
    # facilitator sees the mark on the history; a member does not.
    await _the_alert()
    late_facilitator = await open_chat(facilitator, slug=group.slug)
    late_member = await open_chat(other, slug=group.slug)
    assert await frames_of(late_facilitator, "crisis_mark", timeout=0.5) == [
        {"type": "crisis_mark", "ids": [2]}
    ]
    assert await frames_of(late_member, "crisis_mark", timeout=0.3) == []
    for communicator in (facilitator_chat, other_chat, author_chat, late_facilitator, late_member):
        await communicator.disconnect()
