"""Open websockets follow every change of a person's access (issue 20, findings 2 and 4).

Each test signs a person in over HTTP (a real session cookie), opens their chat and
notification sockets through the real ASGI stack, changes their access the way people do it
(the sign-out button, the password forms, a moderator's decision, account deletion), and
checks the sockets: closed with the documented code, or told to reload (a demoted facilitator
can no longer lock the room on a socket opened before).
"""

import asyncio
import re

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core import mail
from django.test import Client

from community.accounts.models import MemberSession
from community.accounts.services import account_delete
from community.asgi import application
from groups.services import membership_remove
from groups.settings_services import facilitators_set
from moderation.services import member_suspend
from tests.chat.chatws import until
from tests.factories import DEFAULT_PASSWORD, ModeratorFactory, sign_in_with_mfa

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "another-long-password-2"  # noqa: S105


def _signed_in_client(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


async def _open(path: str, client: Client) -> WebsocketCommunicator:
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    headers = [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _code = await communicator.connect()
    assert connected
    return communicator


async def _sockets(client: Client, slug: str) -> dict[str, WebsocketCommunicator]:
    chat = await _open(f"/ws/groups/{slug}/chat/", client)
    await until(chat, "presence")
    notifications = await _open("/ws/notifications/", client)
    # The notification stream sends nothing on connect; make sure it is really open.
    assert await notifications.receive_nothing(timeout=0.1)
    return {"chat": chat, "notifications": notifications}


async def _close_code(communicator, timeout: float = 3) -> int | None:
    async with asyncio.timeout(timeout):
        while True:
            output = await communicator.receive_output(timeout=timeout)
            if output["type"] == "websocket.close":
                return output.get("code")


async def _still_open(communicator) -> bool:
    """Nothing but ordinary frames arrives for a moment (no close)."""
    while not await communicator.receive_nothing(timeout=0.3):
        output = await communicator.receive_output()
        if output["type"] == "websocket.close":
            return False
    return True


async def _all_closed(sockets: dict, code: int) -> None:
    for name, socket in sockets.items():
        assert await _close_code(socket) == code, name


async def _disconnect(*groups) -> None:
    for sockets in groups:
        for socket in sockets.values():
            await socket.disconnect()


# --- sign-out, password, "sign out everywhere" (finding 4) ---------------------------------


async def test_signing_out_closes_that_sessions_sockets_and_no_other(group, member):
    laptop = await sync_to_async(_signed_in_client)(member)
    phone = await sync_to_async(_signed_in_client)(member)
    on_laptop = await _sockets(laptop, group.slug)
    on_phone = await _sockets(phone, group.slug)

    await sync_to_async(laptop.post)("/accounts/logout/")

    await _all_closed(on_laptop, 4401)
    assert await _still_open(on_phone["chat"])
    assert await _still_open(on_phone["notifications"])
    await _disconnect(on_laptop, on_phone)


async def test_a_password_change_ends_other_sessions_and_closes_every_socket(group, member):
    laptop = await sync_to_async(_signed_in_client)(member)
    phone = await sync_to_async(_signed_in_client)(member)
    on_laptop = await _sockets(laptop, group.slug)
    on_phone = await _sockets(phone, group.slug)

    response = await sync_to_async(laptop.post)(
        "/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    await _all_closed(on_phone, 4401)
    await _all_closed(on_laptop, 4401)
    # The phone's session is gone; the laptop stays signed in (under a new session key).
    assert (await sync_to_async(phone.get)("/me/")).status_code == 302
    assert (await sync_to_async(laptop.get)("/me/")).status_code == 200
    count = await database_sync_to_async(MemberSession.objects.filter(user_id=member.pk).count)()
    assert count == 1
    await _disconnect(on_laptop, on_phone)


def _reset_password_by_email(user) -> Client:
    client = Client()
    mail.outbox = []
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    path = link.group(0).split("testserver", 1)[-1].split("8000", 1)[-1]
    form_page = client.get(path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content[:800]
    return client


async def test_a_password_reset_ends_every_session_and_closes_every_socket(group, member):
    phone = await sync_to_async(_signed_in_client)(member)
    on_phone = await _sockets(phone, group.slug)

    await sync_to_async(_reset_password_by_email)(member)

    await _all_closed(on_phone, 4401)
    assert (await sync_to_async(phone.get)("/me/")).status_code == 302
    count = await database_sync_to_async(MemberSession.objects.filter(user_id=member.pk).count)()
    assert count == 0
    await _disconnect(on_phone)


async def test_sign_out_everywhere_on_me_ends_every_session_and_socket(group, member):
    laptop = await sync_to_async(_signed_in_client)(member)
    phone = await sync_to_async(_signed_in_client)(member)
    on_laptop = await _sockets(laptop, group.slug)
    on_phone = await _sockets(phone, group.slug)

    page = await sync_to_async(laptop.get)("/me/")
    response = await sync_to_async(laptop.post)("/me/sign-out-everywhere/")

    assert "Sign out everywhere" in page.content.decode()
    assert response.status_code == 302
    await _all_closed(on_laptop, 4401)
    await _all_closed(on_phone, 4401)
    for client in (laptop, phone):
        assert (await sync_to_async(client.get)("/me/")).status_code == 302
    await _disconnect(on_laptop, on_phone)


# --- changes of access decided by staff (finding 2 and the class around it) ----------------


async def test_a_demoted_facilitator_loses_the_facilitator_tools_on_an_open_socket(
    group, facilitator
):
    moderator = await database_sync_to_async(ModeratorFactory)(totp=True)
    client = await sync_to_async(_signed_in_client)(facilitator)
    sockets = await _sockets(client, group.slug)

    await database_sync_to_async(facilitators_set)(actor=moderator, group=group, users=[])
    await asyncio.sleep(0.2)
    await sockets["chat"].send_json_to({"type": "lock"})

    frame = await until(sockets["chat"], "error")
    assert frame["code"] == "invalid"
    await _disconnect(sockets)


async def test_removal_from_the_group_closes_its_chat_socket(group, member, facilitator):
    client = await sync_to_async(_signed_in_client)(member)
    sockets = await _sockets(client, group.slug)
    await database_sync_to_async(group.memberships.get)(user=member)  # a seated member

    await database_sync_to_async(membership_remove)(actor=facilitator, group=group, member=member)

    assert await _close_code(sockets["chat"]) == 4403
    await _disconnect(sockets)


async def test_suspension_closes_every_socket_of_the_account(group, member):
    moderator = await database_sync_to_async(ModeratorFactory)(totp=True)
    client = await sync_to_async(_signed_in_client)(member)
    sockets = await _sockets(client, group.slug)

    await database_sync_to_async(member_suspend)(actor=moderator, member=member, days=3)

    await _all_closed(sockets, 4403)
    await _disconnect(sockets)


async def test_account_deletion_closes_every_socket_of_the_account(group, member):
    client = await sync_to_async(_signed_in_client)(member)
    sockets = await _sockets(client, group.slug)

    await database_sync_to_async(account_delete)(
        user=member, password=DEFAULT_PASSWORD, posts_mode="erase"
    )

    # Leaving the groups (part of the erase) may close the chat first, with 4403.
    assert await _close_code(sockets["chat"]) in (4401, 4403)
    assert await _close_code(sockets["notifications"]) == 4401
    await _disconnect(sockets)


async def test_losing_the_moderator_role_in_the_admin_reaches_open_chat_sockets(group):
    from django.contrib.auth.models import Group as AuthGroup

    from community.accounts.permissions import MODERATORS_GROUP
    from community.accounts.services import account_access_changed

    moderator = await database_sync_to_async(ModeratorFactory)(totp=True)
    client = await sync_to_async(sign_in_with_mfa)(Client(), moderator)
    sockets = await _sockets(client, group.slug)

    def demote():
        moderator.groups.remove(AuthGroup.objects.get(name=MODERATORS_GROUP))
        account_access_changed(user=moderator)

    await database_sync_to_async(demote)()

    # Not a member of the group: without the role the socket has no business there.
    assert await _close_code(sockets["chat"]) == 4403
    await _disconnect(sockets)
