"""The one normaliser (``crisis.normalize.fold``) as watched words use it, and their patterns."""

import re
import unicodedata

import pytest

from crisis.normalize import INVISIBLE as _INVISIBLE
from crisis.normalize import fold as normalize_for_matching
from crisis.normalize import fold_marks
from moderation.watched_patterns import watched_word_regex, watched_words_regex


def test_case_and_full_width_letters_fold_to_plain_lower_case():
    assert normalize_for_matching("ＫＩＬＬ Me") == "kill me"


def test_zero_width_and_soft_hyphen_characters_inside_a_word_are_removed():
    assert normalize_for_matching("su\u200bi\u00adci\u200dde") == "suicide"


def test_every_character_in_the_invisible_class_renders_as_nothing():
    blanks = {"\u115f", "\u1160", "\u2800", "\u3164", "\uffa0", "\u17b4", "\u17b5"}
    for code in range(0x110000):
        char = chr(code)
        if _INVISIBLE.fullmatch(char):
            category = unicodedata.category(char)
            assert category in {"Cf", "Mn", "Cn"} or char in blanks, hex(code)


def test_accents_and_zalgo_combining_marks_are_stripped():
    assert normalize_for_matching("súïcïdé") == "suicide"
    assert normalize_for_matching("s̷u̷i̷c̷i̷d̷e̷") == "suicide"


def test_russian_short_i_and_yo_fold_to_their_base_letters():
    assert normalize_for_matching("Самоубийство ёлка") == "самоубииство елка"


def test_leet_digits_and_symbols_inside_words_read_as_letters():
    assert normalize_for_matching("k1ll mys3lf") == "kill myself"
    assert normalize_for_matching("I w4nt to d1e") == "i want to die"
    assert normalize_for_matching("$ad and @lone") == "sad and alone"
    assert normalize_for_matching("ki11") == "kill"
    assert normalize_for_matching("don't want to 1ive") == "don't want to live"


def test_numbers_times_and_ordinals_are_left_alone():
    assert (
        normalize_for_matching("At 4am on the 3rd, 20mg, 1999") == "at 4am on the 3rd, 20mg, 1999"
    )


def test_cyrillic_lookalikes_in_a_latin_word_are_read_as_latin():
    assert normalize_for_matching("kіll") == "kill"  # Cyrillic і
    assert normalize_for_matching("і wаnt to die") == "i want to die"


def test_latin_lookalikes_in_a_russian_word_are_read_as_cyrillic():
    assert normalize_for_matching("xочу yмереть") == "хочу умереть"


def test_a_plain_russian_sentence_is_not_touched_by_homoglyph_mapping():
    assert normalize_for_matching("Он сказал, что всё хорошо") == "он сказал, что все хорошо"


def test_leet_digits_inside_a_russian_word_read_as_cyrillic_letters():
    assert normalize_for_matching("3ачем жить") == "зачем жить"


def test_letters_split_by_dots_dashes_or_single_spaces_are_joined():
    assert normalize_for_matching("s.u.i.c.i.d.e") == "suicide"
    assert normalize_for_matching("k-i-l-l") == "kill"
    assert normalize_for_matching("k i l l") == "kill"


def test_abbreviations_with_two_letters_and_dates_are_not_joined():
    assert normalize_for_matching("e.g. on 12.05.2024") == "e.g. on 12.05.2024"


def test_letters_repeated_three_or_more_times_are_cut_to_two():
    assert normalize_for_matching("pleeeease nooooo") == "pleease noo"
    assert normalize_for_matching("kill need") == "kill need"


def test_whitespace_collapses_but_a_line_break_survives_as_one_newline():
    assert normalize_for_matching("  a \t b  \n\n  c  ") == "a b\nc"


def test_curly_quotes_become_ascii():
    assert normalize_for_matching("I’m “fine”") == 'i\'m "fine"'


def test_empty_text_normalises_to_empty():
    assert normalize_for_matching("") == ""


def test_fold_marks_leaves_regex_syntax_intact():
    assert fold_marks(r"\bquería\b(?=\s)") == r"\bqueria\b(?=\s)"


@pytest.mark.parametrize(
    "text", ["k1ll", "KILL", "k.i.l.l", "kіll", "kiiill", "ki11", "k\u200bill"]
)
def test_watched_word_regex_catches_common_evasions(text):
    assert watched_word_regex("kill").search(normalize_for_matching(text))


@pytest.mark.parametrize("text", ["skill", "killer", "kiln"])
def test_watched_word_regex_matches_whole_words_only(text):
    assert not watched_word_regex("kill").search(normalize_for_matching(text))


def test_watched_word_regex_keeps_double_letters_double():
    pattern = watched_word_regex("ass")
    assert not pattern.search("as")
    assert not pattern.search(normalize_for_matching("class"))
    assert pattern.search(normalize_for_matching("a$$"))


def test_watched_phrase_matches_with_or_without_the_space():
    pattern = watched_word_regex("kill yourself")
    assert pattern.search(normalize_for_matching("go k1ll yourself"))
    assert pattern.search(normalize_for_matching("killyourself"))


def test_watched_words_regex_combines_a_list_and_returns_none_for_an_empty_one():
    pattern = watched_words_regex(["slut", "kill yourself"])
    assert isinstance(pattern, re.Pattern)
    assert pattern.search(normalize_for_matching("SLUT"))
    assert watched_words_regex([]) is None


def test_watched_word_regex_refuses_a_word_without_letters():
    with pytest.raises(ValueError):
        watched_word_regex("   ")
