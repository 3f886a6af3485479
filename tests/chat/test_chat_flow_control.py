"""Acknowledge fast, back off, never drop; and a flooding or malformed client is answered or
closed without costing anyone else a message (chat/PROTOCOL.md, "Flow control")."""

import json
import time
import uuid

import pytest
from channels.db import database_sync_to_async

from chat import consumers
from chat.flow import FrameBudget, WriteLoad
from chat.models import ChatMessage
from community import realtime
from tests.chat.chatws import frames_of, joined, send, until
from tests.factories import MembershipFactory, SupportGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)


def cid() -> str:
    return str(uuid.uuid4())


async def stored_client_ids() -> list[str]:
    return await database_sync_to_async(
        lambda: list(ChatMessage.objects.order_by("seq").values_list("client_id", flat=True))
    )()


async def answers_for(communicator, client_ids: set[str], timeout: float = 10) -> dict:
    """Read until every client_id has an ``ack`` or an ``error``; returns client_id -> frame."""
    answers: dict[str, dict] = {}
    deadline = time.monotonic() + timeout
    while set(answers) < client_ids and time.monotonic() < deadline:
        frame = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] in ("ack", "error") and frame.get("client_id") in client_ids:
            assert frame["client_id"] not in answers, f"two answers: {frame}"
            answers[frame["client_id"]] = frame
    return answers


async def test_the_sender_is_acknowledged_with_the_stored_id_and_client_id(group, member):
    alice, _ = await joined(member, slug=group.slug)
    client_id = cid()

    await send(alice, type="message", body="hello", client_id=client_id)
    ack = await until(alice, "ack")
    message = await until(alice, "message")

    assert ack == {"type": "ack", "client_id": client_id, "id": 1}
    assert realtime.frame_problems(ack) == []
    assert message["id"] == 1 and message["client_id"] == client_id
    assert await stored_client_ids() == [client_id]
    await alice.disconnect()


async def test_a_retry_is_acknowledged_with_the_first_id_and_stores_nothing_new(group, member):
    alice, _ = await joined(member, slug=group.slug)
    client_id = cid()
    await send(alice, type="message", body="once", client_id=client_id)
    first = await until(alice, "ack")

    await send(alice, type="message", body="once", client_id=client_id)
    again = await until(alice, "ack")

    assert again == first
    assert await stored_client_ids() == [client_id]
    await alice.disconnect()


async def test_a_server_that_is_behind_answers_busy_with_retry_after_and_stores_nothing(
    group, member, monkeypatch
):
    alice, _ = await joined(member, slug=group.slug)
    monkeypatch.setattr(consumers, "write_load", WriteLoad(max_pending=0))
    client_id = cid()

    await send(alice, type="message", body="wait for me", client_id=client_id)
    busy = await until(alice, "error")

    assert busy["code"] == "busy"
    assert busy["client_id"] == client_id
    assert busy["retry_after"] >= 0.5
    assert realtime.frame_problems(busy) == []
    assert await stored_client_ids() == []

    # The client resends the same client_id after retry_after: stored once.
    monkeypatch.setattr(consumers, "write_load", WriteLoad())
    await send(alice, type="message", body="wait for me", client_id=client_id)
    assert (await until(alice, "ack"))["client_id"] == client_id
    assert await stored_client_ids() == [client_id]
    await alice.disconnect()


async def test_a_message_over_the_pace_is_refused_before_it_reaches_the_store(
    group, member, monkeypatch
):
    """The pace answers on the event loop: the sixth message in a burst costs no store call
    (no thread hop, no query), and its ``error`` names it and says when to try again."""
    stores = []
    real_store = consumers.ChatConsumer._store_message

    def counting_store(self, content, schedule_open):
        stores.append(content["client_id"])
        return real_store(self, content, schedule_open)

    monkeypatch.setattr(consumers.ChatConsumer, "_store_message", counting_store)
    alice, _ = await joined(member, slug=group.slug)
    client_ids = [cid() for _ in range(6)]

    for n, client_id in enumerate(client_ids):
        await send(alice, type="message", body=f"m{n}", client_id=client_id)
    answers = await answers_for(alice, set(client_ids))

    assert [answers[c]["type"] for c in client_ids] == ["ack"] * 5 + ["error"]
    refusal = answers[client_ids[5]]
    assert refusal["code"] == "rate_limited" and refusal["retry_after"] > 0
    assert stores == client_ids[:5]
    assert await stored_client_ids() == client_ids[:5]
    await alice.disconnect()


