"""A moderator hides a reported post from the review queue with a reason, is offered Undo, and
takes it back: at 1280 and 390 px, no sideways scrolling, axe clean, a screenshot of each step."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, make_reported_reply, save_screenshot

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _reported_reply(site) -> str:
    tag = uuid.uuid4().hex[:6]
    return make_reported_reply(
        site, reply=f"Just get over it already ({tag}).", thread_title=f"Week three {tag}"
    )


def _reads_well(page, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    violations = axe_violations(page)
    assert violations == [], [(v["impact"], v["id"]) for v in violations]
    save_screenshot(page, name)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_hide_from_the_queue_is_offered_an_undo_that_brings_the_post_back(site, page_as, width):
    reply = _reported_reply(site)
    page = page_as("moderator", viewport=WIDTHS[width])
    page.goto("/moderation/")
    item = page.locator("article.queue-item", has_text=reply)
    expect(item).to_be_visible()

    item.get_by_label("Decision").select_option("hide")
    item.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Please write a short reason.")).to_be_visible()  # nothing hidden

    item = page.locator("article.queue-item", has_text=reply)
    item.get_by_label("Decision").select_option("hide")
    item.locator("input[name=reason]").fill("Advice that could hurt someone")
    item.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Hidden from the group. Its author has been told.")).to_be_visible()
    _reads_well(page, f"queue-hidden-undo-{width}")

    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_text("Visible again. Its author has been told.")).to_be_visible()
    expect(page.locator("article.queue-item", has_text=reply)).to_be_visible()  # back to decide
    _reads_well(page, f"queue-undone-{width}")
