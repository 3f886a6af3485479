"""axe-core finds no serious or critical violations on the main pages; each page is screenshot."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, make_reported_reply, save_screenshot
from tests.browser.input_modes import Person

pytestmark = pytest.mark.browser

GROUP = "/groups/rebuilding-trust-circle/"


def assert_accessible(page, name: str) -> None:
    save_screenshot(page, name)
    violations = axe_violations(page)
    report = "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not violations, f"{name} at {page.url}:\n{report}"


VISITOR_PAGES = [
    ("home", "/"),
    ("guide-index", "/guides/"),
    ("help", "/help/"),
    ("group-directory", "/groups/"),
    ("sign-in", "/accounts/login/"),
    ("sign-up", "/accounts/signup/"),
    ("not-found", "/no-such-page-here/"),
]


@pytest.mark.parametrize(("name", "path"), VISITOR_PAGES, ids=[n for n, _ in VISITOR_PAGES])
def test_page_a_visitor_sees_has_no_serious_accessibility_violations(page, name, path):
    page.goto(path)

    assert_accessible(page, f"visitor-{name}")


MEMBER_PAGES = [
    ("settings", "/me/"),
    ("notifications", "/me/notifications/"),
    ("group-directory", "/groups/"),
    ("group-forum", GROUP),
    ("sessions", GROUP + "sessions/"),
]


@pytest.mark.parametrize(("name", "path"), MEMBER_PAGES, ids=[n for n, _ in MEMBER_PAGES])
def test_page_a_member_sees_has_no_serious_accessibility_violations(page_as, name, path):
    page = page_as("member1")
    response = page.goto(path)

    assert response.status == 200
    assert_accessible(page, f"member-{name}")


def test_an_article_has_no_serious_accessibility_violations(page):
    page.goto("/guides/")
    page.get_by_role("link", name=re.compile("How does sexual trust facilitate recovery")).click()

    expect(page.get_by_role("region", name="Groups on this topic")).to_be_visible()
    assert_accessible(page, "visitor-article")


def test_a_thread_a_member_reads_has_no_serious_accessibility_violations(page_as):
    page = page_as("member1")
    page.goto(GROUP)
    page.get_by_role("link", name="Welcome: introduce yourself if you like").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Welcome: introduce yourself if you like"
    )
    expect(page.locator("li.post").first).to_be_visible()
    assert_accessible(page, "member-thread")


def test_the_chat_page_once_connected_has_no_serious_accessibility_violations(page_as):
    page = page_as("member1")
    page.goto(GROUP + "chat/")

    expect(page.locator("[data-chat-status]")).to_have_text("Connected.")
    expect(page.locator("[data-chat-log] .chat-message").first).to_be_visible()  # the history
    assert_accessible(page, "member-chat")


@pytest.fixture(scope="module")
def reported_post(site):
    """A reply reported by another member, so the review queues have an item to show."""
    tag = uuid.uuid4().hex[:6]
    return make_reported_reply(
        site,
        reply=f"Just stop talking about it and move on ({tag}).",
        thread_title=f"Week two {tag}",
    )


def test_the_facilitator_console_has_no_serious_accessibility_violations(page_as, reported_post):
    page = page_as("facilitator")
    response = page.goto(GROUP + "manage/")

    assert response.status == 200
    expect(page.locator("article.queue-item", has_text=reported_post)).to_be_visible()
    assert_accessible(page, "facilitator-console")


def test_the_moderation_queue_has_no_serious_accessibility_violations(page_as, reported_post):
    page = page_as("moderator")  # signs in with a password and a TOTP code
    response = page.goto("/moderation/")

    assert response.status == 200
    expect(page.get_by_text(reported_post)).to_be_visible()
    assert_accessible(page, "moderator-queue")


def test_not_found_page_is_calm_and_offers_a_way_on(page):
    response = page.goto("/no-such-page-here/")

    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "We could not find that page"
    assert page.get_by_role("link", name="Find a helpline").count() >= 1


def test_first_tab_reaches_the_skip_link_and_enter_moves_to_the_main_content(page):
    page.goto("/help/")
    person = Person(page, "keyboard")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    person.focus(skip)  # the focused skip link is on screen and shows its focus
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main"


def test_safety_links_come_first_in_tab_order_after_the_skip_link(page):
    page.goto("/groups/")

    names = []
    for _ in range(3):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.textContent.trim()"))

    assert names[0] == "Skip to main content"
    assert names[1] == "Get help now"
    assert names[2].startswith("Quick exit")


def test_pages_fit_a_phone_screen_without_sideways_scrolling(page):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/help/", "/groups/", "/accounts/signup/"):
        page.goto(path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a 360px screen"
    save_screenshot(page, "phone-sign-up")
