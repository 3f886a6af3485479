"""Joining, requests, the waitlist and seat offers, invitations, rules, leaving, removal."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from groups.models import GroupInvite, Membership, SupportGroup
from groups.services import membership_join, membership_leave
from moderation.models import AuditEntry
from notifications.models import Notification
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    SupportGroupFactory,
    UserFactory,
    sign_in_with_mfa,
)

pytestmark = pytest.mark.django_db


def join(client, group, **data):
    return client.post(reverse("groups:join", args=[group.slug]), {"accept_rules": "on", **data})


def test_request_to_join_carries_the_optional_message_to_the_console(client):
    group = SupportGroupFactory(join_policy=SupportGroup.JoinPolicy.REQUEST)
    facilitator = FacilitatorMembershipFactory(group=group).user
    person = UserFactory()
    client.force_login(person)

    join(client, group, message="I found the guides helpful.")

    membership = Membership.objects.get(user=person, group=group)
    assert membership.state == Membership.State.REQUESTED
    client.force_login(facilitator)
    console = client.get(reverse("groups:manage_requests", args=[group.slug])).content.decode()
    assert "I found the guides helpful." in console and person.username in console


def test_facilitator_approves_a_request_and_the_person_is_told(client):
    group = SupportGroupFactory(join_policy=SupportGroup.JoinPolicy.REQUEST)
    facilitator = FacilitatorMembershipFactory(group=group).user
    request = MembershipFactory(group=group, state=Membership.State.REQUESTED)
    client.force_login(facilitator)

    client.post(
        reverse("groups:request_decision", args=[group.slug, request.pk]), {"decision": "approve"}
    )

    request.refresh_from_db()
    assert request.state == Membership.State.ACTIVE
    assert Notification.objects.filter(
        recipient=request.user, kind=Notification.Kind.JOIN_DECISION
    ).exists()
    assert AuditEntry.objects.filter(action="membership.approve", actor=facilitator).exists()


def test_facilitator_declines_a_request_kindly(client):
    group = SupportGroupFactory(join_policy=SupportGroup.JoinPolicy.REQUEST)
    facilitator = FacilitatorMembershipFactory(group=group).user
    request = MembershipFactory(group=group, state=Membership.State.REQUESTED)
    client.force_login(facilitator)

    client.post(
        reverse("groups:request_decision", args=[group.slug, request.pk]), {"decision": "decline"}
    )

    request.refresh_from_db()
    note = Notification.objects.get(recipient=request.user)
    assert request.state == Membership.State.DECLINED
    assert "not accepted this time" in note.text and "directory" in note.text


def test_ordinary_member_cannot_approve_requests(client, group, member):
    request = MembershipFactory(group=group, state=Membership.State.REQUESTED)
    client.force_login(member)

    response = client.post(
        reverse("groups:request_decision", args=[group.slug, request.pk]), {"decision": "approve"}
    )

    request.refresh_from_db()
    assert response.status_code == 403
    assert request.state == Membership.State.REQUESTED


def test_joining_a_full_open_group_puts_the_person_on_the_waitlist(client):
    group = SupportGroupFactory(capacity=2)
    MembershipFactory.create_batch(2, group=group)
    person = UserFactory()
    client.force_login(person)

    join(client, group)

    assert Membership.objects.get(user=person, group=group).state == Membership.State.WAITLISTED


def test_capacity_defaults_to_twelve_active_members():
    assert SupportGroup._meta.get_field("capacity").default == 12


def test_when_a_member_leaves_the_first_on_the_waitlist_is_offered_the_seat(db):
    group = SupportGroupFactory(capacity=1)
    leaver = MembershipFactory(group=group).user
    first = MembershipFactory(
        group=group, state=Membership.State.WAITLISTED, waitlisted_at=timezone.now()
    )
    second = MembershipFactory(
        group=group,
        state=Membership.State.WAITLISTED,
        waitlisted_at=timezone.now() + timedelta(minutes=1),
    )

    membership_leave(user=leaver, group=group)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == Membership.State.OFFERED and first.offer_expires_at is not None
    assert second.state == Membership.State.WAITLISTED
    notes = Notification.objects.filter(recipient=first.user)
    assert any("A seat is free" in note.text for note in notes)


def test_offered_seat_is_held_and_not_taken_by_a_newcomer(db):
    group = SupportGroupFactory(capacity=1)
    MembershipFactory(
        group=group,
        state=Membership.State.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=1),
    )

    newcomer = membership_join(user=UserFactory(), group=group, accepted_rules=True)

    assert newcomer.state == Membership.State.WAITLISTED


def test_person_offered_a_seat_takes_it_from_the_group_page(client):
    group = SupportGroupFactory(capacity=1)
    offered = MembershipFactory(
        group=group,
        state=Membership.State.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=1),
    )
    client.force_login(offered.user)

    page = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    client.post(reverse("groups:accept_offer", args=[group.slug]))

    offered.refresh_from_db()
    assert "Take my seat" in page
    assert offered.state == Membership.State.ACTIVE


def test_expired_offer_cannot_be_taken_and_passes_to_the_next_person(client):
    group = SupportGroupFactory(capacity=1)
    late = MembershipFactory(
        group=group,
        state=Membership.State.OFFERED,
        offer_expires_at=timezone.now() - timedelta(minutes=1),
    )
    nxt = MembershipFactory(
        group=group, state=Membership.State.WAITLISTED, waitlisted_at=timezone.now()
    )
    client.force_login(late.user)

    response = client.post(reverse("groups:accept_offer", args=[group.slug]), follow=True)

    late.refresh_from_db()
    nxt.refresh_from_db()
    assert "offer has passed on" in response.content.decode()
    assert late.state == Membership.State.WAITLISTED
    assert nxt.state == Membership.State.OFFERED


def test_expire_seat_offers_command_passes_expired_offers_on(db):
    group = SupportGroupFactory(capacity=1)
    late = MembershipFactory(
        group=group,
        state=Membership.State.OFFERED,
        offer_expires_at=timezone.now() - timedelta(hours=1),
    )
    nxt = MembershipFactory(
        group=group, state=Membership.State.WAITLISTED, waitlisted_at=timezone.now()
    )

    call_command("expire_seat_offers", stdout=open("/dev/null", "w"))  # noqa: SIM115

    late.refresh_from_db()
    nxt.refresh_from_db()
    assert (late.state, nxt.state) == (Membership.State.WAITLISTED, Membership.State.OFFERED)


def test_invite_link_lets_a_person_join_an_invite_only_group(client):
    group = SupportGroupFactory(join_policy=SupportGroup.JoinPolicy.INVITE)
    facilitator = FacilitatorMembershipFactory(group=group).user
    client.force_login(facilitator)
    client.post(reverse("groups:invite_new", args=[group.slug]), {"days": 7, "max_uses": 1})
    invite = GroupInvite.objects.get(group=group)
    person = UserFactory()
    client.force_login(person)

    page = client.get(invite.get_absolute_url())
    client.post(invite.get_absolute_url(), {"accept_rules": "on"})

    assert page.status_code == 200 and group.ground_rules in page.content.decode()
    assert Membership.objects.get(user=person, group=group).state == Membership.State.ACTIVE


def test_invite_only_group_refuses_a_join_without_an_invitation(client):
    group = SupportGroupFactory(join_policy=SupportGroup.JoinPolicy.INVITE)
    person = UserFactory()
    client.force_login(person)

    response = join(client, group)

    assert response.status_code == 302
    assert not Membership.objects.filter(user=person, group=group).exists()


def test_expired_invite_link_is_refused_with_a_clear_message(client):
    group = SupportGroupFactory(join_policy=SupportGroup.JoinPolicy.INVITE)
    invite = GroupInvite.objects.create(
        group=group, expires_at=timezone.now() - timedelta(seconds=1)
    )
    person = UserFactory()
    client.force_login(person)

    response = client.post(invite.get_absolute_url(), {"accept_rules": "on"})

    assert "expired" in response.content.decode()
    assert not Membership.objects.filter(user=person, group=group).exists()


def test_used_up_invite_link_admits_nobody_else(client):
    group = SupportGroupFactory(join_policy=SupportGroup.JoinPolicy.INVITE)
    invite = GroupInvite.objects.create(
        group=group, expires_at=timezone.now() + timedelta(days=1), max_uses=1
    )
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    client.post(invite.get_absolute_url(), {"accept_rules": "on"})
    client.force_login(second)

    client.post(invite.get_absolute_url(), {"accept_rules": "on"})

    assert Membership.objects.filter(user=first, group=group).exists()
    assert not Membership.objects.filter(user=second, group=group).exists()


def test_revoked_invite_link_no_longer_works(client):
    group = SupportGroupFactory(join_policy=SupportGroup.JoinPolicy.INVITE)
    facilitator = FacilitatorMembershipFactory(group=group).user
    invite = GroupInvite.objects.create(group=group, expires_at=timezone.now() + timedelta(days=1))
    client.force_login(facilitator)
    client.post(reverse("groups:invite_revoke", args=[group.slug, invite.pk]))
    person = UserFactory()
    client.force_login(person)

    client.post(invite.get_absolute_url(), {"accept_rules": "on"})

    assert not Membership.objects.filter(user=person, group=group).exists()


def test_invite_with_a_wrong_token_is_404(client, group):
    assert client.get(f"/groups/{group.slug}/invite/not-a-token/").status_code == 404


def test_changed_rules_must_be_accepted_before_posting_again(client, group, member, facilitator):
    import uuid

    client.force_login(facilitator)
    client.post(
        reverse("groups:settings", args=[group.slug]),
        settings_data(group, ground_rules="Be kind. New: no advice unless asked."),
    )
    group.refresh_from_db()
    client.force_login(member)

    forum = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    refused = client.post(
        reverse("groups:thread_new", args=[group.slug]),
        {"title": "Hi", "body": "Hello", "submission_id": uuid.uuid4()},
    )

    assert group.rules_version == 2
    assert "ground rules have changed" in forum
    assert refused.status_code == 403
    assert "accept the group" in refused.content.decode()


def test_accepting_the_new_rules_lets_the_member_post_again(client, group, member, facilitator):
    import uuid

    client.force_login(facilitator)
    client.post(
        reverse("groups:settings", args=[group.slug]),
        settings_data(group, ground_rules="Updated rules."),
    )
    client.force_login(member)

    page = client.get(reverse("groups:rules", args=[group.slug])).content.decode()
    client.post(reverse("groups:rules", args=[group.slug]), {"accept_rules": "on"})
    response = client.post(
        reverse("groups:thread_new", args=[group.slug]),
        {"title": "Hi", "body": "Hello", "submission_id": uuid.uuid4()},
    )

    assert "Updated rules." in page
    assert response.status_code == 302
    assert Membership.objects.get(user=member, group=group).rules_version_accepted == 2


def test_rules_update_is_audited(client, group, facilitator):
    client.force_login(facilitator)

    client.post(
        reverse("groups:settings", args=[group.slug]), settings_data(group, ground_rules="New.")
    )

    assert AuditEntry.objects.filter(action="group.rules_update", group=group).exists()


def settings_data(group, **changes):
    data = {
        "name": group.name,
        "description": group.description,
        "topics": "",
        "language": group.language,
        "listed": "on",
        "join_policy": group.join_policy,
        "capacity": group.capacity,
        "schedule_summary": group.schedule_summary,
        "ground_rules": group.ground_rules,
        "premoderated_post_count": group.premoderated_post_count,
    }
    data.update(changes)
    return data


def test_facilitator_edits_the_group_settings(client, group, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("groups:settings", args=[group.slug]),
        settings_data(group, schedule_summary="Tuesdays 19:00 UTC", capacity=8),
    )

    group.refresh_from_db()
    assert response.status_code == 302
    assert (group.schedule_summary, group.capacity) == ("Tuesdays 19:00 UTC", 8)


def test_settings_with_bad_capacity_show_an_error(client, group, facilitator):
    client.force_login(facilitator)

    response = client.post(
        reverse("groups:settings", args=[group.slug]), settings_data(group, capacity=500)
    )

    group.refresh_from_db()
    assert response.status_code == 400
    assert "between 2 and 100 seats" in response.content.decode()
    assert group.capacity == 12


def test_raising_capacity_offers_seats_to_the_waitlist(client, facilitator, group):
    group.capacity = 2
    group.save()
    MembershipFactory(group=group)
    waiting = MembershipFactory(
        group=group, state=Membership.State.WAITLISTED, waitlisted_at=timezone.now()
    )
    client.force_login(facilitator)

    client.post(reverse("groups:settings", args=[group.slug]), settings_data(group, capacity=3))

    waiting.refresh_from_db()
    assert waiting.state == Membership.State.OFFERED


def test_facilitator_removes_a_member_and_the_audit_log_keeps_the_reason(
    client, group, member, facilitator
):
    target = Membership.objects.get(user=member, group=group)
    client.force_login(facilitator)

    client.post(
        reverse("groups:member_remove", args=[group.slug, target.pk]), {"reason": "repeated harm"}
    )

    target.refresh_from_db()
    entry = AuditEntry.objects.get(action="member.remove")
    assert target.state == Membership.State.REMOVED
    assert entry.reason == "repeated harm" and entry.actor == facilitator


def test_removed_member_cannot_rejoin(client, group, member):
    Membership.objects.filter(user=member, group=group).update(state=Membership.State.REMOVED)
    client.force_login(member)

    join(client, group)

    assert Membership.objects.get(user=member, group=group).state == Membership.State.REMOVED


def test_member_who_left_can_join_again(client, group, member):
    client.force_login(member)
    client.post(reverse("groups:leave", args=[group.slug]))

    join(client, group)

    assert Membership.objects.get(user=member, group=group).state == Membership.State.ACTIVE


def test_moderator_opens_a_group_and_names_its_facilitators(client, moderator):
    facilitator = UserFactory(username="calm_river")
    sign_in_with_mfa(client, moderator)

    response = client.post(
        reverse("groups:create"),
        {
            "name": "Evening circle",
            "slug": "evening-circle",
            "description": "For evenings.",
            "topics": "rebuilding trust, betrayal",
            "language": "en",
            "listed": "on",
            "join_policy": "request",
            "capacity": 12,
            "schedule_summary": "",
            "ground_rules": "Be gentle.",
            "premoderated_post_count": 2,
            "facilitators": "calm_river",
        },
    )

    group = SupportGroup.objects.get(slug="evening-circle")
    assert response.status_code == 302
    assert sorted(group.topics.names()) == ["betrayal", "rebuilding trust"]
    assert Membership.objects.facilitators().filter(group=group, user=facilitator).exists()
    assert AuditEntry.objects.filter(action="group.create", actor=moderator).exists()


def test_group_form_names_an_unknown_facilitator_as_an_error(client, moderator):
    sign_in_with_mfa(client, moderator)

    response = client.post(
        reverse("groups:create"),
        {
            "name": "X",
            "slug": "x-group",
            "description": "d",
            "language": "en",
            "join_policy": "open",
            "capacity": 12,
            "ground_rules": "r",
            "premoderated_post_count": 0,
            "facilitators": "nobody_here",
        },
    )

    assert response.status_code == 200
    assert "No member is called: nobody_here" in response.content.decode()
    assert not SupportGroup.objects.filter(slug="x-group").exists()


def test_only_moderators_can_open_groups(client, member, facilitator):
    for person in (member, facilitator):
        client.force_login(person)
        assert client.get(reverse("groups:create")).status_code == 404


def test_directory_shows_seats_left_and_filters_by_topic_and_language(client):
    trust = SupportGroupFactory(name="Trust circle", capacity=5)
    trust.topics.add("rebuilding trust")
    other = SupportGroupFactory(name="Spanish circle", language="es")
    other.topics.add("betrayal")
    MembershipFactory.create_batch(2, group=trust)

    everything = client.get(reverse("groups:directory")).content.decode()
    by_topic = client.get(reverse("groups:directory"), {"topic": "rebuilding-trust"})
    by_language = client.get(reverse("groups:directory"), {"language": "es"})

    assert "3 seats left" in everything
    assert "Trust circle" in by_topic.content.decode()
    assert "Spanish circle" not in by_topic.content.decode()
    assert "Spanish circle" in by_language.content.decode()
    assert "Trust circle" not in by_language.content.decode()


def test_unlisted_group_is_not_in_the_directory(client):
    SupportGroupFactory(name="Quiet circle", listed=False)

    assert "Quiet circle" not in client.get(reverse("groups:directory")).content.decode()


def test_about_page_shows_rules_and_schedule_but_no_member_names(client, group, member):
    group.schedule_summary = "Thursdays 18:00 UTC"
    group.save()

    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()

    assert group.ground_rules in html and "Thursdays 18:00 UTC" in html
    assert member.username not in html
