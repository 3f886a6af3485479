"""Keep apart: a member's own list only hides two people from each other; keeping two people
out of the same groups is a safety request moderators review and enforce quietly.

The comparison of everything a joiner can observe, with and without the named person in the
group, is in ``tests/security/test_keep_apart_oracle.py``.
"""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from community.accounts.models import KeepApart, SeparationRequest
from community.accounts.services import keep_apart_add
from groups.models import Membership, SupportGroup
from groups.services import membership_approve, membership_join, membership_leave
from moderation.models import AuditEntry, QueueItem
from moderation.separation import separation_enforce, separation_request_create
from tests.factories import MembershipFactory, ModeratorFactory, UserFactory, sign_in_with_mfa
from tests.security.observe import assert_same, normalise_html

pytestmark = pytest.mark.django_db


def _enforced(*, requester, other) -> SeparationRequest:
    return SeparationRequest.objects.create(
        requester=requester, other=other, state=SeparationRequest.State.ENFORCED
    )


# --- the member's own list: it hides, it never refuses ----------------------------------------


def test_keep_apart_list_adds_by_pseudonym_and_is_private(member_client, member):
    other = UserFactory(username="old_friend")

    response = member_client.post(reverse("accounts:keep_apart"), {"pseudonym": "old_friend"})

    assert response.status_code == 302
    assert KeepApart.objects.filter(user=member, other=other).exists()
    member_client.force_login(other)
    assert member.username not in member_client.get(reverse("accounts:keep_apart")).content.decode()


def _normalised(html: str) -> str:
    return re.sub(r"/request/\d+/", "/request/N/", normalise_html(html))


def test_adding_a_name_answers_the_same_whether_or_not_anyone_has_it(client):
    """The list must not tell whether a pseudonym exists (it used to say "could not find")."""
    UserFactory(username="real_person")
    seen = []
    for name in ("real_person", "nobody_here"):
        adder = UserFactory(username=f"adder_for_{len(seen)}")
        client.force_login(adder)
        response = client.post(reverse("accounts:keep_apart"), {"pseudonym": name})
        page = client.get(response["Location"]).content.decode()
        seen.append(
            (response.status_code, response["Location"], _normalised(page).replace(name, "NAME"))
        )
        seen[-1] = (*seen[-1][:2], seen[-1][2].replace(adder.username, "ADDER"))

    assert_same(seen[0], seen[1], what="the keep-apart page")
    assert seen[0][0] == 302


def test_a_self_service_entry_never_refuses_a_seat_in_either_direction(group):
    """One member can never shut another out of a group (the old list refused the seat)."""
    seated = MembershipFactory(group=group).user
    newcomer = UserFactory()
    keep_apart_add(user=newcomer, pseudonym=seated.username)
    other_newcomer = UserFactory()
    keep_apart_add(user=seated, pseudonym=other_newcomer.username)

    first = membership_join(user=newcomer, group=group, accepted_rules=True)
    second = membership_join(user=other_newcomer, group=group, accepted_rules=True)

    assert first.state == Membership.State.ACTIVE
    assert second.state == Membership.State.ACTIVE


def test_keep_apart_refuses_your_own_pseudonym(member_client, member):
    response = member_client.post(reverse("accounts:keep_apart"), {"pseudonym": member.username})

    assert response.status_code == 400
    assert not KeepApart.objects.exists()


