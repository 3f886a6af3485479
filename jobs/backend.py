"""The durable task backend: django-tasks-db's database backend plus a retry policy per task.

Every piece of deferred work is a ``@durable_task``: its row is written in the caller's
transaction (a rollback enqueues nothing), a worker runs it, a failed attempt is retried with
exponential backoff, and after the last attempt it stays visible as failed
(``/moderation/tasks/``). Tasks receive primary keys, never member text, and must be
idempotent: a task whose worker died mid-way runs again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django_tasks import task
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

BACKEND_ALIAS = "durable"
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_MAX_RETRY_DELAY = 300.0


@dataclass(frozen=True, slots=True, kw_only=True)
class DurableTask(Task):
    """A task with a retry policy: ``max_attempts`` runs at most (``None``: until it succeeds),
    waiting 1x, 2x, 4x ... ``TASK_RETRY_BASE_SECONDS`` between them, never more than
    ``max_retry_delay``. ``label`` names it for moderators."""

    max_attempts: int | None = DEFAULT_MAX_ATTEMPTS
    max_retry_delay: float = DEFAULT_MAX_RETRY_DELAY
    label: Any = ""

    def retry_delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        base = float(settings.TASK_RETRY_BASE_SECONDS)
        return min(self.max_retry_delay, base * 2 ** max(0, attempt - 1))

    def attempts_left(self, attempts: int) -> bool:
        return self.max_attempts is None or attempts < self.max_attempts


class DurableBackend(DatabaseBackend):
    """django-tasks-db's backend with ``DurableTask``: the row is inserted in the caller's
    transaction, so the task exists exactly when the data that caused it does."""

    task_class = DurableTask


def durable_task(
    *,
    priority: int = 0,
    max_attempts: int | None = DEFAULT_MAX_ATTEMPTS,
    max_retry_delay: float = DEFAULT_MAX_RETRY_DELAY,
    label: Any = "",
) -> Callable[[Callable], DurableTask]:
    """Declare a module-level function as a task on the durable (database) backend."""
    return task(
        backend=BACKEND_ALIAS,
        priority=priority,
        max_attempts=max_attempts,
        max_retry_delay=max_retry_delay,
        label=label,
    )
