"""Text normalisation for matching watched words (minimal version).

The fuller normaliser (look-alike letters across alphabets, separated letters, stretched
vowels) replaces this module with the same functions. The output is for matching only: it
is never shown, stored or logged.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_for_matching", "watched_word_regex"]

_INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
# A digit or symbol counts as a letter only inside a word: "2024" and "10:30" stay numbers.
_LEET_TOKEN = re.compile(r"[\w@$]*[^\W\d_][\w@$]*|[\w@$]*[@$][\w@$]*")
_SPACES = re.compile(r"\s+")


def normalize_for_matching(text: str) -> str:
    """NFKC, case-fold, drop invisible characters, read digits and symbols in words as letters."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _INVISIBLE.sub("", text)
    text = _LEET_TOKEN.sub(lambda match: match.group().translate(_LEET), text)
    return _SPACES.sub(" ", text).strip()


def watched_word_regex(word: str) -> re.Pattern[str]:
    """A whole-word pattern for ``word`` over normalised text: no letter or digit either side."""
    normalized = normalize_for_matching(word)
    if not re.search(r"[^\W_]", normalized):
        raise ValueError("a watched word needs at least one letter")
    body = r"[\s\-]*".join(re.escape(part) for part in normalized.split(" "))
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")
