"""Helpers for the task tests: a worker's round in this process, and misbehaving mail servers."""

import smtplib

from django.core import mail
from django_tasks_db.models import DBTaskResult

from jobs.runner import execute


class RefusingBackend:
    """A mail server that refuses every recipient; its error names the address."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        refused = {address: (550, b"mailbox unavailable") for m in messages for address in m.to}
        raise smtplib.SMTPRecipientsRefused(refused)


class DownThenUpLocmemBackend:
    failures_left = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        if DownThenUpLocmemBackend.failures_left > 0:
            DownThenUpLocmemBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("down")
        mail.outbox.extend(messages)
        return len(messages)


def run_ready_tasks(limit: int = 50) -> int:
    """What a worker does, in this process: claim ready rows one by one and run them."""
    ran = 0
    while ran < limit:
        row = DBTaskResult.objects.ready().first()
        if row is None:
            return ran
        row.claim("test-worker")
        execute(row)
        ran += 1
    return ran


def keep_tasks_queued(settings) -> None:
    """Tasks wait in the queue (no in-process run after commit) until ``run_ready_tasks``;
    a failed attempt may run again at once."""
    settings.TASKS_EAGER_ON_COMMIT = False
    settings.TASK_RETRY_BASE_SECONDS = 0
