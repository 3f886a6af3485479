"""Moderators reach moderation pages only after two-factor sign-in; others get 404."""

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, current_totp_code

pytestmark = pytest.mark.django_db

MODERATOR_PAGES = ["moderation:queue", "moderation:audit", "moderation:words", "moderation:safety"]


@pytest.mark.parametrize("page", MODERATOR_PAGES)
def test_members_get_404_on_moderation_pages(member_client, page):
    assert member_client.get(reverse(page)).status_code == 404


@pytest.mark.parametrize("page", ["moderation:queue", "moderation:audit", "moderation:words"])
def test_signed_out_visitors_get_404_on_moderator_pages(client, page):
    assert client.get(reverse(page)).status_code == 404


def test_moderator_without_authenticator_is_sent_to_set_up_totp_with_a_message(
    client, moderator_without_totp
):
    client.force_login(moderator_without_totp)

    response = client.get(reverse("moderation:queue"), follow=False)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert "next=%2Fmoderation%2F" in response["Location"]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("two-factor" in m for m in messages)


def test_moderator_with_totp_but_password_only_session_is_asked_for_a_code(client, moderator):
    client.force_login(moderator)

    response = client.get(reverse("moderation:audit"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_moderator_signing_in_through_allauth_with_a_totp_code_reaches_the_queue(client, moderator):
    login = client.post(
        reverse("account_login"), {"login": moderator.email, "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 302
    assert login["Location"] == reverse("mfa_authenticate")
    code = client.post(reverse("mfa_authenticate"), {"code": current_totp_code()})
    assert code.status_code == 302

    response = client.get(reverse("moderation:queue"))

    assert response.status_code == 200
    assert "Review queue" in response.content.decode()


def test_wrong_totp_code_does_not_sign_the_moderator_in(client, moderator):
    client.post(reverse("account_login"), {"login": moderator.email, "password": DEFAULT_PASSWORD})
    wrong = "000000" if current_totp_code() != "000000" else "111111"

    client.post(reverse("mfa_authenticate"), {"code": wrong})

    assert client.get(reverse("moderation:queue")).status_code == 404


def test_facilitator_reaches_their_group_queue_without_two_factor(facilitator_client, group):
    response = facilitator_client.get(reverse("moderation:group_queue", args=[group.slug]))

    assert response.status_code == 200


def test_moderator_mfa_gate_also_guards_the_group_queue(client, moderator_without_totp, group):
    client.force_login(moderator_without_totp)

    response = client.get(reverse("moderation:group_queue", args=[group.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
