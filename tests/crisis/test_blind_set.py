"""The frozen blind set: written by an independent session that saw neither the rules nor the
corpus, never read or tuned on. Only aggregate figures are computed here (no text is printed),
and the suite fails if recall on it falls below the figure recorded on 2026-12-05."""

import hashlib

from crisis.corpus import blind_rows, blind_sidecar
from crisis.evaluation import evaluate

#: Measured on 2026-12-05 (recall 0.951, precision 0.843), rounded down.
BLIND_RECALL_FLOOR = 0.95


def test_the_blind_set_is_the_frozen_one():
    path, sidecar = blind_sidecar()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == sidecar["sha256"]
    assert len(blind_rows()) == sidecar["lines"] == 450


def test_recall_on_the_blind_set_stays_at_or_above_the_recorded_figure():
    figures = evaluate(blind_rows())
    assert figures.overall.recall >= BLIND_RECALL_FLOOR
