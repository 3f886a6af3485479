"""In chat, blocks fold messages for the blocker alone, kept-apart members never see each
other in the room, deleting an account erases its messages, and bad text gets an error frame."""

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async

from chat.models import ChatMessage
from community.accounts.services import account_delete, block_create, keep_apart_add
from tests.chat.chatws import frames_of, joined, open_chat, send, until
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("close_worker_connections"),
]


@pytest.fixture
async def neighbour(group):
    return await sync_to_async(
        lambda: MembershipFactory(group=group, user=UserFactory(username="chatty_one")).user
    )()


async def test_messages_from_a_blocked_member_arrive_marked_for_the_blocker_only(
    group, member, neighbour
):
    await database_sync_to_async(block_create)(user=member, pseudonym=neighbour.username)
    blocker, _ = await joined(member, slug=group.slug)
    blocked, _ = await joined(neighbour, slug=group.slug)

    await send(blocked, type="message", body="hello room", client_id="c-1")

    to_blocker = await until(blocker, "message", client_id="c-1")
    to_author = await until(blocked, "message", client_id="c-1")
    assert to_blocker["blocked"] is True
    assert to_blocker["html"]  # folded, not lost
    assert "blocked" not in to_author
    await blocker.disconnect()
    await blocked.disconnect()


async def test_history_marks_earlier_messages_of_a_blocked_member(group, member, neighbour):
    author, _ = await joined(neighbour, slug=group.slug)
    await send(author, type="message", body="earlier words", client_id="c-2")
    await until(author, "message", client_id="c-2")
    await database_sync_to_async(block_create)(user=member, pseudonym=neighbour.username)

    blocker, opening = await joined(member, slug=group.slug)

    [message] = opening["history"]["messages"]
    assert message["blocked"] is True
    await author.disconnect()
    await blocker.disconnect()


async def test_blocking_during_a_chat_takes_effect_without_reconnecting(group, member, neighbour):
    blocker, _ = await joined(member, slug=group.slug)
    author, _ = await joined(neighbour, slug=group.slug)

    await database_sync_to_async(block_create)(user=member, pseudonym=neighbour.username)
    await frames_of(blocker, "nothing", timeout=0.3)
    await send(author, type="message", body="after the block", client_id="c-3")

    frame = await until(blocker, "message", client_id="c-3")
    assert frame["blocked"] is True
    await blocker.disconnect()
    await author.disconnect()


async def test_typing_from_a_blocked_member_is_not_shown(group, member, neighbour):
    await database_sync_to_async(block_create)(user=member, pseudonym=neighbour.username)
    blocker, _ = await joined(member, slug=group.slug)
    author, _ = await joined(neighbour, slug=group.slug)

    await send(author, type="typing")

    assert await frames_of(blocker, "typing", timeout=0.5) == []
    await blocker.disconnect()
    await author.disconnect()


async def test_kept_apart_members_never_see_each_other_in_the_presence_list(
    group, member, neighbour, facilitator
):
    await database_sync_to_async(keep_apart_add)(user=member, pseudonym=neighbour.username)
    one, _ = await joined(member, slug=group.slug)
    other, _ = await joined(neighbour, slug=group.slug)
    third = await open_chat(facilitator, slug=group.slug)
    everyone = await until(third, "presence")
    assert {member.username, neighbour.username} <= set(everyone["members"])

    seen_by_one = (await frames_of(one, "presence", timeout=0.5))[-1]["members"]
    seen_by_other = (await frames_of(other, "presence", timeout=0.5))[-1]["members"]

    assert neighbour.username not in seen_by_one and facilitator.username in seen_by_one
    assert member.username not in seen_by_other and facilitator.username in seen_by_other
    for communicator in (one, other, third):
        await communicator.disconnect()


async def test_text_that_cannot_be_stored_gets_an_error_frame_and_the_room_stays_open(
    group, member
):
    communicator, _ = await joined(member, slug=group.slug)

    await send(communicator, type="message", body="half a pair \ud800 here", client_id="c-4")
    error = await until(communicator, "error")
    await send(communicator, type="message", body="still here", client_id="c-5")
    fine = await until(communicator, "message", client_id="c-5")

    assert error["code"] == "invalid"
    assert fine["html"]
    assert await database_sync_to_async(ChatMessage.objects.count)() == 1
    await communicator.disconnect()


async def test_deleting_an_account_erases_its_messages_and_takes_them_off_open_screens(
    group, member, neighbour
):
    watcher, _ = await joined(member, slug=group.slug)
    author, _ = await joined(neighbour, slug=group.slug)
    await send(author, type="message", body="soon gone", client_id="c-6")
    sent = await until(watcher, "message", client_id="c-6")

    await database_sync_to_async(account_delete)(
        user=neighbour, password=DEFAULT_PASSWORD, posts_mode="anonymise"
    )

    removed = await until(watcher, "removed", id=sent["id"])
    assert removed["id"] == sent["id"]
    assert not await database_sync_to_async(ChatMessage.objects.filter(body="soon gone").exists)()
    await watcher.disconnect()
