"""Worker heartbeats: proof of life for ``/healthz``, and for handing back a dead worker's task."""

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .models import WorkerHeartbeat


def heartbeat_record(*, worker_id: str, scheduler: bool, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        return
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "scheduler": scheduler,
            "started_at": now,
            "seen_at": now,
        },
    )


def heartbeat_remove(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def heartbeats_prune(*, now: datetime | None = None) -> int:
    """Rows of workers gone for a day (killed without cleaning up) are of no further use."""
    now = now or timezone.now()
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return deleted


def worker_last_seen() -> datetime | None:
    """The most recent heartbeat of any worker, or None if no worker ever ran here."""
    return WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]


def workers_alive_count(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    max_age = timedelta(seconds=settings.HEALTHZ_WORKER_MAX_AGE_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=now - max_age).count()


def worker_is_alive(last_seen: datetime | None, *, now: datetime | None = None) -> bool:
    if last_seen is None:
        return False
    now = now or timezone.now()
    return now - last_seen <= timedelta(seconds=settings.HEALTHZ_WORKER_MAX_AGE_SECONDS)
