"""Reads for the content hub, some of which other apps call (``crisis_resources_for``)."""

import asyncio
import json
import logging
import unicodedata
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from django.db.models import Q
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale

from groups.selectors import groups_for_directory, seats_left

from .models import VERIFY_EVERY_DAYS, ArticlePage, CrisisResource

DATA_FILE = Path(__file__).resolve().parent / "data" / "crisis_resources.json"
INTERNATIONAL = "INTL"

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def bundled_resources() -> list[dict]:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def _resource_dict(resource) -> dict:
    return {
        "country_code": resource.country_code,
        "name": resource.name,
        "kind": resource.kind,
        "phone": resource.phone or None,
        "sms": resource.sms or None,
        "url": resource.website or resource.chat_url or None,
        "hours": resource.hours or None,
    }


def _bundled_dicts(code: str) -> list[dict]:
    keys = ("country_code", "name", "kind", "phone", "sms", "url", "hours")
    rows = bundled_resources()
    local = [r for r in rows if r["country_code"] == code and code != INTERNATIONAL]
    international = [r for r in rows if r["country_code"] == INTERNATIONAL]
    return [{key: r.get(key) for key in keys} for r in local + international]


def crisis_resources_for(*, country: str | None) -> list[dict]:
    """Published resources for ``country`` (by priority), then the international directories.

    A country without entries gets the international directories alone. Should the directory
    table be empty (a fresh install before ``load_crisis_resources``), the bundled file is
    used, so a person in crisis never meets an empty list.

    This reads the database: async code calls it through ``database_sync_to_async``. Called
    straight from an event loop it answers from the bundled file instead of failing, because
    this list is shown to someone in crisis.
    """
    code = (country or "").strip().upper()[:4]
    if _in_event_loop():
        logger.warning("crisis_resources_for called from async code; using the bundled list")
        return _bundled_dicts(code)
    resources = list(
        CrisisResource.objects.filter(live=True)
        .filter(Q(country_code=code) | Q(country_code=INTERNATIONAL))
        .order_by("priority", "name")
    )
    if not resources and not CrisisResource.objects.filter(live=True).exists():
        return _bundled_dicts(code)
    local = [r for r in resources if r.country_code == code and code != INTERNATIONAL]
    international = [r for r in resources if r.country_code == INTERNATIONAL]
    return [_resource_dict(r) for r in local + international]


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def countries_with_resources() -> set[str]:
    codes = set(
        CrisisResource.objects.filter(live=True)
        .exclude(country_code=INTERNATIONAL)
        .values_list("country_code", flat=True)
    )
    if not codes:
        codes = {r["country_code"] for r in bundled_resources()} - {INTERNATIONAL}
    return codes


def resources_needing_verification():
    """Resources never verified, or not verified for ``VERIFY_EVERY_DAYS`` days."""
    cutoff = timezone.localdate() - timedelta(days=VERIFY_EVERY_DAYS)
    return CrisisResource.objects.filter(
        Q(last_verified__isnull=True) | Q(last_verified__lt=cutoff)
    ).order_by("last_verified", "country_code", "priority", "name")


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
