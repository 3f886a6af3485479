"""Moderation writes: reports, queue decisions, actions on content and members.

Each function takes keyword arguments, names the acting user, checks permission first, and
writes the audit entry itself. The member affected is told what happened and why in calm
words; nothing tells them who reported them.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.accounts.permissions import has_moderator_role
from community.ratelimit import rate_limit_allow
from community.textcheck import check_storable
from groups.models import Membership, SupportGroup
from groups.permissions import is_moderator
from notifications.channels import user_group_name
from notifications.models import Notification
from notifications.notices import Notice, notice, word
from notifications.services import notification_create

from .audit import audit_record
from .models import (
    REASON_BITS,
    SAFETY_REASONS,
    ModeratorPreference,
    QueueItem,
    Reason,
    Report,
    WatchedWord,
)
from .permissions import (
    can_moderate_group,
    check_can_moderate_group,
    check_can_suspend,
    check_is_moderator,
    check_not_self,
)
from .targets import kind_for
from .watched import Verdict, block_message, watched_words_changed, watched_words_check

logger = logging.getLogger(__name__)

REPORTS_PER_HOUR = 20
MAX_MUTE_MINUTES = 60 * 24 * 30
MAX_SUSPEND_DAYS = 365
REASON_IN_NOTIFICATION = 160

_REASON_PRIORITY = {
    Reason.RISK_OF_HARM.value: QueueItem.Priority.SAFETY,
    Reason.HARASSMENT.value: QueueItem.Priority.HIGH,
    Reason.UNSAFE_ADVICE.value: QueueItem.Priority.HIGH,
    Reason.SPAM.value: QueueItem.Priority.NORMAL,
    Reason.OTHER.value: QueueItem.Priority.NORMAL,
}


# ---------------------------------------------------------------- helpers


def _active_membership(user, group) -> Membership | None:
    if group is None or user is None:
        return None
    return Membership.objects.filter(user=user, group=group, state=Membership.State.ACTIVE).first()


def _check_can_act_on_item(actor, item: QueueItem) -> None:
    if item.group_id is None:
        check_is_moderator(actor)
    else:
        check_can_moderate_group(actor, item.group)
    if item.subject_id is not None and item.subject_id == actor.pk:
        # Nobody reviews reports about themselves.
        raise PermissionDenied(_("Another facilitator or a moderator will review this item."))


def _check_can_act_on_member(actor, member, group) -> None:
    """Facilitators act on the members of their groups, not on co-facilitators or moderators."""
    check_not_self(actor, member)
    if group is None:
        check_is_moderator(actor)
    else:
        check_can_moderate_group(actor, group)
    if is_moderator(actor):
        return
    if has_moderator_role(member):
        raise PermissionDenied(_("Only moderators can act on a moderator's account."))
    membership = _active_membership(member, group)
    if membership is not None and membership.role == Membership.Role.FACILITATOR:
        raise PermissionDenied(_("Please ask a moderator to act on a facilitator's account."))


def _short(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) > REASON_IN_NOTIFICATION:
        reason = reason[: REASON_IN_NOTIFICATION - 1] + "…"
    return reason


def _tell(member, *, text: Notice, group=None, url: str = "") -> None:
    """A moderation outcome for the member it is about. Never names a reporter."""
    if member is None or not member.is_active:
        return
    notification_create(
        recipient=member,
        kind=Notification.Kind.MODERATION,
        text=text,
        url=url,
        group=group,
    )


def _with_reason(text: Notice, reason: str) -> Notice:
    reason = _short(reason)
    if not reason:
        return text
    return text + notice(gettext_noop("The reason given: %(reason)s"), reason=reason)


def _resolve_open_items(*, target, actor, resolution: str) -> int:
    content_type = ContentType.objects.get_for_model(target)
    return QueueItem.objects.filter(
        content_type=content_type, object_id=target.pk, state=QueueItem.State.OPEN
    ).update(
        state=QueueItem.State.RESOLVED,
        resolution=resolution,
        resolved_at=timezone.now(),
        resolved_by=actor,
    )


def _resolve(item: QueueItem, *, actor, resolution: str) -> None:
    item.state = QueueItem.State.RESOLVED
    item.resolution = resolution
    item.resolved_at = timezone.now()
    item.resolved_by = actor
    item.save(update_fields=["state", "resolution", "resolved_at", "resolved_by"])


def _resolve_item_after_member_action(item, *, actor, resolution: str) -> None:
    """A decision about a member closes the queue item it was taken from."""
    if item is None:
        return
    QueueItem.objects.filter(pk=item.pk, state=QueueItem.State.OPEN).update(
        state=QueueItem.State.RESOLVED,
        resolution=resolution,
        resolved_at=timezone.now(),
        resolved_by=actor,
    )


def _disconnect(*, user_id: int, group_id: int | None) -> None:
    """Close the member's live connections once the decision is stored (chat: one group or
    all; notifications too when the whole account is paused)."""
    from chat.services import disconnect_member

    disconnect_member(user_id=user_id, group_id=group_id)
    if group_id is None:
        transaction.on_commit(lambda: _close_notification_sockets(user_id))


def _close_notification_sockets(user_id: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            user_group_name(user_id), {"type": "session.close", "code": 4403}
        )
    except Exception:
        logger.warning("closing live connections failed for user %s", user_id)


def _open_item(*, target, source: str, priority: int) -> tuple[QueueItem, bool]:
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


def _notify_reviewers_of_new_item(item: QueueItem) -> None:
    """Tell the group's facilitators (and, for safety items, the moderators) once per item."""
    from .safety import moderators

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
    if item.is_safety:
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


