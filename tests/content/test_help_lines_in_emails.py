"""Every email to a member ends with a number to call or text now, for the member's country,
chosen by the one country resolver: saved country, else the country of their language, else
the site default. Staff safety alerts stay bare."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from groups.models import SupportGroup
from groups.services import membership_approve, membership_join
from moderation.safety import crisis_check_and_alert
from tests.factories import FacilitatorMembershipFactory, ModeratorFactory, UserFactory
from tests.foundation.test_signup import signup

pytestmark = pytest.mark.django_db(transaction=True)


def _join_decision_email_to(member, group) -> str:
    """Ask to join a request-only group and be let in: the member gets one email."""
    group.join_policy = SupportGroup.JoinPolicy.REQUEST
    group.save()
    facilitator = FacilitatorMembershipFactory(group=group).user
    membership = membership_join(user=member, group=group, accepted_rules=True, message="")
    mail.outbox.clear()
    membership_approve(actor=facilitator, membership=membership)
    (email,) = [m for m in mail.outbox if m.to == [member.email]]
    return email.body


@override_settings(CRISIS_DEFAULT_COUNTRY="US")
def test_a_member_with_a_saved_country_gets_that_countrys_first_line(group):
    body = _join_decision_email_to(UserFactory(country="MX", language="es"), group)

    assert "Si necesitas hablar con alguien ahora: Llamar al 800 911 2000" in body
    assert "/help/" in body
    assert "988" not in body


@override_settings(CRISIS_DEFAULT_COUNTRY="US")
def test_without_a_saved_country_the_members_language_decides(group):
    body = _join_decision_email_to(UserFactory(country="", language="ru"), group)

    assert "Если вам нужно поговорить с кем-то прямо сейчас" in body
    assert "8-800-2000-122" in body
    assert "988" not in body


@override_settings(CRISIS_DEFAULT_COUNTRY="ES")
def test_with_neither_the_site_default_country_is_used(group):
    body = _join_decision_email_to(UserFactory(country="", language=""), group)

    assert "If you need to talk to someone now: Call 024" in body


@override_settings(CRISIS_DEFAULT_COUNTRY="US")
def test_a_country_without_lines_points_to_the_international_list(group):
    body = _join_decision_email_to(UserFactory(country="AQ", language="en"), group)

    assert "helplines in many countries are listed at" in body
    assert "/help/" in body


@override_settings(CRISIS_DEFAULT_COUNTRY="US")
def test_sign_up_confirmation_and_password_reset_end_with_a_line(client):
    signup(client, email="quiet@example.org", username="quiet_reader")
    UserFactory(email="returning@example.org", country="ES", language="es")
    client.post(reverse("account_reset_password"), {"email": "returning@example.org"})

    confirmation, reset = mail.outbox
    assert "If you need to talk to someone now: Call 988" in confirmation.body
    assert "Si necesitas hablar con alguien ahora: Llamar al 024" in reset.body


def test_safety_alert_emails_to_staff_carry_no_help_lines(group):
    ModeratorFactory()
    author = UserFactory(country="US")
    mail.outbox.clear()

    crisis_check_and_alert(
        author=author, group=group, text="I am going to end my life tonight", source="post"
    )

    assert mail.outbox, "the moderators are emailed"
    assert all("talk to someone now" not in m.body for m in mail.outbox)
