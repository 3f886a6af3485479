"""A newcomer signs up, confirms the email from the mailbox, accepts the rules and joins."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import mails_to, save_screenshot
from tests.browser.input_modes import INPUT_MODES, Person

pytestmark = pytest.mark.browser

OPEN_GROUP = "Rebuilding Trust Circle"


@pytest.mark.parametrize("input_mode", INPUT_MODES)
def test_newcomer_signs_up_confirms_the_email_accepts_the_rules_and_joins(page, site, input_mode):
    person = Person(page, input_mode)
    tag = uuid.uuid4().hex[:6]
    address = f"newcomer-{input_mode}-{tag}@example.com"
    pseudonym = f"newcomer_{tag}"
    password = f"calm-harbour-{tag}-2026"

    page.goto("/groups/")
    person.click(page.get_by_role("link", name="Join the community"))
    page.wait_for_url("**/accounts/signup/")
    person.fill(page.get_by_label("Email"), address)
    person.fill(page.get_by_label("Pseudonym"), pseudonym)
    person.fill(page.get_by_label(re.compile(r"^Password:?$")), password)
    person.fill(page.get_by_label("Password (again)"), password)
    if input_mode == "pointer":
        save_screenshot(page, "journey-sign-up-filled")
    person.submit(page.get_by_role("button", name="Join", exact=True))

    assert "/accounts/confirm-email/" in page.url
    mails = mails_to(site, address)
    assert len(mails) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mails[0]["body"])
    assert link, mails[0]["body"]
    assert pseudonym not in mails[0]["subject"]

    page.goto(link.group(0))
    person.submit(page.get_by_role("button", name="Confirm"))
    if input_mode == "pointer":
        save_screenshot(page, "journey-email-confirmed")

    page.goto("/groups/")
    person.click(page.get_by_role("link", name=OPEN_GROUP))
    page.wait_for_url("**/groups/*/")
    person.click(page.get_by_role("link", name="Sign in to join"))
    page.wait_for_url("**/accounts/login/**")
    person.fill(page.get_by_label("Email"), address)
    person.fill(page.get_by_label("Password"), password)
    person.submit(page.get_by_role("button", name="Sign In"))
    rules = page.get_by_label("I have read the ground rules and I agree to follow them.")
    person.check(rules)
    if input_mode == "pointer":
        save_screenshot(page, "group-about-join")
    person.submit(page.get_by_role("button", name="Join this group"))

    expect(page.get_by_role("heading", level=1, name=OPEN_GROUP)).to_be_visible()
    expect(page.get_by_role("link", name="Start a thread")).to_be_visible()
    expect(page.get_by_role("link", name=pseudonym)).to_be_visible()  # signed in as the newcomer
