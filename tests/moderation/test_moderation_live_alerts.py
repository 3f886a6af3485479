"""A safety alert reaches a facilitator's open notifications socket at once."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.asgi import application
from moderation.models import SafetyAlert
from moderation.safety import crisis_check_and_alert, worried_report_create


@pytest.fixture(autouse=True)
def _close_worker_thread_connections(transactional_db, close_worker_connections):
    return None


def _socket_for(user) -> WebsocketCommunicator:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.session.session_key}"
    return WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[
            (b"cookie", cookie.encode()),
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
        ],
    )


@pytest.mark.django_db(transaction=True)
async def test_crisis_alert_reaches_the_facilitators_live_connection(group, member, facilitator):
    communicator = await database_sync_to_async(_socket_for)(facilitator)
    connected, _ = await communicator.connect()
    assert connected

    fired = await database_sync_to_async(crisis_check_and_alert)(
        author=member, text="I want to die", group=group, source=SafetyAlert.Source.POST
    )
    frame = await communicator.receive_json_from(timeout=5)

    assert fired
    assert frame["type"] == "notification" and frame["kind"] == "safety_alert"
    assert frame["priority"] == "high"
    assert member.username in frame["text"] and "want to die" not in frame["text"]
    assert frame["url"].startswith("/moderation/safety/#alert-")
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_worried_report_sends_nothing_to_the_subjects_live_connection(
    group, member, second_member, moderator
):
    communicator = await database_sync_to_async(_socket_for)(member)
    connected, _ = await communicator.connect()
    assert connected

    await database_sync_to_async(worried_report_create)(reporter=second_member, subject=member)

    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()
