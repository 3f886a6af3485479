"""Creating notifications: stored, then pushed live and emailed once the transaction commits.

Emails are discreet: a generic subject and no words a member wrote, because a shared inbox or a
lock-screen preview must not reveal what happens here.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community import realtime
from community.accounts.selectors import has_blocked

from .models import EMAIL_DEFAULTS, EmailPreference, Notification

logger = logging.getLogger(__name__)
GENERIC_EMAIL_SUBJECT = "You have a new notification"
# Staff must be able to pick a safety alert out of their inbox at once, yet the subject
# names no one, quotes nothing and, like every subject, does not say what this site is about.
SAFETY_ALERT_EMAIL_SUBJECT = gettext_lazy("Urgent: an alert is waiting for you")
# A block never silences safety: alerts, check-in requests and moderation outcomes still arrive.
UNBLOCKABLE_KINDS = frozenset(
    {
        Notification.Kind.SAFETY_ALERT,
        Notification.Kind.CHECKIN_REQUEST,
        Notification.Kind.MODERATION,
    }
)


def wants_email(*, user, kind: str) -> bool:
    pref = EmailPreference.objects.filter(user=user, kind=kind).values_list("email", flat=True)
    if pref:
        return pref[0]
    return EMAIL_DEFAULTS.get(kind, False)


def _email(notification: Notification) -> None:
    recipient = notification.recipient
    if not recipient.email:
        return
    if notification.kind == Notification.Kind.SAFETY_ALERT:
        subject, body = _safety_alert_email()
    else:
        subject = GENERIC_EMAIL_SUBJECT
        body = _(
            "Hello %(name)s,\n\nYou have a new notification. Sign in to read it:\n%(url)s\n\n"
            "You can change which emails you get in your notification settings."
        ) % {"name": recipient.username, "url": f"{settings.SITE_URL}/me/notifications/"}
    send_mail(subject, body, None, [recipient.email], fail_silently=True)


def _safety_alert_email() -> tuple[str, str]:
    """A subject staff can pick out of an inbox at once, which still names nobody.

    Neither the subject nor the body names the member or quotes what they wrote (nor even the
    recipient: a lock screen or a shared inbox shows nothing of anyone); the words stay behind
    sign-in, on the staff home.
    """
    body = _(
        "Hello,\n\nAn alert is waiting for you: someone in the community may need a check-in "
        "soon. Please sign in to see it:\n%(url)s\n\n"
        "This email holds no details on purpose."
    ) % {"url": f"{settings.SITE_URL}/staff/"}
    return str(SAFETY_ALERT_EMAIL_SUBJECT), str(body)


def notification_create(
    *,
    recipient,
    kind: str,
    text: str,
    url: str = "",
    group=None,
    priority: str = Notification.Priority.NORMAL,
    force_email: bool = False,
    actor=None,
) -> Notification | None:
    """Store a notification; after commit, push it live and email it if the member wants.

    ``actor`` is the member whose action caused it (a reply, a mention). When the recipient
    has blocked them, nothing is stored or sent and ``None`` is returned; the actor is not
    told. Leave it out for notices from facilitators, moderators and the site (join decisions,
    safety alerts), which a block never silences.
    """
    if actor is not None and kind not in UNBLOCKABLE_KINDS:
        actor_id = getattr(actor, "pk", actor)
        if has_blocked(user=recipient, other_id=actor_id):
            return None
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, text=text[:300], url=url, group=group, priority=priority
    )
    send_email = force_email or wants_email(user=recipient, kind=kind)
    realtime.user_notification_on_commit(user_id=recipient.pk, frame=notification.as_frame())
    if send_email:
        transaction.on_commit(lambda: _email(notification))
    return notification


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    pending = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    return pending.update(read_at=timezone.now())


def notification_open(*, user, notification_id: int) -> Notification:
    """Mark one of the member's notifications read and return it (for its link)."""
    notification = Notification.objects.get(recipient=user, pk=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def email_preferences_set(*, user, choices: dict[str, bool]) -> None:
    """Store the member's email choice for each kind of notification."""
    for kind, email in choices.items():
        if kind not in Notification.Kind.values:
            raise ValueError(f"unknown notification kind: {kind}")
        EmailPreference.objects.update_or_create(user=user, kind=kind, defaults={"email": email})
