"""Safety alerts staff cannot miss: grouped per member and place, with a level, sorted by it,
showing what was written to those allowed to read it, and emailed without naming anyone."""

import uuid
from dataclasses import dataclass

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from chat.models import ChatMessage
from chat.selectors import chat_access_for, main_room_for
from chat.services import message_post
from community import realtime
from forum.services import post_create, post_edit, thread_create
from moderation.models import SafetyAlert, SafetyAlertMessage
from moderation.safety import (
    safety_alert_acknowledge,
    safety_alert_raise,
    safety_alerts_escalate,
    safety_place,
)
from moderation.selectors import safety_alerts_for
from moderation.services import content_delete
from notifications.models import Notification
from notifications.services import notification_create
from tests.factories import MembershipFactory, sign_in_with_mfa
from tests.privacy.test_discreet_notifications import REVEALING

pytestmark = pytest.mark.django_db

CRISIS = "I want to end my life tonight."


def _chat(author, group, body=CRISIS):
    result = message_post(
        author=author,
        access=chat_access_for(user=author, group=group),
        room=main_room_for(group),
        body=body,
        client_id=str(uuid.uuid4()),
    )
    return ChatMessage.objects.get(room__group=group, seq=result.frame["id"])


def _commit_now(monkeypatch):
    """Run on-commit callbacks at once (the test's transaction never commits)."""
    monkeypatch.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())


# ------------------------------------------------------------------ grouping


def test_five_crisis_messages_in_one_room_make_one_alert_with_a_count_of_five(
    group, member, facilitator, moderator, monkeypatch
):
    _commit_now(monkeypatch)
    mail.outbox.clear()

    messages = [_chat(member, group, f"{CRISIS} ({n})") for n in range(5)]

    alert = SafetyAlert.objects.get()
    assert alert.count == 5 and alert.subject == member and alert.group == group
    assert alert.place == safety_place("room", messages[0].room_id)
    assert alert.source_url.endswith(f"#m-{messages[-1].seq}")  # the newest message
    gathered = list(alert.messages.values_list("source_id", flat=True))
    assert gathered == [str(message.pk) for message in messages]
    # Each responder is told once, not five times.
    for person in (facilitator, moderator):
        assert Notification.objects.filter(recipient=person, kind="safety_alert").count() == 1
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [facilitator.email, moderator.email]
    )


def test_crisis_posts_group_per_thread_and_per_member(group, member, facilitator):
    second = MembershipFactory(group=group).user
    first_thread = thread_create(
        author=member, group=group, title="Tonight", body="Just checking in."
    ).post.thread
    other_thread = thread_create(
        author=member, group=group, title="Another day", body="Hello."
    ).post.thread

    post_create(author=member, thread=first_thread, body=CRISIS)
    post_create(author=member, thread=first_thread, body=f"{CRISIS} Still.")
    post_create(author=member, thread=other_thread, body=CRISIS)
    post_create(author=second, thread=first_thread, body=CRISIS)

    counts = sorted(
        (alert.subject.username, alert.place, alert.count) for alert in SafetyAlert.objects.all()
    )
    assert counts == sorted(
        [
            (member.username, safety_place("thread", first_thread.pk), 2),
            (member.username, safety_place("thread", other_thread.pk), 1),
            (second.username, safety_place("thread", first_thread.pk), 1),
        ]
    )


def test_editing_a_gathered_post_does_not_count_it_twice(group, member, facilitator):
    thread = thread_create(author=member, group=group, title="Hi", body="Hello.").post.thread
    posted = post_create(author=member, thread=thread, body=CRISIS).post

    post_edit(editor=member, post=posted, body=f"{CRISIS} I mean it.")

    alert = SafetyAlert.objects.get()
    assert alert.count == 1 and alert.messages.count() == 1


def test_after_an_alert_is_acknowledged_new_crisis_words_open_a_new_alert(
    group, member, facilitator
):
    _chat(member, group)
    first = SafetyAlert.objects.get()
    safety_alert_acknowledge(actor=facilitator, alert=first)

    _chat(member, group)

    assert SafetyAlert.objects.count() == 2
    assert SafetyAlert.objects.exclude(pk=first.pk).get().count == 1


