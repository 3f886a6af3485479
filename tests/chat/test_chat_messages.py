"""Sending, storing, retrying, resuming, limits and editing in the chat."""

import json

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from chat.models import ChatMessage
from chat.selectors import chat_access_for, main_room_for
from chat.services import message_post
from community.sanitize import render_plain
from tests.chat.chatws import cid, frames_of, joined, send, until

pytestmark = pytest.mark.django_db(transaction=True)


async def count_messages() -> int:
    return await database_sync_to_async(ChatMessage.objects.count)()


async def test_a_message_reaches_everyone_in_the_room_with_every_protocol_field(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    bob, _ = await joined(facilitator, slug=group.slug)
    client_id = cid()

    await send(alice, type="message", body="Hello <b>all</b>", client_id=client_id)
    seen_by_bob = await until(bob, "message")
    seen_by_alice = await until(alice, "message")

    assert seen_by_bob == seen_by_alice
    assert seen_by_bob["id"] == 1
    assert seen_by_bob["client_id"] == client_id
    assert seen_by_bob["author"] == member.username
    assert seen_by_bob["html"] == render_plain("Hello <b>all</b>")
    assert "<b>" not in seen_by_bob["html"]
    assert "T" in seen_by_bob["created"]
    await alice.disconnect()
    await bob.disconnect()


async def test_a_message_is_stored_before_it_is_broadcast(group, member):
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="message", body="kept", client_id=cid())
    frame = await until(alice, "message")

    stored = await database_sync_to_async(
        lambda: ChatMessage.objects.filter(seq=frame["id"]).values_list("body", flat=True).first()
    )()
    assert stored == "kept"
    await alice.disconnect()


async def test_nothing_is_broadcast_when_the_write_rolls_back(group, member):
    alice, _ = await joined(member, slug=group.slug)

    def post_then_fail():
        room = main_room_for(group)
        access = chat_access_for(user=member, group=group)
        try:
            with transaction.atomic():
                message_post(author=member, access=access, room=room, body="x", client_id="c1")
                raise RuntimeError("boom")
        except RuntimeError:
            pass

    await database_sync_to_async(post_then_fail)()

    assert await frames_of(alice, "message") == []
    assert await count_messages() == 0
    await alice.disconnect()


async def test_ids_grow_one_by_one_within_a_room(group, member):
    alice, _ = await joined(member, slug=group.slug)

    for n in range(3):
        await send(alice, type="message", body=f"m{n}", client_id=cid())
    ids = [(await until(alice, "message"))["id"] for _ in range(3)]

    assert ids == [1, 2, 3]
    await alice.disconnect()


async def test_a_retry_with_the_same_client_id_never_makes_a_second_message(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    bob, _ = await joined(facilitator, slug=group.slug)
    client_id = cid()

    await send(alice, type="message", body="once", client_id=client_id)
    first = await until(alice, "message")
    await send(alice, type="message", body="once", client_id=client_id)
    again = await until(alice, "message")

    assert again == first
    assert await count_messages() == 1
    assert len(await frames_of(bob, "message")) == 1
    await alice.disconnect()
    await bob.disconnect()


async def test_resume_sends_every_message_after_the_given_id_in_order(group, member):
    alice, _ = await joined(member, slug=group.slug)
    for n in range(5):
        await send(alice, type="message", body=f"m{n}", client_id=cid())
    for _ in range(5):
        await until(alice, "message")

    await send(alice, type="resume", after=2)
    resumed = [await until(alice, "message") for _ in range(3)]

    assert [m["id"] for m in resumed] == [3, 4, 5]
    assert await alice.receive_nothing(timeout=0.2)
    await alice.disconnect()


async def test_resume_pages_through_more_than_five_hundred_missed_messages(group, member):
    def seed():
        room = main_room_for(group)
        ChatMessage.objects.bulk_create(
            ChatMessage(room=room, seq=s, author=member, client_id=f"c{s}", body="x", html="x")
            for s in range(1, 1201)
        )
        room.last_seq = 1200
        room.save()

    await database_sync_to_async(seed)()
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="resume", after=0)
    ids = [(await alice.receive_json_from(timeout=5))["id"] for _ in range(1200)]

    assert ids == list(range(1, 1201))
    await alice.disconnect()


