"""The notification centre: replies, mentions, join decisions; live push; discreet email."""

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.core import mail
from django.db import connections
from django.urls import reverse

from groups.models import Membership, SupportGroup, ThreadSubscription
from notifications.models import EmailPreference, Notification
from notifications.services import GENERIC_EMAIL_SUBJECT, notification_create
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    SupportGroupFactory,
    UserFactory,
)
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db


def test_reply_notifies_the_thread_author_who_follows_by_default(group, member):
    thread = start_thread(author=member, group=group)
    replier = MembershipFactory(group=group).user

    reply_to(author=replier, thread=thread, body="You are not alone in this.")

    note = Notification.objects.get(recipient=member)
    assert note.kind == Notification.Kind.REPLY
    assert replier.username in note.text and group.name in note.text
    assert "not alone" not in note.text  # never what a member wrote


def test_reply_does_not_notify_its_own_author(group, member):
    thread = start_thread(author=member, group=group)

    reply_to(author=member, thread=thread)

    assert not Notification.objects.filter(recipient=member).exists()


def test_muted_thread_sends_no_reply_notifications(member_client, group, member):
    thread = start_thread(author=member, group=group)
    member_client.post(reverse("groups:follow", args=[group.slug, thread.pk]), {"state": "muted"})

    reply_to(author=MembershipFactory(group=group).user, thread=thread)

    assert ThreadSubscription.objects.get(user=member).state == "muted"
    assert not Notification.objects.filter(recipient=member).exists()


def test_member_who_follows_a_thread_hears_of_replies(client, group, member):
    thread = start_thread(author=member, group=group)
    follower = MembershipFactory(group=group).user
    client.force_login(follower)
    client.post(reverse("groups:follow", args=[group.slug, thread.pk]), {"state": "following"})

    reply_to(author=member, thread=thread)

    assert Notification.objects.filter(recipient=follower, kind="reply").exists()


def test_mention_notifies_a_member_of_the_group(group, member):
    mentioned = MembershipFactory(group=group, user__username="gentle_wave").user
    thread = start_thread(author=member, group=group)

    reply_to(author=member, thread=thread, body="@gentle_wave thank you for yesterday")

    note = Notification.objects.get(recipient=mentioned)
    assert note.kind == Notification.Kind.MENTION
    assert "yesterday" not in note.text


def test_mention_of_someone_outside_the_group_notifies_nobody(group, member):
    outsider = UserFactory(username="far_away")
    former = MembershipFactory(
        group=group, user__username="gone_now", state=Membership.State.LEFT
    ).user
    thread = start_thread(author=member, group=group)

    reply_to(author=member, thread=thread, body="hello @far_away and @gone_now")

    assert not Notification.objects.filter(recipient__in=[outsider, former]).exists()


def test_join_decision_is_notified_and_emailed_by_default(client):
    group = SupportGroupFactory(join_policy=SupportGroup.JoinPolicy.REQUEST)
    facilitator = FacilitatorMembershipFactory(group=group).user
    request = MembershipFactory(group=group, state=Membership.State.REQUESTED)
    client.force_login(facilitator)

    with_callbacks = client.post(
        reverse("groups:request_decision", args=[group.slug, request.pk]),
        {"decision": "approve"},
    )

    assert with_callbacks.status_code == 302
    assert Notification.objects.filter(recipient=request.user, kind="join_decision").exists()


def test_email_is_generic_and_carries_no_member_text(django_capture_on_commit_callbacks, group):
    person = MembershipFactory(group=group).user
    thread = start_thread(author=person, group=group, title="My secret title")
    EmailPreference.objects.create(user=person, kind="reply", email=True)

    with django_capture_on_commit_callbacks(execute=True):
        reply_to(author=MembershipFactory(group=group).user, thread=thread, body="private words")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == GENERIC_EMAIL_SUBJECT
    for secret in ("private words", "My secret title", group.name):
        assert secret not in message.subject and secret not in message.body


def test_reply_is_not_emailed_by_default(django_capture_on_commit_callbacks, group, member):
    thread = start_thread(author=member, group=group)

    with django_capture_on_commit_callbacks(execute=True):
        reply_to(author=MembershipFactory(group=group).user, thread=thread)

    assert Notification.objects.filter(recipient=member).exists()
    assert mail.outbox == []


def test_turning_off_join_decision_emails_is_respected(client, django_capture_on_commit_callbacks):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("accounts:notification_settings"), {"safety_alert": "on"})

    with django_capture_on_commit_callbacks(execute=True):
        notification_create(recipient=person, kind="join_decision", text="Welcome.")

    assert EmailPreference.objects.get(user=person, kind="join_decision").email is False
    assert mail.outbox == []


def test_settings_page_shows_the_defaults(client):
    client.force_login(UserFactory())

    response = client.get(reverse("accounts:notification_settings"))

    form = response.context["form"]
    assert form["join_decision"].value() is True and form["safety_alert"].value() is True
    assert form["reply"].value() is False and form["mention"].value() is False


def test_list_shows_notifications_and_opening_one_marks_it_read(client):
    person = UserFactory()
    note = notification_create(recipient=person, kind="reply", text="New reply.", url="/groups/")
    client.force_login(person)

    listing = client.get(reverse("accounts:notifications")).content.decode()
    opened = client.post(reverse("accounts:notification_open", args=[note.pk]))

    note.refresh_from_db()
    assert "New reply." in listing
    assert opened["Location"] == "/groups/" and note.read_at is not None