def test_a_grouped_message_updates_the_banner_instead_of_raising_a_second_one(
    group, member, facilitator, capture_realtime
):
    with capture_realtime() as sent:
        _chat(member, group)
        _chat(member, group)

    frames = [
        event["frame"]
        for event in sent.to(realtime.user_group(facilitator.pk))
        if event["type"] == "user.safety_alert"
    ]
    assert [frame["count"] for frame in frames] == [1, 2]
    assert len({frame["id"] for frame in frames}) == 1


# ------------------------------------------------------------------ level and category


@dataclass(frozen=True)
class FutureAssessment:
    """What the new detector's assessment will carry."""

    is_crisis: bool
    language: str
    categories: tuple
    level: str
    category: str


def test_the_alert_takes_level_and_category_from_an_assessment_that_has_them(
    group, member, facilitator, monkeypatch
):
    monkeypatch.setattr(
        "community.crisis_screen.assess",  # the one detector: the chat reads ahead
        lambda text, **_: FutureAssessment(True, "en", ("self_harm",), "concern", "self_harm"),
    )

    _chat(member, group, "some words")

    alert = SafetyAlert.objects.get()
    assert (alert.level, alert.category) == ("concern", "self_harm")


@dataclass
class LevellessAssessment:
    """What a detector without levels answers: the alert must still count as high."""

    is_crisis: bool
    categories: tuple


def test_an_assessment_without_a_level_counts_as_high(group, member, facilitator, monkeypatch):
    monkeypatch.setattr(
        "community.crisis_screen.assess", lambda text, **_: LevellessAssessment(True, ("intent",))
    )

    _chat(member, group, "some words")

    alert = SafetyAlert.objects.get()
    assert alert.level == SafetyAlert.Level.HIGH


def test_the_detector_gives_a_stated_intent_a_high_alert_of_its_category(
    group, member, facilitator
):
    _chat(member, group)

    alert = SafetyAlert.objects.get()
    assert (alert.level, alert.category) == (SafetyAlert.Level.HIGH, "intent")


def test_a_high_message_raises_an_open_concern_alert_to_high(
    group, member, facilitator, monkeypatch
):
    levels = iter(["concern", "high"])
    monkeypatch.setattr(
        "community.crisis_screen.assess",  # the one detector: the chat reads ahead
        lambda text, **_: FutureAssessment(True, "en", ("self_harm",), next(levels), "self_harm"),
    )

    _chat(member, group, "first")
    _chat(member, group, "second")

    alert = SafetyAlert.objects.get()
    assert alert.level == "high" and alert.count == 2


def test_a_concern_raised_to_high_tells_the_responders_again_at_high_priority(
    group, member, facilitator, monkeypatch
):
    levels = iter(["concern", "high", "high"])
    monkeypatch.setattr(
        "community.crisis_screen.assess",
        lambda text, **_: FutureAssessment(True, "en", ("self_harm",), next(levels), "self_harm"),
    )

    _chat(member, group, "first")
    told = Notification.objects.filter(recipient=facilitator, kind="safety_alert")
    assert [n.priority for n in told] == ["normal"]

    _chat(member, group, "second")  # now urgent: told again, at high priority
    _chat(member, group, "third")  # already high: gathered, nobody told a third time

    assert sorted(n.priority for n in told.all()) == ["high", "normal"]
    assert SafetyAlert.objects.get().count == 3


def test_alerts_sort_by_level_then_by_how_long_they_have_waited(group, member, facilitator):
    now = timezone.now()
    others = [MembershipFactory(group=group).user for _ in range(3)]

    def raised(subject, level, minutes_ago):
        alert = safety_alert_raise(subject=subject, group=group, source="post", level=level)
        SafetyAlert.objects.filter(pk=alert.pk).update(
            created_at=now - timezone.timedelta(minutes=minutes_ago)
        )
        return alert.pk

    concern_oldest = raised(member, "concern", 90)
    high_recent = raised(others[0], "high", 5)
    high_older = raised(others[1], "high", 30)
    concern_recent = raised(others[2], "concern", 1)

    order = list(safety_alerts_for(user=facilitator).values_list("pk", flat=True))

    assert order == [high_older, high_recent, concern_oldest, concern_recent]


