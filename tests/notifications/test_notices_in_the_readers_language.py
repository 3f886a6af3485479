"""Notifications are stored as a sentence to translate and its parameters, and read in the
reader's language: on the page, live, and by email; rows from before are converted."""

import importlib

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from community.asgi import application
from groups.services import membership_approve
from moderation.services import content_hide
from notifications.notices import Notice, notice
from notifications.services import notification_create
from tests.factories import MembershipFactory, UserFactory
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db

migration = importlib.import_module("notifications.migrations.0003_notification_message")


def test_a_notice_made_in_spanish_reads_in_russian_for_a_russian_reader(client, group):
    reader = UserFactory(language="ru")
    with translation.override("es"):  # the facilitator acting browses in Spanish
        notification_create(
            recipient=reader,
            kind="join_decision",
            text=notice(
                gettext_noop("Your request to join %(group)s was accepted. Welcome."),
                group=group.name,
            ),
        )
    client.force_login(reader)

    html = client.get("/me/notifications/").content.decode()

    assert f"Ваша заявка на вступление в группу «{group.name}» одобрена." in html
    assert "was accepted" not in html and "Se ha aceptado" not in html


def test_what_is_stored_is_the_sentence_and_its_parameters_not_the_text(group):
    reader = UserFactory()
    made = notification_create(
        recipient=reader,
        kind="join_decision",
        text=notice(
            gettext_noop("Your request to join %(group)s was accepted. Welcome."), group="Circle"
        ),
    )

    made.refresh_from_db()
    assert made.stored_text == ""
    assert made.message == [
        {
            "msgid": "Your request to join %(group)s was accepted. Welcome.",
            "params": {"group": "Circle"},
        }
    ]


def test_a_moderation_outcome_with_a_reason_and_a_translated_word_reads_in_spanish(
    client, group, member, facilitator
):
    member.language = "es"
    member.save()
    thread = start_thread(author=member, group=group, title="Evenings")
    post = reply_to(author=member, thread=thread, body="A reply.")
    with translation.override("ru"):
        content_hide(actor=facilitator, target=post, reason="Please keep to the topic.")
    client.force_login(member)

    html = client.get("/me/notifications/").content.decode()

    assert "ha ocultado una de tus publicaciones o mensajes (publicación)" in html
    assert "Please keep to the topic." in html  # the facilitator's own words stay as written
    assert "has been hidden" not in html and "скрыли" not in html


def test_the_email_is_written_in_the_recipients_language(django_capture_on_commit_callbacks):
    group_member = MembershipFactory(user__language="es")
    request_membership = MembershipFactory(group=group_member.group, state="requested")
    request_membership.user.language = "es"
    request_membership.user.save()
    facilitator = MembershipFactory(group=group_member.group, role="facilitator").user

    with django_capture_on_commit_callbacks(execute=True):
        membership_approve(actor=facilitator, membership=request_membership)

    message = mail.outbox[-1]
    assert message.subject == "Tienes una notificación nueva"
    assert "Hola" in message.body and "Hello" not in message.body


@pytest.fixture
async def forget_worker_connections():
    """As in test_notification_centre: drop the worker thread's database connection after."""
    yield

    def forget():
        for alias in list(connections.settings):
            if hasattr(connections._connections, alias):
                connections[alias].close()
                del connections[alias]

    await database_sync_to_async(forget)()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("forget_worker_connections")
async def test_the_live_notification_is_pushed_in_the_recipients_language(client):
    reader = await database_sync_to_async(UserFactory)(language="ru")
    await database_sync_to_async(client.force_login)(reader)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    socket = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
            (b"cookie", cookie.encode()),
        ],
    )
    connected, _ = await socket.connect()
    assert connected

    def notify():
        with translation.override("es"):  # whoever acted browses in Spanish
            notification_create(
                recipient=reader,
                kind="join_decision",
                text=notice(
                    gettext_noop("A seat is free in %(group)s. It is held for you for 48 hours."),
                    group="Circle",
                ),
            )

    await database_sync_to_async(notify)()
    frame = await socket.receive_json_from(timeout=5)
    await socket.disconnect()

    assert (
        frame["text"] == "В группе «Circle» освободилось место. Оно закреплено за вами на 48 часов."
    )


def test_plain_text_from_older_callers_is_still_stored_and_shown(client):
    reader = UserFactory()
    notification_create(recipient=reader, kind="reply", text="A plain sentence.", url="/groups/")
    client.force_login(reader)

    assert "A plain sentence." in client.get("/me/notifications/").content.decode()


def test_a_notice_with_a_broken_translation_falls_back_to_the_sentence():
    broken = Notice.from_data([{"msgid": "Hello %(name)s", "params": {}}])

    assert broken.render() == "Hello %(name)s"


@pytest.mark.parametrize(
    ("stored", "msgid", "params"),
    [
        (
            "Your request to join Circle was accepted. Welcome.",
            "Your request to join %(group)s was accepted. Welcome.",
            {"group": "Circle"},
        ),
        (
            "Se ha aceptado tu solicitud para unirte a Circle. Te damos la bienvenida.",
            "Your request to join %(group)s was accepted. Welcome.",
            {"group": "Circle"},
        ),
        (
            "quiet_river replied in a thread you follow in Circle.",
            "%(name)s replied in a thread you follow in %(group)s.",
            {"name": "quiet_river", "group": "Circle"},
        ),
    ],
)
def test_rows_from_before_become_messages_in_any_of_the_three_languages(stored, msgid, params):
    message = migration._as_message(stored, migration._catalogue())

    assert message == [{"msgid": msgid, "params": params}]


def test_a_row_from_before_with_a_reason_and_a_word_keeps_both():
    stored = (
        "One of your post in Circle has been hidden by the group's moderators. If you would "
        "like to talk about it, a facilitator is glad to help. The reason given: Off topic"
    )

    message = migration._as_message(stored, migration._catalogue())

    assert message[0]["params"]["noun"] == {"notice": [{"msgid": "post", "params": {}}]}
    assert message[1] == {
        "msgid": "The reason given: %(reason)s",
        "params": {"reason": "Off topic"},
    }


def test_a_row_from_before_that_matches_nothing_keeps_its_text():
    assert migration._as_message("Something else entirely.", migration._catalogue()) is None


def test_the_notification_list_shows_the_readers_language_for_every_kind(client, group, member):
    thread = start_thread(author=member, group=group)
    replier = MembershipFactory(group=group).user
    reply_to(author=replier, thread=thread)
    member.language = "es"
    member.save()
    client.force_login(member)

    html = client.get(reverse("accounts:notifications")).content.decode()

    assert (
        f"{replier.username} ha respondido en una conversación que sigues en {group.name}." in html
    )
