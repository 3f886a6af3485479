"""When someone may be at risk: alert the people who can help, at once and after commit.

The group's facilitators and the moderators get a notification (live and by email) and, for a
high-priority alert, a banner on every page they have open until someone acknowledges it.
Crisis messages from one member in one place (a thread, a chat room) gather into the open
alert there with a count, so a burst of messages is one alert, not a flood. A "worried about
this member" report goes to moderators alone and never sends anything to the member it is
about.
"""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from community import realtime
from community.accounts.selectors import moderators
from community.crisis_screen import Context, crisis_assess
from groups.models import Membership
from notifications.models import Notification
from notifications.notices import notice
from notifications.services import notification_create

from .audit import audit_record
from .models import SafetyAlert, SafetyAlertMessage
from .permissions import check_can_report_worried, check_can_see_alert

CHECKIN_TEMPLATE = gettext_lazy(
    "Hi %(name)s, I noticed your message and wanted to check in. How are you doing right now? "
    "I'm here to listen, and if you'd like, I can share some support lines that are open now."
)

#: Sources whose ``source_id`` names a piece of writing an alert can show to responders.
MESSAGE_SOURCES = frozenset(
    {SafetyAlert.Source.POST, SafetyAlert.Source.THREAD, SafetyAlert.Source.CHAT}
)


def safety_place(kind: str, pk: int) -> str:
    """The place an alert groups by: ``thread:<pk>`` or ``room:<pk>`` (primary keys only)."""
    return f"{kind}:{int(pk)}"


def safety_responders(*, group, moderators_only: bool):
    responders = {user.pk: user for user in moderators()}
    if group is not None and not moderators_only:
        for membership in (
            Membership.objects.facilitators().filter(group=group).select_related("user")
        ):
            responders.setdefault(membership.user_id, membership.user)
    return list(responders.values())


def banner_recipient_ids(alert: SafetyAlert) -> list[int]:
    """Who sees the alert's banner: exactly the people ``can_see_alert`` lets read it.

    The group's facilitators (unless it is for moderators only) and the moderators who hold
    their powers (two-factor set up); never the member it is about.
    """
    ids = set(
        Authenticator.objects.filter(
            type=Authenticator.Type.TOTP, user__in=moderators()
        ).values_list("user_id", flat=True)
    )
    if alert.group_id is not None and not alert.moderators_only:
        ids |= set(
            Membership.objects.facilitators()
            .filter(group_id=alert.group_id)
            .values_list("user_id", flat=True)
        )
    ids.discard(alert.subject_id)
    return sorted(ids)


def alert_frame(alert: SafetyAlert) -> realtime.SafetyAlertFrame:
    return realtime.safety_alert_frame(
        alert_id=alert.pk,
        level=alert.level,
        category=alert.category,
        group=alert.group.name if alert.group_id else None,
        member=alert.subject_name,
        url=alert.source_url or f"/moderation/safety/#alert-{alert.pk}",
        count=alert.count,
        created=alert.created_at,
    )


def _banner_show(alert: SafetyAlert) -> None:
    """Show (or update the count of) a high-priority alert's banner, after commit."""
    if not alert.is_high or alert.state != SafetyAlert.State.OPEN:
        return
    frame = alert_frame(alert)
    for user_id in banner_recipient_ids(alert):
        realtime.user_safety_alert_on_commit(user_id=user_id, frame=frame)


def _banner_clear(alert: SafetyAlert) -> None:
    frame = realtime.safety_alert_closed_frame(alert_id=alert.pk)
    for user_id in banner_recipient_ids(alert):
        realtime.user_safety_alert_on_commit(user_id=user_id, frame=frame)


