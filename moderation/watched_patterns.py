"""Watched words as patterns over folded text.

Members who want to slip a word past a filter rarely invent anything new: capitals, accents,
zero-width characters, look-alike letters from another alphabet, digits for letters, dots
between letters, a stretched vowel. The text is folded by the site's one normaliser
(:func:`crisis.normalize.fold`, shared with the crisis detector) and each watched word becomes a
pattern over that folded spelling, so one spelling in a list covers all of these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from crisis.normalize import fold

__all__ = ["fold", "watched_word_regex", "watched_words_regex"]

# Letters that folding cannot tell apart ("1" is read as "i" or "l").
_AMBIGUOUS = {"i": "[il]", "l": "[il]"}


def _word_body(word: str) -> str:
    folded = fold(word)
    parts: list[str] = []
    for run in re.finditer(r"(.)\1*", folded):
        char, length = run.group(1), len(run.group())
        if char == " ":
            parts.append(r"[\s\-]*")
            continue
        atom = _AMBIGUOUS.get(char, re.escape(char))
        if char.isalpha():
            # Folded text keeps at most two of a letter; a single letter may have been
            # stretched ("diie"), a double one must stay double ("ass" is not "as").
            parts.append(f"{atom}{{{min(length, 2)},2}}")
        else:
            parts.append(atom * length)
    return "".join(parts)


@lru_cache(maxsize=2048)
def watched_word_regex(word: str) -> re.Pattern[str]:
    """A whole-word pattern for ``word``, to run over folded text.

    Each letter may appear once or twice (folding leaves stretched letters doubled), "i" and
    "l" stand for each other (folding cannot tell which one a "1" was), and a space in a phrase
    matches any run of spaces or dashes. "Whole word" means no letter or digit right before or
    after, so "ass" does not match "class".
    """
    body = _word_body(word)
    if not body:
        raise ValueError("a watched word needs at least one letter")
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


def watched_words_regex(words: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for a whole list of watched words, or None for an empty list.

    One alternation is much cheaper than one search per word when a list is long. Longer
    words come first so that a phrase wins over a word it contains.
    """
    bodies = sorted({_word_body(w) for w in words if fold(w)}, key=len)
    if not bodies:
        return None
    alternation = "|".join(reversed(bodies))
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])")
