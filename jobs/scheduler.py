"""Periodic work without cron: exactly one scheduler acts at a time, however many workers run.

Every worker started with the scheduler (the default) ticks about once a second, but only the
holder of the ``scheduler`` lease (a database row, so it works on SQLite and PostgreSQL alike)
acts: it enqueues the periodic tasks of ``settings.PERIODIC_TASKS`` when they are due and hands
back tasks whose worker died. The holder renews the lease while it lives; when it stops or dies
the lease lapses after ``SCHEDULER_LEASE_SECONDS`` and another worker takes over. Each
periodic slot is also claimed with a conditional update of its ``PeriodicTaskState`` row, so
even two schedulers at once (a holder paused past its lease) would not enqueue a slot twice.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from .backend import BACKEND_ALIAS, DurableTask
from .heartbeat import heartbeats_prune
from .models import PeriodicTaskState, SchedulerLease
from .runner import tasks_recover_abandoned

logger = logging.getLogger("jobs")

LEASE_NAME = "scheduler"
RECOVERY_EVERY_SECONDS = 10.0  # or half of TASK_WORKER_LOST_SECONDS, if that is shorter


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    task: DurableTask
    seconds: float


def periodic_tasks_from_settings(entries=None) -> list[PeriodicTask]:
    """``settings.PERIODIC_TASKS`` checked entry by entry; anything malformed stops start-up."""
    entries = settings.PERIODIC_TASKS if entries is None else entries
    if not isinstance(entries, dict):
        raise ImproperlyConfigured("PERIODIC_TASKS must be a dict of name -> {task, seconds}.")
    schedule = []
    for name, entry in entries.items():
        where = f"PERIODIC_TASKS[{name!r}]"
        if not isinstance(name, str) or not 0 < len(name) <= 40:
            raise ImproperlyConfigured(f"{where}: the name must be 1 to 40 characters.")
        if not isinstance(entry, dict) or set(entry) != {"task", "seconds"}:
            raise ImproperlyConfigured(
                f"{where} must be a dict with exactly the keys 'task' and 'seconds'."
            )
        seconds = entry["seconds"]
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds <= 0:
            raise ImproperlyConfigured(
                f"{where}['seconds'] must be a positive number of seconds; got {seconds!r}."
            )
        try:
            task = import_string(entry["task"])
        except (ImportError, TypeError, ValueError) as error:
            raise ImproperlyConfigured(
                f"{where}['task'] = {entry['task']!r} cannot be imported: {error}"
            ) from error
        if not isinstance(task, DurableTask) or task.backend != BACKEND_ALIAS:
            raise ImproperlyConfigured(
                f"{where}['task'] = {entry['task']!r} is not a @durable_task function."
            )
        schedule.append(PeriodicTask(name=name, task=task, seconds=float(seconds)))
    return schedule


# ------------------------------------------------------------------ the lease


def lease_acquire(*, holder: str, seconds: float, now: datetime | None = None) -> bool:
    """Take or renew the lease; True when ``holder`` holds it until ``now + seconds``.

    One conditional UPDATE decides: on PostgreSQL a concurrent one waits for the row lock and
    then re-checks the condition, and SQLite runs writers one at a time, so two processes can
    never both succeed.
    """
    now = now or timezone.now()
    until = now + timedelta(seconds=seconds)
    taken = SchedulerLease.objects.filter(
        Q(holder=holder) | Q(expires_at__lt=now), name=LEASE_NAME
    ).update(holder=holder, expires_at=until)
    if taken:
        return True
    if SchedulerLease.objects.filter(name=LEASE_NAME).exists():
        return False
    try:
        with transaction.atomic():
            SchedulerLease.objects.create(name=LEASE_NAME, holder=holder, expires_at=until)
    except IntegrityError:
        return False
    return True


def lease_release(*, holder: str) -> None:
    """A worker stopping cleanly lets another scheduler take over at once."""
    SchedulerLease.objects.filter(name=LEASE_NAME, holder=holder).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )


def lease_holder(*, now: datetime | None = None) -> str | None:
    now = now or timezone.now()
    lease = SchedulerLease.objects.filter(name=LEASE_NAME, expires_at__gte=now).first()
    return lease.holder if lease else None


# ------------------------------------------------------------------ periodic tasks


def _pending(task: DurableTask) -> bool:
    """Still waiting or running from an earlier slot: enqueueing again would only pile up."""
    return DBTaskResult.objects.filter(
        task_path=task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).exists()


def periodic_tasks_enqueue_due(
    *, schedule: list[PeriodicTask], holder: str, now: datetime | None = None
) -> list[str]:
    """Enqueue every periodic task whose time has come; returns the names enqueued."""
    now = now or timezone.now()
    states = {state.name: state for state in PeriodicTaskState.objects.all()}
    enqueued = []
    for entry in schedule:
        state = states.get(entry.name)
        if state is None:
            try:
                with transaction.atomic():
                    state = PeriodicTaskState.objects.create(name=entry.name, next_run_at=now)
            except IntegrityError:
                continue
        if state.next_run_at > now:
            continue
        with transaction.atomic():
            claimed = PeriodicTaskState.objects.filter(
                name=entry.name, next_run_at=state.next_run_at
            ).update(
                next_run_at=now + timedelta(seconds=entry.seconds),
                last_enqueued_at=now,
                last_enqueued_by=holder,
            )
            if claimed and not _pending(entry.task):
                entry.task.enqueue()
                enqueued.append(entry.name)
    return enqueued


class Scheduler:
    """Call ``tick()`` about once a second; it acts only while this worker holds the lease."""

    def __init__(self, *, holder: str, schedule: list[PeriodicTask] | None = None):
        self.holder = holder
        self.schedule = periodic_tasks_from_settings() if schedule is None else schedule
        self.lease_until: datetime | None = None
        self.next_recovery: datetime | None = None

    def _hold_lease(self, now: datetime) -> bool:
        seconds = float(settings.SCHEDULER_LEASE_SECONDS)
        if self.lease_until is not None and self.lease_until - now > timedelta(seconds=seconds / 2):
            return True  # renewed recently enough: no write this tick
        if lease_acquire(holder=self.holder, seconds=seconds, now=now):
            if self.lease_until is None:
                logger.info("scheduler: %s now holds the scheduler lease", self.holder)
            self.lease_until = now + timedelta(seconds=seconds)
            return True
        if self.lease_until is not None:
            logger.info("scheduler: %s lost the scheduler lease", self.holder)
        self.lease_until = None
        return False

    def tick(self, now: datetime | None = None) -> bool:
        """One round; True when this scheduler acted (it holds the lease)."""
        now = now or timezone.now()
        if not self._hold_lease(now):
            return False
        if self.next_recovery is None or now >= self.next_recovery:
            tasks_recover_abandoned(now=now)
            heartbeats_prune(now=now)
            every = min(RECOVERY_EVERY_SECONDS, float(settings.TASK_WORKER_LOST_SECONDS) / 2)
            self.next_recovery = now + timedelta(seconds=every)
        periodic_tasks_enqueue_due(schedule=self.schedule, holder=self.holder, now=now)
        return True

    def stop(self) -> None:
        if self.lease_until is not None:
            lease_release(holder=self.holder)
            self.lease_until = None
