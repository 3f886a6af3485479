"""Reading a page writes nothing (the thread's read marker is the one allowed upsert).

Writes on GET would serialise readers behind the database's write lock (SQLite) and cost a
WAL flush per page view; they also make pages unsafe to retry or prefetch.
"""

import re

import pytest

pytestmark = pytest.mark.django_db

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture
def writes_during_get(queries_of):
    def writes(client, url: str) -> list[str]:
        client.get(url)  # the first view may create lazily-made rows (a session); not counted
        return [sql for sql in queries_of(client, url) if WRITE.match(sql)]

    return writes


@pytest.mark.parametrize("url", ["/groups/", "/help/", "/me/notifications/"])
def test_main_pages_write_nothing_on_get_for_a_signed_in_member(
    member_client, group, url, writes_during_get
):
    assert writes_during_get(member_client, url) == []


@pytest.mark.parametrize("url", ["/groups/", "/help/"])
def test_main_pages_write_nothing_on_get_for_a_visitor(client, group, url, writes_during_get):
    assert writes_during_get(client, url) == []


def test_group_forum_page_writes_nothing_on_get_for_a_member(
    member_client, group, writes_during_get
):
    assert writes_during_get(member_client, group.get_absolute_url()) == []


def test_thread_page_writes_only_the_read_marker_and_only_when_something_is_new(
    member_client, group, queries_of
):
    from bench.dataset import seed_thread
    from tests.factories import MembershipFactory

    url = seed_thread(group=group, authors=[MembershipFactory(group=group).user], posts=5)

    first_writes = [sql for sql in queries_of(member_client, url) if WRITE.match(sql)]
    second_writes = [sql for sql in queries_of(member_client, url) if WRITE.match(sql)]
    assert first_writes
    assert all("groups_threadreadmarker" in sql for sql in first_writes)
    assert second_writes == []
