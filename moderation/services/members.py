"""Acting on members: warn, mute, remove from a group, suspend the account."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community import realtime
from groups.models import Membership, SupportGroup
from groups.services import membership_mute, membership_remove
from notifications.notices import notice
from notifications.outcomes import tell, with_reason

from ..audit import audit_record
from ..models import QueueItem
from ..permissions import (
    check_can_act_on_member,
    check_can_suspend,
    check_not_self,
)
from .items import resolve_item_after_member_action

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
    where = group.name if group is not None else notice(gettext_noop("the community"))
    tell(
        member,
        text=with_reason(
            notice(
                gettext_noop(
                    "A message from the moderators of %(where)s: please take a moment to re-read "
                    "the ground rules."
                ),
                where=where,
            ),
            reason,
        ),
        group=group,
    )
    resolve_item_after_member_action(item, actor=actor, resolution="warned")
    return member


def member_mute(
    *,
    actor,
    member,
    group: SupportGroup,
    minutes: int,
    reason: str = "",
    item: QueueItem | None = None,
) -> Membership:
    """From the review queue: the groups app's one mute, then the item is closed."""
    with transaction.atomic():
        membership = membership_mute(
            actor=actor, group=group, member=member, minutes=minutes, reason=reason
        )
        resolve_item_after_member_action(item, actor=actor, resolution="muted")
    return membership


def member_remove(
    *, actor, member, group: SupportGroup, reason: str = "", item: QueueItem | None = None
) -> Membership:
    """From the review queue: the groups app's one removal, then the item is closed."""
    with transaction.atomic():
        membership = membership_remove(actor=actor, group=group, member=member, reason=reason)
        resolve_item_after_member_action(item, actor=actor, resolution="removed")
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
            notice(
                gettext_noop(
                    "Your account is paused until %(until)s UTC: you can read, but not post, chat "
                    "or join groups. If you would like to talk about it, you can write to the "
                    "moderators."
                ),
                until=f"{member.suspended_until:%Y-%m-%d}",
            ),
            reason,
        ),
    )
    # Every live connection of the account closes (chat rooms and the notification stream).
    realtime.user_close_on_commit(user_id=member.pk)
    resolve_item_after_member_action(item, actor=actor, resolution="suspended")
    return member
