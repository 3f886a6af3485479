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

from community import realtime
from moderation.audit import audit_record
from notifications.models import Notification
from notifications.notices import notice
from notifications.outcomes import tell, with_reason
from notifications.services import notification_create

from .models import GroupInvite, Membership, SupportGroup
from .permissions import (
    APPROVAL_SEPARATED_MESSAGE,
    check_can_act_on_member,
    check_can_facilitate,
    check_can_join,
    check_can_view_group_content,
    is_separated_from_group,
    joins_need_review,
)
from .selectors import active_member_count, membership_for, seats_taken

SEAT_OFFER_HOURS = 48
# The one limit of a mute, wherever it is given (console, review queue, chat).
MAX_MUTE_MINUTES = 60 * 24 * 30
INVITE_DAYS = 7
ENDED_STATES = {Membership.State.LEFT, Membership.State.REMOVED, Membership.State.DECLINED}


def _locked_group(group: SupportGroup) -> SupportGroup:
    """Lock the group row so seat counting and seat taking are one step (no capacity race)."""
    return SupportGroup.objects.select_for_update().get(pk=group.pk)


def _admit(membership: Membership, group: SupportGroup, *, review: bool = False) -> None:
    """The one seat rule for every way in (join, invitation, restore): a request when it must
    be reviewed, or the person is under a separation (every join of theirs is a request,
    wherever the other person is); else a seat within capacity, else the waitlist."""
    if review or joins_need_review(membership.user):
        membership.state = Membership.State.REQUESTED
    else:
        _seat_or_waitlist(membership, group)


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
    if membership is None:
        membership = Membership(user=user, group=group)
    membership.role = Membership.Role.MEMBER
    membership.request_message = message[:1000]
    membership.rules_version_accepted = group.rules_version
    membership.ended_at = None
    _admit(membership, group, review=group.join_policy == SupportGroup.JoinPolicy.REQUEST)
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
    if membership is None:
        membership = Membership(user=user, group=group)
    membership.role = Membership.Role.MEMBER
    membership.rules_version_accepted = group.rules_version
    membership.ended_at = None
    _admit(membership, group)
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
    if is_separated_from_group(membership.user, group):
        raise PermissionDenied(APPROVAL_SEPARATED_MESSAGE)
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
        # Whoever is separated from someone seated keeps their place for a later seat.
        if is_separated_from_group(membership.user, group):
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
    """Pass on expired seat offers (run by the scheduler's task, the command and on joins)."""
    return _expire_offers(_locked_group(group))


def seat_offers_expire_due(*, now=None) -> int:
    """Pass on every expired offer in every group, one group per transaction. Idempotent."""
    now = now or timezone.now()
    groups = SupportGroup.objects.filter(
        memberships__state=Membership.State.OFFERED,
        memberships__offer_expires_at__lt=now,
    ).distinct()
    return sum(seat_offers_expire(group=group) for group in groups)


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
    if active_member_count(group) >= group.capacity or is_separated_from_group(user, group):
        raise PermissionDenied(_("The group filled up again. You keep your waitlist place."))
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
    realtime.user_close_on_commit(user_id=membership.user_id, group_id=group.pk)
    if held_seat:
        offer_seat_to_waitlist(group)
    return membership


def _membership_acted_on(*, actor, group: SupportGroup, member) -> tuple[SupportGroup, Membership]:
    """The actor's right first, then the group row lock, then the one who-on-whom rule."""
    check_can_facilitate(actor, membership_for(user=actor, group=group))
    group = _locked_group(group)
    membership = Membership.objects.select_for_update().filter(user=member, group=group).first()
    check_can_act_on_member(actor, member=member, membership=membership)
    if membership is None:
        raise ValidationError(_("This person is not a member of the group."))
    return group, membership


