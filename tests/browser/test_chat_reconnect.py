"""chat.js when the connection drops: it reconnects with backoff, resumes after the last
message it saw (showing what was missed once), sends what was typed while offline, and shows
the server's refusals in the page's error area."""

import json
import socket
import struct
import threading
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import manage_py_shell, save_screenshot

pytestmark = pytest.mark.browser

SLUG = "chat-reconnect-circle"
CHAT = f"/groups/{SLUG}/chat/"
SETUP = f"""
from django.contrib.auth import get_user_model
from chat.selectors import main_room_for
from groups.models import Membership, SupportGroup
group, _ = SupportGroup.objects.get_or_create(
    slug="{SLUG}",
    defaults=dict(name="Chat reconnect circle", description="d", ground_rules="Be kind.",
                  join_policy="open", chat_availability="always"),
)
users = get_user_model().objects
for email, role in [("member1@example.com", "member"), ("member2@example.com", "member"),
                    ("facilitator@example.com", "facilitator")]:
    Membership.objects.update_or_create(
        user=users.get(email=email), group=group,
        defaults=dict(state="active", role=role, rules_version_accepted=group.rules_version),
    )
room = main_room_for(group)
room.locked = False
room.save(update_fields=["locked"])
"""

CONNECTED = "Connected."
RECONNECTING = "The connection dropped. Reconnecting… Your unsent messages are kept."
LOCKED = "The room is closed for new messages right now. You can still read."


