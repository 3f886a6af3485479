"""Headers: a strict CSP with no inline script or style, and the usual hardening headers."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.live import ROOT

pytestmark = pytest.mark.django_db

TEMPLATES = Path(ROOT) / "templates"


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_page_has_the_strict_content_security_policy(client):
    csp = policy(client.get(reverse("groups:directory")))

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


def test_connect_src_allows_websockets_to_the_same_host_only(client):
    csp = policy(client.get(reverse("groups:directory")))

    assert csp["connect-src"] == ["'self'", "ws://testserver", "wss://testserver"]


def test_strict_policy_never_allows_inline_or_eval(client, member_client):
    for response in (client.get("/help/"), member_client.get(reverse("accounts:profile"))):
        header = response["Content-Security-Policy"]
        assert "unsafe-inline" not in header
        assert "unsafe-eval" not in header


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_admin_interfaces_get_the_relaxed_policy_they_need(client, path):
    csp = policy(client.get(path))

    assert "'unsafe-inline'" in csp["script-src"]
    assert "'unsafe-inline'" in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in csp["script-src"]


def test_hardening_headers_on_every_page(client):
    response = client.get(reverse("groups:directory"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_signed_in_pages_are_never_stored_by_the_browser(member_client):
    response = member_client.get(reverse("accounts:blocked"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_session_and_csrf_cookies_are_http_only(client, member):
    client.post(
        reverse("account_login"), {"login": member.email, "password": "a-long-test-password-1"}
    )

    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["sessionid"]["samesite"] == "Lax"


def test_sign_out_clears_site_data(member_client):
    response = member_client.post(reverse("account_logout"))

    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'


def test_production_settings_turn_on_hsts_secure_cookies_and_frame_denial():
    code = (
        "from community.settings import production as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_CONTENT_TYPE_NOSNIFF,"
        " s.SECURE_REFERRER_POLICY, s.X_FRAME_OPTIONS, s.SECURE_SSL_REDIRECT,"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['frame-ancestors'])"
    )
    env = {"SECRET_KEY": "p" * 60, "PATH": "/usr/bin:/bin"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )

    assert result.stdout.split() == [
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "same-origin",
        "DENY",
        "True",
        "[\"'none'\"]",
    ]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def test_no_template_has_inline_script_style_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_STYLE, INLINE_HANDLER):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]

    assert offenders == []


@pytest.mark.parametrize("path", ["/", "/groups/", "/help/", "/accounts/login/", "/no-such-page/"])
def test_every_response_has_a_permissions_policy_that_allows_no_powerful_feature(client, path):
    """Issue 20 hardening: there was no Permissions-Policy header."""
    header = client.get(path)["Permissions-Policy"]

    features = dict(part.strip().split("=", 1) for part in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert features[feature] == "()"
