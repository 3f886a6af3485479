"""What the task workers keep beside django-tasks-db's own ``DBTaskResult`` table.

Heartbeats tell ``/healthz`` and the scheduler which workers are alive; the lease lets exactly
one scheduler act at a time; the periodic state remembers when each periodic task is next due
across restarts; outbound emails wait here until a worker has sent them.
"""

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """One row per running worker process, refreshed every few seconds while it lives.

    A task still marked running by a worker whose heartbeat stopped (killed, machine lost) is
    handed to another worker; a worker that stops cleanly deletes its row.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField(default=0)
    scheduler = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.worker_id


class SchedulerLease(models.Model):
    """A named lease held by one worker until ``expires_at``; renewed while the holder lives."""

    name = models.CharField(max_length=40, primary_key=True)
    holder = models.CharField(max_length=64)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"


class PeriodicTaskState(models.Model):
    """When a periodic task (``settings.PERIODIC_TASKS``) is next due, and who last enqueued it."""

    name = models.CharField(max_length=40, primary_key=True)
    next_run_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)
    last_enqueued_by = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name


class OutboundEmail(models.Model):
    """An email waiting for a worker to send it; deleted once sent.

    It is stored in the transaction that caused it, so a rollback leaves nothing to send. It can
    hold a sign-in or reset link, which is why it does not outlive its sending, and why deleting
    the account it belongs to deletes it too (the task then finds nothing and does nothing).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    to = models.JSONField()
    from_email = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    html_only = models.BooleanField(default=False)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"email {self.pk}"

    @classmethod
    def from_message(cls, message: EmailMessage, *, user=None, urgent: bool = False):
        html = ""
        for content, mimetype in getattr(message, "alternatives", None) or []:
            if mimetype == "text/html":
                html = content
                break
        return cls(
            user=user,
            to=list(message.to),
            from_email=message.from_email or "",
            subject=message.subject,
            body=message.body,
            html_body=html,
            html_only=message.content_subtype == "html",
            urgent=urgent,
        )

    def as_message(self) -> EmailMessage:
        if self.html_only:
            message = EmailMessage(self.subject, self.body, self.from_email or None, self.to)
            message.content_subtype = "html"
            return message
        message = EmailMultiAlternatives(self.subject, self.body, self.from_email or None, self.to)
        if self.html_body:
            message.attach_alternative(self.html_body, "text/html")
        return message