def _notify_responders(alert: SafetyAlert) -> None:
    where = alert.group.name if alert.group_id else notice(gettext_noop("the site"))
    if alert.is_high:
        message = gettext_noop(
            "Safety alert: %(name)s may need support (%(where)s). Please check in."
        )
    else:
        message = gettext_noop(
            "Concern: %(name)s may be struggling (%(where)s). A gentle check-in may help."
        )
    text = notice(message, name=alert.subject_name, where=where)
    for responder in safety_responders(group=alert.group, moderators_only=alert.moderators_only):
        if responder.pk == alert.subject_id:
            continue
        notification_create(
            recipient=responder,
            kind=Notification.Kind.SAFETY_ALERT,
            text=text,
            url=f"/moderation/safety/#alert-{alert.pk}",
            group=alert.group,
            priority=Notification.Priority.HIGH if alert.is_high else Notification.Priority.NORMAL,
            force_email=True,
            about=alert.subject,
        )


def _open_alert_at(*, subject, place: str) -> SafetyAlert | None:
    if not place or getattr(subject, "pk", None) is None:
        return None
    # Lock the alert row alone: PostgreSQL cannot lock the nullable side of the group join.
    return (
        SafetyAlert.objects.select_for_update(of=("self",))
        .select_related("group")
        .filter(subject=subject, place=place, state=SafetyAlert.State.OPEN)
        .first()
    )


def _gather(
    alert: SafetyAlert, *, level: str, category: str, source_url: str, counts: bool
) -> SafetyAlert:
    """One more crisis message in the place of an open alert: count it, keep the newest link,
    and raise the level when the new words are more urgent. An edit of writing the alert
    already holds (``counts`` False) changes the level only."""
    changes = {}
    if counts:
        changes = {"count": F("count") + 1, "last_raised_at": timezone.now()}
        if source_url:
            changes["source_url"] = source_url
    if level == SafetyAlert.Level.HIGH and not alert.is_high:
        changes.update(level=SafetyAlert.Level.HIGH, category=category or alert.category)
    if changes:
        SafetyAlert.objects.filter(pk=alert.pk).update(**changes)
        alert.refresh_from_db()
    return alert


def _create_or_join(fields: dict) -> tuple[SafetyAlert, bool]:
    """A new alert, or the one another process opened for this member and place a moment ago
    (the database allows one open alert per member and place)."""
    try:
        with transaction.atomic():
            return SafetyAlert.objects.create(**fields), True
    except IntegrityError:
        existing = _open_alert_at(subject=fields["subject"], place=fields["place"])
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def safety_alert_raise(
    *,
    subject,
    group,
    source: str,
    source_id: str = "",
    source_url: str = "",
    place: str = "",
    level: str | None = None,
    category: str = "",
    categories: tuple[str, ...] = (),
    moderators_only: bool = False,
    raised_by=None,
) -> SafetyAlert:
    """Store the alert and tell every responder at once (live, and by email after commit).

    With a ``place`` (``safety_place``), a crisis message where the same member already has an
    open alert is added to it (its count grows, its banner updates): nobody is emailed again,
    unless the new words raise it from concern to high.
    ``level`` is "high" or "concern" (None: high, the safe default). ``raised_by`` is the
    member behind a "worried about" report, kept only for rate limits.
    """
    level = level if level in SafetyAlert.Level.values else SafetyAlert.Level.HIGH
    category = (category or (categories[0] if categories else ""))[:40]
    alert = _open_alert_at(subject=subject, place=place)
    created = False
    if alert is None:
        fields = {
            "subject": subject,
            "subject_name": subject.username,
            "group": group,
            "source": source,
            "source_id": str(source_id),
            "source_url": source_url,
            "place": place,
            "level": level,
            "category": category,
            "categories": ",".join(categories)[:200],
            "moderators_only": moderators_only,
            "raised_by": raised_by if getattr(raised_by, "pk", None) else None,
        }
        alert, created = _create_or_join(fields)
    is_message = source in MESSAGE_SOURCES and bool(source_id)
    known = (
        is_message
        and not created
        and alert.messages.filter(source=source, source_id=str(source_id)).exists()
    )
    raised_to_high = False
    if not created:
        was_high = alert.is_high
        alert = _gather(
            alert, level=level, category=category, source_url=source_url, counts=not known
        )
        raised_to_high = alert.is_high and not was_high
    if is_message and not known:
        SafetyAlertMessage.objects.create(
            alert=alert,
            source=source,
            source_id=str(source_id),
            source_url=source_url,
            level=level,
            category=category,
        )
    if created or raised_to_high:
        # A concern that became urgent ("I want to end it tonight" after a quieter message)
        # is told again, at high priority and by email, like a new high alert.
        _notify_responders(alert)
    _banner_show(alert)
    return alert


