"""Moderator powers need a session that used the second factor, not only an account that has
one (issue 20 hardening: ``is_moderator`` checked that an authenticator exists)."""

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import Client
from django.urls import reverse

from forum.services import thread_create
from tests.factories import MembershipFactory, ModeratorFactory, mark_session_mfa


def _client(moderator, *, with_code: bool) -> Client:
    client = Client()
    client.force_login(moderator)
    if with_code:
        mark_session_mfa(client, moderator)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(("with_code", "expected"), [(False, 404), (True, 200)])
def test_a_moderator_reads_other_groups_only_in_a_session_confirmed_with_a_code(
    group, with_code, expected
):
    author = MembershipFactory(group=group).user
    thread = thread_create(author=author, group=group, title="Private", body="Words.").post.thread
    moderator = ModeratorFactory(totp=True)

    response = _client(moderator, with_code=with_code).get(thread.get_absolute_url())

    assert response.status_code == expected


@pytest.mark.django_db
def test_without_the_code_the_moderator_cannot_open_a_group_either(group):
    moderator = ModeratorFactory(totp=True)

    response = _client(moderator, with_code=False).get(reverse("groups:create"))

    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_worker_connections")
@pytest.mark.parametrize(("with_code", "connected"), [(False, False), (True, True)])
async def test_a_moderators_chat_socket_needs_a_session_confirmed_with_a_code(
    group, with_code, connected
):
    from channels.testing import WebsocketCommunicator

    from community.asgi import application

    moderator = await database_sync_to_async(ModeratorFactory)(totp=True)
    client = await sync_to_async(_client)(moderator, with_code=with_code)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    communicator = WebsocketCommunicator(
        application,
        f"/ws/groups/{group.slug}/chat/",
        headers=[
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        ],
    )
    await communicator.connect()
    first = await communicator.receive_output(timeout=3)

    if connected:
        assert first["type"] == "websocket.send"
    else:
        assert first == {"type": "websocket.close", "code": 4403}
    await communicator.disconnect()
