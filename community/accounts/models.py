"""The member account: a pseudonym, a private email, and a few privacy settings."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .permissions import has_moderator_role, is_moderator
from .validators import PSEUDONYM_MAX_LENGTH, pseudonym_validators


class User(AbstractUser):
    """A member. ``username`` holds the pseudonym, the only name other members ever see."""

    username = models.CharField(
        _("pseudonym"),
        max_length=PSEUDONYM_MAX_LENGTH,
        unique=True,
        validators=pseudonym_validators,
        help_text=_("3–30 letters, digits, _ or -. Other members see only this name."),
        error_messages={"unique": _("That pseudonym is taken. Please choose another.")},
    )
    email = models.EmailField(_("email address"), unique=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        help_text=_("Used to show crisis services near you. Never shown to anyone."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_(
            "The language of the site, your notifications and emails. Empty: as your browser asks."
        ),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        help_text=_(
            "Times on the site are shown in this zone. Empty: as your device says (UTC without it)."
        ),
    )
    neutral_tab_title = models.BooleanField(
        _("neutral browser tab title"),
        default=False,
        help_text=_("Show a plain title in the browser tab instead of the site's name."),
    )
    suspended_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_pseudonym_ci_unique"),
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def pseudonym(self) -> str:
        return self.username

    @property
    def has_moderator_role(self) -> bool:
        """Made a moderator; the powers also need two-factor sign-in (``is_moderator``)."""
        return has_moderator_role(self)

    @property
    def is_moderator(self) -> bool:
        """Moderator powers: the role plus a TOTP authenticator (``accounts.permissions``)."""
        return is_moderator(self)

    @property
    def is_suspended(self) -> bool:
        return bool(self.suspended_until and self.suspended_until > timezone.now())


class Block(models.Model):
    """``blocker`` no longer sees ``blocked``'s posts and messages unfolded, nor hears from them.

    The blocked member is never told: nothing they can see changes.
    """

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="accounts_block_unique"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="accounts_block_not_self"
            ),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"block {self.pk}"


class KeepApart(models.Model):
    """A private, self-service wish: the two accounts do not see each other here.

    It only hides: neither sees the other in member lists, chat presence, posts or messages.
    It never keeps anyone out of a group (one member must never be able to shut another
    out), and adding an entry never says whether the name belongs to anyone: a name that
    matches no account is stored as typed and hides nobody. Keeping two people out of the
    same groups is a :class:`SeparationRequest` that moderators review.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="keep_apart_entries")
    other = models.ForeignKey(User, null=True, on_delete=models.CASCADE, related_name="+")
    other_name = models.CharField(max_length=60, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "other"], name="accounts_keepapart_unique"),
            models.UniqueConstraint(
                Lower("other_name"),
                "user",
                condition=models.Q(other__isnull=True),
                name="accounts_keepapart_unmatched_unique",
            ),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("other")), name="accounts_keepapart_not_self"
            ),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"keep-apart {self.pk}"

    @property
    def shown_name(self) -> str:
        return self.other.username if self.other_id else self.other_name


class SeparationRequest(models.Model):
    """A member's safety request that two accounts never hold seats in the same group.

    Moderators review it in the queue (``moderation.separation``). Once enforced, neither
    person is seated by an ordinary join: every join of theirs becomes a request a
    facilitator or moderator decides, whether or not the other is in that group, so the
    outcome a joiner sees never depends on where the other person is. The person named is
    never told; the requester sees only their own requests and their state.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        ENFORCED = "enforced", _("In place")
        DECLINED = "declined", _("Not put in place")
        ENDED = "ended", _("Ended")

    requester = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="separation_requests"
    )
    # Null when the name matched no account: stored as typed so the answer is the same.
    other = models.ForeignKey(User, null=True, on_delete=models.CASCADE, related_name="+")
    other_name = models.CharField(max_length=60, blank=True)
    note = models.TextField(blank=True, max_length=1000)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "requester"]),
            models.Index(fields=["state", "other"]),
        ]

    def __str__(self) -> str:
        return f"safety request {self.pk} ({self.state})"

    @property
    def shown_name(self) -> str:
        return self.other.username if self.other_id else self.other_name

    @property
    def is_open(self) -> bool:
        return self.state in {self.State.PENDING, self.State.ENFORCED}


class MemberSession(AbstractBaseSession):
    """Database sessions indexed by the signed-in account, so every session of a member can be
    ended at once (account deletion, suspension) without reading every session in the table.
    """

    user_id = models.BigIntegerField(null=True, db_index=True)

    class Meta:
        verbose_name = _("session")

    @classmethod
    def get_session_store_class(cls):
        # The configured engine (``community.accounts.sessions``), which itself reads this
        # model: found through settings, as Django's own ``Session`` model finds its store.
        return import_module(settings.SESSION_ENGINE).SessionStore
