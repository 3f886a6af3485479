"""Version stamps held for a second per process (community/cache_versions.py): a change made
here applies here at once, one made in another process within CACHE_VERSION_LOCAL_SECONDS."""

import time

import pytest
from django.core.cache import cache

from community import cache_versions
from community.cache_versions import shared_version, shared_version_renew
from moderation.services.watched_words import watched_word_create
from moderation.watched import VERSION_CACHE_KEY, watched_words_check

KEY = "tests:cache-versions"


@pytest.fixture
def held_for_a_second(settings):
    settings.CACHE_VERSION_LOCAL_SECONDS = 1.0
    cache_versions._held.clear()
    yield
    cache_versions._held.clear()


def test_a_renewal_in_this_process_is_seen_here_at_once(held_for_a_second):
    before = shared_version(KEY)
    shared_version_renew(KEY)
    assert shared_version(KEY) != before


def test_a_renewal_by_another_process_is_seen_within_the_second(held_for_a_second, monkeypatch):
    before = shared_version(KEY)
    cache.set(KEY, "renewed-elsewhere", timeout=None)  # what another process's renewal writes
    assert shared_version(KEY) == before  # no round trip to the cache within the second

    later = time.monotonic() + 1.01
    monkeypatch.setattr(cache_versions.time, "monotonic", lambda: later)
    assert shared_version(KEY) == "renewed-elsewhere"


def test_without_the_setting_every_read_asks_the_cache(settings):
    settings.CACHE_VERSION_LOCAL_SECONDS = 0
    shared_version(KEY)
    cache.set(KEY, "renewed-elsewhere", timeout=None)
    assert shared_version(KEY) == "renewed-elsewhere"


@pytest.mark.django_db
def test_a_new_watched_word_blocks_at_once_in_the_process_that_added_it(
    held_for_a_second, moderator
):
    assert not watched_words_check("that word").blocked  # rules compiled, stamp held
    watched_word_create(actor=moderator, text="word", kind="word", action="block")
    assert watched_words_check("that word").blocked
    assert cache.get(VERSION_CACHE_KEY) == shared_version(VERSION_CACHE_KEY)
