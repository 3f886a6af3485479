"""Country codes and names, from Babel's CLDR data (no third-party lookup, nothing stored).

Shared by the profile form and the crisis directory's country resolver
(``content.countries``), so a country a person can choose in one place is valid in the other.
"""

from functools import lru_cache

from babel import Locale as BabelLocale
from babel.core import UnknownLocaleError
from django.utils.translation import get_language

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


def country_names(language: str | None = None) -> dict[str, str]:
    """Code → name in ``language`` (default: the active one)."""
    return _country_names(language or get_language() or "en")


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """Every country as (code, name), sorted by name in the reader's language."""
    return sorted(country_names(language).items(), key=lambda item: item[1].casefold())


def valid_country(value) -> str | None:
    """The upper-case ISO 3166 code for ``value``, or ``None`` when it is not a country."""
    code = value.strip().upper() if isinstance(value, str) else ""
    if len(code) == 2 and code in _country_names("en"):
        return code
    return None
