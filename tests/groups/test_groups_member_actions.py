"""One removal and one mute for the group console, the review queue and the chat: one limit,
one rule of who may act on whom, under the group lock."""

import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse

import groups.services as group_services
from chat.errors import ChatError
from chat.selectors import chat_access_for
from chat.services import member_mute as chat_mute
from groups.models import Membership
from groups.services import MAX_MUTE_MINUTES, membership_mute, membership_remove
from moderation.models import AuditEntry
from moderation.services import member_mute as queue_mute
from moderation.services import member_remove as queue_remove
from tests.factories import (
    FacilitatorMembershipFactory,
    MembershipFactory,
    ModeratorFactory,
    SupportGroupFactory,
)


def _state(user, group) -> tuple[str, str]:
    membership = Membership.objects.get(user=user, group=group)
    return membership.state, membership.role


@pytest.mark.django_db
def test_the_console_can_no_longer_remove_a_co_facilitator(client, group, facilitator):
    colleague = FacilitatorMembershipFactory(group=group)
    client.force_login(facilitator)

    response = client.post(
        reverse("groups:member_remove", args=[group.slug, colleague.pk]), follow=True
    )

    assert _state(colleague.user, group) == (Membership.State.ACTIVE, Membership.Role.FACILITATOR)
    assert "Please ask a moderator to act on a facilitator" in response.content.decode()
    assert not AuditEntry.objects.filter(action="member.remove").exists()


@pytest.mark.django_db
def test_the_console_cannot_remove_a_moderator_who_holds_a_seat(client, group, facilitator):
    seat = MembershipFactory(group=group, user=ModeratorFactory(totp=True))
    client.force_login(facilitator)

    client.post(reverse("groups:member_remove", args=[group.slug, seat.pk]))

    assert _state(seat.user, group)[0] == Membership.State.ACTIVE


@pytest.mark.django_db
def test_a_moderator_removes_a_facilitator_who_then_holds_no_facilitator_role(
    group, facilitator, moderator
):
    membership_remove(actor=moderator, group=group, member=facilitator, reason="stepping down")

    assert _state(facilitator, group) == (Membership.State.REMOVED, Membership.Role.MEMBER)
    entry = AuditEntry.objects.get(action="member.remove")
    assert entry.actor == moderator and entry.reason == "stepping down"


@pytest.mark.django_db
def test_the_queue_refuses_the_same_people_the_console_refuses(group, facilitator):
    colleague = FacilitatorMembershipFactory(group=group).user

    with pytest.raises(PermissionDenied):
        queue_remove(actor=facilitator, member=colleague, group=group)
    with pytest.raises(PermissionDenied):
        queue_mute(actor=facilitator, member=colleague, group=group, minutes=10)
    with pytest.raises(PermissionDenied):
        membership_mute(actor=facilitator, group=group, member=facilitator, minutes=10)


@pytest.mark.django_db
def test_a_facilitator_cannot_mute_a_co_facilitator_from_the_chat_but_a_moderator_can(
    group, facilitator, moderator
):
    colleague = FacilitatorMembershipFactory(group=group).user

    with pytest.raises(ChatError) as refused:
        chat_mute(
            actor=facilitator,
            access=chat_access_for(user=facilitator, group=group),
            group=group,
            pseudonym=colleague.username,
            minutes=10,
        )
    chat_mute(
        actor=moderator,
        access=chat_access_for(user=moderator, group=group),
        group=group,
        pseudonym=colleague.username,
        minutes=10,
    )

    assert "ask a moderator" in refused.value.detail
    assert Membership.objects.get(user=colleague, group=group).is_muted


@pytest.mark.django_db
def test_one_mute_limit_for_the_console_the_queue_and_the_chat(group, member, facilitator):
    access = chat_access_for(user=facilitator, group=group)

    chat_mute(
        actor=facilitator,
        access=access,
        group=group,
        pseudonym=member.username,
        minutes=MAX_MUTE_MINUTES,
    )
    queue_mute(actor=facilitator, member=member, group=group, minutes=MAX_MUTE_MINUTES)
    with pytest.raises(ChatError):
        chat_mute(
            actor=facilitator,
            access=access,
            group=group,
            pseudonym=member.username,
            minutes=MAX_MUTE_MINUTES + 1,
        )
    with pytest.raises(ValidationError):
        queue_mute(actor=facilitator, member=member, group=group, minutes=MAX_MUTE_MINUTES + 1)

    assert (
        list(AuditEntry.objects.filter(action="member.mute").values_list("target_label", flat=True))
        == [f"member {member.username} for {MAX_MUTE_MINUTES} min"] * 2
    )


@pytest.mark.django_db
def test_a_removal_from_the_queue_offers_the_freed_seat_to_the_waitlist(moderator):
    group = SupportGroupFactory(capacity=2)
    seated = [MembershipFactory(group=group).user for _ in range(2)]
    waiting = MembershipFactory(group=group, state=Membership.State.WAITLISTED).user

    queue_remove(actor=moderator, member=seated[0], group=group)

    assert _state(waiting, group)[0] == Membership.State.OFFERED


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the race needs real row locks and parallel connections (PostgreSQL pass)",
)
def test_parallel_removals_offer_every_freed_seat_and_never_more_than_capacity(monkeypatch):
    """Removals from the queue and the console at once: each freed seat is offered to the
    next person waiting, once, and seats never exceed capacity. Without the group lock the
    removals count seats side by side and offer the same seat twice."""
    capacity, removed_count = 4, 3
    group = SupportGroupFactory(capacity=capacity)
    moderator = ModeratorFactory(totp=True)
    facilitator = FacilitatorMembershipFactory(group=group).user
    seated = [MembershipFactory(group=group).user for _ in range(capacity - 1)]
    waiting = []
    for _ in range(removed_count + 2):
        waiting.append(MembershipFactory(group=group, state=Membership.State.WAITLISTED).user)
        time.sleep(0.01)  # distinct waitlist times, so the order is the order of joining
    real_count = group_services.seats_taken

    def slow_count(group):
        taken = real_count(group)
        time.sleep(0.05)  # widen the window between counting seats and offering them
        return taken

    monkeypatch.setattr(group_services, "seats_taken", slow_count)
    barrier = threading.Barrier(removed_count)
    errors = []

    def remove(index, member):
        try:
            barrier.wait(timeout=30)
            if index % 2:
                membership_remove(actor=facilitator, group=group, member=member)
            else:
                queue_remove(actor=moderator, member=member, group=group)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=remove, args=(i, m)) for i, m in enumerate(seated[:removed_count])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    states = dict(Membership.objects.filter(group=group).values_list("user_id", "state"))
    seats = [s for s in states.values() if s in (Membership.State.ACTIVE, Membership.State.OFFERED)]
    assert errors == []
    assert len(seats) == capacity
    assert [states[w.pk] for w in waiting] == [Membership.State.OFFERED] * removed_count + [
        Membership.State.WAITLISTED
    ] * 2
