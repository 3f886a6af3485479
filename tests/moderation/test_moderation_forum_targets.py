"""Forum posts and threads can be reported, and hidden from the group's review queue."""

import pytest
from django.urls import reverse

from moderation.models import AuditEntry, QueueItem
from moderation.permissions import check_can_report
from moderation.services import report_create
from tests.factories import MembershipFactory
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db


def test_member_reports_a_post_and_it_lands_in_the_groups_queue(group, member, second_member):
    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread, body="Just get over it.")

    report_create(reporter=second_member, target=post, reason="unsafe_advice", group=group)

    item = QueueItem.objects.get()
    assert item.group == group
    assert item.subject == member
    assert item.target == post


def test_reporting_a_post_of_a_group_you_are_not_in_is_404(group, member, outsider):
    from django.http import Http404

    post = reply_to(author=member, thread=start_thread(author=member, group=group))

    with pytest.raises(Http404):
        check_can_report(reporter=outsider, target=post, group=group)


def test_facilitator_hides_a_reported_post_from_the_queue_and_members_no_longer_see_it(
    facilitator_client, group, member, second_member
):
    thread = start_thread(author=member, group=group)
    post = reply_to(author=member, thread=thread, body="Just get over it.")
    report_create(reporter=second_member, target=post, reason="unsafe_advice", group=group)
    item = QueueItem.objects.get()
    queue_html = facilitator_client.get(reverse("groups:manage", args=[group.slug])).content
    assert b"Just get over it." in queue_html

    response = facilitator_client.post(
        reverse("moderation:item_act", args=[item.pk]),
        {"action": "hide", "reason": "Please speak from your own experience."},
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.hidden_at is not None
    assert AuditEntry.objects.filter(action="content.hide").exists()
    viewer = MembershipFactory(group=group).user
    facilitator_client.force_login(viewer)
    thread_html = facilitator_client.get(thread.get_absolute_url()).content
    assert b"Just get over it." not in thread_html
