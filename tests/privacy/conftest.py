"""Async tests here reach the database from Channels' worker thread; close that connection
after each of them so later tests (and PostgreSQL's drop of the test database) do not trip
over it."""

import pytest
from channels.db import database_sync_to_async
from django.db import connections


@pytest.fixture
async def close_worker_connections():
    yield
    await database_sync_to_async(connections.close_all)()
