"""Chat frames the server writes (errors, notices) come in the person's own language."""

import uuid

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from community.asgi import application
from tests.chat.chatws import ORIGIN, joined, send, session_cookie_for, until
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "El mensaje está vacío."), ("ru", "Сообщение пустое."), ("", "The message is empty.")],
)
async def test_an_error_frame_is_in_the_members_chosen_language(group, language, expected):
    member = await database_sync_to_async(
        lambda: MembershipFactory(group=group, user__language=language).user
    )()
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="message", body="   ", client_id=str(uuid.uuid4()))
    error = await until(alice, "error")

    assert error["detail"] == expected
    await alice.disconnect()


async def test_without_a_setting_the_language_cookie_decides(group):
    member = await database_sync_to_async(lambda: MembershipFactory(group=group).user)()
    session = await database_sync_to_async(session_cookie_for)(member)
    cookies = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.LANGUAGE_COOKIE_NAME}=ru"
    headers = [(b"origin", ORIGIN), (b"host", b"testserver"), (b"cookie", cookies.encode())]
    alice = WebsocketCommunicator(application, f"/ws/groups/{group.slug}/chat/", headers=headers)
    connected, _code = await alice.connect()
    assert connected

    await send(alice, type="message", body="", client_id=str(uuid.uuid4()))

    assert (await until(alice, "error"))["detail"] == "Сообщение пустое."
    await alice.disconnect()
