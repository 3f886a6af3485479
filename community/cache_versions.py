"""Version stamps in the shared cache: how every worker learns that something it caches is old.

A writer renews the stamp; readers put it in their cache keys (or compare it with the stamp
their process compiled from), so nothing needs deleting and no worker serves what changed.

Reading the stamp is a round trip to the shared cache, and the chat reads the watched words'
stamp for every message (docs/bench.md: an eighth of a message's server time). So a process
keeps the stamp it read for ``CACHE_VERSION_LOCAL_SECONDS`` (1 s): a change made in this process
is seen here at once (the renewal keeps the new stamp), one made in another process within
that second. The tests set it to 0 (every read goes to the cache, as each test clears it).
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache

#: key -> (stamp, when this process read or wrote it, ``time.monotonic()``).
_held: dict[str, tuple[str, float]] = {}


def shared_version(key: str) -> str:
    """The current stamp under ``key`` (made on first use, and again after a cache flush)."""
    max_age = settings.CACHE_VERSION_LOCAL_SECONDS
    now = time.monotonic()
    if max_age > 0:
        held = _held.get(key)
        if held is not None and now - held[1] < max_age:
            return held[0]
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key) or uuid.uuid4().hex
    if max_age > 0:
        _held[key] = (version, now)
    return version


def shared_version_renew(key: str) -> None:
    """Everything cached under the old stamp is old from now on, in every process."""
    version = uuid.uuid4().hex
    cache.set(key, version, timeout=None)
    _held[key] = (version, time.monotonic())
