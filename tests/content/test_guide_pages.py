"""Every page type renders: home, the guide index (tag filter, pagination) and articles."""

import pytest
from wagtail.models import Page, Site

from content.models import GUIDES_PER_PAGE, ArticlePage, GuideIndexPage, HomePage
from content.services import site_tree_ensure
from tests.factories import SupportGroupFactory, article_page

pytestmark = pytest.mark.django_db

ALL_BLOCKS = [
    {"type": "paragraph", "value": "<p>An opening paragraph.</p>"},
    {"type": "step", "value": {"heading": "Pause and breathe", "body": "<p>Slow down.</p>"}},
    {"type": "step", "value": {"heading": "Name the feeling", "body": "<p>Say it.</p>"}},
    {"type": "heading", "value": "When you feel ready"},
    {"type": "callout", "value": {"kind": "tip", "title": "", "text": "<p>Drink water.</p>"}},
    {"type": "quote", "value": {"quote": "Trust grows slowly.", "attribution": "A member"}},
    {
        "type": "question_answer",
        "value": {"question": "Is this normal?", "answer": "<p>Yes, many people feel it.</p>"},
    },
    {"type": "step", "value": {"heading": "Ask for support", "body": "<p>Reach out.</p>"}},
]


def topic_group(name, *topics, listed=True):
    group = SupportGroupFactory(name=name, listed=listed)
    group.topics.add(*topics)
    return group


def test_site_tree_is_home_then_guides_and_root_url_serves_the_home_page(client, site_tree):
    home, guides = site_tree

    assert Site.objects.get(is_default_site=True).root_page.specific == home
    assert guides.get_parent().specific == home
    assert guides.url == "/guides/"
    response = client.get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "content/home_page.html"


def test_site_tree_is_created_only_once():
    first = site_tree_ensure()
    second = site_tree_ensure()

    assert first == second
    assert HomePage.objects.count() == 1
    assert GuideIndexPage.objects.count() == 1
    assert not Page.objects.filter(slug="home", content_type__model="page").exists()


def test_page_types_constrain_the_tree():
    assert HomePage.allowed_subpage_models() == [GuideIndexPage]
    assert GuideIndexPage.allowed_subpage_models() == [ArticlePage]
    assert ArticlePage.allowed_subpage_models() == []
    assert ArticlePage.allowed_parent_page_models() == [GuideIndexPage]
    assert GuideIndexPage.allowed_parent_page_models() == [HomePage]


def test_home_shows_featured_guides_listed_groups_and_the_help_banner(client, guides):
    article_page(index=guides, title="Starting again")
    topic_group("Evening circle", "trust")
    topic_group("Hidden circle", "trust", listed=False)

    html = client.get("/").content.decode()

    assert "Starting again" in html
    assert "Evening circle" in html
    assert "Hidden circle" not in html
    assert "Need to talk to someone now?" in html
    assert 'href="/help/"' in html


def test_home_does_not_feature_draft_guides(client, guides):
    article_page(index=guides, title="Unfinished thoughts", live=False)

    assert "Unfinished thoughts" not in client.get("/").content.decode()


def test_guide_index_lists_live_guides_newest_first(client, guides):
    article_page(index=guides, title="Older guide")
    article_page(index=guides, title="Newer guide")
    article_page(index=guides, title="Draft guide", live=False)

    html = client.get("/guides/").content.decode()

    assert html.index("Newer guide") < html.index("Older guide")
    assert "Draft guide" not in html


def test_guide_index_filters_by_tag(client, guides):
    article_page(index=guides, title="About trust", tags=["trust"])
    article_page(index=guides, title="About grief", tags=["grief"])

    html = client.get("/guides/?tag=trust").content.decode()

    assert "About trust" in html
    assert "About grief" not in html
    assert 'aria-current="true">trust<' in html


def test_guide_index_with_an_unknown_tag_says_so_calmly(client, guides):
    article_page(index=guides, title="About trust", tags=["trust"])

    response = client.get("/guides/?tag=<script>")

    assert response.status_code == 200
    assert "No guides on this topic yet." in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_guide_index_paginates(client, guides):
    for number in range(GUIDES_PER_PAGE + 2):
        article_page(index=guides, title=f"Guide number {number:02d}")

    first = client.get("/guides/").content.decode()
    second = client.get("/guides/?page=2").content.decode()
    beyond = client.get("/guides/?page=99")
    bad = client.get("/guides/?page=abc")

    assert first.count('class="card guide-card"') == GUIDES_PER_PAGE
    assert second.count('class="card guide-card"') == 2
    assert "Page 2 of 2" in second
    assert 'href="?page=2" rel="next"' in first
    assert beyond.status_code == 200 and "Page 2 of 2" in beyond.content.decode()
    assert bad.status_code == 200 and "Page 1 of 2" in bad.content.decode()


