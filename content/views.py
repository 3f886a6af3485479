"""Thin views for the non-page routes: ``/help/``, the crisis country choice and ``/search/``."""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from wagtail.models import Locale

from community.accounts.services import profile_country_set
from community.countries import valid_country
from community.crisis_screen import search_reads_as_crisis
from community.http import post_only

from .countries import (
    COUNTRY_COOKIE,
    COUNTRY_COOKIE_MAX_AGE,
    CrisisCountry,
    crisis_country_for_request,
)
from .crisis_panel import crisis_panel_context
from .selectors import search_articles, search_query_clean

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
#: Which template a "change country" form's in-place answer is rendered with.
FRAGMENTS = {
    "panel": "includes/crisis_resources.html",
    "page": "content/includes/help_resources.html",
}


def _asked_country(value: str | None) -> CrisisCountry | None:
    """``?country=XX``: a valid code, an unknown one (international list), or no answer."""
    if value is None or not value.strip():
        return None
    code = valid_country(value)
    return CrisisCountry(code, "asked") if code else CrisisCountry(None, "unknown")


def staying_safe(request):
    """What Quick exit can and cannot hide, and how to browse more privately."""
    return render(request, "content/staying_safe.html")


def help_page(request):
    country = _asked_country(request.GET.get("country")) or crisis_country_for_request(request)
    return render(request, "content/help.html", crisis_panel_context(country=country))


@post_only(to="content:help")
def help_country(request):
    """Change the country in place: saved to the member's profile, or a cookie for a visitor.

    Scripts ask for the panel's new contents (``fragment``); without scripts the person lands
    on ``/help/`` for the chosen country.
    """
    code = valid_country(request.POST.get("country"))
    if code and request.user.is_authenticated:
        profile_country_set(user=request.user, country=code)
    fragment = FRAGMENTS.get(request.POST.get("fragment", ""))
    if fragment:
        country = CrisisCountry(code, "profile") if code else CrisisCountry(None, "unknown")
        response = render(request, fragment, crisis_panel_context(country=country))
    else:
        target = request.POST.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = reverse("content:help")
        if not code:
            asked = (request.POST.get("country") or "")[:8]
            target = reverse("content:help") + "?" + urlencode({"country": asked})
        response = redirect(target)
    if code and not request.user.is_authenticated:
        response.set_cookie(
            COUNTRY_COOKIE,
            code,
            max_age=COUNTRY_COOKIE_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def search(request):
    query = search_query_clean(request.GET.get("q") or "")[:MAX_QUERY_LENGTH]
    results = None
    crisis = None
    if query:
        if search_reads_as_crisis(query):
            crisis = crisis_panel_context(country=crisis_country_for_request(request))
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
        {
            "query": query,
            "page_query": urlencode({"q": query}),
            "results": results,
            "crisis": crisis,
        },
    )
