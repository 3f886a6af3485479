"""One small rate limiter for the site's own actions (posting, reporting, chat).

A fixed window counted in the cache: ``cache.add`` opens the window with its expiry, ``incr``
counts within it. It works the same on the local-memory cache and on Redis, so several daphne
processes share the count. allauth keeps its own limits for sign-in, sign-up and password
reset (``ACCOUNT_RATE_LIMITS``); both answer with ``templates/429.html``.

Use it three ways:

* ``rate_limit_check(scope="post", key=user.pk, limit=10, period=60)`` in a service: raises
  :class:`RateLimited`, which ``RateLimitMiddleware`` turns into a calm 429 page (and a
  consumer turns into an ``error`` frame with code ``rate_limited``);
* ``rate_limit_allow(...)`` when a bool is handier;
* ``@rate_limited(scope="report", limit=5, period=60)`` on a view.
"""

import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

CACHE_PREFIX = "ratelimit"

# Shared defaults so views, services and consumers agree; (limit, period in seconds).
RATES: dict[str, tuple[int, int]] = {
    "post": (10, 60),
    "thread": (5, 300),
    "report": (10, 600),
    "block": (30, 60),
    "chat": (5, 5),
}


class RateLimited(Exception):
    """Too many attempts in a short while; ``retry_after`` is in seconds."""

    default_detail = _(
        "You have done that several times in a short while. Please wait a moment and try again."
    )

    def __init__(self, *, scope: str, retry_after: int, detail: str | None = None):
        self.scope = scope
        self.retry_after = max(int(retry_after), 1)
        self.detail = str(detail or self.default_detail)
        super().__init__(self.detail)


def _window(period: int, now: float) -> tuple[int, int]:
    start = int(now // period) * period
    return start, start + period


def rate_limit_allow(
    *, scope: str, key, limit: int | None = None, period: int | None = None
) -> tuple[bool, int]:
    """Count one attempt; return (allowed, seconds until the window resets)."""
    default_limit, default_period = RATES.get(scope, (10, 60))
    limit = limit or default_limit
    period = period or default_period
    now = time.time()
    start, end = _window(period, now)
    cache_key = f"{CACHE_PREFIX}:{scope}:{key}:{start}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: start a fresh window
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    return count <= limit, max(int(end - now), 1)


def rate_limit_check(
    *, scope: str, key, limit: int | None = None, period: int | None = None
) -> None:
    """Count one attempt and raise :class:`RateLimited` once the limit is passed."""
    allowed, retry_after = rate_limit_allow(scope=scope, key=key, limit=limit, period=period)
    if not allowed:
        raise RateLimited(scope=scope, retry_after=retry_after)


def rate_limit_reset(*, scope: str, key) -> None:
    """Forget the current window's count (for seeding and tests that write in bulk)."""
    _limit, period = RATES.get(scope, (10, 60))
    start, _end = _window(period, time.time())
    cache.delete(f"{CACHE_PREFIX}:{scope}:{key}:{start}")


def _default_key(request) -> str:
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{request.META.get('REMOTE_ADDR', '')}"


def rate_limited(
    *,
    scope: str,
    limit: int | None = None,
    period: int | None = None,
    methods: tuple[str, ...] = ("POST",),
    key: Callable | None = None,
):
    """View decorator: count unsafe requests per member (or IP) and answer 429 past the limit."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods:
                rate_limit_check(
                    scope=scope, key=(key or _default_key)(request), limit=limit, period=period
                )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
