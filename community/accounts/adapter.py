"""allauth adapter: pseudonym rules apply to every way a username is set; emails are tasks."""

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal.ratelimit import get_ip
from django import forms
from django.conf import settings
from django.contrib.sites.models import Site
from django.db import connections
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jobs.mail import email_enqueue

from .languages import site_language
from .permissions import facilitates_any_group, has_moderator_role
from .services import failed_sign_ins_noticed, password_changed, signed_out
from .validators import RESERVED_PSEUDONYMS


def lands_on_staff_home(user) -> bool:
    """Facilitators and moderators start where their work waits (``/staff/``).

    The moderator role alone is enough: the staff home's two-factor gate sends an account
    without an authenticator to set one up.
    """
    return has_moderator_role(user) or facilitates_any_group(user)


def site_from_settings() -> Site:
    """The site emails name: ``SITE_NAME`` at ``SITE_URL``'s host, never the Sites table's
    "example.com" default (an unsaved row, so a deployment changes it by setting alone)."""
    return Site(
        id=settings.SITE_ID, name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc
    )


def site_row_from_settings(using="default", **kwargs) -> None:
    """After every migrate (and test flush), the Sites row says the same as the settings.

    Sent for this app, which comes before ``django.contrib.sites`` in INSTALLED_APPS: the row
    exists before sites would create its "example.com" default, so that
    default is never made; the row is what allauth falls back on without a request.
    """
    if Site._meta.db_table not in connections[using].introspection.table_names():
        return
    site = site_from_settings()
    Site.objects.using(using).update_or_create(
        pk=site.pk, defaults={"name": site.name, "domain": site.domain}
    )


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "There have been too many sign-in attempts from here, so we slowed them down. "
            "Please wait a few minutes and try again, or reset your password."
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
        ctx = {"request": request, "email": email, "current_site": site_from_settings()}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        email_enqueue(message=message, user=context.get("user"), help_footer=True)

    def save_user(self, request, user, form, commit=True):
        """A new member keeps the language they signed up in, for their emails too (they can
        change it in their settings or with the switcher on any page)."""
        user.language = site_language(get_language())
        return super().save_user(request, user, form, commit=commit)

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

    def logout(self, request):
        """Sign out, and close the websockets this session opened (chat, notifications)."""
        user_id = getattr(request.user, "pk", None)
        session_key = request.session.session_key or ""
        super().logout(request)
        if user_id is not None:
            signed_out(user_id=user_id, session_key=session_key)

    def set_password(self, user, password):
        """Change or reset: every other session ends and every open websocket closes."""
        super().set_password(user, password)
        password_changed(user=user)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed sign-ins count per account *and* source (the address, IPv6 by /64).

        allauth counts them per account alone, so five wrong passwords typed by anyone lock
        the owner out for five minutes, again and again. Counting per account and source
        slows a guesser down without shutting the owner out from their own device; the
        per-address limit still caps one source across accounts, and the owner is told
        (:meth:`authentication_failed`).
        """
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{get_ip(request)}"

    def authentication_failed(self, request, **credentials):
        """After several failed sign-ins for an account, from anywhere, tell its owner once an
        hour by email (the person trying learns nothing: the page is the same)."""
        login = (credentials.get("email") or credentials.get("username") or "").strip()
        if login:
            failed_sign_ins_noticed(login=login)
