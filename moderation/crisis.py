"""The crisis detector (interim lexicon; the full detector replaces this module, same API)."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CrisisAssessment:
    is_crisis: bool
    language: str | None
    categories: tuple[str, ...]


_PATTERNS = [
    ("en", "suicidal_ideation", r"\b(kill myself|end my life|want to die|suicide)\b"),
    ("es", "suicidal_ideation", r"\b(quiero morir|matarme|suicidarme)\b"),
    ("ru", "suicidal_ideation", r"(хочу умереть|покончить с собой|убить себя)"),
]
_COMPILED = [(lang, cat, re.compile(p, re.IGNORECASE)) for lang, cat, p in _PATTERNS]


def assess(text: str) -> CrisisAssessment:
    for lang, category, pattern in _COMPILED:
        if pattern.search(text or ""):
            return CrisisAssessment(True, lang, (category,))
    return CrisisAssessment(False, None, ())


def reads_as_crisis(text: str) -> bool:
    return assess(text).is_crisis
