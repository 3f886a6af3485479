"""Moderation wired into the chat: watched words, reports on messages, removal, disconnects."""

import uuid

import pytest
from channels.db import database_sync_to_async

from chat.models import ChatMessage
from chat.selectors import chat_access_for, main_room_for
from chat.services import message_post
from moderation.models import AuditEntry, QueueItem
from moderation.services import (
    content_delete,
    member_remove,
    member_suspend,
    report_create,
    watched_word_create,
)
from tests.chat.chatws import joined, send, until
from tests.factories import MembershipFactory


@pytest.fixture
def _worker_connections_closed(transactional_db, close_worker_connections):
    return None


def _post(author, group, body="hello there"):
    access = chat_access_for(user=author, group=group)
    result = message_post(
        author=author,
        access=access,
        room=main_room_for(group),
        body=body,
        client_id=str(uuid.uuid4()),
    )
    return ChatMessage.objects.get(room__group=group, seq=result.frame["id"])


@pytest.mark.django_db
def test_reports_on_a_chat_message_group_into_one_queue_item(group, member, second_member):
    message = _post(member, group)
    third = MembershipFactory(group=group).user

    report_create(reporter=second_member, target=message, reason="harassment", note="")
    report_create(reporter=third, target=message, reason="spam", note="")

    item = QueueItem.objects.get()
    assert item.report_count == 2 and item.subject == member and item.group == group


@pytest.mark.django_db
def test_removing_a_reported_chat_message_erases_its_words_and_audits(
    group, member, second_member, facilitator
):
    message = _post(member, group, body="unkind words")
    report_create(reporter=second_member, target=message, reason="harassment", note="")

    content_delete(actor=facilitator, target=message, reason="unkind")

    message.refresh_from_db()
    assert message.removed_at is not None and message.body == "" and message.html == ""
    assert AuditEntry.objects.get(action="content.delete").target_type == "chat.chatmessage"
    assert QueueItem.objects.get().resolution == "deleted"


@pytest.mark.django_db
def test_chat_messages_are_not_offered_a_hide_action(
    facilitator_client, group, member, second_member
):
    from django.urls import reverse

    message = _post(member, group)
    report_create(reporter=second_member, target=message, reason="spam", note="")

    html = facilitator_client.get(reverse("moderation:group_queue", args=[group.slug])).content

    assert b'value="delete"' in html and b'value="hide"' not in html


@pytest.mark.django_db
def test_a_flag_word_in_chat_posts_the_message_and_opens_a_queue_item(group, member, moderator):
    watched_word_create(actor=moderator, text="pills", kind="word", action="flag")

    message = _post(member, group, body="my PILLS")

    item = QueueItem.objects.get()
    assert item.source == "watched_word" and item.target == message


@pytest.mark.django_db
def test_a_hold_word_in_chat_is_refused_with_a_pointer_to_the_forum(group, member, moderator):
    from chat.services import ChatError

    watched_word_create(actor=moderator, text="send me money", kind="word", action="hold")

    with pytest.raises(ChatError) as refusal:
        _post(member, group, body="please send me money")

    assert "forum" in refusal.value.detail
    assert not ChatMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
async def test_a_blocked_word_in_chat_gets_an_error_frame_and_the_connection_stays_open(
    group, member, moderator, _worker_connections_closed
):
    await database_sync_to_async(watched_word_create)(
        actor=moderator, text="scamlink", kind="word", action="block"
    )
    alice, _ = await joined(member, slug=group.slug)

    await send(alice, type="message", body="go to SC4MLINK", client_id=str(uuid.uuid4()))
    error = await until(alice, "error")

    assert error["code"] == "invalid" and "not allow" in error["detail"]
    await send(alice, type="message", body="sorry, hello", client_id=str(uuid.uuid4()))
    assert (await until(alice, "message"))["html"] == "sorry, hello"
    assert await database_sync_to_async(ChatMessage.objects.count)() == 1
    await alice.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_removing_a_member_from_the_group_closes_their_chat(
    group, member, facilitator, _worker_connections_closed
):
    alice, _ = await joined(member, slug=group.slug)

    await database_sync_to_async(member_remove)(actor=facilitator, member=member, group=group)

    output = await alice.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await alice.receive_output(timeout=3)
    assert output["code"] == 4403


@pytest.mark.django_db(transaction=True)
async def test_suspending_a_member_closes_their_chat(
    group, member, moderator, _worker_connections_closed
):
    alice, _ = await joined(member, slug=group.slug)

    await database_sync_to_async(member_suspend)(actor=moderator, member=member, days=3)

    output = await alice.receive_output(timeout=3)
    while output["type"] != "websocket.close":
        output = await alice.receive_output(timeout=3)
    assert output["code"] == 4403
