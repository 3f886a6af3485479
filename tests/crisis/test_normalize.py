"""The one normaliser: what it folds for word lists, and how it reads text for the detector."""

import unicodedata

import pytest

from crisis.normalize import INVISIBLE, fold, fold_marks, guess_language, normalize


def test_case_and_full_width_letters_fold_to_plain_lower_case():
    assert fold("ＫＩＬＬ Me") == "kill me"


def test_zero_width_and_soft_hyphen_characters_inside_a_word_are_removed():
    assert fold("su\u200bi\u00adci\u200dde") == "suicide"


def test_every_character_in_the_invisible_class_renders_as_nothing():
    blanks = {"\u115f", "\u1160", "\u2800", "\u3164", "\uffa0", "\u17b4", "\u17b5"}
    for code in range(0x110000):
        char = chr(code)
        if INVISIBLE.fullmatch(char):
            category = unicodedata.category(char)
            assert category in {"Cf", "Mn", "Cn"} or char in blanks, hex(code)


def test_accents_and_zalgo_combining_marks_are_stripped():
    assert fold("súïcïdé") == "suicide"
    assert fold("s̷u̷i̷c̷i̷d̷e̷") == "suicide"


def test_russian_short_i_and_yo_fold_to_their_base_letters():
    assert fold("Самоубийство ёлка") == "самоубииство елка"


def test_leet_digits_and_symbols_inside_words_read_as_letters():
    assert fold("k1ll mys3lf") == "kill myself"
    assert fold("I w4nt to d1e") == "i want to die"
    assert fold("$ad and @lone") == "sad and alone"
    assert fold("ki11") == "kill"
    assert fold("don't want to 1ive") == "don't want to live"


def test_numbers_times_and_ordinals_are_left_alone():
    assert fold("At 4am on the 3rd, 20mg, 1999") == "at 4am on the 3rd, 20mg, 1999"


def test_cyrillic_lookalikes_in_a_latin_word_are_read_as_latin():
    assert fold("kіll") == "kill"  # Cyrillic і
    assert fold("і wаnt to die") == "i want to die"


def test_latin_lookalikes_in_a_russian_word_are_read_as_cyrillic():
    assert fold("xочу yмереть") == "хочу умереть"


def test_a_plain_russian_sentence_is_not_touched_by_homoglyph_mapping():
    assert fold("Он сказал, что всё хорошо") == "он сказал, что все хорошо"


def test_leet_digits_inside_a_russian_word_read_as_cyrillic_letters():
    assert fold("3ачем жить") == "зачем жить"


def test_letters_split_by_dots_dashes_or_single_spaces_are_joined():
    assert fold("s.u.i.c.i.d.e") == "suicide"
    assert fold("k-i-l-l") == "kill"
    assert fold("k i l l") == "kill"


def test_abbreviations_with_two_letters_and_dates_are_not_joined():
    assert fold("e.g. on 12.05.2024") == "e.g. on 12.05.2024"


def test_letters_repeated_three_or_more_times_are_cut_to_two():
    assert fold("pleeeease nooooo") == "pleease noo"
    assert fold("kill need") == "kill need"


def test_whitespace_collapses_but_a_line_break_survives_as_one_newline():
    assert fold("  a \t b  \n\n  c  ") == "a b\nc"


def test_curly_quotes_become_ascii():
    assert fold("I’m “fine”") == 'i\'m "fine"'


def test_empty_text_normalises_to_empty():
    assert fold("") == ""


def test_fold_marks_leaves_regex_syntax_intact():
    assert fold_marks(r"\bquería\b(?=\s)") == r"\bqueria\b(?=\s)"


# ---- the crisis reading: language, Latin-typed Russian, slang, stretched letters ----------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ya ne hochu zhit'", "я не хочу жит"),
        ("ho4u umeret' prjamo sejchas", "хочу умерет прямо сеичас"),
        ("kazhdoe utro prosypayus' i tot zhe koshmar", "каждое утро просыпаюс и тот же кошмар"),
        ("bol'she ne mogu, vse", "болше не могу, все"),
    ],
)
def test_russian_typed_in_latin_letters_is_read_as_cyrillic(text, expected):
    result = normalize(text)
    assert result.language == "ru"
    assert result.translit
    assert result.text == expected


def test_native_russian_and_latin_typed_russian_meet_in_one_spelling():
    assert normalize("Я не хочу жить").text == normalize("ja ne hochu zhit'").text


@pytest.mark.parametrize(
    "text",
    [
        "I don't know what to do",
        "playa del carmen con mi amiga, que bonito",
        "my ex is such a khaki guy",
        "1 w4nt t0 d13. n0t j0k1ng",
    ],
)
def test_english_and_spanish_are_not_mistaken_for_latin_typed_russian(text):
    assert not normalize(text).translit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kms tonight", "kill myself tonight"),
        ("gonna unalive myself", "going to kill myself"),
        ("sh again rn", "self harm again right now"),
        ("ctb soon", "end my life soon"),
        ("q me quiero morir xq ya no puedo", "que me quiero morir porque ya no puedo"),
        ("ya no kiero vivir pa q", "ya no quiero vivir para que"),
        ("щас выпилюсь", "сеичас покончу с собои"),
    ],
)
def test_slang_and_abbreviations_are_expanded_per_language(text, expected):
    assert normalize(text).text == expected


def test_stretched_letters_and_apostrophes_do_not_hide_words():
    assert normalize("I waaaant to diiiie, whyyyy").text == "i want to die, why"
    assert normalize("killlll myyyself").text == "kill myself"
    assert normalize("don't").text == normalize("dont").text == "dont"
    assert normalize("нееет, хочу умереееть").text == "нет, хочу умерет"


def test_leet_digits_in_russian_words_are_read_by_position():
    assert normalize("с3г0дня вып1люсь, вс3 д0ст4л0").text == "сегодня покончу с собои, все достало"
    assert normalize("3ачем жить").text == "зачем жит"


def test_quoted_words_are_set_aside_for_the_rules_but_kept_for_the_scorer():
    result = normalize('He wrote "I want to die" on the wall')
    assert "die" in result.text
    assert "die" not in result.unquoted


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I found the messages and I can't breathe", "en"),
        ("encontré los mensajes y no puedo respirar", "es"),
        ("нашла переписку и не могу дышать", "ru"),
        ("", None),
        ("🙂🙂", None),
    ],
)
def test_the_language_is_guessed_from_the_text(text, language):
    assert guess_language(fold(text)) == language


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\x00\x01\x02\ufffd" * 50, "Ж" * 20_000, "a\u0301" * 5000, "👍" * 3000],
)
def test_any_input_normalises_without_error(text):
    normalize(text)