@transaction.atomic
def membership_remove(*, actor, group: SupportGroup, member, reason: str = "") -> Membership:
    """A facilitator or moderator removes someone from the group for good.

    The one removal, used by the group console and the review queue: under the group lock,
    so the freed seat goes to the waitlist within capacity; the membership loses any
    facilitator role; open chats close at once; the member is told, with the reason.
    """
    group, membership = _membership_acted_on(actor=actor, group=group, member=member)
    if membership.state in ENDED_STATES:
        return membership
    held_seat = membership.state in {Membership.State.ACTIVE, Membership.State.OFFERED}
    membership.state = Membership.State.REMOVED
    membership.role = Membership.Role.MEMBER
    membership.ended_at = timezone.now()
    membership.offer_expires_at = None
    membership.save(update_fields=["state", "role", "ended_at", "offer_expires_at", "updated_at"])
    realtime.user_close_on_commit(user_id=member.pk, group_id=group.pk)
    audit_record(
        actor=actor,
        action="member.remove",
        target=member,
        target_label=f"member {member.username}",
        group=group,
        reason=reason,
    )
    tell(
        member,
        text=with_reason(
            notice(
                gettext_noop(
                    "You are no longer a member of %(group)s. Other groups may suit you; the "
                    "moderators can help if you would like to talk about it."
                ),
                group=group.name,
            ),
            reason,
        ),
        url="/groups/",
    )
    if held_seat:
        offer_seat_to_waitlist(group)
    return membership


@transaction.atomic
def membership_restore(*, actor, group: SupportGroup, member, reason: str = "") -> Membership:
    """Undo a removal: the same people who may remove someone may bring them back.

    The seat rule is the join's: a seat within capacity, else the waitlist; a person under an
    enforced separation comes back as a request a facilitator decides (``joins_need_review``),
    as every join of theirs does. The facilitator role stays dropped.
    """
    group, membership = _membership_acted_on(actor=actor, group=group, member=member)
    if membership.state != Membership.State.REMOVED:
        raise ValidationError(_("Only a removed member can be restored."))
    membership.ended_at = None
    _admit(membership, group)
    membership.save()
    audit_record(
        actor=actor,
        action="member.restore",
        target=member,
        target_label=f"member {member.username}",
        group=group,
        reason=reason,
    )
    if membership.state != Membership.State.REQUESTED:
        tell(
            member,
            text=notice(
                gettext_noop("You are a member of %(group)s again. Welcome back."),
                group=group.name,
            ),
            group=group,
            url=group.get_absolute_url(),
        )
    return membership


def _check_mute_minutes(minutes) -> int:
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not 1 <= minutes <= MAX_MUTE_MINUTES
    ):
        raise ValidationError(_("Please choose a mute between 1 minute and 30 days."))
    return minutes


@transaction.atomic
def membership_mute(
    *, actor, group: SupportGroup, member, minutes: int, reason: str = ""
) -> Membership:
    """The member can read but not post or chat in the group for ``minutes`` (one limit,
    ``MAX_MUTE_MINUTES``, for the console, the queue and the chat)."""
    group, membership = _membership_acted_on(actor=actor, group=group, member=member)
    minutes = _check_mute_minutes(minutes)
    if not membership.is_active:
        raise ValidationError(_("This person is not an active member of the group."))
    membership.muted_until = timezone.now() + timedelta(minutes=minutes)
    membership.save(update_fields=["muted_until", "updated_at"])
    realtime.user_access_changed_on_commit(
        user_id=member.pk,
        group_id=group.pk,
        notice=realtime.notice_frame(
            code="muted",
            detail=_(
                "A facilitator has paused your messages for %(minutes)s minutes. You can still "
                "read along, and you can ask for a check-in at any time."
            )
            % {"minutes": minutes},
        ),
    )
    audit_record(
        actor=actor,
        action="member.mute",
        target=member,
        target_label=f"member {member.username} for {minutes} min",
        group=group,
        reason=reason,
    )
    tell(
        member,
        text=with_reason(
            notice(
                gettext_noop(
                    "You can read %(group)s but not post or chat there until %(until)s UTC. "
                    "This is a pause, and you are welcome back afterwards."
                ),
                group=group.name,
                until=f"{membership.muted_until:%Y-%m-%d %H:%M}",
            ),
            reason,
        ),
        group=group,
    )
    return membership


@transaction.atomic
def membership_unmute(*, actor, group: SupportGroup, member) -> Membership:
    """Lift a mute early; the same people may do it as may mute."""
    group, membership = _membership_acted_on(actor=actor, group=group, member=member)
    membership.muted_until = None
    membership.save(update_fields=["muted_until", "updated_at"])
    realtime.user_access_changed_on_commit(
        user_id=member.pk,
        group_id=group.pk,
        notice=realtime.notice_frame(code="unmuted", detail=_("You can send messages again.")),
    )
    audit_record(
        actor=actor,
        action="member.unmute",
        target=member,
        target_label=f"member {member.username}",
        group=group,
    )
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
    realtime.user_access_changed_on_commit(user_id=user.pk, group_id=group.pk)
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
        realtime.user_access_changed_on_commit(user_id=user_id, group_id=group.pk)
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
