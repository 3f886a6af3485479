"""The demo moderator gets a TOTP authenticator, printed so a person can add it to an app."""

import io

import pytest
from allauth.mfa.models import Authenticator

from community.demo import DemoUsers
from moderation import demo

pytestmark = pytest.mark.django_db


def test_demo_gives_the_moderator_a_totp_authenticator_and_prints_the_secret(moderator):
    out = io.StringIO()

    demo.seed(users=DemoUsers(moderator=moderator, facilitator=None), stdout=out)
    demo.seed(users=DemoUsers(moderator=moderator, facilitator=None), stdout=io.StringIO())

    assert Authenticator.objects.filter(user=moderator, type="totp").count() == 1
    assert demo.DEMO_TOTP_SECRET in out.getvalue()
    assert "otpauth://totp/" in out.getvalue()
