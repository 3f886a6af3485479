"""Train the crisis detector's learned scorer: ``manage.py crisis_train``.

Reproducible (no randomness): it reads ``crisis/data/corpus/``, chooses thresholds on the tuning
rows, and writes the weights to ``crisis/model/``. It needs scikit-learn, a development
dependency; the site itself scores with the shipped weights in plain Python.
"""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Train the crisis scorer on crisis/data/corpus and write crisis/model (needs [dev])."

    def add_arguments(self, parser):
        parser.add_argument("--c", type=float, default=64.0, help="L2 inverse strength.")
        parser.add_argument("--keep", type=int, default=50_000, help="Weights kept.")
        parser.add_argument("--recall-target", type=float, default=0.93)

    def handle(self, *args, **options):
        try:
            # A genuine lazy import: scikit-learn is a development dependency, and the
            # command must list (and explain itself) on a site installed without it.
            from crisis.training import train
        except ImportError as error:
            raise CommandError(
                "crisis_train needs scikit-learn: pip install -e '.[dev]'"
            ) from error
        report = train(
            c=options["c"],
            keep=options["keep"],
            recall_target=options["recall_target"],
            log=self.stdout.write,
        )
        self.stdout.write("\n".join(report.lines))