def crisis_alert(
    *,
    author,
    text: str,
    group,
    source: str,
    source_id: str = "",
    source_url: str = "",
    lang: str | None = None,
    context: Context = (),
    place: str = "",
) -> SafetyAlert | None:
    """Run the one crisis detector over member text; on a hit, raise (or add to) the alert.

    The assessment's ``level`` and ``category`` are used when the detector gives them; an
    assessment without a level counts as high. The text is posted either way: people in
    crisis are not silenced. ``lang`` and ``context`` (the writer's last few messages nearby,
    or a function giving them) are passed to a detector that reads them
    (``community.crisis_screen``).
    """
    return crisis_alert_for(
        assessment=crisis_assess(text, lang=lang, context=context),
        author=author,
        group=group,
        source=source,
        source_id=source_id,
        source_url=source_url,
        place=place,
    )


def crisis_alert_for(
    *,
    assessment,
    author,
    group,
    source: str,
    source_id: str = "",
    source_url: str = "",
    place: str = "",
) -> SafetyAlert | None:
    """Raise (or add to) the alert for text the detector has already read: ``crisis_alert``'s
    second half, for the chat, whose detector reads a message right after it is stored and
    before the author is answered (``moderation.intake.member_text_read``), so that it runs
    once."""
    if not assessment.is_crisis:
        return None
    categories = tuple(getattr(assessment, "categories", ()) or ())
    return safety_alert_raise(
        subject=author,
        group=group,
        source=source,
        source_id=source_id,
        source_url=source_url,
        place=place,
        level=getattr(assessment, "level", None),
        category=getattr(assessment, "category", None) or "",
        categories=categories,
    )


def crisis_check_and_alert(
    *,
    author,
    text: str,
    group,
    source: str,
    source_id: str = "",
    source_url: str = "",
    lang: str | None = None,
    context: Context = (),
    place: str = "",
) -> bool:
    """``crisis_alert`` for callers that only need to know whether to show the panel."""
    return (
        crisis_alert(
            author=author,
            text=text,
            group=group,
            source=source,
            source_id=source_id,
            source_url=source_url,
            lang=lang,
            context=context,
            place=place,
        )
        is not None
    )


# ------------------------------------------------------------------ responding to alerts


@transaction.atomic
def safety_alert_acknowledge(*, actor, alert: SafetyAlert) -> SafetyAlert:
    """Someone has seen the alert and is checking in: it will not escalate."""
    check_can_see_alert(actor, alert)
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.state != SafetyAlert.State.OPEN:
        return alert
    alert.state = SafetyAlert.State.ACKNOWLEDGED
    alert.acknowledged_at = timezone.now()
    alert.acknowledged_by = actor
    alert.save(update_fields=["state", "acknowledged_at", "acknowledged_by"])
    _banner_clear(alert)
    audit_record(
        actor=actor,
        action="safety.acknowledge",
        target=alert,
        target_label=f"safety alert {alert.pk} about {alert.subject_name}",
        group=alert.group,
    )
    return alert


