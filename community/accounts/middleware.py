"""Two-factor sign-in where it is required.

Every request's and websocket's user knows whether its own session passed two-factor;
``is_moderator`` asks it (``community.accounts.permissions.SESSION_FACTOR``): moderator powers
need a session confirmed with a code, not merely an account that has an authenticator. The
Wagtail editor asks for the same (``WagtailAdminSecondFactorMiddleware``).
"""

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, empty
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .permissions import has_totp_authenticator, note_session_factor, session_used_second_factor


def _resolved(user):
    if isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


class SessionSecondFactorMiddleware:
    """After Django's ``AuthenticationMiddleware``: the user, still loaded lazily, is noted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        request.user = SimpleLazyObject(
            lambda: note_session_factor(_resolved(user), getattr(request, "session", None))
        )
        return self.get_response(request)


class WebsocketSessionSecondFactorMiddleware(BaseMiddleware):
    """Inside Channels' ``AuthMiddlewareStack``: the socket's user is noted the same way."""

    async def __call__(self, scope, receive, send):
        user = scope.get("user")
        if user is not None:
            await database_sync_to_async(_note)(user, scope.get("session"))
        return await super().__call__(scope, receive, send)


def _note(user, session) -> None:
    note_session_factor(user, session)


class WagtailAdminSecondFactorMiddleware:
    """The Wagtail editor (``/admin/``) needs two-factor sign-in, like the moderation pages.

    Editors and reviewers publish the crisis-line numbers people in danger will call, so a
    stolen password alone must not reach the editor: an account with admin access and no
    authenticator is sent to set one up, and a session not confirmed with a code is asked for
    one. Wagtail's own sign-in and sign-out addresses pass through (they lead to the site's).
    """

    PREFIX = "/admin/"
    PASS_THROUGH = ("/admin/login/", "/admin/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.PREFIX) and not path.startswith(self.PASS_THROUGH):
            user = request.user
            if user.is_authenticated and user.has_perm("wagtailadmin.access_admin"):
                response = second_factor_redirect(request)
                if response is not None:
                    return response
        return self.get_response(request)


def second_factor_redirect(request):
    """None when the session passed two-factor; else the way to set it up or enter a code."""
    next_query = urlencode({"next": request.get_full_path()})
    if not has_totp_authenticator(request.user):
        messages.info(
            request,
            _(
                "The editor needs two-factor sign-in. Please set up an authenticator app "
                "first; it takes about a minute."
            ),
        )
        return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
    if not session_used_second_factor(request.session, request.user):
        messages.info(
            request,
            _("Please confirm it is you with a code from your authenticator app to continue."),
        )
        return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
    return None
