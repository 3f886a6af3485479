"""Fixtures shared by the whole suite: people in every role around one group."""

import pytest

from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    ModeratorFactory,
    SupportGroupFactory,
    UserFactory,
)


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: they hold a Playwright event loop and a live server."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached membership live in the cache; each test starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def group(db):
    return SupportGroupFactory()


@pytest.fixture
def member(group):
    return MembershipFactory(group=group).user


@pytest.fixture
def facilitator(group):
    return FacilitatorMembershipFactory(group=group).user


@pytest.fixture
def moderator(db):
    """A moderator as the contract has them: with an authenticator app (two-factor)."""
    return ModeratorFactory(totp=True)


@pytest.fixture
def outsider(db):
    return UserFactory()


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def frozen_rate_limit_clock(monkeypatch):
    """Keep every attempt in one window of ``community.ratelimit``, however slow the machine."""
    import community.ratelimit

    class Clock:
        @staticmethod
        def time():
            return 1_800_000_000.0

    monkeypatch.setattr(community.ratelimit, "time", Clock)
