"""Two real daphne processes sharing PostgreSQL and channels-redis: nothing is lost.

Runs in the PostgreSQL + Redis pass only (the daphne processes need the committed test
database and a shared channel layer); skipped when REDIS_URL or a PostgreSQL DATABASE_URL is
missing.
"""

import asyncio
import json
import os
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from chat.models import ChatMessage
from tests.factories import FacilitatorMembershipFactory, MembershipFactory, SupportGroupFactory
from tests.live import daphne_server

pytestmark = [
    pytest.mark.live,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL and Redis shared with the daphne processes",
    ),
]

SENDERS = 12
PER_SENDER = 5  # the rate limit allows 5 messages in 5 seconds per member


def live_env() -> dict[str, str]:
    """The daphne processes use this test run's committed database and channel layer."""
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return {
        "DJANGO_SETTINGS_MODULE": "community.settings.test",
        "DATABASE_URL": f"{base}/{connection.settings_dict['NAME']}",
        "REDIS_URL": os.environ["REDIS_URL"],
        "CHANNEL_LAYER_PREFIX": os.environ.get("CHANNEL_LAYER_PREFIX", "asgi"),
    }


def cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def ws_connect(base_url: str, slug: str, cookie: str):
    from websockets.asyncio.client import connect

    uri = base_url.replace("http://", "ws://") + f"/ws/groups/{slug}/chat/"
    ws = await connect(uri, origin=base_url, additional_headers={"Cookie": cookie})
    opening = [json.loads(await ws.recv()) for _ in range(2)]
    assert [f["type"] for f in opening] == ["history", "room"], opening
    return ws, opening[0]["messages"]


async def next_messages(ws, count: int, timeout: float = 30) -> list[dict]:
    """Read until ``count`` message frames arrived; other frames are skipped."""
    found = []
    async with asyncio.timeout(timeout):
        while len(found) < count:
            frame = json.loads(await ws.recv())
            if frame["type"] == "message":
                found.append(frame)
            assert frame["type"] != "error", frame
    return found


async def send_burst(ws, label: str, count: int) -> list[str]:
    client_ids = [f"{label}-{n}-{uuid.uuid4()}" for n in range(count)]
    for n, client_id in enumerate(client_ids):
        await ws.send(
            json.dumps({"type": "message", "body": f"{label} says {n}", "client_id": client_id})
        )
    echoed = await next_messages(ws, count)
    # The sender hears its own messages back once stored; other senders' frames may interleave,
    # so only count our own.
    own = [f for f in echoed if f["client_id"] in client_ids]
    while len(own) < count:
        more = await next_messages(ws, 1)
        own += [f for f in more if f["client_id"] in client_ids]
    return client_ids


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


def test_a_message_sent_through_one_daphne_reaches_a_client_on_the_other(crowd):
    env = live_env()

    async def scenario(one: str, two: str):
        listener, _ = await ws_connect(one, crowd["slug"], crowd["reader"])
        speaker, _ = await ws_connect(two, crowd["slug"], crowd["facilitator"])
        client_ids = [str(uuid.uuid4()) for _ in range(5)]
        for n, client_id in enumerate(client_ids):
            await speaker.send(
                json.dumps({"type": "message", "body": f"hello {n}", "client_id": client_id})
            )
        heard = await next_messages(listener, 5)
        await listener.close()
        await speaker.close()
        return client_ids, heard

    with daphne_server(env) as one, daphne_server(env) as two:
        client_ids, heard = asyncio.run(scenario(one, two))

    assert [f["client_id"] for f in heard] == client_ids
    assert [f["id"] for f in heard] == [1, 2, 3, 4, 5]


def test_a_client_dropped_mid_conversation_resumes_on_the_other_daphne_and_misses_nothing(
    crowd,
):
    env = live_env()
    total = PER_SENDER + SENDERS * PER_SENDER  # more than the 50 that history carries

    async def scenario(one: str, two: str):
        reader, _ = await ws_connect(one, crowd["slug"], crowd["reader"])
        starter, _ = await ws_connect(two, crowd["slug"], crowd["facilitator"])
        senders = []
        for n, cookie in enumerate(crowd["senders"]):
            ws, _ = await ws_connect(one if n % 2 else two, crowd["slug"], cookie)
            senders.append(ws)

        # The conversation starts; the reader sees the first messages.
        await send_burst(starter, "starter", PER_SENDER)
        seen = await next_messages(reader, PER_SENDER)
        # Everyone else keeps talking, through both processes, all at once...
        burst = asyncio.gather(
            *(send_burst(ws, f"s{n}", PER_SENDER) for n, ws in enumerate(senders))
        )
        seen += await next_messages(reader, 3)
        # ...while the reader's TCP connection drops without a goodbye.
        reader.transport.abort()
        await burst
        last_id = seen[-1]["id"]

        # The reader comes back on the other process and asks for what it missed.
        again, history = await ws_connect(two, crowd["slug"], crowd["reader"])
        await again.send(json.dumps({"type": "resume", "after": last_id}))
        resumed = await next_messages(again, total - last_id)
        await again.close()
        for ws in [starter, *senders]:
            await ws.close()
        return seen, history, resumed

    with daphne_server(env) as one, daphne_server(env) as two:
        seen, history, resumed = asyncio.run(scenario(one, two))

    last_id = seen[-1]["id"]
    assert [f["id"] for f in seen] == list(range(1, last_id + 1))
    assert len(history) == 50
    assert [f["id"] for f in resumed] == list(range(last_id + 1, total + 1))
    stored = list(ChatMessage.objects.order_by("seq").values_list("seq", "client_id"))
    assert [seq for seq, _ in stored] == list(range(1, total + 1))
    by_id = {f["id"]: f["client_id"] for f in seen + resumed}
    assert by_id == dict(stored)
