"""Every chat test may reach the database from Channels' worker thread: its connection is
closed after each test (``close_worker_connections``, tests/conftest.py)."""

import pytest


@pytest.fixture(autouse=True)
def _chat_tests_close_worker_connections(close_worker_connections):
    return None
