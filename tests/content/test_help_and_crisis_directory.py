"""/help/ per country, the crisis directory snippet, its loader and the verification panel."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from content.models import CrisisResource
from content.selectors import bundled_resources, crisis_resources_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INTERNATIONAL_NAMES = [r["name"] for r in bundled_resources() if r["country_code"] == "INTL"]
KEYS = {"country_code", "name", "kind", "phone", "sms", "url", "hours"}


def local_section(html: str) -> str:
    return html.split('id="local-title"', 1)[1].split('id="international-title"', 1)[0]


def international_section(html: str) -> str:
    return html.split('id="international-title"', 1)[1]


def test_loader_adds_every_bundled_resource_as_published_and_unverified(crisis_directory):
    assert CrisisResource.objects.count() == len(bundled_resources()) == 53
    assert not CrisisResource.objects.filter(last_verified__isnull=False).exists()
    assert not CrisisResource.objects.filter(live=False).exists()


def test_load_command_is_idempotent_and_keeps_editors_changes(crisis_directory):
    samaritans = CrisisResource.objects.get(name="Samaritans")
    samaritans.last_verified = timezone.localdate()
    samaritans.hours = "Day and night"
    samaritans.save()
    out = StringIO()

    call_command("load_crisis_resources", stdout=out)

    assert CrisisResource.objects.count() == 53
    samaritans.refresh_from_db()
    assert samaritans.last_verified == timezone.localdate()
    assert samaritans.hours == "Day and night"
    assert "0 added" in out.getvalue()


def test_load_command_reports_a_broken_file_clearly(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")

    with pytest.raises(Exception, match="cannot be loaded"):
        call_command("load_crisis_resources", file=str(broken))


def test_resources_for_a_country_come_by_priority_then_international(crisis_directory):
    resources = crisis_resources_for(country="gb")

    codes = [r["country_code"] for r in resources]
    assert set(resources[0]) == KEYS
    assert resources[0]["name"] == "Samaritans"
    assert codes == sorted(codes, key=lambda c: c == "INTL")
    assert [r["name"] for r in resources if r["country_code"] == "INTL"] == INTERNATIONAL_NAMES


def test_resources_for_a_country_without_entries_are_the_international_ones(crisis_directory):
    resources = crisis_resources_for(country="BR")

    assert [r["name"] for r in resources] == INTERNATIONAL_NAMES


def test_unpublished_resources_are_not_offered(crisis_directory):
    CrisisResource.objects.filter(name="Samaritans").update(live=False)

    names = [r["name"] for r in crisis_resources_for(country="GB")]

    assert "Samaritans" not in names
    assert "Shout 85258" in names


def test_an_empty_directory_still_offers_the_bundled_resources():
    names = [r["name"] for r in crisis_resources_for(country="GB")]

    assert names[0] == "Samaritans"
    assert names[-len(INTERNATIONAL_NAMES) :] == INTERNATIONAL_NAMES


def test_help_page_for_gb_shows_samaritans_and_the_international_directories(
    client, crisis_directory
):
    html = client.get("/help/?country=GB").content.decode()

    assert "Samaritans" in local_section(html)
    assert "116 123" in local_section(html)
    for name in INTERNATIONAL_NAMES:
        assert name in international_section(html)
    assert '<option value="GB" selected>' in html


def test_help_page_for_a_country_without_entries_shows_only_the_international_ones(
    client, crisis_directory
):
    html = client.get("/help/?country=BR").content.decode()

    assert "We don't have services listed for Brazil yet" in html
    assert "Samaritans" not in html
    assert all(name in international_section(html) for name in INTERNATIONAL_NAMES)


@pytest.mark.parametrize(
    "value", ["XX", "GBR", "<script>alert(1)</script>", "12", "g", "%00", "INTL", "  "]
)
def test_help_page_with_a_bad_country_value_answers_calmly(client, crisis_directory, value):
    response = client.get("/help/", {"country": value})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html
    assert all(name in html for name in INTERNATIONAL_NAMES)


def test_help_page_defaults_to_the_members_saved_country(client, crisis_directory):
    client.force_login(UserFactory(country="IE"))

    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()

    assert '<option value="IE" selected>' in html
    assert "Samaritans" in local_section(html)  # Samaritans also serve Ireland
    assert "Support in Ireland" in html


def test_help_page_defaults_to_the_browsers_region(client, crisis_directory):
    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-AU,en;q=0.8").content.decode()

    assert '<option value="AU" selected>' in html
    assert "Support in Australia" in html


def test_chosen_country_wins_over_saved_country_and_browser(client, crisis_directory):
    client.force_login(UserFactory(country="IE"))

    html = client.get("/help/?country=NZ", HTTP_ACCEPT_LANGUAGE="en-GB").content.decode()

    assert '<option value="NZ" selected>' in html


def test_help_page_without_any_country_asks_to_choose_and_shows_international(
    client, crisis_directory
):
    html = client.get("/help/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Choose your country above" in html
    assert all(name in international_section(html) for name in INTERNATIONAL_NAMES)


def test_help_page_has_a_labelled_country_selector_and_a_next_step(client, crisis_directory):
    html = client.get("/help/").content.decode()

    assert '<label for="help-country">' in html
    assert '<select id="help-country" name="country">' in html
    assert "What you can do next" in html
    assert "immediate danger" in html


# --- the Wagtail dashboard panel -----------------------------------------------------------


@pytest.fixture
def editor_client(client, db):
    from content.services import editorial_workflow_ensure, site_tree_ensure

    site_tree_ensure()
    editorial_workflow_ensure()
    from django.contrib.auth.models import Group

    from tests.moderation.conftest import sign_in_with_mfa

    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    return sign_in_with_mfa(client, editor)


def test_dashboard_lists_resources_never_verified_or_not_for_180_days(editor_client):
    today = timezone.localdate()
    CrisisResource.objects.create(
        country_code="GB", kind="suicide", name="Never checked line", live=True
    )
    CrisisResource.objects.create(
        country_code="GB", kind="general", name="Stale line", live=True,
        last_verified=today - timedelta(days=181),
    )  # fmt: skip
    CrisisResource.objects.create(
        country_code="GB", kind="general", name="Fresh line", live=True,
        last_verified=today - timedelta(days=10),
    )  # fmt: skip

    html = editor_client.get("/admin/").content.decode()

    assert "Crisis resources to verify" in html
    assert "Never checked line" in html
    assert "Stale line" in html
    assert "Fresh line" not in html


def test_crisis_resources_are_editable_as_snippets_in_the_admin(editor_client, crisis_directory):
    resource = CrisisResource.objects.get(name="Samaritans")

    response = editor_client.get(f"/admin/snippets/content/crisisresource/edit/{resource.pk}/")

    assert response.status_code == 200
    assert "last_verified" in response.content.decode()


async def test_resources_called_from_async_code_still_answer_from_the_bundled_list():
    resources = crisis_resources_for(country="GB")

    assert resources[0]["name"] == "Samaritans"
    assert set(resources[0]) == KEYS
