"""The audit log: every action by a facilitator or moderator, kept after anyone leaves.

The actor is ``SET_NULL`` with a copied name so the record outlives the account, and the log
holds descriptions of targets ("post 12 in Healing Together"), never what members wrote.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def delete(self):
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(max_length=60)
    action = models.CharField(max_length=60, db_index=True)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    group = models.ForeignKey(
        "groups.SupportGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    group_name = models.CharField(max_length=80, blank=True)
    reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class SafetyAlert(models.Model):
    """A person may be at risk: raised by the crisis detector or a "worried about" report.

    Holds who and where, never the words: responders open the post or message itself, which
    stays subject to the group's visibility rules.
    """

    class Source(models.TextChoices):
        POST = "post", "Forum post"
        THREAD = "thread", "Thread title"
        CHAT = "chat", "Chat message"
        SEARCH = "search", "Search"
        WORRIED_REPORT = "worried_report", "A member is worried"
        CHECKIN = "checkin", "Check-in request"

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_name = models.CharField(max_length=60)
    group = models.ForeignKey(
        "groups.SupportGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    source_id = models.CharField(max_length=40, blank=True)
    source_url = models.CharField(max_length=300, blank=True)
    categories = models.CharField(max_length=200, blank=True)
    moderators_only = models.BooleanField(default=False)
    state = models.CharField(max_length=14, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"safety alert {self.pk} ({self.state})"
