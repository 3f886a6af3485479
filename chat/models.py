"""Chat rooms, their messages, live connections, and the group's scheduled sessions.

A group has one main room, created on first use; a facilitator may open short-lived side rooms
for a one-to-one check-in. Messages carry a per-room sequence number ``seq`` allocated under a
row lock on the room, so ids grow monotonically within a room and clients can ``resume`` after
the last one they saw.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 2000


def new_token() -> str:
    return secrets.token_urlsafe(24)


class ChatRoom(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("Group room")
        SIDE = "side", _("One-to-one check-in")

    class Phase(models.TextChoices):
        ARRIVE = "arrive", _("Arriving")
        AGREEMENT = "agreement", _("Group agreement")
        CHECKIN = "checkin", _("Check-in")
        SHARING = "sharing", _("Sharing rounds")
        CHECKOUT = "checkout", _("Check-out")

    group = models.ForeignKey(
        "groups.SupportGroup", on_delete=models.CASCADE, related_name="chat_rooms"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.MAIN)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    locked = models.BooleanField(default=False)
    slow_mode_seconds = models.PositiveIntegerField(default=0)
    last_seq = models.PositiveBigIntegerField(default=0, editable=False)
    # Side rooms: exactly two participants; the facilitator who opened it and one member.
    side_facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    side_member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Structured session state, kept on the server so every client sees the same thing.
    session_phase = models.CharField(max_length=12, choices=Phase.choices, blank=True)
    session_queue = models.JSONField(default=list, blank=True)  # user pks, in raised order
    session_turn = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session_turn_ends_at = models.DateTimeField(null=True, blank=True)
    session_paused = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group"], condition=Q(kind="main"), name="chat_one_main_room_per_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} of group {self.group_id}"

    @property
    def is_side(self) -> bool:
        return self.kind == self.Kind.SIDE


class ChatMessage(models.Model):
    room = models.ForeignKey(ChatRoom, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField()
    # Deleting an account erases its chat messages (PRODUCT.md "Data").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_messages"
    )
    client_id = models.CharField(max_length=64)
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    html = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["room", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["room", "seq"], name="chat_message_seq_unique"),
            models.UniqueConstraint(
                fields=["room", "author", "client_id"], name="chat_message_client_id_unique"
            ),
        ]
        indexes = [models.Index(fields=["room", "author", "created_at"])]

    def __str__(self) -> str:
        return f"message {self.seq} in room {self.room_id}"

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class ChatConnection(models.Model):
    """One open websocket; presence is the set of distinct users with a row in the room.

    Kept in the database, not in process memory, so presence is right across daphne processes.
    """

    room = models.ForeignKey(ChatRoom, on_delete=models.CASCADE, related_name="connections")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_connections"
    )
    channel_name = models.CharField(max_length=200, unique=True)
    connected_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"connection of {self.user_id} to room {self.room_id}"


class GroupSession(models.Model):
    """A facilitated session; weekly ones repeat at the same UTC time until ``repeat_until``."""

    class Recurrence(models.TextChoices):
        NONE = "none", _("Once")
        WEEKLY = "weekly", _("Every week")

    group = models.ForeignKey(
        "groups.SupportGroup", on_delete=models.CASCADE, related_name="chat_sessions"
    )
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=60)
    recurrence = models.CharField(
        _("repeats"), max_length=8, choices=Recurrence.choices, default=Recurrence.NONE
    )
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class SessionRSVP(models.Model):
    class Response(models.TextChoices):
        YES = "yes", _("I'll be there")
        NO = "no", _("I can't make it")

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="rsvps")
    occurrence_start = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_rsvps"
    )
    response = models.CharField(max_length=4, choices=Response.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "occurrence_start", "user"], name="chat_rsvp_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.response}"


class SessionAttendance(models.Model):
    """Who was in the room during one occurrence: first arrival and last departure."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="attendance")
    occurrence_start = models.DateTimeField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendance"
    )
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "occurrence_start", "user"], name="chat_attendance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"attendance of {self.user_id}"


class SessionReminder(models.Model):
    """One row per member per occurrence: what makes ``send_session_reminders`` idempotent."""

    session = models.ForeignKey(GroupSession, on_delete=models.CASCADE, related_name="reminders")
    occurrence_start = models.DateTimeField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "occurrence_start", "user"], name="chat_reminder_unique"
            )
        ]

    def __str__(self) -> str:
        return f"reminder for {self.user_id}"


class CalendarToken(models.Model):
    """A private, revocable key for one member's calendar feed of one group's sessions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    group = models.ForeignKey("groups.SupportGroup", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "group"],
                condition=Q(revoked_at__isnull=True),
                name="chat_one_live_calendar_token",
            )
        ]

    def __str__(self) -> str:
        return f"calendar token of {self.user_id} for group {self.group_id}"
