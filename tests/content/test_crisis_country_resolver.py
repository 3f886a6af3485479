"""The one country resolver: saved country, else the browser's language, else the site default."""

import pytest
from django.test import RequestFactory, override_settings

from content.countries import (
    COUNTRY_COOKIE,
    crisis_country,
    crisis_country_for_request,
    crisis_country_for_scope,
    crisis_country_for_user,
)
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("header", "expected", "source"),
    [
        ("en-US,en;q=0.9", "US", "browser"),
        ("es-MX,es;q=0.9", "MX", "browser"),
        ("ru", "RU", "language"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8", "RU", "browser"),
        ("ru,en-US;q=0.9", "RU", "language"),  # a region of another language does not count
        ("es,es-AR;q=0.8", "AR", "browser"),
        ("es", "ES", "language"),
        ("es-419", "MX", "browser"),
        ("uk", "UA", "language"),
        ("en-GB", "GB", "browser"),
    ],
)
def test_the_browsers_first_language_gives_the_country(header, expected, source):
    country = crisis_country(accept_language=header)

    assert (country.code, country.source) == (expected, source)


@override_settings(CRISIS_DEFAULT_COUNTRY="IE")
@pytest.mark.parametrize("header", ["", "*", None, "xx-??,;;;", "q=0.5", "a" * 600])
def test_without_a_usable_browser_language_the_site_default_applies(header):
    country = crisis_country(accept_language=header)

    assert (country.code, country.source) == ("IE", "default")


@override_settings(CRISIS_DEFAULT_COUNTRY="")
def test_without_any_default_there_is_no_country_and_no_error():
    country = crisis_country(accept_language="")

    assert (country.code, country.source) == (None, "none")


def test_the_saved_country_beats_the_cookie_and_the_browser():
    assert crisis_country(saved="nz", cookie="GB", accept_language="es-MX").code == "NZ"
    assert crisis_country(saved="", cookie="gb", accept_language="es-MX").code == "GB"
    assert crisis_country(saved="ZZ", cookie="INTL", accept_language="es-MX").code == "MX"


@pytest.mark.django_db
def test_requests_use_the_members_saved_country_then_the_visitors_cookie_then_the_browser():
    factory = RequestFactory()
    member_request = factory.get("/help/", HTTP_ACCEPT_LANGUAGE="es-MX")
    member_request.user = UserFactory(country="CA")
    member_request.COOKIES[COUNTRY_COOKIE] = "GB"
    visitor_request = factory.get("/help/", HTTP_ACCEPT_LANGUAGE="es-MX")
    visitor_request.COOKIES[COUNTRY_COOKIE] = "GB"
    new_member_request = factory.get("/help/", HTTP_ACCEPT_LANGUAGE="en-US")
    new_member_request.user = UserFactory(country="")

    assert crisis_country_for_request(member_request).code == "CA"
    assert crisis_country_for_request(visitor_request).code == "GB"
    assert crisis_country_for_request(new_member_request).code == "US"


def test_a_websocket_handshake_is_read_the_same_way():
    scope = {"headers": [(b"accept-language", b"ru-RU,ru;q=0.9")], "cookies": {}}

    assert crisis_country_for_scope(scope).code == "RU"
    assert crisis_country_for_scope(scope, saved="DE").code == "DE"
    assert crisis_country_for_scope({"headers": []}).source == "default"


@pytest.mark.django_db
@override_settings(CRISIS_DEFAULT_COUNTRY="GB")
def test_emails_use_the_saved_country_else_the_site_default():
    assert crisis_country_for_user(UserFactory(country="AU")).code == "AU"
    assert crisis_country_for_user(UserFactory(country="")).code == "GB"
