"""Text normalisation for matching watched words and crisis phrases.

Members who want to slip a word past a filter rarely invent anything new: they use capitals,
accents, zero-width characters, look-alike letters from another alphabet, digits for letters,
dots between letters or a stretched vowel. Everything that matches text against a word list on
this site (watched words, the crisis detector) first runs the text through
:func:`normalize_for_matching`, so that one spelling of a word in a list covers all of these.

The output is for matching only. It is never shown, stored or logged: it loses accents, case
and some punctuation on purpose.

All functions here are pure and use the standard library alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "fold_marks",
    "normalize_for_matching",
    "watched_word_regex",
    "watched_words_regex",
]

# Characters that render as nothing (Unicode category Cf, plus a few "blank" letters used the
# same way). Listed explicitly rather than computed from unicodedata at import, so that import
# stays fast; tests check every one of them is invisible.
_INVISIBLE = re.compile(
    "["
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
    "]+"
)

# Combining marks of the Latin, Greek and Cyrillic alphabets (and the generic blocks used for
# "zalgo" text). Removing them makes "súïcïdé" and "суи\u0306цид" match their plain spelling.
# Marks of scripts where they carry the meaning (Devanagari, Arabic, ...) are left alone.
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)

# Quotation marks and dashes folded to ASCII so that patterns need only one spelling.
# Guillemets stay as they are: they are unambiguous quotes already.
_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u301d": '"',
        "\u301e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)

# Look-alike letters. Only applied inside a word that mixes scripts (or a word made only of
# look-alikes in a text that is almost entirely of the other script): "kіll" with a Cyrillic
# "і" is an evasion, a Russian word in a Russian sentence is not.
_CYRILLIC_TO_LATIN = {
    "а": "a",
    "в": "b",
    "е": "e",
    "ѕ": "s",
    "і": "i",
    "ј": "j",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ԁ": "d",
    "ӏ": "l",
    "һ": "h",
    "ԛ": "q",
    "ԝ": "w",
}
_GREEK_TO_LATIN = {
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
}
_LATIN_TO_CYRILLIC = {
    "a": "а",
    "b": "в",
    "c": "с",
    "e": "е",
    "h": "н",
    "k": "к",
    "m": "м",
    "o": "о",
    "p": "р",
    "t": "т",
    "x": "х",
    "y": "у",
}
_TO_LATIN = str.maketrans({**_CYRILLIC_TO_LATIN, **_GREEK_TO_LATIN})
_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC)

_LATIN_LETTER = re.compile(r"[a-z\u00df-\u024f]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_FOREIGN_LETTER = re.compile(r"[\u0370-\u03ff\u0400-\u04ff]")
_WORD = re.compile(r"[^\W\d_]+")

# Digits and symbols standing for letters ("k1ll", "$ad", "5ui"). Latin and Cyrillic words
# get their own readings: "3" is an "e" in "d3ad" and a "з" in "3ачем".
_LEET_LATIN = str.maketrans(
    {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i"}
)
_LEET_CYRILLIC = str.maketrans({"0": "о", "3": "з", "4": "ч", "6": "б", "@": "а"})
_LEET_TOKEN = re.compile(r"[\w@$]+(?:[!|][\w@$]+)*")
_LEET_ANY = re.compile(r"[0-9@$!|]")
_LEET_CHAR = re.compile(r"[^\W\d_][0-9@$]|[0-9@$!|][^\W\d_]")
# Tokens where digits are just digits: ordinals, times, units, ages ("3rd", "4am", "20mg").
_NUMERIC_TOKEN = re.compile(
    r"\d+(?:[.,]\d+)?(?:st|nd|rd|th|am|pm|h|hr|hrs|min|mins|s|k|m|km|kg|mg|ml|yo|y|yr|yrs|x|"
    r"ч|м|г|к|лет|го|й|я|е|ом)?"
)
_ONES = re.compile(r"[1|]+")

# Single letters joined by dots, dashes, stars...: "s.u.i.c.i.d.e", "k-i-l-l", "d*e*a*d".
_SEPARATED = re.compile(r"(?<![\w@$])(?:[\w@$][.\-_*\u00b7\u2022~+/]){2,}[\w@$](?![\w@$])")
_SEPARATORS = re.compile(r"[.\-_*\u00b7\u2022~+/]")
# Four or more single letters separated by single spaces: "k i l l m y s e l f".
_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){3,}[^\W\d_](?!\S)")

_REPEATS = re.compile(r"([^\W\d_])\1{2,}")
# Cheap first checks: most text has nothing for the costlier patterns above to do.
_SEPARATED_HINT = re.compile(r"[.\-_*\u00b7\u2022~+/]\w[.\-_*\u00b7\u2022~+/]")
_SPACED_HINT = re.compile(r" [^\W\d_] [^\W\d_] ")
_REPEAT_HINT = re.compile(r"(.)\1\1")
_PUNCT_PRESENT = re.compile(
    "[\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4\u201c-\u201f\u2033\u301d\u301e\u2010-\u2015\u2212]"
)


def fold_marks(text: str) -> str:
    """Remove the combining marks of Latin, Greek and Cyrillic letters.

    Kept separate from :func:`normalize_for_matching` because word lists written in ordinary
    spelling ("suicidarme", "самоубийство") must be folded the same way before they can be
    compared with normalised text, and regular expressions must not go through case-folding
    or the digit mapping.
    """
    # The two letters of Russian that carry a mark are by far the most common case; handling
    # them first lets most Russian text skip full decomposition.
    if "й" in text:
        text = text.replace("й", "и")
    if "ё" in text:
        text = text.replace("ё", "е")
    if unicodedata.is_normalized("NFD", text) and not _MARKS.search(text):
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if not _MARKS.search(decomposed):
        return text
    return unicodedata.normalize("NFC", _MARKS.sub("", decomposed))


def _dominant_script(text: str) -> str | None:
    latin = len(_LATIN_LETTER.findall(text))
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    total = latin + cyrillic
    if not total:
        return None
    if latin >= 0.8 * total:
        return "latin"
    if cyrillic >= 0.8 * total:
        return "cyrillic"
    return None


def _resolve_homoglyphs(text: str) -> str:
    """Rewrite look-alike letters in words that mix alphabets into the word's own alphabet.

    A word's alphabet is decided by its letters that have no look-alike ("ч", "l", "ы"); when
    none decides, by the alphabet that dominates the whole text.
    """
    if not _FOREIGN_LETTER.search(text) or not _LATIN_LETTER.search(text):
        return text
    dominant = _dominant_script(text)

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        has_latin = bool(_LATIN_LETTER.search(word))
        has_foreign = bool(_FOREIGN_LETTER.search(word))
        if has_latin and has_foreign:
            latin_only = sum(
                1 for c in word if _LATIN_LETTER.match(c) and c not in _LATIN_TO_CYRILLIC
            )
            foreign_only = sum(
                1
                for c in word
                if _FOREIGN_LETTER.match(c)
                and c not in _CYRILLIC_TO_LATIN
                and c not in _GREEK_TO_LATIN
            )
            if latin_only > foreign_only:
                return word.translate(_TO_LATIN)
            if foreign_only > latin_only:
                if _CYRILLIC_LETTER.search(word):
                    return word.translate(_TO_CYRILLIC)
                return word.translate(_TO_LATIN)
            if dominant == "cyrillic":
                return word.translate(_TO_CYRILLIC)
            return word.translate(_TO_LATIN)
        if has_foreign and dominant == "latin":
            mapped = word.translate(_TO_LATIN)
            if not _FOREIGN_LETTER.search(mapped):
                return mapped
        elif has_latin and dominant == "cyrillic":
            mapped = word.translate(_TO_CYRILLIC)
            if not _LATIN_LETTER.search(mapped):
                return mapped
        return word

    return _WORD.sub(fix, text)


def _read_ones(token: str) -> str:
    """Read "1" and "|" as "i" or "l": "k1ll", "ki11", "1ive", "a11"."""

    def one(match: re.Match[str]) -> str:
        run = match.group()
        start, end = match.span()
        if len(run) > 1:
            return "l" * len(run)
        before = token[start - 1] if start else ""
        after = token[end] if end < len(token) else ""
        if before == "i" or (not before and after in "aeiouy"):
            return "l"
        return "i"

    return _ONES.sub(one, token)


def _read_leet(text: str) -> str:
    """Read digits and symbols inside words as the letters they stand for."""
    if not _LEET_ANY.search(text) or not _LEET_CHAR.search(text):
        return text

    def fix(match: re.Match[str]) -> str:
        token = match.group()
        if not _LEET_CHAR.search(token) or _NUMERIC_TOKEN.fullmatch(token):
            return token
        letters = _WORD.findall(token)
        if not letters:
            return token
        if _CYRILLIC_LETTER.search(token) and not _LATIN_LETTER.search(token):
            return token.translate(_LEET_CYRILLIC)
        return _read_ones(token).translate(_LEET_LATIN)

    return _LEET_TOKEN.sub(fix, text)


def _join_run(match: re.Match[str]) -> str:
    chunk = match.group()
    if not _WORD.search(chunk):
        return chunk
    return _SEPARATORS.sub("", chunk)


def normalize_for_matching(text: str) -> str:
    """Fold ``text`` into the one spelling that word lists and crisis patterns are written in.

    Steps, in order, and why:

    1. NFKC: full-width, bold-math and circled letters, ligatures and non-breaking spaces
       become their plain forms.
    2. Case-folding, not lower(): it also folds "ß" and final sigma.
    3. Invisible characters (zero-width space/joiner, soft hyphen, bidi controls, variation
       selectors, tag characters) are dropped: they split a word for a matcher but not for
       a reader.
    4. Combining marks of Latin, Greek and Cyrillic are dropped ("é" to "e", "й" to "и",
       "ё" to "е"), which also removes "zalgo" stacks.
    5. Curly quotes and dashes become ASCII.
    6. Look-alike letters in words that mix alphabets are read in the word's own alphabet.
    7. Single letters strung together with dots, dashes or spaces are joined ("k.i.l.l").
    8. Digits and symbols inside words are read as letters ("d1e", "$ad", "3ачем"); numbers,
       times and ordinals are left alone.
    9. A letter repeated three times or more is cut to two ("pleeease" to "pleease"): two,
       not one, so that "kill" and "need" survive.
    10. Runs of whitespace become one space, or one newline where they held a line break
        (line breaks still end sentences for the crisis detector).

    Plain ASCII text, most chat, skips the Unicode steps; every other step first checks
    cheaply whether it has anything to do, because chat runs every message through here.
    """
    if not text:
        return ""
    if text.isascii():
        text = text.lower()
        if "`" in text:
            text = text.replace("`", "'")
    else:
        text = unicodedata.normalize("NFKC", text).casefold()
        text = _INVISIBLE.sub("", text)
        text = fold_marks(text)
        if _PUNCT_PRESENT.search(text):
            text = text.translate(_PUNCT)
        text = _resolve_homoglyphs(text)
    if _SEPARATED_HINT.search(text):
        text = _SEPARATED.sub(_join_run, text)
    if _SPACED_HINT.search(text):
        text = _SPACED.sub(lambda m: m.group().replace(" ", ""), text)
    text = _read_leet(text)
    if _REPEAT_HINT.search(text):
        text = _REPEATS.sub(r"\1\1", text)
    if "\n" in text or "\r" in text:
        lines = (" ".join(line.split()) for line in text.splitlines())
        return "\n".join(line for line in lines if line)
    return " ".join(text.split())


# Letters that normalisation cannot tell apart ("1" is read as "i" or "l").
_AMBIGUOUS = {"i": "[il]", "l": "[il]"}


def _word_body(word: str) -> str:
    normalized = normalize_for_matching(word)
    parts: list[str] = []
    for run in re.finditer(r"(.)\1*", normalized):
        char, length = run.group(1), len(run.group())
        if char == " ":
            parts.append(r"[\s\-]*")
            continue
        atom = _AMBIGUOUS.get(char, re.escape(char))
        if char.isalpha():
            # Normalised text keeps at most two of a letter; a single letter may have been
            # stretched ("diie"), a double one must stay double ("ass" is not "as").
            parts.append(f"{atom}{{{min(length, 2)},2}}")
        else:
            parts.append(atom * length)
    return "".join(parts)


@lru_cache(maxsize=2048)
def watched_word_regex(word: str) -> re.Pattern[str]:
    """Compile a whole-word pattern for ``word`` to run over normalised text.

    The word is normalised the same way as the text, each letter may appear once or twice
    (normalisation leaves stretched letters doubled), "i" and "l" stand for each other
    (normalisation cannot tell which one a "1" was), and a space in a phrase matches any run
    of spaces or dashes. "Whole word" means no letter or digit right before or after, so
    "ass" does not match "class".
    """
    body = _word_body(word)
    if not body:
        raise ValueError("a watched word needs at least one letter")
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


def watched_words_regex(words: Iterable[str]) -> re.Pattern[str] | None:
    """Compile one pattern for a whole list of watched words, or None for an empty list.

    One alternation is much cheaper than one search per word when a list is long. Longer
    words come first so that a phrase wins over a word it contains.
    """
    bodies = sorted({_word_body(w) for w in words if normalize_for_matching(w)}, key=len)
    if not bodies:
        return None
    alternation = "|".join(reversed(bodies))
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])")
