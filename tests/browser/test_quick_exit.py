"""Quick exit leaves the site, and Back does not return to the page that was open."""

import pytest

from tests.browser.input_modes import Person

pytestmark = pytest.mark.browser


def test_quick_exit_button_replaces_the_page_so_back_does_not_return(page, site):
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<h1>Weather</h1>"))
    page.goto("/groups/")
    page.goto("/help/")

    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("https://www.bbc.co.uk/**")
    page.go_back()

    assert "/help/" not in page.url
    assert page.url.endswith("/groups/")


def test_pressing_escape_twice_leaves_the_site(page, site):
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<h1>Weather</h1>"))
    page.goto("/help/")

    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("https://www.bbc.co.uk/**")

    assert "Weather" in page.content()


def test_quick_exit_reached_with_tab_and_enter_leaves_without_a_way_back(page, site):
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<h1>Weather</h1>"))
    page.goto("/groups/")
    page.goto("/help/")
    person = Person(page, "keyboard")

    person.click(page.get_by_role("link", name="Quick exit"))
    page.wait_for_url("https://www.bbc.co.uk/**")
    page.go_back()

    assert "/help/" not in page.url
    assert page.url.endswith("/groups/")
