"""Safety alerts: who sees them, acknowledging and resolving, escalation, worried reports."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from moderation.models import AuditEntry, SafetyAlert
from moderation.safety import (
    safety_alert_acknowledge,
    safety_alert_raise,
    safety_alert_resolve,
    safety_alerts_escalate,
    worried_report_create,
)
from notifications.models import Notification
from tests.factories import MembershipFactory, ModeratorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(group, member, facilitator, moderator):
    return safety_alert_raise(subject=member, group=group, source=SafetyAlert.Source.POST)


def test_facilitator_sees_their_groups_alert_with_the_checkin_template(
    facilitator_client, alert, member
):
    response = facilitator_client.get(reverse("moderation:safety"))
    html = response.content.decode()

    assert response.status_code == 200
    assert f'id="alert-{alert.pk}"' in html
    assert f"Hi {member.username}, I noticed your message" in html
    assert "data-copy-target" in html and "js/moderation.js" in html


def test_checkin_copy_script_uses_the_clipboard(client):
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/moderation.js")).read()

    assert "clipboard" in script and "data-copy-target" in script


def test_facilitator_of_another_group_does_not_see_the_alert(client, other_facilitator, alert):
    client.force_login(other_facilitator)

    html = client.get(reverse("moderation:safety")).content.decode()

    assert f'id="alert-{alert.pk}"' not in html


def test_members_get_404_on_the_safety_page(member_client):
    assert member_client.get(reverse("moderation:safety")).status_code == 404


def test_moderators_only_alerts_are_hidden_from_facilitators(
    facilitator, moderator_client, group, second_member
):
    from django.test import Client

    worried = safety_alert_raise(
        subject=second_member, group=group, source="worried_report", moderators_only=True
    )
    facilitator_client = Client()
    facilitator_client.force_login(facilitator)
    marker = f'id="alert-{worried.pk}"'

    assert marker not in facilitator_client.get("/moderation/safety/").content.decode()
    assert marker in moderator_client.get("/moderation/safety/").content.decode()


def test_acknowledge_then_resolve_are_audited_and_the_alert_leaves_the_list(
    facilitator_client, facilitator, alert
):
    facilitator_client.post(reverse("moderation:safety_act", args=[alert.pk, "acknowledge"]))
    alert.refresh_from_db()
    assert alert.state == SafetyAlert.State.ACKNOWLEDGED and alert.acknowledged_by == facilitator

    facilitator_client.post(
        reverse("moderation:safety_act", args=[alert.pk, "resolve"]), {"note": "talked, safe"}
    )
    alert.refresh_from_db()

    assert alert.state == SafetyAlert.State.RESOLVED
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "safety.acknowledge" in actions and "safety.resolve" in actions
    html = facilitator_client.get(reverse("moderation:safety")).content.decode()
    assert f'id="alert-{alert.pk}"' not in html


def test_unknown_safety_action_is_404(facilitator_client, alert):
    response = facilitator_client.post(reverse("moderation:safety_act", args=[alert.pk, "zap"]))

    assert response.status_code == 404


def test_acting_on_an_alert_you_cannot_see_is_404(other_facilitator, alert):
    with pytest.raises(Http404):
        safety_alert_acknowledge(actor=other_facilitator, alert=alert)


def test_escalation_command_sends_unacknowledged_alerts_to_every_moderator_by_email(
    alert, moderator, settings
):
    second_moderator = ModeratorFactory()
    settings.SAFETY_ESCALATION_SECONDS = 600
    SafetyAlert.objects.filter(pk=alert.pk).update(
        created_at=timezone.now() - timezone.timedelta(minutes=11)
    )
    mail.outbox.clear()

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())
        call_command("escalate_safety_alerts")

    alert.refresh_from_db()
    assert alert.escalated_at is not None
    for person in (moderator, second_moderator):
        notes = Notification.objects.filter(recipient=person, kind="safety_alert")
        assert any("not yet acknowledged" in note.text for note in notes)
    recipients = {address for message in mail.outbox for address in message.to}
    assert {moderator.email, second_moderator.email} <= recipients
    assert AuditEntry.objects.get(action="safety.escalate").actor_name == "system"


def test_escalation_is_idempotent(alert, moderator):
    SafetyAlert.objects.filter(pk=alert.pk).update(
        created_at=timezone.now() - timezone.timedelta(hours=1)
    )

    assert safety_alerts_escalate() == 1
    assert safety_alerts_escalate() == 0
    assert AuditEntry.objects.filter(action="safety.escalate").count() == 1


def test_recent_or_acknowledged_alerts_do_not_escalate(alert, facilitator):
    assert safety_alerts_escalate() == 0

    safety_alert_acknowledge(actor=facilitator, alert=alert)
    later = timezone.now() + timezone.timedelta(hours=1)

    assert safety_alerts_escalate(now=later) == 0


def test_resolve_without_acknowledge_records_both(facilitator, alert):
    safety_alert_resolve(actor=facilitator, alert=alert)

    alert.refresh_from_db()
    assert alert.acknowledged_by == facilitator and alert.resolved_by == facilitator


# ------------------------------------------------------------------ worried reports


def test_worried_report_goes_to_moderators_only_and_never_to_the_subject(
    group, member, second_member, facilitator, moderator
):
    alert = worried_report_create(reporter=second_member, subject=member, group=group)

    assert alert.moderators_only and alert.source == SafetyAlert.Source.WORRIED_REPORT
    assert Notification.objects.filter(recipient=moderator, kind="safety_alert").exists()
    assert not Notification.objects.filter(recipient=facilitator).exists()
    assert not Notification.objects.filter(recipient=member).exists()


def test_worried_page_posts_a_report_and_thanks_the_member(
    client, group, member, second_member, moderator
):
    client.force_login(second_member)
    url = reverse("moderation:worried", args=[member.username])
    assert "trained moderators" in client.get(url).content.decode()

    response = client.post(url, {"confirm": "on"}, follow=True)

    assert "Thank you for looking out for them" in response.content.decode()
    assert SafetyAlert.objects.filter(subject=member, moderators_only=True).count() == 1
    assert not Notification.objects.filter(recipient=member).exists()


def test_worried_report_about_someone_you_share_no_group_with_is_404(client, outsider, member):
    client.force_login(outsider)

    assert client.get(reverse("moderation:worried", args=[member.username])).status_code == 404
    assert client.get(reverse("moderation:worried", args=["nobody_here"])).status_code == 404


def test_worried_reports_are_rate_limited_per_subject_and_per_day(group, member, second_member):
    others = [MembershipFactory(group=group).user for _ in range(4)]
    worried_report_create(reporter=second_member, subject=member)
    with pytest.raises(ValidationError, match="already told us"):
        worried_report_create(reporter=second_member, subject=member)

    worried_report_create(reporter=second_member, subject=others[0])
    worried_report_create(reporter=second_member, subject=others[1])
    with pytest.raises(ValidationError, match="several worries"):
        worried_report_create(reporter=second_member, subject=others[2])
