"""Turn a plain-text article (as scraped from the web) into the parts of a guide page.

Pure functions, no database: ``read_article_file`` reads and checks a file, ``parse_article``
turns its text into a :class:`ParsedArticle`. Saving is the job of ``content.services``.

What the parser understands:

* site chrome is dropped: a logo line, the site's name, navigation words ("Contact Us",
  "Search", "Menu"…), copyright lines, and language-switcher lists ("RU EN ES",
  "enIT FR DE …"), on their own line or trailing the heading;
* the first ALL-CAPS line is the title, put into sentence case;
* "Step One: …" lines become numbered steps holding the paragraphs that follow;
* a short line ending in "?" becomes a question and answer with the paragraphs after it
  (or a heading when a longer section follows);
* "Tip: …" paragraphs become tips; a "#tag#tag" line becomes the tags.
"""

import hashlib
import html
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

WORDS_PER_MINUTE = 200
MAX_TITLE_LENGTH = 255
MAX_SUMMARY_LENGTH = 300
MAX_FILE_BYTES = 2_000_000

#: Whole lines that are navigation or branding, compared case-insensitively without punctuation.
CHROME_LINES = {
    "logo",
    "zeroopposite",
    "zero opposite",
    "contact",
    "contact us",
    "search",
    "menu",
    "home",
    "about",
    "about us",
    "blog",
    "navigation",
    "skip to content",
    "skip to main content",
    "privacy policy",
    "terms of use",
    "terms and conditions",
    "cookie policy",
    "share",
    "share this",
    "share this article",
    "subscribe",
    "sign in",
    "log in",
    "login",
    "sign up",
    "register",
    "read more",
    "back to top",
    "all rights reserved",
}
CHROME_PATTERNS = [
    re.compile(r"^(©|\(c\)|copyright\b)", re.IGNORECASE),
    re.compile(r"^all rights reserved\b", re.IGNORECASE),
]

#: Codes seen in language switchers. Only a run of two or more counts as a switcher.
LANGUAGE_CODES = {
    "AR", "BG", "BN", "CN", "CS", "CZ", "DA", "DE", "EL", "EN", "ES", "ET", "FA", "FI", "FR",
    "HE", "HI", "HR", "HU", "ID", "IT", "JA", "JP", "KO", "KR", "LT", "LV", "MS", "NL", "NO",
    "PL", "PT", "RO", "RU", "SK", "SL", "SR", "SV", "TH", "TR", "UA", "UK", "UR", "VI", "ZH",
}  # fmt: skip
_SWITCHER_TOKEN = re.compile(r"^(?:[a-z]{2})?([A-Z]{2})$")
_SWITCHER_SEPARATORS = re.compile(r"[|/·•,]+")

#: Words kept in capitals when a heading is put into sentence case.
ACRONYMS = {"PTSD", "HIV", "STI", "STIS", "LGBT", "LGBTQ", "LGBTQ+", "EMDR", "CBT", "UK", "US"}

NUMBER_WORDS = {
    # English
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    # Spanish
    "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "primero": 1, "segundo": 2, "tercero": 3, "cuarto": 4,
    "quinto": 5, "sexto": 6, "séptimo": 7, "octavo": 8, "noveno": 9, "décimo": 10,
    # Russian
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "десять": 10, "первый": 1, "второй": 2, "третий": 3,
    "четвёртый": 4, "четвертый": 4, "пятый": 5, "шестой": 6, "седьмой": 7, "восьмой": 8,
    "девятый": 9, "десятый": 10,
}  # fmt: skip
_STEP = re.compile(
    r"^(?:(?:step|paso|шаг)\s+(?P<word>[^\W\d_]+|\d+)|(?P<num>\d{1,2})[.)])"
    r"\s*[:.\-–—)]?\s+(?P<heading>\S.*)$",
    re.IGNORECASE,
)
_TIP = re.compile(
    r"^(?P<label>tip|note|remember|consejo|nota|recuerda|совет|заметка|помните)\s*[:\-–—]\s*"
    r"(?P<text>\S.*)$",
    re.IGNORECASE,
)
_TAGS = re.compile(r"^#[^\s#]")
_CONCLUSION = re.compile(
    r"^(in conclusion|to conclude|in summary|to sum up|in short|overall|finally|"
    r"en conclusión|en resumen|para concluir|en definitiva|en pocas palabras|"
    r"в заключение|подводя итог|итак|в итоге)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…:;\"'”»)]$")
_QA_MAX_ANSWER_PARAGRAPHS = 2


class ArticleFileError(Exception):
    """A file that cannot become an article; the message says why, for the editor."""


@dataclass
class ParsedArticle:
    title: str
    slug: str
    summary: str
    tags: list[str]
    blocks: list[tuple[str, object]]
    reading_time: int
    source_hash: str
    source_name: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def step_count(self) -> int:
        return sum(1 for block_type, _value in self.blocks if block_type == "step")

    def block_texts(self) -> list[str]:
        """Every piece of text in the blocks, as plain text (for checks and previews)."""
        texts: list[str] = []
        for _block_type, value in self.blocks:
            values = value.values() if isinstance(value, dict) else [value]
            texts.extend(_strip_html(str(v)) for v in values)
        return texts


