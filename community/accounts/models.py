"""The member account: a pseudonym, a private email, and a few privacy settings."""

from django.contrib.auth.models import AbstractUser
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
    def is_moderator(self) -> bool:
        """Moderators are site staff: Django staff or members of the Moderators group."""
        if not self.is_authenticated or not self.is_active:
            return False
        if self.is_superuser or self.is_staff:
            return True
        # Asked several times a page (chrome, permissions); one query per loaded user.
        cached = self.__dict__.get("_is_moderator_cache")
        if cached is None:
            cached = self.groups.filter(name=MODERATORS_GROUP).exists()
            self.__dict__["_is_moderator_cache"] = cached
        return cached

    @property
    def is_suspended(self) -> bool:
        return bool(self.suspended_until and self.suspended_until > timezone.now())


MODERATORS_GROUP = "Moderators"
