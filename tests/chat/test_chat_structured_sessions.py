"""Structured sessions: phases, the turn queue, pauses, side rooms, attendance."""

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from chat.models import ChatRoom, GroupSession, SessionAttendance
from moderation.models import AuditEntry
from tests.chat.chatws import cid, closed_with, frames_of, joined, open_chat, send, until
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_phase_change_reaches_everyone_as_a_session_frame(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)

    await send(fac, type="phase", phase="arrive")
    frame = await until(alice, "session")

    assert frame == {
        "type": "session",
        "phase": "arrive",
        "queue": [],
        "turn": None,
        "paused": False,
        "turn_ends": None,
    }
    assert await database_sync_to_async(AuditEntry.objects.get)(action="chat.phase")
    await alice.disconnect()
    await fac.disconnect()


async def test_raising_a_hand_joins_the_queue_and_the_facilitator_gives_the_turn(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="phase", phase="sharing")
    await until(alice, "session")

    await send(alice, type="hand", raised=True)
    queued = await until(fac, "session", queue=[member.username])
    await send(fac, type="turn", member=member.username, seconds=120)
    turn = await until(alice, "session", turn=member.username)

    assert queued["queue"] == [member.username]
    assert turn["queue"] == []
    assert turn["turn_ends"]
    assert await database_sync_to_async(AuditEntry.objects.filter(action="chat.turn").count)() == 1
    await alice.disconnect()
    await fac.disconnect()


async def test_a_member_may_pass_their_turn(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="phase", phase="checkin")
    await send(fac, type="turn", member=member.username)
    await until(alice, "session", turn=member.username)

    await send(alice, type="pass")
    passed = await until(fac, "session", turn=None, phase="checkin")

    assert passed["turn"] is None
    await alice.disconnect()
    await fac.disconnect()


async def test_lowering_a_hand_leaves_the_queue(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="phase", phase="sharing")
    # Alice's consumer must have seen the phase before she raises a hand: the two
    # connections are separate tasks, and a hand outside a session is refused.
    await until(alice, "session", phase="sharing")
    await send(alice, type="hand", raised=True)
    await until(fac, "session", queue=[member.username])

    await send(alice, type="hand", raised=False)

    assert (await until(fac, "session", queue=[]))["queue"] == []
    await alice.disconnect()
    await fac.disconnect()


async def test_raising_a_hand_outside_a_structured_session_is_invalid(group, member):
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="hand", raised=True)

    assert (await until(alice, "error"))["code"] == "invalid"
    await alice.disconnect()


async def test_a_paused_session_holds_member_messages_and_shows_paused(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="phase", phase="sharing")

    await send(fac, type="pause")
    paused = await until(alice, "session", paused=True)
    await send(alice, type="message", body="hi", client_id=cid())
    error = await until(alice, "error")
    await send(fac, type="pause")
    resumed = await until(alice, "session", paused=False)

    assert paused["paused"] is True
    assert error["code"] == "locked"
    assert resumed["paused"] is False
    actions = await database_sync_to_async(
        lambda: sorted(AuditEntry.objects.values_list("action", flat=True))
    )()
    assert actions == ["chat.pause", "chat.phase", "chat.resume"]
    await alice.disconnect()
    await fac.disconnect()


async def test_a_late_arrival_sees_the_current_session_state_on_connect(group, member, facilitator):
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="phase", phase="agreement")
    await until(fac, "session")

    alice = await open_chat(member, slug=group.slug)
    frames = [await alice.receive_json_from(timeout=3) for _ in range(3)]

    assert [f["type"] for f in frames] == ["history", "room", "session"]
    assert frames[2]["phase"] == "agreement"
    await alice.disconnect()
    await fac.disconnect()


async def test_ending_the_session_clears_the_phase_and_queue(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="phase", phase="sharing")
    # Alice's consumer must have seen the phase before she raises a hand: the two
    # connections are separate tasks, and a hand outside a session is refused.
    await until(alice, "session", phase="sharing")
    await send(alice, type="hand", raised=True)
    await until(fac, "session", queue=[member.username])

    await send(fac, type="phase", phase="end")

    ended = await until(alice, "session", phase=None)
    assert ended["queue"] == [] and ended["turn"] is None
    await alice.disconnect()
    await fac.disconnect()


