"""The watched-words list: moderators add, change and remove rules; every process recompiles."""

from django.db import transaction

from ..audit import audit_record
from ..models import WatchedWord
from ..permissions import check_is_moderator
from ..watched import validate_rule, watched_words_changed


def _watched_words_changed_now_and_on_commit() -> None:
    """Recompile now (this process sees its own write) and again once the change commits
    (another process that recompiled in between read the old list)."""
    watched_words_changed()
    transaction.on_commit(watched_words_changed)


def _watched_label(word: WatchedWord) -> str:
    return f"watched {word.kind} {word.pk}: {word.text} ({word.action})"[:200]


@transaction.atomic
def watched_word_create(
    *, actor, text: str, kind: str, action: str, note: str = "", active: bool = True
) -> WatchedWord:
    check_is_moderator(actor)
    word = WatchedWord(
        text=(text or "").strip(),
        kind=kind,
        action=action,
        note=note,
        active=active,
        created_by=actor,
    )
    validate_rule(kind=word.kind, text=word.text)
    word.full_clean()
    word.save()
    audit_record(
        actor=actor, action="watched_word.create", target=word, target_label=_watched_label(word)
    )
    _watched_words_changed_now_and_on_commit()
    return word


@transaction.atomic
def watched_word_update(
    *,
    actor,
    word: WatchedWord,
    text: str,
    kind: str,
    action: str,
    note: str = "",
    active: bool = True,
) -> WatchedWord:
    check_is_moderator(actor)
    word.text, word.kind, word.action = (text or "").strip(), kind, action
    word.note, word.active = note, active
    validate_rule(kind=word.kind, text=word.text)
    word.full_clean()
    word.save()
    audit_record(
        actor=actor, action="watched_word.update", target=word, target_label=_watched_label(word)
    )
    _watched_words_changed_now_and_on_commit()
    return word


@transaction.atomic
def watched_word_delete(*, actor, word: WatchedWord) -> None:
    check_is_moderator(actor)
    audit_record(
        actor=actor, action="watched_word.delete", target=word, target_label=_watched_label(word)
    )
    word.delete()
    _watched_words_changed_now_and_on_commit()
