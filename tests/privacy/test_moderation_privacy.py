"""Moderation records after an account is deleted keep only what the audit needs, report
notes render inert on the queue page, and reporting too fast answers a calm 429."""

import pytest
from django.urls import reverse

from community.accounts.services import account_delete
from community.textcheck import has_unstorable_characters
from moderation.models import QueueItem, Report
from moderation.safety import safety_alert_raise
from moderation.services import report_create
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory
from tests.security.page_checks import page_problems
from tests.security.xss_corpus import load_payloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def second(group):
    return MembershipFactory(group=group, user=UserFactory(username="second_voice")).user


def test_reports_made_by_a_deleted_member_are_kept_without_the_reporter(group, member, second):
    report = report_create(reporter=member, target=second, reason="spam", note="Felt unsafe")

    account_delete(user=member, password=DEFAULT_PASSWORD, posts_mode="erase")

    report.refresh_from_db()
    assert report.reporter is None
    assert report.note == "Felt unsafe"
    assert report.item.state == QueueItem.State.OPEN


def test_a_queue_item_about_a_deleted_member_stays_without_their_name(
    group, member, second, moderator_client
):
    report = report_create(reporter=second, target=member, reason="spam", group=group)
    item = report.item

    account_delete(user=member, password=DEFAULT_PASSWORD, posts_mode="anonymise")

    item.refresh_from_db()
    assert item.subject is None
    assert member.username not in item.target_label
    response = moderator_client.get(reverse("moderation:queue"))
    assert response.status_code == 200
    assert member.username not in response.content.decode()


def test_safety_alerts_about_a_deleted_member_no_longer_name_them(group, member, moderator):
    alert = safety_alert_raise(subject=member, group=group, source="post")

    account_delete(user=member, password=DEFAULT_PASSWORD, posts_mode="anonymise")

    alert.refresh_from_db()
    assert alert.subject is None
    assert alert.subject_name == "former member"


def test_export_lists_reports_made_without_naming_who_was_reported(member_client, member, second):
    import json

    report_create(reporter=member, target=second, reason="spam", note="My own words")

    response = member_client.get(reverse("accounts:export"), {"download": "1"})
    data = json.loads(b"".join(response.streaming_content))

    [made] = data["sections"]["reports_made"]
    assert made["about"] == "member"
    assert made["note"] == "My own words"
    assert second.username not in json.dumps(data)


def test_report_notes_render_inert_on_the_queue_page_for_every_payload(group, moderator_client):
    payloads = [p for p in load_payloads() if not has_unstorable_characters(p)]
    notes, current = [], ""
    for payload in payloads:
        if len(current) + len(payload) + 1 > 1000:
            notes.append(current)
            current = ""
        current += payload + "\n"
    notes.append(current)
    targets = [MembershipFactory(group=group).user for _ in range(10)]
    reporters = [MembershipFactory(group=group).user for _ in range(len(notes) // 10 + 1)]
    items = [
        QueueItem.objects.create(
            content_type_id=_user_content_type(),
            object_id=t.pk,
            subject=t,
            group=group,
            target_label=f"member {t.pk}",
        )
        for t in targets
    ]
    Report.objects.bulk_create(
        Report(item=items[i % 10], reporter=reporters[i // 10], reason="spam", note=note)
        for i, note in enumerate(notes)
    )

    problems, shown = [], 0
    page = 1
    while page < 50:
        response = moderator_client.get(reverse("moderation:queue"), {"page": page})
        if response.status_code != 200:
            break
        html = response.content.decode()
        problems += page_problems(html)
        shown += html.count("queue-notes")
        if f"page={page + 1}" not in html:
            break
        page += 1

    assert shown == len(items)
    assert problems == []


def _user_content_type() -> int:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(get_user_model()).pk


def test_reporting_too_fast_answers_429_and_keeps_the_note(
    client, group, member, monkeypatch, frozen_rate_limit_clock
):
    monkeypatch.setattr("moderation.services.reports.REPORTS_PER_HOUR", 1)
    targets = [MembershipFactory(group=group).user for _ in range(2)]
    client.force_login(member)
    url = reverse("moderation:report")

    def report(target, note):
        return client.post(
            url,
            {
                "type": "member",
                "id": target.username,
                "group": group.slug,
                "reason": "spam",
                "note": note,
            },
        )

    first = report(targets[0], "first note")
    second = report(targets[1], "A note I took time to write")

    assert first.status_code == 302
    assert second.status_code == 429
    html = second.content.decode()
    assert "many reports" in html
    assert "A note I took time to write" in html
