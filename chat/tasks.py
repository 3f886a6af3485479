"""Chat's periodic work, run by the task workers' scheduler (no cron)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from jobs.backend import durable_task

from .services import chat_purge, session_reminders_send

REMINDER_WINDOW = timedelta(hours=1)


@durable_task(label=_("Send session reminders"))
def send_session_reminders() -> int:
    """Idempotent: one ``SessionReminder`` row per member and occurrence guards each one."""
    return session_reminders_send(within=REMINDER_WINDOW)


@durable_task(label=_("Delete chat messages past their retention"))
def purge_chat() -> dict[str, int]:
    return chat_purge()