def test_two_people_with_an_entry_between_them_do_not_see_each_other_listed(
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


def test_two_people_with_an_entry_between_them_do_not_see_each_others_threads_and_posts(
    client, group, member, facilitator
):
    from forum.services import post_create, thread_create

    other = MembershipFactory(group=group, user=UserFactory(username="other_one")).user
    thread = thread_create(
        author=other, group=group, title="A thread by the other one", body="Words of theirs."
    ).post.thread
    mine = thread_create(
        author=member, group=group, title="My own thread", body="My words."
    ).post.thread
    post_create(author=other, thread=mine, body="A reply only the other one wrote.")
    keep_apart_add(user=member, pseudonym="other_one")

    client.force_login(member)
    forum = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    my_thread = client.get(mine.get_absolute_url()).content.decode()
    their_thread = client.get(thread.get_absolute_url())
    client.force_login(facilitator)
    facilitator_view = client.get(mine.get_absolute_url()).content.decode()

    assert "A thread by the other one" not in forum and "My own thread" in forum
    assert "A reply only the other one wrote." not in my_thread
    assert their_thread.status_code == 404
    assert "A reply only the other one wrote." in facilitator_view


def test_an_entry_silences_reply_and_mention_notifications_both_ways(group, member):
    from forum.services import post_create, thread_create
    from notifications.models import Notification

    other = MembershipFactory(group=group).user
    thread = thread_create(author=member, group=group, title="Hello", body="Hi all.").post.thread
    keep_apart_add(user=other, pseudonym=member.username)

    post_create(author=other, thread=thread, body=f"@{member.username} hello")

    assert not Notification.objects.filter(recipient=member).exists()


# --- safety requests: asked by a member, decided by a moderator ------------------------------


def test_a_safety_request_opens_a_queue_item_and_an_audit_entry_and_names_nobody_there(
    member_client, member
):
    other = UserFactory(username="the_other")

    response = member_client.post(
        reverse("separation_request"), {"pseudonym": "the_other", "note": "please"}
    )

    assert response.status_code == 302
    request = SeparationRequest.objects.get(requester=member)
    assert request.other == other and request.state == SeparationRequest.State.PENDING
    item = QueueItem.objects.get(object_id=request.pk, source=QueueItem.Source.SAFETY_REQUEST)
    assert item.group is None and "the_other" not in item.target_label
    entry = AuditEntry.objects.get(action="separation.request")
    assert "the_other" not in entry.target_label


def test_a_safety_request_answers_the_same_for_a_name_nobody_has(client):
    UserFactory(username="someone_real")
    seen = []
    for index, name in enumerate(("someone_real", "nobody_at_all")):
        client.force_login(UserFactory(username=f"asker_{index}"))
        response = client.post(reverse("separation_request"), {"pseudonym": name})
        page = client.get(response["Location"]).content.decode()
        seen.append((response.status_code, _normalised(page).replace(name, "NAME")))
        seen[-1] = (seen[-1][0], seen[-1][1].replace(f"asker_{index}", "ASKER"))

    assert_same(seen[0], seen[1], what="the keep-apart page")


def test_moderators_see_the_request_in_the_queue_but_never_the_one_it_names(client):
    requester = UserFactory(username="asks_for_safety")
    named_moderator = ModeratorFactory(totp=True)
    reviewer = ModeratorFactory(totp=True)
    separation_request_create(requester=requester, pseudonym=named_moderator.username)

    sign_in_with_mfa(client, reviewer)
    seen_by_reviewer = client.get(reverse("moderation:queue")).content.decode()
    sign_in_with_mfa(client, named_moderator)
    seen_by_named = client.get(reverse("moderation:queue")).content.decode()
    request = SeparationRequest.objects.get()
    review_by_named = client.get(reverse("moderation:separation", args=[request.pk]))

    assert "asks_for_safety" in seen_by_reviewer
    assert "asks_for_safety" not in seen_by_named
    assert review_by_named.status_code == 404


def test_a_moderator_enforces_it_from_the_review_page_with_an_audit_entry(client):
    requester = UserFactory()
    other = UserFactory()
    moderator = ModeratorFactory(totp=True)
    request = separation_request_create(requester=requester, pseudonym=other.username)
    sign_in_with_mfa(client, moderator)

    response = client.post(
        reverse("moderation:separation", args=[request.pk]), {"action": "enforce"}
    )

    request.refresh_from_db()
    assert response.status_code == 302
    assert request.state == SeparationRequest.State.ENFORCED
    assert AuditEntry.objects.filter(action="separation.enforce", actor=moderator).exists()
    assert not QueueItem.objects.filter(state=QueueItem.State.OPEN).exists()


def test_under_an_enforced_separation_every_join_is_a_request_whoever_is_in_the_group(group):
    requester, other = UserFactory(), UserFactory()
    _enforced(requester=requester, other=other)
    MembershipFactory(group=group, user=other)
    empty = SupportGroup.objects.create(
        name="Elsewhere", slug="elsewhere", description="d", ground_rules="r", join_policy="open"
    )

    here = membership_join(user=requester, group=group, accepted_rules=True)
    elsewhere = membership_join(user=requester, group=empty, accepted_rules=True)

    assert here.state == elsewhere.state == Membership.State.REQUESTED


def test_a_request_that_would_seat_two_separated_people_together_cannot_be_approved(
    group, facilitator
):
    seated = MembershipFactory(group=group).user
    requester = UserFactory()
    request = MembershipFactory(group=group, user=requester, state=Membership.State.REQUESTED)
    _enforced(requester=seated, other=requester)

    with pytest.raises(PermissionDenied) as error:
        membership_approve(actor=facilitator, membership=request)

    request.refresh_from_db()
    assert request.state == Membership.State.REQUESTED
    assert seated.username not in str(error.value)


def test_a_request_by_a_separated_person_is_approved_where_the_other_is_not(group, facilitator):
    requester, other = UserFactory(), UserFactory()
    _enforced(requester=requester, other=other)
    request = membership_join(user=requester, group=group, accepted_rules=True)

    approved = membership_approve(actor=facilitator, membership=request)

    assert approved.state == Membership.State.ACTIVE


def test_a_freed_seat_skips_a_waitlisted_person_separated_from_someone_seated(group):
    group.capacity = 2
    group.save()
    seated = MembershipFactory(group=group).user
    leaving = MembershipFactory(group=group).user
    separated = MembershipFactory(group=group, state=Membership.State.WAITLISTED)
    next_in_line = MembershipFactory(group=group, state=Membership.State.WAITLISTED)
    _enforced(requester=seated, other=separated.user)

    membership_leave(user=leaving, group=group)

    separated.refresh_from_db()
    next_in_line.refresh_from_db()
    assert separated.state == Membership.State.WAITLISTED
    assert next_in_line.state == Membership.State.OFFERED


def test_a_pending_or_declined_request_changes_nothing_for_joins(group):
    requester, other = UserFactory(), UserFactory()
    MembershipFactory(group=group, user=other)
    separation_request_create(requester=requester, pseudonym=other.username)

    membership = membership_join(user=requester, group=group, accepted_rules=True)

    assert membership.state == Membership.State.ACTIVE


def test_the_named_person_is_never_told_and_the_requester_hears_the_outcome(group):
    from notifications.models import Notification

    requester, other = UserFactory(), UserFactory()
    moderator = ModeratorFactory(totp=True)
    request = separation_request_create(requester=requester, pseudonym=other.username)

    separation_enforce(actor=moderator, request=request)

    assert not Notification.objects.filter(recipient=other).exists()
    assert Notification.objects.filter(recipient=requester).count() == 1
