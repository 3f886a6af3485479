"""Offline training of the learned scorer (``manage.py crisis_train``); needs scikit-learn.

Nothing here runs on the site: it is imported only by the management command, and
scikit-learn is a development dependency. The steps, all reproducible (no randomness):

1. Read the corpus (:mod:`crisis.corpus`), split it into training and tuning rows.
2. Read each text as the detector does (:func:`crisis.detector.read`): normalised, rules run,
   hashed n-gram features per window.
3. Fit an L2-regularised logistic regression (crisis or not) on the training rows' features,
   each row's features scaled by one over the square root of their count and each feature by
   its naive-Bayes log-count ratio (NB-LR); and a multinomial one for the category, on the
   training rows that are crises.
4. Keep the weights that matter (largest magnitudes, ``--keep``), so the shipped file stays
   small; the tuning figures are measured with the pruned model.
5. Score the tuning rows leave-one-writer-out: each writer's tuning rows are scored by a model
   trained without that writer, as the blind set's writer will be unseen. On those scores,
   choose the two thresholds (score alone; score when a rule fired) that reach the recall
   target with the best precision, overall and per language.
6. Write ``model/weights.bin`` and ``model/meta.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, diags
from sklearn.linear_model import LogisticRegression

from crisis.corpus import CORPUS_DIR, INDEPENDENT_WRITERS, Row, corpus_rows, split
from crisis.detector import Reading, read
from crisis.features import BITS
from crisis.rules import CATEGORIES
from crisis.scorer import MODEL_DIR, Model, write_model

__all__ = ["TrainingReport", "train"]

# A rule that fired is trusted unless the scorer is fairly sure it is wrong: its bar stays low.
RULE_THRESHOLDS = (0.05, 0.1, 0.15, 0.2, 0.25)
SCORE_THRESHOLDS = tuple(round(0.2 + 0.01 * i, 2) for i in range(66))
BARE_STEPS = tuple(round(0.02 * i, 2) for i in range(21))  # added to the score threshold


@dataclass
class Prepared:
    row: Row
    reading: Reading


@dataclass
class TrainingReport:
    meta: dict
    lines: list[str]


MIN_FEATURES = 100


def _matrix(readings: Sequence[Reading]) -> csr_matrix:
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for reading in readings:
        features = sorted(reading.features())
        indices.extend(features)
        value = 1.0 / math.sqrt(max(len(features), MIN_FEATURES))
        data.extend([value] * len(features))
        indptr.append(len(indices))
    return csr_matrix(
        (np.array(data), np.array(indices, dtype=np.int64), np.array(indptr)),
        shape=(len(readings), 1 << BITS),
    )


def _fit_binary(prepared: Sequence[Prepared], c: float) -> tuple[dict[int, float], float]:
    """NB-weighted logistic regression (Wang & Manning 2012), folded into one weight each.

    Each feature is scaled by its naive-Bayes log-count ratio before the regression; the
    shipped weight is the regression's weight times that ratio, so scoring stays one sum.
    """
    x = _matrix([p.reading for p in prepared])
    y = np.array([p.row.label for p in prepared], dtype=int)
    present = (x > 0).astype(np.float64)
    pos = 1.0 + np.asarray(present[y == 1].sum(axis=0)).ravel()
    neg = 1.0 + np.asarray(present[y == 0].sum(axis=0)).ravel()
    ratio = np.log((pos / pos.sum()) / (neg / neg.sum()))
    model = LogisticRegression(C=c, solver="liblinear", class_weight="balanced", max_iter=3000)
    model.fit(x @ diags(ratio), y)
    effective = model.coef_[0] * ratio
    used = np.flatnonzero(np.asarray(present.sum(axis=0)).ravel())
    return {int(i): float(effective[i]) for i in used}, float(model.intercept_[0])


def _fit_categories(
    prepared: Sequence[Prepared], c: float
) -> tuple[dict[int, list[float]], list[float]]:
    chosen = [p for p in prepared if p.row.category in CATEGORIES and p.row.label]
    x = _matrix([p.reading for p in chosen])
    index = {name: i for i, name in enumerate(CATEGORIES)}
    y = np.array([index[p.row.category] for p in chosen])
    model = LogisticRegression(C=c, max_iter=3000)
    model.fit(x, y)
    classes = [int(k) for k in model.classes_]
    if classes != list(range(len(CATEGORIES))):
        raise ValueError("every category needs training rows")
    coef = model.coef_
    used = np.flatnonzero(np.abs(coef).max(axis=0))
    rows = {int(i): [float(v) for v in coef[:, i]] for i in used}
    return rows, [float(b) for b in model.intercept_]


def _prune(weights: dict[int, float], keep: int) -> dict[int, float]:
    if len(weights) <= keep:
        return weights
    ranked = sorted(weights.items(), key=lambda kv: -abs(kv[1]))[:keep]
    return dict(ranked)


def _prune_rows(rows: dict[int, list[float]], keep: int) -> dict[int, list[float]]:
    if len(rows) <= keep:
        return rows
    ranked = sorted(rows.items(), key=lambda kv: -max(abs(v) for v in kv[1]))[:keep]
    return dict(ranked)


def _model(
    weights: dict[int, float],
    bias: float,
    category_rows: dict[int, list[float]] | None = None,
    category_bias: list[float] | None = None,
) -> Model:
    return Model(
        meta={"thresholds": {"all": {"rule": 0.0, "score": 0.5, "bare": 0.5}}},
        weights=weights,
        bias=bias,
        categories=CATEGORIES,
        category_weights={k: tuple(v) for k, v in (category_rows or {}).items()},
        category_bias=tuple(category_bias or [0.0] * len(CATEGORIES)),
        normalize=True,
        min_features=MIN_FEATURES,
    )


def _window_score(reading: Reading, model: Model) -> float:
    return max((model.probability(w) for w in reading.windows), default=0.0)


@dataclass
class Scored:
    row: Row
    rule_hit: bool
    score: float
    anchored: bool = True


def _scored(p: Prepared, model: Model) -> Scored:
    match = p.reading.match
    return Scored(p.row, bool(match.hits), _window_score(p.reading, model), match.anchored)


def _figures(
    scored: Sequence[Scored], rule_t: float, score_t: float, bare_t: float
) -> dict[str, float]:
    tp = fp = fn = hard_fp = hard = 0
    for s in scored:
        fired = (s.rule_hit and s.score >= rule_t) or s.score >= (score_t if s.anchored else bare_t)
        if s.row.label:
            tp += fired
            fn += not fired
        else:
            fp += fired
            if s.row.category not in ("everyday", ""):
                hard += 1
                hard_fp += fired
    recall = tp / (tp + fn) if tp + fn else 1.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    return {
        "recall": recall,
        "precision": precision,
        "false_alarm_rate": hard_fp / hard if hard else 0.0,
        "n": len(scored),
    }


def choose_thresholds(scored: Sequence[Scored], recall_target: float) -> dict[str, float]:
    """The (rule, score, bare) thresholds that reach the recall target with the fewest false
    alarms: the best precision less half the false-alarm rate on hard negatives.

    When nothing reaches the target, the thresholds with the highest recall.
    """
    best: tuple | None = None
    for rule_t in RULE_THRESHOLDS:
        for score_t in SCORE_THRESHOLDS:
            if score_t < rule_t:
                continue
            for step in BARE_STEPS:
                bare_t = round(score_t + step, 2)
                f = _figures(scored, rule_t, score_t, bare_t)
                if f["recall"] >= recall_target:
                    key = (True, f["precision"] - 0.5 * f["false_alarm_rate"], f["recall"])
                else:
                    key = (False, f["recall"], f["precision"])
                if best is None or key > best[0]:
                    best = (key, rule_t, score_t, bare_t, f)
    assert best is not None  # noqa: S101 - the grid is never empty
    _, rule_t, score_t, bare_t, f = best
    return {
        "rule": rule_t,
        "score": score_t,
        "bare": bare_t,
        **{k: round(v, 4) for k, v in f.items()},
    }


def _digest(directory: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()[:16]
        for p in sorted(directory.glob("*.jsonl"))
    }


def train(
    *,
    c: float = 64.0,
    category_c: float = 16.0,
    keep: int = 50_000,
    keep_categories: int = 10_000,
    recall_target: float = 0.93,
    out: Path = MODEL_DIR,
    log=print,
) -> TrainingReport:
    """Train, choose thresholds, write the model; returns what was done and the figures."""
    rows = corpus_rows()
    training, tuning = split(rows)
    log(f"corpus: {len(rows)} rows, training {len(training)}, tuning {len(tuning)}")
    prepared_training = [Prepared(r, read(r.text, r.lang)) for r in training]
    prepared_tuning = [Prepared(r, read(r.text, r.lang)) for r in tuning]

    # Thresholds on tuning rows scored by models that never saw their writer.
    scored: list[Scored] = []
    for writer in INDEPENDENT_WRITERS:
        subset = [p for p in prepared_training if p.row.source != writer]
        weights, bias = _fit_binary(subset, c)
        model = _model(_prune(weights, keep), bias)
        scored.extend(_scored(p, model) for p in prepared_tuning if p.row.source == writer)
        log(f"  scored {writer}'s tuning rows with a model trained without {writer}")
    thresholds = {"all": choose_thresholds(scored, recall_target)}
    for lang in sorted({s.row.lang for s in scored}):
        subset = [s for s in scored if s.row.lang == lang]
        thresholds[lang] = choose_thresholds(subset, recall_target)

    weights, bias = _fit_binary(prepared_training, c)
    pruned = _prune(weights, keep)
    category_rows, category_bias = _fit_categories(prepared_training, category_c)
    category_pruned = _prune_rows(category_rows, keep_categories)
    final = _model(pruned, bias)
    same_writer = [_scored(p, final) for p in prepared_tuning]
    meta = {
        "trained": dt.date.today().isoformat(),  # noqa: DTZ011 - a date label only
        "bits": BITS,
        "normalize": True,
        "min_features": MIN_FEATURES,
        "bias": bias,
        "categories": list(CATEGORIES),
        "category_bias": category_bias,
        "c": c,
        "category_c": category_c,
        "weights_kept": len(pruned),
        "weights_fitted": len(weights),
        "category_weights_kept": len(category_pruned),
        "recall_target": recall_target,
        "thresholds": thresholds,
        "tuning": {
            "method": (
                "one row in five of each independent writer (CRC-32 of the text) held out; "
                "thresholds chosen on those rows scored leave-one-writer-out"
            ),
            "leave_one_writer_out": thresholds["all"],
            "final_model_same_writers": {
                k: round(v, 4)
                for k, v in _figures(
                    same_writer,
                    thresholds["all"]["rule"],
                    thresholds["all"]["score"],
                    thresholds["all"]["bare"],
                ).items()
            },
        },
        "training_rows": len(training),
        "tuning_rows": len(tuning),
        "corpus_sha256": _digest(CORPUS_DIR),
    }
    write_model(out, meta, pruned, category_pruned)
    lines = [
        f"fitted {len(weights)} weights, kept {len(pruned)}; categories kept "
        f"{len(category_pruned)}",
        f"thresholds: {thresholds}",
        f"final model on tuning rows (same writers): {meta['tuning']['final_model_same_writers']}",
        f"wrote {out / 'weights.bin'} ({(out / 'weights.bin').stat().st_size} bytes)",
    ]
    return TrainingReport(meta, lines)
