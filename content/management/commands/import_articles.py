"""``manage.py import_articles PATH...``: plain-text articles into guide pages.

Folders are read for ``*.txt`` files. Each file is checked and parsed on its own, so an empty,
binary or unreadable file is reported and the others still import. Re-importing a file
updates its guide instead of adding a second one.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Locale

from content.importer import ArticleFileError, parse_article, read_article_file
from content.models import GuideIndexPage
from content.services import article_import, plan_article_import, site_tree_ensure


class Command(BaseCommand):
    help = "Import plain-text articles as guide pages (idempotent; --dry-run to preview)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Text files or folders of .txt files.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would happen; change nothing."
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish at once instead of saving drafts for the review workflow.",
        )
        parser.add_argument(
            "--tag", action="append", default=[], help="Add this tag to every imported guide."
        )

    def handle(self, *args, **options):
        files = self._files(options["paths"])
        if not files:
            raise CommandError("No files to import.")
        dry_run = options["dry_run"]
        index = self._guide_index(create=not dry_run)
        failures = 0
        for path in files:
            try:
                parsed = parse_article(read_article_file(path), source_name=path.stem)
            except ArticleFileError as error:
                failures += 1
                self.stderr.write(self.style.ERROR(f"skipped {error}"))
                continue
            summary = (
                f"“{parsed.title}” ({parsed.step_count} steps, {len(parsed.blocks)} blocks, "
                f"tags: {', '.join(parsed.tags) or 'none'})"
            )
            for warning in parsed.warnings:
                self.stdout.write(self.style.WARNING(f"note {path.name}: {warning}"))
            if dry_run:
                plan = (
                    "create"
                    if index is None
                    else plan_article_import(parsed=parsed, index=index, publish=options["publish"])
                )
                self.stdout.write(f"would {plan} {path.name}: {summary} → /guides/{parsed.slug}/")
                continue
            outcome = article_import(
                parsed=parsed, index=index, publish=options["publish"], extra_tags=options["tag"]
            )
            self.stdout.write(f"{outcome.action} {path.name}: {summary} → /guides/{outcome.slug}/")
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        if failures:
            # The good files are in; the exit status still tells a script something failed.
            raise CommandError(f"{failures} file(s) could not be imported.")

    def _files(self, paths: list[str]) -> list[Path]:
        files: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(sorted(path.glob("*.txt")))
            else:
                files.append(path)
        return files

    def _guide_index(self, *, create: bool) -> GuideIndexPage | None:
        index = GuideIndexPage.objects.filter(locale=Locale.get_default()).first()
        if index is None and create:
            _home, index = site_tree_ensure()
        return index
