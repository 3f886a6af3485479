"""A group's private forum: threads, posts, their edit history, reactions and read state.

A thread's opening words are its first post (``is_opening``), so editing, history, reactions,
quoting, anonymity, content warnings and moderation work the same for every piece of text.
Posts store the member's Markdown source and the sanitized HTML rendered on write.

Moderation fields (``hidden_at``/``hidden_by``, ``held_for_review``) are written by the
moderation services; ``removed_at`` is a soft delete, so nothing a member wrote is lost by
accident and the audit trail keeps its meaning.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
BODY_MAX_LENGTH = 20_000


class ContentWarning(models.TextChoices):
    SEXUAL_VIOLENCE = "sexual_violence", _("sexual violence")
    SELF_HARM = "self_harm", _("self-harm")
    SUICIDE = "suicide", _("suicide")
    ABUSE = "abuse", _("abuse")
    INFIDELITY_DETAILS = "infidelity_details", _("infidelity details")


class ModeratedContent(models.Model):
    """Fields the moderation services read and write on threads and posts alike."""

    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_at = models.DateTimeField(null=True, blank=True)
    held_for_review = models.BooleanField(default=False)

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None


class Thread(ModeratedContent):
    group = models.ForeignKey(
        "groups.SupportGroup", on_delete=models.CASCADE, related_name="threads"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="group_threads",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    content_warning = models.CharField(
        _("content warning"), max_length=24, choices=ContentWarning.choices, blank=True
    )
    anonymous = models.BooleanField(default=False)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_post_pk = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-pinned", "-last_post_at", "-id"]
        indexes = [models.Index(fields=["group", "-pinned", "-last_post_at"])]

    def __str__(self) -> str:
        return f"thread {self.pk} in group {self.group_id}"

    def get_absolute_url(self) -> str:
        return reverse("groups:thread", kwargs={"slug": self.group.slug, "thread_id": self.pk})


class Post(ModeratedContent):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="group_posts",
    )
    is_opening = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    body_html = models.TextField(editable=False)
    content_warning = models.CharField(
        _("content warning"), max_length=24, choices=ContentWarning.choices, blank=True
    )
    anonymous = models.BooleanField(default=False)
    submission_id = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_id"], name="groups_post_submission_unique"
            ),
        ]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return f"post {self.pk} in thread {self.thread_id}"


class PostRevision(models.Model):
    """The text a post had before an edit; facilitators and moderators may read it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(max_length=BODY_MAX_LENGTH)
    body_html = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"revision {self.pk} of post {self.post_id}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        SUPPORT = "support", _("Sending support")
        ME_TOO = "me_too", _("Me too")
        THANK_YOU = "thank_you", _("Thank you")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_reactions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="groups_reaction_one_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on post {self.post_id}"


class ThreadReadMarker(models.Model):
    """How far a member has read a thread: the newest post id they have been shown."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_markers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_read_markers"
    )
    last_read_post_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="groups_read_marker_unique"),
        ]

    def __str__(self) -> str:
        return f"read marker {self.user_id}/{self.thread_id}"


class ThreadSubscription(models.Model):
    """Follow (notify me of replies) or mute a thread; the author follows by default."""

    class State(models.TextChoices):
        FOLLOWING = "following", _("Following")
        MUTED = "muted", _("Muted")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_subscriptions"
    )
    state = models.CharField(max_length=10, choices=State.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="groups_subscription_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.state} {self.user_id}/{self.thread_id}"
