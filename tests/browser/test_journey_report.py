"""A member reports a post; the facilitator hides it from the group's review queue."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import make_member, save_screenshot
from tests.browser.input_modes import INPUT_MODES, Person

pytestmark = pytest.mark.browser

GROUP = "/groups/rebuilding-trust-circle/"


@pytest.mark.parametrize("input_mode", INPUT_MODES)
def test_member_reports_a_post_and_the_facilitator_hides_it_from_the_queue(
    site, page_as, input_mode
):
    tag = uuid.uuid4().hex[:6]
    thread_title = f"Thoughts after the weekend {tag}"
    unkind = f"Honestly you all just need to get over it ({tag})."
    make_member(site, group_slug="rebuilding-trust-circle", thread_title=thread_title, reply=unkind)
    reporter_page = page_as("member2")
    facilitator_page = page_as("facilitator")
    reporter, facilitator = Person(reporter_page, input_mode), Person(facilitator_page, input_mode)

    reporter_page.goto(GROUP)
    reporter.click(reporter_page.get_by_role("link", name=thread_title))
    post = reporter_page.locator("li.post", has_text=unkind)
    reporter.click(post.get_by_role("link", name="Report"))
    reporter.check(reporter_page.get_by_label("Unsafe advice"))
    reporter.fill(
        reporter_page.get_by_label("Anything the moderators should know (optional)"),
        "This could hurt someone who is new here.",
    )
    if input_mode == "pointer":
        save_screenshot(reporter_page, "report")
    reporter.submit(reporter_page.get_by_role("button", name="Send the report"))
    expect(reporter_page.get_by_role("status")).to_contain_text("Thank you for telling us")

    facilitator_page.goto(GROUP)
    facilitator.click(facilitator_page.get_by_role("link", name="Facilitator console"))
    facilitator_page.wait_for_url("**/manage/")
    item = facilitator_page.locator("article.queue-item", has_text=unkind)
    expect(item).to_contain_text("Unsafe advice")
    facilitator.choose(item.get_by_label("Decision"), "Hide")
    facilitator.fill(
        item.get_by_label("Reason (the member sees it; never name a reporter)"),
        "Please share from your own experience.",
    )
    if input_mode == "pointer":
        save_screenshot(facilitator_page, "facilitator-console-queue")
    facilitator.submit(item.get_by_role("button", name="Apply"))
    expect(facilitator_page.locator("article.queue-item", has_text=unkind)).to_have_count(0)

    reporter_page.reload()
    expect(reporter_page.get_by_role("heading", level=1)).to_have_text(thread_title)
    expect(reporter_page.get_by_text(unkind)).to_have_count(0)