# ---------------------------------------------------------------- reports


def check_can_report(*, reporter, target, group: SupportGroup | None) -> SupportGroup:
    """The reporter must be able to see the target; returns the group the report belongs to.

    Anything a reporter could not see answers 404, the same as something that does not exist.
    """
    if not getattr(reporter, "is_authenticated", False):
        raise Http404
    try:
        kind = kind_for(target)
    except LookupError:
        raise Http404 from None
    if not kind.content:
        if target.pk == reporter.pk:
            raise ValidationError(_("You cannot report yourself."))
        candidates = [group] if group is not None else None
        shared = Membership.objects.filter(user=target, state=Membership.State.ACTIVE)
        if candidates is not None:
            shared = shared.filter(group__in=candidates)
        shared_ids = list(shared.values_list("group_id", flat=True))
        if not is_moderator(reporter):
            shared_ids = list(
                Membership.objects.filter(
                    user=reporter, state=Membership.State.ACTIVE, group_id__in=shared_ids
                ).values_list("group_id", flat=True)
            )
        if not shared_ids:
            raise Http404
        return SupportGroup.objects.get(pk=sorted(shared_ids)[0])
    content_group = kind.group_of(target)
    if content_group is None:
        raise Http404
    if not is_moderator(reporter) and _active_membership(reporter, content_group) is None:
        raise Http404
    if not kind.visible_to(target, reporter):
        raise Http404
    if kind.is_removed(target) or kind.is_hidden(target) or not kind.is_visible(target):
        raise Http404
    if kind.is_held(target) and not can_moderate_group(reporter, content_group):
        raise Http404  # waiting for approval: only its author and the facilitators see it
    author = kind.author_of(target)
    if author is not None and author.pk == reporter.pk:
        raise ValidationError(_("You cannot report your own words. You can edit or delete them."))
    return content_group


def _check_report_rate(reporter) -> None:
    """The site's one rate limiter; the view answers ``code="rate_limited"`` with a 429."""
    allowed, _retry_after = rate_limit_allow(
        scope="report", key=reporter.pk, limit=REPORTS_PER_HOUR, period=3600
    )
    if not allowed:
        raise ValidationError(
            _("You have sent many reports in the last hour. Please wait a little and try again."),
            code="rate_limited",
        )


@transaction.atomic
def report_create(
    *, reporter, target, reason: str, note: str = "", group: SupportGroup | None = None
) -> Report:
    """A member reports a post, a thread, a chat message or a member (``group`` says where).

    Reports on one target gather into one open queue item with a count. A second report by
    the same member updates theirs instead of counting twice.
    """
    group = check_can_report(reporter=reporter, target=target, group=group)
    if reason not in REASON_BITS:
        raise ValidationError(_("Please choose a reason for the report."))
    note = (note or "").strip()[:1000]
    check_storable(note, field="note")
    _check_report_rate(reporter)
    priority = _REASON_PRIORITY[reason]
    item, created = _open_item(target=target, source=QueueItem.Source.REPORT, priority=priority)
    if item.group_id is None:
        item.group = group
    report, report_created = Report.objects.get_or_create(
        item=item, reporter=reporter, defaults={"reason": reason, "note": note}
    )
    if not report_created:
        report.reason = reason
        report.note = note or report.note
        report.save(update_fields=["reason", "note"])
    was_safety = item.is_safety
    item.reason_mask |= REASON_BITS[reason]
    item.report_count = item.reports.count()
    item.priority = min(item.priority, priority)
    if item.source != QueueItem.Source.REPORT and item.report_count:
        item.source = QueueItem.Source.REPORT
    item.save(update_fields=["group", "reason_mask", "report_count", "priority", "source"])
    if created or (item.is_safety and not was_safety):
        _notify_reviewers_of_new_item(item)
    return report


