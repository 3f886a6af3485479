"""``/healthz`` answers 200 when the database, the channel layer and a task worker work, 503
when any fails; the ``worker`` field carries the last heartbeat of any worker."""

from datetime import timedelta

import pytest
import redis.asyncio as aioredis
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from jobs.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker_required(settings):
    settings.HEALTHZ_REQUIRES_WORKER = True


def heartbeat(seconds_ago: float) -> str:
    seen = timezone.now() - timedelta(seconds=seconds_ago)
    WorkerHeartbeat.objects.create(worker_id="worker-1", seen_at=seen)
    return seen.isoformat()


def test_healthz_is_ok_when_database_channel_layer_and_a_worker_answer(client, worker_required):
    seen = heartbeat(seconds_ago=3)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "channel_layer": "ok",
        "worker": {"status": "ok", "last_heartbeat": seen},
    }


def test_healthz_is_503_when_no_worker_was_seen_for_two_minutes(client, worker_required):
    seen = heartbeat(seconds_ago=121)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["worker"] == {"status": "down", "last_heartbeat": seen}
    assert response.json()["database"] == "ok"


def test_healthz_is_503_when_no_worker_ever_ran(client, worker_required):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["worker"] == {"status": "down", "last_heartbeat": None}


def test_without_the_worker_rule_healthz_still_reports_the_worker(client, settings):
    settings.HEALTHZ_REQUIRES_WORKER = False

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["worker"]["status"] == "down"


def test_healthz_is_503_when_the_channel_layer_is_unreachable(client):
    from channels.layers import channel_layers

    unreachable = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},
        }
    }
    with override_settings(CHANNEL_LAYERS=unreachable):
        channel_layers.backends.clear()
        response = client.get("/healthz")
    channel_layers.backends.clear()

    assert response.status_code == 503
    assert response.json()["channel_layer"] == "down"
    assert response.json()["database"] == "ok"


@pytest.mark.live
def test_healthz_on_a_live_daphne_is_503_when_the_database_is_unreachable():
    from tests.live import daphne_server, http_get

    env = {
        "DJANGO_SETTINGS_MODULE": "community.settings.test",
        "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/nowhere",
        "REDIS_URL": "",
    }
    with daphne_server(env) as base_url:
        status, body = http_get(f"{base_url}/healthz")

    assert status == 503
    assert b'"database": "down"' in body
    assert b'"worker": {"status": "unknown"' in body


def test_healthz_says_how_long_each_check_took_in_server_timing(client):
    response = client.get("/healthz")

    parts = dict(part.split(";dur=") for part in response["Server-Timing"].split(", "))
    assert set(parts) == {"db", "worker", "layer"}
    assert all(float(ms) >= 0 for ms in parts.values())


@pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis channel layer is not in use")
async def test_healthz_checks_leave_no_subscription_behind_in_redis(
    async_client, close_worker_connections
):
    """One channel per process for the check: a hundred checks, at most one subscription (each
    used to leave its own in Redis for good)."""
    redis = aioredis.Redis.from_url(settings.REDIS_URL)
    before = set(await redis.pubsub_channels("*healthz*"))  # other processes' own probes
    for _ in range(100):
        assert (await async_client.get("/healthz")).status_code == 200
    subscribed = set(await redis.pubsub_channels("*healthz*")) - before
    await redis.aclose()

    assert len(subscribed) <= 1