def test_article_renders_every_block_with_headings_in_order(client, guides):
    page = article_page(index=guides, title="Steps to steady ground", body=ALL_BLOCKS)

    html = client.get(page.url).content.decode()

    assert html.count("<h1") == 1
    assert "<h1>Steps to steady ground</h1>" in html
    assert '<ol class="steps" start="1">' in html
    assert '<ol class="steps" start="3">' in html
    assert "Step 1" in html and "Step 2" in html and "Step 3" in html
    assert '<h2 class="step-heading">' in html
    assert '<h2 class="block-heading">When you feel ready</h2>' in html
    assert 'class="callout callout-tip"' in html and "Drink water." in html
    assert "<blockquote><p>Trust grows slowly.</p></blockquote>" in html
    assert "— A member" in html
    assert '<h2 class="qa-question">Is this normal?</h2>' in html


def test_article_shows_reading_time_and_review_details(client, guides):
    page = article_page(index=guides, title="Reviewed guide")
    page.reviewed_by = "a couples therapist"
    page.last_reviewed = "2026-10-01"
    page.reading_time = 4
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert "4 minute read" in html
    assert "Reviewed by a couples therapist" in html
    assert 'datetime="2026-10-01"' in html


def test_article_shows_the_groups_on_its_topic_with_a_way_to_join(client, guides):
    page = article_page(index=guides, title="On trust", tags=["trust"])
    on_topic = topic_group("Trust circle", "trust")
    topic_group("Grief circle", "grief")
    topic_group("Secret trust circle", "trust", listed=False)

    html = client.get(page.url).content.decode()

    assert "Trust circle" in html
    assert f'href="{on_topic.get_absolute_url()}"' in html
    assert "Read the rules and join" in html
    assert "Grief circle" not in html
    assert "Secret trust circle" not in html


def test_article_without_matching_groups_points_to_the_directory(client, guides):
    page = article_page(index=guides, title="On grief", tags=["grief"])

    html = client.get(page.url).content.decode()

    assert "There is no group on this topic yet." in html
    assert 'href="/groups/"' in html


def test_related_groups_block_shows_groups_for_its_own_topic(client, guides):
    topic_group("Healing circle north", "healing")
    page = article_page(
        index=guides,
        title="Healing",
        tags=["trust"],
        body=[{"type": "related_groups", "value": {"heading": "Find a group", "topic": "healing"}}],
    )

    html = client.get(page.url).content.decode()

    assert "Find a group" in html
    assert "Healing circle north" in html
    assert html.count('class="related-groups"') == 1


def test_draft_article_is_not_served(client, guides):
    page = article_page(index=guides, title="Not yet", live=False)

    assert client.get(f"/guides/{page.slug}/").status_code == 404


@pytest.mark.parametrize("count", [5, 50])
def test_guide_index_query_count_does_not_grow_with_the_number_of_guides(
    client, guides, django_assert_max_num_queries, count
):
    for number in range(count):
        article_page(index=guides, title=f"Guide {number}", tags=["trust", f"tag-{number % 3}"])
    client.get("/guides/")  # warm the site-root cache, as any running server has

    with django_assert_max_num_queries(14):
        response = client.get("/guides/?tag=trust")

    assert response.status_code == 200


@pytest.mark.parametrize("count", [5, 50])
def test_home_query_count_does_not_grow_with_the_number_of_guides_or_groups(
    client, guides, django_assert_max_num_queries, count
):
    for number in range(count):
        article_page(index=guides, title=f"Guide {number}", tags=["trust"])
        topic_group(f"Circle {number}", "trust")
    client.get("/")

    with django_assert_max_num_queries(16):
        assert client.get("/").status_code == 200


def test_guide_index_and_home_query_counts_are_the_same_for_5_and_50_guides(
    client, guides, queries_of
):
    def counts():
        result = []
        for url in ("/", "/guides/", "/guides/?tag=trust"):
            client.get(url)
            result.append(len(queries_of(client, url)))
        return result

    for number in range(5):
        article_page(index=guides, title=f"Guide {number}", tags=["trust"])
        topic_group(f"Circle {number}", "trust")
    with_five = counts()
    for number in range(5, 50):
        article_page(index=guides, title=f"Guide {number}", tags=["trust"])
        topic_group(f"Circle {number}", "trust")

    assert counts() == with_five
