"""Writes about groups and memberships. Each takes the acting user and checks permission first.

Seat counting and seat taking happen under a row lock on the group (``_locked_group``), so
concurrent joins, approvals and offers never put more people in a group than its capacity.
A seat offered to someone on the waitlist counts as taken until it is accepted or expires.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from chat.services import access_changed, disconnect_member
from moderation.audit import audit_record
from notifications.models import Notification
from notifications.notices import notice
from notifications.services import notification_create

from .models import GroupInvite, Membership, SupportGroup
from .permissions import (
    APPROVAL_KEPT_APART_MESSAGE,
    check_can_facilitate,
    check_can_join,
    check_can_view_group_content,
    check_not_kept_apart,
    is_kept_apart_from_group,
)
from .selectors import active_member_count, membership_for, seats_taken

SEAT_OFFER_HOURS = 48
INVITE_DAYS = 7
ENDED_STATES = {Membership.State.LEFT, Membership.State.REMOVED, Membership.State.DECLINED}


def _locked_group(group: SupportGroup) -> SupportGroup:
    """Lock the group row so seat counting and seat taking are one step (no capacity race)."""
    return SupportGroup.objects.select_for_update().get(pk=group.pk)


def _seat_or_waitlist(membership: Membership, group: SupportGroup) -> None:
    now = timezone.now()
    if seats_taken(group) < group.capacity:
        membership.state = Membership.State.ACTIVE
        membership.joined_at = now
    else:
        membership.state = Membership.State.WAITLISTED
        membership.waitlisted_at = now


@transaction.atomic
def membership_join(
    *, user, group: SupportGroup, accepted_rules: bool, message: str = ""
) -> Membership:
    """Join an open group, ask to join a request group, or take a waitlist place when full."""
    check_can_join(user, group)
    if not accepted_rules:
        raise ValidationError(_("Please read and accept the ground rules to join."))
    group = _locked_group(group)
    _expire_offers(group)
    membership = membership_for(user=user, group=group)
    if membership and membership.state not in ENDED_STATES:
        return membership
    if membership and membership.state == Membership.State.REMOVED:
        raise PermissionDenied(_("You cannot rejoin this group. A moderator can help."))
    if group.join_policy == SupportGroup.JoinPolicy.INVITE:
        raise PermissionDenied(_("This group is by invitation only."))
    check_not_kept_apart(user, group)
    if membership is None:
        membership = Membership(user=user, group=group)
    membership.role = Membership.Role.MEMBER
    membership.request_message = message[:1000]
    membership.rules_version_accepted = group.rules_version
    membership.ended_at = None
    if group.join_policy == SupportGroup.JoinPolicy.REQUEST:
        membership.state = Membership.State.REQUESTED
    else:
        _seat_or_waitlist(membership, group)
    membership.save()
    return membership


@transaction.atomic
def membership_join_by_invite(*, user, token: str, accepted_rules: bool) -> Membership:
    """An invitation lets a person into any group (invite-only too), within its capacity."""
    check_can_join(user, None)
    if not accepted_rules:
        raise ValidationError(_("Please read and accept the ground rules to join."))
    invite = GroupInvite.objects.select_for_update().filter(token=token).first()
    if invite is None or not invite.is_usable:
        raise PermissionDenied(
            _("This invitation link has expired or was already used. Please ask for a new one.")
        )
    group = _locked_group(invite.group)
    _expire_offers(group)
    membership = membership_for(user=user, group=group)
    if membership and membership.state == Membership.State.REMOVED:
        raise PermissionDenied(_("You cannot rejoin this group. A moderator can help."))
    if membership and membership.state in {Membership.State.ACTIVE, Membership.State.OFFERED}:
        return membership
    check_not_kept_apart(user, group)
    if membership is None:
        membership = Membership(user=user, group=group)
    membership.role = Membership.Role.MEMBER
    membership.rules_version_accepted = group.rules_version
    membership.ended_at = None
    _seat_or_waitlist(membership, group)
    membership.save()
    invite.use_count += 1
    invite.save(update_fields=["use_count"])
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
    _seat_or_waitlist(membership, group)
    if membership.state == Membership.State.ACTIVE:
        text = notice(
            gettext_noop("Your request to join %(group)s was accepted. Welcome."), group=group.name
        )
    else:
        text = notice(
            gettext_noop("%(group)s is full for now; you are on its waitlist."), group=group.name
        )
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
    membership.refresh_from_db()
    if membership.state != Membership.State.REQUESTED:
        return membership
    membership.state = Membership.State.DECLINED
    membership.ended_at = timezone.now()
    membership.save(update_fields=["state", "ended_at", "updated_at"])
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
        text=notice(
            gettext_noop(
                "Your request to join %(group)s was not accepted this time. "
                "Other groups may be a good fit; the directory lists them."
            ),
            group=group.name,
        ),
        url="/groups/",
        group=None,
    )
    return membership


def offer_seat_to_waitlist(group: SupportGroup) -> list[Membership]:
    """When seats free up, the first people on the waitlist are offered them, in order.

    Call with the group row locked (inside a service that took ``_locked_group``).
    """
    offers = []
    free = group.capacity - seats_taken(group)
    if free <= 0:
        return offers
    waiting = Membership.objects.filter(group=group, state=Membership.State.WAITLISTED).order_by(
        "waitlisted_at", "created_at", "pk"
    )
    for membership in waiting.select_related("user"):
        if len(offers) >= free:
            break
        # Whoever is kept apart from someone seated keeps their place for a later seat.
        if is_kept_apart_from_group(membership.user, group):
            continue
        membership.state = Membership.State.OFFERED
        membership.offer_expires_at = timezone.now() + timedelta(hours=SEAT_OFFER_HOURS)
        membership.save(update_fields=["state", "offer_expires_at", "updated_at"])
        notification_create(
            recipient=membership.user,
            kind=Notification.Kind.JOIN_DECISION,
            text=notice(
                gettext_noop("A seat is free in %(group)s. It is held for you for 48 hours."),
                group=group.name,
            ),
            url=group.get_absolute_url(),
            group=group,
        )
        offers.append(membership)
    return offers


def _expire_offers(group: SupportGroup) -> int:
    """Expired offers go back to the end of the waitlist; their seats go to the next in line."""
    now = timezone.now()
    expired = list(
        Membership.objects.filter(
            group=group, state=Membership.State.OFFERED, offer_expires_at__lt=now
        )
    )
    for membership in expired:
        membership.state = Membership.State.WAITLISTED
        membership.waitlisted_at = now
        membership.offer_expires_at = None
        membership.save(update_fields=["state", "waitlisted_at", "offer_expires_at", "updated_at"])
        notification_create(
            recipient=membership.user,
            kind=Notification.Kind.JOIN_DECISION,
            text=notice(
                gettext_noop(
                    "The seat held for you in %(group)s was passed on after 48 hours. "
                    "You are still on the waitlist."
                ),
                group=group.name,
            ),
            url=group.get_absolute_url(),
            group=group,
        )
    if expired:
        offer_seat_to_waitlist(group)
    return len(expired)


@transaction.atomic
def seat_offers_expire(*, group: SupportGroup) -> int:
    """Pass on expired seat offers (run by ``manage.py expire_seat_offers`` and on joins)."""
    return _expire_offers(_locked_group(group))


def membership_accept_offer(*, user, group: SupportGroup) -> Membership:
    """Take the seat held for you. Expired offers are passed on first (and that sticks)."""
    seat_offers_expire(group=group)
    return _take_offered_seat(user=user, group=group)


@transaction.atomic
def _take_offered_seat(*, user, group: SupportGroup) -> Membership:
    group = _locked_group(group)
    membership = membership_for(user=user, group=group)
    if membership is not None and membership.state == Membership.State.WAITLISTED:
        raise PermissionDenied(
            _(
                "The seat offer has passed on (offers are held for 48 hours). "
                "You are still on the waitlist for the next seat."
            )
        )
    if membership is None or membership.state != Membership.State.OFFERED:
        raise PermissionDenied(_("There is no seat waiting for you in this group."))
    if active_member_count(group) >= group.capacity:
        raise PermissionDenied(_("The group filled up again. You keep your waitlist place."))
    check_not_kept_apart(user, group)
    membership.state = Membership.State.ACTIVE
    membership.joined_at = timezone.now()
    membership.offer_expires_at = None
    membership.save(update_fields=["state", "joined_at", "offer_expires_at", "updated_at"])
    return membership


@transaction.atomic
def membership_leave(*, user, group: SupportGroup) -> Membership | None:
    group = _locked_group(group)
    membership = membership_for(user=user, group=group)
    if membership is None or membership.state in ENDED_STATES:
        return membership
    held_seat = membership.state in {Membership.State.ACTIVE, Membership.State.OFFERED}
    membership.state = Membership.State.LEFT
    membership.ended_at = timezone.now()
    membership.save(update_fields=["state", "ended_at", "updated_at"])
    disconnect_member(user_id=membership.user_id, group_id=group.pk)
    if held_seat:
        offer_seat_to_waitlist(group)
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership, reason: str = "") -> Membership:
    """A facilitator or moderator removes a member; the seat goes to the waitlist."""
    check_can_facilitate(actor, membership_for(user=actor, group=membership.group))
    group = _locked_group(membership.group)
    membership.refresh_from_db()
    if membership.user_id == actor.pk:
        raise PermissionDenied(_("To step away from the group yourself, use Leave."))
    if membership.state in ENDED_STATES:
        return membership
    held_seat = membership.state in {Membership.State.ACTIVE, Membership.State.OFFERED}
    membership.state = Membership.State.REMOVED
    membership.ended_at = timezone.now()
    membership.save(update_fields=["state", "ended_at", "updated_at"])
    disconnect_member(user_id=membership.user_id, group_id=group.pk)
    audit_record(
        actor=actor,
        action="membership.remove",
        target=membership,
        group=group,
        target_label=f"member {membership.user.username}",
        reason=reason,
    )
    notification_create(
        recipient=membership.user,
        kind=Notification.Kind.MODERATION,
        text=notice(
            gettext_noop(
                "You are no longer a member of %(group)s. If you think this is a mistake, "
                "a moderator can help."
            ),
            group=group.name,
        ),
        url="/groups/",
        group=None,
    )
    if held_seat:
        offer_seat_to_waitlist(group)
    return membership


@transaction.atomic
def membership_accept_rules(*, user, group: SupportGroup) -> Membership:
    """A member accepts the group's current ground rules, so they may post and chat again."""
    membership = membership_for(user=user, group=group)
    check_can_view_group_content(user, membership)
    if membership is None:
        raise PermissionDenied(_("Only members accept a group's ground rules."))
    group.refresh_from_db(fields=["rules_version"])
    membership.rules_version_accepted = group.rules_version
    membership.save(update_fields=["rules_version_accepted", "updated_at"])
    access_changed(user_id=user.pk, group_id=group.pk)
    return membership


