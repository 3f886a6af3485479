"""Watched words: one check, used by the forum and the chat, over normalised text.

Rules are compiled once per process and recompiled when a moderator changes the list (a
version number in the shared cache tells every process). Whole-word rules run over text
folded by :func:`crisis.normalize.fold` (``moderation.watched_patterns``), so capitals, full-width
letters, zero-width characters and digits standing for letters do not slip past. Pattern rules
run on RE2, whose matching time grows linearly with the text, so no pattern a moderator writes
can stall the site (no catastrophic backtracking); RE2 also refuses back-references.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import re2
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from community.cache_versions import shared_version, shared_version_renew

from .models import WatchedWord
from .watched_patterns import fold, watched_word_regex

VERSION_CACHE_KEY = "moderation:watched-words:version"
MAX_CHECKED_CHARS = 20_000
PATTERN_MAX_LENGTH = 200
_RE2_MAX_MEM = 1 << 21  # 2 MiB per compiled pattern: refuses huge counted repetitions.
_SEVERITY = {"block": 3, "hold": 2, "flag": 1}


@dataclass(frozen=True)
class Verdict:
    """What to do with a text: ``action`` is "block", "hold", "flag" or None (allow)."""

    action: str | None = None
    rule_ids: tuple[int, ...] = field(default_factory=tuple)

    @property
    def blocked(self) -> bool:
        return self.action == "block"

    @property
    def held(self) -> bool:
        return self.action == "hold"

    @property
    def flagged(self) -> bool:
        return self.action == "flag"


ALLOW = Verdict()


def block_message() -> str:
    return _(
        "This message includes words this community does not allow, so it was not posted. "
        "Please rephrase it; your text is still in the box."
    )


def _re2_options():
    options = re2.Options()
    options.max_mem = _RE2_MAX_MEM
    options.case_sensitive = False
    options.log_errors = False
    return options


def validate_rule(*, kind: str, text: str) -> None:
    """Refuse a rule that cannot work or would match everything; a clear message for each."""
    text = text or ""
    if kind == "pattern":
        if len(text) > PATTERN_MAX_LENGTH:
            raise ValidationError(
                {
                    "text": _("A pattern can be at most %(n)s characters.")
                    % {"n": PATTERN_MAX_LENGTH}
                }
            )
        try:
            compiled = re2.compile(text, _re2_options())
        except re2.error as error:
            raise ValidationError(
                {
                    "text": _(
                        "This pattern is not valid (%(error)s). Back-references and look-arounds "
                        "are not supported."
                    )
                    % {"error": _error_text(error)}
                }
            ) from error
        if compiled.search("") is not None:
            raise ValidationError(
                {"text": _("This pattern matches empty text, so it would match every message.")}
            )
        return
    normalized = fold(text)
    if not re.search(r"[^\W_]", normalized):
        raise ValidationError({"text": _("A watched word needs at least one letter or digit.")})


def _error_text(error: Exception) -> str:
    detail = error.args[0] if error.args else error
    if isinstance(detail, bytes):
        detail = detail.decode("utf-8", "replace")
    return str(detail)[:120]


@dataclass(frozen=True)
class _CompiledRule:
    id: int
    action: str
    matcher: object


_process_cache: dict[str, object] = {"version": None, "rules": ()}
_lock = threading.Lock()


def _current_version() -> str:
    return shared_version(VERSION_CACHE_KEY)


def watched_words_changed() -> None:
    """Tell every process to recompile: called by each service that changes the list."""
    shared_version_renew(VERSION_CACHE_KEY)


def _compile_rules() -> tuple[_CompiledRule, ...]:
    compiled = []
    for rule in WatchedWord.objects.filter(active=True).order_by("pk"):
        try:
            if rule.kind == WatchedWord.Kind.PATTERN:
                matcher = re2.compile(rule.text, _re2_options())
            else:
                matcher = watched_word_regex(rule.text)
        except (re2.error, re.error, ValueError):
            # A rule saved before validation existed: skip it rather than fail every post.
            continue
        compiled.append(_CompiledRule(id=rule.pk, action=rule.action, matcher=matcher))
    return tuple(compiled)


def _rules() -> tuple[_CompiledRule, ...]:
    version = _current_version()
    if _process_cache["version"] != version:
        with _lock:
            if _process_cache["version"] != version:
                _process_cache["rules"] = _compile_rules()
                _process_cache["version"] = version
    return _process_cache["rules"]  # type: ignore[return-value]


def watched_words_check(text: str) -> Verdict:
    """Check member text against the watched words; the most severe matching action wins."""
    rules = _rules()
    if not rules or not text:
        return ALLOW
    normalized = fold(text[:MAX_CHECKED_CHARS])
    matched = [rule for rule in rules if rule.matcher.search(normalized) is not None]
    if not matched:
        return ALLOW
    action = max((rule.action for rule in matched), key=lambda a: _SEVERITY.get(a, 0))
    return Verdict(action=action, rule_ids=tuple(rule.id for rule in matched))
