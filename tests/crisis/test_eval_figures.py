"""The detector's recorded figures hold: the tuning set's, and the blind set's recall floor.

The blind set (``crisis/data/blind/``) was written by a writer who saw neither the rules nor
the training corpus; it is frozen with its date and SHA-256 and was never tuned on. These tests
count only: no text of the blind set is printed, even when they fail. The floors are the
figures measured on 2026-12-05 (``manage.py crisis_eval``), rounded down; raise them when the
detector improves, never lower them to let a change through.

Deliberate trades, each from more independent data (never a rule or a threshold chosen on the
blind set): two more writers (writer-night, writer-peer) moved blind precision 0.844 -> 0.867
and hard-negative false alarms 0.174 -> 0.140 for recall 0.960 -> 0.956; two more, heavy in hard
negatives (writer-vent, writer-text), moved precision 0.867 -> 0.880 and false alarms 0.140 ->
0.121 for recall 0.956 -> 0.947 (two of 225 crisis rows; self_harm 0.879 -> 0.909); two more
(writer-calm, writer-group: negations, recovery, everyday lines, group check-ins) and one with
the ordinary openings and closings of a chat session (writer-session: "thanks for tonight, see
you Thursday", which the earlier models read as a farewell a third of the time) moved precision
0.880 -> 0.905 and false alarms 0.121 -> 0.092 for recall 0.947 -> 0.933 (farewell 0.879).
Then numbers stopped being features (``crisis.features``: the model had learned that ":40"
means a plan and alerted on "Checking in, 40"), for recall 0.933 -> 0.929 (self_harm 0.848,
es 0.907), precision and false alarms unchanged. Every target of issue 15 holds on the blind
set; the floors below are the shipped model's figures.
"""

import pytest

from crisis.corpus import INDEPENDENT_WRITERS, blind_rows, blind_sidecar, corpus_rows, split
from crisis.evaluation import evaluate

BLIND_RECALL_FLOOR = 0.92
BLIND_LANGUAGE_RECALL_FLOORS = {"en": 0.94, "es": 0.90, "ru": 0.93}
BLIND_CATEGORY_RECALL_FLOOR = 0.84
BLIND_PRECISION_FLOOR = 0.90
BLIND_HARD_FALSE_ALARM_CEILING = 0.095

TUNING_RECALL_FLOOR = 0.93
TUNING_PRECISION_FLOOR = 0.85
TUNING_FALSE_ALARM_CEILING = 0.105


@pytest.fixture(scope="module")
def blind():
    return evaluate(blind_rows())


@pytest.fixture(scope="module")
def tuning():
    _training, tuning_rows = split(corpus_rows())
    return evaluate(tuning_rows)


def test_the_blind_set_is_frozen_with_its_date_and_hash_and_large_enough():
    found = blind_sidecar()
    assert found is not None
    _path, meta = found
    assert meta["date"] == "2026-12-05"
    assert len(meta["sha256"]) == 64
    rows = blind_rows()  # raises if the file no longer has the recorded hash
    assert len(rows) >= 360
    for lang in ("en", "es", "ru"):
        assert sum(1 for r in rows if r.lang == lang) >= 120


def test_blind_recall_stays_at_or_above_the_recorded_floor(blind):
    recall = blind.overall.recall
    assert recall is not None
    assert recall >= BLIND_RECALL_FLOOR, f"blind recall {recall:.3f} < {BLIND_RECALL_FLOOR}"


def test_blind_precision_and_false_alarms_stay_where_they_were_recorded(blind):
    precision = blind.overall.precision
    false_alarms = blind.hard_negatives.false_alarm_rate
    assert precision >= BLIND_PRECISION_FLOOR, f"blind precision {precision:.3f}"
    assert false_alarms <= BLIND_HARD_FALSE_ALARM_CEILING, f"blind false alarms {false_alarms:.3f}"


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_blind_recall_per_language_stays_at_or_above_its_floor(blind, lang):
    recall = blind.languages[lang].recall
    floor = BLIND_LANGUAGE_RECALL_FLOORS[lang]
    assert recall is not None
    assert recall >= floor, f"blind recall in {lang} {recall:.3f} < {floor}"


def test_blind_recall_in_every_crisis_category_stays_at_or_above_the_floor(blind):
    for category, counts in blind.categories.items():
        if counts.positives:
            assert counts.recall >= BLIND_CATEGORY_RECALL_FLOOR, (
                f"blind recall for {category} {counts.recall:.3f}"
            )


def test_tuning_figures_stay_where_the_thresholds_were_chosen(tuning):
    assert tuning.overall.recall >= TUNING_RECALL_FLOOR
    assert tuning.overall.precision >= TUNING_PRECISION_FLOOR
    assert tuning.hard_negatives.false_alarm_rate <= TUNING_FALSE_ALARM_CEILING


def test_the_corpus_has_enough_rows_per_language_about_half_crisis():
    rows = corpus_rows()
    for lang in ("en", "es", "ru"):
        mine = [r for r in rows if r.lang == lang and r.source.startswith("writer-")]
        assert len(mine) >= 1500
        crisis_share = sum(r.label for r in mine) / len(mine)
        assert 0.4 <= crisis_share <= 0.6
    # Every independent writer named for the tuning split has rows, and there are at least five.
    assert len(INDEPENDENT_WRITERS) >= 5
    assert {r.source for r in rows} >= set(INDEPENDENT_WRITERS)
