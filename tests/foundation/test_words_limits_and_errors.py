"""Limits are shown, never silently enforced; errors sit next to their field with focus; and
opening an action's address (a GET on a POST-only route) leads to the page it belongs to."""

import re

import pytest
from django.urls import reverse

from moderation.models import WatchedWord
from moderation.services import watched_word_create
from tests.groups.forum_helpers import start_thread
from tests.security.authz_table import ROUTES
from tests.security.sweep_support import build_world, client_for, request_isolated

pytestmark = pytest.mark.django_db

ROLES = "visitor unconfirmed nonmember requested muted removed member other_facilitator".split()


@pytest.fixture
def thread(group, member):
    return start_thread(author=member, group=group, title="Evenings", body="Hello, everyone.")


def reply_box(html: str) -> str:
    return re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0)


def test_the_reply_box_shows_its_limit_and_never_lets_the_browser_cut_text(member_client, thread):
    html = member_client.get(thread.get_absolute_url()).content.decode()

    assert "maxlength" not in reply_box(html)
    assert 'data-limit="20000"' in reply_box(html)


def test_the_new_thread_title_and_message_show_their_limits(member_client, group):
    html = member_client.get(reverse("groups:thread_new", args=[group.slug])).content.decode()

    title = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    assert 'data-limit="200"' in title and "maxlength" not in title
    assert 'data-limit="20000"' in reply_box(html)


def test_the_counter_scripts_and_their_words_are_on_every_page(client):
    html = client.get("/groups/").content.decode()

    assert "/static/js/limits.js" in html
    assert 'data-limit-count="{count} of {limit} characters"' in html


def test_a_reply_over_the_limit_is_refused_beside_the_box_and_kept_whole(member_client, thread):
    words = "Every word matters. " * 1249 + "Every word matters!!"
    assert len(words) == 25_000

    response = member_client.post(
        reverse("groups:reply", args=[thread.group.slug, thread.pk]), {"body": words}
    )

    html = response.content.decode()
    box = reply_box(html)
    assert response.status_code == 400
    assert "Posts can be up to 20,000 characters (this one has 25000)." in html
    assert 'aria-invalid="true"' in box and "autofocus" in box
    assert "id_body_error" in box  # aria-describedby points at the message
    assert html.count(words) == 1  # the whole text is back in the box


def test_the_reply_form_brings_the_page_back_to_the_form_after_an_error(member_client, thread):
    html = member_client.get(thread.get_absolute_url()).content.decode()

    action = reverse("groups:reply", args=[thread.group.slug, thread.pk]) + "#reply"
    assert f'action="{action}"' in html
    assert '<section id="reply"' in html


def test_an_empty_reply_is_explained_beside_the_box_with_focus(member_client, thread):
    response = member_client.post(
        reverse("groups:reply", args=[thread.group.slug, thread.pk]), {"body": "  "}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert '<ul class="errorlist" id="id_body_error">' in html
    assert "autofocus" in reply_box(html)


def test_a_blocked_word_is_explained_beside_the_box_and_the_words_stay(
    member_client, thread, moderator
):
    watched_word_create(
        actor=moderator, text="scamlink", kind=WatchedWord.Kind.WORD, action="block"
    )

    response = member_client.post(
        reverse("groups:reply", args=[thread.group.slug, thread.pk]),
        {"body": "visit scamlink now", "submission_id": "8f0c7a52-3c1e-4d9b-9b8e-1a2b3c4d5e6f"},
    )

    html = response.content.decode()
    box = reply_box(html)
    assert response.status_code == 400
    error = html.split('id="id_body_error">', 1)[1].split("</ul>", 1)[0]
    assert "words this community does not allow" in error
    assert 'aria-invalid="true"' in box and "autofocus" in box
    assert "visit scamlink now</textarea>" in html


def test_opening_the_reply_address_leads_to_the_thread_at_the_reply_box(member_client, thread):
    response = member_client.get(reverse("groups:reply", args=[thread.group.slug, thread.pk]))

    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url() + "#reply"


@pytest.mark.parametrize(
    ("name", "args", "page", "page_args"),
    [
        ("groups:join", ["slug"], "groups:detail", ["slug"]),
        ("groups:react", ["slug", "thread", "post"], "groups:post", ["slug", "thread", "post"]),
        ("chat:rsvp", ["slug", 1], "chat:sessions", ["slug"]),
        ("accounts:notifications_read_all", [], "accounts:notifications", []),
    ],
)
def test_opening_an_action_address_leads_to_the_page_it_belongs_to(
    member_client, thread, name, args, page, page_args
):
    values = {"slug": thread.group.slug, "thread": thread.pk, "post": thread.posts.first().pk}

    response = member_client.get(reverse(name, args=[values.get(a, a) for a in args]))

    assert response.status_code == 302
    assert response["Location"] == reverse(page, args=[values[a] for a in page_args])


def test_no_address_answers_a_get_with_method_not_allowed():
    """Every route of the URL conf, opened by each kind of person: never the browser's
    "This page isn't working" (405)."""
    world = build_world()
    refused = []
    for role in (*ROLES, "facilitator", "moderator"):
        client = client_for(world, role)
        for route, (path_template, _get, _post) in ROUTES.items():
            if route.startswith(("admin", "django-admin", "bench")):
                continue
            response = request_isolated(client, "GET", path_template.format(**world.params))
            if response.status_code == 405:
                refused.append(f"{role} GET {route}")

    assert refused == []
