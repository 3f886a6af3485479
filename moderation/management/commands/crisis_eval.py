"""How the crisis detector scores on labelled data: ``manage.py crisis_eval``.

Prints recall, precision and false alarms (overall, on hard negatives, per language and per
category) for the tuning rows of the corpus and for the frozen blind set. Figures only: the
blind set's misses are never printed, so nobody writes rules for them.
"""

from django.core.management.base import BaseCommand

from crisis.corpus import blind_rows, corpus_rows, split
from crisis.evaluation import Counts, evaluate


def _fmt(value: float | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}"


class Command(BaseCommand):
    help = "Recall, precision and false alarms of the crisis detector on tuning and blind rows."

    def add_arguments(self, parser):
        parser.add_argument(
            "--set",
            choices=("tuning", "blind", "training", "all"),
            default="all",
            help="Which rows to assess (all: tuning and blind).",
        )

    def _line(self, name: str, counts: Counts) -> None:
        self.stdout.write(
            f"  {name:<22} recall {_fmt(counts.recall)}  precision {_fmt(counts.precision)}"
            f"  false alarms {_fmt(counts.false_alarm_rate)}"
            f"  (positives {counts.positives}, negatives {counts.negatives})"
        )

    def handle(self, *args, **options):
        training, tuning = split(corpus_rows())
        sets = {"training": training, "tuning": tuning, "blind": blind_rows()}
        chosen = ("tuning", "blind") if options["set"] == "all" else (options["set"],)
        for name in chosen:
            rows = sets[name]
            figures = evaluate(rows)
            self.stdout.write(f"\n{name}: {len(rows)} rows")
            self._line("overall", figures.overall)
            self._line("hard negatives", figures.hard_negatives)
            for lang, counts in sorted(figures.languages.items()):
                self._line(f"language {lang}", counts)
            for category, counts in sorted(figures.categories.items()):
                self._line(f"category {category}", counts)
