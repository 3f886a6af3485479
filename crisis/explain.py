"""Why the detector decided what it did, in words (``manage.py crisis_explain``).

For developers and moderators testing wording: it shows the normalised reading, the rules
that fired and the guards that cancelled others, the score against the thresholds, and the
n-grams of the highest-scoring window that weighed most. It prints the text it is given, so
it is a tool for our own test sentences, never something to run over member content in logs.
"""

from __future__ import annotations

import re
from zlib import crc32

from crisis.detector import assess, read, score
from crisis.features import CHAR_SIZES, MASK, tag_features
from crisis.rules import CATEGORIES, GUARD_KINDS, LEVELS
from crisis.scorer import load_model, window_spans
from crisis.split import segment

__all__ = ["explain"]

_WORDS = re.compile(r"[^\W_]+")


def _ngrams(sentence: str) -> dict[int, str]:
    """Bucket -> a readable n-gram, for the sentence (mirrors crisis.features)."""
    padded = f" {sentence.strip()} "
    found: dict[int, str] = {}
    for n in CHAR_SIZES:
        for i in range(len(padded) - n + 1):
            gram = padded[i : i + n]
            found.setdefault(crc32(gram.encode()) & MASK, repr(gram))
    words = _WORDS.findall(sentence)
    for word in words:
        found.setdefault(crc32(b"\x01" + word.encode()) & MASK, f"word {word!r}")
    for first, second in zip(words, words[1:], strict=False):
        key = crc32(b"\x02" + first.encode() + b" " + second.encode()) & MASK
        found.setdefault(key, f"words {first + ' ' + second!r}")
    return found


def _tag_names() -> dict[int, str]:
    tags = [f"hit:{c}" for c in CATEGORIES] + [f"hit:{level}" for level in LEVELS]
    tags += [f"guard:{k}" for k in (*GUARD_KINDS, "unless")] + [f"cue:{k}" for k in GUARD_KINDS]
    tags.append("quoted")
    return {next(iter(tag_features([tag]))): f"tag {tag}" for tag in tags}


def explain(text: str, *, lang: str | None = None, context: tuple[str, ...] = ()) -> list[str]:
    """Lines describing how ``text`` was read and decided."""
    result = assess(text, lang=lang, context=context)
    reading = read(text, lang)
    model = load_model()
    lines = [
        f"language: {reading.norm.language or 'unknown'}"
        + (" (Russian typed in Latin letters)" if reading.norm.translit else ""),
        f"normalised: {reading.norm.text!r}",
    ]
    if reading.norm.unquoted != reading.norm.text:
        lines.append(f"rules read (quotes set aside): {reading.norm.unquoted!r}")
    verdict = "CRISIS" if result.is_crisis else "no crisis"
    lines.append(
        f"decision: {verdict}"
        + (f" - level {result.level}, category {result.category}" if result.is_crisis else "")
        + (f", by {result.reason}" if result.reason else "")
    )
    if result.categories[1:]:
        lines.append(f"also: {', '.join(result.categories[1:])}")
    if model is not None:
        chosen = model.meta["thresholds"]
        per = chosen.get(result.language or "", chosen["all"])
        lines.append(
            f"score: {result.score:.3f} (alert with a rule at >= {per['rule']}, with a risk "
            f"word at >= {per['score']}, alone at >= {per['bare']}; "
            f"risk word present: {'yes' if reading.match.anchored else 'no'})"
        )
    else:
        lines.append("score: no model trained (rules alone decide)")
    for hit in result.hits:
        lines.append(
            f"rule fired: {hit.rule} [{hit.layer}] {hit.category}/{hit.level} "
            f"in sentence {hit.sentence + 1}"
        )
    for cancelled in result.suppressed:
        lines.append(
            f"rule cancelled: {cancelled.rule} by {cancelled.guard} ({cancelled.kind}) "
            f"in sentence {cancelled.sentence + 1}"
        )
    if model is not None and reading.windows:
        _p, best = score(reading, model)
        seg = segment(reading.norm.text, reading.languages)
        sentences = [reading.norm.text[a:b] for a, b in seg.sentences()]
        names = _tag_names()
        for first, last in window_spans([len(s) for s in sentences]):
            for sentence in sentences[first:last]:
                for bucket, name in _ngrams(sentence).items():
                    names.setdefault(bucket, name)
        weighed = sorted(
            ((model.weights.get(b, 0.0), names.get(b, "?")) for b in best),
            key=lambda wn: -abs(wn[0]),
        )
        top = [f"{name} {weight:+.2f}" for weight, name in weighed[:12] if weight]
        if top:
            lines.append("weighed most: " + ", ".join(top))
    if context:
        lines.append(f"read with {len(context)} earlier message(s) from the same writer")
    return lines
