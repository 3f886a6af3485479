"""Reads for the chat: who may be in a room, what they see, and when sessions happen."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from community import realtime
from community.accounts.permissions import SESSION_FACTOR
from community.accounts.selectors import kept_apart_ids
from groups.access import GroupAccess, group_access_for
from groups.models import Membership, SupportGroup
from groups.selectors import group_content_or_404
from moderation.models import SafetyAlert, SafetyAlertMessage
from notifications.models import Notification

from .models import (
    CalendarToken,
    ChatConnection,
    ChatMessage,
    ChatRoom,
    GroupSession,
)

HISTORY_SIZE = 50
#: Check-in requests this recent, still unread by the facilitator, greet them in the room.
CHECKIN_SHOWN_FOR = timedelta(hours=24)
RESUME_PAGE = 500
WEEK = timedelta(days=7)
# The room of a "sessions only" group opens a little before each session, so people can arrive.
EARLY_OPEN = timedelta(minutes=10)


# --- who may be in a room -------------------------------------------------------------------


# The chat reads the groups app's one access object: read at connect, replaced (never edited)
# when the member's user channel says their rights or private lists changed.
ChatAccess = GroupAccess


def chat_access_for(*, user, group: SupportGroup) -> ChatAccess:
    return group_access_for(user=user, group=group)


def chat_access_reload(
    *, user_id: int, group_id: int, second_factor: bool = True
) -> ChatAccess | None:
    """Fresh access for an open socket; ``second_factor`` is whether the socket's session
    passed two-factor (moderator powers need it, ``accounts.permissions.is_moderator``)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    group = SupportGroup.objects.filter(pk=group_id).first()
    if user is None or group is None:
        return None
    setattr(user, SESSION_FACTOR, second_factor)
    return chat_access_for(user=user, group=group)


def main_room_for(group: SupportGroup) -> ChatRoom:
    room, _created = ChatRoom.objects.get_or_create(group=group, kind=ChatRoom.Kind.MAIN)
    return room


def side_room_for(*, group: SupportGroup, token: str) -> ChatRoom | None:
    return ChatRoom.objects.filter(
        group=group, kind=ChatRoom.Kind.SIDE, token=token, closed_at__isnull=True
    ).first()


def is_side_room_participant(room: ChatRoom, user_id: int) -> bool:
    return user_id in {room.side_facilitator_id, room.side_member_id}


def active_member_by_pseudonym(*, group: SupportGroup, pseudonym: str) -> Membership | None:
    if not isinstance(pseudonym, str) or not pseudonym:
        return None
    return (
        Membership.objects.active()
        .filter(group=group, user__username__iexact=pseudonym)
        .select_related("user")
        .first()
    )


# --- what they see --------------------------------------------------------------------------


def message_frame(message: ChatMessage, *, author_name: str | None = None) -> realtime.MessageFrame:
    return realtime.message_frame(
        seq=message.seq,
        client_id=message.client_id,
        author=author_name if author_name is not None else message.author.username,
        html=message.html,
        created=message.created_at,
        edited=message.edited_at,
    )


def _with_authors(page) -> QuerySet:
    """The messages of ``page`` (a sliced query of ids) with their authors, in ``seq`` order.

    The page is chosen first, on the room's ``(room, seq)`` index, and only its rows are
    joined to their authors: one join over the whole room lets the planner walk every member's
    messages when its statistics are behind (13 ms instead of 0.15 ms for a room of 8,000
    messages after a bulk load, measured by ``make bench``).
    """
    return (
        ChatMessage.objects.filter(pk__in=page.values("pk"))
        .select_related("author")
        .order_by("seq")
    )


def history_frames(room: ChatRoom, *, limit: int = HISTORY_SIZE) -> list[dict]:
    latest = ChatMessage.objects.filter(room=room, removed_at__isnull=True).order_by("-seq")
    return [message_frame(m) for m in _with_authors(latest[:limit])]


def crisis_marked_seqs(room: ChatRoom, *, seqs: list[int]) -> list[int]:
    """Which of these messages read as a crisis and belong to an alert still being handled.

    For facilitators alone (the consumer sends the ``crisis_mark`` frame to no one else):
    two queries, whatever the number of messages.
    """
    if not seqs:
        return []
    seq_by_pk = dict(ChatMessage.objects.filter(room=room, seq__in=seqs).values_list("pk", "seq"))
    marked = SafetyAlertMessage.objects.filter(
        source=SafetyAlert.Source.CHAT,
        source_id__in=[str(pk) for pk in seq_by_pk],
        alert__state__in=[SafetyAlert.State.OPEN, SafetyAlert.State.ACKNOWLEDGED],
    ).values_list("source_id", flat=True)
    return sorted({seq_by_pk[int(pk)] for pk in marked})


