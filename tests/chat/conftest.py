"""Chat tests talk to the database from Channels' worker thread. After each test that
connection is really closed, so PostgreSQL can drop the test database at the end of the run
and a later test without database access does not find an open connection in that thread
(Channels checks old connections on every consumer event)."""

import pytest
from channels.db import database_sync_to_async
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper


def _close_worker_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if connection.connection is None:
            continue
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            # SQLite's close() keeps in-memory databases open on purpose; the test database
            # lives on through the main thread's connection, so this one may go.
            BaseDatabaseWrapper.close(connection)
        else:
            connection.close()


@pytest.fixture(autouse=True)
async def _close_worker_thread_connections():
    yield
    await database_sync_to_async(_close_worker_connections)()
