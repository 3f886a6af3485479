"""The scheduler's escalation task: an alert nobody acknowledged in time reaches every moderator
and says "escalated" on /moderation/safety/ (no cron, no management command)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.scheduler import Scheduler
from moderation.models import SafetyAlert
from moderation.safety import safety_alert_acknowledge, safety_alert_raise
from notifications.models import Notification
from tests.factories import ModeratorFactory
from tests.jobs.helpers import keep_tasks_queued, run_ready_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_alert(settings, group, member, facilitator, moderator):
    keep_tasks_queued(settings)
    settings.SAFETY_ESCALATION_SECONDS = 60
    alert = safety_alert_raise(subject=member, group=group, source=SafetyAlert.Source.POST)
    SafetyAlert.objects.filter(pk=alert.pk).update(
        created_at=timezone.now() - timedelta(seconds=61)
    )
    run_ready_tasks()  # the alert's own emails
    return alert


def test_the_scheduler_escalates_an_overdue_alert_to_every_moderator(
    overdue_alert, moderator, moderator_client
):
    second = ModeratorFactory()

    Scheduler(holder="worker-1").tick()
    run_ready_tasks()

    overdue_alert.refresh_from_db()
    assert overdue_alert.escalated_at is not None
    for person in (moderator, second):
        assert Notification.objects.filter(
            recipient=person, message__icontains="not yet acknowledged"
        ).exists()
    html = moderator_client.get(reverse("moderation:safety")).content.decode()
    assert "Escalated to all moderators" in html


def test_an_acknowledged_alert_does_not_escalate(overdue_alert, facilitator):
    safety_alert_acknowledge(actor=facilitator, alert=overdue_alert)

    Scheduler(holder="worker-1").tick()
    run_ready_tasks()

    overdue_alert.refresh_from_db()
    assert overdue_alert.escalated_at is None


def test_an_alert_younger_than_the_escalation_time_waits(settings, overdue_alert):
    settings.SAFETY_ESCALATION_SECONDS = 600

    Scheduler(holder="worker-1").tick()
    run_ready_tasks()

    overdue_alert.refresh_from_db()
    assert overdue_alert.escalated_at is None
