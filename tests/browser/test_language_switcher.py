"""The language switcher, on every page, turns the group, chat and account pages Spanish."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, make_member, save_screenshot, sign_in

pytestmark = pytest.mark.browser

GROUP = "rebuilding-trust-circle"
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def assert_accessible(page, name: str) -> None:
    save_screenshot(page, name)
    violations = axe_violations(page)
    report = [
        f"{v['impact']}: {v['id']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    ]
    assert not violations, f"{name}: {report}"


@pytest.mark.parametrize("screen", SCREENS)
def test_choosing_espanol_turns_group_chat_and_account_pages_spanish(new_page, site, screen):
    member = make_member(site, group_slug=GROUP)
    page = new_page(**SCREENS[screen])
    sign_in(page, member["email"], member["password"])
    page.goto(f"/groups/{GROUP}/")
    assert page.locator("html").get_attribute("lang") == "en"

    page.locator(".language-switcher").get_by_role("button", name="Español").click()
    page.wait_for_load_state()

    assert page.url.endswith(f"/groups/{GROUP}/")
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.get_by_role("link", name="Pide ayuda ahora")).to_be_visible()
    assert_accessible(page, f"language-group-es-{screen}")

    page.goto(f"/groups/{GROUP}/chat/")
    expect(page.locator("[data-chat-status]")).to_have_text("Conectado.")
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(page, f"language-chat-es-{screen}")

    page.goto("/me/")
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.locator("#id_language")).to_have_value("es")  # kept as their setting
    assert_accessible(page, f"language-account-es-{screen}")

    page.locator(".language-switcher").get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
