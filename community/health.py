"""Liveness: the database answers a query, the channel layer carries a message, and a task
worker has been seen within two minutes (its last heartbeat is the ``worker`` field).

Without a worker nothing deferred happens (no safety escalation, no email), so that counts as
down. The test settings relax only that last rule (``HEALTHZ_REQUIRES_WORKER``), since the
test client runs no worker beside it; the field is reported either way.
"""

import asyncio
import logging

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connections
from django.http import JsonResponse

from jobs.heartbeat import worker_is_alive, worker_last_seen

logger = logging.getLogger(__name__)
CHECK_TIMEOUT_SECONDS = 3.0


def _database_ok() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any driver error means "down"
        logger.warning("healthz: database check failed", exc_info=True)
        return False


def _worker() -> dict:
    try:
        last_seen = worker_last_seen()
    except Exception:  # the database is down: no heartbeat can be read either
        logger.warning("healthz: worker heartbeat could not be read", exc_info=True)
        return {"status": "unknown", "last_heartbeat": None}
    return {
        "status": "ok" if worker_is_alive(last_seen) else "down",
        "last_heartbeat": last_seen.isoformat() if last_seen else None,
    }


async def _channel_layer_ok() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        channel = await layer.new_channel("healthz.")
        await asyncio.wait_for(layer.send(channel, {"type": "health.ping"}), CHECK_TIMEOUT_SECONDS)
        message = await asyncio.wait_for(layer.receive(channel), CHECK_TIMEOUT_SECONDS)
        return message.get("type") == "health.ping"
    except TimeoutError:
        # Slow, not broken (an overloaded process): a line, not a traceback of asyncio's insides.
        logger.warning("healthz: the channel layer took over %s s to answer", CHECK_TIMEOUT_SECONDS)
        return False
    except Exception:
        logger.warning("healthz: channel layer check failed", exc_info=True)
        return False


async def healthz(request):
    database = await sync_to_async(_database_ok, thread_sensitive=True)()
    worker = (
        await sync_to_async(_worker, thread_sensitive=True)()
        if database
        else {"status": "unknown", "last_heartbeat": None}
    )
    channel_layer = await _channel_layer_ok()
    healthy = database and channel_layer
    if settings.HEALTHZ_REQUIRES_WORKER:
        healthy = healthy and worker["status"] == "ok"
    response = JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": "ok" if database else "down",
            "channel_layer": "ok" if channel_layer else "down",
            "worker": worker,
        },
        status=200 if healthy else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
