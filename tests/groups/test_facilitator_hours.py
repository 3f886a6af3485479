"""Unstaffed hours are honest: a group says when a facilitator is normally around, and outside
those hours its pages and chat say so and point to /help/; safety alerts still escalate."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forum.services import thread_create
from groups.hours import facilitator_around, next_around
from moderation.models import AuditEntry, SafetyAlert
from moderation.safety import crisis_check_and_alert, safety_alerts_escalate
from notifications.models import Notification

pytestmark = pytest.mark.django_db

NOTICE = "No facilitator is usually around at this time"
# A Wednesday, 20:30 in UTC: 21:30 in Madrid (winter time).
WEDNESDAY_EVENING = datetime(2026, 12, 2, 20, 30, tzinfo=UTC)
WORKING_HOURS = [{"day": day, "start": "09:00", "end": "17:00"} for day in range(5)]


@pytest.fixture
def staffed_group(group):
    group.time_zone = "Europe/Madrid"
    group.facilitator_hours = WORKING_HOURS
    group.save()
    return group


@pytest.fixture
def frozen_now(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr("groups.hours.timezone.now", lambda: moment)

    return freeze


def test_hours_are_read_in_the_groups_own_time_zone(staffed_group):
    # 08:30 UTC is 09:30 in Madrid: inside; 16:30 UTC is 17:30 in Madrid: outside.
    assert facilitator_around(staffed_group, now=datetime(2026, 12, 2, 8, 30, tzinfo=UTC))
    assert not facilitator_around(staffed_group, now=datetime(2026, 12, 2, 16, 30, tzinfo=UTC))
    assert not facilitator_around(staffed_group, now=datetime(2026, 12, 5, 10, 0, tzinfo=UTC))


def test_a_group_that_has_not_said_is_neither_staffed_nor_unstaffed(group):
    assert facilitator_around(group, now=WEDNESDAY_EVENING) is None
    assert next_around(group, now=WEDNESDAY_EVENING) is None


def test_the_next_time_someone_is_around_skips_the_weekend(staffed_group):
    friday_evening = datetime(2026, 12, 4, 19, 0, tzinfo=UTC)

    upcoming = next_around(staffed_group, now=friday_evening)

    assert upcoming.weekday() == 0 and (upcoming.hour, upcoming.minute) == (9, 0)
    assert upcoming.tzinfo.key == "Europe/Madrid"


def test_malformed_stored_hours_are_skipped_not_a_500(member_client, group, frozen_now):
    group.facilitator_hours = [{"day": 9, "start": "25:00"}, "nonsense", {"day": 2}]
    group.time_zone = "Not/AZone"
    group.save()
    frozen_now(WEDNESDAY_EVENING)

    response = member_client.get(group.get_absolute_url())

    assert response.status_code == 200
    assert NOTICE not in response.content.decode()


@pytest.mark.parametrize("page", ["forum", "chat", "thread"])
def test_outside_the_hours_the_group_and_chat_pages_say_so_and_point_to_help(
    member_client, staffed_group, member, frozen_now, page
):
    frozen_now(WEDNESDAY_EVENING)
    thread = thread_create(author=member, group=staffed_group, title="Hi", body="Hello.")
    url = {
        "forum": staffed_group.get_absolute_url(),
        "chat": reverse("chat:room", args=[staffed_group.slug]),
        "thread": thread.post.thread.get_absolute_url(),
    }[page]

    html = member_client.get(url).content.decode()

    notice = html[html.index(NOTICE) - 400 : html.index(NOTICE) + 800]
    assert 'href="/help/"' in notice
    assert "Thursday from 09:00 (Europe/Madrid time)" in notice


def test_within_the_hours_there_is_no_notice(member_client, staffed_group, frozen_now):
    frozen_now(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))  # 11:00 in Madrid

    html = member_client.get(staffed_group.get_absolute_url()).content.decode()

    assert NOTICE not in html


def test_a_group_without_hours_shows_no_notice(member_client, group, frozen_now):
    frozen_now(WEDNESDAY_EVENING)

    assert NOTICE not in member_client.get(group.get_absolute_url()).content.decode()


def test_visitors_read_the_hours_on_the_about_page(client, staffed_group):
    html = client.get(staffed_group.get_absolute_url()).content.decode()

    assert "When a facilitator is normally around" in html
    assert "Monday" in html and "09:00–17:00" in html and "Europe/Madrid" in html


# ------------------------------------------------------------------ the console


def _hours_form(time_zone="Europe/Madrid", **days):
    data = {"time_zone": time_zone}
    for day in range(7):
        data[f"day_{day}_start"], data[f"day_{day}_end"] = days.get(f"d{day}", ("", ""))
    return data


def test_a_facilitator_sets_the_hours_in_the_console_and_it_is_audited(client, group, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("groups:settings", args=[group.slug])).content.decode()
    assert "When a facilitator is normally around" in page and 'name="day_0_start"' in page

    response = client.post(
        reverse("groups:hours", args=[group.slug]),
        _hours_form(d0=("09:00", "17:00"), d3=("18:30", "21:00")),
    )

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.time_zone == "Europe/Madrid"
    assert group.facilitator_hours == [
        {"day": 0, "start": "09:00", "end": "17:00"},
        {"day": 3, "start": "18:30", "end": "21:00"},
    ]
    assert AuditEntry.objects.filter(action="group.hours_update", actor=facilitator).exists()
    page = client.get(reverse("groups:settings", args=[group.slug])).content.decode()
    assert 'value="18:30"' in page


def test_clearing_every_day_means_the_group_says_nothing(client, staffed_group, facilitator):
    client.force_login(facilitator)

    client.post(reverse("groups:hours", args=[staffed_group.slug]), _hours_form())

    staffed_group.refresh_from_db()
    assert staffed_group.facilitator_hours == []


@pytest.mark.parametrize(
    "data, message",
    [
        (_hours_form(d1=("17:00", "09:00")), "the end must come after the start"),
        (_hours_form(d2=("09:00", "")), "Please give both times for Wednesday"),
        (_hours_form(time_zone="Mars/Olympus"), "Select a valid choice"),
        (_hours_form(d4=("nine", "ten")), "Enter a valid time"),
    ],
)
def test_bad_hours_are_refused_with_a_clear_message(client, group, facilitator, data, message):
    client.force_login(facilitator)

    response = client.post(reverse("groups:hours", args=[group.slug]), data)

    assert response.status_code == 400
    assert message in response.content.decode()
    group.refresh_from_db()
    assert group.facilitator_hours == []


def test_members_cannot_set_the_hours(member_client, group):
    response = member_client.post(reverse("groups:hours", args=[group.slug]), _hours_form())

    assert response.status_code in (403, 404)
    group.refresh_from_db()
    assert group.facilitator_hours == []


# ------------------------------------------------------------------ alerts still escalate


def test_outside_the_hours_a_crisis_alert_still_escalates_to_the_moderators_on_time(
    group, member, facilitator, moderator
):
    today = timezone.now().weekday()
    group.facilitator_hours = [{"day": (today + 3) % 7, "start": "09:00", "end": "10:00"}]
    group.save()
    assert facilitator_around(group) is False
    assert crisis_check_and_alert(
        author=member, text="I want to end my life tonight.", group=group, source="post"
    )
    alert = SafetyAlert.objects.get()

    assert safety_alerts_escalate(now=timezone.now() + timezone.timedelta(minutes=11)) == 1
    assert Notification.objects.filter(
        recipient=moderator, message__icontains="not yet acknowledged"
    ).exists()
    alert.refresh_from_db()
    assert alert.escalated_at is not None
