"""Moderation's periodic work, run by the task workers' scheduler."""

from django.utils.translation import gettext_lazy as _

from jobs.backend import durable_task

from .safety import safety_alerts_escalate

ESCALATION_PRIORITY = 90  # ahead of everything else waiting in the queue


@durable_task(priority=ESCALATION_PRIORITY, label=_("Escalate unacknowledged safety alerts"))
def escalate_safety_alerts() -> int:
    """Idempotent: each alert escalates once, under a row lock (see ``safety_alerts_escalate``)."""
    return safety_alerts_escalate()
