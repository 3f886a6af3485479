"""Every post by someone else offers a Report link that opens the report form for that post."""

import re

import pytest
from django.urls import reverse

from moderation.models import Report
from tests.factories import MembershipFactory
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db


def report_links(html: str) -> list[str]:
    return [
        link.replace("&amp;", "&")
        for link in re.findall(r'href="([^"]*/moderation/report/[^"]*)"', html)
    ]


def test_thread_offers_a_report_link_on_posts_by_others_but_not_on_your_own(client, group, member):
    thread = start_thread(author=member, group=group)
    other = MembershipFactory(group=group).user
    own_reply = reply_to(author=other, thread=thread)
    client.force_login(other)

    html = client.get(reverse("groups:thread", args=[group.slug, thread.pk])).content.decode()

    links = report_links(html)
    assert len(links) == 1
    assert f"type=post&id={thread.posts.order_by('pk').first().pk}&" in links[0]
    assert f"id={own_reply.pk}&" not in links[0]
    assert f"this post by {member.username}" in html


def test_report_link_leads_to_a_form_that_files_the_report_and_returns_to_the_thread(
    client, group, member
):
    thread = start_thread(author=member, group=group)
    other = MembershipFactory(group=group).user
    client.force_login(other)
    thread_url = reverse("groups:thread", args=[group.slug, thread.pk])
    link = report_links(client.get(thread_url).content.decode())[0]

    form = client.get(link)
    assert form.status_code == 200
    post = thread.posts.order_by("pk").first()
    response = client.post(
        reverse("moderation:report"),
        {"type": "post", "id": post.pk, "group": group.slug, "next": thread_url, "reason": "spam"},
    )

    assert response.status_code == 302
    assert response["Location"] == thread_url
    assert Report.objects.filter(reporter=other).count() == 1
