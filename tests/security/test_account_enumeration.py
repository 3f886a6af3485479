"""Sign-in, sign-up and password reset answer the same whether or not an email is known."""

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KNOWN = "known.person@example.org"
UNKNOWN = "nobody.here@example.org"


@pytest.fixture(autouse=True)
def known_account():
    return UserFactory(email=KNOWN)


def visible_text(response, email: str) -> str:
    """The page as a reader sees it, without tokens and the address they typed themselves."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(email, "EMAIL")


def test_sign_in_with_a_wrong_password_answers_the_same_for_known_and_unknown_emails(client):
    known = client.post(reverse("account_login"), {"login": KNOWN, "password": "wrong-pass-1"})
    unknown = client.post(reverse("account_login"), {"login": UNKNOWN, "password": "wrong-pass-1"})

    assert known.status_code == unknown.status_code == 200
    assert visible_text(known, KNOWN) == visible_text(unknown, UNKNOWN)


def test_password_reset_answers_the_same_for_known_and_unknown_emails(client):
    known = client.post(reverse("account_reset_password"), {"email": KNOWN})
    unknown = client.post(reverse("account_reset_password"), {"email": UNKNOWN})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    done_known = client.get(known["Location"])
    done_unknown = client.get(unknown["Location"])
    assert visible_text(done_known, KNOWN) == visible_text(done_unknown, UNKNOWN)


def test_sign_up_with_a_taken_email_answers_like_a_new_sign_up(client):
    def signup(email: str, pseudonym: str):
        return client.post(
            reverse("account_signup"),
            {
                "email": email,
                "username": pseudonym,
                "password1": "a-long-enough-password-42",
                "password2": "a-long-enough-password-42",
            },
        )

    taken = signup(KNOWN, "second_try")
    fresh = signup("fresh.person@example.org", "fresh_start")

    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
