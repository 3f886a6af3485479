"""Liveness: the database answers a query, the channel layer carries a message, and a task
worker has been seen within two minutes (its last heartbeat is the ``worker`` field).

Without a worker nothing deferred happens (no safety escalation, no email), so that counts as
down. The test settings relax only that last rule (``HEALTHZ_REQUIRES_WORKER``), since the
test client runs no worker beside it; the field is reported either way.
"""

import asyncio
import logging
import time

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


class _LayerProbe:
    """One channel per process (per event loop) for the channel-layer check, and one check in
    flight at a time: requests that arrive meanwhile share its answer.

    A new channel per request would leave a subscription behind on each: the Redis pub/sub
    layer unsubscribes a channel only when a ``receive`` on it is cancelled, so every
    successful check used to add one for good (a load balancer probing every few seconds
    makes that thousands a day, in Redis and in every process).
    """

    def __init__(self) -> None:
        self.loop = None
        self.layer = None
        self.channel: str | None = None
        self.check: asyncio.Future | None = None
        self.sent = 0

    async def ok(self, layer) -> bool:
        loop = asyncio.get_running_loop()
        if self.loop is not loop or self.layer is not layer:
            self.loop, self.layer, self.channel, self.check = loop, layer, None, None
        if self.check is None or self.check.done():
            self.check = asyncio.ensure_future(self._ping(layer))
        return await asyncio.shield(self.check)

    async def _ping(self, layer) -> bool:
        receiving = False
        try:
            async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
                if self.channel is None:
                    self.channel = await layer.new_channel("healthz.")
                self.sent += 1
                ping = {"type": "health.ping", "n": self.sent}
                await layer.send(self.channel, ping)
                receiving = True
                # An answer to an earlier check that timed out may still be waiting: skip it.
                while (await layer.receive(self.channel)).get("n") != ping["n"]:
                    pass
            return True
        except TimeoutError:
            # Slow, not broken (an overloaded process): a line, not a traceback of asyncio's
            # insides. A receive that was cancelled gave its channel up (the layer unsubscribes
            # it): the next check makes another. Otherwise the channel is kept, never leaked.
            if receiving:
                self.channel = None
            logger.warning(
                "healthz: the channel layer took over %s s to answer", CHECK_TIMEOUT_SECONDS
            )
            return False
        except Exception:
            logger.warning("healthz: channel layer check failed", exc_info=True)
            return False


_probe = _LayerProbe()


async def _channel_layer_ok() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    return await _probe.ok(layer)


async def healthz(request):
    timings = {}
    began = time.perf_counter()
    database = await sync_to_async(_database_ok, thread_sensitive=True)()
    timings["db"] = time.perf_counter() - began
    began = time.perf_counter()
    worker = (
        await sync_to_async(_worker, thread_sensitive=True)()
        if database
        else {"status": "unknown", "last_heartbeat": None}
    )
    timings["worker"] = time.perf_counter() - began
    began = time.perf_counter()
    channel_layer = await _channel_layer_ok()
    timings["layer"] = time.perf_counter() - began
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
    # How long each check took (ms), for whoever watches a slow answer (Server-Timing).
    response["Server-Timing"] = ", ".join(
        f"{name};dur={1000 * seconds:.1f}" for name, seconds in timings.items()
    )
    return response
