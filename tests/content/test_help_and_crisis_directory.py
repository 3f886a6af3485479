"""/help/ and the crisis panels: a number first, valid links, editors' notes never shown."""

import re
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from content.countries import COUNTRY_COOKIE
from content.crisis_data import DATA_FILE, read_directory_file
from content.crisis_selectors import bundled_resources, crisis_resources_for
from content.models import CrisisResource
from tests.factories import UserFactory, sign_in_with_mfa

pytestmark = pytest.mark.django_db

ROWS = read_directory_file(DATA_FILE)
COUNTRIES = sorted({row["country_code"] for row in ROWS} - {"INTL"})
INTERNATIONAL_NAMES = [row["name"] for row in ROWS if row["country_code"] == "INTL"]
TEL = re.compile(r"^tel:\+?(?:[0-9*]|%23){2,15}$")
SMS = re.compile(r"^sms:[0-9]{3,15}(?:\?body=[A-Za-z0-9]{1,30})?$")
HREF = re.compile(r'href="([^"]*)"')


def links(html: str, scheme: str) -> list[str]:
    return [href for href in HREF.findall(html) if href.startswith(scheme)]


def first_call_or_text(html: str) -> str:
    return next(href for href in HREF.findall(html) if href.startswith(("tel:", "sms:")))


def editor_only_texts() -> list[str]:
    """Pieces of every row's notes and sources that members must never see."""
    texts = []
    for row in ROWS:
        notes = row["notes_for_editors"] or ""
        texts += [part.strip() for part in re.split(r"[.;]", notes) if len(part.strip()) > 25]
        member_links = {row["url"], row["chat_url"]}
        texts += [source for source in row["sources"] if source not in member_links]
    return texts


EDITOR_ONLY = editor_only_texts()


def assert_no_editor_notes(html: str) -> None:
    leaked = [text for text in EDITOR_ONLY if text in html]
    assert leaked == []
    assert "notes_for_editors" not in html and "confidence" not in html.lower()


# --- /help/ -----------------------------------------------------------------------------------


def test_a_us_english_visitor_gets_988_first_as_a_tappable_link(client, crisis_directory):
    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert first_call_or_text(html) == "tel:988"
    first = html.index('href="tel:988"')
    assert first < html.index('id="local-title"') < html.index('id="international-title"')
    assert "Talk to someone in United States now" in html
    assert '<option value="US" selected>' in html


