"""One mapping from a refused service call to what people see: validation 400, permission
403, rate limit 429 with Retry-After; the form keeps what they wrote."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from community.errors import refusal_for
from community.ratelimit import RateLimited
from groups.models import Membership
from tests.factories import MembershipFactory
from tests.groups.forum_helpers import start_thread


def test_each_kind_of_refusal_has_one_status():
    assert refusal_for(ValidationError("Too short.")).status == 400
    assert refusal_for(PermissionDenied("Not yours.")).status == 403
    limited = refusal_for(RateLimited(scope="post", retry_after=42))
    assert (limited.status, limited.retry_after) == (429, 42)
    counted = refusal_for(
        ValidationError("Many reports.", code="rate_limited", params={"retry_after": 7})
    )
    assert (counted.status, counted.retry_after) == (429, 7)


@pytest.mark.django_db
def test_reporting_too_fast_answers_429_with_retry_after(
    client, group, member, monkeypatch, frozen_rate_limit_clock
):
    monkeypatch.setattr("moderation.services.reports.REPORTS_PER_HOUR", 1)
    first, second = (MembershipFactory(group=group).user for _ in range(2))
    client.force_login(member)

    def report(target):
        return client.post(
            reverse("moderation:report"),
            {"type": "member", "id": target.username, "group": group.slug, "reason": "spam"},
        )

    assert report(first).status_code == 302
    refused = report(second)

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600


@pytest.mark.django_db
def test_a_muted_member_replying_gets_403_and_keeps_their_words(client, group, member):
    thread = start_thread(author=member, group=group)
    Membership.objects.filter(user=member, group=group).update(
        muted_until=timezone.now() + timezone.timedelta(hours=1)
    )
    client.force_login(member)

    response = client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]),
        {"body": "What I wanted to say, kept for later.", "submission_id": str(uuid.uuid4())},
    )

    assert response.status_code == 403
    assert "What I wanted to say, kept for later." in response.content.decode()
