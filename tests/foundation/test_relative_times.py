"""Relative times on the staff and member pages: "just now" or "less than a minute" at first,
never "0 minutes"; the `ago` and `waited` filters used everywhere a relative time shows."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from chat.models import GroupSession
from community.accounts.templatetags.time_tags import ago, until, waited
from forum.services import thread_create
from groups.forum_models import Thread
from groups.models import Membership
from moderation.models import SafetyAlert
from moderation.safety import safety_alert_raise
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_waited_reads_less_than_a_minute_and_then_the_time_since():
    now = timezone.now()

    assert waited(now - timedelta(seconds=5)) == "less than a minute"
    assert waited(now - timedelta(minutes=3, seconds=5)) == "3\xa0minutes"
    assert ago(now - timedelta(minutes=3, seconds=5)) == "3\xa0minutes ago"
    assert waited(None) == ""


def test_a_fresh_safety_alert_waits_less_than_a_minute_on_the_staff_home_and_safety_page(
    moderator_client, group, member
):
    safety_alert_raise(subject=member, group=group, source="post")

    home = moderator_client.get("/staff/").content.decode()
    safety = moderator_client.get(reverse("moderation:safety")).content.decode()

    for html in (home, safety):
        assert "waiting for less than a minute" in html
        assert "0\xa0minutes" not in html and "0 minutes" not in html


def test_an_acknowledged_alert_reads_raised_minutes_ago(moderator_client, group, member):
    alert = safety_alert_raise(subject=member, group=group, source="post")
    SafetyAlert.objects.filter(pk=alert.pk).update(
        state=SafetyAlert.State.ACKNOWLEDGED, created_at=timezone.now() - timedelta(minutes=7)
    )

    html = moderator_client.get(reverse("moderation:safety")).content.decode()

    assert "raised 7\xa0minutes ago" in html


def test_a_new_thread_reads_just_now_in_the_forum_list(member_client, member, group):
    thread_create(author=member, group=group, title="Fresh", body="Written a moment ago.")

    html = member_client.get(reverse("groups:detail", args=[group.slug])).content.decode()

    assert "just now" in html
    assert "0\xa0minutes" not in html


def test_a_join_request_made_a_moment_ago_reads_just_now_in_the_facilitator_console(
    facilitator_client, group
):
    MembershipFactory(group=group, state=Membership.State.REQUESTED)

    html = facilitator_client.get(
        reverse("groups:manage_requests", args=[group.slug])
    ).content.decode()

    assert "just now" in html
    assert "0\xa0minutes" not in html


def test_relative_times_are_translated(member_client, member, group):
    member.language = "es"
    member.save()
    thread_create(author=member, group=group, title="Hola", body="Escrito hace un momento.")

    html = member_client.get(reverse("groups:detail", args=[group.slug])).content.decode()

    assert "ahora mismo" in html


def test_a_relative_time_carries_the_exact_time_in_the_viewers_time_zone(
    member_client, member, group
):
    member.time_zone = "Europe/Moscow"  # UTC+3 all year
    member.save()
    posted = thread_create(author=member, group=group, title="Older", body="Some days ago.")
    thread = posted.post.thread
    Thread.objects.filter(pk=thread.pk).update(
        last_post_at=datetime(2026, 1, 10, 9, 30, tzinfo=UTC)
    )

    html = member_client.get(reverse("groups:detail", args=[group.slug])).content.decode()

    assert 'title="Jan. 10, 2026, 12:30 p.m."' in html


def test_until_reads_in_hours_and_minutes_and_never_in_zero_minutes():
    now = timezone.now()

    assert until(now + timedelta(hours=2, seconds=30)) == "in 2\xa0hours"
    assert until(now + timedelta(hours=1, minutes=30, seconds=30)) == "in 1\xa0hour, 30\xa0minutes"
    assert until(now + timedelta(seconds=20)) == "starting now"
    assert until(now - timedelta(minutes=10)) == "under way"
    assert until(None) == ""


def test_the_next_session_says_how_soon_it_starts_on_the_group_and_sessions_pages(
    member_client, group
):
    GroupSession.objects.create(
        group=group,
        title="Evening circle",
        starts_at=timezone.now() + timedelta(hours=2, minutes=3),
    )

    for url in (
        reverse("groups:detail", args=[group.slug]),
        reverse("chat:sessions", args=[group.slug]),
    ):
        html = member_client.get(url).content.decode()
        assert "(in 2\xa0hours" in html
        assert "0\xa0minutes" not in html


def test_how_soon_reads_in_spanish_and_russian(member_client, member, group):
    GroupSession.objects.create(
        group=group,
        title="Evening circle",
        starts_at=timezone.now() + timedelta(hours=2, minutes=3),
    )
    # Russian says "until the start: 2 hours": "через" would need the accusative Django's
    # duration words lack ("через 1 минута").
    for language, expected in (("es", "(dentro de 2\xa0horas"), ("ru", "(до начала: 2\xa0часа")):
        member.language = language
        member.save(update_fields=["language"])

        html = member_client.get(reverse("chat:sessions", args=[group.slug])).content.decode()

        assert expected in html