@pytest.mark.parametrize(
    ("path", "language", "first", "expected"),
    [
        ("/es/help/", "es-MX,es;q=0.9", "tel:8009112000", ["Línea de la Vida", "24 horas"]),
        ("/ru/help/", "ru", "tel:+78002000122", ["Единый общероссийский телефон доверия"]),
        ("/help/", "en-GB", "tel:116123", ["Samaritans"]),
    ],
)
def test_spanish_mexico_russian_and_british_browsers_get_a_number_of_their_country_first(
    client, crisis_directory, path, language, first, expected
):
    html = client.get(path, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert first_call_or_text(html) == first
    for text in expected:
        assert text in html


def test_names_and_hours_follow_the_members_language(client, crisis_directory):
    english = client.get("/help/?country=MX").content.decode()
    spanish = client.get("/es/help/?country=MX").content.decode()
    russian = client.get("/ru/help/?country=AR").content.decode()

    assert "Lifeline – national mental health and addictions line" in english
    assert "Línea de la Vida" in english  # the service's own name, to recognise it on the phone
    assert "Línea de la Vida" in spanish
    assert "Lifeline – national mental health" not in spanish
    assert "Каждый день 8:00–24:00" in russian  # Argentina's hours, in Russian
    assert "испанский" in russian  # "Spanish", as a language the service answers in


@pytest.mark.parametrize("country", COUNTRIES)
def test_every_call_and_text_link_on_help_pages_is_valid(client, crisis_directory, country):
    html = client.get(f"/help/?country={country}").content.decode()
    published = CrisisResource.objects.filter(country_code=country, live=True)
    phones = sum(resource.phones.count() for resource in published)
    texts = sum(resource.sms_numbers.count() for resource in published)

    tel_links, sms_links = links(html, "tel:"), links(html, "sms:")
    assert [href for href in tel_links if not TEL.fullmatch(href)] == []
    assert [href for href in sms_links if not SMS.fullmatch(href)] == []
    assert len(set(tel_links)) >= min(phones, 1) and len(set(sms_links)) >= min(texts, 1)
    assert first_call_or_text(html)  # every listed country offers a number first
    assert_no_editor_notes(html)


def test_sms_links_carry_the_keyword_as_body(client, crisis_directory):
    html = client.get("/help/?country=US").content.decode()

    assert 'href="sms:741741?body=HOME"' in html
    assert 'href="sms:988?body=AYUDA"' in html
    assert 'href="sms:988"' in html


def test_low_confidence_entries_are_not_shown_until_an_editor_publishes_them(
    client, crisis_directory
):
    assert (
        "Emergency Psychological Help Centre"
        not in client.get("/help/?country=RU").content.decode()
    )

    CrisisResource.objects.filter(source_id="ru-mchs-psychological-help").update(live=True)

    assert "Emergency Psychological Help Centre" in client.get("/help/?country=RU").content.decode()


@pytest.mark.parametrize(
    "value", ["XX", "GBR", "<script>alert(1)</script>", "12", "g", "%00", "INTL", "zz", "ÜS"]
)
def test_an_unknown_country_code_falls_back_to_the_international_list(
    client, crisis_directory, value
):
    response = client.get("/help/", {"country": value})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert "We could not find that country" in html
    assert all(name in html for name in INTERNATIONAL_NAMES)
    assert links(html, "tel:") == []


def test_a_country_with_nothing_listed_says_so_and_shows_the_international_directories(
    client, crisis_directory
):
    html = client.get("/help/?country=BR").content.decode()

    assert "We don't have services listed for Brazil yet" in html
    assert all(name in html for name in INTERNATIONAL_NAMES)


def test_the_members_saved_country_wins_over_the_browser(client, crisis_directory):
    client.force_login(UserFactory(country="IE"))

    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()

    assert '<option value="IE" selected>' in html
    assert "Support in Ireland" in html
    assert first_call_or_text(html) != "tel:988"


def test_a_visitor_changes_the_country_and_it_is_remembered_in_a_cookie(client, crisis_directory):
    response = client.post("/help/country/", {"country": "nz", "next": "/help/"})

    assert response.status_code == 302 and response["Location"] == "/help/"
    assert response.cookies[COUNTRY_COOKIE].value == "NZ"
    assert response.cookies[COUNTRY_COOKIE]["httponly"]
    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert '<option value="NZ" selected>' in html


def test_a_member_changes_the_country_and_it_is_saved_to_the_profile(client, crisis_directory):
    member = UserFactory(country="")
    client.force_login(member)

    client.post("/help/country/", {"country": "MX", "next": "https://evil.example/"})

    member.refresh_from_db()
    assert member.country == "MX"
    assert '<option value="MX" selected>' in client.get("/me/").content.decode()


def test_changing_the_country_in_place_answers_with_the_new_panel(client, crisis_directory):
    response = client.post("/help/country/", {"country": "RU", "fragment": "panel"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div class="crisis-resources"')
    assert first_call_or_text(html) == "tel:+78002000122"
    assert "<html" not in html


def test_an_unknown_country_posted_never_errors(client, crisis_directory):
    redirect = client.post("/help/country/", {"country": "<b>XX</b>"})
    fragment = client.post("/help/country/", {"country": "", "fragment": "page"})

    assert redirect.status_code == 302 and "country=" in redirect["Location"]
    assert (
        fragment.status_code == 200
        and "We could not find that country" in fragment.content.decode()
    )
    assert COUNTRY_COOKIE not in redirect.cookies


def test_an_empty_directory_still_offers_the_bundled_v2_resources_without_low_confidence(client):
    resources = crisis_resources_for(country="RU")

    assert resources[0]["phones"][0]["href"] == "tel:+78002000122"
    assert "ru-mchs-psychological-help" not in [r["id"] for r in resources]
    assert [r["name"] for r in resources][-3:] == INTERNATIONAL_NAMES
    assert first_call_or_text(client.get("/help/?country=US").content.decode()) == "tel:988"


async def test_resources_read_from_async_code_still_answer_from_the_bundled_list():
    resources = crisis_resources_for(country="GB")

    assert resources[0]["name"] == "Samaritans"
    assert resources[0]["first_contact"]["href"] == "tel:116123"


def test_member_facing_resources_hold_no_editor_fields(crisis_directory):
    resources = crisis_resources_for(country="US")

    for resource in resources:
        assert not {"notes_for_editors", "sources", "confidence", "imported"} & set(resource)
    assert len(bundled_resources()) == 82


# --- the panels: forum, site search, group search -------------------------------------------


def test_the_site_search_panel_shows_a_number_first_for_the_browsers_country(
    client, crisis_directory
):
    html = client.get(
        "/search/", {"q": "I want to end my life"}, HTTP_ACCEPT_LANGUAGE="es-MX"
    ).content.decode()

    assert "data-crisis-panel" in html
    assert first_call_or_text(html) == "tel:8009112000"
    assert_no_editor_notes(html)


def test_the_group_search_panel_shows_a_number_first(member_client, crisis_directory):
    html = member_client.get(
        "/groups/search/", {"q": "I want to kill myself"}, HTTP_ACCEPT_LANGUAGE="en-US"
    ).content.decode()

    assert "data-crisis-panel" in html
    assert first_call_or_text(html) == "tel:988"


def test_the_forum_panel_uses_the_browsers_region_for_a_member_without_a_country(
    client, group, member, facilitator, crisis_directory
):
    from tests.groups.forum_helpers import start_thread

    member.country = ""
    member.save()
    thread = start_thread(author=facilitator, group=group)
    client.force_login(member)

    response = client.post(
        f"/groups/{group.slug}/threads/{thread.pk}/reply/",
        {"body": "I want to end my life tonight", "submission_id": uuid.uuid4()},
        HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9",
        follow=True,
    )

    html = response.content.decode()
    assert "data-crisis-panel" in html
    assert first_call_or_text(html) == "tel:+78002000122"
    assert_no_editor_notes(html)


# --- the Wagtail dashboard ----------------------------------------------------------------


@pytest.fixture
def editor_client(client, db):
    from django.contrib.auth.models import Group

    from content.services import editorial_workflow_ensure, site_tree_ensure

    site_tree_ensure()
    editorial_workflow_ensure()
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    return sign_in_with_mfa(client, editor)


def test_dashboard_lists_unpublished_never_verified_and_stale_entries(editor_client):
    today = timezone.localdate()
    CrisisResource.objects.create(country_code="GB", kind="suicide", name="Never checked line")
    CrisisResource.objects.create(
        country_code="GB", kind="general", name="Waiting line", live=False, confidence="low"
    )
    CrisisResource.objects.create(
        country_code="GB", kind="general", name="Stale line",
        last_verified=today - timedelta(days=181),
    )  # fmt: skip
    CrisisResource.objects.create(
        country_code="GB", kind="general", name="Fresh line",
        last_verified=today - timedelta(days=10),
    )  # fmt: skip

    html = editor_client.get("/admin/").content.decode()

    assert "Crisis resources to verify" in html
    assert html.index("Waiting line") < html.index("Never checked line")  # unpublished first
    assert "Stale line" in html and "Unpublished" in html
    assert "Fresh line" not in html
    assert "1 of them is unpublished until an editor confirms it" in html


def test_editors_see_structured_numbers_and_notes_in_the_snippet_form(
    editor_client, crisis_directory
):
    resource = CrisisResource.objects.get(source_id="us-rainn")

    html = editor_client.get(
        f"/admin/snippets/content/crisisresource/edit/{resource.pk}/"
    ).content.decode()

    assert "+18006564673" in html and "800-656-HOPE" in html
    assert "notes_for_editors" in html and "Carried over from v1" in html
    assert "verified on" in html.lower()


def test_the_snippet_refuses_a_malformed_number_to_dial():
    from content.models import CrisisResourcePhone

    resource = CrisisResource.objects.create(country_code="GB", kind="general", name="A line")
    phone = CrisisResourcePhone(resource=resource, dial="116123 (free)", display="116 123")

    with pytest.raises(Exception, match="Digits only"):
        phone.full_clean()


def test_settings_document_the_default_country():
    assert settings.CRISIS_DEFAULT_COUNTRY == "US"


def _snippet_form(**overrides) -> dict:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = {
        "country_code": "gb",
        "country": "United Kingdom",
        "region": "",
        "name": "Evening line",
        "name_en": "",
        "kind": "general",
        "priority": "100",
        "description": "",
        "eligibility": "",
        "phones": inline_formset([{"dial": "116123", "display": "116 123", "label": "free"}]),
        "sms_numbers": inline_formset([]),
        "whatsapp_numbers": inline_formset([]),
        "chat_url": "",
        "url": "",
        "email": "",
        "hours": "24/7",
        "languages": "English",
        "free": "true",
        "interpreters": "unknown",
        "last_verified": "2026-12-01",
        "confidence": "high",
        "notes_for_editors": "Checked by phone.",
        "sources": "https://example.org/",
        **overrides,
    }
    form = nested_form_data(data)
    form["other_kinds"] = ["suicide"]
    return form


def test_an_editor_adds_a_resource_with_structured_numbers_and_a_malformed_one_is_refused(
    client,
):
    from django.contrib.auth.models import Group
    from wagtail.test.utils.form_data import inline_formset

    from content.services import editorial_workflow_ensure, site_tree_ensure

    site_tree_ensure()
    editorial_workflow_ensure()
    reviewer = UserFactory()
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    sign_in_with_mfa(client, reviewer)  # editors work with two-factor sign-in
    url = "/admin/snippets/content/crisisresource/add/"
    bad_phone = inline_formset([{"dial": "116 123 (free)", "display": "116 123", "label": ""}])

    refused = client.post(url, _snippet_form(phones=bad_phone, **{"action-publish": "1"}))
    saved = client.post(url, _snippet_form(**{"action-publish": "1"}))

    assert refused.status_code == 200
    assert "Digits only" in refused.content.decode()
    assert saved.status_code == 302
    resource = CrisisResource.objects.get(name="Evening line")
    assert resource.live and resource.country_code == "GB"
    assert resource.other_kinds == ["suicide"]
    assert [(p.dial, p.label) for p in resource.phones.all()] == [("116123", "free")]
