"""Scheduled sessions: create and cancel, RSVPs, the private calendar feed, and reminders."""

from datetime import UTC, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from community import realtime
from groups.models import Membership, SupportGroup
from groups.permissions import check_can_facilitate, check_can_view_group_content
from groups.selectors import membership_for
from moderation.audit import audit_record
from notifications.models import Notification
from notifications.notices import notice
from notifications.services import notification_create

from ..models import CalendarToken, ChatRoom, GroupSession, SessionReminder, SessionRSVP
from ..selectors import occurrence_for, occurrences_of


def _schedule_changed(group: SupportGroup) -> None:
    """Open chat connections re-read when a "sessions only" room opens."""
    room = ChatRoom.objects.filter(group=group, kind=ChatRoom.Kind.MAIN).first()
    if room is not None:
        realtime.room_schedule_changed_on_commit(room_id=room.pk)


def _when(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _sessions_url(group: SupportGroup) -> str:
    return f"/groups/{group.slug}/sessions/"


@transaction.atomic
def session_create(
    *,
    actor,
    group: SupportGroup,
    title: str,
    starts_at,
    duration_minutes: int,
    recurrence: str = GroupSession.Recurrence.NONE,
    repeat_until=None,
    agenda: str = "",
) -> GroupSession:
    """A facilitator schedules a session; the group's members are told after commit."""
    check_can_facilitate(actor, membership_for(user=actor, group=group))
    session = GroupSession.objects.create(
        group=group,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        recurrence=recurrence,
        repeat_until=repeat_until if recurrence == GroupSession.Recurrence.WEEKLY else None,
        agenda=agenda,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="session.create",
        target=session,
        group=group,
        target_label=f"session {session.pk} at {_when(starts_at)}",
    )
    text = notice(
        gettext_noop("A new session is scheduled in %(group)s, starting %(when)s."),
        group=group.name,
        when=_when(starts_at),
    )
    for membership in (
        Membership.objects.active().filter(group=group).exclude(user=actor).select_related("user")
    ):
        notification_create(
            recipient=membership.user,
            kind=Notification.Kind.NEW_SESSION,
            text=text,
            url=_sessions_url(group),
            group=group,
        )
    _schedule_changed(group)
    return session


@transaction.atomic
def session_cancel(*, actor, session: GroupSession) -> GroupSession:
    group = session.group
    check_can_facilitate(actor, membership_for(user=actor, group=group))
    if session.cancelled_at is None:
        session.cancelled_at = timezone.now()
        session.save(update_fields=["cancelled_at"])
        audit_record(
            actor=actor,
            action="session.cancel",
            target=session,
            group=group,
            target_label=f"session {session.pk}",
        )
        _schedule_changed(group)
    return session


@transaction.atomic
def session_rsvp(*, user, session: GroupSession, occurrence_start, response: str) -> SessionRSVP:
    check_can_view_group_content(user, membership_for(user=user, group=session.group))
    if response not in SessionRSVP.Response.values:
        raise ValidationError(_("Please choose whether you will come."))
    if occurrence_for(session, start=occurrence_start) is None:
        raise ValidationError(_("That session time is not on the schedule."))
    rsvp, _created = SessionRSVP.objects.update_or_create(
        session=session,
        occurrence_start=occurrence_start,
        user=user,
        defaults={"response": response},
    )
    return rsvp


@transaction.atomic
def calendar_token_reset(*, user, group: SupportGroup) -> CalendarToken:
    """A new private feed address; any earlier one stops working at once."""
    check_can_view_group_content(user, membership_for(user=user, group=group))
    CalendarToken.objects.filter(user=user, group=group, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarToken.objects.create(user=user, group=group)


@transaction.atomic
def calendar_token_revoke(*, user, group: SupportGroup) -> int:
    return CalendarToken.objects.filter(user=user, group=group, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def session_reminders_send(*, now=None, within: timedelta = timedelta(hours=1)) -> int:
    """Remind members of occurrences starting within ``within``; one reminder per member each.

    Idempotent: a ``SessionReminder`` row per member per occurrence is taken before the
    notification is written, in the same transaction, so a second run (or two crons at once)
    sends nothing twice. Members who said they cannot come are not reminded.
    """
    now = now or timezone.now()
    sent = 0
    sessions = GroupSession.objects.filter(
        cancelled_at__isnull=True, starts_at__lt=now + within
    ).select_related("group")
    for session in sessions:
        for occurrence in occurrences_of(session, start=now, end=now + within):
            if occurrence.start < now:
                continue
            sent += _remind_occurrence(occurrence)
    return sent


@transaction.atomic
def _remind_occurrence(occurrence) -> int:
    session = occurrence.session
    group = session.group
    declined = set(
        SessionRSVP.objects.filter(
            session=session,
            occurrence_start=occurrence.start,
            response=SessionRSVP.Response.NO,
        ).values_list("user_id", flat=True)
    )
    text = notice(
        gettext_noop("A session in %(group)s starts at %(when)s."),
        group=group.name,
        when=_when(occurrence.start),
    )
    sent = 0
    for membership in Membership.objects.active().filter(group=group).select_related("user"):
        if membership.user_id in declined:
            continue
        _row, created = SessionReminder.objects.get_or_create(
            session=session, occurrence_start=occurrence.start, user=membership.user
        )
        if not created:
            continue
        notification_create(
            recipient=membership.user,
            kind=Notification.Kind.SESSION_REMINDER,
            text=text,
            url=f"/groups/{group.slug}/chat/",
            group=group,
        )
        sent += 1
    return sent
