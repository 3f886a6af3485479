"""The member's time zone: their saved setting, else what their browser said, else UTC.

Saved in ``/me/``; before that, ``static/js/time-zone.js`` puts the browser's zone (from
``Intl``) in the ``tz`` cookie, so times read right from the first page. Only IANA names are
accepted: nothing here ever reveals a member's zone to anyone else.
"""

import zoneinfo
from functools import lru_cache
from urllib.parse import unquote

from django.utils import timezone

COOKIE = "tz"


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    return tuple(
        sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC")
    )


def is_time_zone(name: str) -> bool:
    return name in time_zone_names()


def time_zone_for(request) -> str:
    """The zone this request's pages are rendered in."""
    user = getattr(request, "user", None)
    saved = getattr(user, "time_zone", "") if user is not None and user.is_authenticated else ""
    if saved and is_time_zone(saved):
        return saved
    # time-zone.js writes the name URL-encoded ("America%2FMexico_City"), as cookies need.
    browser = unquote(request.COOKIES.get(COOKIE, "")[:100])
    return browser if is_time_zone(browser) else "UTC"


class TimeZoneMiddleware:
    """Every page's times in the member's zone (Django converts aware datetimes on output)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = time_zone_for(request)
        request.time_zone = name
        timezone.activate(zoneinfo.ZoneInfo(name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
