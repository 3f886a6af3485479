"""allauth adapter: pseudonym rules apply to every way a username is set."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import facilitates_any_group, has_moderator_role
from .validators import RESERVED_PSEUDONYMS


def lands_on_staff_home(user) -> bool:
    """Facilitators and moderators start where their work waits (``/staff/``).

    The moderator role alone is enough: the staff home's two-factor gate sends an account
    without an authenticator to set one up.
    """
    return has_moderator_role(user) or facilitates_any_group(user)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "There have been too many sign-in attempts for this account, so we paused them "
            "to keep it safe. Please wait a few minutes and try again, or reset your password."
        ),
        "rate_limited": _(
            "You have done that several times in a short while. Please wait a moment and try again."
        ),
    }

    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        if username.lower() in RESERVED_PSEUDONYMS:
            raise forms.ValidationError(self.error_messages["username_blacklisted"])
        return username

    def get_email_confirmation_url(self, request, emailconfirmation):
        return super().get_email_confirmation_url(request, emailconfirmation)

    def get_login_redirect_url(self, request):
        """Staff land on their staff home; members keep the usual landing. A ``next`` the
        sign-in carried still wins (allauth applies it before asking here)."""
        if lands_on_staff_home(request.user):
            return reverse("staff_home")
        return super().get_login_redirect_url(request)

    def is_open_for_signup(self, request):
        return getattr(settings, "SIGNUP_OPEN", True)
