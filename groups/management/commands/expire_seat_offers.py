"""``manage.py expire_seat_offers``: pass on seats whose 48-hour offer ran out (run from cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from groups.models import Membership, SupportGroup
from groups.services import seat_offers_expire


class Command(BaseCommand):
    help = "Return expired seat offers to the waitlist and offer the seats to the next in line."

    def handle(self, *args, **options):
        groups = SupportGroup.objects.filter(
            memberships__state=Membership.State.OFFERED,
            memberships__offer_expires_at__lt=timezone.now(),
        ).distinct()
        total = sum(seat_offers_expire(group=group) for group in groups)
        self.stdout.write(f"{total} expired seat offers passed on")
