"""Version stamps in the shared cache: how every worker learns that something it caches is old.

A writer renews the stamp; readers put it in their cache keys (or compare it with the stamp
their process compiled from), so nothing needs deleting and no worker serves what changed.
"""

import uuid

from django.core.cache import cache


def shared_version(key: str) -> str:
    """The current stamp under ``key`` (made on first use, and again after a cache flush)."""
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        version = cache.get(key) or uuid.uuid4().hex
    return version


def shared_version_renew(key: str) -> None:
    """Everything cached under the old stamp is old from now on, in every process."""
    cache.set(key, uuid.uuid4().hex, timeout=None)
