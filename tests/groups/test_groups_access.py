"""One access object per person and group, for pages, the chat consumer and templates."""

import pytest
from django.test import RequestFactory

from community.accounts.services import block_create
from groups.access import group_access, group_access_for
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_what_each_role_may_do_in_a_group(group, member, facilitator, moderator, outsider):
    assert group_access_for(user=member, group=group).can_view
    assert not group_access_for(user=member, group=group).can_facilitate
    assert group_access_for(user=facilitator, group=group).can_facilitate
    assert group_access_for(user=moderator, group=group).can_facilitate
    assert not group_access_for(user=outsider, group=group).can_view


def test_a_request_builds_its_access_object_once(group, member, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = member
    first = group_access(request, group)

    with django_assert_num_queries(0):
        again = group_access(request, group)

    assert again is first


def test_a_new_access_object_sees_a_block_made_since_without_any_cache_to_clear(group, member):
    other = MembershipFactory(group=group).user
    before = group_access_for(user=member, group=group)
    assert other.pk not in before.blocked_ids

    block_create(user=member, pseudonym=other.username)

    assert other.pk in group_access_for(user=member, group=group).blocked_ids
    assert other.pk not in before.blocked_ids  # an object is never edited, only replaced
