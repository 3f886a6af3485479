"""Quick exit's server side: one beacon keeps the half-written words, then ends the session;
signed-in pages are never stored by the browser; the bar says what Quick exit can hide."""

import pytest
from django.test import Client

from drafts.models import Draft
from tests.groups.forum_helpers import start_thread

pytestmark = pytest.mark.django_db

EXIT = "/me/exit/"


@pytest.fixture
def thread(group, member):
    return start_thread(author=member, group=group, title="Evenings", body="Hello, everyone.")


def test_the_exit_beacon_keeps_the_draft_then_ends_the_session(member_client, member, thread):
    response = member_client.post(
        EXIT, {"place": [f"reply:{thread.pk}"], "title": [""], "body": ["Half-written"]}
    )

    assert response.status_code == 204
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert Draft.objects.get(user=member).body == "Half-written"
    assert member_client.get(thread.get_absolute_url()).status_code == 404  # signed out


def test_an_empty_box_on_exit_keeps_the_draft_saved_earlier(member_client, member, thread):
    Draft.objects.create(user=member, place=f"reply:{thread.pk}", body="Saved before")

    member_client.post(EXIT, {"place": [f"reply:{thread.pk}"], "body": [""]})

    assert Draft.objects.get(user=member).body == "Saved before"


def test_the_exit_beacon_with_a_stale_token_still_ends_the_session(member, thread):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(EXIT, {"csrfmiddlewaretoken": "stale", "body": ["x"]})

    assert response.status_code == 403
    assert client.get("/me/").status_code == 302  # to the sign-in page


def test_exit_keeps_at_most_a_few_drafts_and_ignores_bad_places(member_client, member):
    member_client.post(
        EXIT,
        {
            "place": ["reply:1", "nonsense", "chat:3-4", *[f"reply:{n}" for n in range(10, 20)]],
            "body": ["one", "two", "three", *["more"] * 10],
        },
    )

    assert sorted(Draft.objects.values_list("place", flat=True)) == [
        "chat:3-4",
        "reply:1",
        "reply:10",
        "reply:11",
    ]


def test_opening_the_exit_address_goes_home_without_signing_out(member_client):
    response = member_client.get(EXIT)

    assert response.status_code == 302 and response["Location"] == "/"
    assert member_client.get("/me/").status_code == 200


def test_signed_in_pages_are_never_stored_by_the_browser(member_client, thread):
    response = member_client.get(thread.get_absolute_url())

    assert "no-store" in response["Cache-Control"]


def test_every_page_marks_signed_in_pages_and_offers_the_exit_beacon(member_client):
    member_page = member_client.get("/groups/").content.decode()
    visitor_page = Client().get("/groups/").content.decode()

    assert 'data-signed-in data-quick-exit-beacon="/me/exit/"' in member_page
    assert "data-quick-exit-beacon" not in visitor_page


def test_the_safety_bar_links_to_staying_safe_next_to_quick_exit(client):
    html = client.get("/groups/").content.decode()
    bar = html.split('class="safety-bar"', 1)[1].split("</div>", 1)[0]

    assert 'href="/help/staying-safe/">Staying safe</a>' in bar
    assert bar.index("Quick exit") < bar.index("Staying safe")  # Quick exit stays first


def test_the_staying_safe_page_says_what_quick_exit_can_and_cannot_hide(client):
    html = client.get("/help/staying-safe/").content.decode()

    assert "What Quick exit cannot hide" in html
    assert "browser's history still lists the pages" in html
    assert "private window" in html
    assert "shared or monitored device" in html


def test_the_help_page_links_to_staying_safe(client):
    assert 'href="/help/staying-safe/"' in client.get("/help/").content.decode()


def test_the_staying_safe_page_is_in_spanish_and_russian(client):
    spanish = client.get("/es/help/staying-safe/").content.decode()
    russian = client.get("/ru/help/staying-safe/").content.decode()

    assert "What Quick exit cannot hide" not in spanish + russian
    assert '<html lang="es">' in spanish and '<html lang="ru">' in russian
