"""Queue decisions: dismiss, escalate, and approving or rejecting a held post."""

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_noop

from community.accounts.selectors import moderators
from notifications.models import Notification
from notifications.notices import notice, word
from notifications.outcomes import tell, with_reason
from notifications.services import notification_create

from ..audit import audit_record
from ..models import QueueItem
from ..permissions import check_can_act_on_item
from ..targets import kind_for
from .items import resolve, resolve_open_items


@transaction.atomic
def queue_item_dismiss(*, actor, item: QueueItem, reason: str = "") -> QueueItem:
    """Nothing to act on: close the item. The member it is about is not told of it."""
    check_can_act_on_item(actor, item)
    item = QueueItem.objects.select_for_update().get(pk=item.pk)
    if not item.is_open:
        return item
    resolve(item, actor=actor, resolution="dismissed")
    audit_record(
        actor=actor,
        action="queue.dismiss",
        target=item,
        target_label=item.target_label,
        group=item.group,
        reason=reason,
    )
    return item


@transaction.atomic
def queue_item_escalate(*, actor, item: QueueItem, reason: str = "") -> QueueItem:
    """A facilitator passes an item to the moderators (it moves up their queue)."""
    check_can_act_on_item(actor, item)
    item = QueueItem.objects.select_for_update().get(pk=item.pk)
    if not item.is_open or item.escalated_at is not None:
        return item
    item.escalated_at = timezone.now()
    item.priority = min(item.priority, QueueItem.Priority.ESCALATED)
    item.save(update_fields=["escalated_at", "priority"])
    audit_record(
        actor=actor,
        action="queue.escalate",
        target=item,
        target_label=item.target_label,
        group=item.group,
        reason=reason,
    )
    for moderator in moderators():
        if moderator.pk in (actor.pk, item.subject_id):
            continue
        notification_create(
            recipient=moderator,
            kind=Notification.Kind.MODERATION,
            text=notice(
                gettext_noop(
                    "A facilitator asked the moderators to look at an item in the review queue."
                )
            ),
            url=f"/moderation/#item-{item.pk}",
            group=item.group,
            priority=Notification.Priority.HIGH,
        )
    return item


@transaction.atomic
def premoderation_approve(*, actor, item: QueueItem):
    """A facilitator lets a held post through."""
    check_can_act_on_item(actor, item)
    item = QueueItem.objects.select_for_update().get(pk=item.pk)
    target = item.target
    if target is None:
        raise Http404
    kind = kind_for(target)
    if not kind.is_held(target):
        return target
    kind.approve(target, actor=actor)
    resolve_open_items(target=target, actor=actor, resolution="approved")
    audit_record(
        actor=actor,
        action="premoderation.approve",
        target=target,
        target_label=kind.describe(target),
        group=item.group,
    )
    tell(
        kind.author_of(target),
        text=notice(
            gettext_noop(
                "Your %(noun)s in %(group)s was approved and is now visible to the group."
            ),
            noun=word(kind.noun),
            group=item.group.name if item.group else "",
        ),
        group=item.group,
        url=kind.url_of(target),
    )
    return target


@transaction.atomic
def premoderation_reject(*, actor, item: QueueItem, reason: str = ""):
    """A facilitator declines a held post: it is removed and its author told why."""
    check_can_act_on_item(actor, item)
    item = QueueItem.objects.select_for_update().get(pk=item.pk)
    target = item.target
    if target is None:
        raise Http404
    kind = kind_for(target)
    if not kind.is_held(target) or kind.is_removed(target):
        return target
    kind.delete(target, actor=actor)
    resolve_open_items(target=target, actor=actor, resolution="rejected")
    audit_record(
        actor=actor,
        action="premoderation.reject",
        target=target,
        target_label=kind.describe(target),
        group=item.group,
        reason=reason,
    )
    tell(
        kind.author_of(target),
        text=with_reason(
            notice(
                gettext_noop(
                    "Your %(noun)s in %(group)s was not approved this time. You are welcome to "
                    "write again; a facilitator can help with the ground rules."
                ),
                noun=word(kind.noun),
                group=item.group.name if item.group else "",
            ),
            reason,
        ),
        group=item.group,
    )
    return target
