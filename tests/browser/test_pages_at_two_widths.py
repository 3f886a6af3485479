"""Pages this wave restyled or changed, at 1280 and 390 px: no sideways scrolling, the main
heading in the first screen, axe clean (no serious or critical), a screenshot each."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, save_screenshot

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
GROUP = "/groups/rebuilding-trust-circle/"

VISITOR_PAGES = [
    ("join", "/accounts/signup/", "Join the community"),
    ("password-reset", "/accounts/password/reset/", None),
    ("sign-in", "/accounts/login/", None),
    ("group-about", GROUP, None),
]
MEMBER_PAGES = [
    ("group-forum", GROUP, None),
    ("sessions", GROUP + "sessions/", None),
    ("settings", "/me/", None),
    ("email-addresses", "/accounts/email/", None),
    ("password-change", "/accounts/password/change/", None),
    ("two-factor", "/accounts/2fa/", None),
    ("two-factor-set-up", "/accounts/2fa/totp/activate/", None),
]


def _check(page, name: str, heading: str | None) -> None:
    h1 = page.get_by_role("heading", level=1)
    expect(h1.first).to_be_visible()
    if heading:
        expect(h1.first).to_have_text(heading)
    box = h1.first.bounding_box()
    assert box["y"] < page.viewport_size["height"], f"{name}: the heading is below the fold"
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    violations = axe_violations(page)
    assert violations == [], [(v["impact"], v["id"]) for v in violations]
    save_screenshot(page, name)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path", "heading"), VISITOR_PAGES)
def test_a_visitor_page_reads_well_at_both_widths(new_page, width, name, path, heading):
    page = new_page(viewport=WIDTHS[width])
    page.goto(path)
    _check(page, f"{name}-{width}", heading)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("name", "path", "heading"), MEMBER_PAGES)
def test_a_member_page_reads_well_at_both_widths(page_as, width, name, path, heading):
    page = page_as("member1", viewport=WIDTHS[width])
    page.goto(path)
    _check(page, f"member-{name}-{width}", heading)
