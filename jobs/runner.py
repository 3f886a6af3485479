"""Running one claimed task, and what happens to its row when an attempt fails or its worker dies.

A failed attempt goes back to the queue with a later ``run_after`` (exponential backoff) until
the task's last attempt; then the row is marked failed, one line is logged (task name, id,
attempts and the exception's class: never arguments or messages, which could carry member
text or addresses) and moderators see it at ``/moderation/tasks/``. A task still "running" on
a worker that stopped sending heartbeats is handed back to the queue for another worker.
"""

import logging
import os
from datetime import timedelta
from traceback import format_exception

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import TaskContext
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks_db.models import DBTaskResult, TaskResultStatus
from django_tasks_db.utils import retry

from .backend import DurableBackend
from .models import WorkerHeartbeat

logger = logging.getLogger("jobs")


class WorkerLost(Exception):  # noqa: N818 - names what happened, as the moderators' page shows
    """The worker running this task stopped sending heartbeats (killed, or its machine died)."""


def _class_path(error_class: type) -> str:
    return f"{error_class.__module__}.{error_class.__qualname__}"


@retry()
def _save(row: DBTaskResult, fields: list[str]) -> None:
    """Saved with django-tasks-db's own retry, since SQLite may be briefly locked."""
    row.save(update_fields=fields)


def _attempt_failed(row: DBTaskResult, task, error: BaseException) -> None:
    attempts = len(row.worker_ids)
    error_path = _class_path(type(error))
    if task.attempts_left(attempts):
        delay = task.retry_delay(attempts)
        row.status = TaskResultStatus.READY
        row.run_after = timezone.now() + timedelta(seconds=delay)
        row.exception_class_path = error_path
        row.traceback = "".join(format_exception(error))
        _save(row, ["status", "run_after", "exception_class_path", "traceback"])
        logger.warning(
            "task %s id=%s attempt %d failed (%s); next attempt in %.1f s",
            task.name,
            row.id,
            attempts,
            error_path,
            delay,
        )
        return
    row.set_failed(error)
    logger.error(
        "task %s id=%s failed for good after %d attempt(s) (%s); listed at /moderation/tasks/",
        task.name,
        row.id,
        attempts,
        error_path,
    )


def _hand_back(row: DBTaskResult) -> None:
    """The worker is being stopped by force mid-task: the next worker runs the task again."""
    row.status = TaskResultStatus.READY
    row.run_after = timezone.now()
    _save(row, ["status", "run_after"])


def execute(row: DBTaskResult) -> None:
    """Run a task whose row this worker has claimed (status RUNNING, worker id appended)."""
    try:
        task = row.task
        task_result = row.task_result
    except (ImportError, SuspiciousOperation) as error:
        row.set_failed(error)
        logger.error("task id=%s cannot be loaded (%s)", row.id, _class_path(type(error)))
        return
    backend_class = type(task.get_backend())
    task_started.send(sender=backend_class, task_result=task_result)
    try:
        if task.takes_context:
            value = task.call(
                TaskContext(task_result=task_result),
                *row.args_kwargs["args"],
                **row.args_kwargs["kwargs"],
            )
        else:
            value = task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        row.set_successful(value)
    except (KeyboardInterrupt, SystemExit):
        _hand_back(row)
        raise
    except Exception as error:
        _attempt_failed(row, task, error)
        if row.status != TaskResultStatus.FAILED:
            return
    task_finished.send(sender=backend_class, task_result=row.task_result)


def run_in_process(result_id: str) -> None:
    """Claim and run one task here and now (tests: ``TASKS_EAGER_ON_COMMIT``)."""
    row = DBTaskResult.objects.filter(pk=result_id, status=TaskResultStatus.READY).first()
    if row is None:
        return
    row.claim(f"in-process-{os.getpid()}")
    execute(row)


@receiver(task_enqueued)
def run_eagerly_after_commit(sender, task_result, **kwargs) -> None:
    if getattr(settings, "TASKS_EAGER_ON_COMMIT", False) and issubclass(sender, DurableBackend):
        transaction.on_commit(lambda: run_in_process(task_result.id))


def tasks_recover_abandoned(*, now=None) -> int:
    """Hand back tasks left running by workers that stopped sending heartbeats.

    A task whose last attempt was its final one is marked failed (``WorkerLost``) instead, so a
    task that kills its worker every time cannot loop for ever. Each row is updated only if it
    is still the same attempt (status and start time unchanged), so a worker that was merely
    slow and finishes meanwhile is never overwritten.
    """
    now = now or timezone.now()
    lost_after = timedelta(seconds=float(settings.TASK_WORKER_LOST_SECONDS))
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - lost_after).values_list(
            "worker_id", flat=True
        )
    )
    recovered = 0
    running = DBTaskResult.objects.running().filter(started_at__lt=now - lost_after)
    for row in running.only("id", "worker_ids", "started_at", "task_path", "backend_name"):
        if row.worker_ids and row.worker_ids[-1] in alive:
            continue
        try:
            task = row.task
            final = not task.attempts_left(len(row.worker_ids))
        except (ImportError, SuspiciousOperation, AttributeError):
            final = True
        same_attempt = DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        )
        if final:
            changed = same_attempt.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=_class_path(WorkerLost),
                traceback=f"{_class_path(WorkerLost)}: {WorkerLost.__doc__}\n",
            )
        else:
            changed = same_attempt.update(status=TaskResultStatus.READY, run_after=now)
        if changed:
            recovered += 1
            logger.warning(
                "task id=%s: its worker stopped responding; %s",
                row.id,
                "marked failed" if final else "handed to another worker",
            )
    return recovered
