"""A facilitator runs the room from the messages themselves: per-message actions (remove, mute
the author, a side room with the author), one Lock/Unlock toggle showing the state, check-in
requests as visible notices, a skip link to the box, and a phone header that keeps the box and
Quick exit on the first screen. At 1280 and 390 px, axe clean."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, manage_py_shell, save_screenshot

pytestmark = pytest.mark.browser

SLUG = "chat-tools-circle"
CHAT = f"/groups/{SLUG}/chat/"
SETUP = f"""
from django.contrib.auth import get_user_model
from chat.selectors import main_room_for
from groups.models import Membership, SupportGroup
group, _ = SupportGroup.objects.get_or_create(
    slug="{SLUG}",
    defaults=dict(name="Chat tools circle", description="d", ground_rules="Be kind.",
                  join_policy="open", chat_availability="always"),
)
users = get_user_model().objects
for email, role in [("member1@example.com", "member"), ("facilitator@example.com", "facilitator")]:
    Membership.objects.update_or_create(
        user=users.get(email=email), group=group,
        defaults=dict(state="active", role=role, rules_version_accepted=group.rules_version,
                      muted_until=None),
    )
room = main_room_for(group)
room.locked = False
room.save(update_fields=["locked"])
"""

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def room(site):
    manage_py_shell(site, SETUP)
    return CHAT


def connected(*pages):
    for page in pages:
        page.locator("[data-chat-status]").filter(has_text="Connected").wait_for()


def test_a_facilitator_mutes_and_removes_from_the_message_itself_by_keyboard(page_as, room):
    member = page_as("member1")
    facilitator = page_as("facilitator")
    member.goto(room)
    facilitator.goto(room)
    connected(member, facilitator)
    me = member.locator("[data-chat]").get_attribute("data-me")
    member.get_by_label("Your message").fill("Can someone hear me")
    member.keyboard.press("Enter")
    message = facilitator.locator(".chat-message", has_text="Can someone hear me")
    message.wait_for()

    menu = message.locator(".message-menu summary")
    menu.focus()
    facilitator.keyboard.press("Enter")
    expect(message.get_by_role("button", name="Remove this message")).to_be_visible()
    assert axe_violations(facilitator) == []
    save_screenshot(facilitator, "chat-message-menu-1280")
    message.get_by_role("button", name=f"Pause {me}'s messages for 10 minutes").focus()
    facilitator.keyboard.press("Enter")

    expect(facilitator.locator("[data-chat-notice]")).to_contain_text(
        f"{me} can read but not send messages for 10 minutes."
    )
    expect(facilitator.locator("[data-chat-notice]")).to_have_attribute("role", "status")
    expect(member.locator("[data-chat-notice]")).to_contain_text("paused your messages")
    # Focus stays on the message's menu, not lost to the page's top.
    assert facilitator.evaluate("document.activeElement.tagName") == "SUMMARY"

    facilitator.keyboard.press("Enter")
    facilitator.once("dialog", lambda dialog: dialog.accept())
    message.get_by_role("button", name="Remove this message").click()

    expect(member.locator(".chat-message", has_text="Can someone hear me")).to_have_count(0)
    expect(facilitator.locator(".chat-message", has_text="Can someone hear me")).to_have_count(0)
    assert member.locator(".message-menu").count() == 0  # members have no such menu

    lift = facilitator.locator(".message-menu").first
    if lift.count():
        lift.locator("summary").click()
        lift.get_by_role("button", name=f"Let {me} send messages again").click()
        expect(member.locator("[data-chat-notice]")).to_contain_text("send messages again")


def test_one_lock_toggle_shows_the_rooms_state_and_follows_it_live(page_as, room):
    facilitator = page_as("facilitator")
    other_tab = page_as("facilitator")
    member = page_as("member1")
    for page in (facilitator, other_tab, member):
        page.goto(room)
    connected(facilitator, other_tab, member)
    tools = facilitator.locator(".chat-tools")

    expect(tools.locator("[data-lock-state]")).to_have_text("The room is open: members can write.")
    expect(tools.get_by_role("button", name="Unlock the room", exact=True)).to_have_count(0)
    tools.get_by_role("button", name="Lock the room", exact=True).click()

    expect(tools.get_by_role("button", name="Unlock the room", exact=True)).to_be_visible()
    expect(tools.get_by_role("button", name="Lock the room", exact=True)).to_have_count(0)
    expect(tools.locator("[data-lock-state]")).to_have_text(
        "The room is locked: members can read but not write."
    )
    # Another open page of the facilitator follows without a reload.
    expect(other_tab.get_by_role("button", name="Unlock the room", exact=True)).to_be_visible()
    expect(member.locator("[data-room-state]")).to_contain_text("closed for new messages")
    save_screenshot(facilitator, "chat-lock-toggle-1280")

    other_tab.get_by_role("button", name="Unlock the room", exact=True).click()
    expect(tools.get_by_role("button", name="Lock the room", exact=True)).to_be_visible()
    expect(member.locator("[data-room-state]")).to_be_hidden()


def test_a_checkin_request_is_a_visible_notice_that_opens_a_side_room_both_ways_round(
    page_as, room
):
    member = page_as("member1")
    facilitator = page_as("facilitator")
    member.goto(room)
    facilitator.goto(room)
    connected(member, facilitator)
    member_name = member.locator("[data-chat]").get_attribute("data-me")
    facilitator_name = facilitator.locator("[data-chat]").get_attribute("data-me")

    member.get_by_role("button", name="Ask a facilitator for a private check-in").click()

    requests = facilitator.locator("[data-checkin-requests]")
    expect(requests).to_have_attribute("role", "status")
    expect(requests).to_contain_text(f"{member_name} would like a one-to-one check-in.")
    assert axe_violations(facilitator) == []
    save_screenshot(facilitator, "chat-checkin-request-1280")
    requests.get_by_role("button", name=f"Open a side room with {member_name}").click()

    expect(facilitator.locator("[data-chat-notice]")).to_contain_text(
        f"You opened a private one-to-one check-in with {member_name}."
    )
    expect(member.locator("[data-chat-notice]")).to_contain_text(
        f"{facilitator_name} invited you to a private one-to-one check-in."
    )
    expect(requests.locator(".checkin-request")).to_have_count(0)
    link = member.get_by_role("link", name="Open the private room")
    expect(link).to_have_attribute("href", re.compile(rf"^{re.escape(room)}\?room=\w+"))


def test_keyboard_users_skip_the_messages_to_the_box(page_as, room):
    member = page_as("member1")
    member.goto(room)
    connected(member)

    for _ in range(30):
        member.keyboard.press("Tab")
        if member.evaluate("document.activeElement.matches('[data-skip-to-box]')"):
            break
    else:
        pytest.fail("the skip link is not within the first 30 tab stops")
    expect(member.locator("[data-skip-to-box]")).to_be_visible()
    member.keyboard.press("Enter")

    assert member.evaluate("document.activeElement.id") == "chat-body"


@pytest.mark.parametrize("who", ["member1", "facilitator"])
def test_on_a_phone_the_header_is_one_row_and_quick_exit_and_the_box_are_on_the_first_screen(
    page_as, room, who
):
    page = page_as(who, viewport=PHONE)
    page.goto(room)
    connected(page)

    header = page.locator(".site-header").bounding_box()
    brand = page.locator(".site-header .brand").bounding_box()
    quick_exit = page.locator("[data-quick-exit]").bounding_box()
    box = page.get_by_label("Your message").bounding_box()

    assert header["height"] <= brand["height"] + 32, header  # one row
    assert quick_exit["y"] + quick_exit["height"] <= PHONE["height"]
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    save_screenshot(page, f"chat-phone-{who}-390")
