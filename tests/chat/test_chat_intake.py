"""The chat's message goes through the one intake for member text, split around its one-round-
trip store: screening before it, the review queue and the safety alert after the ``ack``."""

import pytest

from chat.errors import ChatError
from chat.models import ChatMessage
from chat.selectors import chat_access_for, main_room_for
from chat.services import message_pace_take, message_post
from community import crisis_screen, realtime
from moderation.models import QueueItem, SafetyAlert
from moderation.services import watched_word_create

pytestmark = pytest.mark.django_db(transaction=True)

CRISIS = "I want to end my life tonight"


def _room_and_access(member, group):
    """What the consumer holds from connect on: the room with its group, and the access."""
    room = main_room_for(group)
    room.group = group
    return room, chat_access_for(user=member, group=group)


def _post(member, group, body, client_id, room=None, **options):
    fresh_room, access = _room_and_access(member, group)
    room = room or fresh_room
    return message_post(
        author=member, access=access, room=room, body=body, client_id=client_id, **options
    )


def test_a_plain_message_costs_one_statement_that_reads_its_context_and_has_no_follow_up(
    group, member, queries_of
):
    """One statement on PostgreSQL: UPDATE … RETURNING, the INSERT, and the writer's last few
    messages here (the crisis detector reads a message with them, issue 15.7); nothing of
    moderation or groups."""
    from django.db import connection

    room, access = _room_and_access(member, group)
    _post(member, group, "warming up", "warm-up")  # the watched words are read once

    with queries_of() as sql:
        result = message_post(
            author=member, access=access, room=room, body="an ordinary evening", client_id="p"
        )

    assert result.created and result.follow_up is None and not result.crisis
    statements = " ".join(sql).lower()
    assert "moderation_" not in statements and "groups_" not in statements
    if connection.vendor == "postgresql":
        assert len(sql) == 1, sql
        assert "insert into" in statements and "array(" in statements  # the context, inside


def test_the_store_hands_the_detector_the_writers_last_three_lines_here_oldest_first(
    group, member, facilitator, monkeypatch
):
    """The context comes from the store's own statement: the writer's lines before this one
    (never the new line itself, never someone else's), oldest first, at most three."""
    seen = []
    real_assess = crisis_screen.assess

    def detector(text, *, lang=None, context=()):
        seen.append((text, list(context)))
        return real_assess(text)

    monkeypatch.setattr(crisis_screen, "assess", detector)
    monkeypatch.setattr(crisis_screen, "READS_CONTEXT", True)
    for number, body in enumerate(["one", "two", "three", "four"]):
        _post(member, group, body, f"m{number}")
        _post(facilitator, group, f"{body} from someone else", f"o{number}")
    seen.clear()

    result = _post(member, group, "five", "m5")

    assert result.created
    assert seen == [("five", ["two", "three", "four"])]


def test_a_flagged_crisis_message_is_stored_first_and_queued_and_alerted_after(
    group, member, moderator
):
    watched_word_create(actor=moderator, text="pills", kind="word", action="flag")

    result = _post(member, group, f"{CRISIS}, I have the pills", "c1", defer_follow_up=True)

    message = ChatMessage.objects.get(client_id="c1")
    assert result.crisis  # the author is shown the resources with the ack
    assert not QueueItem.objects.exists() and not SafetyAlert.objects.exists()
    result.follow_up()
    assert QueueItem.objects.get().object_id == message.pk
    alert = SafetyAlert.objects.get()
    assert alert.subject == member and alert.source_id == str(message.pk)
    assert alert.source == SafetyAlert.Source.CHAT and alert.categories


def test_a_retry_of_a_stored_crisis_message_raises_no_second_alert(group, member):
    _post(member, group, CRISIS, "again")
    retry = _post(member, group, CRISIS, "again")

    assert not retry.created and retry.follow_up is None
    assert SafetyAlert.objects.count() == 1
    assert ChatMessage.objects.filter(client_id="again").count() == 1


def test_a_word_that_would_hold_the_message_refuses_it_before_anything_is_stored(
    group, member, moderator
):
    watched_word_create(actor=moderator, text="meetup", kind="word", action="hold")

    with pytest.raises(ChatError) as refused:
        _post(member, group, "a meetup on friday?", "held")

    assert refused.value.code == "invalid" and "forum" in refused.value.detail
    assert not ChatMessage.objects.exists() and not QueueItem.objects.exists()


def test_a_detector_failure_after_the_store_still_tells_the_room_and_the_alert_follows(
    group, member, monkeypatch
):
    """The detector reads the message after it is stored: if it fails there, the room still
    hears of the message, and the follow-up reads the stored text again and raises the
    alert."""
    real_assess = crisis_screen.assess
    calls = []

    def fails_once(text, **options):
        calls.append(text)
        if len(calls) == 1:
            raise RuntimeError("the model could not be read")
        return real_assess(text, **options)

    monkeypatch.setattr(crisis_screen, "assess", fails_once)
    sent = []
    stop = realtime.observe(lambda _group, event: sent.append(event))
    try:
        result = _post(member, group, CRISIS, "f1", defer_follow_up=True)
    finally:
        stop()

    frames = [frame for event in sent for frame in realtime.event_frames(event)]
    assert result.created and not result.crisis
    assert [f["client_id"] for f in frames if f["type"] == "message"] == ["f1"]
    assert not SafetyAlert.objects.exists()
    result.follow_up()
    message = ChatMessage.objects.get(client_id="f1")
    assert SafetyAlert.objects.get().source_id == str(message.pk)


def test_a_message_counted_in_on_arrival_and_then_refused_gives_its_place_back(group, member):
    """The pace counts a message in when its frame arrives; if the room refuses it by the
    time it is stored (locked, or the member muted, while it waited), the place goes back."""
    room, access = _room_and_access(member, group)
    waiting = [f"w{n}" for n in range(5)]
    for client_id in waiting:
        message_pace_take(access=access, room=room, client_id=client_id)

    room.locked = True  # a facilitator locked the room meanwhile
    for client_id in waiting:
        with pytest.raises(ChatError) as refused:
            _post(member, group, "hello", client_id, room=room)
        assert refused.value.code == "locked"
    room.locked = False

    for n in range(5):
        assert _post(member, group, f"now {n}", f"n{n}", room=room).created
