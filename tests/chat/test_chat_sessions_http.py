"""Scheduled sessions over HTTP: the page, RSVP, the calendar feed, reminders, retention."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from chat.models import (
    CalendarToken,
    ChatMessage,
    ChatRoom,
    GroupSession,
    SessionReminder,
    SessionRSVP,
)
from chat.selectors import main_room_for
from groups.models import SupportGroup
from moderation.models import AuditEntry
from notifications.models import Notification
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def in_future(**delta):
    return (timezone.now() + timedelta(**delta)).replace(microsecond=0)


def make_session(group, **fields):
    defaults = {"title": "Evening circle", "starts_at": in_future(days=2), "duration_minutes": 60}
    return GroupSession.objects.create(group=group, **{**defaults, **fields})


def schedule_form(**overrides):
    data = {
        "title": "Thursday circle",
        "starts_at": in_future(days=3).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "90",
        "recurrence": "weekly",
        "repeat_until": "",
        "agenda": "Arrive, agreement, check-in, sharing, check-out.",
    }
    return {**data, **overrides}


# --- the chat page ---------------------------------------------------------------------------


def test_the_chat_page_loads_the_script_and_has_a_labelled_message_box(member_client, group):
    response = member_client.get(f"/groups/{group.slug}/chat/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "js/chat.js" in html
    assert '<label for="chat-body">' in html
    assert 'aria-live="polite"' in html
    assert f'data-ws-path="/ws/groups/{group.slug}/chat/"' in html
    assert "<script>" not in html.replace('<script type="application/json"', "")


def test_the_chat_page_is_404_for_someone_outside_the_group(client, group, outsider):
    client.force_login(outsider)

    assert client.get(f"/groups/{group.slug}/chat/").status_code == 404


def test_the_chat_page_shows_facilitator_tools_only_to_facilitators(
    client, group, member, facilitator
):
    client.force_login(member)
    as_member = client.get(f"/groups/{group.slug}/chat/").content.decode()
    client.force_login(facilitator)
    as_facilitator = client.get(f"/groups/{group.slug}/chat/").content.decode()

    assert "Facilitator tools" not in as_member
    assert "Facilitator tools" in as_facilitator


def test_a_side_room_page_is_404_for_anyone_but_its_two_people(client, group, member, facilitator):
    room = ChatRoom.objects.create(
        group=group, kind=ChatRoom.Kind.SIDE, side_facilitator=facilitator, side_member=member
    )
    other = MembershipFactory(group=group).user

    client.force_login(other)
    assert client.get(f"/groups/{group.slug}/chat/?room={room.token}").status_code == 404
    client.force_login(member)
    page = client.get(f"/groups/{group.slug}/chat/?room={room.token}")
    assert page.status_code == 200
    assert f"/chat/{room.token}/" in page.content.decode()


# --- scheduling ------------------------------------------------------------------------------


def test_a_facilitator_schedules_a_weekly_session_and_members_are_notified(
    client, group, member, facilitator
):
    client.force_login(facilitator)

    response = client.post(f"/groups/{group.slug}/sessions/", schedule_form())

    assert response.status_code == 302
    session = GroupSession.objects.get()
    assert session.recurrence == "weekly"
    assert session.created_by == facilitator
    notes = Notification.objects.filter(kind=Notification.Kind.NEW_SESSION)
    assert list(notes.values_list("recipient_id", flat=True)) == [member.pk]
    assert AuditEntry.objects.filter(action="session.create").count() == 1


def test_the_sessions_page_lists_weekly_occurrences(member_client, group):
    make_session(group, recurrence="weekly", title="Weekly circle")

    page = member_client.get(f"/groups/{group.slug}/sessions/").content.decode()

    assert page.count("<h3>Weekly circle</h3>") == 8
    assert "Schedule a session" not in page


def test_a_member_cannot_schedule_a_session(member_client, group):
    response = member_client.post(f"/groups/{group.slug}/sessions/", schedule_form())

    assert response.status_code == 403
    assert GroupSession.objects.count() == 0


def test_the_sessions_page_is_404_for_someone_outside_the_group(client, group, outsider):
    client.force_login(outsider)

    assert client.get(f"/groups/{group.slug}/sessions/").status_code == 404
    assert client.post(f"/groups/{group.slug}/sessions/", schedule_form()).status_code == 404


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"starts_at": "not a date"},
        {"starts_at": (timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
        {"duration_minutes": "5"},
        {"recurrence": "daily"},
        {"repeat_until": "2000-01-01"},
    ],
)
def test_a_bad_schedule_form_is_shown_again_with_errors(client, group, facilitator, overrides):
    client.force_login(facilitator)

    response = client.post(f"/groups/{group.slug}/sessions/", schedule_form(**overrides))

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert GroupSession.objects.count() == 0


def test_a_facilitator_can_cancel_a_session(client, group, facilitator):
    session = make_session(group)
    client.force_login(facilitator)

    client.post(f"/groups/{group.slug}/sessions/{session.pk}/cancel/")

    session.refresh_from_db()
    assert session.cancelled_at is not None
    assert AuditEntry.objects.filter(action="session.cancel").count() == 1


# --- RSVP ------------------------------------------------------------------------------------


def test_a_member_rsvps_to_one_occurrence(member_client, group, member):
    session = make_session(group, recurrence="weekly")
    second = session.starts_at + timedelta(days=7)

    response = member_client.post(
        f"/groups/{group.slug}/sessions/{session.pk}/rsvp/",
        {"occurrence": second.isoformat(), "response": "yes"},
    )

    assert response.status_code == 302
    rsvp = SessionRSVP.objects.get()
    assert (rsvp.user, rsvp.occurrence_start, rsvp.response) == (member, second, "yes")


def test_an_rsvp_for_a_time_that_is_not_on_the_schedule_is_refused(member_client, group):
    session = make_session(group)

    response = member_client.post(
        f"/groups/{group.slug}/sessions/{session.pk}/rsvp/",
        {"occurrence": (session.starts_at + timedelta(hours=1)).isoformat(), "response": "yes"},
    )

    assert response.status_code == 400
    assert SessionRSVP.objects.count() == 0
    assert "Quick exit" in response.content.decode()  # the sessions page, with the reason


def test_an_rsvp_with_a_broken_form_is_a_400_not_a_500(member_client, group):
    session = make_session(group)

    response = member_client.post(
        f"/groups/{group.slug}/sessions/{session.pk}/rsvp/", {"occurrence": "x", "response": "?"}
    )

    assert response.status_code == 400
    # The sessions page in the site's layout with the reason, not a bare line of text.
    assert "Please choose a session time and an answer." in response.content.decode()
    assert "Quick exit" in response.content.decode()


def test_an_rsvp_to_another_groups_session_is_404(member_client, group):
    elsewhere = make_session(
        SupportGroup.objects.create(name="Other", slug="other", description="d", ground_rules="r")
    )

    response = member_client.post(
        f"/groups/{group.slug}/sessions/{elsewhere.pk}/rsvp/",
        {"occurrence": elsewhere.starts_at.isoformat(), "response": "yes"},
    )

    assert response.status_code == 404


# --- the calendar feed -----------------------------------------------------------------------


def test_a_member_gets_a_private_calendar_feed_with_titles_and_times_only(
    member_client, group, member
):
    session = make_session(group, recurrence="weekly", agenda="Private agenda words")
    member_client.post(f"/groups/{group.slug}/sessions/calendar/", {"action": "reset"})
    token = CalendarToken.objects.get(user=member).token

    response = member_client.get(f"/groups/{group.slug}/sessions.ics?token={token}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Evening circle"
    assert events[0].decoded("DTSTART") == session.starts_at
    assert events[0]["RRULE"]["FREQ"] == ["WEEKLY"]
    assert b"Private agenda words" not in response.content
    assert group.name.encode() not in response.content
    assert member.email.encode() not in response.content


def test_the_calendar_feed_works_without_a_session_cookie(client, group, member):
    make_session(group)
    token = CalendarToken.objects.create(user=member, group=group).token

    assert client.get(f"/groups/{group.slug}/sessions.ics?token={token}").status_code == 200


@pytest.mark.parametrize("query", ["", "?token=", "?token=wrong", "?token=" + "x" * 300])
def test_the_calendar_feed_is_404_without_a_valid_token(client, group, member, query):
    make_session(group)

    assert client.get(f"/groups/{group.slug}/sessions.ics{query}").status_code == 404


def test_a_revoked_calendar_token_stops_working(member_client, group, member):
    token = CalendarToken.objects.create(user=member, group=group).token

    member_client.post(f"/groups/{group.slug}/sessions/calendar/", {"action": "revoke"})

    assert member_client.get(f"/groups/{group.slug}/sessions.ics?token={token}").status_code == 404


def test_making_a_new_calendar_address_turns_the_old_one_off(member_client, group, member):
    old = CalendarToken.objects.create(user=member, group=group).token

    member_client.post(f"/groups/{group.slug}/sessions/calendar/", {"action": "reset"})
    new = CalendarToken.objects.get(user=member, revoked_at__isnull=True).token

    assert new != old
    assert member_client.get(f"/groups/{group.slug}/sessions.ics?token={old}").status_code == 404
    assert member_client.get(f"/groups/{group.slug}/sessions.ics?token={new}").status_code == 200


def test_a_calendar_token_stops_working_when_its_holder_leaves_the_group(client, group, member):
    token = CalendarToken.objects.create(user=member, group=group).token
    member.memberships.update(state="left")

    assert client.get(f"/groups/{group.slug}/sessions.ics?token={token}").status_code == 404


def test_a_token_for_one_group_does_not_open_another_groups_feed(client, group, member):
    other = SupportGroup.objects.create(name="O", slug="o", description="d", ground_rules="r")
    token = CalendarToken.objects.create(user=member, group=group).token

    assert client.get(f"/groups/{other.slug}/sessions.ics?token={token}").status_code == 404


# --- reminders -------------------------------------------------------------------------------


def test_reminders_go_once_per_member_per_occurrence_however_often_cron_runs(
    group, member, facilitator
):
    make_session(group, starts_at=in_future(minutes=30))

    call_command("send_session_reminders")
    call_command("send_session_reminders")

    reminders = Notification.objects.filter(kind=Notification.Kind.SESSION_REMINDER)
    assert sorted(reminders.values_list("recipient_id", flat=True)) == sorted(
        [member.pk, facilitator.pk]
    )
    assert SessionReminder.objects.count() == 2


def test_no_reminder_for_a_session_that_is_still_far_off(group, member):
    make_session(group, starts_at=in_future(hours=5))

    call_command("send_session_reminders")

    assert Notification.objects.filter(kind=Notification.Kind.SESSION_REMINDER).count() == 0


def test_each_weekly_occurrence_gets_its_own_reminder(group, member):
    make_session(group, starts_at=in_future(minutes=30), recurrence="weekly")
    call_command("send_session_reminders")

    from chat.services import session_reminders_send

    next_week = session_reminders_send(now=timezone.now() + timedelta(days=7))

    assert next_week == 1
    assert SessionReminder.objects.filter(user=member).count() == 2


def test_members_who_said_they_cannot_come_are_not_reminded(group, member):
    session = make_session(group, starts_at=in_future(minutes=30))
    SessionRSVP.objects.create(
        session=session, occurrence_start=session.starts_at, user=member, response="no"
    )

    call_command("send_session_reminders")

    assert not Notification.objects.filter(recipient=member).exists()


# --- retention -------------------------------------------------------------------------------


def _message(room, seq, author, age):
    room.last_seq = seq
    room.save()
    return ChatMessage.objects.create(
        room=room,
        seq=seq,
        author=author,
        client_id=f"c{seq}",
        body="b",
        html="b",
        created_at=timezone.now() - age,
    )


def test_purge_chat_deletes_messages_older_than_thirty_days_when_the_group_says_so(group, member):
    group.chat_retention = "30_days"
    group.save()
    room = main_room_for(group)
    old = _message(room, 1, member, timedelta(days=31))
    recent = _message(room, 2, member, timedelta(days=29))

    call_command("purge_chat")

    assert list(ChatMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    assert old.seq == 1


def test_purge_chat_keeps_everything_when_the_group_keeps_messages(group, member):
    room = main_room_for(group)
    _message(room, 1, member, timedelta(days=400))

    call_command("purge_chat")

    assert ChatMessage.objects.count() == 1


def test_purge_chat_deletes_a_sessions_messages_once_it_has_ended(group, member):
    group.chat_retention = "session_end"
    group.save()
    make_session(group, starts_at=timezone.now() - timedelta(hours=3), duration_minutes=60)
    room = main_room_for(group)
    _message(room, 1, member, timedelta(hours=2, minutes=30))
    after = _message(room, 2, member, timedelta(minutes=10))

    call_command("purge_chat")

    assert list(ChatMessage.objects.values_list("pk", flat=True)) == [after.pk]


def test_purge_chat_keeps_the_messages_of_a_session_still_running(group, member):
    group.chat_retention = "session_end"
    group.save()
    make_session(group, starts_at=timezone.now() - timedelta(minutes=30), duration_minutes=60)
    room = main_room_for(group)
    _message(room, 1, member, timedelta(minutes=20))

    call_command("purge_chat")

    assert ChatMessage.objects.count() == 1


def test_after_a_purge_new_messages_keep_growing_ids(group, member):
    group.chat_retention = "30_days"
    group.save()
    room = main_room_for(group)
    _message(room, 1, member, timedelta(days=40))
    call_command("purge_chat")

    from chat.selectors import chat_access_for
    from chat.services import message_post

    result = message_post(
        author=member,
        access=chat_access_for(user=member, group=group),
        room=room,
        body="new",
        client_id="n1",
    )

    assert result.frame["id"] == 2


# --- reading costs ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["chat/", "sessions/"])
def test_the_chat_and_sessions_pages_write_nothing_on_get(member_client, group, page, queries_of):
    make_session(group, recurrence="weekly")
    url = f"/groups/{group.slug}/{page}"
    member_client.get(url)

    queries = queries_of(member_client, url)

    writes = [sql for sql in queries if sql.lstrip()[:6] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_the_sessions_page_query_count_does_not_grow_with_the_number_of_sessions(
    member_client, group, django_assert_max_num_queries
):
    for n in range(6):
        make_session(
            group, recurrence="weekly", title=f"Circle {n}", starts_at=in_future(days=n + 1)
        )

    with django_assert_max_num_queries(14):
        response = member_client.get(f"/groups/{group.slug}/sessions/")

    assert response.content.decode().count("<h3>Circle") == 6 * 8
