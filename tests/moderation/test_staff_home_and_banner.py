"""The staff home (/staff/), landing there after sign-in, the safety banner on every page, and a
crisis post held by pre-moderation: first in every queue, one message to its author."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from chat.selectors import chat_access_for, main_room_for
from chat.services import message_post
from community import realtime
from forum.services import post_create, thread_create
from groups.models import Membership
from moderation.models import QueueItem, SafetyAlert
from moderation.safety import safety_alert_raise
from moderation.selectors import open_queue_items
from moderation.services import report_create
from tests.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    SupportGroupFactory,
    current_totp_code,
    sign_in_with_mfa,
)

pytestmark = pytest.mark.django_db

CRISIS = "I want to end my life tonight."


def _chat(author, group, body=CRISIS):
    message_post(
        author=author,
        access=chat_access_for(user=author, group=group),
        room=main_room_for(group),
        body=body,
        client_id=str(uuid.uuid4()),
    )


# ------------------------------------------------------------------ the staff home


def test_the_staff_home_shows_a_facilitators_groups_alerts_requests_approvals_and_reports(
    facilitator_client, group, member, other_group
):
    older = MembershipFactory(group=group).user
    old_alert = safety_alert_raise(subject=older, group=group, source="post")
    SafetyAlert.objects.filter(pk=old_alert.pk).update(
        created_at=timezone.now() - timezone.timedelta(minutes=42)
    )
    _chat(member, group)
    requester = MembershipFactory(group=group, state=Membership.State.REQUESTED).user
    MembershipFactory(group=other_group, state=Membership.State.REQUESTED)
    reported = thread_create(author=member, group=group, title="Week", body="A hard week.").post
    report_create(reporter=older, target=reported, reason="spam", note="")
    group.premoderated_post_count = 2
    group.save()
    newcomer = MembershipFactory(group=group).user
    thread_create(author=newcomer, group=group, title="Hello", body="My first words here.")

    response = facilitator_client.get("/staff/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Staff home</h1>" in html
    assert group.name in html and other_group.name not in html
    # Open alerts, oldest first, each with how long it has waited and a link to the words.
    assert html.index(older.username) < html.index(member.username)
    assert "waiting for 42" in html
    assert "/groups/" in html and "#m-1" in html
    assert requester.username in html
    assert newcomer.username in html  # the post waiting for approval
    assert "Reported by members" in html
    assert reverse("groups:manage", args=[group.slug]) in html


def test_a_held_crisis_post_is_first_with_a_safety_tag_in_the_staff_homes_approvals(
    facilitator_client, group
):
    group.premoderated_post_count = 2
    group.save()
    calm = MembershipFactory(group=group).user
    thread_create(author=calm, group=group, title="Hi", body="Glad to be here.")
    worried = MembershipFactory(group=group).user
    thread_create(author=worried, group=group, title="Tonight", body=CRISIS)

    html = facilitator_client.get("/staff/").content.decode()
    section = html[html.index('id="staff-approval-title"') :]

    assert section.index(worried.username) < section.index(calm.username)
    assert 'class="tag tag-safety">Safety</span>' in section


def test_members_and_visitors_get_404_for_the_staff_home(client, member):
    assert client.get("/staff/").status_code == 404
    client.force_login(member)
    assert client.get("/staff/").status_code == 404


def test_a_moderator_needs_a_two_factor_session_for_the_staff_home(
    client, moderator, moderator_without_totp, group
):
    client.force_login(moderator)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))

    other = Client()
    other.force_login(moderator_without_totp)
    response = other.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))

    response = sign_in_with_mfa(client, moderator).get("/staff/")
    assert response.status_code == 200
    assert group.name in response.content.decode()  # moderators see every group


def test_the_staff_home_costs_the_same_queries_for_few_and_many_items(
    facilitator_client, group, queries_of
):
    def queries_with(extra: int) -> int:
        for _ in range(extra):
            person = MembershipFactory(group=group).user
            _chat(person, group)
            MembershipFactory(group=group, state=Membership.State.REQUESTED)
        return len(queries_of(facilitator_client, "/staff/"))

    few = queries_with(2)
    many = queries_with(10)

    assert many == few


def test_facilitators_land_on_the_staff_home_after_signing_in(client, facilitator):
    response = client.post(
        reverse("account_login"), {"login": facilitator.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/staff/"


def test_members_keep_their_usual_landing_after_signing_in(client, member):
    response = client.post(
        reverse("account_login"), {"login": member.email, "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_next_address_still_wins_over_the_staff_home(client, facilitator, group):
    response = client.post(
        f"{reverse('account_login')}?next=/groups/{group.slug}/",
        {"login": facilitator.email, "password": DEFAULT_PASSWORD},
    )

    assert response["Location"] == f"/groups/{group.slug}/"


def test_moderators_land_on_the_staff_home_after_their_two_factor_code(client, moderator):
    client.post(reverse("account_login"), {"login": moderator.email, "password": DEFAULT_PASSWORD})

    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})

    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_the_header_links_the_staff_home_for_staff_only(client, facilitator, member):
    client.force_login(facilitator)
    assert 'href="/staff/"' in client.get("/groups/").content.decode()

    client.force_login(member)
    assert 'href="/staff/"' not in client.get("/groups/").content.decode()


def test_the_facilitator_console_links_the_safety_alerts(facilitator_client, group):
    html = facilitator_client.get(reverse("groups:manage", args=[group.slug])).content.decode()

    assert 'href="/moderation/safety/"' in html


# ------------------------------------------------------------------ the banner on every page


@pytest.mark.parametrize("path", ["/groups/", "/help/", "/me/notifications/", "/staff/"])
def test_an_open_high_alert_is_a_banner_with_role_alert_on_every_staff_page(
    facilitator_client, group, member, path
):
    _chat(member, group)
    alert = SafetyAlert.objects.get()

    html = facilitator_client.get(path).content.decode()

    banner = html[html.index("data-safety-banner") :]
    assert f'role="alert" data-alert-id="{alert.pk}"' in banner
    assert f"{member.username} may need support in {group.name}." in banner
    assert f'href="/groups/{group.slug}/chat/#m-1"' in banner
    assert f'action="/moderation/safety/{alert.pk}/acknowledge/"' in banner
    assert 'name="csrfmiddlewaretoken"' in banner
    assert "js/safety-banner.js" in html
    assert CRISIS not in html.split("<main", 1)[0]  # the words never go in the banner


def test_members_never_get_the_banner_or_its_script(client, group, member, second_member):
    _chat(member, group)
    client.force_login(second_member)

    html = client.get("/groups/").content.decode()

    assert "data-safety-banner" not in html and "safety-banner.js" not in html
    assert member.username not in html


def test_the_member_an_alert_is_about_never_sees_it_even_as_a_facilitator(client, group):
    facilitator = MembershipFactory(group=group, role="facilitator").user
    _chat(facilitator, group)
    client.force_login(facilitator)

    html = client.get("/groups/").content.decode()

    assert 'role="alert" data-alert-id' not in html


def test_a_concern_level_alert_does_not_take_the_banner(facilitator_client, group, member):
    safety_alert_raise(subject=member, group=group, source="post", level="concern")

    html = facilitator_client.get("/groups/").content.decode()

    assert 'role="alert" data-alert-id' not in html


def test_acknowledging_from_the_banner_answers_204_and_clears_it_on_every_responders_page(
    facilitator_client, group, member, facilitator, moderator, capture_realtime
):
    _chat(member, group)
    alert = SafetyAlert.objects.get()

    with capture_realtime() as sent:
        response = facilitator_client.post(
            f"/moderation/safety/{alert.pk}/acknowledge/",
            {"next": "/groups/"},
            headers={"X-Requested-With": "fetch"},
        )

    assert response.status_code == 204
    alert.refresh_from_db()
    assert alert.state == SafetyAlert.State.ACKNOWLEDGED
    for person in (facilitator, moderator):
        closed = [
            event["frame"]
            for event in sent.to(realtime.user_group(person.pk))
            if event["type"] == "user.safety_alert"
        ]
        assert closed == [{"type": "safety_alert_closed", "id": alert.pk}]
    assert not sent.to(realtime.user_group(member.pk))
    html = facilitator_client.get("/groups/").content.decode()
    assert 'role="alert" data-alert-id' not in html


def test_the_banners_plain_form_goes_back_to_the_page_it_was_on(facilitator_client, group, member):
    _chat(member, group)
    alert = SafetyAlert.objects.get()

    response = facilitator_client.post(
        f"/moderation/safety/{alert.pk}/acknowledge/", {"next": f"/groups/{group.slug}/"}
    )

    assert response.status_code == 302 and response["Location"] == f"/groups/{group.slug}/"


def test_acknowledging_needs_the_csrf_token(facilitator, group, member):
    _chat(member, group)
    alert = SafetyAlert.objects.get()
    client = Client(enforce_csrf_checks=True)
    client.force_login(facilitator)

    response = client.post(
        f"/moderation/safety/{alert.pk}/acknowledge/", headers={"X-Requested-With": "fetch"}
    )

    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.state == SafetyAlert.State.OPEN


# ------------------------------------------------------------------ held crisis posts


@pytest.fixture
def premoderated_group(db):
    return SupportGroupFactory(premoderated_post_count=2)


def test_a_held_crisis_post_goes_to_the_top_of_every_queue_with_a_safety_tag(
    client, premoderated_group, moderator
):
    facilitator = MembershipFactory(group=premoderated_group, role="facilitator").user
    calm = MembershipFactory(group=premoderated_group).user
    thread_create(author=calm, group=premoderated_group, title="Hi", body="Hello all.")
    newcomer = MembershipFactory(group=premoderated_group).user
    thread = thread_create(
        author=newcomer, group=premoderated_group, title="Still here", body="Hello."
    ).post.thread
    post_create(author=newcomer, thread=thread, body=CRISIS)

    held = QueueItem.objects.get(object_id__in=thread.posts.values("pk"), priority=0)
    assert held.source == QueueItem.Source.PREMODERATION and held.is_safety
    for person, queue in (
        (facilitator, open_queue_items(user=facilitator, group=premoderated_group)),
        (moderator, open_queue_items(user=moderator)),
    ):
        assert queue.first() == held, person
    client.force_login(facilitator)
    html = client.get(reverse("moderation:group_queue", args=[premoderated_group.slug])).content
    html = html.decode()
    first_item = html[html.index('class="card queue-item') :]
    assert first_item.startswith(f'class="card queue-item queue-item-safety" id="item-{held.pk}"')
    assert 'class="tag tag-safety">Safety</span>' in first_item[:600]


def test_the_author_of_a_held_crisis_post_is_told_one_consistent_thing(client, premoderated_group):
    MembershipFactory(group=premoderated_group, role="facilitator")
    newcomer = MembershipFactory(group=premoderated_group).user
    client.force_login(newcomer)

    response = client.post(
        reverse("groups:thread_new", args=[premoderated_group.slug]),
        {"title": "Tonight", "body": CRISIS, "submission_id": str(uuid.uuid4())},
        follow=True,
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "You don&#x27;t have to go through this alone" in html or "go through this alone" in html
    assert "waits for a facilitator before others in the group see it" in html
    assert "Your words were posted" not in html
    assert "your first posts wait for a facilitator" not in html  # no second, different notice


def test_a_held_post_that_is_not_a_crisis_keeps_the_waiting_notice(client, premoderated_group):
    newcomer = MembershipFactory(group=premoderated_group).user
    client.force_login(newcomer)

    response = client.post(
        reverse("groups:thread_new", args=[premoderated_group.slug]),
        {"title": "Hello", "body": "Glad to find you all.", "submission_id": str(uuid.uuid4())},
        follow=True,
    )
    html = response.content.decode()

    assert "your first posts wait for a facilitator" in html
    assert "go through this alone" not in html


def test_a_crisis_post_that_is_not_held_keeps_the_usual_panel(client, group, member):
    client.force_login(member)

    response = client.post(
        reverse("groups:thread_new", args=[group.slug]),
        {"title": "Tonight", "body": CRISIS, "submission_id": str(uuid.uuid4())},
        follow=True,
    )
    html = response.content.decode()

    assert "Your words were posted" in html
    assert "waits for a facilitator" not in html


def test_with_many_open_alerts_the_banner_shows_the_oldest_and_the_newest_and_counts_the_rest(
    facilitator_client, group
):
    """A facilitator with a dozen open alerts still finds the one they were just told about."""
    people = [MembershipFactory(group=group).user for _ in range(13)]
    for person in people:
        _chat(person, group)

    page = facilitator_client.get("/groups/").content.decode()

    banner = page[page.index("data-safety-banner") : page.index("data-safety-banner-status")]
    assert people[0].username in banner  # waiting longest
    assert people[-1].username in banner  # the newest
    assert people[6].username not in banner  # one of the three in between
    assert "3 more open alerts: see all safety alerts" in banner
