"""Every chat test that reaches the database may do so from Channels' worker thread: its
connection is closed after each test (``close_worker_connections``, tests/conftest.py). A
test without database access (the browser client's node tests) is left alone: closing would
touch the database it may not use."""

import pytest


@pytest.fixture(autouse=True)
def _chat_tests_close_worker_connections(request):
    uses_database = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db")
    )
    if uses_database:
        request.getfixturevalue("close_worker_connections")