def read_article_file(path: str | Path) -> str:
    """The file's text, or :class:`ArticleFileError` for unreadable, binary or empty files."""
    path = Path(path)
    try:
        if path.is_dir():
            raise ArticleFileError(f"{path}: is a folder, not a text file.")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ArticleFileError(f"{path}: larger than {MAX_FILE_BYTES // 1_000_000} MB.")
        raw = path.read_bytes()
    except ArticleFileError:
        raise
    except OSError as error:
        reason = error.strerror or error.__class__.__name__
        raise ArticleFileError(f"{path}: cannot be read ({reason}).") from error
    return decode_article_bytes(raw, name=str(path))


def decode_article_bytes(raw: bytes, *, name: str = "the file") -> str:
    if b"\x00" in raw:
        raise ArticleFileError(f"{name}: looks like a binary file, not plain text.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleFileError(f"{name}: is not UTF-8 text ({error.reason}).") from error
    control = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if control > max(3, len(text) // 100):
        raise ArticleFileError(f"{name}: looks like a binary file, not plain text.")
    if not text.strip():
        raise ArticleFileError(f"{name}: is empty.")
    return text


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_article(text: str, *, source_name: str = "") -> ParsedArticle:
    """Parse ``text``; raises :class:`ArticleFileError` when nothing readable is left."""
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_clean_line(line) for line in normalised.split("\n")]
    title = ""
    tags: list[str] = []
    content_lines: list[str] = []
    for line in lines:
        if not line:
            content_lines.append("")
            continue
        if is_chrome(line):
            continue
        if _TAGS.match(line):
            tags.extend(parse_tags(line))
            continue
        if not title and is_heading(line):
            title = sentence_case(strip_language_switcher(line))
            continue
        if is_heading(line) and not _STEP.match(line):
            # A later ALL-CAPS line is a section heading.
            content_lines.append("")
            content_lines.append("\x01" + sentence_case(strip_language_switcher(line)))
            content_lines.append("")
            continue
        content_lines.append(line)

    paragraphs = _paragraphs(content_lines)
    if not paragraphs and not title:
        raise ArticleFileError(f"{source_name or 'the file'}: has no article text.")
    warnings: list[str] = []
    if not title:
        title = _fallback_title(paragraphs)
        warnings.append("no heading line; the title was taken from the text")
    if not paragraphs:
        raise ArticleFileError(f"{source_name or 'the file'}: has a title but no article text.")

    blocks = _blocks(paragraphs)
    summary = _summary(blocks)
    words = len(" ".join([title, *_plain_texts(blocks)]).split())
    return ParsedArticle(
        title=title[:MAX_TITLE_LENGTH],
        slug=make_slug(title),
        summary=summary,
        tags=_unique(tags),
        blocks=blocks,
        reading_time=max(1, math.ceil(words / WORDS_PER_MINUTE)),
        source_hash=source_hash(text),
        source_name=source_name,
        warnings=warnings,
    )


# --- lines ---------------------------------------------------------------------------------


def _clean_line(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\u00a0", " ").replace("\ufeff", "")
    return re.sub(r"[ \t]+", " ", line).strip()


def is_chrome(line: str) -> bool:
    bare = re.sub(r"[^\w\s+]", "", line, flags=re.UNICODE).strip().lower()
    if bare in CHROME_LINES:
        return True
    if any(pattern.match(line) for pattern in CHROME_PATTERNS):
        return True
    return is_language_switcher(line)


def _switcher_tokens(line: str) -> list[str]:
    return _SWITCHER_SEPARATORS.sub(" ", line).split()


def _is_code(token: str) -> bool:
    match = _SWITCHER_TOKEN.match(token)
    return bool(match and match.group(1) in LANGUAGE_CODES)


def is_language_switcher(line: str) -> bool:
    tokens = _switcher_tokens(line)
    return len(tokens) >= 2 and all(_is_code(token) for token in tokens)


def strip_language_switcher(line: str) -> str:
    """Drop a trailing run of two or more language codes ("… RU EN ES")."""
    tokens = line.split()
    cut = len(tokens)
    while cut > 0 and _is_code(_SWITCHER_SEPARATORS.sub("", tokens[cut - 1]) or "|"):
        cut -= 1
    if len(tokens) - cut >= 2 and cut > 0:
        tokens = tokens[:cut]
    return " ".join(tokens).rstrip(" |/·•,")


def is_heading(line: str) -> bool:
    """An ALL-CAPS line of a sensible length that does not read as a sentence."""
    core = strip_language_switcher(line)
    letters = [ch for ch in core if ch.isalpha()]
    if len(letters) < 4 or len(core) > 200:
        return False
    upper = sum(1 for ch in letters if ch.isupper())
    return upper / len(letters) >= 0.85 and not core.endswith(".")


def sentence_case(heading: str) -> str:
    """ "REBUILDING TRUST: A GUIDE" → "Rebuilding trust: a guide"; acronyms stay in capitals.

    Only the first word and the word after a full stop, "?" or "!" are capitalised, which
    reads calmly and suits Spanish and Russian as well as English.
    """
    words = heading.split()
    result: list[str] = []
    capitalise_next = True
    for word in words:
        bare = re.sub(r"[^\w+]", "", word)
        if bare.upper() in ACRONYMS and bare.isupper():
            result.append(word)
        elif bare.upper() == "I":
            result.append(word.upper() if len(word) == 1 else word.lower())
        else:
            lower = word.lower()
            result.append(_capitalise_first(lower) if capitalise_next else lower)
        capitalise_next = word.endswith((".", "?", "!"))
    return " ".join(result)


def _capitalise_first(word: str) -> str:
    for index, ch in enumerate(word):
        if ch.isalpha():
            return word[:index] + ch.upper() + word[index + 1 :]
    return word


def parse_tags(line: str) -> list[str]:
    tags = []
    for raw in re.split(r"[#\s,]+", line):
        tag = raw.strip().lower()
        if tag and len(tag) <= 100:
            tags.append(tag)
    return tags


def make_slug(title: str, max_length: int = 80) -> str:
    slug = slugify(title, allow_unicode=True) or "guide"
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug


# --- paragraphs and blocks -----------------------------------------------------------------


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines into paragraphs: blank lines separate; a line ending mid-sentence continues."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if line.startswith("\x01"):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            paragraphs.append(line)
            continue
        starts_block = bool(_STEP.match(line) or _TIP.match(line))
        if current and (starts_block or _SENTENCE_END.search(current[-1]) or _is_question(line)):
            paragraphs.append(" ".join(current))
            current = []
        current.append(line)
        if _is_question(line) or _STEP.match(line):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _is_question(text: str) -> bool:
    return text.endswith("?") and len(text) <= 250 and text.count(". ") == 0


def _step_match(text: str):
    match = _STEP.match(text)
    if not match or len(text) > 200:
        return None
    word = match.group("word")
    if word and not (word.isdigit() or word.lower() in NUMBER_WORDS):
        return None
    return match


def _is_structural(text: str) -> bool:
    return bool(text.startswith("\x01") or _step_match(text) or _is_question(text))


def _p(text: str) -> str:
    return f"<p>{html.escape(text, quote=False)}</p>"


def _blocks(paragraphs: list[str]) -> list[tuple[str, object]]:
    blocks: list[tuple[str, object]] = []
    index = 0
    while index < len(paragraphs):
        text = paragraphs[index]
        index += 1
        if text.startswith("\x01"):
            blocks.append(("heading", text[1:]))
            continue
        step = _step_match(text)
        if step:
            body: list[str] = []
            while (
                index < len(paragraphs)
                and not _is_structural(paragraphs[index])
                and not (body and _CONCLUSION.match(paragraphs[index]))
                and not _TIP.match(paragraphs[index])
            ):
                body.append(paragraphs[index])
                index += 1
            heading = step.group("heading").strip().rstrip(".:")
            blocks.append(("step", {"heading": heading, "body": "".join(map(_p, body))}))
            continue
        if _is_question(text):
            answer: list[str] = []
            probe = index
            while probe < len(paragraphs) and not _is_structural(paragraphs[probe]):
                answer.append(paragraphs[probe])
                probe += 1
            if answer and len(answer) <= _QA_MAX_ANSWER_PARAGRAPHS:
                blocks.append(
                    ("question_answer", {"question": text, "answer": "".join(map(_p, answer))})
                )
                index = probe
            else:
                blocks.append(("heading", text))
            continue
        tip = _TIP.match(text)
        if tip:
            label = tip.group("label").lower()
            kind = "tip" if label in {"tip", "consejo", "совет"} else "note"
            blocks.append(("callout", {"kind": kind, "title": "", "text": _p(tip.group("text"))}))
            continue
        blocks.append(("paragraph", _p(text)))
    return blocks


def _strip_html(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", value)).strip()


def _plain_texts(blocks: list[tuple[str, object]]) -> list[str]:
    texts = []
    for _block_type, value in blocks:
        values = value.values() if isinstance(value, dict) else [value]
        texts.extend(_strip_html(str(v)) for v in values)
    return texts


def _summary(blocks: list[tuple[str, object]]) -> str:
    first = next((_strip_html(v) for t, v in blocks if t == "paragraph"), "")
    if not first:
        first = " ".join(_plain_texts(blocks[:1]))
    if len(first) <= MAX_SUMMARY_LENGTH:
        return first
    sentences = re.split(r"(?<=[.!?])\s+", first)
    summary = ""
    for sentence in sentences:
        if len(summary) + len(sentence) + 1 > MAX_SUMMARY_LENGTH:
            break
        summary = f"{summary} {sentence}".strip()
    return summary or first[: MAX_SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def _fallback_title(paragraphs: list[str]) -> str:
    """Without a heading: the first question the text asks, else its first sentence."""
    for text in paragraphs:
        if _is_question(text) and not text.startswith("\x01"):
            return text
    first = paragraphs[0].lstrip("\x01") if paragraphs else "Untitled guide"
    sentence = re.split(r"(?<=[.!?])\s+", first)[0]
    return sentence[:MAX_TITLE_LENGTH]


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