@pytest.mark.parametrize(
    ("body", "code"),
    [("", "empty"), ("   \n ", "empty"), ("x" * 2001, "too_long"), (42, "invalid")],
)
async def test_a_message_that_breaks_a_limit_gets_an_error_and_the_socket_stays_open(
    group, member, body, code
):
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="message", body=body, client_id=cid())
    error = await until(alice, "error")
    await send(alice, type="message", body="still here", client_id=cid())

    assert error["code"] == code
    assert error["detail"]
    assert error["client_id"]
    assert (await until(alice, "message"))["id"] == 1
    await alice.disconnect()


async def test_a_message_of_exactly_two_thousand_characters_is_accepted(group, member):
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="message", body="y" * 2000, client_id=cid())

    assert (await until(alice, "message"))["id"] == 1
    await alice.disconnect()


@pytest.mark.parametrize(
    "raw",
    [
        "not json",
        json.dumps(["a", "list"]),
        json.dumps({"type": "dance"}),
        json.dumps({"no": "type"}),
        json.dumps({"type": "message", "body": "hi"}),
        json.dumps({"type": "message", "body": "hi", "client_id": 7}),
        json.dumps({"type": "resume", "after": "3"}),
        json.dumps({"type": "edit", "id": "1", "body": "x"}),
    ],
)
async def test_a_malformed_frame_gets_an_invalid_error_and_the_socket_stays_open(
    group, member, raw
):
    alice, _ = await joined(member, slug=group.slug)

    await alice.send_to(text_data=raw)
    error = await until(alice, "error")
    await send(alice, type="message", body="ok", client_id=cid())

    assert error["code"] == "invalid"
    assert (await until(alice, "message"))["id"] == 1
    await alice.disconnect()


async def test_the_sixth_message_within_five_seconds_is_rate_limited(group, member):
    alice, _ = await joined(member, slug=group.slug)

    for n in range(6):
        await send(alice, type="message", body=f"m{n}", client_id=cid())
    delivered, errors = [], []
    while len(delivered) < 5 or not errors:  # the refusal comes at once, the rest when stored
        frame = await alice.receive_json_from(timeout=3)
        {"message": delivered, "error": errors}.get(frame["type"], []).append(frame)

    assert [m["id"] for m in delivered] == [1, 2, 3, 4, 5]
    assert [error["code"] for error in errors] == ["rate_limited"]
    assert await count_messages() == 5
    await alice.disconnect()


async def test_a_member_can_edit_their_own_message_and_everyone_sees_it(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)
    bob, _ = await joined(facilitator, slug=group.slug)
    await send(alice, type="message", body="first try", client_id=cid())
    await until(bob, "message")

    await send(alice, type="edit", id=1, body="second *try*")
    edited = await until(bob, "edited")

    assert edited["id"] == 1
    assert edited["html"] == render_plain("second *try*")
    assert edited["edited"]
    await alice.disconnect()
    await bob.disconnect()


async def test_a_member_cannot_edit_or_delete_someone_elses_message(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)
    bob, _ = await joined(facilitator, slug=group.slug)
    await send(bob, type="message", body="mine", client_id=cid())
    await until(alice, "message")

    await send(alice, type="edit", id=1, body="hijacked")
    edit_error = await until(alice, "error")
    await send(alice, type="delete", id=1)
    delete_error = await until(alice, "error")

    assert edit_error["code"] == "invalid"
    assert delete_error["code"] == "invalid"
    stored = await database_sync_to_async(lambda: ChatMessage.objects.get(seq=1).body)()
    assert stored == "mine"
    await alice.disconnect()
    await bob.disconnect()


