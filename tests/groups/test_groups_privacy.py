"""A group's content answers 404 to everyone who is not an active member (moderators aside)."""

import uuid

import pytest
from django.urls import reverse

from groups.models import GroupInvite, Membership, Post, Thread
from tests.factories import MembershipFactory, UserFactory, sign_in_with_mfa
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db

SECRET_TITLE = "A very private thread title"
SECRET_BODY = "Something only the group should read"

PERSONAS = ["visitor", "outsider", "requested", "waitlisted", "offered", "left", "removed"]


@pytest.fixture
def content(group, member, facilitator):
    from datetime import timedelta

    from django.utils import timezone

    thread = start_thread(author=member, group=group, title=SECRET_TITLE, body=SECRET_BODY)
    post = reply_to(author=member, thread=thread, body=SECRET_BODY)
    invite = GroupInvite.objects.create(group=group, expires_at=timezone.now() + timedelta(days=1))
    target = Membership.objects.get(user=member, group=group)
    return {"group": group, "thread": thread, "post": post, "invite": invite, "target": target}


def content_urls(c):
    slug, t, p = c["group"].slug, c["thread"].pk, c["post"].pk
    tp = [slug, t, p]
    return [
        ("get", reverse("groups:thread", args=[slug, t]), {}),
        ("get", reverse("groups:thread", args=[slug, t]) + f"?quote={p}", {}),
        ("get", reverse("groups:thread_new", args=[slug]), {}),
        ("post", reverse("groups:thread_new", args=[slug]), new_thread()),
        ("post", reverse("groups:reply", args=[slug, t]), new_post()),
        ("post", reverse("groups:follow", args=[slug, t]), {"state": "following"}),
        ("post", reverse("groups:thread_flags", args=[slug, t]), {"locked": "1"}),
        ("get", reverse("groups:post", args=tp), {}),
        ("get", reverse("groups:post_edit", args=tp), {}),
        ("post", reverse("groups:post_edit", args=tp), {"body": "changed"}),
        ("post", reverse("groups:post_delete", args=tp), {}),
        ("get", reverse("groups:post_history", args=tp), {}),
        ("post", reverse("groups:react", args=tp), {"kind": "support"}),
        ("get", reverse("groups:members", args=[slug]), {}),
        ("get", reverse("groups:rules", args=[slug]), {}),
        ("post", reverse("groups:rules", args=[slug]), {"accept_rules": "on"}),
        ("get", reverse("groups:manage", args=[slug]), {}),
        ("post", reverse("groups:request_decision", args=[slug, c["target"].pk]), {}),
        ("post", reverse("groups:member_remove", args=[slug, c["target"].pk]), {}),
        ("post", reverse("groups:invite_new", args=[slug]), {"days": 1, "max_uses": 1}),
        ("post", reverse("groups:invite_revoke", args=[slug, c["invite"].pk]), {}),
        ("post", reverse("groups:settings", args=[slug]), {"name": "taken over"}),
        ("post", reverse("groups:facilitators", args=[slug]), {"facilitators": "x"}),
    ]


def new_thread():
    return {"title": "sneaky", "body": "sneaky", "submission_id": str(uuid.uuid4())}


def new_post():
    return {"body": "sneaky", "submission_id": str(uuid.uuid4())}


def persona_client(client, group, persona):
    if persona == "visitor":
        return client
    user = UserFactory()
    if persona != "outsider":
        MembershipFactory(user=user, group=group, state=persona)
    client.force_login(user)
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_group_content_url_is_404_for_non_members(client, content, persona):
    browser = persona_client(client, content["group"], persona)
    threads_before, posts_before = Thread.objects.count(), Post.objects.count()

    for method, url, data in content_urls(content):
        response = getattr(browser, method)(url, data)
        body = response.content.decode()
        assert response.status_code == 404, (persona, method, url, response.status_code)
        assert SECRET_TITLE not in body and SECRET_BODY not in body, (persona, url)

    assert (Thread.objects.count(), Post.objects.count()) == (threads_before, posts_before)
    content["group"].refresh_from_db()
    assert content["group"].name != "taken over"


@pytest.mark.parametrize("persona", PERSONAS)
def test_group_page_shows_non_members_the_about_page_without_content(client, content, persona):
    browser = persona_client(client, content["group"], persona)

    response = browser.get(reverse("groups:detail", args=[content["group"].slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET_TITLE not in html and content["group"].ground_rules in html


def test_moderator_who_is_not_a_member_can_read_the_group(client, content, moderator):
    sign_in_with_mfa(client, moderator)

    response = client.get(
        reverse("groups:thread", args=[content["group"].slug, content["thread"].pk])
    )

    assert response.status_code == 200 and SECRET_BODY in response.content.decode()


def test_thread_of_another_group_is_404_through_this_groups_url(client, content, member):
    from tests.factories import SupportGroupFactory

    other = SupportGroupFactory()
    MembershipFactory(group=other, user=member)
    client.force_login(member)

    response = client.get(reverse("groups:thread", args=[other.slug, content["thread"].pk]))

    assert response.status_code == 404


def test_members_page_lists_pseudonyms_and_never_emails(client, content, member, facilitator):
    client.force_login(member)

    html = client.get(reverse("groups:members", args=[content["group"].slug])).content.decode()

    assert member.username in html and facilitator.username in html
    assert member.email not in html and facilitator.email not in html


def test_ordinary_member_gets_403_from_the_facilitator_console(client, content, member):
    client.force_login(member)

    assert client.get(reverse("groups:manage", args=[content["group"].slug])).status_code == 403
