"""A form sent with a stale token or after the session ended never loses its words: the calm
page in the site's layout gives them back, keeps them as a draft, and leads on to send them."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from drafts.models import Draft
from drafts.rescue import SESSION_KEY
from tests.groups.forum_helpers import start_thread

pytestmark = pytest.mark.django_db

WORDS = "Tonight was hard, and I am still here writing it down."
SUBMISSION = "7e57ab1e-0000-4000-8000-000000000001"


@pytest.fixture
def thread(group, member):
    return start_thread(author=member, group=group, title="Evenings", body="Hello, everyone.")


def reply_form(thread, **extra):
    return {
        "body": WORDS,
        "submission_id": SUBMISSION,
        "draft_place": f"reply:{thread.pk}",
        "draft_page": thread.get_absolute_url(),
        **extra,
    }


def test_a_stale_csrf_token_shows_the_calm_page_with_the_words_and_keeps_a_draft(member, thread):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = reverse("groups:reply", args=[thread.group.slug, thread.pk])

    response = client.post(url, reply_form(thread, csrfmiddlewaretoken="stale-token"))

    html = response.content.decode()
    assert response.status_code == 403
    assert "Your words are safe" in html
    assert "Quick exit" in html and "Get help now" in html  # the site's own layout
    assert f"{WORDS}</textarea>" in html
    assert Draft.objects.get(user=member, place=f"reply:{thread.pk}").body == WORDS
    assert "CSRF verification failed" not in html


def test_the_calm_page_offers_to_send_again_with_a_fresh_token_and_the_same_fields(member, thread):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = reverse("groups:reply", args=[thread.group.slug, thread.pk])

    html = client.post(
        url, reply_form(thread, csrfmiddlewaretoken="stale", password="never-echoed")
    ).content.decode()
    form = re.search(r'<form method="post" action="([^"]+)" class="card">(.*?)</form>', html, re.S)

    assert form.group(1) == url
    assert f'name="submission_id" value="{SUBMISSION}"' in form.group(2)
    assert "never-echoed" not in html and "stale" not in form.group(2)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(2)).group(1)
    sent = client.post(url, {**reply_form(thread), "csrfmiddlewaretoken": token})
    assert sent.status_code == 302
    assert thread.posts.filter(body=WORDS).exists()
    assert not Draft.objects.filter(user=member).exists()


def test_words_posted_from_another_site_are_shown_but_never_kept(member, thread):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = reverse("groups:reply", args=[thread.group.slug, thread.pk])

    response = client.post(url, reply_form(thread), HTTP_ORIGIN="https://elsewhere.example")

    assert response.status_code == 403
    assert "Send it now" not in response.content.decode()
    assert not Draft.objects.exists()


def test_a_reply_sent_after_signing_out_keeps_its_words_until_the_member_signs_in(
    client, member, thread
):
    url = reverse("groups:reply", args=[thread.group.slug, thread.pk])

    response = client.post(url, reply_form(thread))

    html = response.content.decode()
    assert response.status_code == 404  # group content never admits it exists
    assert "You were signed out" in html and f"{WORDS}</textarea>" in html
    sign_in = re.search(r'href="(/accounts/login/\?next=[^"]+)"', html).group(1)
    assert sign_in == f"/accounts/login/?next={thread.get_absolute_url().replace('/', '%2F')}"
    assert client.session[SESSION_KEY][f"reply:{thread.pk}"]["body"] == WORDS

    client.force_login(member)  # signing in keeps the session's data (the key is cycled)
    page = client.get(thread.get_absolute_url()).content.decode()

    assert f"{WORDS}</textarea>" in page
    assert Draft.objects.get(user=member).body == WORDS
    assert f"reply:{thread.pk}" not in client.session.get(SESSION_KEY, {})


def test_a_signed_out_post_without_words_still_answers_404(client, thread):
    url = reverse("groups:reply", args=[thread.group.slug, thread.pk])

    assert client.post(url, {"body": "  "}).status_code == 404


def test_a_signed_out_post_to_a_missing_group_looks_the_same_as_to_a_real_one(client, thread):
    real = client.post(reverse("groups:reply", args=[thread.group.slug, thread.pk]), {"body": "x"})
    missing = client.post(reverse("groups:reply", args=["no-such-group", 999999]), {"body": "x"})

    assert real.status_code == missing.status_code == 404
    assert real.content.decode().count("x</textarea>") == 1
    assert missing.content.decode().count("x</textarea>") == 1


def test_a_note_to_the_facilitators_sent_signed_out_is_given_back_not_dropped(client, group):
    response = client.post(
        reverse("groups:join", args=[group.slug]), {"accept_rules": "on", "message": "Hello!"}
    )

    assert response.status_code == 403
    assert "Hello!</textarea>" in response.content.decode()


def test_the_words_never_reach_the_logs(member, thread, caplog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = reverse("groups:reply", args=[thread.group.slug, thread.pk])

    with caplog.at_level(logging.DEBUG):
        client.post(url, reply_form(thread, csrfmiddlewaretoken="stale"))
        Client().post(url, reply_form(thread))

    assert WORDS not in caplog.text


def test_a_stale_sign_in_form_gets_the_calm_page_without_echoing_the_password(client):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "a@example.com", "password": "secret-1"})

    html = response.content.decode()
    assert response.status_code == 403
    assert "Please try that again" in html
    assert "secret-1" not in html


def test_a_reply_to_a_thread_that_is_gone_gives_the_words_back_with_a_404(member_client, thread):
    url = reverse("groups:reply", args=[thread.group.slug, 999_999])  # a stale tab, a typo

    response = member_client.post(url, reply_form(thread))

    html = response.content.decode()
    assert response.status_code == 404
    assert "We could not find where this was meant to go" in html
    assert f"{WORDS}</textarea>" in html
    assert "Send it now" not in html


def test_a_former_member_still_gets_the_groups_own_page_with_their_words(client, group, thread):
    from groups.models import Membership
    from tests.factories import MembershipFactory

    former = MembershipFactory(group=group, state=Membership.State.LEFT).user
    client.force_login(former)

    response = client.post(
        reverse("groups:reply", args=[group.slug, thread.pk]), reply_form(thread)
    )

    html = response.content.decode()
    assert response.status_code == 404
    assert "You have left this group" in html and f"{WORDS}</textarea>" in html
