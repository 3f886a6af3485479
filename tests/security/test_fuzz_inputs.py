"""Nothing is lost on bad input: random Unicode through the forum never gives a 500, and what
is stored is exactly what was accepted (or the member gets a clear form error)."""

import uuid
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.ratelimit import rate_limit_reset
from forum.services import post_create, thread_create
from groups.models import Post, Thread

pytestmark = pytest.mark.django_db


def form_post(client, url: str, fields: dict[str, str]):
    """POST raw bytes as a hostile client could: lone surrogates become invalid UTF-8."""
    body = urlencode(fields, encoding="utf-8", errors="surrogatepass")
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def as_received(text: str) -> str:
    """What Django decodes from those bytes (invalid UTF-8 becomes U+FFFD)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Any code point (lone surrogates included), with the awkward ones made likely.
nasty_text = st.one_of(
    st.text(alphabet=st.characters(codec=None, min_codepoint=0), max_size=300),
    st.text(
        alphabet=st.sampled_from("\x00\x01\x1b\x7f\u200b\u202e\ufeff\ud800\udfff<>&\"'`"),
        max_size=50,
    ),
    st.just(""),
    st.just(" \n\t "),
    st.integers(min_value=20_001, max_value=60_000).map(lambda n: "a" * n),
    st.just("x" * 20_000),
)


@FUZZ
@given(body=nasty_text)
def test_fuzzed_reply_form_never_errors_and_stores_what_it_accepts(
    member_client, member, group, body
):
    thread = Thread.objects.filter(group=group).first()
    if thread is None:
        thread = thread_create(author=member, group=group, title="Fuzz", body="start").post.thread
    rate_limit_reset(scope="post", key=member.pk)
    before = Post.objects.filter(thread=thread).count()
    url = f"/groups/{group.slug}/threads/{thread.pk}/reply/"

    response = form_post(member_client, url, {"body": body, "submission_id": str(uuid.uuid4())})

    assert response.status_code in (302, 400), response.status_code
    after = Post.objects.filter(thread=thread).count()
    if response.status_code == 302:
        stored = Post.objects.filter(thread=thread).latest("pk")
        assert after == before + 1
        assert stored.body == as_received(body).strip()
    else:
        assert after == before
        assert "errorlist" in response.content.decode()


@FUZZ
@given(title=nasty_text, body=nasty_text)
def test_fuzzed_new_thread_form_never_errors(member_client, member, group, title, body):
    rate_limit_reset(scope="thread", key=member.pk)
    before = Thread.objects.count()

    response = form_post(
        member_client,
        f"/groups/{group.slug}/threads/new/",
        {"title": title, "body": body, "submission_id": str(uuid.uuid4())},
    )

    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 302:
        thread = Thread.objects.latest("pk")
        assert thread.title == as_received(title).strip()
    else:
        assert Thread.objects.count() == before


@FUZZ
@given(body=nasty_text)
def test_fuzzed_service_input_is_stored_exactly_or_refused(member, group, body):
    thread = Thread.objects.filter(group=group).first()
    if thread is None:
        thread = thread_create(author=member, group=group, title="Fuzz", body="start").post.thread
    rate_limit_reset(scope="post", key=member.pk)

    try:
        posted = post_create(author=member, thread=thread, body=body, submission_id=uuid.uuid4())
    except ValidationError as error:
        assert error.message_dict
        return

    posted.post.refresh_from_db()
    assert posted.post.body == body.strip()
