"""In-app notifications. The text is written by the site, never copied from a member's post."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", _("Replies to my threads")
        MENTION = "mention", _("Mentions")
        JOIN_DECISION = "join_decision", _("Join decisions")
        NEW_SESSION = "new_session", _("New sessions")
        SESSION_REMINDER = "session_reminder", _("Session reminders")
        MODERATION = "moderation", _("Moderation outcomes")
        SAFETY_ALERT = "safety_alert", _("Safety alerts")
        CHECKIN_REQUEST = "checkin_request", _("Check-in requests")

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    priority = models.CharField(max_length=6, choices=Priority.choices, default=Priority.NORMAL)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    group = models.ForeignKey(
        "groups.SupportGroup", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The member the text names ("<name> replied…"), so deleting that account can take the
    # name out of other people's notifications (``notifications.privacy.erase``).
    about = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    def as_frame(self) -> dict:
        return {
            "type": "notification",
            "id": self.pk,
            "kind": self.kind,
            "priority": self.priority,
            "text": self.text,
            "url": self.url,
            "created": self.created_at.isoformat(),
        }


class EmailPreference(models.Model):
    """Per-kind email choice; without a row, the kind's default in ``EMAIL_DEFAULTS`` holds."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences"
    )
    kind = models.CharField(max_length=20, choices=Notification.Kind.choices)
    email = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {'email' if self.email else 'in-app only'}"


EMAIL_DEFAULTS = {
    Notification.Kind.JOIN_DECISION: True,
    Notification.Kind.SAFETY_ALERT: True,
    Notification.Kind.CHECKIN_REQUEST: True,
}
