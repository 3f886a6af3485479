"""Behaviour of the one crisis detector, and its scores on our labelled sentences."""

import dataclasses
import time

import pytest

from moderation.crisis import CrisisAssessment, assess, reads_as_crisis
from moderation.crisis_eval import EVAL_SET, HOLDOUT, evaluate
from moderation.crisis_lexicon import RULES

# ---- scores ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def eval_scores():
    return evaluate(EVAL_SET)


def test_eval_set_is_large_balanced_and_covers_three_languages(eval_scores):
    assert eval_scores["count"] >= 360
    for lang in ("en", "es", "ru"):
        assert eval_scores["languages"][lang]["count"] >= 100


def test_eval_set_recall_is_at_least_095_and_precision_at_least_085_overall(eval_scores):
    assert eval_scores["recall"] >= 0.95
    assert eval_scores["precision"] >= 0.85


@pytest.mark.parametrize("lang", ["en", "es", "ru"])
def test_eval_set_recall_and_precision_hold_in_each_language(eval_scores, lang):
    figures = eval_scores["languages"][lang]
    assert figures["recall"] >= 0.95
    assert figures["precision"] >= 0.85


def test_holdout_written_before_tuning_still_scores_well():
    scores = evaluate(HOLDOUT)
    assert scores["count"] >= 60
    assert scores["recall"] >= 0.9
    assert scores["precision"] >= 0.85


def test_every_lexicon_rule_fires_on_its_own_example():
    for rules in RULES.values():
        for rule in rules:
            assert reads_as_crisis(rule.example), rule.id


# ---- the API -----------------------------------------------------------------------------


def test_assessment_names_the_language_and_category_but_holds_none_of_the_text():
    result = assess("I want to kill myself tonight")
    assert result == CrisisAssessment(True, "en", ("suicidal_ideation",))
    assert "kill" not in repr(result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.is_crisis = False  # type: ignore[misc]


def test_empty_or_blank_text_is_not_a_crisis_and_has_no_language():
    assert assess("") == CrisisAssessment(False, None, ())
    assert assess("   \n ") == CrisisAssessment(False, None, ())


def test_non_crisis_text_still_reports_its_language():
    assert assess("I feel destroyed by his affair and I cry every night").language == "en"
    assert assess("Me siento destrozada por su traición y no puedo dormir").language == "es"
    assert assess("Мне очень больно после его измены").language == "ru"


def test_categories_distinguish_self_harm_assault_and_danger():
    assert assess("I want to cut myself").categories == ("self_harm",)
    assert assess("I was just raped").categories == ("sexual_assault_now",)
    assert assess("He is outside my door and I'm scared").categories == ("abuse_danger",)


# ---- fires on first-person present crisis, in many phrasings ------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to be here anymore",
        "everyone would be better off without me",
        "I can't go on",
        "I have a plan",
        "he is outside my door and I'm scared",
        "I was just raped",
        "i kinda just want to die honestly",
        "Is it normal that I want to die every day?",
        "my husband left and I want to die",
        "If he leaves me I will kill myself",
    ],
)
def test_fires_on_first_person_crisis_statements_including_oblique_ones(text):
    assert reads_as_crisis(text)


def test_fires_when_the_negation_is_not_about_the_wish():
    assert reads_as_crisis("I can't stop thinking about ending it")
    assert reads_as_crisis("No puedo dejar de pensar en matarme")
    assert reads_as_crisis("Не могу перестать думать о самоубийстве")


def test_fires_when_the_crisis_sentence_follows_unrelated_ones():
    text = "We went to the park today. The kids played. I want to die."
    assert reads_as_crisis(text)


# ---- negation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I would never hurt myself",
        "I don't want to die",
        "I'm not suicidal, just tired",
        "no quiero morir",
        "nunca me haría daño",
        "я не хочу умирать",
        "я никогда не причиню себе вред",
    ],
)
def test_negated_statements_do_not_fire(text):
    assert not reads_as_crisis(text)