async def test_deleting_ones_own_message_removes_it_for_everyone_and_erases_its_words(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    bob, _ = await joined(facilitator, slug=group.slug)
    await send(alice, type="message", body="regret", client_id=cid())
    await until(bob, "message")

    await send(alice, type="delete", id=1)
    removed = await until(bob, "removed")

    assert removed == {"type": "removed", "id": 1}
    message = await database_sync_to_async(ChatMessage.objects.get)(seq=1)
    assert message.body == "" and message.removed_at is not None
    await alice.disconnect()
    await bob.disconnect()


async def test_removed_messages_are_left_out_of_history(group, member):
    alice, _ = await joined(member, slug=group.slug)
    await send(alice, type="message", body="one", client_id=cid())
    await send(alice, type="message", body="two", client_id=cid())
    await until(alice, "message", id=2)
    await send(alice, type="delete", id=1)
    await until(alice, "removed")
    await alice.disconnect()

    again, opening = await joined(member, slug=group.slug)

    assert [m["id"] for m in opening["history"]["messages"]] == [2]
    await again.disconnect()


async def test_typing_is_shown_to_others_at_most_once_every_three_seconds(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    bob, _ = await joined(facilitator, slug=group.slug)

    for _ in range(4):
        await send(alice, type="typing")
    typing_seen_by_bob = await frames_of(bob, "typing")
    typing_seen_by_alice = await frames_of(alice, "typing")

    assert typing_seen_by_bob == [{"type": "typing", "author": member.username}]
    assert typing_seen_by_alice == []
    await alice.disconnect()
    await bob.disconnect()


def _store_two_silently(group, member):
    room = main_room_for(group)
    for seq in (1, 2):
        ChatMessage.objects.create(
            room=room, seq=seq, author=member, client_id=f"s{seq}", body="x", html="x"
        )
    room.last_seq = 2
    room.save()
    return room


def _frame(seq: int) -> dict:
    return {
        "type": "message",
        "id": seq,
        "client_id": f"s{seq}",
        "author": "x",
        "html": "x",
        "created": "t",
        "edited": None,
    }


async def test_a_broadcast_that_overtakes_an_earlier_one_waits_for_it(group, member):
    """Broadcasts that cross on the way are put back in order, each delivered once."""
    from channels.layers import get_channel_layer

    from community.realtime import room_group

    alice, _ = await joined(member, slug=group.slug)
    room = await database_sync_to_async(_store_two_silently)(group, member)
    layer = get_channel_layer()

    await layer.group_send(
        room_group(room.pk), {"type": "chat.message", "seq": 2, "frame": _frame(2)}
    )
    await layer.group_send(
        room_group(room.pk), {"type": "chat.message", "seq": 1, "frame": _frame(1)}
    )
    got = await frames_of(alice, "message")

    assert [m["id"] for m in got] == [1, 2]
    await alice.disconnect()


async def test_a_broadcast_that_never_arrives_is_read_from_the_database(group, member):
    """If an earlier broadcast is lost, the gap is filled from the stored messages."""
    from channels.layers import get_channel_layer

    from community.realtime import room_group

    alice, _ = await joined(member, slug=group.slug)
    room = await database_sync_to_async(_store_two_silently)(group, member)

    await get_channel_layer().group_send(
        room_group(room.pk), {"type": "chat.message", "seq": 2, "frame": _frame(2)}
    )
    got = await frames_of(alice, "message", timeout=2.5)

    assert [m["id"] for m in got] == [1, 2]
    await alice.disconnect()


@pytest.mark.django_db
def test_sending_a_message_reads_no_membership_or_account_tables(group, member, queries_of):
    """Permissions are cached at connect; a message costs only the room lock and the write."""
    room = main_room_for(group)
    access = chat_access_for(user=member, group=group)

    with queries_of() as queries:
        message_post(author=member, access=access, room=room, body="hi", client_id="q1")

    sql = " ".join(queries)
    assert "groups_membership" not in sql
    assert "accounts_user" not in sql
    assert "auth_group" not in sql
    assert len(queries) <= 8
