"""A member starts a thread with a content warning; the post stays folded behind its label."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot
from tests.browser.input_modes import INPUT_MODES, Person

pytestmark = pytest.mark.browser

OPEN_GROUP = "Rebuilding Trust Circle"


@pytest.mark.parametrize("input_mode", INPUT_MODES)
def test_member_starts_a_thread_with_a_content_warning_that_folds_the_post(page_as, input_mode):
    page = page_as("member1")
    person = Person(page, input_mode)
    title = f"What I found out last spring ({input_mode} {uuid.uuid4().hex[:4]})"
    body = "I am still finding the words for what happened, and writing helps."

    page.goto("/groups/")
    person.click(page.get_by_role("link", name=OPEN_GROUP))
    person.click(page.get_by_role("link", name="Start a thread"))
    page.wait_for_url("**/threads/new/")
    person.fill(page.get_by_label("Title"), title)
    person.fill(page.get_by_label("Your message"), body)
    person.choose(page.get_by_label("Content warning (optional)"), "infidelity details")
    if input_mode == "pointer":
        save_screenshot(page, "thread-new")
    person.submit(page.get_by_role("button", name="Post thread"))

    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    warning = page.locator("details.content-warning").first
    summary = warning.locator("summary")
    assert "Content warning: infidelity details" in summary.inner_text()
    expect(warning.get_by_text(body)).to_be_hidden()  # folded until the reader opens it
    person.press(summary)
    expect(warning.get_by_text(body)).to_be_visible()
    if input_mode == "pointer":
        save_screenshot(page, "thread")

    person.click(page.get_by_role("link", name=OPEN_GROUP).first)
    listed = page.get_by_role("link", name=f"Content warning: infidelity details — {title}")
    expect(listed).to_be_visible()


def test_a_keyboard_user_who_reacts_to_a_post_keeps_their_place(page_as):
    """Issue 19.4: after the reaction's page load, focus is back on the button pressed."""
    page = page_as("member1")
    person = Person(page, "keyboard")
    page.goto("/groups/")
    person.click(page.get_by_role("link", name=OPEN_GROUP))
    page.locator("main a[href*='/threads/']:not([href$='/new/'])").first.click()
    form = page.locator("form.reactions").last
    expect(form).to_be_visible()
    action = form.get_attribute("action")
    button = form.locator("button[name=kind]").first
    kind = button.get_attribute("value")
    pressed = button.get_attribute("aria-pressed")

    with page.expect_navigation():
        person.click(button)
    page.wait_for_function("document.activeElement && document.activeElement.name === 'kind'")

    focused = page.evaluate(
        "[document.activeElement.closest('form')?.getAttribute('action'),"
        " document.activeElement.value, document.activeElement.getAttribute('aria-pressed')]"
    )
    assert focused[:2] == [action, kind]
    assert focused[2] != pressed  # the reaction was taken (or taken back)
