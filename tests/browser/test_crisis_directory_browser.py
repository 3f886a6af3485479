"""Crisis help in a real browser: a number to call or text first, for the browser's country.

A member with no saved country writes a crisis message in the chat; the panel's first link is
a valid tel: number of the country their browser's language names (US English → 988, Spanish
(Mexico) → Mexico's Línea de la Vida, Russian → Russia's national helpline), visible on a
390 px phone without scrolling. /help/ shows the first number above the fold, and the
country can be changed in place.
"""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, make_member, save_screenshot, sign_in
from tests.browser.test_journey_chat import CHAT

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
TEL = re.compile(r"^tel:\+?(?:[0-9*]|%23){2,15}$")
CRISIS_MESSAGE = "I can't do this anymore. I want to end my life tonight."
BROWSERS = [
    ("en-US", "tel:988", "Call 988"),
    ("es-MX", "tel:8009112000", "Llamar al 800 911 2000"),
    ("ru-RU", "tel:+78002000122", "Позвонить: 8-800-2000-122"),
]
CONNECTED = {"en-US": "Connected.", "es-MX": "Conectado.", "ru-RU": "Подключено."}


def signed_in_page(new_page, person: dict, **options):
    """A browser with ``options`` (its language, a phone's screen) where ``person`` is signed
    in; the sign-in itself happens in an English browser, whose form the helper knows."""
    english = new_page(locale="en-US")
    sign_in(english, person["email"], person["password"])
    return new_page(storage_state=english.context.storage_state(), **options)


def write_in_chat(page, locale: str, text: str) -> None:
    """Open the group's chat and send ``text`` (the page is in the browser's language)."""
    page.goto(CHAT)
    expect(page.locator("[data-chat-status]")).to_have_text(CONNECTED[locale])
    page.locator("[data-chat-form] textarea").fill(text)
    page.locator("[data-chat-form] button[type=submit]").click()


def above_the_fold(page, locator) -> bool:
    box = locator.bounding_box()
    viewport = page.viewport_size
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]


@pytest.mark.parametrize(("locale", "href", "text"), BROWSERS)
def test_a_member_without_a_country_gets_a_number_of_the_browsers_country_first_in_chat(
    new_page, site, locale, href, text
):
    person = make_member(site, group_slug="rebuilding-trust-circle")
    page = signed_in_page(new_page, person, locale=locale, **PHONE)

    write_in_chat(page, locale, f"{CRISIS_MESSAGE} ({uuid.uuid4().hex[:6]})")

    panel = page.locator("[data-crisis-panel]")
    expect(panel).to_be_visible()
    first_number = panel.locator("[data-first-contact] a").first
    expect(first_number).to_have_attribute("href", href)
    expect(first_number).to_have_text(text)
    assert panel.locator("a[href^='tel:'], a[href^='sms:']").first.get_attribute("href") == href
    for link in panel.locator("a[href^='tel:']").all():
        assert TEL.fullmatch(link.get_attribute("href"))
    assert above_the_fold(page, first_number), "the first number is below the fold"
    assert axe_violations(page) == []
    save_screenshot(page, f"chat-crisis-panel-phone-{locale}")


@pytest.mark.parametrize(("locale", "href", "text"), BROWSERS)
def test_help_page_on_a_phone_shows_the_first_number_above_the_fold(new_page, locale, href, text):
    page = new_page(locale=locale, **PHONE)

    page.goto("/help/")

    first_number = page.locator("[data-first-contact] a").first
    expect(first_number).to_have_attribute("href", href)
    assert above_the_fold(page, first_number), "the first number is below the fold"
    hrefs = [link.get_attribute("href") for link in page.locator("a[href^='tel:']").all()]
    assert hrefs and all(TEL.fullmatch(h) for h in hrefs)
    assert "Carried over" not in page.content()
    assert axe_violations(page) == []
    save_screenshot(page, f"help-phone-{locale}")


def test_the_country_is_changed_in_place_and_remembered(new_page):
    page = new_page(locale="en-US", **PHONE)
    page.goto("/help/")
    expect(page.locator("[data-first-contact] a").first).to_have_attribute("href", "tel:988")

    page.get_by_label("Show services for").select_option("MX")
    page.get_by_role("button", name="Show", exact=True).click()

    first_number = page.locator("[data-first-contact] a").first
    expect(first_number).to_have_attribute("href", "tel:8009112000")
    expect(first_number).to_be_focused()
    assert page.url.endswith("/help/")  # the same page, changed in place
    page.reload()
    expect(page.locator("[data-first-contact] a").first).to_have_attribute("href", "tel:8009112000")


def test_an_unknown_country_shows_the_international_directories(new_page):
    page = new_page(locale="en-US")

    page.goto("/help/?country=XX")

    expect(page.get_by_text("We could not find that country")).to_be_visible()
    expect(page.get_by_role("link", name="https://findahelpline.com")).to_be_visible()
    save_screenshot(page, "help-unknown-country")
