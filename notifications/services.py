"""Creating notifications: stored, then pushed live and emailed once the transaction commits.

Emails are discreet: a generic subject and no words a member wrote, because a shared inbox or a
lock-screen preview must not reveal what happens here.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community.accounts.languages import language_for_recipient

from .channels import user_group_name
from .models import EMAIL_DEFAULTS, EmailPreference, Notification
from .notices import Notice

logger = logging.getLogger(__name__)
GENERIC_EMAIL_SUBJECT = gettext_noop("You have a new notification")
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


def _push(notification: Notification) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        with translation.override(language_for_recipient(notification.recipient)):
            frame = notification.as_frame()
        async_to_sync(layer.group_send)(
            user_group_name(notification.recipient_id),
            {"type": "notification.push", "frame": frame},
        )
    except Exception:
        # A live push is a courtesy; the stored notification is the record.
        logger.warning("notification push failed for id=%s", notification.pk, exc_info=True)


def _email(notification: Notification) -> None:
    recipient = notification.recipient
    if not recipient.email:
        return
    with translation.override(language_for_recipient(recipient)):
        subject = _(GENERIC_EMAIL_SUBJECT)
        body = _(
            "Hello %(name)s,\n\nYou have a new notification. Sign in to read it:\n%(url)s\n\n"
            "You can change which emails you get in your notification settings."
        ) % {"name": recipient.username, "url": f"{settings.SITE_URL}/me/notifications/"}
    send_mail(subject, body, None, [recipient.email], fail_silently=True)


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
) -> Notification | None:
    """Store a notification; after commit, push it live and email it if the member wants.

    ``text`` is a :class:`~notifications.notices.Notice`, so the recipient reads it in their
    own language whenever they read it; plain text is stored as it is.

    ``actor`` is the member whose action caused it (a reply, a mention). When the recipient
    has blocked them, nothing is stored or sent and ``None`` is returned; the actor is not
    told. Leave it out for notices from facilitators, moderators and the site (join decisions,
    safety alerts), which a block never silences.
    """
    if actor is not None and kind not in UNBLOCKABLE_KINDS:
        from community.accounts.selectors import has_blocked

        actor_id = getattr(actor, "pk", actor)
        if has_blocked(user=recipient, other_id=actor_id):
            return None
    notification = Notification(
        recipient=recipient, kind=kind, url=url, group=group, priority=priority
    )
    notification.text = text
    notification.save()
    send_email = force_email or wants_email(user=recipient, kind=kind)
    transaction.on_commit(lambda: _push(notification))
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
