"""The one rule schema, for every layer, and its compiler.

Rules are data: ``crisis/rules/<lang>.toml`` holds a ``[[rule]]`` table per rule. Every rule,
whatever its layer, has the same fields:

``id``
    ``<lang>.<name>``, unique; shown by ``crisis_explain`` and stored nowhere else.
``layer``
    ``phrase``: one of ``patterns`` says it ("i want to die").
    ``compose``: one of ``patterns`` (the risk) *and*, for each list in ``also``, one of its
    patterns, in the same ``scope`` ("clause", "sentence", or "nearby": the sentence, the one
    before and the two after): risk + the writer + intent.
    ``context``: like ``compose``, but the parts may come from the writer's last few
    messages; at least one part must be in the newest ("note's written." then "friday").
    ``guard``: an exclusion that cancels a match of the other layers (negation, someone
    else's words, the past, talk about the topic, an idiom).
``category``
    For the first three layers, what the writer is telling: ``intent``, ``plan``,
    ``farewell``, ``danger_now`` (high); ``passive_wish``, ``hopelessness``, ``self_harm``
    (concern). For a guard, its kind (``negation``, ``other``, ``reported``, ``past``,
    ``topic``, ``idiom``, ``relationship``, ``question``).
``level``
    ``high`` or ``concern``; ``none`` for a guard.
``patterns``
    Regular expressions (Python ``re``, no look-behind needed) over normalised text: lower
    case, no accents, no apostrophes inside words ("dont"), Russian without "ь"/"ъ" and with
    "е" for "э"/"ё", "и" for "й", "ш" for "щ" (see :mod:`crisis.normalize`).
``anchors``
    Literal substrings, one of which every match contains: a rule is only tried on text that
    holds an anchor, which keeps chat fast. Required except for guards.
``examples`` / ``counterexamples``
    Texts the rule must fire on / must not fire on (for a guard: texts where it cancels a
    match / where it must not). A context example is a list: earlier messages, then the new
    one. One parametrised test runs them all.

Optional: ``also`` (compose/context), ``scope`` (``sentence`` by default, or ``clause``),
``unless`` (patterns that, found in the same sentence, cancel this rule; for a guard, that
switch the guard off), ``ignores`` (guard kinds that do not cancel this rule: "i dont want to
live" is not negated), ``where`` (for a guard: ``before`` the match in its clause, ``after``
it, the whole ``clause``, ``sentence``, ``nearby`` sentences or the whole ``text``),
``applies_to`` (categories a guard cancels; all by default), ``note``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from crisis.lexicon import LANGUAGES, language_data
from crisis.normalize import fold_pattern

__all__ = [
    "CATEGORIES",
    "GUARD_KINDS",
    "LAYERS",
    "LEVEL_OF",
    "CompiledRule",
    "RuleError",
    "RuleSet",
    "rule_set",
]

LEVEL_OF: dict[str, str] = {
    "intent": "high",
    "plan": "high",
    "farewell": "high",
    "danger_now": "high",
    "passive_wish": "concern",
    "hopelessness": "concern",
    "self_harm": "concern",
}
CATEGORIES: tuple[str, ...] = tuple(LEVEL_OF)
LEVELS: tuple[str, ...] = ("concern", "high")
GUARD_KINDS: tuple[str, ...] = (
    "negation",
    "other",
    "reported",
    "past",
    "topic",
    "idiom",
    "relationship",
    "question",
)
LAYERS: tuple[str, ...] = ("phrase", "compose", "context", "guard")
WHERE: tuple[str, ...] = ("before", "after", "clause", "sentence", "nearby", "text")
SCOPES: tuple[str, ...] = ("clause", "sentence", "nearby")

_FIELDS = frozenset(
    {
        "id",
        "layer",
        "category",
        "level",
        "patterns",
        "anchors",
        "examples",
        "counterexamples",
        "also",
        "scope",
        "unless",
        "ignores",
        "where",
        "applies_to",
        "note",
    }
)


class RuleError(ValueError):
    """A rule file does not follow the schema; raised at import, never at run time."""


@dataclass(frozen=True)
class CompiledRule:
    id: str
    language: str
    layer: str
    category: str
    level: str
    regex: re.Pattern[str]
    anchors: tuple[str, ...]
    also: tuple[re.Pattern[str], ...]
    scope: str
    unless: re.Pattern[str] | None
    ignores: frozenset[str]
    where: str
    applies_to: frozenset[str]
    examples: tuple[str | tuple[str, ...], ...]
    counterexamples: tuple[str | tuple[str, ...], ...]


@dataclass(frozen=True)
class RuleSet:
    """The compiled rules of one language, by layer."""

    language: str
    matchers: tuple[CompiledRule, ...]  # phrase and compose
    context: tuple[CompiledRule, ...]
    guards: tuple[CompiledRule, ...]
    anchors: tuple[str, ...]  # every anchor of the matchers, once
    cues: tuple[CompiledRule, ...]  # guards that read a whole sentence: also scorer features

    def all(self) -> tuple[CompiledRule, ...]:
        return self.matchers + self.context + self.guards


def _alternation(patterns: list[str], rule_id: str) -> re.Pattern[str]:
    if not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise RuleError(f"{rule_id}: patterns must be a non-empty list of strings")
    joined = "|".join(f"(?:{fold_pattern(p)})" for p in patterns)
    try:
        return re.compile(joined)
    except re.error as error:
        raise RuleError(f"{rule_id}: {error}") from error


def _texts(value: Any, rule_id: str, name: str) -> tuple[str | tuple[str, ...], ...]:
    out: list[str | tuple[str, ...]] = []
    for item in value or ():
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, list) and item and all(isinstance(t, str) for t in item):
            out.append(tuple(item))
        else:
            raise RuleError(f"{rule_id}: {name} holds strings or lists of strings")
    return tuple(out)


def compile_rule(raw: dict[str, Any], language: str) -> CompiledRule:
    """Check one ``[[rule]]`` table against the schema and compile it."""
    rule_id = raw.get("id", "?")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise RuleError(f"{rule_id}: unknown field(s) {sorted(unknown)}")
    if not isinstance(rule_id, str) or not rule_id.startswith(f"{language}."):
        raise RuleError(f"{rule_id}: id must start with '{language}.'")
    layer = raw.get("layer")
    if layer not in LAYERS:
        raise RuleError(f"{rule_id}: layer must be one of {LAYERS}")
    category = raw.get("category")
    level = raw.get("level")
    if layer == "guard":
        if category not in GUARD_KINDS:
            raise RuleError(f"{rule_id}: a guard's category is one of {GUARD_KINDS}")
        if level != "none":
            raise RuleError(f"{rule_id}: a guard's level is 'none'")
    else:
        if category not in CATEGORIES:
            raise RuleError(f"{rule_id}: category must be one of {CATEGORIES}")
        if level not in LEVELS:
            raise RuleError(f"{rule_id}: level must be one of {LEVELS}")
    anchors = tuple(fold_pattern(a) for a in raw.get("anchors", ()))
    if layer != "guard" and not anchors:
        raise RuleError(f"{rule_id}: needs anchors")
    also_raw = raw.get("also", [])
    if layer in ("compose", "context") and not also_raw:
        raise RuleError(f"{rule_id}: a {layer} rule needs 'also'")
    if layer in ("phrase", "guard") and also_raw:
        raise RuleError(f"{rule_id}: 'also' is for compose and context rules")
    scope = raw.get("scope", "sentence")
    if scope not in SCOPES:
        raise RuleError(f"{rule_id}: scope must be one of {SCOPES}")
    where = raw.get("where", "before" if layer == "guard" else "")
    if layer == "guard" and where not in WHERE:
        raise RuleError(f"{rule_id}: where must be one of {WHERE}")
    ignores = frozenset(raw.get("ignores", ()))
    if ignores - set(GUARD_KINDS):
        raise RuleError(f"{rule_id}: ignores names unknown guard kinds")
    applies_to = frozenset(raw.get("applies_to", CATEGORIES))
    if applies_to - set(CATEGORIES):
        raise RuleError(f"{rule_id}: applies_to names unknown categories")
    examples = _texts(raw.get("examples"), rule_id, "examples")
    if not examples:
        raise RuleError(f"{rule_id}: needs at least one example")
    unless = raw.get("unless")
    return CompiledRule(
        id=rule_id,
        language=language,
        layer=layer,
        category=category,
        level=level,
        regex=_alternation(raw.get("patterns", []), rule_id),
        anchors=anchors,
        also=tuple(_alternation(group, rule_id) for group in also_raw),
        scope=scope,
        unless=_alternation(unless, rule_id) if unless else None,
        ignores=ignores,
        where=where,
        applies_to=applies_to,
        examples=examples,
        counterexamples=_texts(raw.get("counterexamples"), rule_id, "counterexamples"),
    )


@cache
def rule_set(language: str) -> RuleSet:
    """The compiled rules of ``language`` (read from its TOML file once per process)."""
    compiled = [compile_rule(raw, language) for raw in language_data(language).rules]
    ids = [r.id for r in compiled]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuleError(f"duplicate rule ids: {sorted(duplicates)}")
    matchers = tuple(r for r in compiled if r.layer in ("phrase", "compose"))
    anchors = tuple(dict.fromkeys(a for r in matchers for a in r.anchors))
    return RuleSet(
        language=language,
        matchers=matchers,
        context=tuple(r for r in compiled if r.layer == "context"),
        guards=tuple(r for r in compiled if r.layer == "guard"),
        anchors=anchors,
        cues=tuple(
            r for r in compiled if r.layer == "guard" and r.where in ("sentence", "nearby", "text")
        ),
    )


def all_rules() -> tuple[CompiledRule, ...]:
    return tuple(r for code in LANGUAGES for r in rule_set(code).all())
