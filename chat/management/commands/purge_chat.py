"""``manage.py purge_chat``: enforce each group's chat retention now, by hand.

The task workers' scheduler already does this every 15 minutes (``chat.tasks``).
"""

from django.core.management.base import BaseCommand

from chat.services import chat_purge


class Command(BaseCommand):
    help = "Delete chat messages past their group's retention (30 days, or when a session ends)."

    def handle(self, *args, **options):
        removed = chat_purge()
        # Counts only: never what was written.
        self.stdout.write(
            "chat messages purged: "
            + ", ".join(f"{policy}={count}" for policy, count in removed.items())
        )
