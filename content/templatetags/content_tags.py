"""Template helpers for the content hub: the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

from content.caching import remembered
from content.countries import crisis_country_for_request
from content.crisis_panel import crisis_panel_context

register = template.Library()


def _names() -> dict[str, str]:
    return dict(settings.LANGUAGES)


# A query string longer than this is left off the switcher's return address: a page of
# search results or a thread page fits, a pasted tracking tail is not written into every form.
RETURN_QUERY_MAX = 256


def _return_path(request) -> str:
    query = request.META.get("QUERY_STRING", "")
    if query and len(query) <= RETURN_QUERY_MAX:
        return f"{request.path}?{query}"
    return request.path


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """One switcher on every page: each language, and where choosing it leads.

    Choosing sets the language for every page (``community.languages.set_language``: the
    cookie and, for a member, their setting). Where the address carries its language, the
    choice leads to the same page in that language: a guide's published translation (or the
    guides in that language when there is none), or the prefixed address of a page like
    ``/help/``. Elsewhere (groups, chat, accounts) it stays on the same address.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    names = _names()
    if request is None:
        return {"links": []}
    path = _return_path(request)
    translations = {}
    if isinstance(page, Page):
        translations = {
            link["code"]: link["url"] for link in _page_translation_links(page, request, names)
        }
    links = []
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            target = translations.get(code) or translate_url("/guides/", code)
        else:
            target = translate_url(path, code)
        links.append({"code": code, "name": name, "next": target, "current": code == current})
    return {"links": links, "request": request}


def _page_translation_links(page: Page, request, names: dict[str, str]) -> list[dict]:
    """The page's live translations as links, cached until the guides' next change."""

    def links() -> list[dict]:
        found = []
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        for translation in translations:
            code = translation.locale.language_code
            if code in names:
                url = translation.get_url(request=request)
                if url:
                    found.append({"code": code, "name": names[code], "url": url})
        return found

    if getattr(request, "is_preview", False) or page.pk is None:
        return links()
    return [dict(link) for link in remembered("translations", page.pk, compute=links)]


@register.simple_tag(takes_context=True)
def crisis_panel_for_request(context):
    """The crisis panel's context for this request's country (the one resolver).

    For pages of apps below ``content`` in the layer contract (a group's search), which decide
    *whether* to show help and leave *which* helplines to this tag.
    """
    return crisis_panel_context(country=crisis_country_for_request(context["request"]))
