"""The facilitator console in a real browser at 1280 and 390 px: its tabs are plain links
(no script needed), muting a member goes through a confirmation page that asks why, the
result message offers Undo, and the audit log reads as sentences stacked as cards on a phone.
axe-core (no serious or critical violations) on every page touched."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, make_member, save_screenshot

pytestmark = pytest.mark.browser

SLUG = "rebuilding-trust-circle"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def assert_accessible(page, name: str) -> None:
    violations = axe_violations(page)
    report = "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not violations, f"{name} at {page.url}:\n{report}"


def assert_no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 1, f"the page scrolls sideways by {width}px at {page.url}"


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_console_tabs_and_a_confirmed_mute_with_undo(site, page_as, size):
    person = make_member(site, group_slug=SLUG)
    name = person["pseudonym"]
    page = page_as("facilitator", viewport=VIEWPORTS[size])

    page.goto(f"/groups/{SLUG}/manage/")
    tabs = page.get_by_role("navigation", name="Console sections")
    expect(tabs.get_by_role("link", name="Review queue")).to_have_attribute("aria-current", "page")
    assert_accessible(page, "console queue tab")
    tabs.get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=2, name="Members")).to_be_visible()
    expect(page.get_by_role("button", name="Save settings")).to_have_count(0)
    assert_no_sideways_scroll(page)
    assert_accessible(page, "console members tab")
    save_screenshot(page, f"console-members-{size}")

    row = page.locator("li.member-row", has_text=name)
    row.get_by_role("link", name=f"Mute… {name}").click()
    expect(page.get_by_role("heading", level=2, name=f"Mute {name}?")).to_be_visible()
    assert_accessible(page, "mute confirmation")
    save_screenshot(page, f"console-mute-confirm-{size}")
    page.get_by_label("Mute for").select_option("15")
    page.get_by_label("Reason (the member sees it, and it is kept in the audit log)").fill(
        "Let's take a short pause."
    )
    page.get_by_role("button", name=f"Mute {name}", exact=True).click()

    status = page.get_by_role("status")
    expect(status).to_contain_text(f"{name} is muted in the group")
    expect(page.locator("li.member-row", has_text=name)).to_contain_text("Muted until")
    assert_no_sideways_scroll(page)
    assert_accessible(page, "members tab after a mute")
    save_screenshot(page, f"console-mute-undo-{size}")
    status.get_by_role("button", name=f"Undo: unmute {name}").click()
    expect(page.get_by_role("status")).to_contain_text(f"{name} can post and chat again")
    expect(page.locator("li.member-row", has_text=name)).not_to_contain_text("Muted until")

    tabs = page.get_by_role("navigation", name="Console sections")
    tabs.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("button", name="Save settings")).to_be_visible()
    assert_accessible(page, "console settings tab")


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_the_audit_log_reads_as_sentences_and_stacks_as_cards_on_a_phone(site, page_as, size):
    page = page_as("moderator", viewport=VIEWPORTS[size])

    page.goto("/moderation/audit/")

    first = page.locator(".audit-table tbody tr").first
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", first.inner_text())  # no action codes
    display = first.evaluate("row => getComputedStyle(row).display")
    assert display == ("block" if size == "phone" else "table-row")
    assert_no_sideways_scroll(page)
    assert_accessible(page, "audit log")
    save_screenshot(page, f"audit-log-{size}")
