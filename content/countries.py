"""The one answer to "which country's helplines do we show this person?".

Used by ``/help/``, every crisis panel (forum, group search, site search, the chat's
``crisis_resources`` frame) and anything emailed about crisis support. In order:

1. the country the member saved (profile, or the panel's "change country" form);
2. for a visitor, the country they chose on this browser (the ``crisis_country`` cookie);
3. the region of the browser's first language (Accept-Language ``en-US`` → US, ``es-MX`` → MX),
   or of a later entry of the same language (``es,es-MX`` → MX);
4. a language without a country (``ru``, ``es``) → the country CLDR names as most likely for it
   (``ru`` → RU, ``es`` → ES, ``en`` → US, ``uk`` → UA); Latin-American Spanish (``es-419``)
   → MX, the largest Spanish-speaking country of the region;
5. the site default, ``settings.CRISIS_DEFAULT_COUNTRY``.

Never an IP lookup or any third party. A person always sees which country was chosen and can
change it in place.
"""

from dataclasses import dataclass

from babel.core import get_global
from django.conf import settings
from django.utils.translation.trans_real import parse_accept_lang_header

from community.accounts.languages import member_language
from community.countries import country_names, valid_country

COUNTRY_COOKIE = "crisis_country"
COUNTRY_COOKIE_MAX_AGE = 365 * 24 * 3600
#: Macro-regions browsers send that are not one country.
_REGION_DEFAULTS = {"419": "MX"}


@dataclass(frozen=True)
class CrisisCountry:
    """The chosen country (``None``: none known) and where the choice came from."""

    code: str | None
    source: str  # "asked" | "profile" | "cookie" | "browser" | "language" | "default" | "none"

    @property
    def name(self) -> str:
        return country_names().get(self.code or "", self.code or "")


def _languages(header: str | None) -> list[str]:
    try:
        parsed = parse_accept_lang_header((header or "")[:500])
    except ValueError:
        return []
    return [language for language, _quality in parsed if language and language != "*"]


def _region(language: str) -> str | None:
    for part in language.split("-")[1:]:
        code = valid_country(part) or _REGION_DEFAULTS.get(part)
        if code:
            return code
    return None


def _likely_country(base_language: str) -> str | None:
    likely = get_global("likely_subtags").get(base_language.replace("-", "_"))
    if not likely:
        return None
    return valid_country(likely.split("_")[-1])


def country_from_accept_language(header: str | None) -> tuple[str | None, str]:
    """The country a browser's languages point to, and whether by ``browser`` region or
    ``language`` alone. Only the first language counts; a region from a later entry of the same
    language is used (``es,es-MX`` → MX), one of another language is not (``ru,en-US`` → RU)."""
    languages = _languages(header)
    if not languages:
        return None, "none"
    base = languages[0].split("-")[0]
    for language in languages:
        if language.split("-")[0] == base:
            code = _region(language)
            if code:
                return code, "browser"
    code = _likely_country(base)
    return (code, "language") if code else (None, "none")


def site_default_country() -> str | None:
    return valid_country(getattr(settings, "CRISIS_DEFAULT_COUNTRY", ""))


def crisis_country(
    *,
    saved: str | None = None,
    cookie: str | None = None,
    accept_language: str | None = None,
) -> CrisisCountry:
    """The resolver itself, from plain values, so HTTP, websockets and emails share it."""
    for value, source in ((saved, "profile"), (cookie, "cookie")):
        code = valid_country(value)
        if code:
            return CrisisCountry(code, source)
    code, source = country_from_accept_language(accept_language)
    if code:
        return CrisisCountry(code, source)
    default = site_default_country()
    return CrisisCountry(default, "default") if default else CrisisCountry(None, "none")


def _saved_country(user) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "country", "") or None


def crisis_country_for_request(request) -> CrisisCountry:
    return crisis_country(
        saved=_saved_country(getattr(request, "user", None)),
        cookie=request.COOKIES.get(COUNTRY_COOKIE),
        accept_language=request.META.get("HTTP_ACCEPT_LANGUAGE"),
    )


def crisis_country_for_scope(scope, *, saved: str | None = None) -> CrisisCountry:
    """For a websocket: the handshake carries the browser's Accept-Language and cookies.

    ``saved`` is the member's country as read now (it may have changed since connecting).
    """
    headers = dict(scope.get("headers") or [])
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    cookies = scope.get("cookies") or {}
    return crisis_country(saved=saved, cookie=cookies.get(COUNTRY_COOKIE), accept_language=accept)


def crisis_country_for_user(user) -> CrisisCountry:
    """Outside a request (emails), where no browser speaks: the member's saved country, else
    the country of the language they chose (``es`` → ES, as for a browser that names no
    region), else the site default."""
    return crisis_country(saved=_saved_country(user), accept_language=member_language(user))
