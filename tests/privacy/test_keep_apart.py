"""Keep apart: two accounts are never given seats in the same group, and nobody is told why."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.accounts.models import KeepApart
from community.accounts.services import keep_apart_add
from groups.models import Membership, SupportGroup
from groups.services import membership_approve, membership_join, membership_leave
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

NEUTRAL = "A seat in this group is not available to you at the moment."


def test_keep_apart_list_adds_by_pseudonym_and_is_private(member_client, member):
    other = UserFactory(username="old_friend")

    response = member_client.post(reverse("accounts:keep_apart"), {"pseudonym": "old_friend"})

    assert response.status_code == 302
    assert KeepApart.objects.filter(user=member, other=other).exists()
    member_client.force_login(other)
    assert member.username not in member_client.get(reverse("accounts:keep_apart")).content.decode()


def test_joining_a_group_where_the_kept_apart_person_sits_is_refused_neutrally(client, group):
    seated = MembershipFactory(group=group).user
    newcomer = UserFactory()
    keep_apart_add(user=newcomer, pseudonym=seated.username)
    client.force_login(newcomer)

    response = client.post(
        reverse("groups:join", args=[group.slug]), {"accept_rules": "on"}, follow=True
    )

    html = response.content.decode()
    assert NEUTRAL in html
    assert seated.username not in html
    assert not Membership.objects.filter(user=newcomer, group=group).exists()


def test_keep_apart_works_in_both_directions(group):
    seated = MembershipFactory(group=group).user
    newcomer = UserFactory()
    keep_apart_add(user=seated, pseudonym=newcomer.username)

    with pytest.raises(PermissionDenied) as error:
        membership_join(user=newcomer, group=group, accepted_rules=True)

    assert str(error.value) == str(error.value).replace(seated.username, "")
    assert NEUTRAL in str(error.value)


def test_other_groups_stay_open_to_a_kept_apart_member(group):
    seated = MembershipFactory(group=group).user
    newcomer = UserFactory()
    keep_apart_add(user=newcomer, pseudonym=seated.username)
    elsewhere = SupportGroup.objects.create(
        name="Elsewhere", slug="elsewhere", description="d", ground_rules="r", join_policy="open"
    )

    membership = membership_join(user=newcomer, group=elsewhere, accepted_rules=True)

    assert membership.state == Membership.State.ACTIVE


def test_facilitator_cannot_approve_a_request_that_would_seat_two_kept_apart(group, facilitator):
    group.join_policy = SupportGroup.JoinPolicy.REQUEST
    group.save()
    seated = MembershipFactory(group=group).user
    requester = UserFactory()
    request = MembershipFactory(group=group, user=requester, state=Membership.State.REQUESTED)
    keep_apart_add(user=seated, pseudonym=requester.username)

    with pytest.raises(PermissionDenied) as error:
        membership_approve(actor=facilitator, membership=request)

    request.refresh_from_db()
    assert request.state == Membership.State.REQUESTED
    assert seated.username not in str(error.value)


def test_a_freed_seat_skips_a_waitlisted_person_kept_apart_from_someone_seated(group):
    group.capacity = 2
    group.save()
    seated = MembershipFactory(group=group).user
    leaving = MembershipFactory(group=group).user
    kept_apart = MembershipFactory(group=group, state=Membership.State.WAITLISTED)
    next_in_line = MembershipFactory(group=group, state=Membership.State.WAITLISTED)
    keep_apart_add(user=seated, pseudonym=kept_apart.user.username)

    membership_leave(user=leaving, group=group)

    kept_apart.refresh_from_db()
    next_in_line.refresh_from_db()
    assert kept_apart.state == Membership.State.WAITLISTED
    assert next_in_line.state == Membership.State.OFFERED


def test_keep_apart_refuses_your_own_pseudonym(member_client, member):
    response = member_client.post(reverse("accounts:keep_apart"), {"pseudonym": member.username})

    assert response.status_code == 400
    assert not KeepApart.objects.exists()


def test_removing_an_entry_lets_the_two_share_a_group_again(member_client, member, group):
    other = UserFactory()
    keep_apart_add(user=other, pseudonym=member.username)
    client_other = member_client
    client_other.force_login(other)
    client_other.post(reverse("accounts:keep_apart_remove"), {"pseudonym": member.username})

    membership = membership_join(user=other, group=group, accepted_rules=True)

    assert membership.state == Membership.State.ACTIVE


def test_two_kept_apart_people_in_a_group_they_already_share_do_not_see_each_other_listed(
    client, group, member, facilitator
):
    ex_partner = MembershipFactory(group=group, user=UserFactory(username="ex_partner")).user
    bystander = MembershipFactory(group=group, user=UserFactory(username="bystander")).user
    keep_apart_add(user=member, pseudonym="ex_partner")
    members_url = reverse("groups:members", args=[group.slug])

    client.force_login(member)
    seen_by_member = client.get(members_url).content.decode()
    client.force_login(ex_partner)
    seen_by_ex_partner = client.get(members_url).content.decode()
    client.force_login(facilitator)
    seen_by_facilitator = client.get(members_url).content.decode()

    assert "ex_partner" not in seen_by_member and "bystander" in seen_by_member
    assert member.username not in seen_by_ex_partner and "bystander" in seen_by_ex_partner
    assert "ex_partner" in seen_by_facilitator and member.username in seen_by_facilitator
    assert bystander.username in seen_by_facilitator
