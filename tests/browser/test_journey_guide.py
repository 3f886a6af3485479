"""A visitor reads a guide and follows it to a support group's page."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import save_screenshot
from tests.browser.input_modes import INPUT_MODES, Person

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("input_mode", INPUT_MODES)
def test_visitor_reads_a_guide_and_follows_it_to_a_group(page, input_mode):
    person = Person(page, input_mode)
    page.goto("/")
    if input_mode == "pointer":
        save_screenshot(page, "home")

    main_nav = page.get_by_role("navigation", name="Main")
    person.click(main_nav.get_by_role("link", name="Guides"))
    page.wait_for_url("**/guides/")
    guide = page.get_by_role("link", name=re.compile("How does sexual trust facilitate recovery"))
    guide_title = guide.inner_text()
    person.click(guide)

    expect(page.get_by_role("heading", level=1)).to_have_text(guide_title)
    related = page.get_by_role("region", name="Groups on this topic")
    expect(related).to_be_visible()
    if input_mode == "pointer":
        save_screenshot(page, "article")
    group_link = related.get_by_role("heading", level=3).get_by_role("link").first
    group_name = group_link.inner_text()
    person.click(group_link)

    page.wait_for_url("**/groups/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text(group_name)
    expect(page.get_by_role("heading", name="Ground rules")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in to join")).to_be_visible()
