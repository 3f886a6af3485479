"""The per-language data files of the detector, read once.

Everything a language needs lives in one TOML file, ``crisis/rules/<code>.toml``: the words
used to guess the language and to cut clauses, the slang and abbreviations the normaliser
expands, the Latin-letter spelling of Russian, and the rules. Adding a language means adding a
file (and listing its code in :data:`LANGUAGES`); nothing in the code names a word.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

RULES_DIR = Path(__file__).resolve().parent / "rules"
LANGUAGES: tuple[str, ...] = ("en", "es", "ru")


@dataclass(frozen=True)
class LanguageData:
    """The raw contents of one language file (patterns not yet compiled)."""

    code: str
    stopwords: frozenset[str]
    conjunctions: tuple[str, ...]
    slang: MappingProxyType
    translit_markers: frozenset[str] = frozenset()
    translit_map: tuple[tuple[str, str], ...] = ()
    rules: tuple[dict[str, Any], ...] = field(default_factory=tuple)


@cache
def language_data(code: str) -> LanguageData:
    """Read ``rules/<code>.toml``; a missing or malformed file is an error at import time."""
    with (RULES_DIR / f"{code}.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    words = raw.get("words", {})
    translit = raw.get("translit", {})
    pairs = tuple(sorted(translit.get("map", {}).items(), key=lambda kv: -len(kv[0])))
    return LanguageData(
        code=code,
        stopwords=frozenset(words.get("stopwords", ())),
        conjunctions=tuple(words.get("conjunctions", ())),
        slang=MappingProxyType(dict(raw.get("slang", {}))),
        translit_markers=frozenset(translit.get("markers", ())),
        translit_map=pairs,
        rules=tuple(raw.get("rule", ())),
    )