async def test_a_facilitator_opens_a_side_room_and_only_its_two_people_may_enter(
    group, member, facilitator
):
    bystander = (await database_sync_to_async(MembershipFactory)(group=group)).user
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    other, _ = await joined(bystander, slug=group.slug)

    await send(fac, type="side_room", member=member.username)
    to_member = await until(alice, "side_room")
    to_facilitator = await until(fac, "side_room")
    token = to_member["room"]
    side_member, _ = await joined(member, slug=group.slug, token=token)
    side_facilitator, _ = await joined(facilitator, slug=group.slug, token=token)
    intruder = await open_chat(bystander, slug=group.slug, token=token)
    await send(side_member, type="message", body="thank you for asking", client_id=cid())
    private = await until(side_facilitator, "message")

    assert to_facilitator["room"] == token
    assert to_member["with"] == facilitator.username
    assert to_member["opened_by_you"] is False
    assert to_facilitator["with"] == member.username
    assert to_facilitator["opened_by_you"] is True
    assert await closed_with(intruder) == 4403
    assert private["id"] == 1
    assert await frames_of(other, "side_room") == []
    room = await database_sync_to_async(ChatRoom.objects.get)(token=token)
    assert room.kind == ChatRoom.Kind.SIDE
    for communicator in (alice, fac, other, side_member, side_facilitator):
        await communicator.disconnect()


async def test_a_side_room_message_does_not_reach_the_main_room(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="side_room", member=member.username)
    token = (await until(alice, "side_room"))["room"]
    side, _ = await joined(member, slug=group.slug, token=token)

    await send(side, type="message", body="private", client_id=cid())
    await until(side, "message")

    messages_in_main = []
    while not await fac.receive_nothing(timeout=0.3):
        frame = await fac.receive_json_from()
        if frame["type"] == "message":
            messages_in_main.append(frame)
    assert messages_in_main == []
    for communicator in (alice, fac, side):
        await communicator.disconnect()


async def test_closing_a_side_room_tells_both_and_it_cannot_be_entered_again(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="side_room", member=member.username)
    token = (await until(alice, "side_room"))["room"]
    side, _ = await joined(member, slug=group.slug, token=token)

    await send(side, type="side_room_close")
    closed = await until(side, "side_room")
    again = await open_chat(member, slug=group.slug, token=token)

    assert closed == {"type": "side_room", "room": token, "closed": True}
    assert await closed_with(again) == 4404
    await alice.disconnect()
    await fac.disconnect()


async def test_an_unknown_side_room_token_closes_4404(group, member):
    communicator = await open_chat(member, slug=group.slug, token="not-a-room")

    assert await closed_with(communicator) == 4404


async def test_attendance_is_written_as_people_arrive_and_leave_during_a_session(group, member):
    session = await database_sync_to_async(GroupSession.objects.create)(
        group=group,
        title="Evening circle",
        starts_at=timezone.now() - timezone.timedelta(minutes=5),
    )

    alice, _ = await joined(member, slug=group.slug)
    arrived = await database_sync_to_async(SessionAttendance.objects.get)(user=member)
    await alice.disconnect()
    left = await database_sync_to_async(SessionAttendance.objects.get)(user=member)

    assert arrived.session_id == session.pk
    assert arrived.occurrence_start == session.starts_at
    assert arrived.left_at is None
    assert left.left_at is not None


async def test_no_attendance_is_written_outside_a_session(group, member):
    alice, _ = await joined(member, slug=group.slug)
    await alice.disconnect()

    assert await database_sync_to_async(SessionAttendance.objects.count)() == 0


async def test_a_sessions_only_room_is_shown_locked_outside_a_session(group, member):
    group.chat_availability = "sessions"
    await database_sync_to_async(group.save)()

    alice, opening = await joined(member, slug=group.slug)
    await send(alice, type="message", body="anyone?", client_id=cid())

    assert opening["room"]["locked"] is True
    assert (await until(alice, "error"))["code"] == "locked"
    await alice.disconnect()


async def test_a_sessions_only_room_is_open_during_a_session(group, member):
    group.chat_availability = "sessions"
    await database_sync_to_async(group.save)()
    await database_sync_to_async(GroupSession.objects.create)(
        group=group, title="Now", starts_at=timezone.now() - timezone.timedelta(minutes=1)
    )

    alice, opening = await joined(member, slug=group.slug)
    await send(alice, type="message", body="hello", client_id=cid())

    assert opening["room"]["locked"] is False
    assert (await until(alice, "message"))["id"] == 1
    await alice.disconnect()
