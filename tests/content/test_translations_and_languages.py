"""Guides in Spanish and Russian, the language switcher and the translated interface."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from content.models import ArticlePage
from content.services import translated_tree_ensure
from tests.factories import article_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())


@pytest.fixture
def locales(db):
    from content.services import locales_ensure

    return locales_ensure()


def switcher(html: str) -> str:
    if 'class="language-switcher"' not in html:
        return ""
    return html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.parametrize("language", ["es", "ru"])
def test_each_seed_translation_is_published_and_still_awaits_a_reviewer(seeded, language):
    english = ArticlePage.objects.filter(locale__language_code="en")
    assert english.count() == 3

    for source in english:
        translation = source.get_translation(Locale.objects.get(language_code=language))
        assert translation.translation_key == source.translation_key
        assert translation.live
        assert translation.workflow_in_progress
        assert translation.status_string == "live + in moderation"
        assert translation.current_workflow_task.name == "Reviewer approval"
        assert translation.current_workflow_state.requested_by.username == "guide_editor"


def test_translations_carry_their_own_text_and_steps(seeded):
    es = Locale.objects.get(language_code="es")
    ru = Locale.objects.get(language_code="ru")
    source = ArticlePage.objects.get(locale__language_code="en", import_source__startswith="000")

    spanish = source.get_translation(es).get_latest_revision_as_object()
    russian = source.get_translation(ru).get_latest_revision_as_object()

    assert spanish.title.startswith("Reconstruir la confianza sexual")
    assert russian.title.startswith("Восстановление сексуального доверия")
    assert [b.block_type for b in spanish.body].count("step") == 5
    assert [b.block_type for b in russian.body].count("step") == 5
    assert spanish.tag_slugs() == source.tag_slugs()


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/es/guides/", "Reconstruir la confianza sexual"),
        ("/ru/guides/", "Восстановление сексуального доверия"),
    ],
)
def test_the_demo_guides_show_in_spanish_and_russian(client, seeded, path, title):
    html = client.get(path).content.decode()

    assert title in html
    assert "Todavía no hay guías." not in html and "No guides yet." not in html


def test_seed_twice_keeps_one_translation_per_language_and_one_workflow(seeded):
    from wagtail.models import WorkflowState

    call_command("seed_demo", stdout=StringIO())

    assert ArticlePage.objects.filter(locale__language_code="es").count() == 3
    assert ArticlePage.objects.filter(locale__language_code="ru").count() == 3
    assert WorkflowState.objects.filter(status="in_progress").count() == 6


def choices(html: str) -> dict[str, str]:
    """The switcher's choices: language code -> the page choosing it leads to."""
    import re

    found = {}
    for form in re.findall(r"<form.*?</form>", switcher(html), re.DOTALL):
        code = re.search(r'name="language" value="([^"]+)"', form).group(1)
        found[code] = re.search(r'name="next" value="([^"]*)"', form).group(1)
    return found


def test_the_switcher_leads_to_a_guides_published_translation(client, guides, locales):
    page = article_page(index=guides, title="Only English and Spanish")
    translated_tree_ensure(home=guides.get_parent().specific, guides=guides, locale=locales["es"])
    spanish = page.copy_for_translation(locales["es"])
    spanish.title = "Solo inglés y español"
    spanish.save_revision().publish()
    spanish.refresh_from_db()

    html = client.get(page.url).content.decode()

    assert 'aria-current="true" lang="en"' in switcher(html)
    assert choices(html)["es"] == spanish.url
    assert choices(html)["ru"] == "/ru/guides/"  # no Russian translation: the Russian guides


def test_the_switcher_ignores_draft_translations(client, guides, locales):
    page = article_page(index=guides, title="English only for now")
    translated_tree_ensure(home=guides.get_parent().specific, guides=guides, locale=locales["ru"])
    draft = page.copy_for_translation(locales["ru"])  # a draft

    html = client.get(page.url).content.decode()

    assert choices(html)["ru"] == "/ru/guides/"
    assert draft.slug not in choices(html)["ru"]


def test_spanish_guide_is_served_under_es(client, guides, locales):
    page = article_page(index=guides, title="Patience")
    translated_tree_ensure(home=guides.get_parent().specific, guides=guides, locale=locales["es"])
    spanish = page.copy_for_translation(locales["es"])
    spanish.title = "Paciencia"
    spanish.slug = "paciencia"
    spanish.save_revision().publish()
    spanish.refresh_from_db()

    response = client.get("/es/guides/paciencia/")

    assert spanish.url == "/es/guides/paciencia/"
    assert response.status_code == 200
    assert '<html lang="es">' in response.content.decode()


def test_help_page_switcher_offers_every_language_and_keeps_the_country(client):
    found = choices(client.get("/help/?country=GB").content.decode())

    assert found["es"] == "/es/help/?country=GB"
    assert found["ru"] == "/ru/help/?country=GB"


@pytest.mark.parametrize(
    ("path", "expected", "english"),
    [
        ("/es/help/", "Pide ayuda ahora", "Get help now"),
        ("/ru/help/", "Получить помощь сейчас", "Get help now"),
        ("/es/search/", "Buscar en las guías", "Search the guides"),
        ("/ru/search/", "Поиск по руководствам", "Search the guides"),
    ],
)
def test_the_interface_is_translated_under_the_language_prefix(client, path, expected, english):
    html = client.get(path).content.decode()

    assert expected in html
    assert english not in html


def test_spanish_pages_link_to_the_spanish_help_page(client):
    html = client.get("/es/help/").content.decode()

    assert 'href="/es/help/" data-help-link' in html
    assert '<html lang="es">' in html


def test_spanish_help_page_names_countries_in_spanish(client, crisis_directory):
    html = client.get("/es/help/?country=GB").content.decode()

    assert "Apoyo en Reino Unido" in html
    assert "Samaritans" in html


@pytest.mark.parametrize("language", ["es", "ru"])
def test_every_interface_string_in_the_catalogue_is_translated_and_reviewed(language):
    from pathlib import Path

    from babel.messages.pofile import read_po

    po_path = Path(__file__).resolve().parents[2] / "locale" / language / "LC_MESSAGES"
    with (po_path / "django.po").open("rb") as po_file:
        catalog = read_po(po_file)

    def untranslated(message) -> bool:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return message.fuzzy or not all(strings)

    assert [m.id for m in catalog if m.id and untranslated(m)] == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["Denunciar", "Me preocupa este miembro", "Buscar en este grupo"]),
        ("ru", ["Пожаловаться", "Я беспокоюсь об этом участнике", "Искать в этой группе"]),
    ],
)
def test_a_thread_shows_its_post_actions_in_the_members_language(
    client, group, member, language, expected
):
    from tests.factories import MembershipFactory
    from tests.groups.forum_helpers import reply_to, start_thread

    thread = start_thread(author=member, group=group, title="Evenings", body="Hello.")
    reader = MembershipFactory(group=group).user
    reply_to(author=member, thread=thread, body="A reply.")
    client.force_login(reader)

    html = client.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    for words in expected:
        assert words in html
    assert "I'm worried about this member" not in html


def test_the_language_a_person_chose_applies_to_the_group_pages(client):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    html = client.get("/groups/").content.decode()

    assert '<html lang="ru">' in html
    assert "Получить помощь сейчас" in html


def test_an_unprefixed_guide_address_stays_english_whatever_the_browser_asks(client, guides):
    page = article_page(index=guides, title="Plain English")

    html = client.get(page.url, HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="en">' in html and "Get help now" in html
