"""``seed_demo`` builds the content hub: tree, published seed guides, workflow, directory."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import Locale

from content.models import ArticlePage, CrisisResource, GuideIndexPage, HomePage

pytestmark = pytest.mark.django_db


def seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_publishes_the_three_seed_guides_under_guides(client):
    seed()

    english = ArticlePage.objects.filter(locale__language_code="en")
    assert english.live().count() == 3
    for page in english:
        assert page.url.startswith("/guides/")
        assert client.get(page.url).status_code == 200


def test_seed_creates_locales_and_the_tree_in_three_languages(client):
    seed()

    assert set(Locale.objects.values_list("language_code", flat=True)) >= {"en", "es", "ru"}
    assert HomePage.objects.live().count() == 3
    assert GuideIndexPage.objects.live().count() == 3
    assert client.get("/es/guides/").status_code == 200
    assert client.get("/ru/guides/").status_code == 200


def test_seed_prints_the_editor_and_reviewer_sign_ins():
    out = seed()

    assert "editor@example.com" in out and "demo-editor-2026" in out
    assert "reviewer@example.com" in out and "demo-reviewer-2026" in out
    editor = get_user_model().objects.get(email="editor@example.com")
    assert editor.groups.filter(name="Editors").exists()
    assert editor.has_perm("wagtailadmin.access_admin")


def test_seed_loads_the_v2_crisis_directory_unverified_with_low_confidence_unpublished():
    seed()

    assert CrisisResource.objects.count() == 84
    assert not CrisisResource.objects.filter(last_verified__isnull=False).exists()
    assert CrisisResource.objects.filter(source_id="mx-linea-de-la-vida", live=True).exists()
    assert set(CrisisResource.objects.filter(live=False).values_list("source_id", flat=True)) == {
        "gb-rape-crisis-ew",
        "ru-mchs-psychological-help",
    }


def test_seed_twice_duplicates_nothing():
    seed()
    counts = (ArticlePage.objects.count(), HomePage.objects.count(), CrisisResource.objects.count())

    seed()

    assert (
        ArticlePage.objects.count(),
        HomePage.objects.count(),
        CrisisResource.objects.count(),
    ) == counts
