"""Creating notifications: stored, pushed live once the transaction commits, and emailed.

The email is a task enqueued in the same transaction (``jobs.mail``): a rollback sends
nothing, a slow or absent mail server never slows the page, and a failed send is retried
(high-priority ones, the safety alerts, until the mail server is back). Emails are discreet: a
generic subject and no words a member wrote, because a shared inbox or a lock-screen preview
must not reveal what happens here.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from community import realtime
from community.accounts.languages import language_for_recipient
from community.accounts.selectors import has_blocked, kept_apart_ids
from jobs.mail import email_enqueue

from .models import EMAIL_DEFAULTS, EmailPreference, Notification
from .notices import Notice

logger = logging.getLogger(__name__)
GENERIC_EMAIL_SUBJECT = gettext_noop("You have a new notification")
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
    with translation.override(language_for_recipient(recipient)):
        if notification.kind == Notification.Kind.SAFETY_ALERT:
            subject, body = _safety_alert_email()
        else:
            subject = _(GENERIC_EMAIL_SUBJECT)
            body = _(
                "Hello %(name)s,\n\nYou have a new notification. Sign in to read it:\n%(url)s\n\n"
                "You can change which emails you get in your notification settings."
            ) % {"name": recipient.username, "url": f"{settings.SITE_URL}/me/notifications/"}
    email_enqueue(
        message=EmailMessage(subject, body, None, [recipient.email]),
        user=recipient,
        urgent=notification.priority == Notification.Priority.HIGH,
        # A member's emails end with where to find help now; staff alerts stay bare.
        help_footer=notification.kind != Notification.Kind.SAFETY_ALERT,
    )


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


@transaction.atomic
def notification_create(
    *,
    recipient,
    kind: str,
    text: Notice | str,
    url: str = "",
    group=None,
    priority: str = Notification.Priority.NORMAL,
    force_email: bool = False,
    actor=None,
    about=None,
) -> Notification | None:
    """Store a notification, push it live after commit, and email it if the member wants
    (the email task is enqueued in the caller's transaction).

    ``text`` is a :class:`~notifications.notices.Notice`, so the recipient reads it in their
    own language whenever they read it; plain text is stored as it is.

    ``actor`` is the member whose action caused it (a reply, a mention). When the recipient
    has blocked them, or the two are kept apart, nothing is stored or sent and ``None`` is
    returned; the actor is not told. Leave it out for notices from facilitators, moderators
    and the site (join decisions, safety alerts), which a block never silences.
    ``about`` (default: ``actor``) is the member the text names, so their name can be taken
    out if they delete their account.
    """
    if actor is not None and kind not in UNBLOCKABLE_KINDS:
        actor_id = getattr(actor, "pk", actor)
        if has_blocked(user=recipient, other_id=actor_id) or actor_id in kept_apart_ids(recipient):
            return None
    about = about if about is not None else actor
    about_id = getattr(about, "pk", about)
    notification = Notification(
        recipient=recipient,
        kind=kind,
        url=url,
        group=group,
        priority=priority,
        about_id=about_id,
    )
    notification.text = text
    notification.save()
    send_email = force_email or wants_email(user=recipient, kind=kind)
    with translation.override(language_for_recipient(recipient)):
        frame = notification.as_frame()
    realtime.user_notification_on_commit(user_id=recipient.pk, frame=frame)
    if send_email:
        _email(notification)
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
