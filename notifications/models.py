"""In-app notifications. The text is written by the site, never copied from a member's post.

What is stored is the sentence's message id and parameters (``message``, see
``notifications.notices``), so it is read in the reader's language whenever it is shown or
emailed. ``stored_text`` holds the words of notifications made before that, and of callers that
pass plain text.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .notices import Notice

#: Longest text shown for one notification (parameters such as a reason are already short).
TEXT_SHOWN_MAX = 600


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
    stored_text = models.CharField(max_length=300, blank=True)
    message = models.JSONField(default=list, blank=True)
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

    @property
    def text(self) -> str:
        """The notification's words in the active language."""
        if self.message:
            return Notice.from_data(self.message).render()[:TEXT_SHOWN_MAX]
        return self.stored_text

    @text.setter
    def text(self, value: "Notice | str") -> None:
        if isinstance(value, Notice):
            self.message = value.as_data()
            self.stored_text = ""
        else:
            self.message = []
            self.stored_text = str(value)[:300]

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