class DroppableLink:
    """A TCP relay between the browser and the site that can drop, and stay down.

    While down it cuts every open connection (a real network drop, seen by chat.js as an
    abnormal close) and refuses new ones at once, so each reconnect attempt really fails.
    The signed-in cookies still apply: cookies do not depend on the port.
    """

    def __init__(self, upstream_url: str):
        target = urlsplit(upstream_url)
        self.upstream = (target.hostname, target.port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.up = True
        self.refused = 0
        self.lock = threading.Lock()
        self.open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            if not self.up:
                self.refused += 1
                _reset(client)
                continue
            upstream = socket.create_connection(self.upstream)
            with self.lock:
                self.open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()

    def drop(self) -> None:
        self.up = False
        with self.lock:
            for connection in self.open:
                _reset(connection)
            self.open.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.drop()
        self.listener.close()


def _reset(connection: socket.socket) -> None:
    """Close at once with a TCP reset, as a dropped network does, not a polite goodbye."""
    try:
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        connection.shutdown(socket.SHUT_RDWR)  # wakes the relay threads reading from it
    except OSError:
        pass
    connection.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    for connection in (source, sink):
        try:
            connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    source.close()


@pytest.fixture
def link(site):
    relay = DroppableLink(site["url"])
    yield relay
    relay.close()


@pytest.fixture
def chat_room(site):
    manage_py_shell(site, SETUP)
    return CHAT


def sent_frames(page) -> list[dict]:
    """Every frame the page's websockets send, recorded as they go."""
    frames: list[dict] = []

    def watch(socket):
        socket.on("framesent", lambda payload: frames.append(json.loads(payload)))

    page.on("websocket", watch)
    return frames


def open_chat(page, path: str) -> None:
    page.goto(path)
    expect(page.locator("[data-chat-status]")).to_have_text(CONNECTED)


def send(page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()


def delivered(page, text: str):
    """The message as the server confirmed it (an id), not the pending copy."""
    return page.locator("[data-chat-log] .chat-message[data-id]", has_text=text)


def test_chat_reconnects_after_the_connection_drops_and_shows_what_was_missed_once(
    page_as, link, chat_room
):
    me = page_as("member1")
    other = page_as("member2")
    frames = sent_frames(me)
    tag = uuid.uuid4().hex[:6]
    before = f"Before the drop ({tag})"
    missed = f"Said while you were away ({tag})"
    typed_offline = f"Typed on the train ({tag})"
    after = f"Back again ({tag})"
    open_chat(me, link.url + chat_room)  # through the link that will drop
    open_chat(other, chat_room)
    send(other, before)
    expect(delivered(me, before)).to_have_count(1)
    last_seen = int(delivered(me, before).get_attribute("data-id"))

    link.drop()

    status = me.locator("[data-chat-status]")
    expect(status).to_have_text(RECONNECTING)
    expect(other.locator("[data-presence]")).not_to_contain_text("quiet_oak")
    send(other, missed)
    expect(delivered(other, missed)).to_have_count(1)
    send(me, typed_offline)  # kept in the outbox while there is no connection
    pending = me.locator("[data-chat-log] .chat-message.pending", has_text=typed_offline)
    expect(pending).to_contain_text("sending…")
    me.wait_for_timeout(2500)  # a reconnect attempt is refused meanwhile: the backoff path
    assert link.refused >= 1
    expect(status).to_have_text(RECONNECTING)
    expect(me.locator("[data-chat-log]")).not_to_contain_text(missed)
    save_screenshot(me, "chat-reconnecting")

    link.restore()

    expect(status).to_have_text(CONNECTED, timeout=20_000)
    send(me, after)
    # The server answers in order: by the echo of ``after`` the resume has been answered too.
    expect(delivered(me, after)).to_have_count(1)
    expect(delivered(me, missed)).to_have_count(1)
    expect(delivered(me, typed_offline)).to_have_count(1)
    expect(pending).to_have_count(0)
    texts = me.locator("[data-chat-log] .chat-message .body").all_inner_texts()
    assert texts.index(before) < texts.index(missed) < texts.index(after)
    assert {"type": "resume", "after": last_seen} in frames
    expect(delivered(other, typed_offline)).to_have_count(1)  # sent once, never twice
    expect(delivered(other, after)).to_have_count(1)
    save_screenshot(me, "chat-reconnected")


def test_a_message_the_room_refuses_shows_the_reason_and_gives_the_words_back(page_as, chat_room):
    me = page_as("member1")
    facilitator = page_as("facilitator")
    words = f"Can I say something about today? ({uuid.uuid4().hex[:6]})"
    open_chat(me, chat_room)
    open_chat(facilitator, chat_room)
    facilitator.get_by_role("button", name="Lock the room", exact=True).click()
    expect(me.locator("[data-room-state]")).to_have_text(LOCKED)

    send(me, words)

    error = me.get_by_role("alert").filter(has_text=LOCKED)
    expect(error).to_be_visible()
    expect(me.locator("[data-chat-error]")).to_have_text(LOCKED)
    expect(me.locator("[data-chat-log]")).not_to_contain_text(words)  # no stuck "sending…"
    expect(me.get_by_label("Your message")).to_have_value(words)  # nothing typed is lost
    save_screenshot(me, "chat-error")
    expect(facilitator.locator("[data-chat-log]")).not_to_contain_text(words)

    facilitator.get_by_role("button", name="Unlock the room").click()
    expect(me.locator("[data-room-state]")).to_be_hidden()
    me.get_by_role("button", name="Send", exact=True).click()
    expect(delivered(facilitator, words)).to_have_count(1)


def test_a_message_over_2000_characters_stays_in_the_box_and_is_refused_beside_it(
    page_as, chat_room
):
    """Issue 19: nothing is cut silently. The box keeps every character, Send explains the
    server's limit of 2,000, and nothing reaches the room."""
    me = page_as("member1")
    open_chat(me, chat_room)
    box = me.get_by_label("Your message")

    box.fill("a" * 2001)
    me.get_by_role("button", name="Send", exact=True).click()

    assert len(box.input_value()) == 2001
    expect(me.locator("[data-chat-error]")).to_contain_text(
        "Messages can be up to 2,000 characters; this one has 2,001."
    )
    expect(me.locator("[data-chat-log]")).not_to_contain_text("a" * 50)
