"""The chat's crisis_resources frame: the one country resolver, a number to call or text first."""

import re
import uuid

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from community.asgi import application
from content.crisis_data import read_directory_file
from content.crisis_services import crisis_resources_load
from tests.chat.chatws import session_cookie_for, until

pytestmark = pytest.mark.django_db(transaction=True)

CRISIS = "I can't go on. I want to end my life tonight."
TEL = re.compile(r"^tel:\+?(?:[0-9*]|%23){2,15}$")


async def chat_as(user, slug: str, *, accept_language: str) -> WebsocketCommunicator:
    cookie = await database_sync_to_async(session_cookie_for)(user)
    headers = [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        (b"accept-language", accept_language.encode()),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]
    communicator = WebsocketCommunicator(application, f"/ws/groups/{slug}/chat/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    await until(communicator, "presence")
    return communicator


async def crisis_frame(user, group, *, accept_language: str) -> dict:
    await database_sync_to_async(crisis_resources_load)(records=read_directory_file())
    chat = await chat_as(user, group.slug, accept_language=accept_language)
    await chat.send_json_to({"type": "message", "body": CRISIS, "client_id": str(uuid.uuid4())})
    frame = await until(chat, "crisis_resources")
    await chat.disconnect()
    return frame


@pytest.mark.parametrize(
    ("accept_language", "country", "first"),
    [
        ("en-US,en;q=0.9", "US", "tel:988"),
        ("es-MX,es;q=0.9", "MX", "tel:8009112000"),
        ("ru-RU,ru;q=0.9", "RU", "tel:+78002000122"),
    ],
)
async def test_a_member_without_a_saved_country_gets_a_number_of_the_browsers_country_first(
    group, member, accept_language, country, first
):
    member.country = ""
    await database_sync_to_async(member.save)()

    frame = await crisis_frame(member, group, accept_language=accept_language)

    assert frame["country"] == country
    assert frame["resources"][0]["first_contact"]["href"] == first
    assert frame["html"].index(f'href="{first}"') < frame["html"].index('href="https://')
    assert all(TEL.fullmatch(phone["href"]) for r in frame["resources"] for phone in r["phones"])


async def test_the_saved_country_wins_and_the_frame_is_in_the_browsers_language(group, member):
    member.country = "AR"
    await database_sync_to_async(member.save)()

    frame = await crisis_frame(member, group, accept_language="es-ES,es;q=0.9")

    assert frame["country"] == "AR"
    assert "Llamar al" in frame["html"]
    assert "Elige tu país" in frame["html"] or "Cambiar de país" in frame["html"]


async def test_the_frame_never_carries_editors_notes_or_sources(group, member):
    frame = await crisis_frame(member, group, accept_language="en-US")

    assert "Carried over from v1" not in frame["html"]
    for resource in frame["resources"]:
        assert not {"notes_for_editors", "sources", "confidence"} & set(resource)
