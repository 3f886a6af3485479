"""Helpers for chat tests: a signed-in WebsocketCommunicator through the real ASGI stack."""

import asyncio
import uuid

from allauth.mfa.models import Authenticator
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.asgi import application
from tests.factories import mark_session_mfa

ORIGIN = b"http://testserver"


def session_cookie_for(user) -> str:
    """A signed-in session as a real sign-in makes it: an account with an authenticator app
    has entered a code (allauth asks for one), so its session records two-factor."""
    client = Client()
    client.force_login(user)
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        mark_session_mfa(client, user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def open_chat(user=None, *, slug: str, token: str | None = None, origin: bytes = ORIGIN):
    """Connect like a browser: Origin header and session cookie; returns the communicator."""
    headers = [(b"origin", origin), (b"host", b"testserver")]
    if user is not None:
        cookie = await database_sync_to_async(session_cookie_for)(user)
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    path = f"/ws/groups/{slug}/chat/" + (f"{token}/" if token else "")
    communicator = WebsocketCommunicator(application, path, headers=headers)
    communicator.connected, communicator.accept_code = await communicator.connect()
    return communicator


async def joined(user, *, slug: str, token: str | None = None):
    """Connect and read the opening frames; returns (communicator, {type: frame})."""
    communicator = await open_chat(user, slug=slug, token=token)
    assert communicator.connected
    opening = {}
    for _ in range(2):
        frame = await communicator.receive_json_from(timeout=3)
        opening[frame["type"]] = frame
    assert set(opening) == {"history", "room"}, opening
    await until(communicator, "presence")
    return communicator, opening


async def until(communicator, frame_type: str, timeout: float = 3, **match):
    """Read frames until one of ``frame_type`` (matching ``match``) arrives; return it."""
    async with asyncio.timeout(timeout):
        while True:
            frame = await communicator.receive_json_from(timeout=timeout)
            if frame["type"] == frame_type and all(frame.get(k) == v for k, v in match.items()):
                return frame


async def frames_of(communicator, frame_type: str, timeout: float = 0.3) -> list[dict]:
    """Everything of ``frame_type`` that arrives within ``timeout`` (others are dropped)."""
    found = []
    # receive_nothing, unlike a timed-out receive, leaves the application running.
    while not await communicator.receive_nothing(timeout=timeout):
        frame = await communicator.receive_json_from()
        if frame["type"] == frame_type:
            found.append(frame)
    return found


async def closed_with(communicator, timeout: float = 3) -> int | None:
    output = await communicator.receive_output(timeout=timeout)
    assert output["type"] == "websocket.close", output
    return output.get("code")


async def send(communicator, **frame):
    await communicator.send_json_to(frame)


def cid() -> str:
    """A fresh ``client_id`` for a message frame."""
    return str(uuid.uuid4())