async def test_a_message_refused_busy_does_not_use_up_the_members_pace(group, member, monkeypatch):
    alice, _ = await joined(member, slug=group.slug)
    monkeypatch.setattr(consumers, "write_load", WriteLoad(max_pending=0))
    refused = [cid() for _ in range(5)]
    for client_id in refused:
        await send(alice, type="message", body="later", client_id=client_id)
    assert {a["code"] for a in (await answers_for(alice, set(refused))).values()} == {"busy"}

    monkeypatch.setattr(consumers, "write_load", WriteLoad())
    client_ids = [cid() for _ in range(5)]
    for client_id in client_ids:
        await send(alice, type="message", body="now", client_id=client_id)
    answers = await answers_for(alice, set(client_ids))

    assert [answers[c]["type"] for c in client_ids] == ["ack"] * 5
    await alice.disconnect()


async def test_a_muted_member_writing_fast_is_told_they_are_paused_not_to_slow_down(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="mute", member=member.username, minutes=10)
    await until(alice, "notice")
    client_ids = [cid() for _ in range(8)]

    for client_id in client_ids:
        await send(alice, type="message", body="can I talk?", client_id=client_id)
    answers = await answers_for(alice, set(client_ids))

    assert {answers[c]["code"] for c in client_ids} == {"muted"}
    assert await stored_client_ids() == []
    await alice.disconnect()
    await fac.disconnect()


async def test_messages_beyond_what_one_socket_may_have_waiting_are_answered_busy(
    group, member, settings
):
    settings.CHAT_MAX_QUEUED_MESSAGES = 1
    alice, _ = await joined(member, slug=group.slug)
    client_ids = [cid() for _ in range(4)]

    for n, client_id in enumerate(client_ids):
        await send(alice, type="message", body=f"m{n}", client_id=client_id)
    answers = await answers_for(alice, set(client_ids))

    acked = [c for c in client_ids if answers[c]["type"] == "ack"]
    busy = [c for c in client_ids if answers[c]["type"] == "error"]
    assert acked[0] == client_ids[0]
    assert busy, answers
    assert {answers[c]["code"] for c in busy} == {"busy"}
    # In the order they were sent, and nothing refused was stored.
    assert await stored_client_ids() == acked
    await alice.disconnect()


async def test_a_flood_of_frames_is_refused_then_closed_and_costs_no_one_else_a_message(
    group, member, facilitator
):
    flooder, _ = await joined(member, slug=group.slug)
    bob, _ = await joined(facilitator, slug=group.slug)
    elsewhere = await database_sync_to_async(SupportGroupFactory)()
    neighbour = await database_sync_to_async(lambda: MembershipFactory(group=elsewhere).user)()
    carol, _ = await joined(neighbour, slug=elsewhere.slug)

    for _ in range(400):
        await flooder.send_to(text_data=json.dumps({"type": "typing"}))
    # Meanwhile, in the flooder's room and in another room, people keep talking.
    bob_says, carol_says = cid(), cid()
    await send(bob, type="message", body="still here", client_id=bob_says)
    await send(carol, type="message", body="and here", client_id=carol_says)
    started = time.monotonic()
    carol_ack = await until(carol, "ack", timeout=5)
    carol_waited = time.monotonic() - started
    bob_ack = await until(bob, "ack", timeout=5)

    refusals, code = [], None
    while True:
        output = await flooder.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            code = output["code"]
            break
        frame = json.loads(output["text"])
        if frame["type"] == "error":
            refusals.append(frame)
    assert code == realtime.CLOSE_FLOODING
    assert refusals and {f["code"] for f in refusals} == {"rate_limited"}
    assert len(refusals) < 20, "a flood is not mirrored back frame for frame"
    assert carol_ack["client_id"] == carol_says and carol_waited < 2
    assert bob_ack["client_id"] == bob_says
    assert set(await stored_client_ids()) == {bob_says, carol_says}
    await bob.disconnect()
    await carol.disconnect()


