"""Times in the member's own zone, in a real browser whose zone is not UTC (Mexico City, UTC-6
all year): the group page, the sessions page and the chat show the same next session and
message times in that zone, with a relative time that reads right ("in 2 hours"); the /me/
setting changes what is shown. At 1280 and 390 px: no sideways scroll, axe clean, screenshots.
"""

import json
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import make_member, manage_py_shell, sign_in
from tests.browser.test_pages_at_two_widths import WIDTHS
from tests.browser.test_pages_at_two_widths import _check as check_page

pytestmark = pytest.mark.browser

BROWSER_ZONE = "America/Mexico_City"


def _setup(slug: str, pseudonym: str) -> str:
    """A group of its own (so the demo's schedule is untouched) with one session 2 hours and a
    few minutes from now, and a chat message by the member; prints both times."""
    return f"""
import json
from datetime import timedelta
from django.utils import timezone
from chat.models import ChatMessage, GroupSession
from chat.selectors import chat_access_for, main_room_for
from chat.services import message_post
from community.accounts.models import User
from groups.models import SupportGroup
group = SupportGroup.objects.get(slug={slug!r})
start = (timezone.now() + timedelta(hours=2, minutes=4)).replace(second=0, microsecond=0)
GroupSession.objects.create(group=group, title="Evening circle", starts_at=start)
user = User.objects.get(username={pseudonym!r})
room = main_room_for(group)
message_post(author=user, access=chat_access_for(user=user, group=group), room=room,
             body="Good evening, everyone.", client_id="tz-browser-1")
sent = ChatMessage.objects.filter(room=room).latest("id").created_at
print(json.dumps({{"start": start.isoformat(), "sent": sent.isoformat()}}))
"""


def _new_group(site) -> str:
    slug = f"evening-{uuid.uuid4().hex[:8]}"
    manage_py_shell(
        site,
        "from groups.models import SupportGroup\n"
        f"SupportGroup.objects.create(slug={slug!r}, name='Evening circle', "
        "description='A small evening group.', ground_rules='Be kind.', join_policy='open')",
    )
    return slug


@pytest.fixture(scope="module")
def evening(site):
    """The group, a member in it and the times the server stored (UTC)."""
    slug = _new_group(site)
    person = make_member(site, group_slug=slug)
    output = manage_py_shell(site, _setup(slug, person["pseudonym"]))
    times = json.loads(output.strip().splitlines()[-1])
    return {
        "slug": slug,
        "person": person,
        "start": datetime.fromisoformat(times["start"]),
        "sent": datetime.fromisoformat(times["sent"]),
    }


def _signed_in(new_page, person, width: str, zone: str = BROWSER_ZONE):
    page = new_page(viewport=WIDTHS[width], timezone_id=zone)
    sign_in(page, person["email"], person["password"])
    # The first page told the site the device's zone (time-zone.js); every page after it
    # is rendered in that zone.
    page.goto("/me/")
    return page


def _next_session_text(page) -> str:
    return page.locator(".group-schedule time").first.inner_text()


def _local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


@pytest.mark.parametrize("width", WIDTHS)
def test_a_member_in_mexico_city_sees_the_same_next_session_in_their_zone_on_both_pages(
    new_page, evening, width
):
    page = _signed_in(new_page, evening["person"], width)
    local = _local(evening["start"], BROWSER_ZONE)
    expected = local.strftime("%A ") + f"{local.day} " + local.strftime("%B, %H:%M")
    utc_clock = evening["start"].strftime("%H:%M")
    assert utc_clock != local.strftime("%H:%M")

    page.goto(f"/groups/{evening['slug']}/")
    on_group_page = _next_session_text(page)
    schedule = page.locator(".group-schedule")
    expect(schedule).to_contain_text(f"times in {BROWSER_ZONE}")
    expect(schedule).to_contain_text("in 2\xa0hours")
    assert "0\xa0minutes" not in schedule.inner_text()
    check_page(page, f"tz-group-{width}", None)

    page.goto(f"/groups/{evening['slug']}/sessions/")
    on_sessions_page = _next_session_text(page)
    expect(page.locator(".group-schedule")).to_contain_text("in 2\xa0hours")
    listed = page.locator(".session-list li").first
    expect(listed).to_contain_text(local.strftime("%H:%M"))
    expect(listed).to_contain_text(BROWSER_ZONE)
    check_page(page, f"tz-sessions-{width}", None)

    assert on_group_page == on_sessions_page == expected


@pytest.mark.parametrize("width", WIDTHS)
def test_chat_message_times_are_in_the_members_zone(new_page, evening, width):
    page = _signed_in(new_page, evening["person"], width)
    local = _local(evening["sent"], BROWSER_ZONE)

    page.goto(f"/groups/{evening['slug']}/chat/")
    page.locator("[data-chat-status]").filter(has_text="Connected").wait_for()
    message = page.locator("li.chat-message", has_text="Good evening, everyone.")
    expect(message).to_be_visible()

    assert page.locator("[data-chat]").get_attribute("data-time-zone") == BROWSER_ZONE
    shown = message.locator("time").inner_text()
    assert shown.startswith((local.strftime("%H:%M"), local.strftime("%I:%M"))), shown
    assert not shown.startswith(evening["sent"].strftime("%H:%M")), shown
    check_page(page, f"tz-chat-{width}", None)


def test_the_time_zone_setting_in_me_changes_what_is_shown(new_page, site, evening):
    person = make_member(site, group_slug=evening["slug"])
    page = _signed_in(new_page, person, "phone")
    page.goto(f"/groups/{evening['slug']}/")
    expect(page.locator(".group-schedule")).to_contain_text(f"times in {BROWSER_ZONE}")

    page.goto("/me/")
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    check_page(page, "tz-settings-phone", None)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    page.goto(f"/groups/{evening['slug']}/")

    tokyo = _local(evening["start"], "Asia/Tokyo")
    schedule = page.locator(".group-schedule")
    expect(schedule).to_contain_text("times in Asia/Tokyo")
    expect(schedule.locator("time").first).to_contain_text(tokyo.strftime("%H:%M"))
    check_page(page, "tz-group-tokyo-phone", None)
