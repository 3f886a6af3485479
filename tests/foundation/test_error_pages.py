"""The error pages stay calm, keep the help link, and render without a request context."""

import pytest
from django.template.loader import render_to_string


@pytest.mark.django_db
def test_unknown_address_answers_404_with_a_calm_page_and_a_helpline_link(client):
    response = client.get("/no-such-page-here/")

    assert response.status_code == 404
    body = response.content.decode()
    assert "We could not find that page" in body
    assert 'href="/help/"' in body
    assert "data-quick-exit" in body


def test_server_error_page_renders_without_context_and_offers_help():
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html
    assert 'href="/help/"' in html


@pytest.mark.django_db
def test_a_crashing_page_answers_500_with_quick_exit_help_and_skip_link(settings):
    from django.test import Client
    from django.urls import path

    def crash(request):
        raise RuntimeError("boom")

    urls = type("urls", (), {})
    urls.urlpatterns = [path("crash/", crash)]
    urls.handler500 = "community.views.server_error"
    settings.ROOT_URLCONF = urls
    client = Client(raise_request_exception=False)

    response = client.get("/crash/")

    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert 'href="/help/"' in html and "Get help now" in html
    assert f'href="{settings.QUICK_EXIT_URL}"' in html and "data-quick-exit" in html
    assert "quick-exit.js" in html
    assert 'href="#main"' in html and 'id="main"' in html
