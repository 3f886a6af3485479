"""The allauth pages in the site's layout and words: join, password reset (request, sent, new
password, done), email confirmation and sign out; "Sign in" and "Join", never allauth's own."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

# Emails are tasks sent after the request's transaction commits, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)

ALLAUTH_WORDING = ["Sign Up", "Sign In", "Sign Out", "Remember Me", "Password Reset", "Bad Token"]


def assert_in_site_layout(html: str) -> None:
    assert 'class="site-header"' in html
    assert "/static/css/site.css" in html
    for words in ALLAUTH_WORDING:
        assert words not in html, words


def test_the_join_page_is_in_the_sites_layout_with_join_and_sign_in_wording(client):
    html = client.get(reverse("account_signup")).content.decode()

    assert_in_site_layout(html)
    assert "<h1>Join the community</h1>" in html
    assert '<button type="submit">Join</button>' in html
    assert "Already a member?" in html and f'href="{reverse("account_login")}' in html
    assert "Private: used only to confirm your account." in html  # the fields' help shows
    assert 'placeholder="Username"' not in html  # the field is the pseudonym, in one word


def test_joining_leads_to_a_check_your_email_page(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "username": "gentle_fern",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
        },
        follow=True,
    )
    html = response.content.decode()

    assert_in_site_layout(html)
    assert "<h1>Check your email</h1>" in html
    assert "finish joining" in html


def test_a_join_form_with_errors_shows_them_in_the_sites_layout(client):
    response = client.post(reverse("account_signup"), {"email": "not-an-email", "username": ""})
    html = response.content.decode()

    assert response.status_code == 200
    assert_in_site_layout(html)
    assert 'class="errorlist' in html


def test_the_whole_password_reset_journey_is_in_the_sites_layout_and_words(client):
    UserFactory(email="member@example.org")

    request_page = client.get(reverse("account_reset_password")).content.decode()
    sent = client.post(
        reverse("account_reset_password"), {"email": "member@example.org"}, follow=True
    ).content.decode()
    link = re.search(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+", mail.outbox[0].body)
    new_password_page = client.get(link.group(0), follow=True)
    done = client.post(
        new_password_page.redirect_chain[-1][0] if new_password_page.redirect_chain else link[0],
        {"password1": "another-long-password-77", "password2": "another-long-password-77"},
        follow=True,
    ).content.decode()

    assert "<h1>Reset your password</h1>" in request_page
    assert "Send the link" in request_page and "Back to sign in" in request_page
    assert "<h1>Check your email</h1>" in sent
    assert "<h1>Choose a new password</h1>" in new_password_page.content.decode()
    assert "<h1>Your password is changed</h1>" in done
    for html in (request_page, sent, new_password_page.content.decode(), done):
        assert_in_site_layout(html)


def test_a_used_or_made_up_reset_link_says_so_and_offers_a_new_one(client):
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"})

    html = client.get(url, follow=True).content.decode()

    assert_in_site_layout(html)
    assert "<h1>This link no longer works</h1>" in html
    assert "Ask for a new link" in html


def test_the_email_confirmation_page_asks_to_confirm_in_the_sites_words(client):
    user = UserFactory(username="gentle_fern", email="fern@example.org")
    address = EmailAddress.objects.filter(user=user).first() or EmailAddress.objects.create(
        user=user, email=user.email, primary=True, verified=False
    )
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    address.refresh_from_db()
    key = EmailConfirmationHMAC(address).key

    html = client.get(reverse("account_confirm_email", args=[key])).content.decode()

    assert_in_site_layout(html)
    assert "<h1>Confirm your email address</h1>" in html
    assert "Please confirm that fern@example.org is the email address of gentle_fern." in html
    assert '<button type="submit">Confirm</button>' in html


def test_an_invalid_confirmation_link_says_so_in_the_sites_layout(client):
    html = client.get(reverse("account_confirm_email", args=["not-a-key"])).content.decode()

    assert_in_site_layout(html)
    assert "This confirmation link has expired or is not valid." in html


def test_the_sign_out_page_uses_the_sites_wording(client):
    client.force_login(UserFactory())

    html = client.get(reverse("account_logout")).content.decode()

    assert_in_site_layout(html)
    assert "<h1>Sign out</h1>" in html
    assert "Are you sure you want to sign out?" in html


def test_the_account_pages_are_translated(client):
    client.cookies["django_language"] = "es"

    join = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    reset = client.get(
        reverse("account_reset_password"), HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()

    assert "Únete a la comunidad" in join and ">Unirme</button>" in join
    assert "Restablecer tu contraseña" in reset
