"""Every rule of every language fires on its examples and not on its counterexamples.

One parametrised test over the rule files: a ``phrase``/``compose`` rule must be among the
hits for each example and absent for each counterexample; a ``context`` rule likewise over
the messages (earlier ones first); a ``guard`` must be what cancels a match in each example
and must not cancel one in its counterexamples. The schema is checked at load time.
"""

import pytest

from crisis.engine import match_context, match_rules
from crisis.normalize import normalize
from crisis.rules import RuleError, all_rules, compile_rule, rule_set


def _cases():
    for rule in all_rules():
        for text in rule.examples:
            yield pytest.param(rule.id, text, True, id=f"{rule.id}+{str(text)[:30]}")
        for text in rule.counterexamples:
            yield pytest.param(rule.id, text, False, id=f"{rule.id}-{str(text)[:30]}")


def _match(language, text):
    if isinstance(text, tuple):
        messages = tuple(normalize(t).unquoted for t in text)
        return match_context(messages, (language,))
    return match_rules(normalize(text).unquoted, (language,))


@pytest.mark.parametrize(("rule_id", "text", "fires"), list(_cases()))
def test_each_rule_fires_on_its_examples_and_not_on_its_counterexamples(rule_id, text, fires):
    language = rule_id.split(".", 1)[0]
    rule = next(r for r in rule_set(language).all() if r.id == rule_id)
    found = _match(language, text)
    if rule.layer == "guard":
        assert (rule_id in {s.guard for s in found.suppressed}) is fires
    else:
        assert (rule_id in {h.rule for h in found.hits}) is fires


def test_every_language_has_rules_in_every_crisis_category():
    for language in ("en", "es", "ru"):
        categories = {r.category for r in rule_set(language).matchers}
        assert categories >= {
            "intent",
            "plan",
            "farewell",
            "danger_now",
            "passive_wish",
            "hopelessness",
            "self_harm",
        }


def _raw(**changes):
    raw = {
        "id": "en.sample",
        "layer": "phrase",
        "category": "intent",
        "level": "high",
        "patterns": [r"\bsample\b"],
        "anchors": ["sample"],
        "examples": ["a sample"],
    }
    raw.update(changes)
    return raw


@pytest.mark.parametrize(
    "changes",
    [
        {"layer": "lexicon"},
        {"category": "sadness"},
        {"level": "medium"},
        {"id": "es.sample"},
        {"patterns": []},
        {"patterns": ["(unclosed"]},
        {"anchors": []},
        {"examples": []},
        {"also": [["x"]]},
        {"colour": "red"},
        {"layer": "guard", "category": "negation", "level": "high"},
        {"layer": "compose"},
        {"ignores": ["weather"]},
    ],
)
def test_a_rule_that_breaks_the_schema_is_refused_at_load_time(changes):
    with pytest.raises(RuleError):
        compile_rule(_raw(**changes), "en")


def test_a_valid_rule_compiles_with_its_patterns_folded_like_the_text():
    rule = compile_rule(_raw(patterns=[r"\bquería morir\b"], anchors=["quería"]), "en")
    assert rule.regex.search(normalize("Quería morir").text)
    assert rule.anchors == ("queria",)
