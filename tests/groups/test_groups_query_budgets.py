"""List pages run a fixed number of queries however much there is to list."""

import pytest
from django.urls import reverse

from groups.models import Reaction
from notifications.services import notification_create
from tests.factories import MembershipFactory, SupportGroupFactory
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db


def thread_with_posts(group, authors, n):
    thread = start_thread(author=authors[0], group=group)
    for i in range(n - 1):
        post = reply_to(author=authors[i % len(authors)], thread=thread, body=f"post {i}")
        Reaction.objects.create(post=post, user=authors[(i + 1) % len(authors)], kind="support")
    return thread


def test_thread_page_queries_do_not_grow_with_posts(
    client, django_assert_max_num_queries, queries_of
):
    group = SupportGroupFactory()
    authors = [MembershipFactory(group=group).user for _ in range(5)]
    small = thread_with_posts(group, authors, 5)
    large = thread_with_posts(group, authors, 50)
    client.force_login(authors[0])
    small_count = len(queries_of(client, reverse("groups:thread", args=[group.slug, small.pk])))

    with django_assert_max_num_queries(small_count):
        client.get(reverse("groups:thread", args=[group.slug, large.pk]))
    assert small_count <= 20


def test_forum_thread_list_queries_do_not_grow_with_threads(
    client, django_assert_max_num_queries, queries_of
):
    group = SupportGroupFactory()
    author = MembershipFactory(group=group).user
    client.force_login(author)
    for _ in range(5):
        start_thread(author=author, group=group)
    small_count = len(queries_of(client, reverse("groups:detail", args=[group.slug])))
    for _ in range(45):
        start_thread(author=author, group=group)

    with django_assert_max_num_queries(small_count):
        client.get(reverse("groups:detail", args=[group.slug]))


def test_directory_queries_do_not_grow_with_groups(
    client, django_assert_max_num_queries, queries_of
):
    for i in range(5):
        SupportGroupFactory().topics.add(f"topic {i}")
    small_count = len(queries_of(client, reverse("groups:directory")))
    for i in range(45):
        group = SupportGroupFactory()
        group.topics.add(f"topic {i}", "betrayal")
        MembershipFactory(group=group)

    with django_assert_max_num_queries(small_count):
        client.get(reverse("groups:directory"))
    assert small_count <= 6


def test_notification_list_queries_do_not_grow(client, django_assert_max_num_queries, queries_of):
    from tests.factories import UserFactory

    person = UserFactory()
    group = SupportGroupFactory()
    client.force_login(person)
    for _ in range(5):
        notification_create(recipient=person, kind="reply", text="x", group=group)
    small_count = len(queries_of(client, reverse("accounts:notifications")))
    for _ in range(45):
        notification_create(recipient=person, kind="reply", text="x", group=group)

    with django_assert_max_num_queries(small_count):
        client.get(reverse("accounts:notifications"))


def test_search_queries_do_not_grow_with_results(client, django_assert_max_num_queries, queries_of):
    group = SupportGroupFactory()
    author = MembershipFactory(group=group).user
    client.force_login(author)
    thread = start_thread(author=author, group=group)
    for _ in range(4):
        reply_to(author=author, thread=thread, body="garden")
    small_count = len(queries_of(client, reverse("groups:search") + "?q=garden"))
    for _ in range(45):
        reply_to(author=author, thread=thread, body="garden")

    with django_assert_max_num_queries(small_count):
        client.get(reverse("groups:search") + "?q=garden")
