"""Blocking: the blocker stops hearing from someone; the blocked member is never told."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from community.accounts.models import Block
from community.accounts.selectors import blocked_ids
from community.accounts.services import block_create, block_remove
from notifications.models import Notification
from notifications.services import notification_create
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_member_blocks_someone_by_pseudonym_and_sees_them_listed(member_client, member):
    other = UserFactory(username="sharp_words")

    response = member_client.post(reverse("accounts:blocked"), {"pseudonym": "Sharp_Words"})

    assert response.status_code == 302
    assert Block.objects.filter(blocker=member, blocked=other).exists()
    page = member_client.get(reverse("accounts:blocked")).content.decode()
    assert "sharp_words" in page
    assert "Unblock sharp_words" in page


def test_member_unblocks_from_the_list(member_client, member):
    other = UserFactory()
    block_create(user=member, pseudonym=other.username)

    member_client.post(reverse("accounts:unblock"), {"pseudonym": other.username})

    assert not Block.objects.filter(blocker=member).exists()


def test_blocking_an_unknown_pseudonym_shows_a_form_error(member_client):
    response = member_client.post(reverse("accounts:blocked"), {"pseudonym": "nobody_here"})

    assert response.status_code == 400
    assert "could not find a member" in response.content.decode()


def test_blocking_yourself_is_refused(member_client, member):
    response = member_client.post(reverse("accounts:blocked"), {"pseudonym": member.username})

    assert response.status_code == 400
    assert not Block.objects.exists()


def test_blocking_a_moderator_answers_exactly_like_blocking_a_member(client):
    """Issue 20, finding 13: "Moderators cannot be blocked" told members who is staff."""
    from tests.security.observe import assert_same, normalise_html

    seen = []
    for index, other in enumerate((ModeratorFactory(totp=True), UserFactory())):
        blocker = UserFactory(username=f"blocker_{index}")
        client.force_login(blocker)
        response = client.post(reverse("accounts:blocked"), {"pseudonym": other.username})
        page = client.get(response["Location"]).content.decode()
        names = {other.username: "OTHER", blocker.username: "BLOCKER"}
        seen.append(
            (response.status_code, response["Location"], normalise_html(page, replace=names))
        )

    assert_same(seen[0], seen[1], what="the block answer")
    assert seen[0][0] == 302


def test_a_moderators_named_posts_offer_the_block_button_like_anyone_elses(group, member):
    from forum.services import thread_create
    from tests.factories import MembershipFactory

    moderator = ModeratorFactory(totp=True)
    MembershipFactory(group=group, user=moderator)
    thread = thread_create(author=moderator, group=group, title="Hello", body="Hi.").post.thread
    client = Client()
    client.force_login(member)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert f"Block {moderator.username}" in html


def test_a_block_never_silences_what_a_moderator_sends_as_a_moderator(member):
    moderator = ModeratorFactory(totp=True)
    block_create(user=member, pseudonym=moderator.username)

    sent = notification_create(
        recipient=member, kind=Notification.Kind.MODERATION, text="A word", actor=moderator
    )

    assert sent is not None


def test_blocking_twice_keeps_one_row(member):
    other = UserFactory()

    block_create(user=member, pseudonym=other.username)
    block_create(user=member, pseudonym=other.username)

    assert Block.objects.filter(blocker=member).count() == 1


def test_block_button_returns_to_the_page_it_was_pressed_on(member_client):
    other = UserFactory()

    response = member_client.post(
        reverse("accounts:blocked"),
        {"pseudonym": other.username, "next": "/groups/some-group/threads/4/"},
    )

    assert response["Location"] == "/groups/some-group/threads/4/"


def test_block_button_never_redirects_off_site(member_client):
    other = UserFactory()

    response = member_client.post(
        reverse("accounts:blocked"),
        {"pseudonym": other.username, "next": "https://evil.example/phish"},
    )

    assert response["Location"] == reverse("accounts:blocked")


def test_the_blocked_member_is_not_told(member):
    other = UserFactory()

    block_create(user=member, pseudonym=other.username)

    assert not Notification.objects.filter(recipient=other).exists()
    assert mail.outbox == []


def test_notifications_caused_by_a_blocked_member_are_not_created(member):
    other = UserFactory()
    block_create(user=member, pseudonym=other.username)

    result = notification_create(
        recipient=member, kind=Notification.Kind.MENTION, text="You were mentioned", actor=other
    )

    assert result is None
    assert not Notification.objects.filter(recipient=member).exists()


def test_notifications_from_members_not_blocked_still_arrive(member):
    other = UserFactory()

    result = notification_create(
        recipient=member, kind=Notification.Kind.REPLY, text="A new reply", actor=other
    )

    assert result is not None
    assert Notification.objects.filter(recipient=member).count() == 1


def test_notification_create_without_actor_is_unchanged(member):
    result = notification_create(recipient=member, kind=Notification.Kind.REPLY, text="A reply")

    assert result.pk is not None


def test_a_block_never_silences_a_safety_alert(member):
    other = UserFactory()
    block_create(user=member, pseudonym=other.username)

    result = notification_create(
        recipient=member, kind=Notification.Kind.SAFETY_ALERT, text="Please check in", actor=other
    )

    assert result is not None


def test_a_block_is_seen_on_the_next_read_with_no_copy_kept_on_the_user_to_clear(member):
    other = UserFactory()
    assert blocked_ids(member) == set()

    block_create(user=member, pseudonym=other.username)

    assert blocked_ids(member) == {other.pk}


def test_unblocking_takes_effect_at_once_for_the_same_request(member):
    other = UserFactory()
    block_create(user=member, pseudonym=other.username)
    assert blocked_ids(member) == {other.pk}

    block_remove(user=member, pseudonym=other.username)

    assert blocked_ids(member) == set()


def test_blocked_page_needs_a_signed_in_member(client):
    assert client.get(reverse("accounts:blocked")).status_code == 302


def test_blocking_too_fast_answers_429_with_retry_after_and_keeps_the_name_typed(
    member_client, frozen_rate_limit_clock
):
    for _ in range(30):
        member_client.post(reverse("accounts:blocked"), {"pseudonym": "nobody-here"})

    response = member_client.post(reverse("accounts:blocked"), {"pseudonym": "still-nobody"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert 'value="still-nobody"' in response.content.decode()


def test_an_unknown_pseudonym_is_said_beside_the_name_box_as_a_400(member_client):
    response = member_client.post(reverse("accounts:blocked"), {"pseudonym": "nobody-here"})

    assert response.status_code == 400
    assert "We could not find a member with that pseudonym" in response.content.decode()