def frames_after(room: ChatRoom, *, after: int, upto: int | None = None) -> Iterator[dict]:
    """Every visible message after ``after`` in order, read in pages of ``RESUME_PAGE``."""
    cursor = after
    while True:
        page = ChatMessage.objects.filter(room=room, seq__gt=cursor, removed_at__isnull=True)
        if upto is not None:
            page = page.filter(seq__lte=upto)
        batch = list(_with_authors(page.order_by("seq")[:RESUME_PAGE]))
        yield from (message_frame(m) for m in batch)
        if len(batch) < RESUME_PAGE:
            return
        cursor = batch[-1].seq


def message_for_reader_or_404(*, user, slug: str, seq: int, token: str = "") -> ChatMessage:
    """A message ``user`` can read, found by what its frames carry; 404 otherwise.

    The client knows the group, its side room's token (none for the main room) and the frame's
    ``id`` (the per-room ``seq``), never the database id. The rule is the chat's own: active
    members and moderators read a group's main room (anyone else: 404, as for the group's other
    pages); a side room, open or ended, is read by its two people alone; removed messages and
    messages by someone kept apart from ``user`` do not exist for them.
    """
    group, _membership = group_content_or_404(user=user, slug=slug)
    rooms = ChatRoom.objects.filter(group=group)
    if token:
        if not isinstance(token, str) or len(token) > 64:
            raise Http404
        rooms = rooms.filter(kind=ChatRoom.Kind.SIDE, token=token)
    else:
        rooms = rooms.filter(kind=ChatRoom.Kind.MAIN)
    message = (
        ChatMessage.objects.filter(room__in=rooms, seq=seq, removed_at__isnull=True)
        .select_related("room__group", "author")
        .first()
    )
    if message is None:
        raise Http404
    if message.room.is_side and not is_side_room_participant(message.room, user.pk):
        raise Http404
    if message.author_id in kept_apart_ids(user):
        raise Http404
    return message


def present_pseudonyms(room: ChatRoom) -> list[str]:
    names = (
        ChatConnection.objects.filter(room=room).values_list("user__username", flat=True).distinct()
    )
    return sorted(set(names), key=str.lower)


def session_frame(room: ChatRoom) -> realtime.SessionFrame:
    user_model = get_user_model()
    ids = [pk for pk in room.session_queue if isinstance(pk, int)]
    names = dict(user_model.objects.filter(pk__in=ids).values_list("pk", "username"))
    return realtime.session_frame(
        phase=room.session_phase or None,
        queue=[names[pk] for pk in ids if pk in names],
        turn=room.session_turn.username if room.session_turn_id else None,
        paused=room.session_paused,
        turn_ends=room.session_turn_ends_at,
    )


# --- when sessions happen -------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    session: GroupSession
    start: datetime

    @property
    def end(self) -> datetime:
        return self.start + self.session.duration

    @property
    def key(self) -> str:
        return self.start.isoformat()