def test_the_safety_page_lists_high_alerts_first(client, group, member, facilitator):
    concern = safety_alert_raise(subject=member, group=group, source="post", level="concern")
    other = MembershipFactory(group=group).user
    high = safety_alert_raise(subject=other, group=group, source="post", level="high")
    client.force_login(facilitator)

    html = client.get(reverse("moderation:safety")).content.decode()

    assert html.index(f'id="alert-{high.pk}"') < html.index(f'id="alert-{concern.pk}"')
    assert "High priority" in html and "Concern" in html


# ------------------------------------------------------------------ what was written


def test_the_safety_page_shows_what_was_written_to_the_groups_facilitator(
    client, group, member, facilitator
):
    _chat(member, group, f"{CRISIS} first")
    message = _chat(member, group, f"{CRISIS} second")
    client.force_login(facilitator)

    html = client.get(reverse("moderation:safety")).content.decode()

    assert f"{CRISIS} first" in html and f"{CRISIS} second" in html
    assert f"#m-{message.seq}" in html  # straight to the message
    assert "Messages so far: 2" in html


def test_a_moderator_reads_the_words_too_but_another_groups_facilitator_does_not(
    client, group, member, facilitator, moderator, other_facilitator
):
    _chat(member, group)

    html = sign_in_with_mfa(client, moderator).get(reverse("moderation:safety")).content.decode()
    assert CRISIS in html

    client.force_login(other_facilitator)
    html = client.get(reverse("moderation:safety")).content.decode()
    assert CRISIS not in html and member.username not in html


def test_words_removed_since_are_not_shown(client, group, member, facilitator):
    message = _chat(member, group)
    content_delete(actor=facilitator, target=message, reason="")
    client.force_login(facilitator)

    html = client.get(reverse("moderation:safety")).content.decode()

    assert CRISIS not in html
    assert "This was removed" in html


def test_members_get_404_for_the_safety_page_even_with_an_alert_about_them(
    client, group, member, facilitator
):
    _chat(member, group)
    client.force_login(member)

    assert client.get(reverse("moderation:safety")).status_code == 404


def test_the_safety_page_costs_the_same_queries_for_two_and_for_ten_alerts(
    client, group, facilitator, queries_of
):
    def page_queries(n):
        for _ in range(n):
            author = MembershipFactory(group=group).user
            _chat(author, group)
        client.force_login(facilitator)
        return len(queries_of(client, reverse("moderation:safety")))

    few = page_queries(2)
    many = page_queries(8)

    assert many == few


# ------------------------------------------------------------------ email


def test_safety_alert_emails_have_a_distinct_subject_and_name_nobody(
    group, member, facilitator, moderator, monkeypatch
):
    _commit_now(monkeypatch)
    mail.outbox.clear()

    _chat(member, group)

    assert {address for message in mail.outbox for address in message.to} == {
        facilitator.email,
        moderator.email,
    }
    for message in mail.outbox:
        assert message.subject == "Urgent: an alert is waiting for you"
        assert message.subject != "You have a new notification"
        assert not REVEALING.search(message.subject)  # says nothing of what the site is
        everything = message.subject + message.body
        for name in (member.username, facilitator.username, moderator.username, group.name):
            assert name not in everything
        assert "end my life" not in everything and "tonight" not in everything
        assert "/staff/" in message.body


def test_other_notification_emails_keep_the_generic_subject(group, member, monkeypatch):
    _commit_now(monkeypatch)
    mail.outbox.clear()

    notification_create(recipient=member, kind="join_decision", text="Welcome", force_email=True)

    assert [message.subject for message in mail.outbox] == ["You have a new notification"]


# ------------------------------------------------------------------ escalation still works


def test_a_grouped_alert_nobody_acknowledges_still_escalates_to_every_moderator(
    group, member, facilitator, moderator
):
    for _ in range(3):
        _chat(member, group)
    alert = SafetyAlert.objects.get()
    later = timezone.now() + timezone.timedelta(minutes=11)

    assert safety_alerts_escalate(now=later) == 1
    assert Notification.objects.filter(
        recipient=moderator, message__icontains="not yet acknowledged"
    ).exists()
    alert.refresh_from_db()
    assert alert.escalated_at is not None


def test_alert_messages_never_hold_words(group, member, facilitator):
    _chat(member, group)

    row = SafetyAlertMessage.objects.values().get()
    assert all("end my life" not in str(value) for value in row.values())
