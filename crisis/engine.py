"""The rule engine: which rules match a normalised text, and which guards cancelled them.

For each language the text may be in, every ``phrase`` and ``compose`` rule whose anchor
occurs in the text is tried. A match counts when it stays inside one sentence, the rule's own
``unless`` patterns are absent from that sentence, and no guard cancels it. A guard looks only
where its kind can speak for the match: a negation just before it in its clause ("i would
never ..."), someone else's words or a question in the sentence ("she asked if i ..."), the
distant past ("two years ago ...") unless something says now, talk about the topic (an
article, a film). ``context`` rules read the writer's last few messages with the new one.

The result names rules and guards by id; it never holds any of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crisis.rules import CompiledRule, RuleSet, rule_set
from crisis.split import Segments, segment

__all__ = ["Hit", "Match", "Suppressed", "match_context", "match_rules"]


@dataclass(frozen=True)
class Hit:
    """A rule that fired: its id, layer, category and level, and the sentence it fired in."""

    rule: str
    layer: str
    category: str
    level: str
    sentence: int


@dataclass(frozen=True)
class Suppressed:
    """A rule that matched but was cancelled by ``guard`` (a guard id, or ``<rule>:unless``).

    ``kind`` is the guard's kind ("negation", "past", ...) or "unless".
    """

    rule: str
    guard: str
    kind: str
    sentence: int


@dataclass(frozen=True)
class Match:
    """What the rules found. ``anchored``: some rule's own pattern occurs in the text (risk
    wording), even if its other parts were missing or a guard cancelled it; the scorer's bar
    is lower then."""

    hits: tuple[Hit, ...]
    suppressed: tuple[Suppressed, ...]
    anchored: bool = False


NO_MATCH = Match((), ())
ANCHORED = Match((), (), True)


def _present_anchors(text: str, rules: RuleSet) -> frozenset[str]:
    return frozenset(a for a in rules.anchors if a in text)


def _guard_for(
    rule: CompiledRule,
    rules: RuleSet,
    text: str,
    seg: Segments,
    start: int,
    end: int,
    sentence: tuple[int, int],
) -> CompiledRule | None:
    """The first guard that cancels the match ``text[start:end]``, if any."""
    c0, c1 = seg.clause_of(start)
    s0, s1 = sentence
    for guard in rules.guards:
        if guard.category in rule.ignores or rule.category not in guard.applies_to:
            continue
        where = guard.where
        if where == "before":
            found = guard.regex.search(text, c0, start)
        elif where == "after":
            found = guard.regex.match(text, end, min(len(text), end + 80))
        elif where == "clause":
            found = guard.regex.search(text, c0, c1)
        elif where == "sentence":
            found = guard.regex.search(text, s0, s1)
        elif where == "nearby":
            s0, s1 = seg.nearby(start)
            found = guard.regex.search(text, s0, s1)
        else:
            found = guard.regex.search(text)
        if found is None:
            continue
        if guard.unless is not None and guard.unless.search(text, s0, s1):
            continue
        return guard
    return None


def _scope(rule: CompiledRule, seg: Segments, at: int, sentence: tuple[int, int]):
    if rule.scope == "clause":
        return seg.clause_of(at)
    if rule.scope == "nearby":
        return seg.nearby(at)
    return sentence


def _try_rule(
    rule: CompiledRule, rules: RuleSet, text: str, seg: Segments
) -> tuple[Hit | None, list[Suppressed], bool]:
    """(the hit, the cancelled matches, whether the rule's own pattern occurred at all)."""
    suppressed: list[Suppressed] = []
    occurred = False
    for found in rule.regex.finditer(text):
        occurred = True
        start, end = found.span()
        index, s0, s1 = seg.sentence_of(start)
        w0, w1 = _scope(rule, seg, start, (s0, s1))
        if rule.also and not all(part.search(text, w0, w1) for part in rule.also):
            continue
        if rule.unless is not None and rule.unless.search(text, s0, s1):
            suppressed.append(Suppressed(rule.id, f"{rule.id}:unless", "unless", index))
            continue
        guard = _guard_for(rule, rules, text, seg, start, end, (s0, s1))
        if guard is not None:
            suppressed.append(Suppressed(rule.id, guard.id, guard.category, index))
            continue
        return Hit(rule.id, rule.layer, rule.category, rule.level, index), suppressed, True
    return None, suppressed, occurred


def match_rules(text: str, languages: tuple[str, ...], seg: Segments | None = None) -> Match:
    """Run the phrase and compose rules of ``languages`` over normalised ``text``."""
    if not text:
        return NO_MATCH
    hits: list[Hit] = []
    suppressed: list[Suppressed] = []
    anchored = False
    for code in languages:
        rules = rule_set(code)
        present = _present_anchors(text, rules)
        if not present:
            continue
        if seg is None:
            seg = segment(text, languages)
        for rule in rules.matchers:
            if present.isdisjoint(rule.anchors):
                continue
            hit, cancelled, occurred = _try_rule(rule, rules, text, seg)
            anchored = anchored or occurred
            suppressed.extend(cancelled)
            if hit is not None:
                hits.append(hit)
    if not hits and not suppressed:
        return ANCHORED if anchored else NO_MATCH
    return Match(tuple(hits), tuple(suppressed), anchored)


def cue_kinds(text: str, languages: tuple[str, ...]) -> set[str]:
    """The kinds of the guards whose patterns occur anywhere in ``text`` (scorer features).

    A guard cancels only the rule match it governs; as a feature it tells the scorer that
    the text talks about the past, quotes, laughs or negates somewhere, whatever the rules
    matched.
    """
    found: set[str] = set()
    for code in languages:
        for guard in rule_set(code).cues:
            if guard.category not in found and guard.regex.search(text):
                found.add(guard.category)
    return found


def _part_found(
    regex: re.Pattern[str], rule: CompiledRule, rules: RuleSet, text: str, seg: Segments
) -> bool:
    for found in regex.finditer(text):
        start, end = found.span()
        _, s0, s1 = seg.sentence_of(start)
        if rule.unless is not None and rule.unless.search(text, s0, s1):
            continue
        if _guard_for(rule, rules, text, seg, start, end, (s0, s1)) is None:
            return True
    return False


def match_context(messages: tuple[str, ...], languages: tuple[str, ...]) -> Match:
    """Run the context rules over normalised ``messages`` (oldest first, the new one last).

    A context rule fires when each of its parts is found, unguarded, in one of the messages
    and at least one part is in the new message: the new message is what completes it.
    """
    if len(messages) < 2 or not messages[-1]:
        return NO_MATCH
    hits: list[Hit] = []
    segs = [segment(m, languages) for m in messages]
    joined = "\n".join(messages)
    for code in languages:
        rules = rule_set(code)
        for rule in rules.context:
            if not any(a in joined for a in rule.anchors):
                continue
            parts = (rule.regex, *rule.also)
            where = [
                [_part_found(p, rule, rules, m, s) for m, s in zip(messages, segs, strict=True)]
                for p in parts
            ]
            if all(any(found) for found in where) and any(found[-1] for found in where):
                hits.append(Hit(rule.id, rule.layer, rule.category, rule.level, 0))
    return Match(tuple(hits), (), True) if hits else NO_MATCH
