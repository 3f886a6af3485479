"""Scale-out: real server processes sharing PostgreSQL and channels-redis lose nothing, agree
on the order, and never store a retried message twice.

Runs in the PostgreSQL + Redis pass only (the processes need the committed test database and
a shared channel layer); skipped when REDIS_URL or a PostgreSQL DATABASE_URL is missing.
"""

import asyncio
import json
import os
import uuid

import pytest

from chat.models import ChatMessage
from tests.chat.livechat import LiveChat, cookie_for, live_env, serve_py
from tests.factories import FacilitatorMembershipFactory, MembershipFactory, SupportGroupFactory
from tests.live import daphne_server

pytestmark = [
    pytest.mark.live,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL and Redis shared with the server processes",
    ),
]

SENDERS = 12
PER_SENDER = 5  # the rate limit allows 5 messages in 5 seconds per member


@pytest.fixture
def crowd():
    group = SupportGroupFactory(capacity=50)
    reader = MembershipFactory(group=group).user
    facilitator = FacilitatorMembershipFactory(group=group).user
    senders = [MembershipFactory(group=group).user for _ in range(SENDERS)]
    return {
        "slug": group.slug,
        "reader": cookie_for(reader),
        "facilitator": cookie_for(facilitator),
        "senders": [cookie_for(user) for user in senders],
    }


async def send_all(client: LiveChat, label: str, count: int) -> list[str]:
    """Send ``count`` messages one after another, each until acknowledged."""
    client_ids = [f"{label}-{n}-{uuid.uuid4()}" for n in range(count)]
    for n, client_id in enumerate(client_ids):
        await client.send(body=f"{label} says {n}", client_id=client_id)
    return client_ids


def stored_in_order() -> list[tuple[int, str]]:
    return list(ChatMessage.objects.order_by("seq").values_list("seq", "client_id"))


def test_a_message_sent_through_one_daphne_reaches_a_client_on_the_other(crowd):
    env = live_env()

    async def scenario(one: str, two: str):
        listener = await LiveChat.open(one, crowd["slug"], crowd["reader"])
        speaker = await LiveChat.open(two, crowd["slug"], crowd["facilitator"])
        client_ids = await send_all(speaker, "speaker", 5)
        heard = await listener.wait_for_messages(5)
        await listener.close()
        await speaker.close()
        return client_ids, heard

    with daphne_server(env) as one, daphne_server(env) as two:
        client_ids, heard = asyncio.run(scenario(one, two))

    assert [f["client_id"] for f in heard] == client_ids
    assert [f["id"] for f in heard] == [1, 2, 3, 4, 5]


def test_members_on_two_serve_py_instances_receive_every_message_in_the_same_order(crowd):
    """Two ``scripts/serve.py`` instances on their own ports, as two machines behind a load
    balancer: members on both, senders on both at once; every member receives every message,
    in the same order, with gapless ids, exactly as stored."""
    env = live_env()
    total = SENDERS * PER_SENDER

    async def scenario(one: str, two: str):
        readers = [
            await LiveChat.open(one, crowd["slug"], crowd["reader"]),
            await LiveChat.open(two, crowd["slug"], crowd["facilitator"]),
        ]
        senders = [
            await LiveChat.open(one if n % 2 else two, crowd["slug"], cookie)
            for n, cookie in enumerate(crowd["senders"])
        ]
        await asyncio.gather(
            *(send_all(client, f"s{n}", PER_SENDER) for n, client in enumerate(senders))
        )
        everyone = readers + senders
        for client in everyone:
            await client.wait_for_messages(total)
        seen = [[(f["id"], f["client_id"]) for f in client.messages] for client in everyone]
        for client in everyone:
            await client.close()
        return seen

    with serve_py(env) as one, serve_py(env) as two:
        assert one != two
        seen = asyncio.run(scenario(one, two))

    stored = stored_in_order()
    assert [seq for seq, _ in stored] == list(range(1, total + 1))
    for sequence in seen:
        assert sequence == stored


def test_one_client_id_sent_through_both_processes_at_once_is_stored_once(crowd):
    """The same message retried on a second connection (another process) while the first try
    is still in flight: one message, one id, both connections acknowledged with it."""
    env = live_env()

    async def scenario(one: str, two: str):
        first = await LiveChat.open(one, crowd["slug"], crowd["senders"][0])
        second = await LiveChat.open(two, crowd["slug"], crowd["senders"][0])
        ids = []
        for n in range(PER_SENDER):
            client_id = f"retried-{n}-{uuid.uuid4()}"
            ids += await asyncio.gather(
                first.send(body=f"once {n}", client_id=client_id),
                second.send(body=f"once {n}", client_id=client_id),
            )
        await first.close()
        await second.close()
        return ids

    with serve_py(env) as one, serve_py(env) as two:
        ids = asyncio.run(scenario(one, two))

    assert ids == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    stored = stored_in_order()
    assert [seq for seq, _ in stored] == [1, 2, 3, 4, 5]
    assert len({client_id for _, client_id in stored}) == 5


def test_a_client_dropped_mid_conversation_resumes_on_the_other_daphne_and_misses_nothing(
    crowd,
):
    env = live_env()
    total = PER_SENDER + SENDERS * PER_SENDER  # more than the 50 that history carries

    async def scenario(one: str, two: str):
        reader = await LiveChat.open(one, crowd["slug"], crowd["reader"])
        starter = await LiveChat.open(two, crowd["slug"], crowd["facilitator"])
        senders = [
            await LiveChat.open(one if n % 2 else two, crowd["slug"], cookie)
            for n, cookie in enumerate(crowd["senders"])
        ]
        # The conversation starts; the reader sees the first messages.
        await send_all(starter, "starter", PER_SENDER)
        await reader.wait_for_messages(PER_SENDER)
        # Everyone else keeps talking, through both processes, all at once...
        burst = asyncio.gather(
            *(send_all(client, f"s{n}", PER_SENDER) for n, client in enumerate(senders))
        )
        await reader.wait_for_messages(PER_SENDER + 3)
        # ...while the reader's TCP connection drops without a goodbye.
        reader.ws.transport.abort()
        seen = list(reader.messages)
        await burst
        last_id = seen[-1]["id"]

        # The reader comes back on the other process and asks for what it missed.
        again = await LiveChat.open(two, crowd["slug"], crowd["reader"])
        await again.ws.send(json.dumps({"type": "resume", "after": last_id}))
        resumed = await again.wait_for_messages(total - last_id)
        for client in [again, starter, *senders]:
            await client.close()
        return seen, again.history, resumed

    with daphne_server(env) as one, daphne_server(env) as two:
        seen, history, resumed = asyncio.run(scenario(one, two))

    last_id = seen[-1]["id"]
    assert [f["id"] for f in seen] == list(range(1, last_id + 1))
    assert len(history) == 50
    assert [f["id"] for f in resumed][: total - last_id] == list(range(last_id + 1, total + 1))
    stored = stored_in_order()
    assert [seq for seq, _ in stored] == list(range(1, total + 1))
    by_id = {f["id"]: f["client_id"] for f in seen + resumed}
    assert by_id == dict(stored)
