"""Times in the member's time zone: a setting in /me/, the device's zone (the ``tz`` cookie)
until one is saved, UTC without either; relative times read "just now", never "0 minutes"."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from notifications.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_member_saves_a_time_zone_in_me_and_it_is_shown_chosen(member_client, member):
    response = member_client.post(
        "/me/", {"language": "", "country": "", "time_zone": "America/Mexico_City"}
    )
    member.refresh_from_db()
    page = member_client.get("/me/").content.decode()

    assert response.status_code == 302
    assert member.time_zone == "America/Mexico_City"
    assert '<option value="America/Mexico_City" selected>' in page


def test_a_made_up_time_zone_is_refused_and_nothing_is_saved(member_client, member):
    response = member_client.post("/me/", {"language": "", "country": "", "time_zone": "Mars/Base"})
    member.refresh_from_db()

    assert response.status_code == 400  # the input refused, the form shown again
    assert member.time_zone == ""


def test_without_a_setting_the_devices_zone_from_the_cookie_is_used(member_client):
    member_client.cookies["tz"] = "Asia/Tokyo"

    response = member_client.get("/me/")

    assert response.wsgi_request.time_zone == "Asia/Tokyo"


def test_the_cookie_as_the_devices_script_writes_it_url_encoded_is_read(member_client):
    member_client.cookies["tz"] = "America%2FMexico_City"  # encodeURIComponent in time-zone.js

    response = member_client.get("/me/")

    assert response.wsgi_request.time_zone == "America/Mexico_City"


def test_the_saved_setting_wins_over_the_device_and_a_bad_cookie_falls_back_to_utc(
    member_client, member
):
    member.time_zone = "Europe/Madrid"
    member.save(update_fields=["time_zone"])
    member_client.cookies["tz"] = "Asia/Tokyo"
    visitor = Client()
    visitor.cookies["tz"] = "<script>"

    assert member_client.get("/me/").wsgi_request.time_zone == "Europe/Madrid"
    assert visitor.get("/help/").wsgi_request.time_zone == "UTC"


def test_notification_times_read_just_now_and_then_minutes_ago(member_client, member):
    fresh = Notification.objects.create(recipient=member, kind="reply", stored_text="New reply")
    older = Notification.objects.create(recipient=member, kind="reply", stored_text="Old reply")
    Notification.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )

    page = member_client.get("/me/notifications/").content.decode()

    assert fresh.pk and "just now" in page
    assert "5\xa0minutes ago" in page
    assert "0\xa0minutes" not in page


def test_the_chat_page_tells_its_script_the_members_time_zone(client, group):
    person = UserFactory(time_zone="Australia/Sydney")
    group.memberships.create(user=person, state="active", role="member")
    client.force_login(person)

    page = client.get(f"/groups/{group.slug}/chat/").content.decode()

    assert 'data-time-zone="Australia/Sydney"' in page
