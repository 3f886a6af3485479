"""Quoting a post in a reply, and taking a deleted member's words back out of quotes.

"Quote" fills the reply box with a Markdown block quote headed by the author's name
(:func:`quote_block`). The quote then lives in someone else's post, so deleting an account
must find it there: :func:`scrub_quotes` rewrites quote blocks that carry the deleted
member's name in their header, or whose lines are lines of their posts (an anonymous post is
quoted as "a member"), to "former member" and, when they chose to erase their posts, drops
the quoted words too. A quote someone retyped by hand without the header and with changed
words cannot be recognised and stays as its author wrote it.
"""

from __future__ import annotations

import re

QUOTE_MAX = 2000
FORMER_MEMBER = "former member"
ERASED_LINE = "*(removed by its author)*"
_HEADER = re.compile(r"^>\s?\*\*(?P<name>.+?):\*\*\s*$")


def quote_block(*, name: str, body: str) -> str:
    lines = body[:QUOTE_MAX].splitlines() or [""]
    return f"> **{name}:**\n" + "\n".join(f"> {line}" for line in lines) + "\n\n"


def _content(line: str) -> str:
    return re.sub(r"^>\s?", "", line).strip()


def _is_theirs(
    name: str, content: list[str], *, pseudonym: str, their_lines: set[str], anonymous: set[str]
) -> bool:
    if name == pseudonym:
        return True
    if name not in anonymous:  # another member's name: their quote, not this one's
        return False
    words = [line for line in content if line]
    if not words or not their_lines:
        return False
    *whole, last = words
    # The last line may be cut short where the quote reached QUOTE_MAX characters.
    return all(line in their_lines for line in whole) and (
        last in their_lines or any(original.startswith(last) for original in their_lines)
    )


def scrub_quotes(
    text: str, *, pseudonym: str, their_lines: set[str], anonymous: set[str], erase: bool
) -> str:
    """``text`` with the deleted member's quote blocks rewritten (see the module docstring).

    ``anonymous`` holds the labels an anonymous author is quoted under ("a member" in each
    language): only such quotes are matched by their lines.
    """
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        header = _HEADER.match(lines[index])
        if header is None:
            out.append(lines[index])
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].startswith(">") and not _HEADER.match(lines[end]):
            end += 1
        content = [_content(line) for line in lines[index + 1 : end]]
        theirs = _is_theirs(
            header["name"],
            content,
            pseudonym=pseudonym,
            their_lines=their_lines,
            anonymous=anonymous,
        )
        if theirs:
            out.append(f"> **{FORMER_MEMBER}:**")
            out.extend([f"> {ERASED_LINE}"] if erase else lines[index + 1 : end])
        else:
            out.extend(lines[index:end])
        index = end
    return "\n".join(out)


def lines_of(bodies) -> set[str]:
    """The non-empty lines of a member's posts, as a quote of them would show them."""
    return {line.strip() for body in bodies for line in body.splitlines() if line.strip()}
