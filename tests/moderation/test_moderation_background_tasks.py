"""Moderators see the background tasks that failed for good, and can send one again."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from jobs.mail import email_enqueue
from moderation.models import AuditEntry
from tests.factories import UserFactory
from tests.jobs.helpers import keep_tasks_queued, run_ready_tasks

pytestmark = pytest.mark.django_db
SECRET = "MARKER-K7"  # stands for anything a member wrote


@pytest.fixture
def failed_email_task(settings):
    keep_tasks_queued(settings)
    settings.EMAIL_BACKEND = "tests.jobs.helpers.RefusingBackend"
    person = UserFactory()
    email_enqueue(message=EmailMessage("Notice", SECRET, None, [person.email]), user=person)
    run_ready_tasks()
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.FAILED
    return row, person


def test_moderators_see_failed_tasks_without_their_content(moderator_client, failed_email_task):
    _row, person = failed_email_task

    page = moderator_client.get(reverse("moderation:tasks")).content.decode()

    assert "Send an email" in page
    assert "SMTPRecipientsRefused" in page
    assert person.email not in page and SECRET not in page


def test_moderators_are_told_when_no_worker_has_been_seen(moderator_client):
    page = moderator_client.get(reverse("moderation:tasks")).content.decode()

    assert 'data-worker-status="down"' in page


def test_members_and_facilitators_cannot_see_the_task_page(member_client, failed_email_task):
    assert member_client.get(reverse("moderation:tasks")).status_code == 404


def test_facilitators_cannot_send_a_failed_task_again(facilitator_client, failed_email_task):
    row, _person = failed_email_task

    response = facilitator_client.post(reverse("moderation:task_retry", args=[row.pk]))

    assert response.status_code == 404
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED


def test_a_moderator_can_send_a_failed_task_again_and_it_is_audited(
    moderator_client, failed_email_task, settings
):
    row, person = failed_email_task
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    response = moderator_client.post(reverse("moderation:task_retry", args=[row.pk]))
    run_ready_tasks()

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert AuditEntry.objects.filter(action="task.retry", target_id=str(row.pk)).exists()