async def test_every_message_of_a_burst_gets_exactly_one_answer_and_none_is_stored_twice(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    bob, _ = await joined(facilitator, slug=group.slug)
    client_ids = [cid() for _ in range(60)]

    for n, client_id in enumerate(client_ids):
        await send(alice, type="message", body=f"burst {n}", client_id=client_id)
    answers = await answers_for(alice, set(client_ids))

    assert set(answers) == set(client_ids)
    acked = [c for c in client_ids if answers[c]["type"] == "ack"]
    refused = {answers[c]["code"] for c in client_ids if answers[c]["type"] == "error"}
    assert refused <= {"rate_limited", "busy"}
    assert all("retry_after" in answers[c] for c in client_ids if answers[c]["type"] == "error")
    assert 1 <= len(acked) <= 5  # the per-member limit: 5 messages in 5 seconds
    assert await stored_client_ids() == acked
    delivered = [m["client_id"] for m in await frames_of(bob, "message", timeout=0.5)]
    assert delivered == acked
    await alice.disconnect()
    await bob.disconnect()


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"text_data": "x" * 40_000}, "too_long"),
        ({"text_data": json.dumps({"type": "message", "body": "y" * 40_000})}, "too_long"),
        ({"bytes_data": b"\x00\x01binary"}, "invalid"),
        # Under the frame limit, so the parser reads it and gives up: 24,000 characters.
        ({"text_data": "[" * 12_000 + "]" * 12_000}, "invalid"),
        ({"text_data": '{"type": "message", "body": ' + "[" * 10_000}, "invalid"),
        ({"text_data": "{not json"}, "invalid"),
    ],
    ids=["huge", "huge-message", "binary", "deeply-nested", "nested-malformed", "malformed"],
)
async def test_huge_binary_nested_or_malformed_frames_get_an_error_and_the_socket_stays_open(
    group, member, frame, code
):
    alice, _ = await joined(member, slug=group.slug)

    await alice.send_to(**frame)
    error = await until(alice, "error")
    await send(alice, type="message", body="still fine", client_id=cid())

    assert error["code"] == code
    assert (await until(alice, "ack"))["id"] == 1
    await alice.disconnect()


def test_the_frame_budget_refills_over_time_and_counts_a_flood():
    budget = FrameBudget(rate=10, burst=5, close_after=20, window=5)
    # A fixed clock: at some monotonic readings ``(now + 0.1) - now`` rounds below 0.1, which
    # refilled 0.99999… of a frame and failed this test depending on the machine's uptime.
    now = budget.updated = 1000.0

    assert all(budget.take(now) for _ in range(5))
    assert not budget.take(now)
    assert budget.take(now + 0.1)  # one frame refilled after 0.1 s at 10 a second
    for _ in range(25):
        budget.take(now + 0.1)
    assert budget.flooding()
    assert FrameBudget(rate=0, burst=0).take()


def test_write_load_turns_busy_when_stores_are_slow_and_recovers():
    load = WriteLoad(max_pending=100, busy_after=0.5)
    for _ in range(4):
        assert load.admit() is None
    for _ in range(20):
        load.done(2.0)
        load.admit()
    for _ in range(3):
        load.admit()

    assert load.pending > 2
    retry_after = load.admit()
    assert retry_after is not None and 0.5 <= retry_after <= 10

    while load.pending:
        load.done(0.01)
    for _ in range(30):
        assert load.admit() is None
        load.done(0.01)


async def test_a_message_at_its_limit_escaped_the_longest_way_fits_the_one_frame_limit(
    group, member
):
    """2,000 emoji written as ``\\uXXXX\\uXXXX`` pairs (Python's ``json.dumps`` does so) is a
    message within its limit, so its frame is read and stored, not refused as too long."""
    alice, _ = await joined(member, slug=group.slug)
    body = "\N{SMILING FACE WITH SMILING EYES}" * 2000
    text = json.dumps({"type": "message", "body": body, "client_id": "emoji"})
    assert len(text) > 24_000

    await alice.send_to(text_data=text)

    assert (await until(alice, "ack", client_id="emoji"))["id"] == 1
    await alice.disconnect()
