"""The detector's management commands: explain a sentence, print figures, retrain the scorer."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from crisis.corpus import blind_rows
from crisis.scorer import MODEL_DIR


def _run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_crisis_explain_says_which_rules_fired_and_the_decision():
    printed = _run("crisis_explain", "the pills are counted for friday", "--lang", "en")

    assert "decision: CRISIS" in printed
    assert "rule fired: en." in printed
    assert "score:" in printed


def test_crisis_explain_reads_an_ordinary_line_as_no_crisis():
    printed = _run("crisis_explain", "see you all on thursday, thanks for tonight")

    assert "decision: no crisis" in printed


def test_crisis_eval_prints_blind_figures_and_never_a_blind_row():
    printed = _run("crisis_eval", "--set", "blind")

    assert "blind: 450 rows" in printed
    assert "recall" in printed and "precision" in printed and "false alarms" in printed
    texts = [row.text for row in blind_rows()]
    assert not any(text in printed for text in texts)


def test_crisis_train_is_reproducible_it_rebuilds_the_shipped_weights(tmp_path):
    """Training reads only the corpus and has no randomness: the same weights come out."""
    training = pytest.importorskip("crisis.training")

    training.train(out=tmp_path, log=lambda *_: None)

    assert (tmp_path / "weights.bin").read_bytes() == (MODEL_DIR / "weights.bin").read_bytes()
    shipped = json.loads(Path(MODEL_DIR / "meta.json").read_text())
    rebuilt = json.loads((tmp_path / "meta.json").read_text())
    assert rebuilt["thresholds"] == shipped["thresholds"]
