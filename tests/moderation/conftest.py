"""Moderation fixtures: moderators who passed two-factor sign-in, and a second group."""

import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from tests.factories import (
    TEST_TOTP_SECRET,
    FacilitatorMembershipFactory,
    MembershipFactory,
    ModeratorFactory,
    SupportGroupFactory,
)


def give_totp(user) -> Authenticator:
    return TOTP.activate(user, TEST_TOTP_SECRET).instance


def current_totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def mark_session_mfa(client, user) -> None:
    """Record in the session what allauth records after a code is entered at sign-in."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": user.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def sign_in_with_mfa(client, user):
    give_totp(user) if not Authenticator.objects.filter(user=user).exists() else None
    client.force_login(user)
    mark_session_mfa(client, user)
    return client


@pytest.fixture
def moderator_without_totp(db):
    """Holds the moderator role but never set up an authenticator app."""
    return ModeratorFactory()


@pytest.fixture
def moderator_client(client, moderator):
    return sign_in_with_mfa(client, moderator)


@pytest.fixture
def facilitator_client(client, facilitator):
    client.force_login(facilitator)
    return client


@pytest.fixture
def other_group(db):
    return SupportGroupFactory()


@pytest.fixture
def other_facilitator(other_group):
    return FacilitatorMembershipFactory(group=other_group).user


@pytest.fixture
def second_member(group):
    return MembershipFactory(group=group).user
