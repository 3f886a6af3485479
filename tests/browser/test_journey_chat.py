"""Two members in two browsers: a chat message appears live for the other, who answers."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot
from tests.browser.input_modes import INPUT_MODES, Person

pytestmark = pytest.mark.browser

CHAT = "/groups/rebuilding-trust-circle/chat/"


def open_chat(page, person: Person):
    """From the forum, follow the group's chat link and wait until the room is connected."""
    page.goto("/groups/rebuilding-trust-circle/")
    person.click(page.get_by_role("navigation", name="This group").get_by_role("link", name="Chat"))
    page.wait_for_url(f"**{CHAT}")
    expect(page.locator("[data-chat-status]")).to_have_text("Connected.")


def send(page, person: Person, text: str) -> None:
    """Write in the message box and send: the Send button, or Enter from the keyboard."""
    box = page.get_by_label("Your message")
    if person.keyboard:
        person.fill(box, text)
        page.keyboard.press("Enter")
    else:
        box.fill(text)
        page.get_by_role("button", name="Send", exact=True).click()


@pytest.mark.parametrize("input_mode", INPUT_MODES)
def test_chat_message_appears_live_for_a_second_member_who_answers(page_as, input_mode):
    first = page_as("member1")
    second = page_as("member2")
    me, other = Person(first, input_mode), Person(second, input_mode)
    hello = f"Evening, everyone. A hard day, but I'm here ({uuid.uuid4().hex[:6]})."
    answer = f"Glad you came. I'm listening ({uuid.uuid4().hex[:6]})."
    open_chat(first, me)
    open_chat(second, other)

    send(first, me, hello)

    log_seen_by_second = second.locator("[data-chat-log]")
    expect(log_seen_by_second.get_by_text(hello)).to_be_visible()
    expect(log_seen_by_second.locator(".chat-message", has_text=hello)).to_contain_text("quiet_oak")
    send(second, other, answer)

    expect(first.locator("[data-chat-log]").get_by_text(answer)).to_be_visible()
    expect(first.locator("[data-chat-log] .chat-message", has_text=answer)).to_contain_text(
        "north_star"
    )
    expect(first.get_by_label("Your message")).to_have_value("")
    if input_mode == "pointer":
        save_screenshot(first, "chat")
