"""``manage.py expire_seat_offers``: pass on seats whose 48-hour offer ran out.

The task workers' scheduler does this every five minutes (``groups.tasks``); the command
remains for a manual run.
"""

from django.core.management.base import BaseCommand

from groups.services import seat_offers_expire_due


class Command(BaseCommand):
    help = "Return expired seat offers to the waitlist and offer the seats to the next in line."

    def handle(self, *args, **options):
        total = seat_offers_expire_due()
        self.stdout.write(f"{total} expired seat offers passed on")
