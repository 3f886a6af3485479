"""``manage.py escalate_safety_alerts``: run every minute or two from cron.

Alerts nobody acknowledged within ``SAFETY_ALERT_ESCALATION_MINUTES`` go to every moderator,
live and by email. Safe to run as often as you like: each alert escalates once.
"""

from django.core.management.base import BaseCommand

from moderation.safety import escalation_minutes, safety_alerts_escalate


class Command(BaseCommand):
    help = "Escalate safety alerts nobody acknowledged in time to every moderator (idempotent)."

    def handle(self, *args, **options):
        count = safety_alerts_escalate()
        self.stdout.write(
            f"Escalated {count} safety alert(s) unacknowledged after {escalation_minutes()} min."
        )