def test_opening_someone_elses_notification_is_404(client):
    note = notification_create(recipient=UserFactory(), kind="reply", text="x", url="/")
    client.force_login(UserFactory())

    assert client.post(reverse("accounts:notification_open", args=[note.pk])).status_code == 404


def test_notification_with_an_offsite_url_does_not_redirect_offsite(client):
    person = UserFactory()
    note = notification_create(recipient=person, kind="reply", text="x", url="https://evil.test/")
    client.force_login(person)

    response = client.post(reverse("accounts:notification_open", args=[note.pk]))

    assert response["Location"] == reverse("accounts:notifications")


def test_mark_all_read_clears_the_header_count(client):
    person = UserFactory()
    for _ in range(3):
        notification_create(recipient=person, kind="reply", text="x")
    client.force_login(person)
    assert "data-unread-count>3" in client.get(reverse("accounts:notifications")).content.decode()

    client.post(reverse("accounts:notifications_read_all"))

    html = client.get(reverse("accounts:notifications")).content.decode()
    assert "data-unread-count>" not in html
    assert not Notification.objects.filter(recipient=person, read_at__isnull=True).exists()


def test_pages_load_the_live_notification_script_and_a_polite_live_region(client):
    client.force_login(UserFactory())

    html = client.get(reverse("groups:directory")).content.decode()

    assert "js/notifications.js" in html
    assert 'aria-live="polite" data-notification-announcer' in html


def test_notification_script_updates_the_badge_and_announces_politely():
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/notifications.js")).read()

    assert "/ws/notifications/" in script
    assert "data-unread-count" in script and "data-notification-announcer" in script


@pytest.fixture
async def forget_worker_connections():
    """Drop the database connection the async tests open in asgiref's shared worker thread.

    An in-memory SQLite connection ignores close(), so without this the next async test to use
    that thread (without database access) would find it and trip pytest-django's guard.
    """
    yield

    def forget():
        for alias in list(connections.settings):
            if hasattr(connections._connections, alias):
                connections[alias].close()
                del connections[alias]

    await sync_to_async(forget)()


async def _connect_as(user_client):
    from community.asgi import application

    cookie = f"sessionid={user_client.cookies['sessionid'].value}"
    communicator = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
            (b"cookie", cookie.encode()),
        ],
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("forget_worker_connections")
async def test_reply_notification_is_pushed_live_to_the_authors_socket(client):
    group = await sync_to_async(SupportGroupFactory)()
    author = (await sync_to_async(MembershipFactory)(group=group)).user
    replier = (await sync_to_async(MembershipFactory)(group=group)).user
    thread = await sync_to_async(start_thread)(author=author, group=group)
    await sync_to_async(client.force_login)(author)
    communicator = await _connect_as(client)

    await sync_to_async(reply_to)(author=replier, thread=thread, body="a kind word")

    frame = await communicator.receive_json_from(timeout=5)
    await communicator.disconnect()
    assert frame["type"] == "notification" and frame["kind"] == "reply"
    assert "a kind word" not in frame["text"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("forget_worker_connections")
async def test_mention_is_pushed_live_to_the_mentioned_members_socket(client):
    group = await sync_to_async(SupportGroupFactory)()
    author = (await sync_to_async(MembershipFactory)(group=group)).user
    mentioned = (
        await sync_to_async(MembershipFactory)(group=group, user__username="bright_sky")
    ).user
    thread = await sync_to_async(start_thread)(author=author, group=group)
    await sync_to_async(client.force_login)(mentioned)
    communicator = await _connect_as(client)

    await sync_to_async(reply_to)(author=author, thread=thread, body="thanks @bright_sky")

    frame = await communicator.receive_json_from(timeout=5)
    await communicator.disconnect()
    assert frame["kind"] == "mention"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("forget_worker_connections")
async def test_join_decision_is_pushed_live(client):
    from groups.services import membership_approve

    group = await sync_to_async(SupportGroupFactory)(join_policy="request")
    facilitator = (await sync_to_async(FacilitatorMembershipFactory)(group=group)).user
    request = await sync_to_async(MembershipFactory)(group=group, state="requested")
    await sync_to_async(client.force_login)(request.user)
    communicator = await _connect_as(client)

    await sync_to_async(membership_approve)(actor=facilitator, membership=request)

    frame = await communicator.receive_json_from(timeout=5)
    await communicator.disconnect()
    assert frame["kind"] == "join_decision" and "accepted" in frame["text"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("forget_worker_connections")
async def test_nothing_is_pushed_when_the_reply_is_rolled_back(client):
    from django.db import transaction

    group = await sync_to_async(SupportGroupFactory)()
    author = (await sync_to_async(MembershipFactory)(group=group)).user
    replier = (await sync_to_async(MembershipFactory)(group=group)).user
    thread = await sync_to_async(start_thread)(author=author, group=group)
    await sync_to_async(client.force_login)(author)
    communicator = await _connect_as(client)

    def reply_then_fail():
        with transaction.atomic():
            reply_to(author=replier, thread=thread)
            raise RuntimeError("crash before commit")

    with pytest.raises(RuntimeError):
        await sync_to_async(reply_then_fail)()

    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()
