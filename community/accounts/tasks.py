"""Accounts' periodic work, run by the task workers' scheduler (no cron)."""

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from jobs.backend import durable_task


@durable_task(priority=-10, label=_("Delete expired sign-in sessions"))
def clear_expired_sessions() -> None:
    """Django's ``clearsessions``, which otherwise needs cron: expired sessions are deleted."""
    call_command("clearsessions")