@transaction.atomic
def safety_alert_resolve(*, actor, alert: SafetyAlert, note: str = "") -> SafetyAlert:
    """The check-in is done. ``note`` is for the audit: describe the outcome, not words."""
    check_can_see_alert(actor, alert)
    alert = SafetyAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.state == SafetyAlert.State.RESOLVED:
        return alert
    was_open = alert.state == SafetyAlert.State.OPEN
    now = timezone.now()
    if alert.acknowledged_at is None:
        alert.acknowledged_at = now
        alert.acknowledged_by = actor
    alert.state = SafetyAlert.State.RESOLVED
    alert.resolved_at = now
    alert.resolved_by = actor
    alert.save(
        update_fields=["state", "acknowledged_at", "acknowledged_by", "resolved_at", "resolved_by"]
    )
    if was_open:
        _banner_clear(alert)
    audit_record(
        actor=actor,
        action="safety.resolve",
        target=alert,
        target_label=f"safety alert {alert.pk} about {alert.subject_name}",
        group=alert.group,
        reason=note[:2000],
    )
    return alert


def escalation_seconds() -> float:
    return float(settings.SAFETY_ESCALATION_SECONDS)


def safety_alerts_escalate(*, now=None) -> int:
    """Alerts nobody acknowledged in time go to every moderator, by email too. Idempotent.

    The task workers' scheduler runs this every ``SAFETY_ESCALATION_CHECK_SECONDS``
    (``moderation.tasks``). Each alert is escalated once (``escalated_at``), in its own
    transaction, with the row locked so that two runs at once do not both send; the
    notifications and their email tasks are written in that same transaction.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=escalation_seconds())
    due = list(
        SafetyAlert.objects.filter(
            state=SafetyAlert.State.OPEN, escalated_at__isnull=True, created_at__lte=cutoff
        ).values_list("pk", flat=True)
    )
    escalated = 0
    for pk in due:
        with transaction.atomic():
            alert = (
                SafetyAlert.objects.select_for_update()
                .filter(pk=pk, state=SafetyAlert.State.OPEN, escalated_at__isnull=True)
                .first()
            )
            if alert is None:
                continue
            alert.escalated_at = now
            alert.save(update_fields=["escalated_at"])
            audit_record(
                actor=None,
                action="safety.escalate",
                target=alert,
                target_label=f"safety alert {alert.pk} about {alert.subject_name}",
                group=alert.group,
                reason=f"not acknowledged within {escalation_seconds():g} seconds",
            )
            text = notice(
                gettext_noop(
                    "Safety alert not yet acknowledged: %(name)s may need support. "
                    "Please check in, or acknowledge the alert if someone already has."
                ),
                name=alert.subject_name,
            )
            for moderator in moderators():
                if moderator.pk == alert.subject_id:
                    continue
                notification_create(
                    recipient=moderator,
                    kind=Notification.Kind.SAFETY_ALERT,
                    text=text,
                    url=f"/moderation/safety/#alert-{alert.pk}",
                    group=alert.group,
                    priority=Notification.Priority.HIGH,
                    force_email=True,
                    about=alert.subject_id,
                )
            escalated += 1
    return escalated


# ------------------------------------------------------------------ "I'm worried about …"

WORRIED_PER_DAY = 3


@transaction.atomic
def worried_report_create(*, reporter, subject, group=None, source_url: str = "") -> SafetyAlert:
    """A member is worried about another member: trained moderators alone are told.

    Nothing is ever sent to the member it is about. Limited to a few a day per reporter, and
    one a day per reporter and member, so that it cannot be used to harass anyone.
    """
    check_can_report_worried(reporter=reporter, subject=subject)
    since = timezone.now() - timedelta(days=1)
    recent = SafetyAlert.objects.filter(
        raised_by=reporter, source=SafetyAlert.Source.WORRIED_REPORT, created_at__gte=since
    )
    if recent.filter(subject=subject).exists():
        raise ValidationError(
            _("Thank you, you already told us about this member today. The moderators have it.")
        )
    if recent.count() >= WORRIED_PER_DAY:
        raise ValidationError(
            _(
                "You have shared several worries today. Please try again tomorrow, or use the help "
                "page if someone is in danger now."
            )
        )
    return safety_alert_raise(
        subject=subject,
        group=group,
        source=SafetyAlert.Source.WORRIED_REPORT,
        source_url=source_url,
        moderators_only=True,
        raised_by=reporter,
    )
