"""A thread's posts come from cached fragments: every change and every viewer still sees true."""

import re

import pytest
from django.test import Client

from community.accounts.services import block_create
from forum.services import post_edit, reaction_toggle
from moderation.services import content_hide
from tests.factories import MembershipFactory
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(group, member):
    return start_thread(author=member, group=group, title="Evenings", body="What helps you?")


@pytest.fixture
def other_member(group):
    return MembershipFactory(group=group).user


def page_for(user, thread) -> str:
    """The thread as ``user`` sees it once they have read it (no "New" marks left to change)."""
    client = Client()
    client.force_login(user)
    for _visit in range(2):
        response = client.get(thread.get_absolute_url())
        assert response.status_code == 200
    return response.content.decode()


def post_html(html: str, post) -> str:
    return html.split(f'id="post-{post.pk}"', 1)[1].split("</li>", 1)[0]


def test_an_edit_is_shown_to_a_reader_who_saw_the_post_before(thread, other_member, member):
    post = reply_to(author=member, thread=thread, body="First thoughts.")
    assert "First thoughts." in page_for(other_member, thread)

    post_edit(editor=member, post=post, body="Second, kinder thoughts.")

    html = page_for(other_member, thread)
    assert "Second, kinder thoughts." in html and "First thoughts." not in html


def test_another_members_reaction_updates_the_count_a_reader_sees(thread, member, other_member):
    post = reply_to(author=member, thread=thread, body="Sharing this.")
    before = post_html(page_for(member, thread), post)

    reaction_toggle(user=other_member, post=post, kind="support")

    after = post_html(page_for(member, thread), post)
    assert before != after
    assert re.search(r'value="support"[^>]*>[^<]*<span>1</span>', after)


def test_my_own_reaction_is_marked_for_me_and_not_for_the_next_reader(thread, member, other_member):
    post = reply_to(author=member, thread=thread, body="Sharing this.")
    reaction_toggle(user=other_member, post=post, kind="support")

    mine = post_html(page_for(other_member, thread), post)
    theirs = post_html(page_for(member, thread), post)

    assert 'aria-pressed="true"' in mine
    assert 'aria-pressed="true"' not in theirs


def test_a_facilitator_sees_the_moderation_tools_a_member_reading_the_same_post_does_not(
    thread, member, other_member, facilitator
):
    post = reply_to(author=member, thread=thread, body="A reply.")

    seen_by_member = post_html(page_for(other_member, thread), post)
    seen_by_facilitator = post_html(page_for(facilitator, thread), post)

    assert "Hide from the group" in seen_by_facilitator
    assert "Hide from the group" not in seen_by_member


def test_only_the_author_is_offered_edit_on_a_post_both_have_seen(thread, member, other_member):
    post = reply_to(author=member, thread=thread, body="My words.")

    assert "Edit" in post_html(page_for(member, thread), post)
    assert ">Edit<" not in post_html(page_for(other_member, thread), post)


def test_a_hidden_post_shows_as_hidden_after_it_was_served_visible(
    thread, member, other_member, facilitator
):
    post = reply_to(author=member, thread=thread, body="Something hard.")
    page_for(facilitator, thread)

    content_hide(actor=facilitator, target=post, reason="check-in first")

    assert "Hidden by a facilitator" in post_html(page_for(facilitator, thread), post)
    assert "Something hard." not in page_for(other_member, thread)


def test_blocking_the_author_folds_their_post_at_once(thread, member, other_member):
    post = reply_to(author=member, thread=thread, body="Words from them.")
    assert "You blocked this member" not in post_html(page_for(other_member, thread), post)

    block_create(user=other_member, pseudonym=member.username)

    assert "You blocked this member" in post_html(page_for(other_member, thread), post)


def test_each_reader_gets_their_own_csrf_token_in_every_post_form(thread, member, group):
    from django.conf import settings
    from django.middleware.csrf import _unmask_cipher_token

    reply_to(author=member, thread=thread, body="Hello.")
    readers = [MembershipFactory(group=group).user for _ in range(2)]

    def secrets_on_page(user) -> tuple[set[str], str]:
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        html = client.get(thread.get_absolute_url()).content.decode()
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert len(tokens) > 3 and "\x00" not in html
        cookie_secret = client.cookies[settings.CSRF_COOKIE_NAME].value
        return {_unmask_cipher_token(token) for token in tokens}, cookie_secret

    # Two readers in the same position share every post fragment; the tokens must not be.
    for reader in readers:
        secrets, cookie_secret = secrets_on_page(reader)
        assert secrets == {cookie_secret}


def test_odd_query_strings_make_no_new_cache_entries(thread, member, other_member):
    """Issue 20 hardening: the fragment key held the full query string, so every new
    ``?x=…`` stored every post again (unbounded keys in the Redis that carries the chat)."""
    from unittest import mock

    from django.core.cache import cache

    client = Client()
    client.force_login(other_member)
    client.get(thread.get_absolute_url())
    client.get(thread.get_absolute_url())
    with mock.patch.object(cache, "set_many", wraps=cache.set_many) as stored:
        for junk in range(5):
            response = client.get(thread.get_absolute_url() + f"?utm={junk}&x={'y' * 500}")
            assert response.status_code == 200

    assert stored.call_count == 0
    assert "y" * 500 not in response.content.decode()