# ---- reported speech and quotes ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My therapist asked if I wanted to kill myself",
        "she said she wanted to die",
        'He wrote "I want to die" on the wall',
        "The song is called 'I want to die' and it's awful",
        "Mi terapeuta me preguntó si quería matarme",
        "Она сказала, что хочет умереть",
        "Я прочитала «хочу умереть» в его дневнике",
    ],
)
def test_reported_speech_and_quoted_text_do_not_fire(text):
    assert not reads_as_crisis(text)


def test_the_writer_reporting_their_own_words_still_fires():
    assert reads_as_crisis("I told my sister I want to die")


# ---- past tense --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Two years ago I tried to end it, today I'm doing better",
        "I was raped when I was 19",
        "I used to cut myself as a teenager",
        "Hace tres años intenté quitarme la vida",
        "Пять лет назад я пыталась покончить с собой",
    ],
)
def test_past_and_recovered_experiences_do_not_fire(text):
    assert not reads_as_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "I tried to kill myself an hour ago",
        "I cut myself again tonight",
        "Me violaron anoche",
        "Меня изнасиловали вчера",
    ],
)
def test_recent_attempts_self_harm_and_assault_fire(text):
    assert reads_as_crisis(text)


# ---- idioms and general talk about the topic ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "this traffic is killing me",
        "I could die of embarrassment",
        "I'm dying to know how it ends",
        "I'd rather die than go back to him",
        "my boss is going to kill me lol",
        "I'm cutting him out of my life",
        "me muero de risa",
        "me muero de vergüenza",
        "я умираю со смеху",
        "хоть убей, не помню",
    ],
)
def test_idioms_do_not_fire(text):
    assert not reads_as_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "How do I support my partner who is suicidal?",
        "Warning signs of suicide include withdrawal",
        "If you are having thoughts of suicide, call a crisis line",
        "I feel destroyed by his affair",
        "I'm thinking about ending it with him",
        "Estoy pensando en terminar con él",
        "Статья о профилактике суицида",
    ],
)
def test_general_talk_support_questions_and_betrayal_pain_do_not_fire(text):
    assert not reads_as_crisis(text)


# ---- each language, and evasions ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I want to end my life", "en"),
        ("me quiero matar", "es"),
        ("ya no quiero vivir", "es"),
        ("хочу покончить с собой", "ru"),
        ("не хочу больше жить", "ru"),
    ],
)
def test_each_language_fires_and_is_named(text, lang):
    result = assess(text)
    assert result.is_crisis
    assert result.language == lang


@pytest.mark.parametrize(
    "text",
    [
        "i w4nt to k1ll mys3lf",
        "I want to d\u200bie",
        "I want to kіll myself",  # Cyrillic і
        "I WANT TO DIE",
        "s.u.i.c.i.d.a.l and alone, I'm s-u-i-c-i-d-a-l",
        "xочу yмереть",
        "mE qUiErO m0rIr",
    ],
)
def test_evasions_are_seen_through(text):
    assert reads_as_crisis(text)


# ---- performance -------------------------------------------------------------------------


def test_a_one_kilobyte_message_is_assessed_quickly():
    text = (
        "I found out about the affair three weeks ago and I still can't sleep. He says it "
        "meant nothing, but I keep going over every late night at the office. My therapist "
        "says the anger is normal. Today I managed to go for a walk with my sister. "
    ) * 4
    text = text[:1024]
    assess(text)
    runs = 300
    start = time.process_time()
    for _ in range(runs):
        assess(text)
    per_second = runs / max(time.process_time() - start, 1e-9)
    # Generous floor so a loaded CI machine does not flake; the benchmark figure is higher.
    assert per_second > 1000


