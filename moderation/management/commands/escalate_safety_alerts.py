"""``manage.py escalate_safety_alerts``: escalate overdue safety alerts now, by hand.

The task workers' scheduler already does this every ``SAFETY_ESCALATION_CHECK_SECONDS``
(``moderation.tasks``). Alerts nobody acknowledged within ``SAFETY_ESCALATION_SECONDS`` go to
every moderator, live and by email. Safe to run as often as you like: each alert escalates once.
"""

from django.core.management.base import BaseCommand

from moderation.safety import escalation_seconds, safety_alerts_escalate


class Command(BaseCommand):
    help = "Escalate safety alerts nobody acknowledged in time to every moderator (idempotent)."

    def handle(self, *args, **options):
        count = safety_alerts_escalate()
        self.stdout.write(
            f"Escalated {count} safety alert(s) unacknowledged after {escalation_seconds():g} s."
        )
