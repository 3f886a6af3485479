"""Moderators look after the background tasks: what failed for good, what waits to retry.

A failure after the last retry is logged (without member text) and listed here, so nothing the
site owed someone (an email, an escalation) is dropped silently. A moderator can put a failed
task back in the queue once the cause is fixed (the mail server is back); that is audited.
"""

from django.db import transaction
from django.http import Http404

from community.accounts.permissions import is_moderator
from jobs.selectors import tasks_failed, tasks_retrying, workers_overview
from jobs.services import task_retry_now

from .audit import audit_record


def check_can_see_background_tasks(user) -> None:
    if not is_moderator(user):
        raise Http404


def background_tasks_overview(*, user) -> dict:
    check_can_see_background_tasks(user)
    return {
        "failed": tasks_failed(),
        "retrying": tasks_retrying(),
        "workers": workers_overview(),
    }


@transaction.atomic
def background_task_retry(*, actor, task_id) -> None:
    """Queue a failed task again at once, with a fresh set of attempts (404 if none such)."""
    check_can_see_background_tasks(actor)
    row = task_retry_now(task_id=task_id)
    if row is None:
        raise Http404
    audit_record(
        actor=actor,
        action="task.retry",
        target=row,
        target_label=f"background task {row.task_path.rsplit('.', 1)[-1]}",
    )
