"""Evaluation of the crisis detector on our own labelled sentences.

``eval_set.jsonl`` is the main labelled set; ``holdout.jsonl`` was written before the lexicon
was tuned and is kept to see how the detector does on wording it was not shaped around. Both
are our own writing (no member's text), so printing them is fine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from moderation.crisis import assess

HERE = Path(__file__).resolve().parent
EVAL_SET = HERE / "eval_set.jsonl"
HOLDOUT = HERE / "holdout.jsonl"


@dataclass
class _Counts:
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

    def figures(self) -> dict[str, float | int]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "count": self.tp + self.fp + self.fn + self.tn,
            "errors": self.fp + self.fn,
        }


def load(path: str | Path) -> list[dict]:
    """Read a JSONL file of {"text", "lang", "label", "note"} rows."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate(path: str | Path) -> dict:
    """Run the detector over a labelled file and return its figures.

    Returns ``precision``, ``recall``, ``f1``, ``count`` and ``errors`` overall, the same per
    language under ``languages``, and the misclassified rows under ``mistakes`` (each with its
    label and the categories the detector gave).
    """
    overall = _Counts()
    per_language: dict[str, _Counts] = {}
    mistakes = []
    for row in load(path):
        label = bool(row["label"])
        result = assess(row["text"])
        overall.add(label, result.is_crisis)
        per_language.setdefault(row["lang"], _Counts()).add(label, result.is_crisis)
        if label != result.is_crisis:
            mistakes.append({**row, "categories": list(result.categories)})
    return {
        **overall.figures(),
        "languages": {lang: c.figures() for lang, c in sorted(per_language.items())},
        "mistakes": mistakes,
    }
