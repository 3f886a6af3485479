"""Print how the crisis detector scores on our labelled sentences.

Run after any change to the lexicon: ``python manage.py crisis_eval [--show-errors]``.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from moderation.crisis_eval import EVAL_SET, HOLDOUT, evaluate


class Command(BaseCommand):
    help = "Precision and recall of the crisis detector per language, on the eval and holdout sets."

    def add_arguments(self, parser):
        parser.add_argument(
            "--show-errors",
            action="store_true",
            help="List the misclassified sentences (our own writing, never member content).",
        )

    def handle(self, *args, **options):
        for name, path in (("eval_set", EVAL_SET), ("holdout", HOLDOUT)):
            result = evaluate(path)
            self.stdout.write(f"\n{name} ({result['count']} sentences)")
            self.stdout.write(
                f"{'language':<10}{'precision':>10}{'recall':>8}{'f1':>8}{'n':>6}{'errors':>8}"
            )
            rows = [*result["languages"].items(), ("overall", result)]
            for lang, fig in rows:
                self.stdout.write(
                    f"{lang:<10}{fig['precision']:>10.3f}{fig['recall']:>8.3f}{fig['f1']:>8.3f}"
                    f"{fig['count']:>6}{fig['errors']:>8}"
                )
            if options["show_errors"]:
                for row in result["mistakes"]:
                    kind = "missed" if row["label"] else "false alarm"
                    self.stdout.write(
                        f"  [{row['lang']}] {kind}: {row['text']} ({row.get('note', '')})"
                    )
