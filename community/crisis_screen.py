"""The one way into the crisis detector: member text, searches, and the text around them.

Every caller (the intake for member text, the group and guide searches) asks here, so the
detector can be replaced in one place. ``lang`` is the language the person uses the site in
and ``context`` the writer's last few messages in the same room or thread from the last few
minutes, oldest first: a detector whose ``assess`` accepts them (``assess(text, lang=...,
context=[...])``) is given them; one that reads the text alone is not, and ``context`` is then
never computed (it costs a query).
"""

import inspect
import re
from collections.abc import Callable, Sequence

from crisis import assess

_ASSESS_PARAMETERS = inspect.signature(assess).parameters
READS_CONTEXT = "context" in _ASSESS_PARAMETERS
READS_LANGUAGE = "lang" in _ASSESS_PARAMETERS

Context = Sequence[str] | Callable[[], Sequence[str]]


def crisis_assess(text: str, *, lang: str | None = None, context: Context = ()):
    """The detector's assessment of ``text`` (``.is_crisis``, ``.categories``)."""
    options = {}
    if READS_LANGUAGE and lang:
        options["lang"] = lang
    if READS_CONTEXT:
        options["context"] = list(context() if callable(context) else context)
    return assess(text, **options)


def reads_as_crisis(text: str, *, lang: str | None = None) -> bool:
    """For callers that only branch on it (a search that shows the help panel)."""
    return bool(crisis_assess(text, lang=lang).is_crisis)


# Search syntax a person types to narrow results: quotes, operators, column filters, grouping.
_SEARCH_SYNTAX = re.compile(
    r'["\u201c\u201d\u00ab\u00bb()*^]|(?<!\w)[+-]|\b(?:AND|OR|NOT|NEAR)\b|\b\w+:'
)


def search_reads_as_crisis(query: str, *, lang: str | None = None) -> bool:
    """A search, read as the words the person typed: search syntax (quotes, operators) is taken
    out first, so ``"how to kill myself"`` in quotes is not read as someone quoted."""
    words = " ".join(_SEARCH_SYNTAX.sub(" ", query or "").split())
    return bool(words) and reads_as_crisis(words, lang=lang)
