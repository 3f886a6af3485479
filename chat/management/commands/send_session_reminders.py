"""``manage.py send_session_reminders``: remind members of sessions now, by hand; safe to run twice.

The task workers' scheduler already does this every 5 minutes (``chat.tasks``).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from chat.services import session_reminders_send


class Command(BaseCommand):
    help = "Notify members of sessions that start soon (one reminder per member per session)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--within-minutes",
            type=int,
            default=60,
            help="Remind about sessions starting within this many minutes (default 60).",
        )

    def handle(self, *args, within_minutes, **options):
        sent = session_reminders_send(within=timedelta(minutes=within_minutes))
        self.stdout.write(f"session reminders sent: {sent}")
