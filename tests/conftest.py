"""Fixtures shared by the whole suite: people in every role around one group."""

import json
from contextlib import contextmanager

import pytest
from django.core.cache import cache

from chat.pace import pace
from community import realtime
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
    """Rate limits and cached membership live in the cache, the chat's pace in process
    memory (``chat.pace``); each test starts clean."""
    cache.clear()
    pace.reset()
    yield
    cache.clear()
    pace.reset()


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


class SentEvents(list):
    """What ``community.realtime`` handed to the channel layer, as ``(group, event)`` pairs."""

    def to(self, group: str) -> list[dict]:
        return [event for name, event in self if name == group]

    def types(self) -> list[str]:
        return [event["type"] for _name, event in self]

    def frames(self) -> list[dict]:
        return [frame for _name, event in self for frame in realtime.event_frames(event)]


@pytest.fixture
def capture_realtime(django_capture_on_commit_callbacks):
    """Capture every real-time event sent after commit (as Zulip's ``capture_send_event_calls``).

    ``with capture_realtime() as sent: service(...)`` runs the code, commits (the test's own
    transaction stays open, so the on-commit callbacks are run at the end of the block) and
    fills ``sent``. Each event must be JSON-serialisable and every client frame it carries
    must match ``chat/PROTOCOL.md`` (``community.realtime.frame_problems``); a rolled-back
    write sends nothing.
    """

    @contextmanager
    def capture(*, execute: bool = True):
        sent = SentEvents()

        def record(group: str, event: dict) -> None:
            json.dumps(event)  # raises TypeError for anything a channel layer could not carry
            for frame in realtime.event_frames(event):
                problems = realtime.frame_problems(frame)
                assert not problems, f"{event['type']} to {group}: {problems}"
            sent.append((group, event))

        stop = realtime.observe(record)
        try:
            with django_capture_on_commit_callbacks(execute=execute):
                yield sent
        finally:
            stop()

    return capture
