"""Taking back a review-queue decision: what the "Undo" button after it posts to.

The button is the site's one undo message (``community.undo``); this is the reversing action
behind it. Only what the data allows is taken back: a hidden post or thread is shown again, a
rejected post waits for approval again (its words were kept), a mute is lifted and a removed
member is restored through the groups app's one restore (the join's seat rule). A post or
message removed for everyone and a suspension are not undone here. The item goes back to the
queue, so that someone can decide again; each step is audited.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from groups.models import Membership
from groups.services import membership_restore, membership_unmute
from notifications.notices import notice, word
from notifications.outcomes import tell

from ..audit import audit_record
from ..models import QueueItem
from ..permissions import check_can_act_on_item
from ..targets import kind_for
from .content import content_unhide
from .items import reopen

#: The resolutions a queue decision leaves that the data lets us take back.
UNDOABLE = ("hidden", "rejected", "muted", "removed")


@dataclass(frozen=True)
class Undone:
    """What was taken back (the item's former ``resolution``), whether the item waits in the
    queue again, and the member's membership after a mute or removal was undone."""

    resolution: str
    reopened: bool
    membership: Membership | None = None


def _content_still_there(item: QueueItem):
    target = item.target
    if target is None:
        raise ValidationError(_("This content no longer exists."))
    kind = kind_for(target)
    if item.resolution == "hidden" and kind.is_removed(target):
        raise ValidationError(
            _("It has been removed for everyone since, so it cannot be shown again.")
        )
    return kind, target


def _rejection_undo(*, actor, item: QueueItem, kind, target) -> None:
    """The rejected post waits for approval again; its author is told."""
    if not (kind.is_held(target) and kind.is_removed(target)):
        raise ValidationError(_("This post is no longer waiting for a decision."))
    kind.restore(target, actor=actor)
    audit_record(
        actor=actor,
        action="premoderation.reconsider",
        target=target,
        target_label=kind.describe(target),
        group=item.group,
    )
    tell(
        kind.author_of(target),
        text=notice(
            gettext_noop(
                "Your %(noun)s in %(group)s is waiting for approval again: the group's "
                "moderators took back their earlier decision. There is nothing you need to do."
            ),
            noun=word(kind.noun),
            group=item.group.name if item.group else "",
        ),
        group=item.group,
        url=kind.url_of(target),
    )


def _member_of(item: QueueItem):
    if item.subject is None:
        raise ValidationError(_("This member's account no longer exists."))
    return item.subject


@transaction.atomic
def queue_decision_undo(*, actor, item: QueueItem) -> Undone:
    """Take back the decision last made on ``item`` (hide, reject, mute or remove)."""
    check_can_act_on_item(actor, item)
    item = (
        QueueItem.objects.select_for_update(of=("self",))
        .select_related("group", "subject")
        .get(pk=item.pk)
    )
    if item.is_open or item.resolution not in UNDOABLE:
        raise ValidationError(_("This decision cannot be undone from the queue."))
    resolution = item.resolution
    membership = None
    if resolution == "hidden":
        _kind, target = _content_still_there(item)
        content_unhide(actor=actor, target=target)
    elif resolution == "rejected":
        kind, target = _content_still_there(item)
        _rejection_undo(actor=actor, item=item, kind=kind, target=target)
    elif resolution == "muted":
        membership = membership_unmute(actor=actor, group=item.group, member=_member_of(item))
    else:
        membership = membership_restore(actor=actor, group=item.group, member=_member_of(item))
    reopened = reopen(item)
    if reopened:
        audit_record(
            actor=actor,
            action="queue.reopen",
            target=item,
            target_label=item.target_label,
            group=item.group,
        )
    return Undone(resolution=resolution, reopened=reopened, membership=membership)
