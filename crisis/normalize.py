"""The one text normaliser: every word list and every pattern on the site is matched after it.

Two entry points share the same steps:

- :func:`fold` turns text into the one spelling that word lists are written in (case, width,
  accents, invisible characters, look-alike letters, spaced or dotted letters, digits standing
  for letters, stretched letters). The watched-words filter uses it as it is.
- :func:`normalize` goes further for the crisis detector: it guesses the language, reads
  Russian typed in Latin letters as Cyrillic ("ya ne hochu zhit" is "я не хочу жить"), expands
  each language's slang and abbreviations ("kms", "unalive", "sh", "q", "щас"), cuts any
  stretched letter to one ("pleeease", "нееет"), drops apostrophes inside words ("don't" and
  "dont" read alike) and the Russian soft and hard signs (so native and Latin-typed Russian
  meet), and sets aside the text inside quotation marks for the rules.

The output is for matching only. It is never shown, stored or logged. All functions are pure
and use the standard library alone; the per-language word lists are data
(:mod:`crisis.lexicon`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from crisis.lexicon import LANGUAGES, language_data

__all__ = ["Normalized", "fold", "fold_marks", "fold_pattern", "guess_language", "normalize"]

# Characters that render as nothing (Unicode category Cf, plus a few "blank" letters used the
# same way). Listed explicitly rather than computed from unicodedata at import, so that import
# stays fast; tests check every one of them is invisible.
INVISIBLE = re.compile(
    "["
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164"
    "\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
    "]+"
)

# Combining marks of the Latin, Greek and Cyrillic alphabets (and the generic blocks used for
# "zalgo" text). Marks of scripts where they carry the meaning are left alone.
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)

# Quotation marks and dashes folded to ASCII so that patterns need only one spelling.
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

# Look-alike letters, applied only inside a word that mixes scripts (or a word made only of
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

# Digits and symbols standing for letters ("k1ll", "$ad", "3ачем").
_LEET_LATIN = str.maketrans(
    {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "@": "a", "$": "s", "!": "i"}
)
_LEET_CYRILLIC = str.maketrans({"0": "о", "6": "б", "@": "а", "1": "и"})
_CYRILLIC_VOWELS = frozenset("аеиоуыэюяё")
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
_SEPARATED_HINT = re.compile(r"[.\-_*\u00b7\u2022~+/]\w[.\-_*\u00b7\u2022~+/]")
_SPACED_HINT = re.compile(r" [^\W\d_] [^\W\d_] ")
_REPEAT_HINT = re.compile(r"(.)\1\1")
_PUNCT_PRESENT = re.compile(
    "[\u2018\u2019\u201a\u201b\u2032\u02bc`\u00b4\u201c-\u201f\u2033\u301d\u301e\u2010-\u2015\u2212]"
)


def fold_marks(text: str) -> str:
    """Remove the combining marks of Latin, Greek and Cyrillic letters ("é" to "e", "й" to "и").

    Kept separate because word lists and patterns written in ordinary spelling must be folded
    the same way as the text, without the case-folding or digit mapping that would break
    regular-expression syntax.
    """
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
    """Rewrite look-alike letters in words that mix alphabets into the word's own alphabet."""
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
        if not _WORD.search(token):
            return token
        if _CYRILLIC_LETTER.search(token) and not _LATIN_LETTER.search(token):
            return _read_cyrillic_digits(token).translate(_LEET_CYRILLIC)
        return _read_ones(token).translate(_LEET_LATIN)

    return _LEET_TOKEN.sub(fix, text)


def _read_cyrillic_digits(token: str) -> str:
    """Read "3" and "4" in a Cyrillic word by where they stand.

    "3" opening a word before a vowel sounds "з" ("3ачем"), elsewhere it looks like "е"
    ("с3годня"); "4" opening a word or touching a vowel sounds "ч" ("4то", "ни4его"),
    between consonants it looks like "а" ("д0ст4ло").
    """
    if "3" not in token and "4" not in token:
        return token
    chars = list(token)
    for i, char in enumerate(chars):
        if char not in "34":
            continue
        before = token[i - 1] if i else ""
        after = token[i + 1] if i + 1 < len(token) else ""
        if char == "3":
            chars[i] = "з" if not before and after in _CYRILLIC_VOWELS else "е"
        else:
            vowel_near = before in _CYRILLIC_VOWELS or after in _CYRILLIC_VOWELS
            chars[i] = "ч" if not before or vowel_near else "а"
    return "".join(chars)


def _join_run(match: re.Match[str]) -> str:
    chunk = match.group()
    if not _WORD.search(chunk):
        return chunk
    return _SEPARATORS.sub("", chunk)


