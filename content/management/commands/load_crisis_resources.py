"""``manage.py load_crisis_resources``: the bundled crisis directory, as unverified entries.

Idempotent: entries already present (same country, kind and name) are left as editors have them.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.selectors import DATA_FILE
from content.services import crisis_resources_load


class Command(BaseCommand):
    help = "Load content/data/crisis_resources.json into the crisis directory (unverified)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="Another JSON file to load.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            records = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: cannot be loaded ({error}).") from error
        if not isinstance(records, list):
            raise CommandError(f"{path}: expected a list of resources.")
        counts = crisis_resources_load(records=records)
        self.stdout.write(
            f"crisis resources: {counts['created']} added (unverified), "
            f"{counts['unchanged']} already present"
        )
