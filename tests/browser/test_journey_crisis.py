"""A message that reads as a crisis: the author sees the resource panel, the facilitator an alert.

Both happen live: the author's panel comes over the chat socket, the facilitator's alert over
the notifications socket of whatever page they have open.
"""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot
from tests.browser.input_modes import INPUT_MODES, Person
from tests.browser.test_journey_chat import open_chat, send

pytestmark = pytest.mark.browser

CRISIS_MESSAGE = "I can't go on anymore. I want to end my life tonight."


@pytest.mark.parametrize("input_mode", INPUT_MODES)
def test_crisis_message_shows_resources_to_its_author_and_alerts_the_facilitator_live(
    page_as, input_mode
):
    author_page = page_as("member2")
    facilitator_page = page_as("facilitator")
    author = Person(author_page, input_mode)
    facilitator = Person(facilitator_page, input_mode)
    facilitator_page.goto("/me/notifications/")
    # Crisis messages from one member in one room gather into the open alert (a count, no new
    # notification): close an earlier run's alert first, from its banner, as a facilitator would.
    earlier = facilitator_page.locator(
        "[data-safety-banner] [role=alert][data-alert-id]",
        has_text="north_star may need support in Rebuilding Trust Circle",
    )
    while earlier.count():
        left = earlier.count()
        earlier.first.get_by_role("button", name="I'm checking in").click()
        expect(earlier).to_have_count(left - 1)
    badge_before = facilitator_page.locator("[data-unread-count]")
    unread_before = int(badge_before.inner_text().split()[0]) if badge_before.count() else 0
    open_chat(author_page, author)
    message = f"{CRISIS_MESSAGE} ({uuid.uuid4().hex[:6]})"

    send(author_page, author, message)

    panel = author_page.locator("[data-crisis-panel]")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading")).to_have_text("You don't have to go through this alone")
    expect(panel.get_by_role("link", name="See all support lines")).to_be_visible()
    expect(author_page.locator("[data-chat-log]").get_by_text(message)).to_be_visible()
    if input_mode == "pointer":
        save_screenshot(author_page, "chat-crisis-panel")

    badge = facilitator_page.locator("[data-unread-count]")
    expect(badge).to_contain_text(str(unread_before + 1))
    announcer = facilitator_page.locator("[data-notification-announcer]")
    expect(announcer).to_contain_text("Rebuilding Trust Circle")
    assert "end my life" not in announcer.inner_text()  # what the member wrote stays private
    banner = facilitator_page.locator(
        "[data-safety-banner] [role=alert]",
        has_text="north_star may need support in Rebuilding Trust Circle.",
    )
    expect(banner).to_be_visible()
    assert "end my life" not in banner.inner_text()

    main_nav = facilitator_page.get_by_role("navigation", name="Main")
    facilitator.click(main_nav.get_by_role("link", name=re.compile(r"^Notifications")))
    alert = facilitator_page.locator(".notification-list li.priority-high").first
    expect(alert).to_be_visible()
    if input_mode == "pointer":
        save_screenshot(facilitator_page, "facilitator-safety-alert")
