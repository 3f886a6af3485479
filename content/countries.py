"""Which country's helplines to show, without any third-party geolocation.

The chosen country comes from ``?country=XX``; otherwise from the signed-in member's saved
country; otherwise from the region in the browser's Accept-Language header ("en-GB" → GB).
Country names come from Babel's CLDR data, in the page's language.
"""

from functools import lru_cache

from babel import Locale as BabelLocale
from babel.core import UnknownLocaleError
from django.utils.translation import get_language
from django.utils.translation.trans_real import parse_accept_lang_header

#: CLDR codes that are not countries one can live in.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


@lru_cache(maxsize=8)
def _country_names(language: str) -> dict[str, str]:
    try:
        territories = BabelLocale.parse(language.replace("-", "_")).territories
    except (UnknownLocaleError, ValueError):
        territories = BabelLocale("en").territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code.isupper() and code not in _NOT_COUNTRIES
    }


def country_names() -> dict[str, str]:
    return _country_names(get_language() or "en")


def valid_country(value: str | None) -> str | None:
    """The upper-case ISO 3166 code for ``value``, or ``None`` when it is not a country."""
    code = (value or "").strip().upper()
    if len(code) == 2 and code in _country_names("en"):
        return code
    return None


def country_from_accept_language(header: str | None) -> str | None:
    """The first region named in an Accept-Language header: "es-MX,es;q=0.9" → "MX"."""
    for language, _quality in parse_accept_lang_header((header or "")[:500]):
        for part in language.split("-")[1:]:
            code = valid_country(part)
            if code:
                return code
    return None


def default_country(request) -> str | None:
    """The member's saved country, else the browser's region; never an IP lookup."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        saved = valid_country(getattr(user, "country", ""))
        if saved:
            return saved
    return country_from_accept_language(request.META.get("HTTP_ACCEPT_LANGUAGE"))
