"""Staff cannot miss an alert, in real browsers.

A member in one browser writes crisis messages in the chat; the facilitator, with other pages
open in other browsers, sees the banner (role="alert") within a second, sees the messages
counted into one alert, follows the link straight to the highlighted message, and acknowledges
from the banner, which clears it on every page they have open. Staff land on the staff home
after signing in. Screens at 1280 and 390 px; axe-core on every page touched.
"""

import time
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    ACCOUNTS,
    axe_violations,
    make_member,
    manage_py_shell,
    save_screenshot,
    sign_in,
)
from tests.browser.input_modes import INPUT_MODES, Person
from tests.browser.test_journey_chat import open_chat, send

pytestmark = pytest.mark.browser

SLUG = "rebuilding-trust-circle"
GROUP = f"/groups/{SLUG}/"
PHONE = {"width": 390, "height": 844}
CRISIS = "I can't go on anymore. I want to end my life tonight."


def assert_accessible(page, name: str) -> None:
    violations = axe_violations(page)
    report = "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    )
    assert not violations, f"{name} at {page.url}:\n{report}"


def banner_for(page, pseudonym: str):
    """The banner element of the alert about ``pseudonym`` (other alerts may be open too)."""
    return page.locator("[data-safety-banner] [role=alert][data-alert-id]", has_text=pseudonym)


@pytest.mark.parametrize("input_mode", INPUT_MODES)
def test_the_facilitators_banner_appears_within_a_second_counts_links_and_is_acknowledged(
    site, new_page, page_as, input_mode
):
    person = make_member(site, group_slug=SLUG)
    name = person["pseudonym"]
    author = new_page()
    sign_in(author, person["email"], person["password"])
    desk = page_as("facilitator")  # the facilitator's page on a wide screen
    phone = page_as("facilitator", viewport=PHONE)  # and on their phone, a different page
    desk.goto("/groups/")
    phone.goto("/help/")
    facilitator = Person(desk, input_mode)
    open_chat(author, Person(author, "pointer"))
    expect(banner_for(desk, name)).to_have_count(0)

    first = f"{CRISIS} ({uuid.uuid4().hex[:6]})"
    send(author, Person(author, "pointer"), first)
    expect(
        author.locator("[data-chat-log] .chat-message:not(.pending)", has_text=first)
    ).to_be_visible()
    stored = time.monotonic()

    # Within a second of the message being stored, on a page that is not the chat.
    expect(banner_for(desk, name)).to_be_visible(timeout=1000)
    waited = time.monotonic() - stored
    assert waited < 1.0, f"the banner took {waited:.2f} s"
    banner = banner_for(desk, name)
    expect(banner).to_contain_text(f"{name} may need support in Rebuilding Trust Circle.")
    expect(banner).to_contain_text("High priority")
    assert f"{GROUP}chat/#m-" in banner.get_by_role("link", name="Go to the message").get_attribute(
        "href"
    )
    expect(banner_for(phone, name)).to_be_visible()
    # The member who wrote it sees the calm panel, never a banner.
    expect(author.locator("[data-crisis-panel]")).to_be_visible()
    expect(author.locator("[data-safety-banner]")).to_have_count(0)

    # Two more in a few seconds: the same alert, counted, not three banners.
    for n in range(2):
        send(author, Person(author, "pointer"), f"{CRISIS} ({n})")
    for page in (desk, phone):
        expect(banner_for(page, name)).to_contain_text("Messages so far: 3")
        expect(banner_for(page, name)).to_have_count(1)
    save_screenshot(desk, f"staff-banner-1280-{input_mode}")
    save_screenshot(phone, f"staff-banner-390-{input_mode}")
    assert_accessible(desk, "group directory with the safety banner")
    assert_accessible(phone, "help page with the safety banner (390 px)")

    # Straight to the message: the chat opens on it, highlighted, marked for the facilitator.
    facilitator.click(banner_for(desk, name).get_by_role("link", name="Go to the message"))
    desk.wait_for_url(f"**{GROUP}chat/#m-*")
    highlighted = desk.locator("[data-chat-log] .chat-message.highlighted")
    expect(highlighted).to_have_count(1)
    expect(highlighted).to_contain_text(f"{CRISIS} (1)")
    marked = desk.locator("[data-chat-log] .chat-message.crisis-marked", has_text=CRISIS)
    expect(marked.filter(has_text=name)).to_have_count(3)
    expect(marked.first).to_contain_text("Safety alert: may need support")
    # Other members never see the mark.
    expect(author.locator(".crisis-marked")).to_have_count(0)
    assert_accessible(desk, "chat with a marked, highlighted message")
    if input_mode == "pointer":
        save_screenshot(desk, "staff-chat-marked-message")

    # "I'm checking in" from the banner: gone here and on the other page, no reload.
    facilitator.click(banner_for(desk, name).get_by_role("button", name="I'm checking in"))
    expect(banner_for(desk, name)).to_have_count(0)
    expect(banner_for(phone, name)).to_have_count(0)
    expect(desk.locator("[data-safety-banner-status]")).to_have_text(
        "Acknowledged. Thank you for checking in."
    )
    assert f"{GROUP}chat/" in desk.url  # still where they were
    desk.goto("/moderation/safety/")
    card = desk.locator("article.safety-alert", has_text=name)
    expect(card).to_contain_text("Acknowledged")
    expect(card).to_contain_text(f"{CRISIS} (0)")  # what was written, for the facilitator
    assert_accessible(desk, "safety alerts page")