def _fold_script(text: str) -> str:
    """Steps 1 to 7 of :func:`fold`: everything but digits-as-letters and stretched letters."""
    if text.isascii():
        text = text.lower()
        if "`" in text:
            text = text.replace("`", "'")
    else:
        text = unicodedata.normalize("NFKC", text).casefold()
        text = INVISIBLE.sub("", text)
        text = fold_marks(text)
        if _PUNCT_PRESENT.search(text):
            text = text.translate(_PUNCT)
        text = _resolve_homoglyphs(text)
    if _SEPARATED_HINT.search(text):
        text = _SEPARATED.sub(_join_run, text)
    if _SPACED_HINT.search(text):
        text = _SPACED.sub(lambda m: m.group().replace(" ", ""), text)
    return text


def _squeeze_spaces(text: str) -> str:
    if "\n" in text or "\r" in text:
        lines = (" ".join(line.split()) for line in text.splitlines())
        return "\n".join(line for line in lines if line)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Fold ``text`` into the one spelling that word lists are written in.

    Steps, in order, and why:

    1. NFKC: full-width, bold-math and circled letters, ligatures and non-breaking spaces
       become their plain forms.
    2. Case-folding, not lower(): it also folds "ß" and final sigma.
    3. Invisible characters (zero-width space/joiner, soft hyphen, bidi controls, variation
       selectors, tag characters) are dropped.
    4. Combining marks of Latin, Greek and Cyrillic are dropped ("é" to "e", "й" to "и").
    5. Curly quotes and dashes become ASCII.
    6. Look-alike letters in words that mix alphabets are read in the word's own alphabet.
    7. Single letters strung together with dots, dashes or spaces are joined ("k.i.l.l").
    8. Digits and symbols inside words are read as letters ("d1e", "$ad", "3ачем"); numbers,
       times and ordinals are left alone.
    9. A letter repeated three times or more is cut to two ("pleeease" to "pleease"), so that
       a watched word with a double letter still matches.
    10. Runs of whitespace become one space, or one newline where they held a line break.
    """
    if not text:
        return ""
    text = _read_leet(_fold_script(text))
    if _REPEAT_HINT.search(text):
        text = _REPEATS.sub(r"\1\1", text)
    return _squeeze_spaces(text)


# ---------------------------------------------------------------------------- the crisis reading

# Cyrillic spellings that Russian writers (and Latin-letter typing) do not keep apart.
_RU_FOLD = str.maketrans({"ь": None, "ъ": None, "э": "е", "щ": "ш", "ё": "е", "й": "и"})
# Letters people stretch ("nooo", "pleeease", "нееет"): any run of three or more becomes one,
# except letters English and Spanish really double, which become two ("killll", "sooo").
_DOUBLED = frozenset("lsfptrnmdcgbzeo")
_APOSTROPHE = re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])")
_QUOTED = re.compile(
    r"\"[^\"\n]{1,400}\"|«[^»]{0,400}»|(?<![\w'])'(?!\s)[^\n']{2,300}?(?<!\s)'(?!\w)"
)
_TOKENS = re.compile(r"[^\W_]+")
_LATIN_WORD = re.compile(r"(?<![^\W\d_])[a-z0-9']*[a-z][a-z0-9']*(?![^\W\d_])")


def fold_pattern(pattern: str) -> str:
    """Fold a rule pattern or word the way :func:`normalize` folds text (letters only).

    Case is left alone: patterns are written in lower case, and folding case would break
    escapes such as ``\\W`` or ``\\S``.
    """
    return fold_marks(pattern).translate(_RU_FOLD)


def _squeeze_repeats(match: re.Match[str]) -> str:
    letter = match.group(1)
    return letter * 2 if letter in _DOUBLED else letter


@cache
def _slang(code: str) -> tuple[re.Pattern[str], dict[str, str]] | None:
    table = {}
    for key, value in language_data(code).slang.items():
        folded = _surface(key)
        if folded:
            table[folded] = _surface(value)
    if not table:
        return None
    keys = sorted(table, key=len, reverse=True)
    alternation = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![\w/])(?:{alternation})(?![\w/])"), table


def _surface(text: str) -> str:
    """The spelling-level steps of :func:`normalize`, without slang (for the slang table)."""
    text = _fold_script(text)
    text = _read_leet(text)
    if _REPEAT_HINT.search(text):
        text = _REPEATS.sub(_squeeze_repeats, text)
    text = _APOSTROPHE.sub("", text)
    if _CYRILLIC_LETTER.search(text):
        text = text.translate(_RU_FOLD)
    return _squeeze_spaces(text)


@cache
def _stopwords(code: str) -> frozenset[str]:
    return frozenset(_APOSTROPHE.sub("", w) for w in language_data(code).stopwords)


def guess_language(text: str) -> str | None:
    """Guess "en", "es" or "ru" from folded text; None when nothing tells.

    Cyrillic letters mean Russian. Latin text is counted against each language's common
    words; Russian typed in Latin letters is recognised by its own common words ("ya", "ne",
    "hochu", "mne"), and only when they outnumber the English and Spanish ones.
    """
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    if not cyrillic and not latin:
        return None
    if cyrillic >= latin:
        return "ru"
    words = _TOKENS.findall(_APOSTROPHE.sub("", text[:2000]))
    counts = {code: sum(1 for w in words if w in _stopwords(code)) for code in ("en", "es")}
    markers = language_data("ru").translit_markers
    translit = sum(1 for w in words if w in markers)
    translit += 2 * len(_RUSSIAN_SHAPE.findall(text[:2000]))
    if translit >= 2 and translit > max(counts.values()):
        return "ru"
    if cyrillic and cyrillic * 3 >= latin:
        return "ru"
    if counts["en"] == counts["es"]:
        return None
    return "en" if counts["en"] > counts["es"] else "es"


_VOWELS = frozenset("aeiouy")
# Latin-letter words shaped like Russian: a soft sign typed as an apostrophe ("zhit'",
# "sorvalas'"), "zh"/"kh"/"shch", or a typical
# ending ("-tsya", "-ogo", "-yye").
_RUSSIAN_SHAPE = re.compile(
    r"(?<![^\W\d_])[a-z]*(?:[bcdfghklmnprstvz]'(?![a-z]{2}|[tsdlrvm])|zh|kh|shch|"
    r"(?:tsya|tsja|ogo|yye|iye|ykh|ikh|aya|oye|yj|ij)(?![a-z]))[a-z']*"
)
_TRANSLIT_DIGITS = {"4": "ч", "6": "ш", "3": "з", "0": "о"}


@cache
def _translit_table() -> tuple[tuple[str, str], ...]:
    return language_data("ru").translit_map


def _translit_word(word: str) -> str:
    """Spell one Latin-letter Russian word in Cyrillic ("zhit'" to "жить")."""
    table = _translit_table()
    out: list[str] = []
    i = 0
    n = len(word)
    while i < n:
        char = word[i]
        if char in _TRANSLIT_DIGITS:
            out.append(_TRANSLIT_DIGITS[char])
            i += 1
            continue
        if char == "y" and i > 0 and word[i - 1] in _VOWELS:
            nxt = word[i + 1] if i + 1 < n else ""
            if not nxt or nxt not in _VOWELS:
                out.append("й")
                i += 1
                continue
        for key, value in table:
            if word.startswith(key, i):
                out.append(value)
                i += len(key)
                break
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _translit(text: str) -> str:
    return _LATIN_WORD.sub(lambda m: _translit_word(m.group()), text)


@dataclass(frozen=True)
class Normalized:
    """Text read for matching: ``text`` for the scorer, ``unquoted`` for the rules.

    ``unquoted`` has the words inside quotation marks replaced by a comma: quoted words are
    someone else's, or a title, and no rule may fire on them.
    """

    text: str
    unquoted: str
    language: str | None
    translit: bool = False


EMPTY = Normalized("", "", None)


def normalize(text: str, *, language: str | None = None) -> Normalized:
    """Read ``text`` for the crisis detector (see the module docstring for the steps).

    ``language`` is a hint (the member's interface language), used when the text itself does
    not tell.
    """
    if not text or text.isspace():
        return EMPTY
    folded = _fold_script(text)
    guessed = guess_language(folded)
    translit = False
    if guessed == "ru" and _LATIN_LETTER.search(folded):
        folded = _translit(folded)
        translit = True
    folded = _read_leet(folded)
    if _REPEAT_HINT.search(folded):
        folded = _REPEATS.sub(_squeeze_repeats, folded)
    folded = _APOSTROPHE.sub("", folded)
    if _CYRILLIC_LETTER.search(folded):
        folded = folded.translate(_RU_FOLD)
    code = guessed or (language if language in LANGUAGES else None)
    for each in (code,) if code else ("en", "es"):
        slang = _slang(each)
        if slang is not None:
            regex, table = slang
            folded = regex.sub(lambda m, t=table: t[m.group()], folded)
    folded = _squeeze_spaces(folded)
    if '"' in folded or "«" in folded or "'" in folded:
        unquoted = _QUOTED.sub(" , ", folded)
    else:
        unquoted = folded
    return Normalized(folded, unquoted, code, translit)
