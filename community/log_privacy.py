"""Request lines in logs, without what members searched or the tokens in addresses.

Addresses carry secrets and words: ``/search/?q=<what someone searched>``, calendar feed
tokens (``?token=``), invitation links (``/groups/<slug>/invite/<token>/``), side-room tokens
(``/ws/groups/<slug>/chat/<token>/``), email-confirmation and password-reset keys. A logged
request line therefore shows the route instead: the URL pattern, with the group's slug and
numeric ids filled in and every other part (and any query string) replaced.

Used by every way the site is served: ``make run`` (daphne's access log, through
``scripts/run_daphne.py``), ``manage.py runserver`` and Django's request logger (the
``RedactedPathFilter`` in ``LOGGING``); ``make serve`` writes no access log at all.
"""

from __future__ import annotations

import logging

from daphne.access import AccessLogGenerator
from django.urls import Resolver404, resolve

#: Path parts that are safe to show: the group's public slug and numeric ids.
SHOWN_KWARGS = {"slug", "target_type", "action"}
UNMATCHED = "/[unmatched address]"
HIDDEN = "…"


def redact_path(path: str) -> str:
    """The address with every variable part but slugs and numbers hidden, and no query
    string: "/groups/circle/invite/…/", "/search/?…"."""
    base, question, _query = (path or "").partition("?")
    try:
        match = resolve(base)
    except (Resolver404, ValueError):
        return UNMATCHED + ("?" + HIDDEN if question else "")
    shown = base
    hidden = [
        str(value)
        for name, value in match.kwargs.items()
        if name not in SHOWN_KWARGS and not isinstance(value, int) and str(value)
    ]
    # Unnamed parts (Wagtail's page path, a document's file name) are hidden too: any
    # address reaches them, whatever was typed into it.
    hidden += [str(value) for value in match.args if str(value) and not str(value).isdigit()]
    for value in sorted(hidden, key=len, reverse=True):
        shown = shown.replace(value, HIDDEN)
    return shown + ("?" + HIDDEN if question else "")


def redact_websocket_path(path: str) -> str:
    """Websocket routes are not in the URL resolver: keep the slug, hide a room token."""
    base, question, _query = (path or "").partition("?")
    parts = [part for part in base.split("/") if part]
    if len(parts) >= 4 and parts[:2] == ["ws", "groups"] and parts[3] == "chat":
        shown = f"/ws/groups/{parts[2]}/chat/" + (f"{HIDDEN}/" if len(parts) > 4 else "")
    elif parts[:2] == ["ws", "notifications"]:
        shown = "/ws/notifications/"
    else:
        shown = UNMATCHED
    return shown + ("?" + HIDDEN if question else "")


class RedactedAccessLog(AccessLogGenerator):
    """Daphne's access log with each address shown as its route (see the module docstring)."""

    def __call__(self, protocol, action, details):
        details = dict(details)
        redact = redact_websocket_path if protocol == "websocket" else redact_path
        details["path"] = redact(details.get("path") or "")
        super().__call__(protocol, action, details)


class RedactedPathFilter(logging.Filter):
    """For loggers that put a request's address in their arguments (runserver, Django's
    request logger): the address is shown as its route."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict) and "path" in record.args:
            record.args = {**record.args, "path": redact_path(str(record.args["path"]))}
        elif isinstance(record.args, tuple):
            record.args = tuple(
                redact_path(arg) if isinstance(arg, str) and arg.startswith("/") else arg
                for arg in record.args
            )
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "get_full_path"):
            record.request = None  # handlers that print the request would print the address
        return True
