"""A member downloads their data, then deletes their account and can no longer sign in."""

import json
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import make_member, save_screenshot, sign_in
from tests.browser.input_modes import INPUT_MODES, Person

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("input_mode", INPUT_MODES)
def test_member_exports_their_data_and_then_deletes_their_account(page, site, input_mode):
    thread_title = f"A note to myself {uuid.uuid4().hex[:6]}"
    member = make_member(site, group_slug="rebuilding-trust-circle", thread_title=thread_title)
    sign_in(page, member["email"], member["password"])
    person = Person(page, input_mode)
    page.goto("/groups/")

    person.click(page.get_by_role("link", name=member["pseudonym"]))
    person.click(page.get_by_role("link", name="Download your data"))
    page.wait_for_url("**/me/export/")
    if input_mode == "pointer":
        save_screenshot(page, "privacy-export")
    with page.expect_download() as download_info:
        person.click(page.get_by_role("link", name="Download my data"))
    exported = json.loads(open(download_info.value.path(), encoding="utf-8").read())
    text = json.dumps(exported)
    assert member["pseudonym"] in text
    assert thread_title in text

    person.click(page.get_by_role("link", name="Back to your settings"))
    person.click(page.get_by_role("link", name="Delete your account"))
    page.wait_for_url("**/me/delete/")
    person.fill(page.get_by_label("Your password, to confirm it is you"), member["password"])
    person.check(page.get_by_label("Erase them"))
    person.check(page.get_by_label("I understand this cannot be undone."))
    if input_mode == "pointer":
        save_screenshot(page, "privacy-delete")
    person.submit(page.get_by_role("button", name="Delete my account"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is deleted")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()  # signed out
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member["email"])
    page.get_by_label("Password").fill(member["password"])
    page.get_by_role("button", name="Sign In").click()
    expect(page.locator(".errorlist, [role=alert]").first).to_be_visible()
    assert "/accounts/login/" in page.url
