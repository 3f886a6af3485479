"""Side effects are tasks: written with their cause, retried with backoff, never lost silently.

These run the worker's own code (``jobs.runner.execute``) in the test process on the real
test database; ``test_workers_live.py`` runs the same through real worker processes.
"""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from jobs.mail import email_enqueue
from jobs.models import OutboundEmail
from moderation.models import SafetyAlert
from moderation.safety import safety_alert_raise, safety_alerts_escalate
from notifications.models import Notification
from tests.factories import ModeratorFactory, UserFactory
from tests.jobs.helpers import DownThenUpLocmemBackend, run_ready_tasks

SECRET = "MARKER-K7"  # stands for anything a member wrote


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_enqueues_and_sends_nothing(group, facilitator, moderator):
    with pytest.raises(RuntimeError), transaction.atomic():
        safety_alert_raise(subject=UserFactory(), group=group, source="post")
        assert DBTaskResult.objects.count() == 2  # facilitator and moderator, inside
        raise RuntimeError("the post could not be saved")

    assert DBTaskResult.objects.count() == 0
    assert OutboundEmail.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_safety_alert_email_is_a_task_written_with_the_alert_and_sent_once_after_commit(
    group, facilitator, moderator
):
    safety_alert_raise(subject=UserFactory(), group=group, source="post")

    rows = DBTaskResult.objects.filter(task_path="jobs.mail.send_urgent_email")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([facilitator.email, moderator.email])
    assert [row.status for row in rows] == [TaskResultStatus.SUCCESSFUL] * 2
    assert OutboundEmail.objects.count() == 0  # sent emails (and their links) are not kept


@pytest.mark.django_db
def test_a_refused_email_is_retried_with_growing_pauses(queued, settings):
    settings.EMAIL_BACKEND = "tests.jobs.helpers.RefusingBackend"
    settings.TASK_RETRY_BASE_SECONDS = 5
    email_enqueue(message=EmailMessage("Notice", "Body", None, ["a@example.org"]))
    pauses = []

    for _ in range(3):
        row = DBTaskResult.objects.get()
        DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())
        before = timezone.now()
        run_ready_tasks(limit=1)
        row.refresh_from_db()
        pauses.append(round((row.run_after - before).total_seconds()))

    assert row.status == TaskResultStatus.READY
    assert row.exception_class_path == "smtplib.SMTPRecipientsRefused"
    assert pauses == [5, 10, 20]


@pytest.mark.django_db
def test_an_urgent_email_keeps_trying_until_the_mail_server_is_back_and_goes_once(queued, settings):
    settings.EMAIL_BACKEND = "tests.jobs.helpers.DownThenUpLocmemBackend"
    DownThenUpLocmemBackend.failures_left = 25  # more than an ordinary email's attempts
    email_enqueue(message=EmailMessage("Notice", "Body", None, ["m@example.org"]), urgent=True)

    run_ready_tasks(limit=100)

    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert len(row.worker_ids) == 26
    assert [m.to for m in mail.outbox] == [["m@example.org"]]


@pytest.mark.django_db
def test_after_the_last_attempt_the_failure_is_logged_without_member_text(queued, settings, caplog):
    settings.EMAIL_BACKEND = "tests.jobs.helpers.RefusingBackend"
    person = UserFactory(username="quiet_heron")
    email_enqueue(
        message=EmailMessage("Notice", f"Hello {person.username} {SECRET}", None, [person.email]),
        user=person,
    )

    with caplog.at_level(logging.WARNING, logger="jobs"):
        run_ready_tasks()

    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.FAILED
    assert len(row.worker_ids) == 10
    final = [
        r.getMessage() for r in caplog.records if r.name == "jobs" and r.levelno == logging.ERROR
    ]
    assert len(final) == 1 and "failed for good after 10 attempt(s)" in final[0]
    logged = caplog.text
    assert person.email not in logged and person.username not in logged and SECRET not in logged


@pytest.mark.django_db
def test_an_email_task_whose_account_was_deleted_finishes_without_error_and_sends_nothing(queued):
    person = UserFactory()
    email_enqueue(message=EmailMessage("Notice", "Body", None, [person.email]), user=person)

    person.delete()
    run_ready_tasks()

    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value is False
    assert mail.outbox == []


@pytest.mark.django_db
def test_escalation_of_an_alert_whose_member_deleted_their_account_still_tells_moderators(
    queued, group
):
    moderator = ModeratorFactory()
    subject = UserFactory()
    alert = safety_alert_raise(subject=subject, group=group, source="post")
    SafetyAlert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - timedelta(hours=1))
    subject.delete()

    assert safety_alerts_escalate() == 1
    assert Notification.objects.filter(
        recipient=moderator, message__icontains="not yet acknowledged"
    ).exists()
    run_ready_tasks()
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


@pytest.mark.django_db
def test_a_task_whose_code_is_gone_is_marked_failed_not_crashing_the_worker(queued):
    row = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="jobs.tasks.no_such_task",
        backend_name="durable",
        run_after=timezone.now(),
    )

    run_ready_tasks()

    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
