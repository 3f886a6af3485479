"""Who may open the chat socket, and what arrives on connect."""

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from chat.models import ChatMessage
from groups.models import Membership
from tests.chat.chatws import closed_with, joined, open_chat, until
from tests.factories import MembershipFactory, SupportGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def test_chat_closes_4401_for_a_visitor_who_is_not_signed_in(group):
    communicator = await open_chat(None, slug=group.slug)

    assert communicator.connected
    assert await closed_with(communicator) == 4401


async def test_chat_closes_4404_for_a_group_that_does_not_exist(member):
    communicator = await open_chat(member, slug="no-such-group")

    assert await closed_with(communicator) == 4404


async def test_chat_closes_4403_for_a_signed_in_person_who_is_not_a_member(group, outsider):
    communicator = await open_chat(outsider, slug=group.slug)

    assert await closed_with(communicator) == 4403


async def test_chat_closes_4403_for_a_member_who_was_removed(group):
    removed = await database_sync_to_async(MembershipFactory)(
        group=group, state=Membership.State.REMOVED
    )

    communicator = await open_chat(removed.user, slug=group.slug)

    assert await closed_with(communicator) == 4403


async def test_chat_closes_4403_for_a_suspended_member(group, member):
    member.suspended_until = timezone.now() + timezone.timedelta(days=3)
    await database_sync_to_async(member.save)()

    communicator = await open_chat(member, slug=group.slug)

    assert await closed_with(communicator) == 4403


async def test_chat_refuses_a_connection_from_a_foreign_origin(group, member):
    communicator = await open_chat(member, slug=group.slug, origin=b"https://evil.example")

    assert not communicator.connected


async def test_chat_sends_history_room_state_and_presence_on_connect(group, member):
    communicator, opening = await joined(member, slug=group.slug)

    assert opening["history"] == {"type": "history", "messages": []}
    assert opening["room"] == {
        "type": "room",
        "locked": False,
        "slow_mode": 0,
        "locked_by_facilitator": False,
    }
    await communicator.disconnect()


async def test_chat_history_holds_the_latest_fifty_messages_in_order(group, member):
    def seed():
        from chat.selectors import main_room_for

        room = main_room_for(group)
        for seq in range(1, 61):
            ChatMessage.objects.create(
                room=room, seq=seq, author=member, client_id=f"c{seq}", body="x", html="x"
            )
        room.last_seq = 60
        room.save()

    await database_sync_to_async(seed)()

    communicator, opening = await joined(member, slug=group.slug)

    ids = [m["id"] for m in opening["history"]["messages"]]
    assert ids == list(range(11, 61))
    assert set(opening["history"]["messages"][0]) >= {
        "type",
        "id",
        "client_id",
        "author",
        "html",
        "created",
    }
    await communicator.disconnect()


async def test_a_moderator_may_join_any_group_chat(group, moderator):
    communicator, opening = await joined(moderator, slug=group.slug)

    assert opening["history"]["messages"] == []
    await communicator.disconnect()


async def test_presence_lists_the_pseudonyms_of_connected_members(group, member, facilitator):
    first, _ = await joined(member, slug=group.slug)
    second, _ = await joined(facilitator, slug=group.slug)

    frame = await until(
        first, "presence", members=sorted([member.username, facilitator.username], key=str.lower)
    )
    await second.disconnect()
    after_leave = await until(first, "presence")

    assert frame["members"] == sorted([member.username, facilitator.username], key=str.lower)
    assert after_leave["members"] == [member.username]
    await first.disconnect()


async def test_members_of_another_group_get_4403(group):
    other = await database_sync_to_async(MembershipFactory)(
        group=await database_sync_to_async(SupportGroupFactory)()
    )

    communicator = await open_chat(other.user, slug=group.slug)

    assert await closed_with(communicator) == 4403


async def test_people_kept_apart_do_not_see_each_other_in_presence(group, member):
    from community.accounts.models import KeepApart

    other = (await database_sync_to_async(MembershipFactory)(group=group)).user
    await database_sync_to_async(KeepApart.objects.create)(user=other, other=member)
    alice, _ = await joined(member, slug=group.slug)

    second, _ = await joined(other, slug=group.slug)
    seen_by_alice = await until(alice, "presence")

    assert seen_by_alice["members"] == [member.username]
    await second.disconnect()
    await alice.disconnect()


async def test_messages_of_a_blocked_member_arrive_folded_for_the_blocker(group, member):
    from community.accounts.models import Block
    from tests.chat.chatws import frames_of, send

    other = (await database_sync_to_async(MembershipFactory)(group=group)).user
    await database_sync_to_async(Block.objects.create)(blocker=member, blocked=other)
    alice, _ = await joined(member, slug=group.slug)
    bob, _ = await joined(other, slug=group.slug)

    await send(bob, type="message", body="from bob", client_id="b1")
    await until(bob, "message")
    await send(alice, type="message", body="from alice", client_id="a1")

    frames = await frames_of(alice, "message")
    assert [(f["author"], f.get("blocked", False)) for f in frames] == [
        (other.username, True),
        (member.username, False),
    ]
    await bob.disconnect()
    await alice.disconnect()
