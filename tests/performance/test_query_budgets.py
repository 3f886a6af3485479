"""List pages cost a fixed number of queries, however many items they list (5 or 50).

Each test measures the page with 5 items, adds 45 more, and measures again: the count must
not move, and it must stay within the page's budget (``django_assert_max_num_queries``).
"""

import pytest

from bench.dataset import seed_thread
from notifications.models import Notification
from tests.factories import FacilitatorMembershipFactory, MembershipFactory, SupportGroupFactory

pytestmark = pytest.mark.django_db

DIRECTORY_BUDGET = 8
NOTIFICATIONS_BUDGET = 8
THREAD_BUDGET = 12
# Facilitators' and moderators' pages also read the open safety alerts for the banner.
STAFF_BANNER_QUERIES = 1


def add_groups(count: int) -> None:
    for _ in range(count):
        group = SupportGroupFactory()
        group.topics.add("trust", "grief")
        MembershipFactory(group=group)


def test_group_directory_uses_the_same_few_queries_for_5_and_for_50_groups(
    member_client, django_assert_max_num_queries, queries_of
):
    add_groups(5)
    with_five = len(queries_of(member_client, "/groups/"))
    add_groups(45)

    with django_assert_max_num_queries(DIRECTORY_BUDGET):
        with_fifty = len(queries_of(member_client, "/groups/"))

    assert with_fifty == with_five


def test_group_directory_for_visitors_uses_the_same_few_queries_for_5_and_for_50_groups(
    client, django_assert_max_num_queries, queries_of
):
    add_groups(5)
    with_five = len(queries_of(client, "/groups/"))
    add_groups(45)

    with django_assert_max_num_queries(DIRECTORY_BUDGET):
        with_fifty = len(queries_of(client, "/groups/"))

    assert with_fifty == with_five


def add_notifications(user, group, count: int) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=Notification.Kind.REPLY,
            text="Someone replied to your thread.",
            url="/groups/",
            group=group,
        )
        for _ in range(count)
    )


def test_notification_list_uses_the_same_few_queries_for_5_and_for_50_notifications(
    member_client, member, group, django_assert_max_num_queries, queries_of
):
    add_notifications(member, group, 5)
    with_five = len(queries_of(member_client, "/me/notifications/"))
    add_notifications(member, SupportGroupFactory(), 45)

    with django_assert_max_num_queries(NOTIFICATIONS_BUDGET):
        with_fifty = len(queries_of(member_client, "/me/notifications/"))

    assert with_fifty == with_five


def thread_with_posts(group, count: int) -> str:
    authors = [MembershipFactory(group=group).user for _ in range(3)]
    return seed_thread(group=group, authors=authors, posts=count)


@pytest.mark.parametrize("role", ["member", "facilitator"])
def test_thread_page_uses_the_same_few_queries_for_5_and_for_50_posts(
    client, group, role, django_assert_max_num_queries, queries_of
):
    factory = FacilitatorMembershipFactory if role == "facilitator" else MembershipFactory
    client.force_login(factory(group=group).user)
    short_thread = thread_with_posts(group, 5)
    long_thread = thread_with_posts(group, 50)
    queries_of(client, short_thread)  # first visits create the read markers
    queries_of(client, long_thread)

    with_five = len(queries_of(client, short_thread))
    budget = THREAD_BUDGET + (STAFF_BANNER_QUERIES if role == "facilitator" else 0)
    with django_assert_max_num_queries(budget):
        with_fifty = len(queries_of(client, long_thread))

    assert with_fifty == with_five
