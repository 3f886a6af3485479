"""Importing the plain-text seed articles into guide pages."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from content.importer import (
    ArticleFileError,
    is_language_switcher,
    parse_article,
    read_article_file,
    sentence_case,
    strip_language_switcher,
)
from content.models import ArticlePage

SEEDS = Path(__file__).resolve().parent.parent.parent / "content" / "seeds"
SEED_0 = SEEDS / "000_c18b6887f4993f73.txt"
SEED_1 = SEEDS / "001_547f64560d20bca7.txt"
SEED_2 = SEEDS / "002_73ae9d0981936834.txt"

CHROME = ["Logo", "ZeroOpposite", "Contact Us", "RU EN ES", "enIT", "FR DE PL"]


def parsed(path: Path):
    return parse_article(read_article_file(path), source_name=path.stem)


def test_seeds_are_copied_into_the_project_unchanged():
    shared = Path("/work/shared/seeds")
    if not shared.exists():
        pytest.skip("the shared seed folder is not on this machine")
    for path in shared.glob("*.txt"):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()


def test_first_seed_title_is_the_heading_in_sentence_case_without_language_switcher():
    article = parsed(SEED_0)

    assert article.title == (
        "Rebuilding sexual trust in your relationship: a guide with practical steps"
    )
    assert article.slug == (
        "rebuilding-sexual-trust-in-your-relationship-a-guide-with-practical-steps"
    )


def test_third_seed_title_drops_the_glued_language_switcher_list():
    article = parsed(SEED_2)

    assert article.title == (
        "Rebuilding sexual trust after a breakdown: a guide to healing and restoration"
    )


def test_seed_without_heading_takes_its_question_as_title_and_says_so():
    article = parsed(SEED_1)

    assert article.title.startswith("How does sexual trust facilitate recovery")
    assert article.warnings


def test_step_one_to_five_become_five_numbered_steps_with_their_paragraphs():
    article = parsed(SEED_0)
    steps = [value for block_type, value in article.blocks if block_type == "step"]

    assert article.step_count == 5
    assert [s["heading"] for s in steps] == [
        "Take Responsibility for Your Behavior",
        "Build Transparency and Openness",
        "Set Boundaries",
        "Seek Professional Help",
        "Be Patient and Kind",
    ]
    assert "personal accountability" in steps[0]["body"]
    assert "In conclusion" not in steps[-1]["body"]
    assert article.blocks[-1][0] == "paragraph"


def test_seeds_without_step_lines_have_no_steps():
    assert parsed(SEED_1).step_count == 0
    assert parsed(SEED_2).step_count == 0


def test_hash_tag_line_becomes_tags_and_leaves_the_body():
    article = parsed(SEED_2)

    assert article.tags == [
        "trust", "relationships", "sexualhealth", "intimacy", "communication", "emotions",
        "psychology",
    ]  # fmt: skip
    assert not any("#trust" in text for text in article.block_texts())


def test_seeds_without_tag_line_have_no_tags():
    assert parsed(SEED_0).tags == []
    assert parsed(SEED_1).tags == []


def test_trailing_question_with_its_answer_becomes_a_question_and_answer_block():
    article = parsed(SEED_2)
    block_type, value = article.blocks[-1]

    assert block_type == "question_answer"
    assert value["question"] == (
        "Why is sexual trust so easily broken yet so difficult to rebuild psychologically?"
    )
    assert "contemporary society" in value["answer"]


@pytest.mark.parametrize("path", [SEED_0, SEED_1, SEED_2], ids=["seed0", "seed1", "seed2"])
def test_no_site_chrome_is_left_in_title_summary_or_any_block(path):
    article = parsed(path)
    texts = [article.title, article.summary, *article.block_texts()]

    for text in texts:
        for chrome in CHROME:
            assert chrome not in text
        assert text.strip() not in {"Search", "Logo", "Contact Us"}
        assert not re.search(r"\b[A-Z]{2} [A-Z]{2} [A-Z]{2}\b", text)


def test_summary_and_reading_time_are_filled():
    article = parsed(SEED_0)

    assert article.summary.startswith("Sexual trust is a crucial component")
    assert len(article.summary) <= 300
    assert 2 <= article.reading_time <= 4


def test_language_switcher_detection_needs_two_codes_so_ordinary_words_survive():
    assert is_language_switcher("RU EN ES")
    assert is_language_switcher("EN | ES | RU")
    assert not is_language_switcher("IT")
    assert strip_language_switcher("HOW TO LET IT GO") == "HOW TO LET IT GO"
    assert strip_language_switcher("A GUIDE enIT FR DE") == "A GUIDE"


def test_sentence_case_keeps_acronyms_and_the_pronoun_i():
    assert sentence_case("LIVING WITH PTSD: WHAT I LEARNED") == ("Living with PTSD: what I learned")


def test_steps_and_questions_are_understood_in_spanish_and_russian():
    text = (
        "RECONSTRUIR LA CONFIANZA\n\nIntroducción breve.\n\nPaso uno: Asumir la responsabilidad"
        "\n\nTexto del paso.\n\nPaso dos: Ser paciente\n\nOtro texto.\n"
    )
    assert parse_article(text).step_count == 2
    russian = "ДОВЕРИЕ\n\nВведение.\n\nШаг первый: Взять ответственность\n\nТекст шага.\n"
    article = parse_article(russian)
    assert article.title == "Доверие"
    assert article.step_count == 1


# --- files that cannot be imported -------------------------------------------------------


def test_empty_file_gets_a_clear_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n")

    with pytest.raises(ArticleFileError, match="is empty"):
        read_article_file(path)


def test_file_with_only_site_chrome_gets_a_clear_error(tmp_path):
    path = tmp_path / "chrome.txt"
    path.write_text("Logo\n\nZeroOpposite\n\nContact Us\nSearch\n")

    with pytest.raises(ArticleFileError, match="no article text"):
        parse_article(read_article_file(path), source_name="chrome")


def test_binary_file_gets_a_clear_error(tmp_path):
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")

    with pytest.raises(ArticleFileError, match="binary"):
        read_article_file(path)


def test_non_utf8_file_gets_a_clear_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Confianza y coraz\xf3n".encode("latin-1"))

    with pytest.raises(ArticleFileError, match="not UTF-8"):
        read_article_file(path)


def test_unreadable_file_gets_a_clear_error(tmp_path):
    path = tmp_path / "gone.txt"
    path.symlink_to(tmp_path / "missing-target.txt")

    with pytest.raises(ArticleFileError, match="cannot be read"):
        read_article_file(path)


# --- the command -------------------------------------------------------------------------


def run_import(*args):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_command_imports_the_three_seeds_as_guides_under_guides(guides):
    run_import(SEEDS, "--publish")

    articles = ArticlePage.objects.child_of(guides).live()
    assert articles.count() == 3
    first = articles.get(import_source=SEED_0.stem)
    assert first.url == (
        "/guides/rebuilding-sexual-trust-in-your-relationship-a-guide-with-practical-steps/"
    )
    assert [b.block_type for b in first.body].count("step") == 5
    assert first.reading_time >= 1


@pytest.mark.django_db
def test_command_creates_the_site_tree_when_missing():
    run_import(SEED_0, "--publish")

    page = ArticlePage.objects.get()
    assert page.get_parent().url == "/guides/"


@pytest.mark.django_db
def test_command_without_publish_saves_drafts(guides):
    run_import(SEED_0)

    page = ArticlePage.objects.get()
    assert not page.live
    assert page.get_latest_revision() is not None


@pytest.mark.django_db
def test_reimporting_the_same_files_changes_nothing_and_duplicates_nothing(guides):
    run_import(SEEDS, "--publish")
    revisions = {p.pk: p.latest_revision_id for p in ArticlePage.objects.all()}

    out, _err = run_import(SEEDS, "--publish")

    assert ArticlePage.objects.count() == 3
    assert {p.pk: p.latest_revision_id for p in ArticlePage.objects.all()} == revisions
    assert out.count("unchanged") == 3


@pytest.mark.django_db
def test_reimporting_an_edited_file_updates_the_same_guide(guides, tmp_path):
    path = tmp_path / "000_c18b6887f4993f73.txt"
    path.write_text(SEED_0.read_text())
    run_import(path, "--publish")
    path.write_text(SEED_0.read_text().replace("Step Three: Set Boundaries", "Step Three: Agree"))

    out, _err = run_import(path, "--publish")

    page = ArticlePage.objects.get()
    assert "updated" in out
    assert [b.value["heading"] for b in page.body if b.block_type == "step"][2] == "Agree"


@pytest.mark.django_db
def test_dry_run_prints_the_plan_and_writes_nothing(guides):
    out, _err = run_import(SEEDS, "--dry-run")

    assert ArticlePage.objects.count() == 0
    assert out.count("would create") == 3
    assert "5 steps" in out
    assert "Dry run" in out


@pytest.mark.django_db
def test_bad_files_are_reported_and_the_good_ones_still_import(guides, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x00\x01\x02\x03" * 20)
    missing = tmp_path / "missing.txt"

    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="3 file\\(s\\) could not be imported"):
        call_command(
            "import_articles",
            *map(str, (empty, SEED_0, binary, missing, SEED_2, "--publish")),
            stdout=out,
            stderr=err,
        )
    out, err = out.getvalue(), err.getvalue()

    assert ArticlePage.objects.count() == 2
    assert "empty.txt: is empty" in err
    assert "binary.txt: looks like a binary file" in err
    assert "missing.txt: cannot be read" in err
    assert out.count("created") == 2
