"""What moderators see of the queue: tasks that failed for good, tasks waiting to retry, workers.

Only the task's name, times, attempts and the class of its last error are shown: never its
arguments or the error's message, which could carry an address or member text.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus, get_date_max

from .backend import BACKEND_ALIAS
from .heartbeat import worker_is_alive, worker_last_seen, workers_alive_count
from .scheduler import lease_holder

LIST_LIMIT = 100


@dataclass(frozen=True)
class TaskRow:
    id: str
    label: str
    attempts: int
    enqueued_at: datetime
    last_attempt_at: datetime | None
    next_attempt_at: datetime | None
    error: str


def _label(row: DBTaskResult) -> str:
    try:
        task = row.task
    except (ImportError, SuspiciousOperation):
        return row.task_path.rsplit(".", 1)[-1]
    return str(getattr(task, "label", "") or task.name)


def _row(row: DBTaskResult) -> TaskRow:
    waiting = row.status == TaskResultStatus.READY and row.run_after != get_date_max()
    return TaskRow(
        id=str(row.id),
        label=_label(row),
        attempts=len(row.worker_ids),
        enqueued_at=row.enqueued_at,
        last_attempt_at=row.started_at,
        next_attempt_at=row.run_after if waiting else None,
        error=row.exception_class_path.rsplit(".", 1)[-1],
    )


def _ours():
    return DBTaskResult.objects.filter(backend_name=BACKEND_ALIAS).defer(
        "args_kwargs", "return_value", "traceback"
    )


def tasks_failed(*, limit: int = LIST_LIMIT) -> list[TaskRow]:
    """Tasks whose last attempt failed (kept 30 days), newest first."""
    rows = _ours().filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[:limit]
    return [_row(row) for row in rows]


def tasks_retrying(*, limit: int = LIST_LIMIT) -> list[TaskRow]:
    """Tasks that failed at least once and wait for their next attempt, soonest first."""
    rows = (
        _ours()
        .filter(status=TaskResultStatus.READY)
        .exclude(exception_class_path="")
        .order_by("run_after")[:limit]
    )
    return [_row(row) for row in rows]


def task_retryable(*, task_id) -> DBTaskResult | None:
    return (
        _ours()
        .filter(pk=task_id)
        .filter(status__in=[TaskResultStatus.FAILED, TaskResultStatus.READY])
        .exclude(exception_class_path="")
        .first()
    )


@dataclass(frozen=True)
class WorkersOverview:
    last_seen: datetime | None
    alive: bool
    count: int
    scheduler: str | None


def workers_overview() -> WorkersOverview:
    now = timezone.now()
    last_seen = worker_last_seen()
    return WorkersOverview(
        last_seen=last_seen,
        alive=worker_is_alive(last_seen, now=now),
        count=workers_alive_count(now=now),
        scheduler=lease_holder(now=now),
    )
