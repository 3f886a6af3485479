"""Every allauth page a member or a moderator can reach is in the site's layout (the skip link,
the Quick exit control, the site's header) and the site's words, in English, Spanish and
Russian: email addresses, password change and set, the four password reset pages, email
confirmation, sign out, confirming it is you, and the two-factor pages."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.factories import (
    DEFAULT_PASSWORD,
    ModeratorFactory,
    UserFactory,
    mark_recently_reauthenticated,
    sign_in_with_mfa,
)

pytestmark = pytest.mark.django_db

#: allauth's own wording, none of which the site uses.
ALLAUTH_WORDING = [
    "Username",
    "Remember Me",
    "Sign Up",
    "Sign In",
    "Sign Out",
    "Email Addresses",
    "Make Primary",
    "Re-send Verification",
    "Add Email",
    "Change Password",
    "Set Password",
    "Current Password",
    "New Password",
    "Password (again)",
    "Confirm Access",
    "Please reauthenticate",
    "Two-Factor Authentication",
    "Authenticator App",
    "Activate Authenticator App",
    "Deactivate",
    "Recovery Codes",
    "Generate",
    "Messages:",
    "Menu:",
    "Code:",
    "Account Inactive",
]


def _member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _staff(client):
    """A moderator with an authenticator app who passed two-factor sign-in."""
    staff = ModeratorFactory(totp=True)
    sign_in_with_mfa(client, staff)
    return staff


def _staff_confirmed_again(client):
    staff = _staff(client)
    mark_recently_reauthenticated(client, staff)
    return staff


def _email(client):
    _member(client)
    return client.get(reverse("account_email"))


def _password_change(client):
    _member(client)
    return client.get(reverse("account_change_password"))


def _password_set(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    return client.get(reverse("account_set_password"))


def _reauthenticate(client):
    _member(client)
    return client.get(reverse("account_reauthenticate"))


def _logout(client):
    _member(client)
    return client.get(reverse("account_logout"))


def _password_reset(client):
    return client.get(reverse("account_reset_password"))


def _password_reset_done(client):
    return client.get(reverse("account_reset_password_done"))


def _password_reset_from_key(client):
    user = UserFactory()
    key = default_token_generator.make_token(user)
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
    )
    return client.get(url, follow=True)


def _password_reset_from_key_done(client):
    return client.get(reverse("account_reset_password_from_key_done"))


def _email_confirm(client):
    user = UserFactory()
    address = EmailAddress.objects.filter(user=user).first() or EmailAddress.objects.create(
        user=user, email=user.email, primary=True, verified=False
    )
    EmailAddress.objects.filter(pk=address.pk).update(verified=False)
    address.refresh_from_db()
    return client.get(reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key]))


def _inactive(client):
    return client.get(reverse("account_inactive"))


def _mfa_index(client):
    RecoveryCodes.activate(_staff(client))
    return client.get(reverse("mfa_index"))


def _mfa_activate_totp(client):
    user = _member(client)
    mark_recently_reauthenticated(client, user)
    return client.get(reverse("mfa_activate_totp"))


def _mfa_recovery_codes(client):
    RecoveryCodes.activate(_staff_confirmed_again(client))
    return client.get(reverse("mfa_view_recovery_codes"))


def _mfa_generate_recovery_codes(client):
    RecoveryCodes.activate(_staff_confirmed_again(client))
    return client.get(reverse("mfa_generate_recovery_codes"))


def _mfa_deactivate_totp(client):
    _staff_confirmed_again(client)
    return client.get(reverse("mfa_deactivate_totp"))


def _mfa_authenticate(client):
    staff = ModeratorFactory(totp=True)
    signed = client.post(
        reverse("account_login"), {"login": staff.email, "password": DEFAULT_PASSWORD}
    )
    assert signed["Location"] == reverse("mfa_authenticate")
    return client.get(reverse("mfa_authenticate"))


def _mfa_reauthenticate(client):
    _staff(client)
    return client.get(reverse("mfa_reauthenticate"))


#: page: (how to reach it, its heading in English).
PAGES = {
    "email": (_email, "Your email addresses"),
    "password change": (_password_change, "Change your password"),
    "password set": (_password_set, "Choose a password"),
    "confirm it is you": (_reauthenticate, "Confirm it is you"),
    "sign out": (_logout, "Sign out"),
    "password reset": (_password_reset, "Reset your password"),
    "password reset sent": (_password_reset_done, "Check your email"),
    "password reset new password": (_password_reset_from_key, "Choose a new password"),
    "password reset done": (_password_reset_from_key_done, "Your password is changed"),
    "email confirmation": (_email_confirm, "Confirm your email address"),
    "account not active": (_inactive, "This account is not active"),
    "two-factor": (_mfa_index, "Two-factor sign-in"),
    "two-factor set-up": (_mfa_activate_totp, "Set up an authenticator app"),
    "recovery codes": (_mfa_recovery_codes, "Recovery codes"),
    "new recovery codes": (_mfa_generate_recovery_codes, "Make new recovery codes?"),
    "two-factor off": (_mfa_deactivate_totp, "Turn off two-factor sign-in?"),
    "two-factor sign-in": (_mfa_authenticate, "Enter your sign-in code"),
    "two-factor confirm it is you": (_mfa_reauthenticate, "Confirm it is you"),
}


def _heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no h1"
    return " ".join(match.group(1).split())


@pytest.mark.parametrize("page", PAGES)
def test_each_allauth_page_is_in_the_sites_layout_and_words(client, page):
    visit, heading = PAGES[page]

    response = visit(client)

    html = response.content.decode()
    assert response.status_code == 200, response.status_code
    assert '<a class="skip-link" href="#main">Skip to main content</a>' in html
    assert "data-quick-exit" in html and "Quick exit" in html
    assert 'class="site-header"' in html and '<main id="main"' in html
    assert _heading(html) == heading
    for words in ALLAUTH_WORDING:
        assert words not in html, words


@pytest.mark.parametrize("language", ["es", "ru"])
@pytest.mark.parametrize("page", PAGES)
def test_each_allauth_page_reads_in_spanish_and_russian(client, page, language):
    visit, english = PAGES[page]
    client.cookies["django_language"] = language
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language

    html = visit(client).content.decode()

    assert f'<html lang="{language}">' in html
    heading = _heading(html)
    assert heading and heading != english
    assert "Quick exit" not in html


def test_a_wrong_current_password_is_said_next_to_the_field_with_the_sites_label(client):
    _member(client)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "not it", "password1": "x", "password2": "y"},
    )

    html = response.content.decode()
    assert re.search(
        r'<label for="id_oldpassword">Current password</label><ul class="errorlist"', html
    )
    assert re.search(r'<label for="id_password1">New password</label><ul class="errorlist"', html)
    assert '<label for="id_password2">New password again</label>' in html


def test_a_wrong_sign_in_code_is_said_in_the_sites_words(client):
    staff = ModeratorFactory(totp=True)
    client.post(reverse("account_login"), {"login": staff.email, "password": DEFAULT_PASSWORD})

    html = client.post(reverse("mfa_authenticate"), {"code": "000000x"}).content.decode()

    assert '<label for="id_code">Code from your authenticator app</label>' in html
    assert 'class="errorlist' in html


def test_the_two_factor_page_offers_set_up_to_someone_without_an_app(client):
    _member(client)

    html = client.get(reverse("mfa_index")).content.decode()

    assert "Two-factor sign-in is off." in html
    assert f'href="{reverse("mfa_activate_totp")}">Set up an authenticator app</a>' in html


def test_setting_up_the_app_shows_the_qr_code_and_the_key_with_labels(client):
    user = _member(client)
    mark_recently_reauthenticated(client, user)

    html = client.get(reverse("mfa_activate_totp")).content.decode()

    assert 'alt="A QR code for your authenticator app"' in html
    assert '<label for="authenticator_secret">Or type this key into the app</label>' in html
    assert '<label for="id_code">Code from your authenticator app</label>' in html
    assert not Authenticator.objects.filter(user=user).exists()


def test_a_page_that_asks_to_confirm_it_is_you_offers_the_app_code_in_the_sites_words(client):
    _staff(client)  # signed in, but has not confirmed it again: allauth asks first

    response = client.get(reverse("mfa_deactivate_totp"), follow=True)

    html = response.content.decode()
    assert _heading(html) == "Confirm it is you"
    assert "Use a code from your authenticator app" in html


def test_the_settings_page_leads_to_the_email_password_and_two_factor_pages(client):
    _member(client)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert "<h2>Signing in</h2>" in html
    for name, label in (
        ("account_email", "Your email addresses"),
        ("account_change_password", "Change your password"),
        ("mfa_index", "Two-factor sign-in"),
    ):
        assert f'<a href="{reverse(name)}">{label}</a>' in html
