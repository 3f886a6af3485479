"""Thin views for the non-page routes: ``/help/`` and ``/search/``."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail.models import Locale

from moderation.crisis import reads_as_crisis

from .countries import country_names, default_country, valid_country
from .selectors import (
    countries_with_resources,
    crisis_resources_for,
    search_articles,
    search_query_clean,
)

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
INTERNATIONAL = "INTL"


def staying_safe(request):
    """What Quick exit can and cannot hide, and how to browse more privately."""
    return render(request, "content/staying_safe.html")


def help_page(request):
    asked = request.GET.get("country")
    chosen = valid_country(asked)
    country = chosen or default_country(request)
    resources = crisis_resources_for(country=country)
    local = [r for r in resources if r["country_code"] != INTERNATIONAL]
    international = [r for r in resources if r["country_code"] == INTERNATIONAL]
    names = country_names()
    covered = countries_with_resources()
    countries_listed = sorted(
        ((code, names[code]) for code in covered if code in names), key=lambda item: item[1]
    )
    other_countries = sorted(
        ((code, name) for code, name in names.items() if code not in covered),
        key=lambda item: item[1],
    )
    return render(
        request,
        "content/help.html",
        {
            "country": country,
            "country_name": names.get(country or "", ""),
            "local_resources": local,
            "international_resources": international,
            "countries_listed": countries_listed,
            "other_countries": other_countries,
            "bad_country": bool(asked) and chosen is None,
        },
    )


def search(request):
    query = search_query_clean(request.GET.get("q") or "")[:MAX_QUERY_LENGTH]
    results = None
    crisis_resources = None
    if query:
        if reads_as_crisis(query):
            crisis_resources = crisis_resources_for(country=default_country(request))
        paginator = Paginator(
            search_articles(query=query, locale=Locale.get_active()), RESULTS_PER_PAGE
        )
        try:
            results = paginator.page(request.GET.get("page") or 1)
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    return render(
        request,
        "content/search.html",
        {"query": query, "results": results, "crisis_resources": crisis_resources},
    )
