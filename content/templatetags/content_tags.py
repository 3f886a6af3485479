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


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Links to this page in the other languages it exists in (live translations only).

    On a Wagtail page: its published translations. On another page: every site language,
    when the address has a form in each (routes under ``i18n_patterns``).
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    names = _names()
    links = []
    if isinstance(page, Page):
        links = _page_translation_links(page, request, names)
    elif request is not None:
        path = request.get_full_path()
        candidates = [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
        ]
        if len({link["url"] for link in candidates}) == len(candidates):
            links = candidates
    order = list(names)
    links.sort(key=lambda link: order.index(link["code"]))
    for link in links:
        link["current"] = link["code"] == current
    return {"links": links if len(links) > 1 else []}


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
