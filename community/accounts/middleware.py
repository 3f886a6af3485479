"""Every request's and websocket's user knows whether its own session passed two-factor.

``is_moderator`` asks it (``community.accounts.permissions.SESSION_FACTOR``): moderator powers
need a session confirmed with a code, not merely an account that has an authenticator.
"""

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.utils.functional import SimpleLazyObject, empty

from .permissions import note_session_factor


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
