"""allauth adapter: pseudonym rules apply to every way a username is set; emails are tasks."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django import forms
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils.translation import gettext_lazy as _

from jobs.mail import email_enqueue

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
            raise forms.ValidationError(self.error_messages["username_blacklisted"])
        return username

    def send_mail(self, template_prefix, email, context):
        """Render as allauth does, then send through the task queue (``jobs.mail``): a slow
        mail server never slows sign-up or password reset, and a failed send is retried. The
        same work for known and unknown addresses also keeps response times alike."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        email_enqueue(message=message, user=context.get("user"))

    def get_email_confirmation_url(self, request, emailconfirmation):
        return super().get_email_confirmation_url(request, emailconfirmation)

    def is_open_for_signup(self, request):
        return getattr(settings, "SIGNUP_OPEN", True)
