"""Chat tests talk to the database from Channels' worker thread; close that connection after
each test so PostgreSQL can drop the test database at the end of the run."""

import pytest
from channels.db import database_sync_to_async
from django.db import connections


@pytest.fixture(autouse=True)
async def _close_worker_thread_connections():
    yield
    await database_sync_to_async(connections.close_all)()
