"""The one place where text written by members becomes HTML.

Everything a member writes (posts, chat messages, report notes, anything shown back to other
members) goes through :func:`render_markdown`, :func:`render_plain` or, for HTML that already
exists, :func:`clean_user_html`. This is the only module in the project that imports bleach, so
the allowlist below is the whole truth about what member-written markup can do on our pages.

Why these choices:

* **bleach** is the final gate for every path. It parses with html5lib (the HTML5 parsing
  algorithm browsers use), so what it keeps is what a browser would build, and it re-checks URL
  schemes after decoding entities and dropping whitespace and control characters.
* **markdown-it-py** turns Markdown into HTML rather than Python-Markdown, because it follows the
  CommonMark spec (quotes, lists and emphasis behave as members expect from other sites), it is
  actively maintained by the Executable Books project, and raw HTML is switched off by one option
  (``html=False``) that makes every ``<tag>`` in the source come out as visible text. In
  Python-Markdown there is no such option since ``safe_mode`` was removed in 3.0; one has to
  deregister internal processors by name and hope no extension brings them back. markdown-it-py
  also rejects ``javascript:``, ``vbscript:``, ``file:`` and ``data:`` link targets itself, which
  is a second layer under bleach, not a replacement for it.
* No images at all: a member's picture from elsewhere would tell a third-party server who is
  reading a support group, and when. Markdown images become plain links the reader may choose
  to follow.
* Every link carries ``rel="nofollow ugc noopener"`` and only ``href`` and ``title``.

All three functions accept any ``str`` (NUL, control characters, lone surrogates, huge inputs)
without raising; maximum lengths are enforced by the callers. bleach's ``Cleaner`` is not
thread-safe (its html5lib parser keeps state), and Channels runs synchronous code in a thread
pool, so each thread gets its own cleaner and Markdown parser.
"""

from __future__ import annotations

import html as html_lib
import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import bleach
from bleach.linkifier import LinkifyFilter, build_url_re
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_PROTOCOLS",
    "ALLOWED_TAGS",
    "LINK_REL",
    "clean_user_html",
    "render_markdown",
    "render_plain",
]

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a",
        "blockquote",
        "br",
        "code",
        "del",
        "em",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "strong",
        "ul",
    }
)
"""Elements a member's text may produce. h1 and h2 belong to the page itself, so Markdown
headings are shifted down to h3-h6 before sanitizing."""

ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    # A numbered list that starts at 3 ("3. ...") keeps its numbers when quoted.
    "ol": frozenset({"start"}),
}
"""Attributes kept on each element; ``rel`` on links is added by us, never taken from input."""

ALLOWED_PROTOCOLS: frozenset[str] = frozenset({"http", "https", "mailto"})
"""URL schemes allowed in ``href``. Relative URLs (no scheme) are allowed too."""

LINK_REL = "nofollow ugc noopener"
"""Set on every link: no search-engine credit, marked as user content, no window.opener."""

# Bare URLs are only turned into links for the web schemes. bleach's default regex accepts
# html5lib's long protocol list (including ``data``), which we do not want to create links for.
_LINKIFY_URL_RE = build_url_re(protocols=["http", "https"])

# Characters no member needs and that parsers treat inconsistently. NUL, surrogates that do not
# form a pair (only possible in a Python str, not in UTF-8 text) and Unicode noncharacters become
# U+FFFD REPLACEMENT CHARACTER; other C0/C1 control characters except tab, LF and CR are dropped.
_NONCHARACTERS = "".join(
    [chr(c) for c in range(0xFDD0, 0xFDF0)]
    + [chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)]
)
_REPLACE_RE = re.compile("[\x00\ud800-\udfff" + re.escape(_NONCHARACTERS) + "]")
_DROP_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NEWLINE_RE = re.compile("\r\n?")

# A URL's scheme, once characters that browsers drop or that only look like ASCII are gone.
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp"})
# WHATWG "forbidden domain code points" (after urlsplit removed userinfo and port).
_FORBIDDEN_HOST_RE = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")


def _normalize(text: str) -> str:
    """Return ``text`` with characters that could confuse a parser replaced or removed."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    text = _REPLACE_RE.sub("\ufffd", text)
    text = _DROP_RE.sub("", text)
    return _NEWLINE_RE.sub("\n", text)


def _unescape_fully(value: str, rounds: int = 5) -> str:
    """Decode HTML character references until nothing changes (bounded)."""
    for _ in range(rounds):
        decoded = html_lib.unescape(value)
        if decoded == value:
            break
        value = decoded
    return value


def _has_valid_host(url: str) -> bool:
    """True when an http(s) URL has a host and port that the WHATWG URL parser would accept."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return False
    host = parts.hostname or ""
    if parts.netloc.rsplit("@", 1)[-1].startswith("["):
        return bool(host) and all(ch in "0123456789abcdef:." for ch in host)
    return bool(host) and not _FORBIDDEN_HOST_RE.search(host)


