"""Production refuses a missing or default secret and passes ``check --deploy`` cleanly."""

import os
import subprocess
import sys

import pytest

from tests.live import ROOT

STRONG_SECRET = "x7Gq2vN9pL4mR8sT1wY6zB3cD5fH0jK_-eU2iO9aQ4lP7nM1bV8cX3zA6sD9fG2h"  # noqa: S105


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    process_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "",
        "DJANGO_ENV": "production",
        "DATABASE_URL": "",
        "REDIS_URL": "",
        **env,
    }
    process_env.pop("DJANGO_SETTINGS_MODULE")
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=process_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", SECRET_KEY="")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_the_default_development_secret_key():
    result = manage("check", SECRET_KEY="insecure-local-development-key-change-me")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_check_deploy_prints_no_warnings():
    result = manage("check", "--deploy", SECRET_KEY=STRONG_SECRET)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


@pytest.mark.parametrize("value", ["prod", "Production", "PRODUCTION", "production ", "", "dev"])
def test_a_mistyped_django_env_stops_start_up_instead_of_running_development_settings(value):
    """Issue 20, finding 8: these silently ran the local settings (DEBUG on)."""
    result = manage("check", DJANGO_ENV=value, SECRET_KEY=STRONG_SECRET)

    assert result.returncode != 0
    assert "DJANGO_ENV must be one of local, test, production" in result.stderr


def test_the_asgi_entry_point_refuses_a_mistyped_django_env_too():
    process_env = {**os.environ, "DJANGO_ENV": "prod"}
    process_env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import community.asgi"],
        cwd=ROOT,
        env=process_env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode != 0
    assert "DJANGO_ENV must be one of" in result.stderr


@pytest.mark.parametrize(("trust", "expected"), [("", "None"), ("1", "HTTP_X_FORWARDED_PROTO")])
def test_production_believes_x_forwarded_proto_only_when_told_a_proxy_sets_it(trust, expected):
    """Issue 20 hardening: any client could claim HTTPS with the header."""
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        SECRET_KEY=STRONG_SECRET,
        TRUST_X_FORWARDED_PROTO=trust,
    )

    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
