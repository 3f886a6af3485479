"""Reads for the content hub's guides (the crisis directory's reads: ``crisis_selectors``)."""

import unicodedata

from taggit.models import Tag
from wagtail.models import Locale


def _live_articles():
    from .models import ArticlePage

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
    from .models import ArticlePage

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
    from groups.selectors import groups_for_directory, seats_left

    groups = list(groups_for_directory()[:limit])
    for group in groups:
        group.seats_left = seats_left(group)
    return groups


def groups_for_topics(*, slugs: list[str], limit: int = 6) -> list:
    """Listed groups on any of the topics, each once, through the groups app's selector."""
    from groups.selectors import groups_for_directory, seats_left

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


def search_articles(*, query: str, locale: Locale | None = None):
    """Live articles matching ``query`` in the locale; the query itself is never stored."""
    query = search_query_clean(query)
    articles = _live_articles()
    if locale is not None:
        articles = articles.filter(locale=locale)
    return articles.search(query, operator="or")
