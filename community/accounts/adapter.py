"""allauth adapter: pseudonym rules apply to every way a username is set."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .languages import site_language
from .validators import RESERVED_PSEUDONYMS


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
            from django import forms

            raise forms.ValidationError(self.error_messages["username_blacklisted"])
        return username

    def save_user(self, request, user, form, commit=True):
        """A new member keeps the language they signed up in, for their emails too (they can
        change it in their settings or with the switcher on any page)."""
        user.language = site_language(get_language())
        return super().save_user(request, user, form, commit=commit)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return super().get_email_confirmation_url(request, emailconfirmation)

    def is_open_for_signup(self, request):
        return getattr(settings, "SIGNUP_OPEN", True)
