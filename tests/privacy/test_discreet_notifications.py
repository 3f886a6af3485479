"""Discreet by default: generic email subjects, no member's words in any email, a neutral tab."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from groups.models import Membership, SupportGroup
from groups.services import membership_approve, membership_join
from moderation.safety import crisis_check_and_alert
from tests.factories import FacilitatorMembershipFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Words a subject line must never carry: they would tell a shared inbox what this site is.
REVEALING = re.compile(
    r"betray|infidel|affair|trauma|abuse|suicid|crisis|safety|support group|rebuilding|"
    r"healing|forum|chat|reply|mention|group",
    re.I,
)
SECRET = "MARKER-7Q4Z"  # stands for anything a member wrote


def all_subjects_are_generic() -> list[str]:
    return [m.subject for m in mail.outbox if REVEALING.search(m.subject)]


def no_email_carries(text: str) -> list[str]:
    return [m.subject for m in mail.outbox if text in m.subject or text in m.body]


def test_signup_confirmation_and_password_reset_emails_have_generic_subjects(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "quiet@example.org",
            "username": "quiet_reader",
            "password1": "a-long-enough-password-42",
            "password2": "a-long-enough-password-42",
        },
    )
    UserFactory(email="returning@example.org")
    client.post(reverse("account_reset_password"), {"email": "returning@example.org"})

    assert len(mail.outbox) == 2
    assert all_subjects_are_generic() == []


def test_notification_emails_have_one_generic_subject_and_no_notification_text(group):
    group.join_policy = SupportGroup.JoinPolicy.REQUEST
    group.save()
    facilitator = FacilitatorMembershipFactory(group=group).user
    requester = UserFactory()
    membership = membership_join(
        user=requester, group=group, accepted_rules=True, message=f"Please let me in {SECRET}"
    )

    membership_approve(actor=facilitator, membership=membership)

    assert [m.subject for m in mail.outbox] == ["You have a new notification"]
    assert group.name not in mail.outbox[0].body
    assert no_email_carries(SECRET) == []
    assert Membership.objects.get(pk=membership.pk).state == Membership.State.ACTIVE


def test_safety_alert_emails_never_quote_the_words_that_raised_them(group):
    FacilitatorMembershipFactory(group=group)
    ModeratorFactory()
    author = UserFactory()

    raised = crisis_check_and_alert(
        author=author, text=f"I want to die {SECRET}", group=group, source="post"
    )

    assert raised
    assert len(mail.outbox) == 2
    assert no_email_carries(SECRET) == []
    assert no_email_carries("want to die") == []
    assert all_subjects_are_generic() == []


def test_neutral_tab_title_hides_the_site_name_in_the_browser_tab(client):
    person = UserFactory(neutral_tab_title=True)
    client.force_login(person)

    html = client.get(reverse("accounts:profile")).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()

    assert title == "Notes"


def test_without_the_setting_the_tab_shows_the_page_and_site_name(client):
    client.force_login(UserFactory(neutral_tab_title=False))

    html = client.get(reverse("accounts:profile")).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()

    assert "Rebuilding Trust" in title


def test_members_can_turn_on_the_neutral_tab_title_from_settings(client):
    person = UserFactory()
    client.force_login(person)

    client.post(reverse("accounts:profile"), {"country": "", "neutral_tab_title": "on"})

    person.refresh_from_db()
    assert person.neutral_tab_title
