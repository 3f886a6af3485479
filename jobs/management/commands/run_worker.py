"""``manage.py run_worker``: run background tasks (and, by default, the periodic scheduler).

``make run`` and ``make serve`` start one; on other machines run more with the same settings
(``DJANGO_ENV``, ``DATABASE_URL``...). Any number may run: a task is claimed by one worker
only, and one scheduler acts at a time. SIGTERM or Ctrl-C lets the current task finish; a
second one stops at once and the interrupted task is handed back to the queue.
"""

import logging
import os
import socket
import uuid
from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand

from jobs.backend import BACKEND_ALIAS
from jobs.worker import Worker


def positive_seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError as error:
        raise ArgumentTypeError("must be a number of seconds") from error
    if not 0 < number < 3600:
        raise ArgumentTypeError("must be more than 0 and less than 3600 seconds")
    return number


def default_worker_id() -> str:
    return f"{socket.gethostname()[:30]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


class Command(BaseCommand):
    help = "Run background tasks; with the scheduler (default), also enqueue periodic tasks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-scheduler",
            dest="scheduler",
            action="store_false",
            help="Only run tasks; never act as the scheduler.",
        )
        parser.add_argument(
            "--queue-name",
            default="*",
            help="Queues to process, comma-separated ('*': every queue, the default).",
        )
        parser.add_argument(
            "--interval",
            type=positive_seconds,
            default=1.0,
            help="Seconds to wait when the queue is empty before looking again (default 1).",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run every task that is ready now, then exit (no scheduler).",
        )
        parser.add_argument(
            "--worker-id", default=None, help="Unique id (default: host-pid-random)."
        )

    def handle(
        self, *args, scheduler, queue_name, interval, batch, worker_id, verbosity, **options
    ):
        level = logging.WARNING if verbosity == 0 else logging.INFO
        for name in ("jobs", "django_tasks_db"):
            logging.getLogger(name).setLevel(level)
        worker_id = (worker_id or default_worker_id())[:64]
        worker = Worker(
            scheduler=scheduler and not batch,
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        self.stdout.write(
            f"worker {worker_id}: running tasks"
            + (" and the scheduler" if scheduler and not batch else "")
        )
        self.stdout.flush()
        worker.configure_signals()
        worker.run()
