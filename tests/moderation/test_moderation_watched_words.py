"""Watched words: block, hold and flag rules that trivial spelling tricks do not slip past."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from moderation.models import AuditEntry, WatchedWord
from moderation.services import watched_word_create, watched_word_delete, watched_word_update
from moderation.watched import watched_words_check
from tests.factories import sign_in_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def block_rule(moderator):
    return watched_word_create(
        actor=moderator, text="scamlink", kind=WatchedWord.Kind.WORD, action="block"
    )


@pytest.mark.parametrize(
    "text",
    [
        "visit scamlink now",
        "visit SCAMLINK now",
        "visit $c4ml1nk now",
        "visit sc\u200bam\u200dlink now",
        "visit ｓｃａｍｌｉｎｋ now",
        "visit ScAm\u00adLiNk!",
    ],
)
def test_watched_word_catches_case_leet_zero_width_and_fullwidth_spellings(block_rule, text):
    verdict = watched_words_check(text)

    assert verdict.action == "block"
    assert verdict.rule_ids == (block_rule.pk,)


def test_watched_word_matches_whole_words_only(block_rule):
    assert watched_words_check("my scamlinks folder").action is None
    assert watched_words_check("notscamlink").action is None


def test_text_without_watched_words_is_allowed(block_rule):
    verdict = watched_words_check("Thank you all for listening tonight.")

    assert verdict.action is None and verdict.rule_ids == ()


def test_most_severe_action_wins_and_every_matching_rule_is_named(moderator, block_rule):
    flag = watched_word_create(actor=moderator, text="visit", kind="word", action="flag")

    verdict = watched_words_check("visit scamlink")

    assert verdict.action == "block"
    assert set(verdict.rule_ids) == {block_rule.pk, flag.pk}


def test_pattern_rule_matches_normalised_text(moderator):
    rule = watched_word_create(
        actor=moderator, text=r"whats?app\s*\+?\d{3}", kind="pattern", action="hold"
    )

    assert watched_words_check("add me on WhatsApp +447").rule_ids == (rule.pk,)


def test_editing_a_rule_takes_effect_at_once(moderator, block_rule):
    assert watched_words_check("scamlink").action == "block"

    watched_word_update(
        actor=moderator, word=block_rule, text="scamlink", kind="word", action="flag"
    )

    assert watched_words_check("scamlink").action == "flag"


def test_deleting_a_rule_takes_effect_at_once_and_is_audited(moderator, block_rule):
    watched_word_delete(actor=moderator, word=block_rule)

    assert watched_words_check("scamlink").action is None
    assert AuditEntry.objects.filter(action="watched_word.delete", actor=moderator).exists()


def test_inactive_rules_do_not_match(moderator):
    watched_word_create(actor=moderator, text="quiet", kind="word", action="block", active=False)

    assert watched_words_check("quiet please").action is None


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (r"(a)\1", "not valid"),
        (r"(?<=x)y", "not valid"),
        (r"x*", "matches empty text"),
        ("a" * 201, "at most 200"),
        ("(unclosed", "not valid"),
    ],
)
def test_invalid_or_unsafe_patterns_are_refused_with_a_clear_message(moderator, pattern, message):
    with pytest.raises(ValidationError) as error:
        watched_word_create(actor=moderator, text=pattern, kind="pattern", action="flag")

    assert message in str(error.value)
    assert not WatchedWord.objects.exists()


def test_catastrophic_backtracking_pattern_runs_in_linear_time(moderator):
    import time

    watched_word_create(actor=moderator, text=r"(a+)+$x", kind="pattern", action="flag")
    text = "a" * 20_000 + "!"

    started = time.perf_counter()
    verdict = watched_words_check(text)

    assert verdict.action is None
    assert time.perf_counter() - started < 1.0


def test_only_moderators_can_change_watched_words(facilitator):
    from django.http import Http404

    with pytest.raises(Http404):
        watched_word_create(actor=facilitator, text="x1", kind="word", action="flag")


def test_moderator_adds_a_watched_word_through_the_page(moderator_client):
    response = moderator_client.post(
        reverse("moderation:words"),
        {"text": "buy followers", "kind": "word", "action": "block", "note": "", "active": "on"},
    )

    assert response.status_code == 302
    assert watched_words_check("Buy F0llowers here").action == "block"


def test_words_page_shows_a_clear_error_for_a_bad_pattern(moderator_client):
    response = moderator_client.post(
        reverse("moderation:words"),
        {"text": "(a)\\1", "kind": "pattern", "action": "block", "active": "on"},
    )

    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_moderator_edits_and_deletes_a_word_through_the_pages(moderator_client, block_rule):
    edit = moderator_client.post(
        reverse("moderation:word_edit", args=[block_rule.pk]),
        {"text": "scamlink", "kind": "word", "action": "hold", "active": "on"},
    )
    assert edit.status_code == 302
    assert watched_words_check("scamlink").action == "hold"

    moderator_client.post(reverse("moderation:word_delete", args=[block_rule.pk]))

    assert not WatchedWord.objects.exists()


def test_watched_words_admin_saves_through_the_service_and_audits(client, moderator):
    from django.contrib.auth.models import Permission

    moderator.is_staff = True
    moderator.save()
    moderator.user_permissions.add(*Permission.objects.filter(content_type__app_label="moderation"))
    sign_in_with_mfa(client, moderator)

    response = client.post(
        "/django-admin/moderation/watchedword/add/",
        {"text": "pyramid scheme", "kind": "word", "action": "flag", "note": "", "active": "on"},
    )

    assert response.status_code == 302
    assert watched_words_check("a Pyramid  Scheme").action == "flag"
    assert AuditEntry.objects.filter(action="watched_word.create").exists()
