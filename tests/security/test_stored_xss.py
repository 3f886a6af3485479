"""Stored XSS: every payload of the corpus, through every field that renders member text.

Payloads go in the way members send them (services, forms, websocket frames); the pages and
frames that show them are parsed as a browser would and must hold nothing that runs code,
handles events, loads a ``javascript:`` URL or injects style. See ``page_checks.py``.
"""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

from community.accounts.models import User
from community.ratelimit import rate_limit_reset
from community.textcheck import has_unstorable_characters
from forum.services import post_create, thread_create
from groups.models import Post, Thread
from tests.factories import MembershipFactory, UserFactory
from tests.security.page_checks import member_text_containers, page_problems, parse_page
from tests.security.xss_corpus import load_payloads

pytestmark = pytest.mark.django_db

PAYLOADS = load_payloads()
POSTS_PER_PAGE = 20


def test_the_corpus_is_big_enough_to_mean_something():
    assert len(PAYLOADS) >= 500


def _reply(author, thread, body):
    rate_limit_reset(scope="post", key=author.pk)
    return post_create(author=author, thread=thread, body=body, submission_id=uuid.uuid4())


def test_forum_posts_render_no_active_content_for_any_payload(client, group, member):
    thread = thread_create(
        author=member, group=group, title="Payloads", body="Every payload follows."
    ).post.thread
    stored = 0
    for payload in PAYLOADS:
        try:
            _reply(member, thread, payload)
            stored += 1
        except ValidationError:
            continue  # empty after stripping, or too long: refused with a form error
    client.force_login(member)

    problems, containers = [], 0
    pages = Paginator(range(stored + 1), POSTS_PER_PAGE).num_pages
    for number in range(1, pages + 1):
        html = client.get(thread.get_absolute_url(), {"page": number}).content.decode()
        problems += [f"page {number}: {p}" for p in page_problems(html)]
        containers += len(member_text_containers(parse_page(html)))

    assert stored >= len(PAYLOADS) * 0.9
    assert containers == stored + 1  # every post's body was found and checked
    assert problems == []


def test_thread_titles_render_no_active_content_for_any_payload(client, group, member):
    storable = [p for p in PAYLOADS if not has_unstorable_characters(p)]
    threads = Thread.objects.bulk_create(
        Thread(group=group, author=member, title=payload[:200]) for payload in storable
    )
    Post.objects.bulk_create(
        Post(thread=t, author=member, is_opening=True, body="x", body_html="<p>x</p>")
        for t in threads
    )
    client.force_login(member)

    problems = []
    page = 1
    while True:
        response = client.get(group.get_absolute_url(), {"page": page})
        if response.status_code != 200 or page > len(PAYLOADS):
            break
        html = response.content.decode()
        problems += [f"forum page {page}: {p}" for p in page_problems(html)]
        if f"page={page + 1}" not in html:
            break
        page += 1
    for thread in threads[::10]:
        html = client.get(thread.get_absolute_url()).content.decode()
        problems += [f"thread {thread.pk}: {p}" for p in page_problems(html)]

    assert page >= 2  # the forum list really paged through the titles
    assert problems == []


def test_thread_titles_through_the_service_are_stored_as_typed(group, member):
    for payload in PAYLOADS[:80]:
        rate_limit_reset(scope="thread", key=member.pk)
        title = payload.strip()[:200] or "empty"
        try:
            posted = thread_create(author=member, group=group, title=title, body="body")
        except ValidationError as error:
            assert has_unstorable_characters(title), error
            continue
        assert posted.post.thread.title == title.strip()


def test_pseudonyms_reject_markup_and_any_accepted_render_inert(client, group, member):
    accepted = []
    for payload in PAYLOADS:
        candidate = User(username=payload[:40], email=f"{uuid.uuid4().hex}@example.org")
        try:
            candidate.full_clean(exclude=["password"])
        except ValidationError:
            continue
        accepted.append(payload[:40])
    thread = thread_create(author=member, group=group, title="Names", body="Hello").post.thread
    for name in accepted:
        author = MembershipFactory(group=group, user=UserFactory(username=name)).user
        _reply(author, thread, "Hello from me")
    client.force_login(member)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert all(
        set(name) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        for name in accepted
    )
    assert page_problems(html) == []
