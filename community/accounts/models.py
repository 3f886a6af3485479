"""The member account: a pseudonym, a private email, and a few privacy settings."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        from .permissions import has_moderator_role

        return has_moderator_role(self)

    @property
    def is_moderator(self) -> bool:
        """Moderator powers: the role plus a TOTP authenticator (``accounts.permissions``)."""
        from .permissions import is_moderator

        return is_moderator(self)

    @property
    def is_suspended(self) -> bool:
        return bool(self.suspended_until and self.suspended_until > timezone.now())


MODERATORS_GROUP = "Moderators"


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
    """A private wish that two accounts never share a group or a session.

    Only ``user`` ever sees the row; the rule works in both directions, and neither side is
    told why a seat is not available.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="keep_apart_entries")
    other = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "other"], name="accounts_keepapart_unique"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("other")), name="accounts_keepapart_not_self"
            ),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"keep-apart {self.pk}"


class MemberSession(AbstractBaseSession):
    """Database sessions indexed by the signed-in account, so every session of a member can be
    ended at once (account deletion, suspension) without reading every session in the table.
    """

    user_id = models.BigIntegerField(null=True, db_index=True)

    class Meta:
        verbose_name = _("session")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore
