"""Acting on members: warn, mute, remove from a group, suspend the account."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community import realtime
from groups.models import Membership, SupportGroup
from groups.services import offer_seat_to_waitlist

from ..audit import audit_record
from ..models import QueueItem
from ..permissions import (
    active_membership,
    check_can_act_on_member,
    check_can_suspend,
    check_not_self,
)
from .items import resolve_item_after_member_action
from .outcomes import tell, with_reason

MAX_MUTE_MINUTES = 60 * 24 * 30
MAX_SUSPEND_DAYS = 365


@transaction.atomic
def member_warn(
    *, actor, member, group: SupportGroup | None, reason: str, item: QueueItem | None = None
):
    """A word from the moderators to a member: a reminder of the ground rules."""
    check_can_act_on_member(actor, member, group)
    if not (reason or "").strip():
        raise ValidationError(_("Please write what the member should know."))
    audit_record(
        actor=actor,
        action="member.warn",
        target=member,
        target_label=f"member {member.username}",
        group=group,
        reason=reason,
    )
    where = group.name if group is not None else _("the community")
    tell(
        member,
        text=with_reason(
            _(
                "A message from the moderators of %(where)s: please take a moment to re-read "
                "the ground rules."
            )
            % {"where": where},
            reason,
        ),
        group=group,
    )
    resolve_item_after_member_action(item, actor=actor, resolution="warned")
    return member


@transaction.atomic
def member_mute(
    *,
    actor,
    member,
    group: SupportGroup,
    minutes: int,
    reason: str = "",
    item: QueueItem | None = None,
) -> Membership:
    """The member can read but not post or chat in the group until the time is up."""
    check_can_act_on_member(actor, member, group)
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_MUTE_MINUTES:
        raise ValidationError(_("Please choose a mute between 1 minute and 30 days."))
    membership = active_membership(member, group)
    if membership is None:
        raise ValidationError(_("This person is not an active member of the group."))
    membership.muted_until = timezone.now() + timedelta(minutes=minutes)
    membership.save(update_fields=["muted_until", "updated_at"])
    realtime.user_access_changed_on_commit(
        user_id=member.pk,
        group_id=group.pk,
        notice=realtime.notice_frame(
            code="muted",
            detail=_("Your messages in this group are paused for a while. You can still read."),
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
            _(
                "You can read %(group)s but not post or chat there until %(until)s UTC. "
                "This is a pause, and you are welcome back afterwards."
            )
            % {"group": group.name, "until": f"{membership.muted_until:%Y-%m-%d %H:%M}"},
            reason,
        ),
        group=group,
    )
    resolve_item_after_member_action(item, actor=actor, resolution="muted")
    return membership


@transaction.atomic
def member_remove(
    *, actor, member, group: SupportGroup, reason: str = "", item: QueueItem | None = None
) -> Membership:
    """The member leaves the group for good (they cannot rejoin without a moderator)."""
    check_can_act_on_member(actor, member, group)
    membership = Membership.objects.select_for_update().filter(user=member, group=group).first()
    if membership is None or membership.state == Membership.State.REMOVED:
        if membership is None:
            raise ValidationError(_("This person is not a member of the group."))
        return membership
    held_seat = membership.state in {Membership.State.ACTIVE, Membership.State.OFFERED}
    membership.state = Membership.State.REMOVED
    membership.role = Membership.Role.MEMBER
    membership.ended_at = timezone.now()
    membership.save(update_fields=["state", "role", "ended_at", "updated_at"])
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
            _(
                "You are no longer a member of %(group)s. Other groups may suit you; the "
                "moderators can help if you would like to talk about it."
            )
            % {"group": group.name},
            reason,
        ),
        url="/groups/",
    )
    realtime.user_close_on_commit(user_id=member.pk, group_id=group.pk)
    resolve_item_after_member_action(item, actor=actor, resolution="removed")
    if held_seat:
        offer_seat_to_waitlist(group)
    return membership


@transaction.atomic
def member_suspend(*, actor, member, days: int, reason: str = "", item: QueueItem | None = None):
    """Moderators pause an account site-wide: no posting, chatting or joining until then."""
    check_can_suspend(actor)
    check_not_self(actor, member)
    if not isinstance(days, int) or not 1 <= days <= MAX_SUSPEND_DAYS:
        raise ValidationError(_("Please choose a suspension between 1 and 365 days."))
    member.suspended_until = timezone.now() + timedelta(days=days)
    member.save(update_fields=["suspended_until"])
    audit_record(
        actor=actor,
        action="member.suspend",
        target=member,
        target_label=f"member {member.username} for {days} days",
        reason=reason,
    )
    tell(
        member,
        text=with_reason(
            _(
                "Your account is paused until %(until)s UTC: you can read, but not post, chat "
                "or join groups. If you would like to talk about it, you can write to the "
                "moderators."
            )
            % {"until": f"{member.suspended_until:%Y-%m-%d}"},
            reason,
        ),
    )
    # Every live connection of the account closes (chat rooms and the notification stream).
    realtime.user_close_on_commit(user_id=member.pk)
    resolve_item_after_member_action(item, actor=actor, resolution="suspended")
    return member
