"""Steps the live tests run in the live site's database, in a process of their own.

``python -m tests.jobs.steps NAME '{"json": "kwargs"}'`` sets Django up with the environment it
is given (the same settings and database as the processes under test), runs ``NAME(**kwargs)``
and prints its result as one line of JSON. ``tests.live.run_step`` calls it.
"""

import json
import sys
import time

import django


def scene(*, moderators: int = 2, facilitator: bool = True) -> dict:
    """A group with a member (and a facilitator), and moderators with an authenticator app."""
    from tests.factories import (
        FacilitatorMembershipFactory,
        MembershipFactory,
        ModeratorFactory,
        SupportGroupFactory,
    )

    group = SupportGroupFactory()
    facilitating = FacilitatorMembershipFactory(group=group).user if facilitator else None
    member = MembershipFactory(group=group).user
    team = [ModeratorFactory(totp=True) for _ in range(moderators)]
    return {
        "group": group.pk,
        "member": member.pk,
        "member_name": member.username,
        "facilitator_email": facilitating.email if facilitating else "",
        "moderators": [person.pk for person in team],
        "moderator_emails": [person.email for person in team],
    }


def raise_alert(*, member: int, group: int) -> dict:
    from community.accounts.models import User
    from groups.models import SupportGroup
    from moderation.safety import safety_alert_raise

    alert = safety_alert_raise(
        subject=User.objects.get(pk=member),
        group=SupportGroup.objects.get(pk=group),
        source="post",
        source_id="1",
    )
    return {"alert": alert.pk}


def alert_state(*, alert: int, moderators: list[int]) -> dict:
    from moderation.models import AuditEntry, SafetyAlert
    from notifications.models import Notification

    row = SafetyAlert.objects.get(pk=alert)
    told = Notification.objects.filter(
        recipient_id__in=moderators, message__icontains="not yet acknowledged"
    )
    return {
        "escalated": row.escalated_at is not None,
        "told": sorted(set(told.values_list("recipient_id", flat=True))),
        "audit": AuditEntry.objects.filter(action="safety.escalate").count(),
    }


def moderator_cookie(*, user: int) -> dict:
    """A signed-in session that passed two-factor, as allauth records it after a code."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from django.conf import settings
    from django.test import Client

    from community.accounts.models import User

    person = User.objects.get(pk=user)
    client = Client()
    client.force_login(person)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "email": person.email},
        {"method": "mfa", "at": time.time(), "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(person.pk)
    session.save()
    return {"cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}


def enqueue_emails(*, count: int, urgent: bool = False) -> dict:
    from django.core.mail import EmailMessage

    from jobs.mail import email_enqueue

    ids = [
        email_enqueue(
            message=EmailMessage("Notice", f"Message {n}", None, [f"person{n}@example.org"]),
            urgent=urgent,
        ).pk
        for n in range(count)
    ]
    return {"emails": ids}


def task_rows(*, path: str) -> list:
    from django_tasks_db.models import DBTaskResult

    return [
        {"id": str(row.id), "status": row.status, "workers": row.worker_ids}
        for row in DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at")
    ]


def scheduler_state(*, path: str = "") -> dict:
    """Who holds the scheduler lease, who last enqueued each periodic task, the workers alive
    and how many tasks ``path`` has: one process start instead of several."""
    from django_tasks_db.models import DBTaskResult

    from jobs.models import PeriodicTaskState, WorkerHeartbeat
    from jobs.scheduler import lease_holder

    return {
        "holder": lease_holder(),
        "enqueued_by": dict(PeriodicTaskState.objects.values_list("name", "last_enqueued_by")),
        "workers": sorted(WorkerHeartbeat.objects.values_list("worker_id", flat=True)),
        "tasks": DBTaskResult.objects.filter(task_path=path).count() if path else 0,
    }


def main() -> None:
    from community.env import configure_settings_module

    configure_settings_module()
    django.setup()
    name, kwargs = sys.argv[1], json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}")
    print(json.dumps(globals()[name](**kwargs), default=str))


if __name__ == "__main__":
    main()