def _url_is_allowed(url: str) -> bool:
    """True when ``url`` is relative or uses one of :data:`ALLOWED_PROTOCOLS`.

    Deliberately stricter than browsers (and than bleach's own check): entities are decoded
    until none are left (so a later double decode cannot create a scheme); whitespace, control,
    zero-width and bidi characters are removed; compatibility forms (fullwidth letters) are
    folded; http(s) needs ``//`` and a valid host; and a colon before the first ``/``, ``?`` or
    ``#`` that does not follow a valid scheme name is refused instead of being read as a
    relative path.
    """
    value = "".join(
        ch
        for ch in _unescape_fully(url)
        if not (ch.isspace() or unicodedata.category(ch) in _INVISIBLE_CATEGORIES)
    )
    value = unicodedata.normalize("NFKC", value).lower()
    match = _SCHEME_RE.match(value)
    if match:
        scheme = match.group(1)
        if scheme in ("http", "https"):
            # "https:javascript:...", "http://" and other host-less or broken forms: never what a
            # member meant, and browsers would not load them either.
            return value.startswith(f"{scheme}://") and _has_valid_host(value)
        return scheme in ALLOWED_PROTOCOLS
    head = re.split(r"[/?#]", value, maxsplit=1)[0]
    return ":" not in head


def _link_attributes(attrs: dict[Any, str], new: bool = False) -> dict[Any, str] | None:
    """bleach linkify callback for every link, existing or newly found.

    Keeps only ``href`` and ``title``, sets ``rel``, and drops the link (leaving its text) when
    it has no ``href`` or points at a scheme we do not allow. The sanitizer has already checked
    existing links; this check also covers links that linkify creates after sanitizing.
    """
    href = attrs.get((None, "href"))
    if not href or not _url_is_allowed(href):
        return None
    kept: dict[Any, str] = {(None, "href"): href, "_text": attrs.get("_text", "")}
    title = attrs.get((None, "title"))
    if title:
        kept[(None, "title")] = title
    kept[(None, "rel")] = LINK_REL
    return kept


def _build_cleaner(*, linkify: bool = True) -> bleach.Cleaner:
    """A bleach Cleaner with the site's allowlist; ``linkify=False`` exists for the nh3 oracle."""
    filters = []
    if linkify:
        filters.append(
            partial(
                LinkifyFilter,
                callbacks=[_link_attributes],
                skip_tags={"pre", "code"},
                parse_email=False,
                url_re=_LINKIFY_URL_RE,
            )
        )
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes={tag: list(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=filters,
    )


# --- Markdown -----------------------------------------------------------------------------

_HEADING_SHIFT = {"h1": "h3", "h2": "h4", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}


def _adjust_tokens(state: StateCore) -> None:
    """Shift headings below the page's own and spell strikethrough as ``<del>``."""
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = _HEADING_SHIFT.get(token.tag, token.tag)
        for child in token.children or ():
            if child.type in ("s_open", "s_close"):
                child.tag = "del"


def _render_image_as_link(
    self: Any, tokens: Sequence[Any], idx: int, options: Any, env: Any
) -> str:
    """Render ``![alt](url)`` as a link labelled with the alt text: we never embed images."""
    token = tokens[idx]
    src = token.attrGet("src") or ""
    label = self.renderInlineAsText(token.children or [], options, env) or src
    return f'<a href="{html_lib.escape(str(src))}">{html_lib.escape(label, quote=False)}</a>'


def _build_markdown() -> MarkdownIt:
    md = MarkdownIt(
        "commonmark",
        {"html": False, "breaks": True, "linkify": False, "typographer": False},
    )
    # html=False only sets the option; disable the rules too so no raw HTML path exists.
    md.disable(["html_block", "html_inline"])
    md.enable("strikethrough")
    md.core.ruler.push("community_adjust", _adjust_tokens)
    md.add_render_rule("image", _render_image_as_link)
    return md


class _PerThread(threading.local):
    """One cleaner and one Markdown parser per thread (bleach's Cleaner is not thread-safe)."""

    def __init__(self) -> None:
        self.cleaner = _build_cleaner()
        self.markdown = _build_markdown()


_local = _PerThread()


def _markdown_to_html(text: str) -> str:
    """Markdown to unsanitized HTML; only for :func:`render_markdown` and the sanitizer tests."""
    return _local.markdown.render(_normalize(text))


def _plain_to_html(text: str) -> str:
    """Plain text to unsanitized HTML; only for :func:`render_plain` and the sanitizer tests."""
    lines = _normalize(text).strip().split("\n")
    return "<br>\n".join(html_lib.escape(line, quote=False) for line in lines)


def clean_user_html(html: str) -> str:
    """Sanitize HTML written (or produced from text written) by a member.

    Tags outside :data:`ALLOWED_TAGS` are removed and their text kept; comments are removed;
    attributes outside :data:`ALLOWED_ATTRIBUTES` and URLs outside :data:`ALLOWED_PROTOCOLS` are
    dropped; bare ``http(s)`` URLs and domain names become links; every link gets ``rel``.

    html5lib's cost grows with the square of tag nesting depth (4,000 nested ``<ul><li>``, 32 KB,
    take about 2 s), so callers that pass raw member HTML here must cap its length (10 KB is
    ample). Text that goes through :func:`render_markdown` or :func:`render_plain` cannot nest
    deeply: its raw HTML is escaped before it gets here.
    """
    return _local.cleaner.clean(_normalize(html))


def render_markdown(text: str) -> str:
    """Render a forum post's Markdown (quotes, lists, emphasis, code, links, line breaks).

    Raw HTML in the source is shown as text. Single newlines are line breaks, as members expect
    from a message box. Headings start at h3; images become links. markdown-it stops at 20
    levels of nesting (quotes within lists within quotes...); deeper content is not rendered.
    """
    return clean_user_html(_markdown_to_html(text))


def render_plain(text: str) -> str:
    """Render a chat message: escaped text, line breaks as ``<br>``, bare URLs as links.

    No Markdown: chat is short and fast, and ``*`` or ``>`` typed in a chat should stay as typed.
    """
    return clean_user_html(_plain_to_html(text))
