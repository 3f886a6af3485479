"""One language switcher on every page sets the language for every page: a cookie for
everyone, and for a member a setting in /me/ that wins and follows them to other devices."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def switcher(html: str) -> str:
    return html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]


@pytest.mark.parametrize(
    "path",
    ["/groups/", "/me/", "/me/notifications/", "/help/", "/", "/accounts/password/change/"],
)
def test_every_page_has_the_language_switcher_as_forms_that_set_the_language(
    member_client, path, seeded_home
):
    html = member_client.get(path, follow=True).content.decode()

    forms = re.findall(r'<form method="post" action="/i18n/setlang/"', switcher(html))
    assert len(forms) == 2  # the two other languages; the current one is marked
    assert 'aria-current="true" lang="en"' in switcher(html)


@pytest.fixture
def seeded_home(db):
    from content.services import site_tree_ensure

    site_tree_ensure()


def test_the_group_chat_and_account_pages_have_the_switcher_too(member_client, group):
    for path in (
        group.get_absolute_url(),
        reverse("chat:room", args=[group.slug]),
        reverse("chat:sessions", args=[group.slug]),
    ):
        html = member_client.get(path).content.decode()
        assert 'name="language" value="es"' in switcher(html), path


def test_a_visitor_choosing_spanish_gets_spanish_group_pages(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/groups/"})

    assert response.status_code == 302 and response["Location"] == "/groups/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    html = client.get("/groups/").content.decode()
    assert '<html lang="es">' in html and "Pide ayuda ahora" in html


def test_a_member_choosing_a_language_keeps_it_as_their_setting(member_client, member):
    member_client.post("/i18n/setlang/", {"language": "ru", "next": "/me/"})

    member.refresh_from_db()
    assert member.language == "ru"
    other_device = Client()
    other_device.force_login(member)
    assert '<html lang="ru">' in other_device.get("/groups/").content.decode()


def test_the_members_setting_wins_over_the_cookie_and_the_browser(client):
    member = UserFactory(language="ru")
    client.force_login(member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    html = client.get("/me/", HTTP_ACCEPT_LANGUAGE="es").content.decode()

    assert '<html lang="ru">' in html


def test_without_a_setting_the_cookie_then_the_browser_decide(client):
    member = UserFactory(language="")
    client.force_login(member)

    assert '<html lang="es">' in client.get("/me/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert '<html lang="ru">' in client.get("/me/", HTTP_ACCEPT_LANGUAGE="es").content.decode()


def test_the_settings_page_offers_the_language_and_saving_it_applies_everywhere(
    member_client, member
):
    html = member_client.get("/me/").content.decode()
    assert '<select name="language"' in html and '<option value="es">Español</option>' in html

    response = member_client.post("/me/", {"language": "es", "country": ""})

    member.refresh_from_db()
    assert member.language == "es"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert "Pide ayuda ahora" in member_client.get("/groups/").content.decode()


def test_an_unknown_language_is_refused_calmly_as_a_400_with_the_form_again(member_client, member):
    response = member_client.post("/me/", {"language": "xx", "country": ""})

    assert response.status_code == 400  # the one mapping: the input refused, the form shown
    assert 'name="language"' in response.content.decode()
    member.refresh_from_db()
    assert member.language == ""
    assert member_client.post("/i18n/setlang/", {"language": "xx"}).status_code == 302


def test_signing_up_keeps_the_language_the_person_signed_up_in(client):
    from community.accounts.models import User

    client.post(
        "/accounts/signup/",
        {
            "email": "nueva@example.com",
            "username": "nueva_persona",
            "password1": "steady-lantern-42",
            "password2": "steady-lantern-42",
        },
        HTTP_ACCEPT_LANGUAGE="es",
    )

    assert User.objects.get(username="nueva_persona").language == "es"
