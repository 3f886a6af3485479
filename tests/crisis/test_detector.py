"""The detector's decision, as callers see it: levels, categories, why, context, bad input."""

import dataclasses
import time

import pytest

from crisis import CATEGORIES, LEVEL_OF, assess
from crisis.explain import explain
from crisis.scorer import load_model

# ---- what an assessment says -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "level", "category"),
    [
        ("I'm going to kill myself tonight", "high", "intent"),
        ("the pills are counted out, waiting till everyone is asleep on friday", "high", "plan"),
        ("this is goodbye. love you all. thank you for everything", "high", "farewell"),
        ("he locked me in the bedroom and took my phone, please help", "high", "danger_now"),
        ("me quiero morir, ya lo decidí, esta noche", "high", "intent"),
        ("он душит меня, я заперлась в ванной", "high", "danger_now"),
        ("some nights I wish I could just not wake up", "concern", "passive_wish"),
        (
            "what's the point of anything anymore, I can't keep doing this life",
            "concern",
            "hopelessness",
        ),
        ("relapsed tonight, used the blade again", "concern", "self_harm"),
        ("ya no quiero vivir, solo quiero dormir y no despertar", "concern", "passive_wish"),
        ("опять порезалась ночью", "concern", "self_harm"),
    ],
)
def test_crisis_texts_carry_their_level_and_category(text, level, category):
    result = assess(text)
    assert result.is_crisis
    assert result.level == level
    assert category in result.categories


def test_every_category_has_a_level_and_the_levels_are_high_or_concern():
    assert set(CATEGORIES) == set(LEVEL_OF)
    assert set(LEVEL_OF.values()) == {"high", "concern"}


def test_an_assessment_says_why_and_holds_no_text():
    result = assess("I want to end my life")
    assert result.reason in ("rules+score", "score")
    assert result.hits and result.hits[0].rule.startswith("en.")
    assert {h.layer for h in result.hits} <= {"phrase", "compose", "context"}
    assert 0.0 <= result.score <= 1.0
    assert "end my life" not in repr(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.level = "concern"  # type: ignore[misc]


def test_a_rule_cancelled_by_a_guard_is_reported_with_the_guard():
    result = assess("I would never kill myself, my kids need me")
    assert not result.is_crisis
    assert any(s.kind == "negation" for s in result.suppressed)


def test_explain_names_the_rule_the_score_and_the_thresholds():
    lines = "\n".join(explain("i have the pills counted out, after the kids are asleep"))
    assert "rule fired: en.plan_means" in lines
    assert "score:" in lines
    assert "decision: CRISIS" in lines


def test_a_shipped_model_is_loaded_from_the_repository():
    model = load_model()
    assert model is not None
    assert model.meta["thresholds"]["all"]["score"] > 0
    assert len(model.weights) > 1000


# ---- context: the same writer's last few messages ----------------------------------------


def test_a_plan_told_across_two_messages_reads_as_one():
    assert not assess("friday").is_crisis
    result = assess("friday", context=("note's written.",))
    assert result.is_crisis
    assert result.reason == "context"
    assert result.level == "high"


def test_context_does_not_turn_an_ordinary_reply_into_an_alert():
    earlier = ("I want to die.",)
    assert not assess("thanks for the link, I'll call them", context=earlier).is_crisis
    assert not assess("see you friday!", context=("meeting notes written up",)).is_crisis


def test_context_in_spanish_and_russian():
    assert assess("el viernes", context=("la carta ya está escrita",)).is_crisis
    assert assess("в пятницу", context=("записка написана.",)).is_crisis


# ---- bad input: never an error, always within budget --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\t ",
        "\x00\x01\x02\x03\ufffd\ufeff" * 300,
        bytes(range(256)).decode("latin-1") * 78,
        ("Он сказал hello мне 你好 مرحبا 🙂 kіll " * 600)[:20_000],
        ("I found out about the affair and I can't sleep. " * 500)[:20_000],
        "a\u0301\u0302\u0303" * 5000,
        "🙂" * 20_000,
        "k" * 20_000,
    ],
)
def test_any_text_up_to_the_post_limit_is_assessed_without_error_in_time(text):
    assess(text)
    start = time.process_time()
    result = assess(text)
    elapsed = time.process_time() - start
    assert result.is_crisis in (True, False)
    # Generous for a loaded CI machine; the bench measures the real figure.
    assert elapsed < 1.0


def test_a_huge_post_with_one_crisis_sentence_in_the_middle_is_caught():
    filler = "We talked about the holidays and the kids' school plays at length. " * 140
    text = filler + "Tonight I am going to kill myself. " + filler
    assert len(text) > 18_000
    assert assess(text).is_crisis


def test_a_typical_message_is_assessed_in_a_few_milliseconds():
    text = (
        "Honestly today was rough. He texted her again and I found it on the iPad. I keep "
        "replaying everything from the last two years. Going to try the walk my therapist "
        "suggested tomorrow morning."
    )
    assess(text)
    runs = 200
    start = time.process_time()
    for _ in range(runs):
        assess(text)
    per_message = (time.process_time() - start) / runs
    # The bench's target is under 1 ms on an idle core; this floor only catches a regression
    # of several times on a busy CI machine.
    assert per_message < 0.005