@transaction.atomic
def group_rules_update(*, actor, group: SupportGroup, ground_rules: str) -> SupportGroup:
    """New ground rules get a new version; members accept it before they post or chat again."""
    check_can_facilitate(actor, membership_for(user=actor, group=group))
    group = _locked_group(group)
    ground_rules = ground_rules.strip()
    if not ground_rules:
        raise ValidationError(_("A group needs ground rules."))
    if ground_rules == group.ground_rules.strip():
        return group
    group.ground_rules = ground_rules
    group.rules_version += 1
    group.save(update_fields=["ground_rules", "rules_version"])
    Membership.objects.filter(group=group, user=actor).update(
        rules_version_accepted=group.rules_version
    )
    for user_id in (
        Membership.objects.active().filter(group=group).values_list("user_id", flat=True)
    ):
        access_changed(user_id=user_id, group_id=group.pk)
    audit_record(
        actor=actor,
        action="group.rules_update",
        target=group,
        group=group,
        target_label=f"ground rules version {group.rules_version}",
    )
    return group


@transaction.atomic
def invite_create(
    *, actor, group: SupportGroup, days: int = INVITE_DAYS, max_uses: int = 1
) -> GroupInvite:
    check_can_facilitate(actor, membership_for(user=actor, group=group))
    if not 1 <= days <= 30 or not 1 <= max_uses <= 50:
        raise ValidationError(_("An invitation lasts 1 to 30 days and admits 1 to 50 people."))
    invite = GroupInvite.objects.create(
        group=group,
        created_by=actor,
        expires_at=timezone.now() + timedelta(days=days),
        max_uses=max_uses,
    )
    audit_record(actor=actor, action="invite.create", target=invite, group=group)
    return invite


@transaction.atomic
def invite_revoke(*, actor, invite: GroupInvite) -> GroupInvite:
    check_can_facilitate(actor, membership_for(user=actor, group=invite.group))
    if invite.revoked_at is None:
        invite.revoked_at = timezone.now()
        invite.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="invite.revoke", target=invite, group=invite.group)
    return invite
