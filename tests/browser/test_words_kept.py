"""Never losing words, in a real Chromium at desktop and phone widths: the counter and a
25,000-character paste kept whole, the error focused beside the box, drafts surviving a
reload and Quick exit, and the calm page after signing out in another tab."""

import time
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, make_member, save_screenshot, sign_in

pytestmark = pytest.mark.browser

GROUP = "rebuilding-trust-circle"
NEUTRAL = "https://www.bbc.co.uk/**"
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def neutral_site(page) -> None:
    page.route(NEUTRAL, lambda route: route.fulfill(body="<h1>Weather</h1>"))


def signed_out(page, seconds: float = 10) -> None:
    """Wait until the exit beacon has ended the session (it races the next page load)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page.goto("/me/")
        if "/accounts/login/" in page.url:
            return
        page.wait_for_timeout(200)
    raise AssertionError("Quick exit did not end the session")


def member_with_thread(site) -> tuple[dict, str]:
    title = f"Evenings {uuid.uuid4().hex[:6]}"
    return make_member(site, group_slug=GROUP, thread_title=title), title


def open_thread(page, title: str) -> None:
    page.goto(f"/groups/{GROUP}/")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def assert_accessible(page, name: str) -> None:
    save_screenshot(page, name)
    violations = axe_violations(page)
    report = [
        f"{v['impact']}: {v['id']} at {[n['target'] for n in v['nodes']][:3]}" for v in violations
    ]
    assert not violations, f"{name}: {report}"


@pytest.mark.parametrize("screen", SCREENS)
def test_a_25000_character_paste_is_kept_whole_counted_and_refused_beside_the_box(
    new_page, site, screen
):
    member, title = member_with_thread(site)
    page = new_page(**SCREENS[screen])
    sign_in(page, member["email"], member["password"])
    open_thread(page, title)
    box = page.get_by_label("Your reply")
    counter = page.locator("#id_body-count")
    expect(counter).to_have_text("0 of 20,000 characters")

    words = ("Every word matters. " * 1250)[:25_000]
    box.focus()
    page.keyboard.insert_text(words)  # what a paste does: maxlength would cut it here

    assert len(box.input_value()) == 25_000
    expect(counter).to_have_text(
        "5,000 characters over the limit of 20,000. Nothing is cut: please shorten it before "
        "sending."
    )
    assert "id_body-count" in box.get_attribute("aria-describedby")
    save_screenshot(page, f"words-counter-over-{screen}")

    with page.expect_navigation():
        page.get_by_role("button", name="Post reply").click()

    box = page.get_by_label("Your reply")
    expect(page.locator("#id_body_error")).to_contain_text("Posts can be up to 20,000 characters")
    expect(box).to_be_focused()
    assert box.get_attribute("aria-invalid") == "true"
    assert len(box.input_value()) == 25_000
    box_top = box.bounding_box()["y"]
    assert 0 <= box_top < page.viewport_size["height"], "the page did not scroll to the error"
    assert_accessible(page, f"words-error-focused-{screen}")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_draft_survives_a_reload_and_quick_exit_then_signing_in_again(new_page, site, screen):
    member, title = member_with_thread(site)
    page = new_page(**SCREENS[screen])
    neutral_site(page)
    sign_in(page, member["email"], member["password"])
    open_thread(page, title)
    box = page.get_by_label("Your reply")

    box.fill("I wanted to say thank you")
    expect(page.locator("[data-draft-status]")).to_have_text(
        "Draft kept. You will find it here if you leave.", timeout=15_000
    )
    page.reload()
    expect(page.get_by_label("Your reply")).to_have_value("I wanted to say thank you")
    expect(page.locator("[data-draft-status]")).to_have_text(
        "Your unsent words are back in the box."
    )

    page.get_by_label("Your reply").fill("I wanted to say thank you, all of you")
    page.get_by_role("link", name="Quick exit").click()  # before the draft's own save runs
    page.wait_for_url(NEUTRAL)
    signed_out(page)

    sign_in(page, member["email"], member["password"])
    open_thread(page, title)
    expect(page.get_by_label("Your reply")).to_have_value("I wanted to say thank you, all of you")
    save_screenshot(page, f"words-draft-back-{screen}")


def test_a_chat_message_being_written_survives_a_reload(new_page, site):
    member = make_member(site, group_slug=GROUP)
    page = new_page(**SCREENS["desktop"])
    sign_in(page, member["email"], member["password"])
    page.goto(f"/groups/{GROUP}/chat/")
    expect(page.locator("[data-chat-status]")).to_have_text("Connected.")

    page.get_by_label("Your message").fill("Not ready to send this yet")
    expect(page.locator("[data-draft-status]")).to_have_text(
        "Draft kept. You will find it here if you leave.", timeout=15_000
    )
    page.reload()

    expect(page.get_by_label("Your message")).to_have_value("Not ready to send this yet")
    page.get_by_label("Your message").press("Enter")  # sent: the draft is cleared
    expect(page.locator(".chat-message", has_text="Not ready to send this yet")).to_be_visible()
    page.wait_for_timeout(1500)
    page.reload()
    expect(page.get_by_label("Your message")).to_have_value("")


@pytest.mark.parametrize("screen", SCREENS)
def test_a_reply_sent_after_signing_out_in_another_tab_keeps_its_words_to_send_after_sign_in(
    new_page, site, screen
):
    member, title = member_with_thread(site)
    page = new_page(**SCREENS[screen])
    sign_in(page, member["email"], member["password"])
    open_thread(page, title)
    words = f"Writing this slowly, one line at a time ({uuid.uuid4().hex[:4]})."
    page.get_by_label("Your reply").fill(words)

    other_tab = page.context.new_page()
    other_tab.goto("/groups/")
    menu = other_tab.locator("[data-menu-toggle]")
    if menu.is_visible():  # on a phone the header's links fold behind "Menu"
        menu.click()
    other_tab.get_by_role("button", name="Sign out").click()
    other_tab.wait_for_load_state()
    other_tab.close()

    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your words are safe")
    expect(page.locator("textarea")).to_have_value(words)
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()  # the site's layout
    assert_accessible(page, f"words-kept-page-{screen}")

    page.get_by_role("link", name="Sign in to send it").click()
    page.get_by_label("Email").fill(member["email"])
    page.get_by_label("Password").fill(member["password"])
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()

    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_label("Your reply")).to_have_value(words)
    page.get_by_role("button", name="Post reply").click()
    page.wait_for_load_state()
    expect(page.get_by_text("your first posts wait for a facilitator")).to_be_visible()
    expect(page.get_by_label("Your reply")).to_have_value("")


@pytest.mark.parametrize("screen", SCREENS)
def test_back_after_quick_exit_shows_nothing_of_the_community(new_page, site, screen):
    member, title = member_with_thread(site)
    page = new_page(**SCREENS[screen])
    neutral_site(page)
    sign_in(page, member["email"], member["password"])
    open_thread(page, title)
    page.goto(f"/groups/{GROUP}/")  # the forum: thread titles, the member's name

    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(NEUTRAL)
    for _ in range(3):
        page.go_back()
        page.wait_for_load_state()
        if NEUTRAL.replace("**", "") not in page.url:
            content = page.content()
            assert title not in content, f"Back showed the forum at {page.url}"
            assert member["pseudonym"] not in content, f"Back showed the account at {page.url}"
    save_screenshot(page, f"quick-exit-back-{screen}")


def test_back_after_quick_exit_shows_nothing_even_when_the_sign_out_beacon_is_lost(new_page, site):
    member, title = member_with_thread(site)
    page = new_page(**SCREENS["desktop"])
    neutral_site(page)
    sign_in(page, member["email"], member["password"])
    open_thread(page, title)
    page.route("**/me/exit/", lambda route: route.abort())  # the session outlives the exit
    seen = []
    page.on(
        "framenavigated",
        lambda frame: seen.append(frame.url) if frame == page.main_frame else None,
    )

    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(NEUTRAL)
    page.go_back()
    page.wait_for_url(NEUTRAL)  # the forum page, still signed in, hid itself and left again

    assert "Weather" in page.content()
    assert any(url.endswith(f"/groups/{GROUP}/") for url in seen), seen


def test_quick_exit_stays_in_reach_on_a_phone_and_shows_no_keyboard_hint(new_page, site):
    member, title = member_with_thread(site)
    page = new_page(**SCREENS["phone"])
    sign_in(page, member["email"], member["password"])
    open_thread(page, title)

    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(300)
    exit_link = page.get_by_role("link", name="Quick exit")
    box = exit_link.bounding_box()

    assert 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]
    assert page.evaluate("matchMedia('(hover: none) and (pointer: coarse)').matches")
    assert "Esc" not in exit_link.inner_text()
    assert exit_link.locator(".hint").evaluate("el => getComputedStyle(el).display") == "none"
    expect(page.get_by_role("link", name="Staying safe")).to_be_visible()
    save_screenshot(page, "quick-exit-phone-scrolled")


def test_the_staying_safe_page_is_accessible(new_page, site):
    for screen in SCREENS:
        page = new_page(**SCREENS[screen])
        page.goto("/help/staying-safe/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Staying safe while you use this site"
        )
        assert_accessible(page, f"staying-safe-{screen}")
