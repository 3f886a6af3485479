"""The learned scorer, run in plain Python from the weights shipped in ``crisis/model/``.

``model/weights.bin`` (zlib-compressed, little-endian) holds two linear models over the hashed
n-grams of :mod:`crisis.features`, pruned to the buckets whose weight matters and stored as
16-bit integers: a crisis-or-not model and a category model (which of the seven categories a
crisis text is). ``model/meta.json`` holds the scale of each table, the biases, the categories,
the thresholds chosen on the tuning set and how the model was trained. ``manage.py
crisis_train`` writes both files; nothing is downloaded at run time.

A message is scored by windows of a few sentences, and its score is the highest window's: a
long post whose risk is one sentence in the middle is not diluted by the rest of the post.
"""

from __future__ import annotations

import json
import math
import sys
import zlib
from array import array
from collections.abc import Set
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from crisis.features import BITS, sentence_features

__all__ = ["MODEL_DIR", "Model", "load_model", "window_spans"]

MODEL_DIR = Path(__file__).resolve().parent / "model"
WINDOW_SENTENCES = 3
WINDOW_CHARS = 320


@dataclass(frozen=True)
class Model:
    meta: dict
    weights: dict[int, float]
    bias: float
    categories: tuple[str, ...]
    category_weights: dict[int, tuple[float, ...]]
    category_bias: tuple[float, ...]
    normalize: bool
    # Scores are divided by the square root of the feature count, but never of fewer than
    # this: a two-word line ("ok", "gracias chicas") must not read like a whole confession.
    min_features: int = 1
    keys: frozenset[int] = frozenset()
    category_keys: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        # Set intersection runs in C: far cheaper than a lookup per feature in Python.
        object.__setattr__(self, "keys", frozenset(self.weights))
        object.__setattr__(self, "category_keys", frozenset(self.category_weights))

    def logit(self, features: Set[int]) -> float:
        weights = self.weights
        total = sum(map(weights.__getitem__, self.keys & features))
        if self.normalize and features:
            total /= math.sqrt(max(len(features), self.min_features))
        return self.bias + total

    def probability(self, features: Set[int]) -> float:
        z = self.logit(features)
        if z < -30:
            return 0.0
        return 1.0 / (1.0 + math.exp(-z))

    def category(self, features: Set[int]) -> tuple[str, float]:
        """The most likely category of a crisis text, and its probability."""
        scale = 1 / math.sqrt(max(len(features), self.min_features)) if self.normalize else 1.0
        rows = self.category_weights
        found = [rows[f] for f in self.category_keys & features]
        sums = [sum(column) for column in zip(*found, strict=True)] if found else None
        totals = [
            bias + (sums[i] * scale if sums else 0.0) for i, bias in enumerate(self.category_bias)
        ]
        top = max(totals)
        exps = [math.exp(t - top) for t in totals]
        best = totals.index(top)
        return self.categories[best], exps[best] / sum(exps)


def window_spans(lengths: list[int]) -> list[tuple[int, int]]:
    """Windows (first, last+1) over sentences of the given lengths.

    Every sentence starts a window that takes the following sentences while it stays within
    ``WINDOW_SENTENCES`` sentences and ``WINDOW_CHARS`` characters (a window always holds at
    least its first sentence). A short message is one window.
    """
    count = len(lengths)
    if count <= 1 or sum(lengths) <= WINDOW_CHARS:
        return [(0, count)]
    spans = []
    for first in range(count):
        size = lengths[first]
        last = first + 1
        while last < count and last - first < WINDOW_SENTENCES:
            if size + lengths[last] > WINDOW_CHARS:
                break
            size += lengths[last]
            last += 1
        spans.append((first, last))
        if last == count:
            break
    return spans


def window_features(sentences: list[str]) -> list[set[int]]:
    """The feature set of each scoring window of a message split into sentences."""
    per_sentence = [sentence_features(s) for s in sentences]
    windows = []
    for first, last in window_spans([len(s) for s in sentences]):
        if last - first == 1:
            windows.append(per_sentence[first])
        else:
            union: set[int] = set()
            for i in range(first, last):
                union |= per_sentence[i]
            windows.append(union)
    return windows


def _little_endian(values: array) -> array:
    """The file is little-endian whatever the machine (arrays use the native order)."""
    if sys.byteorder == "big":
        values.byteswap()
    return values


def _array(typecode: str, data: bytes) -> array:
    values = array(typecode)
    values.frombytes(data)
    return _little_endian(values)


def _read_table(blob: bytes, at: int, width: int) -> tuple[array, array, int]:
    count = _array("I", blob[at : at + 4])[0]
    at += 4
    buckets = _array("I", blob[at : at + 4 * count])
    at += 4 * count
    values = _array("h", blob[at : at + 2 * count * width])
    at += 2 * count * width
    return buckets, values, at


@cache
def load_model(directory: Path = MODEL_DIR) -> Model | None:
    """Read the shipped weights once per process; None if no model has been trained yet."""
    meta_path = directory / "meta.json"
    weights_path = directory / "weights.bin"
    if not meta_path.exists() or not weights_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("bits") != BITS:
        raise ValueError("crisis model was trained with other feature settings; retrain it")
    blob = zlib.decompress(weights_path.read_bytes())
    buckets, values, at = _read_table(blob, 0, 1)
    scale = meta["scale"]
    weights = {b: v * scale for b, v in zip(buckets, values, strict=True)}
    categories = tuple(meta["categories"])
    k = len(categories)
    cat_buckets, cat_values, _ = _read_table(blob, at, k)
    cat_scale = meta["category_scale"]
    category_weights = {
        b: tuple(cat_values[i * k + j] * cat_scale for j in range(k))
        for i, b in enumerate(cat_buckets)
    }
    return Model(
        meta=meta,
        weights=weights,
        bias=meta["bias"],
        categories=categories,
        category_weights=category_weights,
        category_bias=tuple(meta["category_bias"]),
        normalize=meta.get("normalize", True),
        min_features=meta.get("min_features", 1),
    )


def write_model(
    directory: Path,
    meta: dict,
    weights: dict[int, float],
    category_weights: dict[int, list[float]],
) -> None:
    """Store pruned weights as 16-bit integers (``meta`` gets the scales)."""
    top = max((abs(w) for w in weights.values()), default=1.0) or 1.0
    scale = top / 32767
    top_cat = max((abs(w) for row in category_weights.values() for w in row), default=1.0)
    cat_scale = (top_cat or 1.0) / 32767
    meta = {**meta, "scale": scale, "category_scale": cat_scale, "bits": BITS}
    out = bytearray()
    buckets = sorted(weights)
    cat_buckets = sorted(category_weights)
    flat = [round(w / cat_scale) for b in cat_buckets for w in category_weights[b]]
    for values in (
        array("I", [len(buckets)]),
        array("I", buckets),
        array("h", [round(weights[b] / scale) for b in buckets]),
        array("I", [len(cat_buckets)]),
        array("I", cat_buckets),
        array("h", flat),
    ):
        out += _little_endian(values).tobytes()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "weights.bin").write_bytes(zlib.compress(bytes(out), 9))
    (directory / "meta.json").write_text(
        json.dumps(meta, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
    load_model.cache_clear()