def test_staff_land_on_the_staff_home_after_signing_in_and_members_do_not(site, new_page):
    desk = new_page()
    sign_in(desk, *ACCOUNTS["facilitator"])

    assert desk.url.endswith("/staff/")
    expect(desk.get_by_role("heading", level=1)).to_have_text("Staff home")
    for section in ("Safety alerts", "Your groups", "Join requests", "Waiting for approval"):
        expect(desk.get_by_role("heading", name=section, exact=True)).to_be_visible()
    expect(desk.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    expect(
        desk.get_by_role("link", name="Facilitator console of Rebuilding Trust Circle")
    ).to_be_visible()
    main_nav = desk.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Staff home")).to_be_visible()
    save_screenshot(desk, "staff-home-1280")
    assert_accessible(desk, "staff home")

    phone = new_page(viewport=PHONE)
    sign_in(phone, *ACCOUNTS["facilitator"])
    assert phone.url.endswith("/staff/")
    save_screenshot(phone, "staff-home-390")
    assert_accessible(phone, "staff home (390 px)")

    person = make_member(site, group_slug=SLUG)
    member = new_page()
    sign_in(member, person["email"], person["password"])
    assert not member.url.endswith("/staff/")
    expect(
        member.get_by_role("navigation", name="Main").get_by_role("link", name="Staff home")
    ).to_have_count(0)
    assert member.goto("/staff/").status == 404


def test_outside_the_groups_hours_its_pages_say_so_and_the_console_edits_them(site, page_as):
    # Hours on a day that is not today (in UTC, the group's zone here): now is outside them.
    set_hours = (
        "from django.utils import timezone\n"
        "from groups.models import SupportGroup\n"
        "day = (timezone.now().weekday() + 2) % 7\n"
        f"SupportGroup.objects.filter(slug={SLUG!r}).update(time_zone='UTC', "
        "facilitator_hours=[{'day': day, 'start': '09:00', 'end': '17:00'}])\n"
    )
    manage_py_shell(site, set_hours)
    try:
        member = page_as("member1")
        member.goto(GROUP)
        notice = member.locator(".unstaffed-notice")
        expect(notice).to_contain_text("No facilitator is usually around at this time")
        expect(notice.get_by_role("link", name="Get help now")).to_have_attribute("href", "/help/")
        assert_accessible(member, "forum outside the facilitator hours")
        member.goto(f"{GROUP}chat/")
        expect(member.locator(".unstaffed-notice")).to_be_visible()
        save_screenshot(member, "chat-outside-facilitator-hours")

        desk = page_as("facilitator")
        desk.goto(f"{GROUP}manage/")
        desk.get_by_role("navigation", name="Console sections").get_by_role(
            "link", name="Settings"
        ).click()
        form = desk.locator("form[action$='/manage/hours/']")
        form.get_by_label("Monday from").fill("08:30")
        form.get_by_label("Monday until").fill("12:00")
        form.get_by_role("button", name="Save the hours").click()
        expect(desk.get_by_text("The facilitator hours are saved.")).to_be_visible()
        expect(
            desk.locator("form[action$='/manage/hours/']").get_by_label("Monday from")
        ).to_have_value("08:30")
        assert_accessible(desk, "facilitator console with the hours")
        save_screenshot(desk, "console-facilitator-hours")
    finally:
        manage_py_shell(
            site,
            "from groups.models import SupportGroup\n"
            f"SupportGroup.objects.filter(slug={SLUG!r}).update(facilitator_hours=[])\n",
        )
