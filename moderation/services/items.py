"""Queue items: one open item per target gathers its reports, holds and watched-word flags.

Opening an item is race-safe (a unique constraint on the open item per target); reviewers
are told once per new item, facilitators for their group and moderators for safety items.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from community.accounts.selectors import moderators
from groups.models import Membership
from notifications.models import Notification
from notifications.notices import notice
from notifications.services import notification_create

from ..models import QueueItem
from ..targets import kind_for


def resolve_open_items(*, target, actor, resolution: str) -> int:
    content_type = ContentType.objects.get_for_model(target)
    return QueueItem.objects.filter(
        content_type=content_type, object_id=target.pk, state=QueueItem.State.OPEN
    ).update(
        state=QueueItem.State.RESOLVED,
        resolution=resolution,
        resolved_at=timezone.now(),
        resolved_by=actor,
    )


def resolve(item: QueueItem, *, actor, resolution: str) -> None:
    item.state = QueueItem.State.RESOLVED
    item.resolution = resolution
    item.resolved_at = timezone.now()
    item.resolved_by = actor
    item.save(update_fields=["state", "resolution", "resolved_at", "resolved_by"])


def reopen(item: QueueItem) -> bool:
    """A decision taken back: the item waits in the queue again, unless the target has a newer
    open item by now (new reports gathered there), which then carries on alone."""
    newer = QueueItem.objects.filter(
        content_type_id=item.content_type_id, object_id=item.object_id, state=QueueItem.State.OPEN
    ).exclude(pk=item.pk)
    if newer.exists():
        return False
    item.state = QueueItem.State.OPEN
    item.resolution = ""
    item.resolved_at = None
    item.resolved_by = None
    try:
        with transaction.atomic():
            item.save(update_fields=["state", "resolution", "resolved_at", "resolved_by"])
    except IntegrityError:
        return False
    return True


def resolve_item_after_member_action(item, *, actor, resolution: str) -> None:
    """A decision about a member closes the queue item it was taken from."""
    if item is None:
        return
    QueueItem.objects.filter(pk=item.pk, state=QueueItem.State.OPEN).update(
        state=QueueItem.State.RESOLVED,
        resolution=resolution,
        resolved_at=timezone.now(),
        resolved_by=actor,
    )


def open_item(*, target, source: str, priority: int) -> tuple[QueueItem, bool]:
    """The open queue item for ``target`` and whether it is new (race-safe via the constraint)."""
    kind = kind_for(target)
    content_type = ContentType.objects.get_for_model(target)
    lookup = {"content_type": content_type, "object_id": target.pk, "state": QueueItem.State.OPEN}
    item = QueueItem.objects.select_for_update().filter(**lookup).first()
    if item is not None:
        return item, False
    try:
        with transaction.atomic():
            item = QueueItem.objects.create(
                **lookup,
                source=source,
                priority=priority,
                target_label=kind.describe(target),
                group=kind.group_of(target),
                subject=kind.author_of(target),
            )
            return item, True
    except IntegrityError:
        return QueueItem.objects.select_for_update().get(**lookup), False


def notify_reviewers_of_new_item(item: QueueItem) -> None:
    """Tell the group's facilitators (and, for safety items, the moderators) once per item."""
    recipients = {}
    if item.group_id is not None:
        for membership in (
            Membership.objects.facilitators().filter(group_id=item.group_id).select_related("user")
        ):
            recipients[membership.user_id] = membership.user
    if item.group_id is None or item.is_safety:
        for moderator in moderators():
            recipients.setdefault(moderator.pk, moderator)
    recipients.pop(item.subject_id, None)
    if item.is_safety and item.source == QueueItem.Source.PREMODERATION:
        text = notice(
            gettext_noop(
                "A post waiting for approval reads as a crisis. It is at the top of the review "
                "queue; please look at it first."
            )
        )
        priority = Notification.Priority.HIGH
    elif item.is_safety:
        text = notice(
            gettext_noop(
                "A report says someone may be at risk. Please look at the review queue soon."
            )
        )
        priority = Notification.Priority.HIGH
    else:
        text = notice(gettext_noop("There is something new in the review queue."))
        priority = Notification.Priority.NORMAL
    url = (
        f"/moderation/groups/{item.group.slug}/#item-{item.pk}"
        if item.group_id
        else f"/moderation/#item-{item.pk}"
    )
    for recipient in recipients.values():
        notification_create(
            recipient=recipient,
            kind=Notification.Kind.MODERATION,
            text=text,
            url=url,
            group=item.group,
            priority=priority,
        )


def _add_rule_ids(item: QueueItem, rule_ids) -> None:
    ids = sorted({*map(int, filter(None, item.watched_rule_ids.split(","))), *rule_ids})
    item.watched_rule_ids = ",".join(map(str, ids))[:200]


@transaction.atomic
def queue_item_hold(*, target, rule_ids: tuple[int, ...] = (), safety: bool = False) -> QueueItem:
    """A held post (new member or a "hold" watched word) waits in its group's queue; one that
    reads as a crisis (``safety``) waits first, tagged, and the moderators are told too."""
    priority = QueueItem.Priority.SAFETY if safety else QueueItem.Priority.WAITING
    item, created = open_item(
        target=target, source=QueueItem.Source.PREMODERATION, priority=priority
    )
    if item.source == QueueItem.Source.WATCHED_WORD:
        item.source = QueueItem.Source.PREMODERATION
    item.priority = min(item.priority, priority)
    _add_rule_ids(item, rule_ids)
    item.save(update_fields=["source", "priority", "watched_rule_ids"])
    if created:
        notify_reviewers_of_new_item(item)
    return item


@transaction.atomic
def queue_item_flag(*, target, rule_ids: tuple[int, ...]) -> QueueItem:
    """Text that matched a "flag" watched word: posted, and a review item is opened."""
    item, created = open_item(
        target=target, source=QueueItem.Source.WATCHED_WORD, priority=QueueItem.Priority.NORMAL
    )
    _add_rule_ids(item, rule_ids)
    item.save(update_fields=["watched_rule_ids"])
    if created:
        notify_reviewers_of_new_item(item)
    return item
