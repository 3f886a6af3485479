"""The facilitator console stays valid for assistive technology with the queue inside it."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from groups.models import Membership
from moderation.models import QueueItem
from moderation.services import report_create
from tests.factories import MembershipFactory, sign_in_with_mfa
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db


def test_console_with_members_and_a_queue_item_has_unique_ids_and_one_queue_heading(
    client, group, moderator, member
):
    reporter = MembershipFactory(group=group).user
    post = reply_to(author=member, thread=start_thread(author=member, group=group))
    report_create(reporter=reporter, target=post, reason="spam", group=group)
    # A member row and the queue item with the same primary key: their forms once shared ids.
    item_pk = QueueItem.objects.get().pk
    if not Membership.objects.filter(pk=item_pk).exists():
        MembershipFactory(group=group, pk=item_pk)
    sign_in_with_mfa(client, moderator)

    html = client.get(reverse("groups:manage", args=[group.slug])).content.decode()

    repeated = [i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
    assert repeated == []
    assert html.count(">Review queue</h2>") == 1
    for target in re.findall(r'<label for="([^"]+)"', html):
        assert f'id="{target}"' in html
