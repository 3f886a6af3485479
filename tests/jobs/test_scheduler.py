"""Periodic work without cron: one scheduler acts, nothing is enqueued twice, nothing is stranded.

Two ``Scheduler`` objects stand for two worker processes on one database (the live tests run
two real processes); time is passed in explicitly.
"""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from jobs.models import WorkerHeartbeat
from jobs.runner import tasks_recover_abandoned
from jobs.scheduler import PeriodicTask, Scheduler, periodic_tasks_from_settings
from moderation.tasks import escalate_safety_alerts
from tests.live import ROOT

ESCALATE = "moderation.tasks.escalate_safety_alerts"


@pytest.fixture
def every_ten_seconds():
    return [PeriodicTask(name="safety-escalation", task=escalate_safety_alerts, seconds=10)]


def enqueued() -> int:
    return DBTaskResult.objects.filter(task_path=ESCALATE).count()


@pytest.mark.django_db
def test_of_two_schedulers_only_the_lease_holder_acts(queued, every_ten_seconds):
    now = timezone.now()
    first = Scheduler(holder="first", schedule=every_ten_seconds)
    second = Scheduler(holder="second", schedule=every_ten_seconds)

    assert first.tick(now) is True
    assert second.tick(now) is False
    assert second.tick(now + timedelta(seconds=11)) is False

    assert enqueued() == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY


@pytest.mark.django_db
def test_when_the_holder_stops_renewing_the_other_scheduler_takes_over(queued, every_ten_seconds):
    now = timezone.now()
    first = Scheduler(holder="first", schedule=every_ten_seconds)
    second = Scheduler(holder="second", schedule=every_ten_seconds)
    first.tick(now)
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)

    later = now + timedelta(seconds=queued.SCHEDULER_LEASE_SECONDS + 1)

    assert second.tick(later) is True
    assert first.tick(later) is False
    assert enqueued() == 2


@pytest.mark.django_db
def test_a_stopping_scheduler_hands_over_at_once(queued, every_ten_seconds):
    now = timezone.now()
    first = Scheduler(holder="first", schedule=every_ten_seconds)
    second = Scheduler(holder="second", schedule=every_ten_seconds)
    first.tick(now)

    first.stop()

    assert second.tick(now + timedelta(seconds=1)) is True


@pytest.mark.django_db
def test_a_periodic_task_still_waiting_is_not_enqueued_again(queued, every_ten_seconds):
    scheduler = Scheduler(holder="only", schedule=every_ten_seconds)
    now = timezone.now()

    scheduler.tick(now)
    scheduler.tick(now + timedelta(seconds=5))  # not due yet
    scheduler.tick(now + timedelta(seconds=11))  # due, but the first still waits

    assert enqueued() == 1
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    scheduler.tick(now + timedelta(seconds=22))
    assert enqueued() == 2


def running_row(*, worker: str, started_ago: float, attempts: int = 1) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path=ESCALATE,
        backend_name="durable",
        status=TaskResultStatus.RUNNING,
        worker_ids=[worker] * attempts,
        started_at=timezone.now() - timedelta(seconds=started_ago),
        run_after=timezone.now() - timedelta(seconds=started_ago),
    )


@pytest.mark.django_db
def test_a_task_left_running_by_a_worker_that_stopped_responding_is_handed_back(queued):
    stranded = running_row(worker="gone", started_ago=600)
    WorkerHeartbeat.objects.create(
        worker_id="gone", seen_at=timezone.now() - timedelta(seconds=600)
    )

    assert tasks_recover_abandoned() == 1

    stranded.refresh_from_db()
    assert stranded.status == TaskResultStatus.READY
    assert DBTaskResult.objects.ready().filter(pk=stranded.pk).exists()


@pytest.mark.django_db
def test_a_long_task_on_a_live_worker_is_left_alone(queued):
    long_running = running_row(worker="busy", started_ago=600)
    WorkerHeartbeat.objects.create(worker_id="busy", seen_at=timezone.now())

    assert tasks_recover_abandoned() == 0

    long_running.refresh_from_db()
    assert long_running.status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_task_that_lost_its_worker_on_its_last_attempt_is_marked_failed(queued):
    stranded = running_row(worker="gone", started_ago=600, attempts=5)

    tasks_recover_abandoned()

    stranded.refresh_from_db()
    assert stranded.status == TaskResultStatus.FAILED
    assert stranded.exception_class_path == "jobs.runner.WorkerLost"


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"x": {"task": ESCALATE}}, "exactly the keys 'task' and 'seconds'"),
        ({"x": {"task": ESCALATE, "seconds": 0}}, "positive number of seconds"),
        ({"x": {"task": ESCALATE, "seconds": "15"}}, "positive number of seconds"),
        ({"x": {"task": "moderation.tasks.nothing", "seconds": 5}}, "cannot be imported"),
        ({"x": {"task": "moderation.safety.moderators", "seconds": 5}}, "not a @durable_task"),
        ([("x", ESCALATE)], "must be a dict"),
    ],
)
def test_a_malformed_periodic_task_entry_is_refused_with_a_message_naming_it(entries, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        periodic_tasks_from_settings(entries)


def test_start_up_stops_on_a_malformed_schedule_setting():
    bad = {"chat-retention": {"task": "chat.tasks.purge_chat", "seconds": -1}}

    with override_settings(PERIODIC_TASKS=bad), pytest.raises(ImproperlyConfigured) as error:
        apps.get_app_config("jobs").ready()

    assert "PERIODIC_TASKS['chat-retention']['seconds']" in str(error.value)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SAFETY_ESCALATION_SECONDS", "ten minutes", "SAFETY_ESCALATION_SECONDS must be"),
        ("SAFETY_ESCALATION_CHECK_SECONDS", "60", "at most 30"),
        ("SAFETY_ESCALATION_SECONDS", "-5", "at least 1"),
    ],
)
def test_a_malformed_schedule_variable_stops_start_up_with_a_clear_message(
    variable, value, message
):
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, variable: value},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode != 0
    assert f"ImproperlyConfigured: {variable}" in done.stderr
    assert message in done.stderr
