"""Precision, recall and false alarms of the detector on a labelled set, in aggregate.

Figures are overall, per language and per category (a crisis category's recall; a negative
category's false-alarm rate). "Hard negatives" are the rows labelled ``none`` that are not
everyday chat: negated, past and recovered, reported speech, quotes, idioms, dark humour,
topic discussion and helpline reminders, media, ending a relationship, betrayal pain.

:func:`evaluate` returns numbers only; :func:`misses` returns texts and must never be called
on the blind set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from crisis.corpus import Row
from crisis.detector import Assessment, assess

__all__ = ["Figures", "evaluate", "misses"]

EVERYDAY = frozenset({"everyday", ""})


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, label: bool, predicted: bool) -> None:
        if label and predicted:
            self.tp += 1
        elif label:
            self.fn += 1
        elif predicted:
            self.fp += 1
        else:
            self.tn += 1

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def negatives(self) -> int:
        return self.fp + self.tn

    @property
    def recall(self) -> float | None:
        return self.tp / self.positives if self.positives else None

    @property
    def precision(self) -> float | None:
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged and self.positives else None

    @property
    def false_alarm_rate(self) -> float | None:
        return self.fp / self.negatives if self.negatives else None


@dataclass
class Figures:
    """Counts overall, per language, per category, and on hard negatives."""

    overall: Counts = field(default_factory=Counts)
    hard_negatives: Counts = field(default_factory=Counts)
    languages: dict[str, Counts] = field(default_factory=dict)
    categories: dict[str, Counts] = field(default_factory=dict)
    language_categories: dict[tuple[str, str], Counts] = field(default_factory=dict)
    levels_right: int = 0
    categories_right: int = 0

    def add(self, row: Row, result: Assessment) -> None:
        predicted = result.is_crisis
        self.overall.add(row.label, predicted)
        self.languages.setdefault(row.lang, Counts()).add(row.label, predicted)
        if row.category:
            self.categories.setdefault(row.category, Counts()).add(row.label, predicted)
            key = (row.lang, row.category)
            self.language_categories.setdefault(key, Counts()).add(row.label, predicted)
        if not row.label and row.category not in EVERYDAY:
            self.hard_negatives.add(False, predicted)
        if row.label and predicted:
            self.levels_right += result.level == row.level
            self.categories_right += row.category in result.categories


def evaluate(
    rows: Iterable[Row],
    detector: Callable[[str], Assessment] | None = None,
) -> Figures:
    """Assess every row and count; keeps no text."""
    read = detector or (lambda text: assess(text))
    figures = Figures()
    for row in rows:
        figures.add(row, read(row.text))
    return figures


def misses(rows: Iterable[Row], detector: Callable[[str], Assessment] | None = None):
    """The rows the detector gets wrong, with its assessment (never for the blind set)."""
    read = detector or (lambda text: assess(text))
    for row in rows:
        result = read(row.text)
        if result.is_crisis != row.label:
            yield row, result
