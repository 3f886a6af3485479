"""Websockets only from our own pages: the Origin must match scheme, host *and* port.

Channels' ``AllowedHostsOriginValidator`` compares the Origin's host name with
``ALLOWED_HOSTS`` and ignores its scheme and port, so a page served from another port of the
same host (a different, possibly hostile, application) or over plain HTTP could open a member's
chat with their cookie. Here the Origin must be exactly the origin the socket was opened on
(the ``Host`` header, with ``http`` for ``ws`` and ``https`` for ``wss``), or one listed in
``CSRF_TRUSTED_ORIGINS``; the host must also be one of ``ALLOWED_HOSTS``. Behind a TLS proxy,
``wss`` is recognised from ``X-Forwarded-Proto`` only when ``TRUST_X_FORWARDED_PROTO`` is on.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.request import split_domain_port, validate_host

DEFAULT_PORTS = {"http": 80, "https": 443}


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _origin_triple(origin: str) -> tuple[str, str, int] | None:
    try:
        parts = urlsplit(origin.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    return parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme]


def _socket_scheme(scope) -> str:
    if scope.get("scheme") in ("wss", "https"):
        return "https"
    if getattr(settings, "TRUST_X_FORWARDED_PROTO", False):
        forwarded = _header(scope, b"x-forwarded-proto").split(",")[0].strip().lower()
        if forwarded == "https":
            return "https"
    return "http"


def origin_allowed(scope) -> bool:
    """True when the socket's Origin is this site, as the module docstring says."""
    origin = _origin_triple(_header(scope, b"origin"))
    if origin is None:
        return False
    trusted = {
        triple
        for triple in (_origin_triple(value) for value in settings.CSRF_TRUSTED_ORIGINS)
        if triple is not None
    }
    if origin in trusted:
        return True
    host = _header(scope, b"host").lower()
    domain, port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    scheme = _socket_scheme(scope)
    try:
        own = (scheme, domain.strip("[]"), int(port) if port else DEFAULT_PORTS[scheme])
    except ValueError:
        return False
    return origin == own


class SameOriginWebsocketValidator:
    """ASGI middleware: refuse websockets whose Origin is not this site (see module)."""

    def __init__(self, application):
        self.application = application
        self.denier = WebsocketDenier.as_asgi()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await self.denier(scope, receive, send)
        return await self.application(scope, receive, send)
