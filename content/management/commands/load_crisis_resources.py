"""``manage.py load_crisis_resources``: the bundled crisis directory (v2), as unverified entries.

Idempotent: run it again after the file changes and only what editors have not touched is
updated. Rows that cannot be loaded are listed with their position and id; the rest load.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.crisis_data import DATA_FILE, DirectoryFileError, read_directory_file
from content.crisis_services import crisis_resources_load


class Command(BaseCommand):
    help = (
        "Load content/data/crisis_resources_v2.json into the crisis directory: everything "
        "unverified, low-confidence entries unpublished, editors' changes kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="Another v2 file to load.")
        parser.add_argument(
            "--strict", action="store_true", help="Exit with an error when any row is refused."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            records = read_directory_file(path)
        except DirectoryFileError as error:
            raise CommandError(str(error)) from error
        report = crisis_resources_load(records=records)
        self.stdout.write(
            f"crisis resources: {len(report.created)} added "
            f"({len(report.unpublished)} unpublished until an editor checks them), "
            f"{len(report.updated)} updated, {len(report.kept)} kept as editors have them, "
            f"{len(report.unchanged)} unchanged, {len(report.refused)} refused"
        )
        if report.unpublished:
            self.stdout.write("  unpublished (low confidence): " + ", ".join(report.unpublished))
        for line in report.refused:
            self.stderr.write(f"  refused {line}")
        if report.refused and options["strict"]:
            raise CommandError(f"{len(report.refused)} row(s) refused")
