"""The one sanitizer: member text becomes safe HTML here and nowhere else.

Interim version written for the chat; the sanitizer branch replaces it with the same API
(``render_markdown``, ``render_plain``, ``clean_user_html``). Raw HTML from members is never
passed through: markdown-it runs with ``html`` off, and bleach cleans the result against a short
allowlist. Links get ``rel="nofollow ugc noopener"``; images are not allowed.
"""

from functools import lru_cache

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


@lru_cache(maxsize=1)
def _cleaner() -> bleach.Cleaner:
    return bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        filters=[
            lambda source: LinkifyFilter(
                source, callbacks=[_set_link_rel], skip_tags={"pre", "code"}, parse_email=False
            )
        ],
    )


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
    md.disable(["image"])
    return md


@lru_cache(maxsize=1)
def _plain() -> MarkdownIt:
    # "zero" turns every rule off: text stays text, only paragraphs and line breaks remain.
    return MarkdownIt("zero", {"html": False, "breaks": True}).enable(["newline"])


def clean_user_html(html: str) -> str:
    """Clean HTML that came from member input (already rendered) against the allowlist."""
    return _cleaner().clean(html or "")


def render_markdown(text: str) -> str:
    """Forum posts: a small, safe Markdown subset (no raw HTML, no images)."""
    return clean_user_html(_markdown().render(text or ""))


def render_plain(text: str) -> str:
    """Chat messages: plain text with line breaks kept and web addresses turned into links."""
    return clean_user_html(_plain().render(text or "")).strip()