# ---------------------------------------------------------------- queue decisions


@transaction.atomic
def queue_item_dismiss(*, actor, item: QueueItem, reason: str = "") -> QueueItem:
    """Nothing to act on: close the item. The member it is about is not told of it."""
    _check_can_act_on_item(actor, item)
    item = QueueItem.objects.select_for_update().get(pk=item.pk)
    if not item.is_open:
        return item
    _resolve(item, actor=actor, resolution="dismissed")
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
    from .safety import moderators

    _check_can_act_on_item(actor, item)
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


# ---------------------------------------------------------------- content


def _content_kind_and_group(target):
    kind = kind_for(target)
    if not kind.content:
        raise ValidationError(_("Only posts and messages can be hidden or deleted."))
    return kind, kind.group_of(target)


@transaction.atomic
def content_hide(*, actor, target, reason: str = ""):
    """Hide a post or message from the group (reversible with :func:`content_unhide`)."""
    kind, group = _content_kind_and_group(target)
    check_can_moderate_group(actor, group)
    if not kind.can_hide:
        raise ValidationError(_("Chat messages can be removed, not hidden."))
    if kind.is_hidden(target):
        return target
    kind.hide(target, actor=actor)
    _resolve_open_items(target=target, actor=actor, resolution="hidden")
    audit_record(
        actor=actor,
        action="content.hide",
        target=target,
        target_label=kind.describe(target),
        group=group,
        reason=reason,
    )
    _tell(
        kind.author_of(target),
        text=_with_reason(
            notice(
                gettext_noop(
                    "One of your %(noun)s in %(group)s has been hidden by the group's "
                    "moderators. If you would like to talk about it, a facilitator is glad to help."
                ),
                noun=word(kind.noun),
                group=group.name,
            ),
            reason,
        ),
        group=group,
    )
    return target


@transaction.atomic
def content_unhide(*, actor, target, reason: str = ""):
    kind, group = _content_kind_and_group(target)
    check_can_moderate_group(actor, group)
    if not kind.is_hidden(target):
        return target
    kind.unhide(target, actor=actor)
    audit_record(
        actor=actor,
        action="content.unhide",
        target=target,
        target_label=kind.describe(target),
        group=group,
        reason=reason,
    )
    _tell(
        kind.author_of(target),
        text=notice(
            gettext_noop("One of your %(noun)s in %(group)s is visible again."),
            noun=word(kind.noun),
            group=group.name,
        ),
        group=group,
    )
    return target


@transaction.atomic
def content_delete(*, actor, target, reason: str = ""):
    """Remove a post or message for good; the audit keeps only a description of it."""
    kind, group = _content_kind_and_group(target)
    check_can_moderate_group(actor, group)
    if kind.is_removed(target):
        return target
    kind.delete(target, actor=actor)
    _resolve_open_items(target=target, actor=actor, resolution="deleted")
    audit_record(
        actor=actor,
        action="content.delete",
        target=target,
        target_label=kind.describe(target),
        group=group,
        reason=reason,
    )
    _tell(
        kind.author_of(target),
        text=_with_reason(
            notice(
                gettext_noop(
                    "One of your %(noun)s in %(group)s has been removed by the group's "
                    "moderators. If you would like to talk about it, a facilitator is glad to help."
                ),
                noun=word(kind.noun),
                group=group.name,
            ),
            reason,
        ),
        group=group,
    )
    return target


# ---------------------------------------------------------------- members


