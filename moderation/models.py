"""The audit log: every action by a facilitator or moderator, kept after anyone leaves.

The actor is ``SET_NULL`` with a copied name so the record outlives the account, and the log
holds descriptions of targets ("post 12 in Healing Together"), never what members wrote.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def redact(self, **kwargs):
        """The one change the audit allows: a deleted member's name gives way to "former
        member" (``moderation.privacy.erase``); what happened, when and where stays."""
        allowed = {"actor_name", "target_label", "reason"}
        if set(kwargs) - allowed:
            raise TypeError(f"Only {sorted(allowed)} may be redacted.")
        return super().update(**kwargs)

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

    Holds who and where, never the words: responders read the post or message itself, which
    stays subject to the group's visibility rules. Crisis messages from one member in one place
    (a thread, a chat room) gather into the open alert there (``place``, ``count``), so five
    messages in a minute are one alert with a count of five, not five alerts.
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

    class Level(models.TextChoices):
        """High: intent, plan, means, time, goodbye, danger now. Concern: passive wish,
        hopelessness, self-harm urges. Queues show high first."""

        HIGH = "high", _("High priority")
        CONCERN = "concern", _("Concern")

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
    level = models.CharField(max_length=8, choices=Level.choices, default=Level.HIGH)
    category = models.CharField(max_length=40, blank=True)
    place = models.CharField(
        max_length=40,
        blank=True,
        help_text='Where the words were written ("thread:<pk>", "room:<pk>"), built from '
        "primary keys; crisis messages in one place gather into its open alert.",
    )
    count = models.PositiveIntegerField(default=1)
    last_raised_at = models.DateTimeField(default=timezone.now)
    moderators_only = models.BooleanField(default=False)
    state = models.CharField(max_length=14, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member who reported being worried, for rate limits; never shown.",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "place"],
                condition=models.Q(state="open") & ~models.Q(place=""),
                name="moderation_one_open_alert_per_member_and_place",
            )
        ]

    def __str__(self) -> str:
        return f"safety alert {self.pk} ({self.state})"

    @property
    def is_high(self) -> bool:
        return self.level == self.Level.HIGH

    @property
    def category_label(self) -> str:
        return str(CATEGORY_LABELS.get(self.category, "")) if self.category else ""


#: What the detector's categories are called on staff pages (never words a member wrote).
CATEGORY_LABELS = {
    "suicidal_ideation": _("Thoughts of suicide"),
    "self_harm": _("Self-harm"),
    "sexual_assault_now": _("Sexual assault"),
    "abuse_danger": _("In danger from someone"),
}


class SafetyAlertMessage(models.Model):
    """One piece of writing an alert gathered: which post, title or chat message, never its words.

    Responders read the words from the content itself (``moderation.targets``), so a message
    removed or erased with its author's account takes its words with it.
    """

    alert = models.ForeignKey(SafetyAlert, on_delete=models.CASCADE, related_name="messages")
    source = models.CharField(max_length=20, choices=SafetyAlert.Source.choices)
    source_id = models.CharField(max_length=40)
    source_url = models.CharField(max_length=300, blank=True)
    level = models.CharField(
        max_length=8, choices=SafetyAlert.Level.choices, default=SafetyAlert.Level.HIGH
    )
    category = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["source", "source_id"])]

    def __str__(self) -> str:
        return f"{self.source} {self.source_id} in safety alert {self.alert_id}"


class Reason(models.TextChoices):
    """Why a member reports something. The bit values let a moderator opt out of categories."""

    HARASSMENT = "harassment", _("Harassment or bullying")
    SPAM = "spam", _("Spam or advertising")
    UNSAFE_ADVICE = "unsafe_advice", _("Unsafe advice")
    RISK_OF_HARM = "risk_of_harm", _("Someone may be at risk of harm")
    OTHER = "other", _("Something else")


REASON_BITS = {reason.value: 1 << index for index, reason in enumerate(Reason)}
SAFETY_REASONS = frozenset({Reason.RISK_OF_HARM.value})


class QueueItem(models.Model):
    """One thing waiting for a facilitator or moderator: every report about a target, together.

    The target is generic (a post, a thread, a chat message or a member). Several reports on
    the same target gather into the one open item and raise its count; once the item is
    resolved, a new report opens a new item.
    """

    class Source(models.TextChoices):
        REPORT = "report", _("Reported by members")
        WATCHED_WORD = "watched_word", _("Matched a watched word")
        PREMODERATION = "premoderation", _("New member's post waiting for approval")
        SAFETY_REQUEST = "safety_request", _("A member's safety request")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    class Priority(models.IntegerChoices):
        SAFETY = 0, _("Safety")
        ESCALATED = 1, _("Escalated")
        HIGH = 2, _("High")
        WAITING = 3, _("A member is waiting")
        NORMAL = 4, _("Normal")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    target_label = models.CharField(max_length=200, blank=True)
    group = models.ForeignKey(
        "groups.SupportGroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="moderation_items",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member whose content or conduct this item is about.",
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.REPORT)
    priority = models.PositiveSmallIntegerField(
        choices=Priority.choices, default=Priority.NORMAL, db_index=True
    )
    reason_mask = models.PositiveIntegerField(default=0)
    report_count = models.PositiveIntegerField(default=0)
    watched_rule_ids = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    resolution = models.CharField(max_length=40, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["priority", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state="open"),
                name="moderation_one_open_item_per_target",
            )
        ]
        indexes = [models.Index(fields=["state", "priority", "created_at"])]

    def __str__(self) -> str:
        return f"queue item {self.pk} ({self.target_label})"

    @property
    def reasons(self) -> list[str]:
        return [reason for reason, bit in REASON_BITS.items() if self.reason_mask & bit]

    @property
    def reason_labels(self) -> list[str]:
        return [Reason(reason).label for reason in self.reasons]

    @property
    def is_safety(self) -> bool:
        return self.priority == self.Priority.SAFETY

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN


class Report(models.Model):
    """One member's report. Who reported is kept for moderators and never shown to the subject."""

    item = models.ForeignKey(QueueItem, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "reporter"], name="moderation_one_report_per_reporter"
            )
        ]

    def __str__(self) -> str:
        return f"report {self.pk} ({self.reason})"


class WatchedWord(models.Model):
    """A word, phrase or pattern moderators watch for in posts and chat messages."""

    class Kind(models.TextChoices):
        WORD = "word", _("Whole word or phrase")
        PATTERN = "pattern", _("Pattern (regular expression)")

    class Action(models.TextChoices):
        BLOCK = "block", _("Block: the text is refused with a clear message")
        HOLD = "hold", _("Hold: a facilitator approves it first")
        FLAG = "flag", _("Flag: posted, and a review item is opened")

    text = models.CharField(_("word, phrase or pattern"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.WORD)
    action = models.CharField(
        _("action"), max_length=8, choices=Action.choices, default=Action.FLAG
    )
    note = models.CharField(_("note for moderators"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["text"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "text"], name="moderation_watched_word_unique")
        ]

    def __str__(self) -> str:
        return self.text


class ModeratorPreference(models.Model):
    """Categories of reports a moderator chooses not to review (moderator wellbeing)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_preference"
    )
    hidden_reasons = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"moderation preferences of {self.user_id}"

    @property
    def hidden_mask(self) -> int:
        return sum(REASON_BITS.get(reason, 0) for reason in set(self.hidden_reasons))
