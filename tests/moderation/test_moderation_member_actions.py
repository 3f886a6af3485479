"""Queue decisions about members: each is audited and the member is told calmly why."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from groups.models import Membership
from moderation.models import AuditEntry, QueueItem
from moderation.services import (
    member_mute,
    member_remove,
    member_suspend,
    member_warn,
    queue_item_dismiss,
    queue_item_escalate,
    report_create,
)
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(group, member, second_member):
    report_create(reporter=second_member, target=member, reason="harassment", group=group)
    return QueueItem.objects.get()


def _moderation_notes(user):
    notes = Notification.objects.filter(recipient=user, kind=Notification.Kind.MODERATION)
    return [note.text for note in notes]


def test_dismissing_closes_the_item_audits_and_tells_nobody(facilitator, item, member):
    queue_item_dismiss(actor=facilitator, item=item, reason="not a rule breach")

    item.refresh_from_db()
    assert item.state == QueueItem.State.RESOLVED and item.resolution == "dismissed"
    entry = AuditEntry.objects.get(action="queue.dismiss")
    assert entry.actor == facilitator and entry.reason == "not a rule breach"
    assert entry.group_id == item.group_id
    assert _moderation_notes(member) == []


def test_warning_a_member_sends_a_calm_message_with_the_reason_and_audits(
    facilitator, item, member, group
):
    member_warn(
        actor=facilitator, member=member, group=group, reason="Please be gentle.", item=item
    )

    (text,) = _moderation_notes(member)
    assert "re-read the ground rules" in text and "Please be gentle." in text
    assert AuditEntry.objects.filter(action="member.warn", target_id=str(member.pk)).exists()
    item.refresh_from_db()
    assert item.resolution == "warned"


def test_muting_sets_muted_until_for_the_duration_and_audits(facilitator, member, group):
    before = timezone.now()

    membership = member_mute(actor=facilitator, member=member, group=group, minutes=60, reason="")

    assert membership.muted_until >= before + timezone.timedelta(minutes=59)
    assert membership.is_muted
    assert AuditEntry.objects.get(action="member.mute").target_label.endswith("for 60 min")
    assert "not post or chat" in _moderation_notes(member)[0]


@pytest.mark.parametrize("minutes", [0, -5, 60 * 24 * 31])
def test_mute_duration_out_of_range_is_refused(facilitator, member, group, minutes):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        member_mute(actor=facilitator, member=member, group=group, minutes=minutes)


def test_removing_a_member_sets_removed_audits_and_tells_them(facilitator, member, group):
    member_remove(actor=facilitator, member=member, group=group, reason="repeated harassment")

    membership = Membership.objects.get(user=member, group=group)
    assert membership.state == Membership.State.REMOVED
    assert AuditEntry.objects.filter(action="member.remove", group=group).exists()
    assert "no longer a member" in _moderation_notes(member)[0]


def test_removed_member_no_longer_sees_the_group(client, facilitator, member, group):
    member_remove(actor=facilitator, member=member, group=group)
    client.force_login(member)

    html = client.get(group.get_absolute_url()).content.decode()

    assert "The group's forum." not in html


def test_suspending_is_for_moderators_only(facilitator, member):
    with pytest.raises(PermissionDenied):
        member_suspend(actor=facilitator, member=member, days=7)


def test_moderator_suspends_an_account_site_wide_and_it_is_audited(moderator, member):
    member_suspend(actor=moderator, member=member, days=7, reason="threats")

    member.refresh_from_db()
    assert member.is_suspended
    entry = AuditEntry.objects.get(action="member.suspend")
    assert entry.actor == moderator and entry.group is None and entry.reason == "threats"
    assert "paused until" in _moderation_notes(member)[0]


def test_escalating_moves_the_item_up_and_tells_moderators(facilitator, moderator, item):
    queue_item_escalate(actor=facilitator, item=item, reason="needs a moderator")

    item.refresh_from_db()
    assert item.escalated_at is not None
    assert item.priority == QueueItem.Priority.ESCALATED
    assert AuditEntry.objects.filter(action="queue.escalate").exists()
    assert Notification.objects.filter(recipient=moderator, kind="moderation").exists()


def test_facilitator_cannot_act_in_a_group_they_do_not_facilitate(
    other_facilitator, member, group, item
):
    with pytest.raises(Http404):
        member_warn(actor=other_facilitator, member=member, group=group, reason="x")
    with pytest.raises(Http404):
        queue_item_dismiss(actor=other_facilitator, item=item)


def test_facilitator_cannot_remove_a_co_facilitator(group, facilitator):
    from tests.factories import FacilitatorMembershipFactory

    colleague = FacilitatorMembershipFactory(group=group).user

    with pytest.raises(PermissionDenied):
        member_remove(actor=facilitator, member=colleague, group=group)


def test_nobody_acts_on_themselves(moderator):
    with pytest.raises(PermissionDenied):
        member_suspend(actor=moderator, member=moderator, days=1)


def test_queue_action_form_runs_the_decision_and_returns(facilitator_client, item, group):
    response = facilitator_client.post(
        reverse("moderation:item_act", args=[item.pk]), {"action": "dismiss", "reason": "ok"}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.is_open


def test_mute_without_minutes_shows_a_clear_error_and_changes_nothing(
    facilitator_client, item, member, group
):
    response = facilitator_client.post(
        reverse("moderation:item_act", args=[item.pk]), {"action": "mute"}, follow=True
    )

    assert "how many minutes" in response.content.decode()
    assert Membership.objects.get(user=member, group=group).muted_until is None


def test_members_cannot_post_queue_decisions(client, second_member, item):
    client.force_login(second_member)
    response = client.post(reverse("moderation:item_act", args=[item.pk]), {"action": "dismiss"})

    assert response.status_code == 404
