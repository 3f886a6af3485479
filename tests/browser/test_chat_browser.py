"""The chat page in a real browser: chat.js connects, sends, receives, shows presence, and
shows the crisis panel to the author alone."""

import pytest

from tests.browser.conftest import manage_py_shell, save_screenshot

pytestmark = pytest.mark.browser

SLUG = "chat-browser-circle"
SETUP = f"""
from django.contrib.auth import get_user_model
from groups.models import Membership, SupportGroup
group, _ = SupportGroup.objects.get_or_create(
    slug="{SLUG}",
    defaults=dict(name="Chat browser circle", description="d", ground_rules="Be kind.",
                  join_policy="open"),
)
users = get_user_model().objects
for email, role in [("member1@example.com", "member"), ("facilitator@example.com", "facilitator")]:
    user = users.get(email=email)
    Membership.objects.update_or_create(
        user=user, group=group,
        defaults=dict(state="active", role=role, rules_version_accepted=group.rules_version),
    )
"""


@pytest.fixture
def chat_group(site):
    manage_py_shell(site, SETUP)
    return f"/groups/{SLUG}/chat/"


def test_two_people_chat_live_in_the_browser(page_as, chat_group):
    member = page_as("member1")
    facilitator = page_as("facilitator")
    member.goto(chat_group)
    facilitator.goto(chat_group)
    member.locator("[data-chat-status]").filter(has_text="Connected").wait_for()
    facilitator.locator("[data-chat-status]").filter(has_text="Connected").wait_for()

    member.get_by_label("Your message").fill("Hello from the browser")
    member.get_by_role("button", name="Send", exact=True).click()

    facilitator.locator(".chat-message .body", has_text="Hello from the browser").wait_for()
    member.locator(".chat-message[data-id] .body", has_text="Hello from the browser").wait_for()
    assert member.locator(".chat-message.pending").count() == 0
    assert "quiet_oak" in facilitator.locator("[data-presence]").inner_text()
    assert "Hello from the browser" in facilitator.locator("[data-chat-announcer]").inner_text()
    assert facilitator.get_by_role("heading", name="Facilitator tools").is_visible()
    assert member.get_by_role("heading", name="Facilitator tools").count() == 0
    save_screenshot(facilitator, "chat-facilitator")


def test_a_crisis_message_shows_the_resources_panel_to_its_author_only(page_as, chat_group):
    member = page_as("member1")
    facilitator = page_as("facilitator")
    member.goto(chat_group)
    facilitator.goto(chat_group)
    member.locator("[data-chat-status]").filter(has_text="Connected").wait_for()
    facilitator.locator("[data-chat-status]").filter(has_text="Connected").wait_for()

    member.get_by_label("Your message").fill("I want to die")
    member.keyboard.press("Enter")

    member.locator("[data-crisis-panel]").wait_for(state="visible")
    facilitator.locator(".chat-message .body", has_text="I want to die").wait_for()
    assert member.locator("[data-crisis-list] li").count() > 0
    assert facilitator.locator("[data-crisis-panel]").is_hidden()
    save_screenshot(member, "chat-crisis-panel")
