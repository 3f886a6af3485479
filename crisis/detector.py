"""The alert decision: rules and the learned score together, with the writer's context.

A text reads as a crisis when

- a rule fired (and was not cancelled by a guard) and the score is at least the ``rule``
  threshold, the low bar that lets the model veto a rule only when it is sure, or
- the text holds risk wording (some rule's own pattern occurs, even if the rule did not fire)
  and the score is at least the ``score`` threshold, or
- the score alone is at least the ``bare`` threshold: with no risk wording at all, the bar is
  higher, and for a short line (fewer features than the scorer's minimum) at least even odds,
  which keeps everyday chat ("thanks", "gracias chicas") quiet.

The thresholds are chosen on the held-out tuning set by ``manage.py crisis_train`` for a
recall target, and recorded in ``crisis/model/meta.json`` and ``crisis/README.md``.

The level and category come from the rules when one fired (the most severe hit), else from
the category model. With ``context`` (the same writer's last few messages in the same place,
oldest first), the messages are also read together: the context rules, and the score of the
joined text. The context can raise the new message to an alert only when the new message
adds something: when the joined reading is an alert and the context alone was not.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from crisis.engine import (
    NO_MATCH,
    Hit,
    Match,
    Suppressed,
    cue_kinds,
    match_context,
    match_rules,
)
from crisis.features import tag_features
from crisis.lexicon import LANGUAGES
from crisis.normalize import Normalized, normalize
from crisis.rules import LEVEL_OF
from crisis.scorer import Model, load_model, window_features
from crisis.split import segment

__all__ = ["MAX_CHARS", "Assessment", "assess"]

# Posts are limited to 20,000 characters; anything longer is read up to this many.
MAX_CHARS = 40_000
CONTEXT_MESSAGES = 3
SHORT_BAR = 0.5  # see the module docstring; the same figure as crisis.training.SHORT_BAR
CONTEXT_CHARS = 1_000
_RANK = {"concern": 1, "high": 2}


@dataclass(frozen=True)
class Assessment:
    """What the detector concluded about one text, and why. It never holds any of the text.

    ``level`` is "high" or "concern" (None when not a crisis); ``category`` the main kind
    ("intent", "plan", "farewell", "danger_now", "passive_wish", "hopelessness",
    "self_harm") and ``categories`` every kind found, the main one first. ``score`` is the
    learned scorer's probability; ``hits`` the rules that fired, ``suppressed`` the rules
    that matched but were cancelled (and by which guard); ``reason`` says what decided:
    "rules+score", "score", "context" or "" (no alert).
    """

    is_crisis: bool
    level: str | None
    category: str | None
    categories: tuple[str, ...]
    language: str | None
    score: float
    hits: tuple[Hit, ...] = ()
    suppressed: tuple[Suppressed, ...] = ()
    reason: str = ""

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(h.rule for h in self.hits)


def _thresholds(model: Model | None, language: str | None) -> tuple[float, float, float]:
    if model is None:
        return 0.0, 2.0, 2.0  # no model: rules alone decide
    chosen = model.meta["thresholds"]
    per_language = chosen.get(language or "", chosen["all"])
    return per_language["rule"], per_language["score"], per_language["bare"]


def _languages(norm: Normalized, hint: str | None) -> tuple[str, ...]:
    if norm.language:
        if hint in LANGUAGES and hint != norm.language and norm.language != "ru":
            return (norm.language, hint) if hint != "ru" else (norm.language,)
        return (norm.language,)
    return ("en", "es")


@dataclass(frozen=True)
class Reading:
    """One text read for the decision: the rules' verdict and the scorer's windows."""

    norm: Normalized
    languages: tuple[str, ...]
    match: Match
    windows: tuple[AbstractSet[int], ...]

    def features(self) -> AbstractSet[int]:
        """Every window's features together (the whole text, as the model is trained)."""
        if len(self.windows) == 1:
            return self.windows[0]
        return frozenset().union(*self.windows)


def read(text: str, hint: str | None = None) -> Reading:
    """Normalise ``text``, run the rules and cut it into scoring windows (no model needed)."""
    norm = normalize(text[:MAX_CHARS], language=hint)
    if not norm.text:
        return Reading(norm, (), NO_MATCH, ())
    languages = _languages(norm, hint)
    seg = segment(norm.text, languages)
    rule_seg = seg if norm.unquoted == norm.text else segment(norm.unquoted, languages)
    match = match_rules(norm.unquoted, languages, rule_seg)
    sentences = [norm.text[a:b] for a, b in seg.sentences()]
    tags = rule_tags(match, norm, languages)
    found = window_features(sentences)
    windows = tuple(w | tags for w in found) if tags else tuple(found)
    return Reading(norm, languages, match, windows)


def rule_tags(match: Match, norm: Normalized, languages: tuple[str, ...]) -> set[int]:
    """What the rules found, as features for the scorer: it learns how far to trust each."""
    tags = [f"hit:{h.category}" for h in match.hits]
    tags += [f"hit:{h.level}" for h in match.hits]
    if not match.hits:
        tags += [f"guard:{s.kind}" for s in match.suppressed]
    if norm.unquoted != norm.text:
        tags.append("quoted")
    tags += [f"cue:{kind}" for kind in cue_kinds(norm.unquoted, languages)]
    return tag_features(tags) if tags else set()


