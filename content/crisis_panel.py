"""The crisis panel's context and the chat's ``crisis_resources`` frame, from one place.

``/help/``, the forum and search panels and the chat frame all show the same list for the same
resolved country (``countries.py``), rendered by the same template
(``includes/crisis_resources.html``), so a fix to one is a fix to all.
"""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from community.countries import country_choices

from .countries import CrisisCountry, crisis_country_for_scope
from .crisis_selectors import countries_with_resources, crisis_panel


def crisis_panel_context(*, country: CrisisCountry, language: str | None = None) -> dict:
    """Template context: the panel and the country chooser (covered countries first)."""
    panel = crisis_panel(country=country, language=language)
    covered = countries_with_resources()
    choices = country_choices(language)
    return {
        "panel": panel,
        "countries_listed": [(code, name) for code, name in choices if code in covered],
        "other_countries": [(code, name) for code, name in choices if code not in covered],
    }


def _scope_language(scope) -> str:
    """The language the chat page is in: the person's choice (cookie), else the browser's."""
    headers = dict(scope.get("headers") or [])
    request = SimpleNamespace(
        COOKIES=scope.get("cookies") or {},
        META={"HTTP_ACCEPT_LANGUAGE": headers.get(b"accept-language", b"").decode("latin-1")},
        path_info="/",
    )
    return translation.get_language_from_request(request, check_path=False)


def _json_ready(resource: dict) -> dict:
    verified = resource.get("verified_on")
    return {**resource, "verified_on": verified.isoformat() if verified else None}


def crisis_resources_frame(*, user_id: int, scope) -> dict:
    """The chat's ``crisis_resources`` frame for the author (sync: reads the database).

    The member's saved country is read now, not from the connection's cached user, so a
    country changed on the panel applies to the next frame.
    """
    saved = get_user_model().objects.filter(pk=user_id).values_list("country", flat=True).first()
    country = crisis_country_for_scope(scope, saved=saved)
    language = _scope_language(scope)
    with translation.override(language):
        context = crisis_panel_context(country=country, language=language)
        html = render_to_string("includes/crisis_resources.html", context)
        panel = context["panel"]
        resources = ([panel["first"]] if panel["first"] else []) + panel["local"]
        return {
            "type": "crisis_resources",
            "country": panel["country"],
            "country_name": panel["country_name"],
            "resources": [_json_ready(r) for r in resources + panel["international"]],
            "html": html,
        }
