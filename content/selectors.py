"""Reads for the content hub's guides (the crisis directory's reads: ``crisis_selectors``)."""

import unicodedata

from taggit.models import Tag
from wagtail.models import Locale

from groups.selectors import groups_for_directory, seats_left

from .models import ArticlePage


def _live_articles():
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("locale")
        .prefetch_related("tags")
        .order_by("-first_published_at", "-pk")
    )


def articles_in_index(*, index, tag: str | None = None):
    articles = _live_articles().child_of(index)
    if tag:
        articles = articles.filter(tagged_items__tag__slug=tag).distinct()
    return articles


def tags_in_index(*, index) -> list:
    """The tags used by live articles under ``index``, for the tag filter."""
    article_ids = ArticlePage.objects.live().child_of(index).values("pk")
    return list(
        Tag.objects.filter(content_articlepagetag_items__content_object__in=article_ids)
        .distinct()
        .order_by("name")
    )


def featured_guides(*, home, limit: int = 3) -> list:
    chosen = [
        item.article
        for item in home.featured_guides.select_related("article", "article__locale")
        if item.article.live
    ]
    if chosen:
        return chosen[:limit]
    return list(_live_articles().descendant_of(home)[:limit])


def featured_groups(*, limit: int = 4) -> list:
    groups = list(groups_for_directory()[:limit])
    for group in groups:
        group.seats_left = seats_left(group)
    return groups


def groups_for_topics(*, slugs: list[str], limit: int = 6) -> list:
    """Listed groups on any of the topics, each once, through the groups app's selector."""
    found: dict[int, object] = {}
    for slug in slugs:
        for group in groups_for_directory(topic=slug):
            found.setdefault(group.pk, group)
    groups = sorted(found.values(), key=lambda g: g.name.lower())[:limit]
    for group in groups:
        group.seats_left = seats_left(group)
    return groups


def search_query_clean(text: str) -> str:
    """What a typed query means as search terms: no control characters, balanced quotes.

    The database full-text engines read quotes as phrase syntax (SQLite refuses an unclosed
    one outright) and cannot hold NUL at all; people type both by accident. Control and format
    characters become spaces; an unbalanced double quote is dropped, so ``I said "no`` searches
    its words.
    """
    text = "".join(" " if unicodedata.category(char).startswith("C") else char for char in text)
    if text.count('"') % 2:
        text = text.replace('"', " ")
    return " ".join(text.split())


def search_terms(text: str) -> str:
    """What reaches the search engine: the words of the query, without double quotes.

    Queries go to the engine as plain words (no phrase syntax), each quoted by the backend as
    a term; a double quote inside a term ends that quoting early, and SQLite's FTS5 then reads
    the rest as query syntax and fails (``"self-harm"``, ``"don't"``, ``"1.5"`` answered 500).
    """
    return " ".join(search_query_clean(text).replace('"', " ").split())


def search_articles(*, query: str, locale: Locale | None = None):
    """Live articles matching ``query`` in the locale; the query itself is never stored."""
    query = search_terms(query)
    if not query:
        return _live_articles().none()
    articles = _live_articles()
    if locale is not None:
        articles = articles.filter(locale=locale)
    return articles.search(query, operator="or")
