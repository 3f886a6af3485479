"""Why the crisis detector decides what it does on a sentence: ``manage.py crisis_explain``.

For our own test sentences only: it prints the text it is given, so it is never run over
member content.
"""

from django.core.management.base import BaseCommand

from crisis.explain import explain


class Command(BaseCommand):
    help = "Print the detector's reading of a text: rules fired, guards, score and thresholds."

    def add_arguments(self, parser):
        parser.add_argument("text", help="The sentence to read (one of ours, never a member's).")
        parser.add_argument("--lang", default=None, help="The writer's site language (en, es, ru).")
        parser.add_argument(
            "--context",
            action="append",
            default=[],
            help="An earlier message by the same writer, oldest first; may be repeated.",
        )

    def handle(self, *args, **options):
        lines = explain(options["text"], lang=options["lang"], context=tuple(options["context"]))
        self.stdout.write("\n".join(lines))
