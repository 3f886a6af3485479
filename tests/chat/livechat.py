"""A chat client for tests against real server processes: it behaves as the browser does.

It reads every frame in the background, keeps the ``message`` frames in arrival order, and
sends a message until the server acknowledges it (``ack``), waiting out ``busy`` and
``rate_limited`` answers (``retry_after``) and resending with the same ``client_id``.
"""

import asyncio
import json
import os
import subprocess
import sys
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.test import Client
from websockets.asyncio.client import connect

from tests.live import ROOT, free_port, http_get


def live_env() -> dict[str, str]:
    """Server processes use this test run's committed database and channel layer."""
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    return {
        "DJANGO_SETTINGS_MODULE": "community.settings.test",
        "DATABASE_URL": f"{base}/{connection.settings_dict['NAME']}",
        "REDIS_URL": os.environ["REDIS_URL"],
        "CHANNEL_LAYER_PREFIX": os.environ.get("CHANNEL_LAYER_PREFIX", "asgi"),
        "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "community"),
    }


def cookie_for(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@contextmanager
def serve_py(env: dict[str, str], *, workers: int = 1):
    """``scripts/serve.py`` on a port of its own, as production runs it; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "scripts/serve.py",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, "serve.py exited"
            try:
                if http_get(base + "/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise TimeoutError("serve.py did not answer /healthz")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


class LiveChat:
    """One signed-in socket to a group's chat on a real server."""

    def __init__(self, ws):
        self.ws = ws
        self.messages: list[dict] = []
        self.acks: dict[str, int] = {}
        self.errors: list[dict] = []
        self.history: list[dict] = []
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, base_url: str, slug: str, cookie: str) -> "LiveChat":
        uri = base_url.replace("http://", "ws://") + f"/ws/groups/{slug}/chat/"
        ws = await connect(uri, origin=base_url, additional_headers={"Cookie": cookie})
        client = cls(ws)
        async with asyncio.timeout(10):
            while not client.opened:
                await asyncio.sleep(0.01)
        return client

    opened = False

    async def _read(self) -> None:
        async for raw in self.ws:
            frame = json.loads(raw)
            kind = frame["type"]
            if kind == "history":
                self.history = frame["messages"]
            elif kind == "room":
                self.opened = True
            elif kind == "message":
                self.messages.append(frame)
            elif kind == "ack":
                self.acks[frame["client_id"]] = frame["id"]
            elif kind == "error":
                self.errors.append(frame)

    async def send(self, *, body: str, client_id: str, timeout: float = 60) -> int:
        """Send until acknowledged; returns the stored message's id."""
        attempt = 0
        async with asyncio.timeout(timeout):
            while True:
                seen_errors = len(self.errors)
                await self.ws.send(
                    json.dumps({"type": "message", "body": body, "client_id": client_id})
                )
                wait_until = time.monotonic() + min(30, 3 * 2**attempt)
                while time.monotonic() < wait_until:
                    if client_id in self.acks:
                        return self.acks[client_id]
                    refusal = next(
                        (e for e in self.errors[seen_errors:] if e.get("client_id") == client_id),
                        None,
                    )
                    if refusal is not None:
                        assert refusal["code"] in ("busy", "rate_limited"), refusal
                        await asyncio.sleep(refusal["retry_after"])
                        break
                    await asyncio.sleep(0.01)
                attempt += 1

    async def wait_for_messages(self, count: int, timeout: float = 60) -> list[dict]:
        async with asyncio.timeout(timeout):
            while len(self.messages) < count:
                await asyncio.sleep(0.02)
        return self.messages

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()
