"""allauth adapter: pseudonym rules apply to every way a username is set."""

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .validators import RESERVED_PSEUDONYMS


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        if username.lower() in RESERVED_PSEUDONYMS:
            from django import forms

            raise forms.ValidationError(self.error_messages["username_blacklisted"])
        return username

    def get_email_confirmation_url(self, request, emailconfirmation):
        return super().get_email_confirmation_url(request, emailconfirmation)

    def is_open_for_signup(self, request):
        return getattr(settings, "SIGNUP_OPEN", True)
