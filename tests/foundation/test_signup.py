"""Sign-up: pseudonyms are validated, unique regardless of case, and email is confirmed."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sites.models import Site
from django.core import mail
from django.urls import reverse

from community.accounts.models import User
from tests.factories import UserFactory

# Emails are tasks sent after the signing-up transaction commits, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


def signup(client, **overrides):
    data = {
        "email": "newcomer@example.org",
        "username": "gentle_fern",
        "password1": "a-long-enough-password-42",
        "password2": "a-long-enough-password-42",
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def test_signup_with_valid_pseudonym_sends_confirmation_and_does_not_sign_in(client):
    response = signup(client)

    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert user.username == "gentle_fern"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert "_auth_user_id" not in client.session


def test_confirming_the_email_link_verifies_the_address(client):
    signup(client)
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/confirm-email/" in word)
    path = link[link.index("/accounts/") :]

    response = client.post(path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="newcomer@example.org").verified


@pytest.mark.parametrize(
    ("pseudonym", "message"),
    [
        ("ab", "at least 3"),
        ("a" * 31, "at most 30"),
        ("has space", "letters, digits"),
        ("émoji🙂", "letters, digits"),
        ("someone@example", "letters, digits"),
        ("jane.doe.gmail", "letters, digits"),
        ("janegmail", "not an email"),
        ("Moderator", "reserved"),
        ("admin", "reserved"),
    ],
)
def test_signup_rejects_bad_pseudonym_with_an_error_on_the_field(client, pseudonym, message):
    response = signup(client, username=pseudonym)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("username", []))
    assert message in errors
    assert not User.objects.filter(email="newcomer@example.org").exists()


def test_signup_rejects_pseudonym_that_differs_only_in_case(client):
    UserFactory(username="Quiet_Oak")

    response = signup(client, username="quiet_oak")

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert User.objects.filter(username__iexact="quiet_oak").count() == 1


def test_signup_with_mismatched_passwords_names_the_password_field(client):
    response = signup(client, password2="something-else-entirely-9")

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors


def test_signup_with_bad_email_names_the_email_field(client):
    response = signup(client, email="not-an-email")

    assert response.status_code == 200
    assert "email" in response.context["form"].errors


def test_sign_in_by_email_works_for_a_confirmed_member(client):
    user = UserFactory(email="calm@example.org")

    response = client.post(
        reverse("account_login"),
        {"login": "calm@example.org", "password": "a-long-test-password-1"},
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_unconfirmed_member_is_not_signed_in_by_password(client):
    UserFactory(email="unconfirmed@example.org", verified=False)

    client.post(
        reverse("account_login"),
        {"login": "unconfirmed@example.org", "password": "a-long-test-password-1"},
    )

    assert "_auth_user_id" not in client.session


def test_sign_out_needs_post_and_clears_site_data(client):
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_mail_to_known_address_only_and_answers_the_same(client):
    UserFactory(email="known@example.org")

    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    recipients = [m.to[0] for m in mail.outbox]
    assert "known@example.org" in recipients


def test_signed_in_pages_are_never_cached(client):
    client.force_login(UserFactory())

    response = client.get(reverse("accounts:profile"))

    assert "no-store" in response["Cache-Control"]


def test_confirmation_email_names_the_site_and_its_address_from_settings(client, settings):
    settings.SITE_NAME = "Trust Again"
    settings.SITE_URL = "https://trust-again.example.net"

    signup(client)

    body = mail.outbox[0].body
    assert "Trust Again" in body
    assert "trust-again.example.net" in body
    assert "example.com" not in body


def test_password_reset_email_names_the_site_from_settings(client):
    UserFactory(email="member@example.org")

    client.post(reverse("account_reset_password"), {"email": "member@example.org"})

    body = mail.outbox[0].body
    assert "Rebuilding Trust" in body
    assert "example.com" not in body


def test_the_sites_row_names_the_site_from_settings():
    site = Site.objects.get_current()

    assert site.name == settings.SITE_NAME
    assert site.domain != "example.com"


def test_sign_in_page_is_in_the_sites_layout_and_words(client):
    html = client.get(reverse("account_login")).content.decode()

    assert "Keep me signed in on this device" in html
    assert "Remember Me" not in html
    assert 'class="site-header"' in html
    assert "/static/css/site.css" in html
    assert "<h1>Sign in</h1>" in html  # the site's wording, not allauth's "Sign In"
    assert "Sign In" not in html


def test_sign_in_page_wording_is_translated(client):
    client.cookies["django_language"] = "es"

    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert "Mantener la sesión iniciada en este dispositivo" in html