def occurrences_of(session: GroupSession, *, start: datetime, end: datetime) -> list[Occurrence]:
    """Occurrences of ``session`` that overlap ``[start, end)``."""
    if session.cancelled_at is not None:
        return []
    if session.recurrence != GroupSession.Recurrence.WEEKLY:
        first = session.starts_at
        return (
            [Occurrence(session, first)] if first < end and first + session.duration > start else []
        )
    skip = max(0, (start - session.duration - session.starts_at) // WEEK)
    result = []
    when = session.starts_at + skip * WEEK
    while when < end:
        if session.repeat_until and when.date() > session.repeat_until:
            break
        if when + session.duration > start:
            result.append(Occurrence(session, when))
        when += WEEK
    return result


def group_occurrences(group: SupportGroup, *, start: datetime, end: datetime) -> list[Occurrence]:
    sessions = GroupSession.objects.filter(
        group=group, cancelled_at__isnull=True, starts_at__lt=end
    )
    found = [o for s in sessions for o in occurrences_of(s, start=start, end=end)]
    return sorted(found, key=lambda o: (o.start, o.session.pk))


def occurrence_in_progress(
    group: SupportGroup, *, now: datetime | None = None, early: timedelta = EARLY_OPEN
) -> Occurrence | None:
    """The occurrence whose room is open now (from ``early`` before its start to its end)."""
    now = now or timezone.now()
    for occurrence in group_occurrences(group, start=now, end=now + early):
        if occurrence.start - early <= now < occurrence.end:
            return occurrence
    return None


def open_windows(
    group: SupportGroup, *, now: datetime | None = None, horizon: timedelta = WEEK
) -> list[tuple[datetime, datetime]]:
    """When a "sessions only" room is open within ``horizon``, as ``[start, end)`` pairs."""
    now = now or timezone.now()
    return [
        (o.start - EARLY_OPEN, o.end)
        for o in group_occurrences(group, start=now, end=now + horizon + EARLY_OPEN)
    ]


def occurrence_for(session: GroupSession, *, start: datetime) -> Occurrence | None:
    """The occurrence of ``session`` that starts exactly at ``start``, if there is one."""
    for occurrence in occurrences_of(session, start=start, end=start + timedelta(seconds=1)):
        if occurrence.start == start:
            return occurrence
    return None


def upcoming_occurrences(
    group: SupportGroup, *, now: datetime | None = None, days: int = 56
) -> list[Occurrence]:
    now = now or timezone.now()
    return group_occurrences(group, start=now, end=now + timedelta(days=days))


@dataclass(frozen=True)
class GroupSchedule:
    """What the group page and the sessions page both say about when the group meets."""

    #: The first coming occurrence of each weekly session, soonest first.
    weekly: list[Occurrence]
    #: The next occurrence of any session, weekly or one-off.
    next: Occurrence | None

    def __bool__(self) -> bool:
        return self.next is not None


def group_schedule(group: SupportGroup, *, now: datetime | None = None) -> GroupSchedule:
    """The schedule read from the group's sessions, the one source for every page that shows it.

    Built from ``upcoming_occurrences`` so the group page can never announce a session the
    sessions page does not list (a cancelled one, or a weekly one past its last date).
    """
    occurrences = upcoming_occurrences(group, now=now)
    weekly: list[Occurrence] = []
    seen: set[int] = set()
    for occurrence in occurrences:
        session = occurrence.session
        if session.recurrence == GroupSession.Recurrence.WEEKLY and session.pk not in seen:
            seen.add(session.pk)
            weekly.append(occurrence)
    return GroupSchedule(weekly=weekly, next=occurrences[0] if occurrences else None)


def session_for_group_or_404(*, group: SupportGroup, session_id: int) -> GroupSession:
    session = GroupSession.objects.filter(
        group=group, pk=session_id, cancelled_at__isnull=True
    ).first()
    if session is None:
        raise Http404
    return session


def calendar_token_live(*, user, group: SupportGroup) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, group=group, revoked_at__isnull=True).first()


def calendar_feed_group_or_404(*, slug: str, token: str) -> SupportGroup:
    """The group of a live calendar token held by someone still allowed to see it; else 404."""
    if not token or not isinstance(token, str) or len(token) > 64:
        raise Http404
    found = (
        CalendarToken.objects.filter(token=token, group__slug=slug, revoked_at__isnull=True)
        .select_related("user", "group")
        .first()
    )
    if found is None:
        raise Http404
    access = chat_access_for(user=found.user, group=found.group)
    if not access.allowed:
        raise Http404
    return found.group


RECENT_CONTEXT_MINUTES = 10
RECENT_CONTEXT_LIMIT = 3


def recent_message_texts_query(
    *, room_id: int, author_id: int, before_seq: int | None = None
) -> QuerySet:
    """The bodies of the author's last few messages in the room from the last few minutes,
    newest first: the context a crisis detector may read a new message in (never shown to
    anyone). A query, so that the chat's store can read it in its own statement."""
    since = timezone.now() - timedelta(minutes=RECENT_CONTEXT_MINUTES)
    messages = ChatMessage.objects.filter(
        room_id=room_id, author_id=author_id, created_at__gte=since, removed_at__isnull=True
    )
    if before_seq is not None:
        messages = messages.filter(seq__lt=before_seq)
    return messages.order_by("-seq").values_list("body", flat=True)[:RECENT_CONTEXT_LIMIT]


def recent_message_texts(
    *, room: ChatRoom, author_id: int, before_seq: int | None = None
) -> list[str]:
    """:func:`recent_message_texts_query`, oldest first."""
    query = recent_message_texts_query(room_id=room.pk, author_id=author_id, before_seq=before_seq)
    return list(reversed(query))


def checkin_requests_waiting(*, user, group: SupportGroup) -> list[str]:
    """Pseudonyms of members whose check-in request to ``user`` in ``group`` is recent and
    unread: the room shows them as notices when a facilitator opens it after the fact. Never
    someone kept apart from ``user``, nor anyone no longer an active member."""
    apart = kept_apart_ids(user)
    asked = (
        Notification.objects.filter(
            recipient=user,
            group=group,
            kind=Notification.Kind.CHECKIN_REQUEST,
            read_at__isnull=True,
            created_at__gte=timezone.now() - CHECKIN_SHOWN_FOR,
            about__isnull=False,
        )
        .exclude(about_id__in=apart)
        .values_list("about_id", flat=True)
    )
    members = Membership.objects.active().filter(group=group, user_id__in=asked)
    return sorted(members.values_list("user__username", flat=True), key=str.casefold)
