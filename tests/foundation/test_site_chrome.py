"""Every main page offers the way out and the way to help."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MAIN_PAGES = ["account_login", "account_signup", "groups:directory", "content:help"]


@pytest.mark.parametrize("page", MAIN_PAGES)
def test_every_main_page_has_help_link_and_quick_exit(client, page):
    response = client.get(reverse(page))
    html = response.content.decode()

    assert response.status_code == 200
    assert 'href="/help/"' in html and "Get help now" in html
    assert "data-quick-exit" in html and "quick-exit.js" in html
    assert 'href="#main"' in html and 'id="main"' in html


def assert_has_the_way_out_and_the_way_to_help(response):
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/help/"' in html and "Get help now" in html
    assert "data-quick-exit" in html and "quick-exit.js" in html
    assert 'href="#main"' in html and 'id="main"' in html


@pytest.fixture
def content_and_group_pages(group, member):
    """Addresses of a guide index, an article, a search, a group's forum and a thread."""
    from content.services import site_tree_ensure
    from forum.services import thread_create
    from tests.factories import article_page

    _home, guides = site_tree_ensure()
    article = article_page(index=guides, title="Small steps back to trust", tags=["trust"])
    thread = thread_create(
        author=member, group=group, title="Evenings", body="Hello all"
    ).post.thread
    return {
        "home": "/",
        "guide index": guides.url,
        "article": article.url,
        "search": "/search/?q=trust",
        "group forum": group.get_absolute_url(),
        "thread": thread.get_absolute_url(),
    }


@pytest.mark.parametrize(
    "name", ["home", "guide index", "article", "search", "group forum", "thread"]
)
def test_content_and_group_pages_have_help_link_quick_exit_and_skip_link(
    client, member, content_and_group_pages, name
):
    client.force_login(member)

    assert_has_the_way_out_and_the_way_to_help(client.get(content_and_group_pages[name]))


def test_quick_exit_script_replaces_location_so_back_does_not_return(client):
    from django.contrib.staticfiles import finders

    script = open(finders.find("js/quick-exit.js")).read()

    assert "location.replace" in script
    assert "Escape" in script


def test_pages_show_no_email_address_of_the_signed_in_member(client):
    user = UserFactory(email="secret-address@example.org")
    client.force_login(user)

    for page in ["groups:directory", "accounts:profile", "content:help"]:
        html = client.get(reverse(page)).content.decode()
        assert "secret-address@example.org" not in html
        assert user.username in html


def test_no_third_party_assets_on_pages(client):
    html = client.get(reverse("groups:directory")).content.decode()

    for marker in ('<script src="http', '<link rel="stylesheet" href="http', "googleapis"):
        assert marker not in html


def test_every_page_links_a_favicon_served_from_the_site(client):
    from django.contrib.staticfiles import finders  # noqa: PLC0415 - tests only

    html = client.get(reverse("groups:directory")).content.decode()

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("favicon.svg")
