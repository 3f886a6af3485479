"""The site's one crisis detector.

Posts, thread titles, chat messages and searches all go through :func:`assess`. When it fires,
the writer sees crisis resources and the facilitators get a safety alert; the content is still
posted. So the detector is tuned to miss as little as possible while staying quiet on what
this community talks about every day: betrayal, grief, past trauma, idioms, and questions about
how to help someone else.

How a message is read:

1. It is normalised (:mod:`moderation.textnorm`), so "k1ll mys3lf" and zero-width tricks read
   plainly.
2. Text in quotation marks is set aside: it is someone else's words, or a title.
3. Only the rules whose literal stems occur in the message are tried (chat sends every
   message through here, so most messages stop at this step).
4. Each match is checked in its own sentence: who it is about (scanning left from the match
   for the subject, across auxiliaries and adverbs, to a clause boundary), whether a negation
   governs it ("I would never hurt myself"; but "I can't stop thinking about ending it" is not
   negated), whether it is reported or asked by someone else ("she asked if I wanted to..."),
   whether it is in the past ("two years ago I tried...") or an idiom ("die of embarrassment").

The result carries rule categories only, never any of the text, and nothing here logs.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from moderation import crisis_lexicon as lexicon
from moderation.crisis_compose import compose_categories
from moderation.crisis_compose import text_keys as compose_keys
from moderation.crisis_concepts import concept_categories
from moderation.textnorm import fold_marks, normalize_for_matching

__all__ = ["CrisisAssessment", "assess", "reads_as_crisis"]


@dataclass(frozen=True)
class CrisisAssessment:
    """What the detector concluded about one piece of text.

    ``categories`` names the kinds of crisis found ("suicidal_ideation", "self_harm",
    "sexual_assault_now", "abuse_danger"); it never holds any of the text, so it may be stored
    in an alert or an audit entry.
    """

    is_crisis: bool
    language: str | None
    categories: tuple[str, ...]


_TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*|[,;:()]")
_PUNCT_TOKENS = frozenset(",;:()")
_QUOTED = re.compile(
    r"\"[^\"\n]{1,400}\"|«[^»]{0,400}»|(?<![\w'])'(?!\s)[^\n]{2,300}?(?<!\s)'(?!\w)"
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-z]")
_SCAN_LIMIT = 12
_LAUGH_REACH = 60  # laughter cancels a hyperbole only near it, not anywhere in a long post


def _fold_words(words: frozenset[str]) -> frozenset[str]:
    return frozenset(fold_marks(w) for w in words)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(fold_marks(pattern))


@dataclass(frozen=True)
class _Cues:
    code: str
    self_subjects: frozenset[str]
    other_subjects: frozenset[str]
    fillers: frozenset[str]
    negators: frozenset[str]
    neutralizers: frozenset[str]
    past_markers: frozenset[str]
    perfect_markers: frozenset[str]
    boundaries: frozenset[str]
    complementizers: frozenset[str]
    blockers: frozenset[str]
    reporting: frozenset[str]
    recency: re.Pattern[str]
    distant: re.Pattern[str]
    laughter: re.Pattern[str]
    frames: re.Pattern[str]
    cues: dict[str, re.Pattern[str]]
    stopwords: frozenset[str]
    pro_drop_language: bool


@dataclass(frozen=True)
class _Rule:
    rule: lexicon.Rule
    order: int
    regex: re.Pattern[str]
    unless_after: re.Pattern[str] | None
    keys: frozenset[str]
    past_groups: tuple[str, ...]
    now_groups: tuple[str, ...]


_KEY_LENGTH = 4
_STRIP = ".,;:!?\"'()[]{}«»-*_~…"


def _gate_key(stem: str) -> str:
    """The word-start key a stem is looked up by: its longest word, cut to four letters.

    Gating on word keys (one set intersection per message) instead of substring searches
    keeps the cost of the gate flat however many rules there are.
    """
    word = max(fold_marks(stem).split(), key=len)
    return word[:_KEY_LENGTH]


_STRIP_TABLE = str.maketrans(dict.fromkeys(_STRIP, " "))


def _text_keys(text: str) -> set[str]:
    if text.isascii():
        # translate() has a fast path for ASCII-to-ASCII tables.
        return {w[:_KEY_LENGTH] for w in text.translate(_STRIP_TABLE).split()}
    return {w.strip(_STRIP)[:_KEY_LENGTH] for w in text.replace("-", " ").split()}


def _build_cues(cues: lexicon.LanguageCues) -> _Cues:
    return _Cues(
        code=cues.code,
        self_subjects=_fold_words(cues.self_subjects),
        other_subjects=_fold_words(cues.other_subjects),
        fillers=_fold_words(cues.fillers | cues.neutralizers),
        negators=_fold_words(cues.negators),
        neutralizers=_fold_words(cues.neutralizers),
        past_markers=_fold_words(cues.past_markers),
        perfect_markers=_fold_words(cues.perfect_markers),
        boundaries=_fold_words(cues.boundaries),
        complementizers=_fold_words(cues.boundaries) & {"that", "que", "что", "чтобы"},
        blockers=_fold_words(cues.blockers),
        reporting=_fold_words(cues.reporting),
        recency=_compile(cues.recency),
        distant=_compile(cues.distant),
        laughter=_compile(cues.laughter),
        frames=_compile(cues.frames),
        cues={name: _compile(p) for name, p in cues.cues.items()},
        stopwords=_fold_words(cues.stopwords),
        pro_drop_language=cues.code != "en",
    )


def _build_rule(rule: lexicon.Rule, order: int) -> _Rule:
    regex = re.compile(fold_marks(rule.pattern), re.MULTILINE)
    names = tuple(regex.groupindex)
    return _Rule(
        rule=rule,
        order=order,
        regex=regex,
        unless_after=_compile(rule.unless_after) if rule.unless_after else None,
        keys=frozenset(_gate_key(s) for s in rule.stems),
        past_groups=tuple(n for n in names if n.startswith("past")),
        now_groups=tuple(n for n in names if n.startswith("now")),
    )


_CUES: dict[str, _Cues] = {code: _build_cues(c) for code, c in lexicon.CUES.items()}
_RULES: dict[str, tuple[_Rule, ...]] = {
    code: tuple(_build_rule(r, i) for i, r in enumerate(rules))
    for code, rules in lexicon.RULES.items()
}
_BY_KEY: dict[str, dict[str, list[_Rule]]] = {}
for _code, _rules in _RULES.items():
    for _rule in _rules:
        for _key in _rule.keys:
            _BY_KEY.setdefault(_code, {}).setdefault(_key, []).append(_rule)
_KEYS: dict[str, frozenset[str]] = {code: frozenset(keys) for code, keys in _BY_KEY.items()}
_LATIN_LANGS = ("en", "es")
_CYRILLIC_LANGS = ("ru",)


@dataclass
class _Scan:
    subject: str | None = None  # "self", "other", "unknown" or None (clause start)
    negated: bool = False
    past: bool = False
    perfect: bool = False
    blocked: bool = False
    consumed: int = 0
    at: int = -1  # index of the token the walk stopped on
    frame_walk: bool = False  # whether the words before ``at`` may frame the clause


def _scan_left(tokens: list[str], cues: _Cues) -> _Scan:
    """Walk left from a match to its subject, noting negation, tense and framing on the way.

    The walk crosses only auxiliaries, adverbs and the like ("I would honestly never ...");
    a clause boundary ends it, so "he left and I want to die" is about the writer, and a
    negation in another clause does not count.
    """
    scan = _Scan()
    neutralized = False
    for j in range(len(tokens) - 1, max(-1, len(tokens) - 1 - _SCAN_LIMIT), -1):
        tok = tokens[j]
        scan.at = j
        if tok in _PUNCT_TOKENS or tok in cues.boundaries:
            scan.frame_walk = tok in cues.complementizers
            return scan
        if tok in cues.blockers:
            scan.blocked = True
            return scan
        if tok in cues.self_subjects:
            scan.subject = "self"
            scan.perfect = scan.perfect or tok in cues.perfect_markers
            scan.frame_walk = True
            return scan
        if tok in cues.other_subjects:
            scan.subject = "other"
            return scan
        if tok in cues.negators:
            if not neutralized:
                scan.negated = True
        elif tok in cues.neutralizers:
            # "can't stop wanting to die", "no puedo dejar de pensar en...": the negation is
            # about stopping, not about the wish.
            neutralized = True
        elif tok in cues.past_markers:
            scan.past = True
        elif tok in cues.perfect_markers:
            scan.perfect = True
        elif tok not in cues.fillers:
            scan.subject = "unknown"
            scan.frame_walk = True
            return scan
        scan.consumed += 1
    return scan


def _framed(tokens: list[str], at: int, cues: _Cues, rest: str) -> bool:
    """Whether the clause that starts at ``tokens[at]`` is a question, a report or a condition.

    "my therapist asked if I...", "me dijo que...", "if I ever feel like I want to die again,
    I'll call...": a reporting verb just before, or "if/si/если" opening the clause. A
    condition on someone else ("if he leaves me I'll kill myself") is not a frame: the main
    clause is the writer's own. "I told her I want to die" stays the writer's own too.
    """
    for n, k in enumerate(range(at - 1, max(-1, at - 7), -1)):
        tok = tokens[k]
        if tok in _PUNCT_TOKENS:
            return False
        if tok in cues.blockers:
            follows_self = k + 1 < len(tokens) and tokens[k + 1] in cues.self_subjects
            return n == 0 or follows_self or "," in rest
        if n < 3 and tok in cues.reporting:
            return not (k > 0 and tokens[k - 1] in cues.self_subjects)
    return False


def _fires(
    crule: _Rule,
    cues: _Cues,
    match: re.Match[str],
    sentence: str,
    sentences: _Sentences,
    i: int,
) -> bool:
    rule = crule.rule
    if crule.unless_after is not None and crule.unless_after.match(sentence, match.end()):
        return False
    if rule.hyperbole and cues.laughter.search(
        sentence, max(0, match.start() - _LAUGH_REACH), match.end() + _LAUGH_REACH
    ):
        return False
    if cues.frames.search(sentence, 0, match.start()):
        return False

    tokens = _TOKEN.findall(sentence, 0, match.start())
    scan = _scan_left(tokens, cues)
    if scan.blocked:
        return False
    if scan.frame_walk and _framed(tokens, scan.at, cues, sentence[match.end() :]):
        return False
    if rule.subject == "self" and scan.subject != "self":
        if scan.subject == "other":
            return False
        if scan.subject == "unknown" and not (cues.pro_drop_language and rule.pro_drop == 2):
            return False
        if rule.pro_drop == 0 or (rule.pro_drop == 1 and scan.consumed == 0):
            return False
    if scan.negated and rule.negatable:
        return False

    past = (any(match.group(g) for g in crule.past_groups) or scan.past) and not scan.perfect
    now = any(match.group(g) for g in crule.now_groups)
    if rule.tense == "recent" or past:
        if not now and (not cues.recency.search(sentence) or cues.distant.search(sentence)):
            return False
    elif rule.tense == "threat" and cues.distant.search(sentence):
        return False

    if rule.requires:
        cue = cues.cues[rule.requires]
        near = range(max(0, i - 1), min(len(sentences), i + 2))
        return any(cue.search(sentences.get(k)) for k in near)
    return True


def _language_of(text: str) -> str | None:
    """A best guess at the language of ``text``, for choosing the resources to show."""
    sample = text[:600]
    cyrillic = bool(_CYRILLIC.search(sample))
    if cyrillic and not _LATIN.search(sample):
        return "ru"
    words = sample.translate(_STRIP_TABLE).split() if sample.isascii() else sample.split()
    en = sum(1 for w in words if w in _CUES["en"].stopwords)
    es = sum(1 for w in words if w in _CUES["es"].stopwords)
    if cyrillic:
        ru = len(words) - en - es
        if ru > en + es:
            return "ru"
    if en == es:
        return None
    return "en" if en > es else "es"


_EN_EXTRA = frozenset(
    "a an about who by on as if be been are were will would has had from our we their "
    "there been after before because".split()
)
_ES_EXTRA = frozenset(
    "un del al los su sus como mas pero si fue ser era son esta este esto cuando donde "
    "despues antes porque hay tiene".split()
)


def _latin_tiebreak(text: str) -> str | None:
    """A second look when :func:`_language_of` cannot tell English from Spanish."""
    words = text.translate(_STRIP_TABLE).split() if text.isascii() else text.split()
    en = sum(1 for w in words if w in _EN_EXTRA)
    es = sum(1 for w in words if w in _ES_EXTRA)
    if en == es:
        return None
    return "en" if en > es else "es"


def _candidate_rules(
    text: str, keys: set[str] | None = None
) -> list[tuple[_Cues, list[tuple[_Rule, list[str]]]]]:
    codes: tuple[str, ...] = ()
    if _LATIN.search(text):
        codes += _LATIN_LANGS
    if _CYRILLIC.search(text):
        codes += _CYRILLIC_LANGS
    if not codes:
        return []
    if keys is None:
        keys = _text_keys(text)
    found = []
    for code in codes:
        hits = keys & _KEYS[code]
        if not hits:
            continue
        by_key = _BY_KEY[code]
        rules: dict[int, tuple[_Rule, list[str]]] = {}
        for key in hits:
            for r in by_key[key]:
                rules.setdefault(r.order, (r, []))[1].append(key)
        found.append((_CUES[code], [rules[i] for i in sorted(rules)]))
    return found


_TERMINATORS = (". ", "! ", "? ", "\n", "\u2026")


class _Sentences:
    """Sentence boundaries of one message, found once and only when a rule needs them."""

    def __init__(self, text: str) -> None:
        self.text = text
        ends = set()
        for t in _TERMINATORS:
            k = text.find(t)
            while k >= 0:
                ends.add(k + 1)
                k = text.find(t, k + 1)
        self.starts = [0, *sorted(e for e in ends if e < len(text))]
        self._spans: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.starts)

    def get(self, i: int) -> str:
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[i] : end]

    def holding(self, key: str) -> list[int]:
        """Indexes of the sentences that contain ``key``."""
        found = self._spans.get(key)
        if found is None:
            found = []
            text = self.text
            at = text.find(key)
            while at >= 0:
                if at and text[at - 1].isalpha():
                    # Keys are word starts: "go" inside "ago" is not a hit.
                    at = text.find(key, at + 1)
                    continue
                i = bisect_right(self.starts, at) - 1
                found.append(i)
                nxt = self.starts[i + 1] if i + 1 < len(self.starts) else len(text)
                at = text.find(key, nxt)
            self._spans[key] = found
        return found


def _rule_fires(crule: _Rule, cues: _Cues, sentences: _Sentences, keys: list[str]) -> bool:
    seen: set[int] = set()
    for key in keys:
        for i in sentences.holding(key):
            if i in seen:
                continue
            seen.add(i)
            sentence = sentences.get(i)
            for match in crule.regex.finditer(sentence):
                if _fires(crule, cues, match, sentence, sentences, i):
                    return True
    return False


def assess(text: str) -> CrisisAssessment:
    """Read ``text`` and say whether it reads as a crisis, in which language, and of what kind.

    Pure and fast (rules are compiled at import); safe to call on every chat message.
    """
    normalized = normalize_for_matching(text or "")
    if not normalized:
        return CrisisAssessment(False, None, ())
    unquoted = normalized
    if '"' in unquoted or "«" in unquoted or " '" in unquoted or unquoted.startswith("'"):
        unquoted = _QUOTED.sub(" , ", unquoted)
    codes: tuple[str, ...] = ()
    if _LATIN.search(unquoted):
        # English and Spanish share stems ("suicid..."): read Latin text in its own language.
        guess = _language_of(unquoted) or _latin_tiebreak(unquoted)
        codes += (guess,) if guess in _LATIN_LANGS else _LATIN_LANGS
    if _CYRILLIC.search(unquoted):
        codes += _CYRILLIC_LANGS
    concept_language, concept_found = concept_categories(unquoted, codes)
    # One set of word keys gates both the phrase rules and the compositional layer (rules are
    # only tried on the unquoted text, so gating on it loses nothing).
    keys = compose_keys(unquoted)
    compose_language, compose_found = compose_categories(unquoted, codes, keys)
    for category in compose_found:
        if category not in concept_found:
            concept_found.append(category)
            concept_language = concept_language or compose_language

    candidates = _candidate_rules(normalized, keys)
    if not candidates:
        if concept_found:
            return CrisisAssessment(True, concept_language, tuple(concept_found))
        return CrisisAssessment(False, _language_of(normalized), ())

    sentences = _Sentences(unquoted)
    categories: list[str] = []
    language: str | None = None
    for cues, rules in candidates:
        for crule, keys in rules:
            category = crule.rule.category
            if category in categories:
                continue
            if _rule_fires(crule, cues, sentences, keys):
                categories.append(category)
                language = language or cues.code
    for category in concept_found:
        if category not in categories:
            categories.append(category)
            language = language or concept_language
    if not categories:
        return CrisisAssessment(False, _language_of(normalized), ())
    return CrisisAssessment(True, language, tuple(categories))


def reads_as_crisis(text: str) -> bool:
    """Shorthand for ``assess(text).is_crisis``, for callers that only branch on it."""
    return assess(text).is_crisis
