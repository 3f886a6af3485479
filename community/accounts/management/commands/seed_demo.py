"""``manage.py seed_demo``: idempotent demo content for ``make run``; prints the sign-ins."""

from django.core.management.base import BaseCommand
from django.db import transaction

from community.demo import DemoUsers, demo_seeders


class Command(BaseCommand):
    help = "Create or refresh the demo accounts, articles, groups and chat (idempotent)."

    def handle(self, *args, **options):
        users = DemoUsers(moderator=None, facilitator=None)
        for _order, name, seed in demo_seeders():
            with transaction.atomic():
                seed(users=users, stdout=self.stdout)
            self.stdout.write(f"  seeded {name}")
        self.stdout.write(self.style.SUCCESS("\nDemo sign-ins (email / password):"))
        for email, password in users.passwords.items():
            self.stdout.write(f"  {email:<28} {password}")
