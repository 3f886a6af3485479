"""Chat: every payload of the corpus through the consumer comes back inert in ``message`` and
``history`` frames, and random input never breaks a room (an ``error`` frame at worst)."""

import json
import uuid

import pytest
from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chat.models import MESSAGE_MAX_LENGTH, ChatMessage
from chat.pace import pace
from chat.selectors import chat_access_for, main_room_for
from chat.services import ChatError, message_post
from community.textcheck import has_unstorable_characters
from tests.chat.chatws import joined, send, until
from tests.factories import MembershipFactory
from tests.security.xss_corpus import find_active_content, load_payloads

PER_AUTHOR = 5  # the chat's own limit is 5 messages in 5 seconds


def batches(payloads: list[str], size: int) -> list[str]:
    """Pack payloads into messages of at most ``size`` characters, one payload a line."""
    messages, current = [], ""
    for payload in payloads:
        payload = payload[:size]
        if current and len(current) + len(payload) + 1 > size:
            messages.append(current)
            current = ""
        current += payload + "\n"
    messages.append(current)
    return messages


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_worker_connections")
async def test_every_payload_comes_back_inert_in_live_and_history_frames(group):
    payloads = [p for p in load_payloads() if not has_unstorable_characters(p)]
    messages = batches(payloads, MESSAGE_MAX_LENGTH)
    authors = await sync_to_async(
        lambda: [
            MembershipFactory(group=group).user for _ in range(len(messages) // PER_AUTHOR + 1)
        ]
    )()
    problems, received = [], 0
    for index in range(0, len(messages), PER_AUTHOR):
        author = authors[index // PER_AUTHOR]
        communicator, _ = await joined(author, slug=group.slug)
        for offset, body in enumerate(messages[index : index + PER_AUTHOR]):
            client_id = f"x-{index + offset}"
            await send(communicator, type="message", body=body, client_id=client_id)
            frame = await until(communicator, "message", client_id=client_id)
            problems += find_active_content(frame["html"])
            received += 1
        await communicator.disconnect()
    reader, opening = await joined(authors[0], slug=group.slug)
    for frame in opening["history"]["messages"]:
        problems += find_active_content(frame["html"])
    await reader.disconnect()

    assert received == len(messages)
    assert len(opening["history"]["messages"]) == min(len(messages), 50)
    assert problems == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("close_worker_connections")
async def test_malformed_frames_get_error_frames_and_the_room_stays_open(group, member):
    communicator, _ = await joined(member, slug=group.slug)
    bad_frames = [
        "not json at all",
        "[1, 2, 3]",
        json.dumps({"type": "message", "body": 42, "client_id": "a"}),
        json.dumps({"type": "message", "body": "", "client_id": "b"}),
        json.dumps({"type": "message", "body": "x" * (MESSAGE_MAX_LENGTH + 1), "client_id": "c"}),
        json.dumps({"type": "message", "body": "nul \u0000 here", "client_id": "d"}),
        '{"type": "message", "body": "lone \\ud800", "client_id": "e"}',
        json.dumps({"type": "message", "body": "ok", "client_id": "f" * 65}),
        json.dumps({"type": "edit", "id": "seven", "body": "x"}),
        json.dumps({"type": "delete", "id": 10**30}),
        json.dumps({"type": "no-such-type"}),
        json.dumps({"type": None}),
    ]
    for text in bad_frames:
        await communicator.send_to(text_data=text)
        frame = await until(communicator, "error")
        assert frame["code"] in {"invalid", "empty", "too_long"}, (text, frame)

    await send(communicator, type="message", body="still here", client_id="g")
    fine = await until(communicator, "message", client_id="g")

    assert fine["html"]
    assert await database_sync_to_async(ChatMessage.objects.count)() == 1
    await communicator.disconnect()


nasty_text = st.one_of(
    st.text(alphabet=st.characters(codec=None, min_codepoint=0), max_size=300),
    st.text(alphabet=st.sampled_from("\x00\x1b\u200b\u202e\ufeff\ud800\udfff<>&\"'"), max_size=40),
    st.just(""),
    st.just("x" * MESSAGE_MAX_LENGTH),
    st.just("x" * (MESSAGE_MAX_LENGTH + 1)),
)


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=nasty_text)
def test_fuzzed_chat_text_is_stored_exactly_or_refused_with_an_error_code(group, member, body):
    room = main_room_for(group)
    ChatMessage.objects.filter(room=room).delete()
    pace.reset()  # hypothesis runs many examples in one test: each starts with a fresh pace
    access = chat_access_for(user=member, group=group)

    try:
        result = message_post(
            author=member, access=access, room=room, body=body, client_id=uuid.uuid4().hex
        )
    except ChatError as error:
        assert error.code in {"invalid", "empty", "too_long"}
        assert not ChatMessage.objects.filter(room=room).exists()
        return
    except ValidationError as error:  # a watched word that blocks, with its message
        assert error.messages
        return

    stored = ChatMessage.objects.get(room=room, seq=result.frame["id"])
    assert stored.body == body
    assert find_active_content(stored.html) == []