@transaction.atomic
def member_warn(
    *, actor, member, group: SupportGroup | None, reason: str, item: QueueItem | None = None
):
    """A word from the moderators to a member: a reminder of the ground rules."""
    _check_can_act_on_member(actor, member, group)
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
    _tell(
        member,
        text=_with_reason(
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
    _resolve_item_after_member_action(item, actor=actor, resolution="warned")
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
    _check_can_act_on_member(actor, member, group)
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_MUTE_MINUTES:
        raise ValidationError(_("Please choose a mute between 1 minute and 30 days."))
    membership = _active_membership(member, group)
    if membership is None:
        raise ValidationError(_("This person is not an active member of the group."))
    membership.muted_until = timezone.now() + timedelta(minutes=minutes)
    membership.save(update_fields=["muted_until", "updated_at"])
    from chat.services import access_changed

    access_changed(
        user_id=member.pk,
        group_id=group.pk,
        notice={
            "type": "notice",
            "code": "muted",
            "detail": _("Your messages in this group are paused for a while. You can still read."),
        },
    )
    audit_record(
        actor=actor,
        action="member.mute",
        target=member,
        target_label=f"member {member.username} for {minutes} min",
        group=group,
        reason=reason,
    )
    _tell(
        member,
        text=_with_reason(
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
    _resolve_item_after_member_action(item, actor=actor, resolution="muted")
    return membership


@transaction.atomic
def member_remove(
    *, actor, member, group: SupportGroup, reason: str = "", item: QueueItem | None = None
) -> Membership:
    """The member leaves the group for good (they cannot rejoin without a moderator)."""
    from groups.services import offer_seat_to_waitlist

    _check_can_act_on_member(actor, member, group)
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
    _tell(
        member,
        text=_with_reason(
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
    _disconnect(user_id=member.pk, group_id=group.pk)
    _resolve_item_after_member_action(item, actor=actor, resolution="removed")
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
    _tell(
        member,
        text=_with_reason(
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
    _disconnect(user_id=member.pk, group_id=None)
    _resolve_item_after_member_action(item, actor=actor, resolution="suspended")
    return member


# ---------------------------------------------------------------- pre-moderation & flags


def premoderation_required(*, author, group: SupportGroup) -> bool:
    """True while a member has fewer approved posts in the group than it holds for review."""
    if group.premoderated_post_count <= 0 or is_moderator(author):
        return False
    membership = _active_membership(author, group)
    if membership is not None and membership.role == Membership.Role.FACILITATOR:
        return False
    post_model = apps.get_model("groups", "Post") if _has_model("groups", "Post") else None
    if post_model is None:
        return False
    approved = post_model.objects.filter(
        author=author, thread__group=group, held_for_review=False, hidden_at__isnull=True
    ).count()
    return approved < group.premoderated_post_count


def _has_model(app_label: str, model_name: str) -> bool:
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return False
    return True


def _add_rule_ids(item: QueueItem, rule_ids) -> None:
    ids = sorted({*map(int, filter(None, item.watched_rule_ids.split(","))), *rule_ids})
    item.watched_rule_ids = ",".join(map(str, ids))[:200]


@transaction.atomic
def queue_item_hold(*, target, rule_ids: tuple[int, ...] = ()) -> QueueItem:
    """A held post (new member or a "hold" watched word) waits in its group's queue."""
    item, created = _open_item(
        target=target, source=QueueItem.Source.PREMODERATION, priority=QueueItem.Priority.WAITING
    )
    if item.source == QueueItem.Source.WATCHED_WORD:
        item.source = QueueItem.Source.PREMODERATION
    item.priority = min(item.priority, QueueItem.Priority.WAITING)
    _add_rule_ids(item, rule_ids)
    item.save(update_fields=["source", "priority", "watched_rule_ids"])
    if created:
        _notify_reviewers_of_new_item(item)
    return item


@transaction.atomic
def queue_item_flag(*, target, rule_ids: tuple[int, ...]) -> QueueItem:
    """Text that matched a "flag" watched word: posted, and a review item is opened."""
    item, created = _open_item(
        target=target, source=QueueItem.Source.WATCHED_WORD, priority=QueueItem.Priority.NORMAL
    )
    _add_rule_ids(item, rule_ids)
    item.save(update_fields=["watched_rule_ids"])
    if created:
        _notify_reviewers_of_new_item(item)
    return item


def watched_words_screen(*, text: str) -> Verdict:
    """The forum's and chat's one call before storing text: blocked text is refused here."""
    verdict = watched_words_check(text)
    if verdict.blocked:
        raise ValidationError(block_message())
    return verdict


def moderation_after_save(*, target, held: bool, verdict: Verdict) -> None:
    """After a post or message is stored: a held one waits in the queue, a flagged one is
    posted and gets a queue item."""
    if held:
        queue_item_hold(target=target, rule_ids=verdict.rule_ids if verdict.held else ())
    elif verdict.flagged:
        queue_item_flag(target=target, rule_ids=verdict.rule_ids)


@transaction.atomic
def premoderation_approve(*, actor, item: QueueItem):
    """A facilitator lets a held post through."""
    _check_can_act_on_item(actor, item)
    item = QueueItem.objects.select_for_update().get(pk=item.pk)
    target = item.target
    if target is None:
        raise Http404
    kind = kind_for(target)
    if not kind.is_held(target):
        return target
    kind.approve(target, actor=actor)
    _resolve_open_items(target=target, actor=actor, resolution="approved")
    audit_record(
        actor=actor,
        action="premoderation.approve",
        target=target,
        target_label=kind.describe(target),
        group=item.group,
    )
    _tell(
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
    _check_can_act_on_item(actor, item)
    item = QueueItem.objects.select_for_update().get(pk=item.pk)
    target = item.target
    if target is None:
        raise Http404
    kind = kind_for(target)
    if not kind.is_held(target) or kind.is_removed(target):
        return target
    kind.delete(target, actor=actor)
    _resolve_open_items(target=target, actor=actor, resolution="rejected")
    audit_record(
        actor=actor,
        action="premoderation.reject",
        target=target,
        target_label=kind.describe(target),
        group=item.group,
        reason=reason,
    )
    _tell(
        kind.author_of(target),
        text=_with_reason(
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


# ---------------------------------------------------------------- moderator wellbeing


@transaction.atomic
def moderator_preference_set(*, actor, hidden_reasons: list[str]) -> ModeratorPreference:
    """A moderator chooses categories of reports they would rather not review."""
    check_is_moderator(actor)
    reasons = sorted({r for r in hidden_reasons if r in REASON_BITS})
    preference, _created = ModeratorPreference.objects.update_or_create(
        user=actor, defaults={"hidden_reasons": reasons}
    )
    return preference


def safety_reasons() -> frozenset[str]:
    return SAFETY_REASONS


def can_act_on_item(user, item: QueueItem) -> bool:
    if item.subject_id is not None and item.subject_id == user.pk:
        return False
    if item.group_id is None:
        return is_moderator(user)
    return can_moderate_group(user, item.group)


# ---------------------------------------------------------------- watched words


def _watched_words_changed_now_and_on_commit() -> None:
    """Recompile now (this process sees its own write) and again once the change commits
    (another process that recompiled in between read the old list)."""
    watched_words_changed()
    transaction.on_commit(watched_words_changed)


def _watched_label(word: WatchedWord) -> str:
    return f"watched {word.kind} {word.pk}: {word.text} ({word.action})"[:200]


@transaction.atomic
def watched_word_create(
    *, actor, text: str, kind: str, action: str, note: str = "", active: bool = True
) -> WatchedWord:
    check_is_moderator(actor)
    word = WatchedWord(
        text=(text or "").strip(),
        kind=kind,
        action=action,
        note=note,
        active=active,
        created_by=actor,
    )
    word.full_clean()
    word.save()
    audit_record(
        actor=actor, action="watched_word.create", target=word, target_label=_watched_label(word)
    )
    _watched_words_changed_now_and_on_commit()
    return word


@transaction.atomic
def watched_word_update(
    *,
    actor,
    word: WatchedWord,
    text: str,
    kind: str,
    action: str,
    note: str = "",
    active: bool = True,
) -> WatchedWord:
    check_is_moderator(actor)
    word.text, word.kind, word.action = (text or "").strip(), kind, action
    word.note, word.active = note, active
    word.full_clean()
    word.save()
    audit_record(
        actor=actor, action="watched_word.update", target=word, target_label=_watched_label(word)
    )
    _watched_words_changed_now_and_on_commit()
    return word


@transaction.atomic
def watched_word_delete(*, actor, word: WatchedWord) -> None:
    check_is_moderator(actor)
    audit_record(
        actor=actor, action="watched_word.delete", target=word, target_label=_watched_label(word)
    )
    word.delete()
    _watched_words_changed_now_and_on_commit()