@dataclass(frozen=True)
class _Reading:
    norm: Normalized
    languages: tuple[str, ...]
    match: Match
    score: float
    best_window: AbstractSet[int]


def score(reading: Reading, model: Model) -> tuple[float, AbstractSet[int]]:
    """The highest window probability, and that window's features."""
    best_p: float = 0.0
    best: AbstractSet[int] = frozenset()
    for features in reading.windows:
        p = model.probability(features)
        if p > best_p or not best:
            best_p, best = p, features
    return best_p, best


def _read(text: str, hint: str | None, model: Model | None) -> _Reading:
    reading = read(text, hint)
    p, best = score(reading, model) if model is not None else (0.0, frozenset())
    return _Reading(reading.norm, reading.languages, reading.match, p, best)


def decide(reading: _Reading, model: Model | None, extra: Match = NO_MATCH) -> Assessment:
    """The alert decision for one read text (see the module docstring)."""
    return _decide(reading, model, extra)


def _decide(reading: _Reading, model: Model | None, extra: Match = NO_MATCH) -> Assessment:
    hits = reading.match.hits + extra.hits
    language = reading.norm.language
    if not language and hits:
        language = hits[0].rule.split(".", 1)[0]
    rule_t, score_t, bare_t = _thresholds(model, language)
    score = reading.score
    by_rules = bool(hits) and score >= rule_t
    if reading.match.anchored or extra.hits:
        bar = score_t
    elif model is not None and len(reading.best_window) < model.min_features:
        bar = max(bare_t, SHORT_BAR)
    else:
        bar = bare_t
    by_score = score >= bar
    if not (by_rules or by_score):
        return Assessment(
            False, None, None, (), language, score, hits, reading.match.suppressed, ""
        )
    categories: list[str] = []
    level = None
    if by_rules:
        ranked = sorted(hits, key=lambda h: -_RANK[h.level])
        level = ranked[0].level
        categories = list(dict.fromkeys(h.category for h in ranked))
    if model is not None and reading.best_window:
        guess, _confidence = model.category(reading.best_window)
        if not categories:
            level = LEVEL_OF[guess]
        if guess not in categories:
            categories.append(guess)
    if not categories:  # no model and no rule: cannot happen, kept for type safety
        categories, level = ["passive_wish"], "concern"
    reason = "rules+score" if by_rules else "score"
    return Assessment(
        True,
        level,
        categories[0],
        tuple(categories),
        language,
        score,
        hits,
        reading.match.suppressed,
        reason,
    )


def assess(
    text: str, *, lang: str | None = None, context: tuple[str, ...] | list[str] = ()
) -> Assessment:
    """Read ``text`` (and the writer's recent ``context`` messages) and say whether it is a crisis.

    Pure, fast and safe on any input: empty, huge, binary-looking or mixed-script text is
    assessed without error. ``lang`` is a hint (the writer's interface language).
    """
    model = load_model()
    reading = _read(text or "", lang, model)
    result = _decide(reading, model)
    recent = [c for c in (context or ())[-CONTEXT_MESSAGES:] if c and c.strip()]
    if not recent or not reading.norm.text:
        return result
    return _with_context(result, reading, recent, lang, model)


# The score a joined reading needs to raise an alert when no rule fired in it.
CONTEXT_SCORE_BAR = 0.5


def _with_context(
    alone: Assessment,
    reading: _Reading,
    recent: list[str],
    lang: str | None,
    model: Model | None,
) -> Assessment:
    """Read the new message together with the writer's previous ones (see module docstring)."""
    earlier = "\n".join(c[-CONTEXT_CHARS:] for c in recent)
    before = _decide(_read(earlier, lang, model), model)
    joined_reading = _read(f"{earlier}\n{reading.norm.text}", lang, model)
    context_norms = tuple(normalize(c[-CONTEXT_CHARS:], language=lang).unquoted for c in recent)
    extra = match_context((*context_norms, reading.norm.unquoted), reading.languages)
    joined = _decide(joined_reading, model, extra)
    if not joined.is_crisis:
        return alone
    if not (joined.hits or extra.hits) and joined.score < CONTEXT_SCORE_BAR:
        # Two ordinary messages side by side ("notes written up", "see you friday!") can
        # score a little over a bare threshold together: without a rule, the joined reading
        # must be fairly sure on its own.
        return alone
    rises = _RANK.get(joined.level or "", 0) > max(
        _RANK.get(alone.level or "", 0), _RANK.get(before.level or "", 0)
    )
    new_alert = not alone.is_crisis and (not before.is_crisis or bool(extra.hits))
    if not (rises or new_alert):
        return alone
    return Assessment(
        True,
        joined.level,
        joined.category,
        joined.categories,
        alone.language or joined.language,
        max(alone.score, joined.score),
        alone.hits + extra.hits,
        alone.suppressed,
        "context",
    )
