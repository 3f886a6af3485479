"""The task worker: django-tasks-db's worker loop, our retry policy, heartbeats and the scheduler.

The loop (claiming a row with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, an exclusive
transaction on SQLite, so no two workers ever take the same task) is django-tasks-db's own.
Running a claimed task goes through ``jobs.runner.execute`` (retries, failures kept). A
companion thread, with its own database connection, writes this worker's heartbeat and, when
the worker runs the scheduler, ticks it once a second.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker

from .heartbeat import heartbeat_record, heartbeat_remove
from .runner import execute
from .scheduler import Scheduler

logger = logging.getLogger("jobs")
TICK_SECONDS = 1.0


class Companion(threading.Thread):
    """Heartbeat and scheduler, beside the worker loop (which may be busy with a long task)."""

    def __init__(self, *, worker_id: str, scheduler: Scheduler | None):
        super().__init__(name=f"jobs-companion-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.scheduler = scheduler
        self.stopping = threading.Event()
        self.next_heartbeat = 0.0

    def beat(self) -> None:
        heartbeat_record(worker_id=self.worker_id, scheduler=self.scheduler is not None)
        self.next_heartbeat = time.monotonic() + float(settings.TASK_WORKER_HEARTBEAT_SECONDS)

    def run(self) -> None:
        while not self.stopping.wait(TICK_SECONDS):
            try:
                close_old_connections()
                if time.monotonic() >= self.next_heartbeat:
                    self.beat()
                if self.scheduler is not None:
                    self.scheduler.tick()
            except Exception:
                # Never let the heartbeat die quietly: log, drop the connection, try again.
                logger.warning(
                    "worker %s: heartbeat/scheduler round failed", self.worker_id, exc_info=True
                )
                connection.close()
        connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)


class Worker(DatabaseWorker):
    def __init__(self, *, scheduler: bool, **options):
        super().__init__(**options)
        self.companion = Companion(
            worker_id=self.worker_id,
            scheduler=Scheduler(holder=self.worker_id) if scheduler else None,
        )

    def run_task(self, db_task_result) -> None:
        try:
            self.running_task = True
            execute(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def run(self) -> None:
        # The first heartbeat is written before any task is claimed, so the scheduler never
        # mistakes a task this worker just took for one left by a dead worker.
        self.companion.beat()
        self.companion.start()
        try:
            super().run()
        finally:
            self.companion.stop()
            try:
                if self.companion.scheduler is not None:
                    self.companion.scheduler.stop()
                heartbeat_remove(worker_id=self.worker_id)
            except Exception:
                logger.warning(
                    "worker %s: could not clean up on exit", self.worker_id, exc_info=True
                )
            logger.info("worker %s stopped", self.worker_id)
