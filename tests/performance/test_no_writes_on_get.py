"""Reading a page writes nothing (the thread's read marker is the one allowed upsert).

Writes on GET would serialise readers behind the database's write lock (SQLite) and cost a
WAL flush per page view; they also make pages unsafe to retry or prefetch.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def writes_during_get(client, url: str) -> list[str]:
    client.get(url)  # the first view may create lazily-made rows (e.g. a session); not counted
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries if WRITE.match(query["sql"])]


@pytest.mark.parametrize("url", ["/groups/", "/help/", "/me/notifications/"])
def test_main_pages_write_nothing_on_get_for_a_signed_in_member(member_client, group, url):
    assert writes_during_get(member_client, url) == []


@pytest.mark.parametrize("url", ["/groups/", "/help/"])
def test_main_pages_write_nothing_on_get_for_a_visitor(client, group, url):
    assert writes_during_get(client, url) == []


def test_group_forum_page_writes_nothing_on_get_for_a_member(member_client, group):
    assert writes_during_get(member_client, group.get_absolute_url()) == []


def test_thread_page_writes_only_the_read_marker_and_only_when_something_is_new(
    member_client, group
):
    from bench.dataset import seed_thread
    from tests.factories import MembershipFactory

    url = seed_thread(group=group, authors=[MembershipFactory(group=group).user], posts=5)

    with CaptureQueriesContext(connection) as first_visit:
        assert member_client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as second_visit:
        assert member_client.get(url).status_code == 200

    first_writes = [q["sql"] for q in first_visit.captured_queries if WRITE.match(q["sql"])]
    second_writes = [q["sql"] for q in second_visit.captured_queries if WRITE.match(q["sql"])]
    assert first_writes
    assert all("groups_threadreadmarker" in sql for sql in first_writes)
    assert second_writes == []
