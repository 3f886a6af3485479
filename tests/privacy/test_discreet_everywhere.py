"""No email and no live notification carries what a member wrote, across every flow that
notifies: forum replies and mentions, thread titles, reports, chat crisis alerts."""

import pytest
from django.core import mail

from chat.selectors import chat_access_for, main_room_for
from chat.services import message_post
from moderation.services import report_create
from notifications.models import EmailPreference, Notification
from notifications.services import GENERIC_EMAIL_SUBJECT, SAFETY_ALERT_EMAIL_SUBJECT
from tests.factories import FacilitatorMembershipFactory, MembershipFactory, ModeratorFactory
from tests.groups.forum_helpers import reply_to, start_thread

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "QX7-SECRET-WORDS"


def every_kind_by_email(*users) -> None:
    for user in users:
        for kind in Notification.Kind.values:
            EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": True})


def test_no_email_or_live_notification_carries_member_words_in_any_flow(group):
    author = MembershipFactory(group=group).user
    reader = MembershipFactory(group=group).user
    facilitator = FacilitatorMembershipFactory(group=group).user
    moderator = ModeratorFactory()
    every_kind_by_email(author, reader, facilitator, moderator)

    thread = start_thread(
        author=author, group=group, title=f"Title {SECRET}", body=f"Hello @{reader.username}"
    )
    reply_to(author=reader, thread=thread, body=f"A reply {SECRET}")
    reply_to(author=author, thread=thread, body=f"I want to die {SECRET} @{reader.username}")
    report_create(reporter=reader, target=author, reason="spam", note=f"note {SECRET}")
    message_post(
        author=author,
        access=chat_access_for(user=author, group=group),
        room=main_room_for(group),
        body=f"I want to die {SECRET}",
        client_id="c-1",
    )

    notifications = list(Notification.objects.all())
    kinds = {n.kind for n in notifications}
    assert {"mention", "reply", "moderation", "safety_alert"} <= kinds
    assert [n.text for n in notifications if SECRET in n.text or "want to die" in n.text] == []
    assert len(mail.outbox) >= len(notifications) - 1
    for message in mail.outbox:
        # Safety alerts to staff have their own subject, as discreet as the generic one.
        assert message.subject in {GENERIC_EMAIL_SUBJECT, SAFETY_ALERT_EMAIL_SUBJECT}
        assert SECRET not in message.body
        assert "want to die" not in message.body
