"""The one sentence and clause splitter.

Rules match inside a sentence; the exclusions that cancel a match (a negation, someone else
as the subject, a reported question) look only inside the clause that holds it, so that "he
left me and I want to die" is about the writer and "I'm not sure, but I want to die" is not
negated. A clause ends at a comma, semicolon, colon, dash or one of the language's
conjunctions ("but", "pero", "но"...), which are data in each language file.

Spans are offsets into the normalised text, so a match found in the whole text can be placed
in its sentence and clause with a binary search.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from crisis.lexicon import LANGUAGES, language_data
from crisis.normalize import fold_pattern

__all__ = ["Segments", "segment"]

_SENTENCE_END = re.compile(r"[.!?\u2026]+(?=\s|$)|\n|[!?]+")
_CLAUSE_PUNCT = re.compile(r"[,;:()]|\s-\s")


@cache
def _conjunctions(codes: tuple[str, ...]) -> re.Pattern[str] | None:
    words = sorted(
        {fold_pattern(w) for code in codes for w in language_data(code).conjunctions},
        key=len,
        reverse=True,
    )
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")


@dataclass(frozen=True)
class Segments:
    """Sentence and clause starts of one text (both sorted, both starting at 0)."""

    text: str
    sentence_starts: tuple[int, ...]
    clause_starts: tuple[int, ...]

    def sentence_of(self, at: int) -> tuple[int, int, int]:
        """(index, start, end) of the sentence holding offset ``at``."""
        i = bisect_right(self.sentence_starts, at) - 1
        end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        return i, self.sentence_starts[i], end

    def clause_of(self, at: int) -> tuple[int, int]:
        """(start, end) of the clause holding offset ``at``."""
        i = bisect_right(self.clause_starts, at) - 1
        end = self.clause_starts[i + 1] if i + 1 < len(self.clause_starts) else len(self.text)
        return self.clause_starts[i], end

    def nearby(self, at: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``at``, the one before and the two after."""
        i = bisect_right(self.sentence_starts, at) - 1
        starts = self.sentence_starts
        end = starts[i + 3] if i + 3 < len(starts) else len(self.text)
        return starts[max(0, i - 1)], end

    def sentences(self) -> list[tuple[int, int]]:
        starts = self.sentence_starts
        return [
            (s, starts[i + 1] if i + 1 < len(starts) else len(self.text))
            for i, s in enumerate(starts)
        ]


def segment(text: str, languages: tuple[str, ...] = LANGUAGES) -> Segments:
    """Split normalised ``text`` into sentences and clauses.

    A sentence ends at ".", "!", "?", "…" followed by a space, or at a line break (chat lines
    and list items are sentences of their own).
    """
    sentence_starts = [0]
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        while end < len(text) and text[end] == " ":
            end += 1
        if end < len(text) and end > sentence_starts[-1]:
            sentence_starts.append(end)
    clause_starts = set(sentence_starts)
    for match in _CLAUSE_PUNCT.finditer(text):
        clause_starts.add(match.end())
    conjunctions = _conjunctions(tuple(sorted(languages)))
    if conjunctions is not None:
        for match in conjunctions.finditer(text):
            clause_starts.add(match.start())
    return Segments(
        text,
        tuple(sentence_starts),
        tuple(sorted(c for c in clause_starts if c < len(text) or c == 0)),
    )
