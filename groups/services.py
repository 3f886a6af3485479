"""Writes about groups and memberships. Each takes the acting user and checks permission first."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from moderation.audit import audit_record
from notifications.models import Notification
from notifications.services import notification_create

from .models import Membership, SupportGroup
from .permissions import (
    APPROVAL_KEPT_APART_MESSAGE,
    check_can_facilitate,
    check_can_join,
    check_not_kept_apart,
    is_kept_apart_from_group,
)
from .selectors import active_member_count, membership_for

SEAT_OFFER_HOURS = 48


def _locked_group(group: SupportGroup) -> SupportGroup:
    """Lock the group row so seat counting and seat taking are one step (no capacity race)."""
    return SupportGroup.objects.select_for_update().get(pk=group.pk)


@transaction.atomic
def membership_join(
    *, user, group: SupportGroup, accepted_rules: bool, message: str = ""
) -> Membership:
    """Join an open group, ask to join a request group, or take a waitlist place when full."""
    check_can_join(user, group)
    if not accepted_rules:
        raise ValidationError(_("Please read and accept the ground rules to join."))
    group = _locked_group(group)
    membership = membership_for(user=user, group=group)
    if membership and membership.state in {
        Membership.State.ACTIVE,
        Membership.State.REQUESTED,
        Membership.State.WAITLISTED,
        Membership.State.OFFERED,
    }:
        return membership
    if membership and membership.state == Membership.State.REMOVED:
        raise PermissionDenied(_("You cannot rejoin this group. A moderator can help."))
    if group.join_policy == SupportGroup.JoinPolicy.INVITE:
        raise PermissionDenied(_("This group is by invitation only."))
    check_not_kept_apart(user, group)
    if membership is None:
        membership = Membership(user=user, group=group)
    membership.request_message = message[:1000]
    membership.rules_version_accepted = group.rules_version
    if group.join_policy == SupportGroup.JoinPolicy.REQUEST:
        membership.state = Membership.State.REQUESTED
    elif active_member_count(group) < group.capacity:
        membership.state = Membership.State.ACTIVE
        membership.joined_at = timezone.now()
    else:
        membership.state = Membership.State.WAITLISTED
    membership.save()
    return membership


@transaction.atomic
def membership_approve(*, actor, membership: Membership) -> Membership:
    """A facilitator admits a requester; a full group puts them on the waitlist instead."""
    check_can_facilitate(actor, membership_for(user=actor, group=membership.group))
    group = _locked_group(membership.group)
    membership.refresh_from_db()
    if membership.state != Membership.State.REQUESTED:
        return membership
    if is_kept_apart_from_group(membership.user, group):
        raise PermissionDenied(APPROVAL_KEPT_APART_MESSAGE)
    if active_member_count(group) < group.capacity:
        membership.state = Membership.State.ACTIVE
        membership.joined_at = timezone.now()
        text = _("Your request to join %(group)s was accepted. Welcome.") % {"group": group.name}
    else:
        membership.state = Membership.State.WAITLISTED
        text = _("%(group)s is full for now; you are on its waitlist.") % {"group": group.name}
    membership.save()
    audit_record(
        actor=actor,
        action="membership.approve",
        target=membership,
        group=group,
        target_label=f"request by {membership.user.username}",
    )
    notification_create(
        recipient=membership.user,
        kind=Notification.Kind.JOIN_DECISION,
        text=text,
        url=group.get_absolute_url(),
        group=group,
    )
    return membership


@transaction.atomic
def membership_decline(*, actor, membership: Membership, reason: str = "") -> Membership:
    check_can_facilitate(actor, membership_for(user=actor, group=membership.group))
    if membership.state != Membership.State.REQUESTED:
        return membership
    membership.state = Membership.State.DECLINED
    membership.save(update_fields=["state", "updated_at"])
    group = membership.group
    audit_record(
        actor=actor,
        action="membership.decline",
        target=membership,
        group=group,
        target_label=f"request by {membership.user.username}",
        reason=reason,
    )
    notification_create(
        recipient=membership.user,
        kind=Notification.Kind.JOIN_DECISION,
        text=_(
            "Your request to join %(group)s was not accepted this time. "
            "Other groups may be a good fit; the directory lists them."
        )
        % {"group": group.name},
        url="/groups/",
        group=None,
    )
    return membership


def offer_seat_to_waitlist(group: SupportGroup) -> Membership | None:
    """When a seat frees up, the first person on the waitlist is offered it."""
    if active_member_count(group) >= group.capacity:
        return None
    waiting = (
        Membership.objects.filter(group=group, state=Membership.State.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    # Whoever is kept apart from someone seated keeps their place and waits for the next seat.
    first = next((m for m in waiting if not is_kept_apart_from_group(m.user, group)), None)
    if first is None:
        return None
    first.state = Membership.State.OFFERED
    first.offer_expires_at = timezone.now() + timezone.timedelta(hours=SEAT_OFFER_HOURS)
    first.save(update_fields=["state", "offer_expires_at", "updated_at"])
    notification_create(
        recipient=first.user,
        kind=Notification.Kind.JOIN_DECISION,
        text=_("A seat is free in %(group)s. It is held for you for 48 hours.")
        % {"group": group.name},
        url=group.get_absolute_url(),
        group=group,
    )
    return first


@transaction.atomic
def membership_accept_offer(*, user, group: SupportGroup) -> Membership:
    group = _locked_group(group)
    membership = membership_for(user=user, group=group)
    if membership is None or membership.state != Membership.State.OFFERED:
        raise PermissionDenied(_("There is no seat waiting for you in this group."))
    if membership.offer_expires_at and membership.offer_expires_at < timezone.now():
        raise PermissionDenied(_("This seat offer has expired. You can join the waitlist again."))
    if active_member_count(group) >= group.capacity:
        raise PermissionDenied(_("The group filled up again. You keep your waitlist place."))
    check_not_kept_apart(user, group)
    membership.state = Membership.State.ACTIVE
    membership.joined_at = timezone.now()
    membership.save(update_fields=["state", "joined_at", "updated_at"])
    return membership


@transaction.atomic
def membership_leave(*, user, group: SupportGroup) -> Membership | None:
    group = _locked_group(group)
    membership = membership_for(user=user, group=group)
    if membership is None or membership.state in {
        Membership.State.LEFT,
        Membership.State.REMOVED,
        Membership.State.DECLINED,
    }:
        return membership
    was_active = membership.is_active
    membership.state = Membership.State.LEFT
    membership.save(update_fields=["state", "updated_at"])
    if was_active:
        offer_seat_to_waitlist(group)
    return membership
