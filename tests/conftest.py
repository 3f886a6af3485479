"""Fixtures shared by the whole suite: people in every role around one group."""

import json
from contextlib import contextmanager

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from chat.pace import pace
from community import realtime
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    ModeratorFactory,
    SupportGroupFactory,
    UserFactory,
    sign_in_with_mfa,
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
def moderator_client(client, moderator):
    """Signed in as a moderator who passed two-factor sign-in."""
    return sign_in_with_mfa(client, moderator)


@pytest.fixture
def facilitator_client(client, facilitator):
    client.force_login(facilitator)
    return client


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


@pytest.fixture(scope="session")
def live_database_template(tmp_path_factory):
    """A database migrated once per run, copied by ``live_site`` for each live test."""
    from tests.live import drop_database, migrated_template

    url = migrated_template(tmp_path_factory.mktemp("live-template"))
    yield url
    drop_database(url)


@pytest.fixture
def live_site(live_database_template, tmp_path):
    """A migrated database of its own, a mail folder and the environment for real processes
    (test settings, time compressed: retries, heartbeats and leases in seconds)."""
    import uuid
    from types import SimpleNamespace

    from tests.live import fresh_database

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    with fresh_database(live_database_template, tmp_path) as database_url:
        env = {
            "DJANGO_SETTINGS_MODULE": "community.settings.test",
            "DATABASE_URL": database_url,
            "CHANNEL_LAYER_PREFIX": f"live{uuid.uuid4().hex[:6]}",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "TEST_EMAIL_FILE_PATH": str(mail_dir),
            "TASKS_EAGER_ON_COMMIT": "0",
            "TASK_RETRY_BASE_SECONDS": "0.2",
            "TASK_WORKER_HEARTBEAT_SECONDS": "0.5",
            "TASK_WORKER_LOST_SECONDS": "3",
            "SCHEDULER_LEASE_SECONDS": "3",
            "LOG_LEVEL": "INFO",
        }
        yield SimpleNamespace(env=env, mail_dir=mail_dir, tmp_path=tmp_path)


@pytest.fixture
def queries_of():
    """The one query counter of the suite.

    ``queries_of(client, url)`` GETs ``url``, checks it answers 200, and returns the SQL
    statements the request ran (``len()`` for a budget); ``with queries_of() as sql:``
    collects the statements of any block into the list ``sql``.
    """

    @contextmanager
    def during():
        statements: list[str] = []
        with CaptureQueriesContext(connection) as context:
            yield statements
        statements.extend(query["sql"] for query in context.captured_queries)

    def queries(client=None, url: str | None = None, *, status: int = 200):
        if client is None:
            return during()
        with during() as statements:
            response = client.get(url)
        assert response.status_code == status, url
        return statements

    return queries


def _close_this_threads_connections() -> None:
    for worker_connection in connections.all(initialized_only=True):
        if worker_connection.connection is None:
            continue
        if worker_connection.vendor == "sqlite" and worker_connection.is_in_memory_db():
            # SQLite's close() keeps in-memory databases open on purpose; the test database
            # lives on through the main thread's connection, so this one may go.
            BaseDatabaseWrapper.close(worker_connection)
        else:
            worker_connection.close()


@pytest.fixture
async def close_worker_connections():
    """Async tests reach the database from Channels' worker thread; close that connection
    after the test, so PostgreSQL can drop the test database at the end of the run and a
    later test without database access does not find an open connection in that thread."""
    yield
    await database_sync_to_async(_close_this_threads_connections)()


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_default_language():
    """A request leaves its language active in the thread (Django's locale middleware does
    not undo it): every test starts in the site's default language, whatever ran before."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
