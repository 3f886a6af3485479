"""When someone may be at risk: alert the people who can help, at once and after commit.

The group's facilitators and the moderators get a high-priority notification (live and by
email). A "worried about this member" report goes to moderators alone and never sends
anything to the member it is about.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from community.accounts.selectors import moderators
from community.crisis_screen import Context, crisis_assess
from groups.models import Membership
from notifications.models import Notification
from notifications.notices import notice
from notifications.services import notification_create

from .audit import audit_record
from .models import SafetyAlert
from .permissions import check_can_report_worried, check_can_see_alert

CHECKIN_TEMPLATE = gettext_lazy(
    "Hi %(name)s, I noticed your message and wanted to check in. How are you doing right now? "
    "I'm here to listen, and if you'd like, I can share some support lines that are open now."
)


def safety_responders(*, group, moderators_only: bool):
    responders = {user.pk: user for user in moderators()}
    if group is not None and not moderators_only:
        for membership in (
            Membership.objects.facilitators().filter(group=group).select_related("user")
        ):
            responders.setdefault(membership.user_id, membership.user)
    return list(responders.values())


@transaction.atomic
def safety_alert_raise(
    *,
    subject,
    group,
    source: str,
    source_id: str = "",
    source_url: str = "",
    categories: tuple[str, ...] = (),
    moderators_only: bool = False,
    raised_by=None,
) -> SafetyAlert:
    """Store the alert and tell every responder at once (live, and by email after commit).

    ``raised_by`` is the member behind a "worried about" report, kept only for rate limits.
    """
    alert = SafetyAlert.objects.create(
        subject=subject,
        subject_name=subject.username,
        group=group,
        source=source,
        source_id=str(source_id),
        source_url=source_url,
        categories=",".join(categories),
        moderators_only=moderators_only,
        raised_by=raised_by if getattr(raised_by, "pk", None) else None,
    )
    where = group.name if group is not None else notice(gettext_noop("the site"))
    text = notice(
        gettext_noop("Safety alert: %(name)s may need support (%(where)s). Please check in."),
        name=subject.username,
        where=where,
    )
    for responder in safety_responders(group=group, moderators_only=moderators_only):
        if responder.pk == subject.pk:
            continue
        notification_create(
            recipient=responder,
            kind=Notification.Kind.SAFETY_ALERT,
            text=text,
            url=f"/moderation/safety/#alert-{alert.pk}",
            group=group,
            priority=Notification.Priority.HIGH,
            force_email=True,
            about=subject,
        )
    return alert


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
) -> bool:
    """Run the one crisis detector over member text; on a hit, raise the safety alert.

    Returns True when the author should see the calm resources panel. The text is posted
    either way: people in crisis are not silenced. ``lang`` and ``context`` (the writer's
    last few messages nearby, or a function giving them) are passed to a detector that reads
    them (``community.crisis_screen``).
    """
    assessment = crisis_assess(text, lang=lang, context=context)
    if not assessment.is_crisis:
        return False
    safety_alert_raise(
        subject=author,
        group=group,
        source=source,
        source_id=source_id,
        source_url=source_url,
        categories=assessment.categories,
    )
    return True


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
