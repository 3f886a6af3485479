"""/search/ over the guides, with a calm help box when the words read as a crisis."""

import logging

import pytest
from django.db import connection
from wagtail.search.backends import get_search_backend

from tests.factories import UserFactory, article_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def trust_guide(guides):
    return article_page(
        index=guides,
        title="Rebuilding trust after an affair",
        summary="Small, steady steps towards trusting again.",
        body=[{"type": "paragraph", "value": "<p>Honesty and patience help couples heal.</p>"}],
        tags=["trust"],
    )


@pytest.fixture
def grief_guide(guides):
    return article_page(index=guides, title="Living with grief", tags=["grief"])


def test_database_search_backend_matches_the_database_in_use():
    backend = type(get_search_backend()).__module__

    # Wagtail 8's search lives in django-modelsearch; "database" picks the vendor's own
    # full-text engine: PostgreSQL's tsvector search, SQLite's FTS5.
    if connection.vendor == "postgresql":
        assert ".database.postgres." in backend
    elif connection.vendor == "sqlite":
        assert ".database.sqlite." in backend


def test_search_finds_a_guide_by_a_word_in_its_body(client, trust_guide, grief_guide):
    html = client.get("/search/", {"q": "patience"}).content.decode()

    assert "Rebuilding trust after an affair" in html
    assert f'href="{trust_guide.url}"' in html
    assert "Living with grief" not in html


def test_search_finds_a_guide_by_its_title(client, trust_guide, grief_guide):
    html = client.get("/search/", {"q": "grief"}).content.decode()

    assert "Living with grief" in html
    assert "Rebuilding trust after an affair" not in html


def test_search_never_shows_draft_guides(client, guides):
    article_page(index=guides, title="Unpublished patience notes", live=False)

    html = client.get("/search/", {"q": "patience"}).content.decode()

    assert "Unpublished patience notes" not in html


def test_search_with_no_match_suggests_a_next_step(client, trust_guide):
    html = client.get("/search/", {"q": "zebra"}).content.decode()

    assert "0 guides found" in html
    assert "Try fewer or different words" in html


def test_empty_search_shows_just_the_form(client):
    response = client.get("/search/")

    assert response.status_code == 200
    assert "guides found" not in response.content.decode()


def test_a_crisis_query_shows_help_is_available_above_the_results(client, trust_guide):
    html = client.get(
        "/search/", {"q": "I want to die"}, HTTP_ACCEPT_LANGUAGE="en-GB"
    ).content.decode()

    assert "Help is available" in html
    assert "data-crisis-panel" in html
    assert "Samaritans" in html
    assert html.index("data-crisis-panel") < html.index('id="results-title"')
    assert "Your words were posted" not in html


def test_the_crisis_box_uses_the_members_saved_country(client, crisis_directory):
    client.force_login(UserFactory(country="AU"))

    html = client.get("/search/", {"q": "I want to end my life"}).content.decode()

    assert "Lifeline" in html
    assert "Samaritans" not in html


def test_a_crisis_query_in_spanish_shows_the_help_box(client, trust_guide):
    html = client.get("/es/search/", {"q": "quiero morir"}).content.decode()

    assert "data-crisis-panel" in html


def test_an_ordinary_query_shows_no_help_box(client, trust_guide):
    html = client.get("/search/", {"q": "trust after an affair"}).content.decode()

    assert "data-crisis-panel" not in html


def test_search_queries_are_not_logged_or_stored(client, trust_guide, caplog):
    from django.apps import apps

    with caplog.at_level(logging.DEBUG):
        client.get("/search/", {"q": "patience secretword"})

    assert "secretword" not in caplog.text
    # Wagtail stores queries only through search promotions, which is not installed.
    assert not apps.is_installed("wagtail.contrib.search_promotions")


def test_very_long_or_odd_queries_do_not_fail(client, trust_guide):
    for query in ["x" * 5000, "'; DROP TABLE", "&&&", "“trust”", "<script>"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_search_in_spanish_only_lists_spanish_guides(client, trust_guide):
    html = client.get("/es/search/", {"q": "patience"}).content.decode()

    assert "Rebuilding trust after an affair" not in html


SEARCH_SYNTAX_QUERIES = [
    'I said "no',
    '"',
    '"trust',
    "trust\x00",
    "\x00",
    "trust*",
    "*",
    "trust^",
    "(trust",
    "trust)",
    "NEAR(trust",
    "trust AND",
    "OR",
    "-trust",
    "trust:",
    ":",
    "{trust}",
    "trust\\",
    "tr\u200bust",
    "\x1b[31mtrust",
]


@pytest.mark.parametrize("query", SEARCH_SYNTAX_QUERIES)
def test_a_query_with_search_syntax_or_control_characters_answers_calmly(
    client, trust_guide, query
):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "Search" in response.content.decode()


def test_a_half_quoted_query_still_finds_the_guide(client, trust_guide):
    html = client.get("/search/", {"q": 'patience "honesty'}).content.decode()

    assert "Rebuilding trust after an affair" in html


@pytest.mark.parametrize(
    "query",
    ['"self-harm"', '"don\'t"', '"1.5"', '"a:b"', '"(trust"', '"@trust"', '"trust/heal"', '"..."'],
)
def test_a_quoted_phrase_with_punctuation_answers_calmly(client, trust_guide, query):
    """Issue 20, finding 5: these reached SQLite FTS5 as query syntax and answered 500."""
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200


def test_a_quoted_hyphenated_phrase_still_finds_the_guide(client, guides):
    article_page(
        index=guides,
        title="When the urge to self-harm comes",
        body=[{"type": "paragraph", "value": "<p>Coping with self-harm urges, one step.</p>"}],
    )

    html = client.get("/search/", {"q": '"self-harm"'}).content.decode()

    assert "When the urge to self-harm comes" in html


@pytest.mark.parametrize(
    "query",
    ['"how to kill myself"', "“how to kill myself”", '+"want to die"', "(I want to end my life)"],
)
def test_search_syntax_never_hides_the_help_box(client, query):
    """Quotes and operators are search syntax, not someone else's words (issue 20, finding 6)."""
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "Help is available" in response.content.decode()
