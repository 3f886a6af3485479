"""Housekeeping of the queue itself, run by the scheduler."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from .backend import durable_task
from .models import OutboundEmail

SUCCESSFUL_KEPT = timedelta(days=1)
FAILED_KEPT = timedelta(days=30)  # long enough for moderators to notice and retry


@durable_task(priority=-10, label=_("Tidy the task history"))
def prune_task_history() -> dict[str, int]:
    now = timezone.now()
    successful, _detail = (
        DBTaskResult.objects.successful().filter(finished_at__lt=now - SUCCESSFUL_KEPT).delete()
    )
    failed, _detail = (
        DBTaskResult.objects.failed().filter(finished_at__lt=now - FAILED_KEPT).delete()
    )
    # Only emails whose sending failed for good stay this long (a sent one is deleted at once).
    emails, _detail = OutboundEmail.objects.filter(created_at__lt=now - FAILED_KEPT).delete()
    return {"successful": successful, "failed": failed, "emails": emails}
