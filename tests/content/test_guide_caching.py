"""Guides are served from cache between publishes, and never stale after one."""

import pytest
from wagtail.models import Locale

from content.models import ArticlePage
from content.services import locales_ensure, translated_tree_ensure
from tests.factories import SupportGroupFactory, article_page

pytestmark = pytest.mark.django_db


def paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def publish_new_text(page: ArticlePage, *, title: str, text: str) -> None:
    page = ArticlePage.objects.get(pk=page.pk)
    page.title = title
    page.body = ArticlePage.body.field.stream_block.to_python(paragraph(text))
    page.save_revision().publish()


def test_a_published_change_is_shown_at_once_to_a_reader_who_saw_the_old_text(client, guides):
    page = article_page(index=guides, title="First words", body=paragraph("The old advice."))
    assert "The old advice." in client.get(page.url).content.decode()

    publish_new_text(page, title="Second words", text="The reviewed advice.")

    html = client.get(page.url).content.decode()
    assert "The reviewed advice." in html and "Second words" in html
    assert "The old advice." not in html


def test_a_saved_draft_changes_nothing_readers_see_until_it_is_published(client, guides):
    page = article_page(index=guides, title="Steady", body=paragraph("Published text."))
    client.get(page.url)

    draft = ArticlePage.objects.get(pk=page.pk)
    draft.body = ArticlePage.body.field.stream_block.to_python(paragraph("Draft text."))
    draft.save_revision()

    html = client.get(page.url).content.decode()
    assert "Published text." in html and "Draft text." not in html


def test_a_preview_shows_the_draft_and_does_not_replace_what_readers_get(client, guides):
    page = article_page(index=guides, title="Preview me", body=paragraph("Live text."))
    client.get(page.url)
    draft = ArticlePage.objects.get(pk=page.pk)
    draft.body = ArticlePage.body.field.stream_block.to_python(paragraph("Previewed text."))

    preview = draft.make_preview_request(preview_mode="")

    assert "Previewed text." in preview.content.decode()
    html = client.get(page.url).content.decode()
    assert "Live text." in html and "Previewed text." not in html


def test_an_unpublished_guide_answers_404_even_after_it_was_served_from_cache(client, guides):
    page = article_page(index=guides, title="Soon withdrawn")
    assert client.get(page.url).status_code == 200

    ArticlePage.objects.get(pk=page.pk).unpublish()

    assert client.get(page.url).status_code == 404


def test_a_renamed_guide_moves_to_its_new_address(client, guides):
    page = article_page(index=guides, title="Old name")
    old_url = page.url
    assert client.get(old_url).status_code == 200

    page = ArticlePage.objects.get(pk=page.pk)
    page.slug = "a-new-name"
    page.save_revision().publish()

    assert client.get(old_url).status_code == 404
    assert "Old name" in client.get("/guides/a-new-name/").content.decode()


def test_a_deleted_guide_answers_404_after_it_was_served(client, guides):
    page = article_page(index=guides, title="Going away")
    url = page.url
    assert client.get(url).status_code == 200

    ArticlePage.objects.get(pk=page.pk).delete()

    assert client.get(url).status_code == 404


def test_groups_on_the_guides_topic_are_live_not_cached(client, guides):
    page = article_page(index=guides, title="On patience", tags=["patience"])
    assert "A Patient Circle" not in client.get(page.url).content.decode()

    group = SupportGroupFactory(name="A Patient Circle")
    group.topics.set(["patience"])

    assert "A Patient Circle" in client.get(page.url).content.decode()


def test_the_language_switcher_offers_a_translation_as_soon_as_it_is_published(client, guides):
    locales = locales_ensure()
    page = article_page(index=guides, title="Soon in Spanish")
    translated_tree_ensure(home=guides.get_parent().specific, guides=guides, locale=locales["es"])
    spanish = page.copy_for_translation(locales["es"])
    spanish.slug = "pronto-en-espanol"
    spanish.save()
    choice = 'name="next" value="/es/guides/pronto-en-espanol/"'
    assert choice not in client.get(page.url).content.decode()

    spanish.title = "Pronto en español"
    spanish.save_revision().publish()

    assert choice in client.get(page.url).content.decode()
    assert Locale.objects.filter(language_code="es").exists()
