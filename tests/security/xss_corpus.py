"""The stored-XSS corpus and the check that rendered HTML carries no active content.

Reuse these two helpers for every field a member writes (posts, thread titles, chat messages,
pseudonyms, report notes, ...)::

    from tests.security.xss_corpus import assert_no_active_content, load_payloads

    @pytest.mark.parametrize("payload", load_payloads())
    def test_thread_title_never_renders_active_content(payload, ...):
        ...
        assert_no_active_content(fragment_that_shows_the_title)

Pass the fragment that holds the member's text, not a whole page: a page has its own
``<script>``, ``<link>`` and ``<form>`` elements. The check parses the HTML as a browser would
(html5lib, the HTML5 parsing algorithm) and inspects the tree, never the string.
"""

from __future__ import annotations

import functools
import html as html_lib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib

PAYLOADS_FILE = Path(__file__).with_name("xss_payloads.txt")

FORBIDDEN_TAGS: frozenset[str] = frozenset(
    {
        # The ones the site's sanitizer contract names.
        "script",
        "iframe",
        "object",
        "embed",
        "style",
        "svg",
        "math",
        "base",
        "meta",
        "link",
        "form",
        "img",
        # Everything else that runs code, loads from elsewhere, submits, or changes parsing.
        "applet",
        "area",
        "audio",
        "bgsound",
        "button",
        "canvas",
        "frame",
        "frameset",
        "image",
        "input",
        "isindex",
        "keygen",
        "layer",
        "ilayer",
        "map",
        "noembed",
        "noframes",
        "noscript",
        "param",
        "picture",
        "plaintext",
        "portal",
        "select",
        "source",
        "template",
        "textarea",
        "track",
        "video",
        "xml",
        "xmp",
    }
)

URL_ATTRIBUTES: frozenset[str] = frozenset(
    {
        "action",
        "background",
        "cite",
        "codebase",
        "data",
        "dynsrc",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "lowsrc",
        "manifest",
        "ping",
        "poster",
        "profile",
        "src",
        "usemap",
        "xlink:href",
    }
)
"""Attributes whose value a browser resolves as a URL (``xlink:href`` arrives as ``href`` in the
XLink namespace and is checked under both names)."""

SAFE_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})

# Always forbidden, whatever their value: inline CSS and documents or code held in an attribute.
FORBIDDEN_ATTRIBUTES: frozenset[str] = frozenset({"style", "srcdoc", "srcset", "http-equiv"})

_ESCAPE_RE = re.compile(r"\\(\\|n|r|t|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})")
_ESCAPES = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def _decode_line(line: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code in _ESCAPES:
            return _ESCAPES[code]
        return chr(int(code[1:], 16))

    return _ESCAPE_RE.sub(replace, line)


@functools.cache
def _load_payloads(path: Path) -> tuple[str, ...]:
    payloads = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw or raw.startswith("#"):
            continue
        payloads.append(_decode_line(raw))
    return tuple(payloads)


def load_payloads(path: Path = PAYLOADS_FILE) -> list[str]:
    """Every payload in the corpus, decoded (see the header of ``xss_payloads.txt``)."""
    return list(_load_payloads(path))


def parse_fragment(html: str) -> Element:
    """Parse ``html`` as a browser would parse it inside a ``<div>`` of our pages."""
    return html5lib.parseFragment(
        html, container="div", treebuilder="etree", namespaceHTMLElements=False
    )


def _local_name(name: str) -> str:
    """``{namespace}local`` -> ``local``; html5lib's etree tree keeps foreign namespaces."""
    return name.rsplit("}", 1)[-1].lower()


def _attribute_name(name: str) -> str:
    """Attribute name as written, with ``xlink:`` restored for the XLink namespace."""
    if name.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + _local_name(name)
    return _local_name(name)


def iter_elements(root: Element) -> Iterator[Element]:
    """Every element under ``root`` (not the fragment's container itself)."""
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue  # the container, or a comment / processing instruction
        yield element


def url_scheme(value: str) -> str:
    """The scheme a URL attribute would be read with: ``""`` for a relative URL.

    Stricter than any browser, on purpose: entities are decoded again until none are left (the
    parser decoded once already; this also covers a later double decode), every whitespace,
    control and format (zero-width, bidi) character is removed, compatibility forms are folded
    (fullwidth letters) and the result is lower-cased. A colon before the first ``/``, ``?``
    or ``#`` that does not follow a valid scheme name is reported as ``"?"`` (not relative, not
    allowed).
    """
    for _ in range(5):
        decoded = html_lib.unescape(value)
        if decoded == value:
            break
        value = decoded
    value = "".join(
        ch
        for ch in value
        if not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zs", "Zl", "Zp"))
    )
    value = unicodedata.normalize("NFKC", value).lower()
    match = _SCHEME_RE.match(value)
    if match:
        return match.group(1)
    head = re.split(r"[/?#]", value, maxsplit=1)[0]
    return "?" if ":" in head else ""


def _url_values(name: str, value: str) -> list[str]:
    if name == "srcset":
        return [candidate.strip().split(" ")[0] for candidate in value.split(",")]
    return [value]


def find_active_content(html: str) -> list[str]:
    """Every reason ``html`` could run code or load from elsewhere; empty when it is inert."""
    problems: list[str] = []
    for element in iter_elements(parse_fragment(html)):
        tag = _local_name(element.tag)
        if tag in FORBIDDEN_TAGS:
            problems.append(f"forbidden element <{tag}>")
        for raw_name, value in element.attrib.items():
            name = _attribute_name(raw_name)
            local = _local_name(raw_name)
            if local.startswith("on"):
                problems.append(f"event handler {name}= on <{tag}>")
            if local in FORBIDDEN_ATTRIBUTES or name in FORBIDDEN_ATTRIBUTES:
                problems.append(f"forbidden attribute {name}= on <{tag}>")
            if name in URL_ATTRIBUTES or local in URL_ATTRIBUTES:
                for url in _url_values(local, value):
                    scheme = url_scheme(url)
                    if scheme and scheme not in SAFE_SCHEMES:
                        problems.append(f"URL scheme {scheme!r} in {name}={value!r} on <{tag}>")
    return problems


def assert_no_active_content(html: str) -> None:
    """Fail when ``html`` holds an element, attribute or URL that could run code or fetch.

    Fails on: any element in :data:`FORBIDDEN_TAGS` (script, iframe, object, embed, style, svg,
    math, base, meta, link, form, img and the like), any ``on*`` attribute, any ``style``,
    ``srcdoc`` or ``srcset`` attribute, and any URL attribute (href, src, action, formaction,
    xlink:href, ...) whose scheme is not http, https or mailto and that is not relative.
    """
    problems = find_active_content(html)
    if problems:
        raise AssertionError(
            "active content in rendered HTML:\n  "
            + "\n  ".join(problems)
            + f"\nHTML: {html[:2000]!r}"
        )
