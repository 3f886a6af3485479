"""The forum honours blocks, rate limits, exports and the deletion choice about posts."""

import json
import uuid

import pytest
from django.urls import reverse

from community.accounts.services import account_delete, block_create
from community.ratelimit import RATES
from groups.models import Post, Thread
from notifications.models import Notification
from tests.factories import DEFAULT_PASSWORD, MembershipFactory, UserFactory
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(group):
    return MembershipFactory(group=group, user=UserFactory(username="noisy_neighbour")).user


def thread_html(client, thread) -> str:
    return client.get(thread.get_absolute_url()).content.decode()


def test_posts_by_a_blocked_member_are_folded_for_the_blocker(
    member_client, member, group, neighbour
):
    thread = start_thread(author=neighbour, group=group, body="Words from the neighbour.")
    block_create(user=member, pseudonym=neighbour.username)

    html = thread_html(member_client, thread)

    assert '<details class="blocked-post">' in html
    assert "You blocked this member" in html
    assert "Words from the neighbour." in html  # folded, not lost: one click opens it


def test_the_blocked_member_sees_nothing_different(client, member, group, neighbour):
    thread = start_thread(author=member, group=group, body="My own words.")
    block_create(user=member, pseudonym=neighbour.username)
    client.force_login(neighbour)

    html = thread_html(client, thread)

    assert "You blocked this member" not in html
    assert "blocked-post" not in html


def test_anonymous_posts_by_a_blocked_member_are_not_folded_so_nobody_is_unmasked(
    member_client, member, group, neighbour
):
    group.allow_anonymous_posts = True
    group.save()
    thread = start_thread(
        author=neighbour, group=group, body="Said without a name.", anonymous=True
    )
    block_create(user=member, pseudonym=neighbour.username)

    html = thread_html(member_client, thread)

    assert "blocked-post" not in html
    assert "Said without a name." in html
    assert f'value="{neighbour.username}"' not in html


def test_a_block_button_appears_on_other_members_named_posts(
    member_client, member, group, neighbour
):
    own = start_thread(author=member, group=group)
    reply_to(author=neighbour, thread=own)

    html = thread_html(member_client, own)

    assert f"Block {neighbour.username}" in html
    assert f"Block {member.username}" not in html


def test_pressing_the_block_button_blocks_and_returns_to_the_thread(
    member_client, member, group, neighbour
):
    thread = start_thread(author=neighbour, group=group)

    response = member_client.post(
        reverse("accounts:blocked"),
        {"pseudonym": neighbour.username, "next": thread.get_absolute_url()},
    )

    assert response["Location"] == thread.get_absolute_url()
    assert "blocked-post" in thread_html(member_client, thread)


def test_no_mention_notification_from_a_blocked_member(member, group, neighbour):
    block_create(user=member, pseudonym=neighbour.username)

    start_thread(author=neighbour, group=group, body=f"Hello @{member.username}, how are you?")

    assert not Notification.objects.filter(recipient=member).exists()


def test_no_reply_notification_from_a_blocked_member(member, group, neighbour):
    thread = start_thread(author=member, group=group)
    block_create(user=member, pseudonym=neighbour.username)

    reply_to(author=neighbour, thread=thread)

    assert not Notification.objects.filter(recipient=member, kind="reply").exists()


def test_replies_from_others_still_notify(member, group, neighbour):
    thread = start_thread(author=member, group=group)

    reply_to(author=neighbour, thread=thread)

    assert Notification.objects.filter(recipient=member, kind="reply").count() == 1


def test_posting_too_fast_answers_429_and_keeps_the_text_in_the_form(
    member_client, member, group, frozen_rate_limit_clock
):
    thread = start_thread(author=member, group=group)
    limit, _period = RATES["post"]
    url = reverse("groups:reply", args=[group.slug, thread.pk])
    for n in range(limit):
        member_client.post(url, {"body": f"reply {n}", "submission_id": uuid.uuid4()})

    response = member_client.post(
        url, {"body": "One more thing I wanted to say.", "submission_id": uuid.uuid4()}
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "several times in a short while" in html
    assert "One more thing I wanted to say." in html
    assert Post.objects.filter(thread=thread, is_opening=False).count() == limit


def test_starting_threads_too_fast_answers_429_and_keeps_the_text(
    member_client, group, frozen_rate_limit_clock
):
    limit, _period = RATES["thread"]
    url = reverse("groups:thread_new", args=[group.slug])
    for n in range(limit):
        member_client.post(
            url, {"title": f"Thread {n}", "body": "Hello", "submission_id": uuid.uuid4()}
        )

    response = member_client.post(
        url, {"title": "Another", "body": "Keep these words.", "submission_id": uuid.uuid4()}
    )

    assert response.status_code == 429
    assert "Keep these words." in response.content.decode()
    assert Thread.objects.filter(group=group).count() == limit


def test_export_holds_the_members_threads_posts_but_not_others_titles(
    member_client, member, group, neighbour
):
    theirs = start_thread(author=neighbour, group=group, title="Neighbour's private title")
    mine = start_thread(author=member, group=group, title="My own title", body="My opening")
    reply_to(author=member, thread=theirs, body="My reply to the neighbour")
    reply_to(author=neighbour, thread=mine, body="Neighbour's reply words")

    response = member_client.get(reverse("accounts:export"), {"download": "1"})
    data = json.loads(b"".join(response.streaming_content))
    text = json.dumps(data)

    assert [t["title"] for t in data["sections"]["forum_threads"]] == ["My own title"]
    bodies = [p["body"] for p in data["sections"]["forum_posts"]]
    assert bodies == ["My opening", "My reply to the neighbour"]
    reply = data["sections"]["forum_posts"][1]
    assert reply["in_thread_started_by"] == neighbour.username
    assert "Neighbour's private title" not in text
    assert "Neighbour's reply words" not in text


def test_deleting_with_anonymise_keeps_posts_as_former_member(client, member, group, neighbour):
    thread = start_thread(author=neighbour, group=group)
    reply = reply_to(author=member, thread=thread, body="Words worth keeping")

    account_delete(user=member, password=DEFAULT_PASSWORD, posts_mode="anonymise")

    reply.refresh_from_db()
    assert reply.author is None
    assert reply.body == "Words worth keeping"
    client.force_login(neighbour)
    html = thread_html(client, thread)
    assert "former member" in html
    assert member.username not in html


def test_deleting_with_erase_blanks_posts_and_titles_but_keeps_others_replies(
    client, member, group, neighbour
):
    thread = start_thread(author=member, group=group, title="My private title", body="My words")
    others = reply_to(author=neighbour, thread=thread, body="A reply by someone else")

    account_delete(user=member, password=DEFAULT_PASSWORD, posts_mode="erase")

    opening = Post.objects.get(thread=thread, is_opening=True)
    assert opening.body == "" and opening.body_html == ""
    assert opening.removed_at is not None
    thread.refresh_from_db()
    assert thread.title != "My private title"
    others.refresh_from_db()
    assert others.body == "A reply by someone else"
    client.force_login(neighbour)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "My words" not in html and "My private title" not in html
    assert "A reply by someone else" in html
