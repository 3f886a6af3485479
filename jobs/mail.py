"""Every email the site sends goes through here: stored, then sent by a worker, retried.

``email_enqueue`` stores the message and enqueues its sending in the caller's transaction, so a
rollback sends nothing and a slow mail server never slows a page. A failed attempt is retried
with backoff; an urgent email (safety alerts) is retried every minute at most for a week, so
it goes out when the mail server is back. After the last attempt the task stays listed as
failed for moderators.
"""

from collections.abc import Callable

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .backend import durable_task
from .models import OutboundEmail

URGENT_PRIORITY = 80
URGENT_RETRY_DELAY = 60.0
URGENT_MAX_ATTEMPTS = 7 * 24 * 60  # a week of attempts a minute apart


def _deliver(email_id: int) -> bool:
    """Send the stored email once. Nothing to do when it is gone (sent, or its account deleted).

    No transaction is held while the mail server answers: on SQLite that would stall every
    page's writes for as long as the server takes.
    """
    email = OutboundEmail.objects.filter(pk=email_id).first()
    if email is None:
        return False
    email.as_message().send(fail_silently=False)
    OutboundEmail.objects.filter(pk=email_id).delete()
    return True


@durable_task(max_attempts=10, max_retry_delay=600, label=_("Send an email"))
def send_email(email_id: int) -> bool:
    return _deliver(email_id)


@durable_task(
    priority=URGENT_PRIORITY,
    max_attempts=URGENT_MAX_ATTEMPTS,
    max_retry_delay=URGENT_RETRY_DELAY,
    label=_("Send an urgent email (safety)"),
)
def send_urgent_email(email_id: int) -> bool:
    return _deliver(email_id)


#: Writes the lines every email to a member ends with: where to find help now, for the
#: member's country. The content app, which owns the crisis directory, provides it at start-up
#: (:func:`help_footer_provide`); this layer sits below content and cannot import it.
_help_footer: Callable[[object], str] | None = None


def help_footer_provide(writer: Callable[[object], str]) -> None:
    global _help_footer  # noqa: PLW0603 - one writer for the process, set once at start-up
    _help_footer = writer


def email_enqueue(
    *, message: EmailMessage, user=None, urgent: bool = False, help_footer: bool = False
) -> OutboundEmail:
    """Store ``message`` and enqueue its sending, both in the caller's transaction.

    ``user`` is the account the email belongs to, if any: deleting that account deletes the
    unsent email with it. ``help_footer`` ends the body with a number to call or text now in
    the member's country (``user`` None: the site's default country).
    """
    if help_footer and _help_footer is not None:
        message.body = f"{message.body.rstrip()}\n\n{_help_footer(user)}\n"
    with transaction.atomic():
        email = OutboundEmail.from_message(
            message, user=user if getattr(user, "pk", None) else None, urgent=urgent
        )
        email.save()
        (send_urgent_email if urgent else send_email).enqueue(email.pk)
    return email
