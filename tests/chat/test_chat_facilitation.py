"""Facilitator tools in the chat: mute, slow mode, lock, remove; check-ins; crisis; removal."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.utils import timezone

from chat.models import ChatMessage
from community.asgi import application
from community.realtime import user_close_on_commit
from groups.models import Membership
from moderation.models import AuditEntry, SafetyAlert
from notifications.models import Notification
from tests.chat.chatws import (
    cid,
    closed_with,
    frames_of,
    joined,
    send,
    session_cookie_for,
    until,
)
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


async def audit_actions() -> list[str]:
    return await database_sync_to_async(
        lambda: list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    )()


async def test_a_facilitator_can_mute_a_member_who_then_gets_a_muted_error(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)

    await send(fac, type="mute", member=member.username, minutes=10)
    notice = await until(alice, "notice")
    await send(alice, type="message", body="can I talk?", client_id=cid())
    error = await until(alice, "error")

    assert notice["code"] == "muted"
    assert error["code"] == "muted"
    assert await database_sync_to_async(ChatMessage.objects.count)() == 0
    assert await audit_actions() == ["member.mute"]
    membership = await database_sync_to_async(Membership.objects.get)(user=member, group=group)
    assert membership.muted_until > timezone.now() + timezone.timedelta(minutes=9)
    await alice.disconnect()
    await fac.disconnect()


async def test_muting_for_zero_minutes_lets_the_member_speak_again(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="mute", member=member.username, minutes=10)
    await until(alice, "notice", code="muted")

    await send(fac, type="mute", member=member.username, minutes=0)
    await until(alice, "notice", code="unmuted")
    await send(alice, type="message", body="thanks", client_id=cid())

    assert (await until(alice, "message"))["id"] == 1
    assert await audit_actions() == ["member.mute", "member.unmute"]
    await alice.disconnect()
    await fac.disconnect()


async def test_a_member_cannot_use_facilitator_tools(group, member, facilitator):
    alice, _ = await joined(member, slug=group.slug)

    for frame in (
        {"type": "mute", "member": facilitator.username, "minutes": 5},
        {"type": "slow_mode", "seconds": 30},
        {"type": "lock"},
        {"type": "unlock"},
        {"type": "remove", "id": 1},
        {"type": "phase", "phase": "checkin"},
        {"type": "turn", "member": member.username},
        {"type": "pause"},
        {"type": "side_room", "member": facilitator.username},
    ):
        await alice.send_json_to(frame)
        error = await until(alice, "error")
        assert error["code"] == "invalid", frame

    assert await audit_actions() == []
    await alice.disconnect()


async def test_bad_values_for_facilitator_tools_get_an_invalid_error(group, member, facilitator):
    fac, _ = await joined(facilitator, slug=group.slug)

    for frame in (
        {"type": "mute", "member": member.username, "minutes": "ten"},
        {"type": "mute", "member": "nobody-here", "minutes": 5},
        {"type": "slow_mode", "seconds": -1},
        {"type": "slow_mode", "seconds": True},
        {"type": "phase", "phase": "party"},
    ):
        await fac.send_json_to(frame)
        assert (await until(fac, "error"))["code"] == "invalid", frame

    await fac.disconnect()


async def test_slow_mode_spaces_out_a_members_messages_and_everyone_sees_the_room_state(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)

    await send(fac, type="slow_mode", seconds=30)
    room = await until(alice, "room")
    await send(alice, type="message", body="one", client_id=cid())
    await until(alice, "message")
    await send(alice, type="message", body="two", client_id=cid())
    error = await until(alice, "error")

    assert room == {
        "type": "room",
        "locked": False,
        "slow_mode": 30,
        "locked_by_facilitator": False,
    }
    assert error["code"] == "rate_limited"
    assert "30" in error["detail"]
    assert await audit_actions() == ["chat.slow_mode"]
    await alice.disconnect()
    await fac.disconnect()


async def test_facilitators_are_not_held_by_slow_mode(group, facilitator):
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(fac, type="slow_mode", seconds=30)
    await until(fac, "room")

    await send(fac, type="message", body="one", client_id=cid())
    await send(fac, type="message", body="two", client_id=cid())

    assert (await until(fac, "message", id=2))["id"] == 2
    await fac.disconnect()


async def test_a_locked_room_refuses_member_messages_until_it_is_unlocked(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)

    await send(fac, type="lock")
    locked = await until(alice, "room")
    await send(alice, type="message", body="hello?", client_id=cid())
    error = await until(alice, "error")
    await send(fac, type="unlock")
    unlocked = await until(alice, "room")
    await send(alice, type="message", body="hello!", client_id=cid())

    assert locked["locked"] is True
    assert locked["locked_by_facilitator"] is True
    assert error["code"] == "locked"
    assert unlocked["locked"] is False
    assert unlocked["locked_by_facilitator"] is False
    assert (await until(alice, "message"))["id"] == 1
    assert await audit_actions() == ["chat.lock", "chat.unlock"]
    await alice.disconnect()
    await fac.disconnect()


async def test_a_facilitator_removes_a_message_live_and_the_removal_is_audited(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    await send(alice, type="message", body="something unkind", client_id=cid())
    await until(fac, "message")

    await send(fac, type="remove", id=1)
    removed = await until(alice, "removed")

    assert removed == {"type": "removed", "id": 1}
    entry = await database_sync_to_async(AuditEntry.objects.get)()
    assert entry.action == "chat.remove"
    assert "unkind" not in entry.target_label
    await alice.disconnect()
    await fac.disconnect()


async def test_closing_the_user_channel_closes_their_chat_at_once_with_4403(group, member):
    alice, _ = await joined(member, slug=group.slug)

    await database_sync_to_async(user_close_on_commit)(user_id=member.pk, group_id=group.pk)

    assert await closed_with(alice) == 4403


async def test_closing_the_user_channel_for_another_group_leaves_this_chat_open(group, member):
    alice, _ = await joined(member, slug=group.slug)

    await database_sync_to_async(user_close_on_commit)(user_id=member.pk, group_id=group.pk + 999)
    await send(alice, type="message", body="still here", client_id=cid())

    assert (await until(alice, "message"))["id"] == 1
    await alice.disconnect()


async def test_closing_the_user_channel_without_a_group_closes_every_chat_of_theirs(group, member):
    alice, _ = await joined(member, slug=group.slug)

    await database_sync_to_async(user_close_on_commit)(user_id=member.pk)

    assert await closed_with(alice) == 4403


async def test_a_checkin_request_reaches_the_facilitators_notification_socket(
    group, member, facilitator
):
    cookie = await database_sync_to_async(session_cookie_for)(facilitator)
    notifications = WebsocketCommunicator(
        application,
        "/ws/notifications/",
        headers=[
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        ],
    )
    assert (await notifications.connect())[0]
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="checkin_request")
    ack = await until(alice, "notice")
    pushed = await notifications.receive_json_from(timeout=3)

    assert ack["code"] == "checkin_sent"
    assert pushed["kind"] == Notification.Kind.CHECKIN_REQUEST
    assert pushed["priority"] == Notification.Priority.HIGH
    assert member.username in pushed["text"]
    stored = await database_sync_to_async(
        lambda: list(Notification.objects.values_list("recipient_id", "kind"))
    )()
    assert stored == [(facilitator.pk, Notification.Kind.CHECKIN_REQUEST)]
    await alice.disconnect()
    await notifications.disconnect()


async def test_a_checkin_request_shows_in_the_facilitators_room_and_not_to_other_members(
    group, member, facilitator
):
    bystander = (await database_sync_to_async(MembershipFactory)(group=group)).user
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)
    other, _ = await joined(bystander, slug=group.slug)

    await send(alice, type="checkin_request")
    shown = await until(fac, "checkin_request")

    assert shown == {"type": "checkin_request", "member": member.username}
    assert await frames_of(other, "checkin_request") == []
    assert await frames_of(alice, "checkin_request") == []
    for communicator in (alice, fac, other):
        await communicator.disconnect()


async def test_a_facilitator_is_told_when_a_mute_is_done_and_when_it_is_lifted(
    group, member, facilitator
):
    fac, _ = await joined(facilitator, slug=group.slug)

    await send(fac, type="mute", member=member.username, minutes=10)
    muted = await until(fac, "notice")
    await send(fac, type="mute", member=member.username, minutes=0)
    unmuted = await until(fac, "notice")

    assert muted["code"] == "member_muted"
    assert member.username in muted["detail"] and "10" in muted["detail"]
    assert unmuted["code"] == "member_unmuted"
    assert member.username in unmuted["detail"]
    await fac.disconnect()


async def test_a_refused_mute_gives_the_facilitator_an_error_and_no_done_notice(group, facilitator):
    fac, _ = await joined(facilitator, slug=group.slug)

    await send(fac, type="mute", member="nobody-here", minutes=10)

    assert (await until(fac, "error"))["code"] == "invalid"
    assert await frames_of(fac, "notice") == []
    await fac.disconnect()


async def test_a_repeated_checkin_request_does_not_alert_the_facilitators_twice(
    group, member, facilitator
):
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="checkin_request")
    await until(alice, "notice")
    await send(alice, type="checkin_request")
    await until(alice, "notice")

    assert await database_sync_to_async(Notification.objects.count)() == 1
    await alice.disconnect()


async def test_a_crisis_message_shows_resources_to_its_author_alone_and_alerts_facilitators(
    group, member, facilitator
):
    member.country = "GB"
    await database_sync_to_async(member.save)()
    alice, _ = await joined(member, slug=group.slug)
    fac, _ = await joined(facilitator, slug=group.slug)

    await send(alice, type="message", body="I want to die tonight", client_id=cid())
    resources = await until(alice, "crisis_resources")
    seen_by_facilitator = await until(fac, "message")
    facilitator_crisis_frames = await frames_of(fac, "crisis_resources")

    assert resources["resources"]
    assert {r["country_code"] for r in resources["resources"]} >= {"GB", "INTL"}
    assert seen_by_facilitator["id"] == 1
    assert facilitator_crisis_frames == []
    alert = await database_sync_to_async(SafetyAlert.objects.get)()
    assert alert.source == SafetyAlert.Source.CHAT
    assert alert.subject_id == member.pk
    await alice.disconnect()
    await fac.disconnect()


async def test_an_ordinary_message_brings_no_crisis_resources(group, member):
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="message", body="Good evening everyone", client_id=cid())
    await until(alice, "message")

    assert await frames_of(alice, "crisis_resources") == []
    assert await database_sync_to_async(SafetyAlert.objects.count)() == 0
    await alice.disconnect()


async def test_an_edit_that_reads_as_a_crisis_also_shows_resources(group, member):
    alice, _ = await joined(member, slug=group.slug)
    await send(alice, type="message", body="hello", client_id=cid())
    await until(alice, "message")

    await send(alice, type="edit", id=1, body="actually I want to kill myself")

    assert (await until(alice, "crisis_resources"))["resources"]
    await alice.disconnect()


async def test_a_member_who_has_not_accepted_updated_rules_can_read_but_not_send(group, member):
    def bump_rules():
        group.rules_version += 1
        group.save()

    await database_sync_to_async(bump_rules)()
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="message", body="hi", client_id=cid())

    assert (await until(alice, "error"))["code"] == "locked"
    await alice.disconnect()


async def test_removing_a_member_from_the_group_closes_their_chat_at_once(
    group, member, facilitator
):
    from groups.services import membership_remove

    alice, _ = await joined(member, slug=group.slug)

    def remove():
        membership = Membership.objects.get(user=member, group=group)
        membership_remove(actor=facilitator, group=group, member=membership.user)

    await database_sync_to_async(remove)()

    assert await closed_with(alice) == 4403


async def test_a_member_who_leaves_the_group_is_disconnected_from_its_chat(group, member):
    from groups.services import membership_leave

    alice, _ = await joined(member, slug=group.slug)

    await database_sync_to_async(membership_leave)(user=member, group=group)

    assert await closed_with(alice) == 4403


async def test_accepting_updated_rules_lets_a_connected_member_send_again(group, member):
    from groups.services import membership_accept_rules

    def bump_rules():
        group.rules_version += 1
        group.save()

    await database_sync_to_async(bump_rules)()
    alice, _ = await joined(member, slug=group.slug)
    await send(alice, type="message", body="hi", client_id=cid())
    assert (await until(alice, "error"))["code"] == "locked"

    await database_sync_to_async(membership_accept_rules)(user=member, group=group)
    await alice.receive_nothing(timeout=0.3)
    await send(alice, type="message", body="hi again", client_id=cid())

    assert (await until(alice, "message"))["id"] == 1
    await alice.disconnect()
