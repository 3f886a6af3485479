"""Small things members notice in a group: "New" markers, facilitator badges, join buttons."""

import re

import pytest

from content.services import site_tree_ensure
from groups.models import SupportGroup
from tests.factories import MembershipFactory, SupportGroupFactory
from tests.groups.forum_helpers import reply_to, start_thread, thread_url

pytestmark = pytest.mark.django_db


def _post_header(html: str, post) -> str:
    """The markup of one post's header (author, time, markers)."""
    match = re.search(rf'<li id="post-{post.pk}".*?</header>', html, re.S)
    assert match, f"post {post.pk} not on the page"
    return match.group(0)


def test_a_members_own_new_post_is_not_marked_new_but_others_are(client, group, member):
    other = MembershipFactory(group=group).user
    thread = start_thread(author=other, group=group)
    client.force_login(member)
    client.get(thread_url(thread))  # read so far
    mine = reply_to(author=member, thread=thread, body="My own words.")
    theirs = reply_to(author=other, thread=thread, body="Someone else's words.")

    html = client.get(thread_url(thread)).content.decode()

    assert "New" not in _post_header(html, mine)
    assert "post-new" not in _post_header(html, mine)
    assert "New" in _post_header(html, theirs)


def test_facilitators_posts_carry_a_facilitator_badge(client, group, member, facilitator):
    thread = start_thread(author=member, group=group)
    answer = reply_to(author=facilitator, thread=thread, body="Welcome, glad you are here.")
    client.force_login(member)

    html = client.get(thread_url(thread)).content.decode()

    assert "Facilitator" in _post_header(html, answer)
    assert "Facilitator" not in _post_header(html, thread.posts.order_by("pk").first())


def test_facilitator_badge_is_translated(client, group, member, facilitator):
    thread = start_thread(author=member, group=group)
    answer = reply_to(author=facilitator, thread=thread)
    client.force_login(member)
    client.cookies["django_language"] = "es"

    html = client.get(thread_url(thread), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Facilitador" in _post_header(html, answer)


def test_members_list_badges_facilitators(client, group, member, facilitator):
    client.force_login(member)

    html = client.get(f"/groups/{group.slug}/members/").content.decode()

    line = re.search(rf"<li>{facilitator.username}.*?</li>", html, re.S).group(0)
    assert 'class="tag tag-facilitator"' in line
    assert "Facilitator" in line


def _card(html: str, group) -> str:
    match = re.search(
        rf'<li class="card group-card">\s*<h3><a href="{group.get_absolute_url()}".*?</li>',
        html,
        re.S,
    )
    assert match, f"no card for {group.name}"
    return match.group(0)


@pytest.mark.parametrize(
    ("policy", "wanted", "unwanted"),
    [
        (SupportGroup.JoinPolicy.OPEN, "Read the rules and join", "Ask to join"),
        (SupportGroup.JoinPolicy.REQUEST, "Ask to join", "Read the rules and join"),
        (SupportGroup.JoinPolicy.INVITE, "By invitation only", "join"),
    ],
)
def test_group_cards_offer_the_way_in_the_policy_allows(client, policy, wanted, unwanted):
    site_tree_ensure()
    group = SupportGroupFactory(join_policy=policy, name="Trust circle")

    card = _card(client.get("/").content.decode(), group)

    assert wanted in card
    assert unwanted not in card.split("</h3>", 1)[1]
