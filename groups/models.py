"""Small support groups and who belongs to them.

A membership row is kept through its whole life (requested → active → left/removed) so that
history, waitlists and moderation keep their meaning; "active" is the only state that grants
access to a group's content.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

DEFAULT_CAPACITY = 12


class GroupTopic(TaggedItemBase):
    """Topic tags share taggit's Tag table with articles, so a group matches guides by tag."""

    content_object = ParentalKey("groups.SupportGroup", related_name="tagged_topics")


class SupportGroup(ClusterableModel):
    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: join at once")
        REQUEST = "request", _("Request: a facilitator approves")
        INVITE = "invite", _("Invite only")

    class ChatAvailability(models.TextChoices):
        ALWAYS = "always", _("Always open")
        SESSIONS = "sessions", _("Only during scheduled sessions")

    class ChatRetention(models.TextChoices):
        KEEP = "keep", _("Keep messages")
        DAYS_30 = "30_days", _("Delete after 30 days")
        SESSION_END = "session_end", _("Delete when the session ends")

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), max_length=2000)
    topics = TaggableManager(through=GroupTopic, blank=True, verbose_name=_("topics"))
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    listed = models.BooleanField(_("listed in the directory"), default=True)
    join_policy = models.CharField(
        _("join policy"), max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=DEFAULT_CAPACITY)
    ground_rules = models.TextField(_("ground rules"), max_length=5000)
    rules_version = models.PositiveIntegerField(default=1, editable=False)
    schedule_summary = models.CharField(_("schedule"), max_length=200, blank=True)
    allow_anonymous_posts = models.BooleanField(
        _("allow posting as 'a member'"),
        default=False,
        help_text=_("Members may post without their pseudonym; facilitators still see it."),
    )
    premoderated_post_count = models.PositiveSmallIntegerField(
        _("posts held for approval for new members"), default=2
    )
    chat_availability = models.CharField(
        max_length=10, choices=ChatAvailability.choices, default=ChatAvailability.ALWAYS
    )
    chat_retention = models.CharField(
        max_length=12, choices=ChatRetention.choices, default=ChatRetention.KEEP
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    facilitator_hours = models.JSONField(
        _("when a facilitator is normally around"),
        default=list,
        blank=True,
        help_text="Weekly hours in the group's time zone: "
        '[{"day": 0-6 (Monday 0), "start": "HH:MM", "end": "HH:MM"}]; empty: not said.',
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:detail", kwargs={"slug": self.slug})


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=Membership.State.ACTIVE)

    def facilitators(self):
        return self.active().filter(role=Membership.Role.FACILITATOR)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FACILITATOR = "facilitator", _("Facilitator")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        WAITLISTED = "waitlisted", _("On the waitlist")
        OFFERED = "offered", _("Offered a seat")
        ACTIVE = "active", _("Active")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")
        REMOVED = "removed", _("Removed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    state = models.CharField(max_length=12, choices=State.choices, default=State.REQUESTED)
    request_message = models.TextField(blank=True, max_length=1000)
    rules_version_accepted = models.PositiveIntegerField(default=0)
    muted_until = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    joined_at = models.DateTimeField(null=True, blank=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="groups_membership_unique"),
        ]
        indexes = [models.Index(fields=["group", "state"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == self.Role.FACILITATOR

    @property
    def is_muted(self) -> bool:
        return bool(self.muted_until and self.muted_until > timezone.now())

    @property
    def has_accepted_current_rules(self) -> bool:
        return self.rules_version_accepted >= self.group.rules_version


def _new_invite_token() -> str:
    return secrets.token_urlsafe(24)


class GroupInvite(models.Model):
    """An invitation link: a random token that expires, can be revoked, and counts its uses."""

    group = models.ForeignKey(SupportGroup, on_delete=models.CASCADE, related_name="invites")
    token = models.CharField(max_length=64, unique=True, default=_new_invite_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    max_uses = models.PositiveSmallIntegerField(default=1)
    use_count = models.PositiveSmallIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invite {self.pk} to group {self.group_id}"

    def get_absolute_url(self) -> str:
        return reverse("groups:invite", kwargs={"slug": self.group.slug, "token": self.token})

    @property
    def is_usable(self) -> bool:
        return (
            self.revoked_at is None
            and self.expires_at > timezone.now()
            and self.use_count < self.max_uses
        )


from .forum_models import (  # noqa: E402  (one app, two modules: the forum lives beside)
    ContentWarning,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadReadMarker,
    ThreadSubscription,
)

__all__ = [
    "ContentWarning",
    "GroupInvite",
    "GroupTopic",
    "Membership",
    "Post",
    "PostRevision",
    "Reaction",
    "SupportGroup",
    "Thread",
    "ThreadReadMarker",
    "ThreadSubscription",
]
