"""Writes on the queue that people ask for. Callers check permission and audit (moderation)."""

from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, TaskResultStatus

from .selectors import task_retryable


@transaction.atomic
def task_retry_now(*, task_id) -> DBTaskResult | None:
    """Put a failed (or waiting-to-retry) task back in the queue at once, with a fresh set of
    attempts. Returns None when there is no such task needing a retry."""
    row = task_retryable(task_id=task_id)
    if row is None:
        return None
    DBTaskResult.objects.filter(pk=row.pk, status=row.status).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now(),
        worker_ids=[],
        finished_at=None,
    )
    return row