# ---- the broad concept layer: wordings the phrase rules were not written for ---------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I wish I could go to sleep and never wake up", "suicidal_ideation"),
        ("i dont think ill be around much longer", "suicidal_ideation"),
        ("I've been giving my things away this week", "suicidal_ideation"),
        ("I'm standing on the bridge right now", "suicidal_ideation"),
        ("no reason to keep living tbh", "suicidal_ideation"),
        ("quisiera dormirme y no despertar nunca", "suicidal_ideation"),
        ("siento que soy una carga para todos", "suicidal_ideation"),
        ("хочу уснуть и не проснуться", "suicidal_ideation"),
        ("скоро меня не станет", "suicidal_ideation"),
        ("ive been cutting again and the bleeding wont stop", "self_harm"),
        ("tengo ganas de hacerme daño", "self_harm"),
        ("хочу причинить себе боль", "self_harm"),
        (
            "he put something in my drink at the party and I woke up in his bed this morning",
            "sexual_assault_now",
        ),
        ("me drogaron anoche en la fiesta", "sexual_assault_now"),
        ("он заставил меня час назад, я не знаю что делать", "sexual_assault_now"),
        ("I'm locked in the bedroom, he took my phone and I'm scared", "abuse_danger"),
        ("me está pegando y me encerré en el baño, tengo miedo", "abuse_danger"),
        ("он бьёт меня, я заперлась в ванной, мне страшно", "abuse_danger"),
    ],
)
def test_concept_families_catch_oblique_wordings_in_each_category(text, category):
    assert category in assess(text).categories


@pytest.mark.parametrize(
    "text",
    [
        "I take my pills every morning like the doctor said.",
        "I'm dead tired after the custody hearing.",
        "I'm hiding his birthday present in the closet.",
        "I don't want to be here at this party.",
        "tomo mis pastillas cada mañana como dijo el médico",
        "me corté el pelo para sentirme nueva",
        "no hay salida fácil de un divorcio",
        "до смерти хочу спать",
        "раздала его вещи на благотворительность, стало легче",
        "он угрожал забрать квартиру",
        "в сериале героиня прыгнула с моста, я выключила",
    ],
)
def test_concept_families_stay_quiet_on_everyday_uses_of_risk_words(text):
    assert not reads_as_crisis(text)


def test_spanish_stems_are_not_read_into_english_text():
    assert not reads_as_crisis("Our group talked about a member who died by suicide years ago.")


def test_every_labelled_crisis_sentence_a_concept_family_fires_on_passes_its_anchor_gate():
    from moderation.crisis_concepts import COMPILED
    from moderation.crisis_eval import load
    from moderation.textnorm import normalize_for_matching

    for row in load(EVAL_SET):
        text = normalize_for_matching(row["text"])
        lang = COMPILED[row["lang"]]
        for family, regex, anchors in lang.families:
            if regex.search(text):
                assert any(a in text for a in anchors), (row["lang"], family.name)


# ---- the compositional layer: risk stem + the writer + an intent cue, per clause -------------


@pytest.mark.parametrize(
    "text",
    [
        "Spent the night reading how much of my sleeping pills would be enough.",
        "My husband and the girls would manage fine without me.",
        "What's even the point of living after this.",
        "He texted that I'm going to pay for leaving, and he knows where I am tonight.",
        "Ya tengo guardadas suficientes pastillas, solo falta decidir el día.",
        "No sé si llego al fin de semana, ya no puedo más.",
        "Me escribió que me lo va a hacer pagar caro y tengo miedo de salir.",
        "Всю ночь читала, какая доза снотворного будет смертельной.",
        "Боюсь, до утра я не дотяну.",
        "Он запер меня в ванной и сказал, что не выпустит, помогите.",
    ],
)
def test_indirect_wordings_composed_from_risk_writer_and_cue_read_as_crisis(text):
    assert reads_as_crisis(text)


@pytest.mark.parametrize(
    "text",
    [
        "We looked up the tallest building in Dubai for my son's school project.",
        "My kids will be fine without me for one weekend, their dad is taking them camping.",
        "I want to live long enough to see my daughter graduate.",
        "Mi médica me subió la dosis y ahora duermo mejor.",
        "Busqué cuál es el edificio más alto de Madrid para un trabajo de clase.",
        "Дети без меня на выходных справятся, они у бабушки.",
        "Мама меня убьёт, если я опять опоздаю, ахаха",
        "Сегодня последний день отпуска, завтра на работу.",
    ],
)
def test_the_same_risk_words_in_ordinary_talk_do_not_read_as_crisis(text):
    assert not reads_as_crisis(text)


def test_laughter_far_from_the_risk_words_does_not_cancel_them():
    text = (
        "lol my sister sent the funniest video this morning and we laughed for ages, but "
        "honestly tonight I just want to die and I can't explain it to anyone"
    )
    assert reads_as_crisis(text)
