"""The one place where text written by members becomes HTML (interim version).

The sanitizer helper's fuller module replaces this one with the same API. Raw HTML in Markdown
is shown as text (markdown-it-py with html disabled), then bleach keeps a small allowlist; no
images (a picture from elsewhere would tell a third party who reads a support group), and
every link carries ``rel="nofollow ugc noopener"``.
"""

import html
import threading

import bleach
from bleach.linkifier import LinkifyFilter
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"a", "blockquote", "br", "code", "em", "h3", "h4", "h5", "h6", "hr", "li", "ol", "p"}
    | {"pre", "strong", "ul", "del"}
)
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "ol": ["start"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _set_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


class _PerThread(threading.local):
    """bleach's Cleaner keeps parser state, so each thread gets its own."""

    def __init__(self) -> None:
        self.cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[lambda source: LinkifyFilter(source, callbacks=[_set_rel], parse_email=False)],
        )
        md = MarkdownIt("commonmark", {"html": False, "breaks": True})
        md.disable(["html_block", "html_inline", "image"])
        self.markdown = md


_local = _PerThread()


def clean_user_html(html_text: str) -> str:
    return _local.cleaner.clean(html_text or "")


def render_markdown(text: str) -> str:
    return clean_user_html(_local.markdown.render(text or ""))


def render_plain(text: str) -> str:
    lines = (text or "").strip().split("\n")
    return clean_user_html("<br>\n".join(html.escape(line, quote=False) for line in lines))
