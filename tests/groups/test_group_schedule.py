"""One schedule source: the group pages and the sessions page read the group's sessions."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chat.models import GroupSession
from chat.selectors import group_schedule

pytestmark = pytest.mark.django_db


def next_tuesday_at_19_utc() -> datetime:
    now = timezone.now()
    day = now.date() + timedelta(days=2)
    while day.weekday() != 1:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 19, 0, tzinfo=UTC)


def weekly_session(group, **fields):
    values = {
        "title": "Tuesday circle",
        "starts_at": next_tuesday_at_19_utc(),
        "recurrence": GroupSession.Recurrence.WEEKLY,
    }
    return GroupSession.objects.create(group=group, **{**values, **fields})


def test_a_visitor_sees_the_schedule_of_the_weekly_session_not_the_free_text_summary(client, group):
    group.schedule_summary = "Thursdays 18:00 UTC"
    group.save()
    weekly_session(group)

    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()

    assert "Every Tuesday at 19:00" in html
    assert "Next session:" in html and "(times in UTC)" in html
    assert "Thursdays 18:00 UTC" not in html
    assert reverse("chat:sessions", args=[group.slug]) not in html


def test_a_member_sees_the_same_schedule_on_the_forum_and_sessions_pages_in_their_time_zone(
    member_client, member, group
):
    member.time_zone = "Europe/Moscow"  # UTC+3 all year
    member.save()
    weekly_session(group)

    forum = member_client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    sessions = member_client.get(reverse("chat:sessions", args=[group.slug])).content.decode()

    for html in (forum, sessions):
        assert "Every Tuesday at 22:00" in html
        assert "(times in Europe/Moscow)" in html
        assert "19:00" not in html
    assert reverse("chat:sessions", args=[group.slug]) in forum
    assert "Times are shown in UTC" not in sessions


def test_a_one_off_session_shows_as_the_next_session_without_a_weekly_line(client, group):
    GroupSession.objects.create(
        group=group, title="Special", starts_at=next_tuesday_at_19_utc() + timedelta(hours=1)
    )

    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()

    assert "Next session:" in html and "Tuesday" in html and "20:00" in html
    assert "Every Tuesday" not in html


def test_cancelled_and_finished_weekly_sessions_leave_the_schedule_and_the_note_returns(
    client, group
):
    group.schedule_summary = "We are choosing a new evening."
    group.save()
    weekly_session(group, cancelled_at=timezone.now())
    weekly_session(
        group,
        starts_at=next_tuesday_at_19_utc() - timedelta(weeks=10),
        repeat_until=(timezone.now() - timedelta(weeks=2)).date(),
    )

    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()

    assert not group_schedule(group)
    assert "Every Tuesday" not in html
    assert "No sessions are scheduled yet." in html
    assert "We are choosing a new evening." in html


def test_the_schedule_lists_each_weekly_session_once_soonest_first(group):
    weekly_session(group, title="Late", starts_at=next_tuesday_at_19_utc() + timedelta(days=2))
    early = weekly_session(group, title="Early")

    schedule = group_schedule(group)

    assert [o.session.title for o in schedule.weekly] == ["Early", "Late"]
    assert schedule.next.session == early


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "Cada martes a las 19:00"), ("ru", "Еженедельно: вторник, 19:00")],
)
def test_the_schedule_reads_in_the_visitors_language(client, group, language, expected):
    weekly_session(group)
    client.cookies["django_language"] = language

    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()

    assert expected.lower() in html.lower()
