"""A real site for browser tests: a fresh database, the demo content, a daphne process.

The tests drive Debian's Chromium through Playwright (never a downloaded browser). Locally
they skip when /usr/bin/chromium is absent; in CI (``CI`` set) a missing browser fails.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.live import ROOT, daphne_server

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE_SCRIPT = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="Debian chromium is not installed (CI installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _fresh_database_url(tmp_path: Path) -> tuple[str, callable]:
    """A new empty database on the backend this run uses; returns its URL and a cleanup."""
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'site.sqlite3'}", lambda: None
    import psycopg

    name = f"e2e_{uuid.uuid4().hex[:10]}"
    admin_url = server_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return server_url.rsplit("/", 1)[0] + f"/{name}", drop


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Base URL, mail folder and environment of a live, seeded site."""
    tmp_path = tmp_path_factory.mktemp("site")
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    database_url, cleanup = _fresh_database_url(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "community.settings.test",
        "DATABASE_URL": database_url,
        "CHANNEL_LAYER_PREFIX": f"e2e{uuid.uuid4().hex[:6]}",
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TEST_EMAIL_FILE_PATH": str(mail_dir),
    }
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    try:
        with daphne_server(env) as base_url:
            yield {"url": base_url, "mail_dir": mail_dir, "env": env}
    finally:
        cleanup()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site["url"])
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser, site):
    """Open further independent browser contexts (a second person)."""
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=site["url"], **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def read_mails(mail_dir: Path) -> list[str]:
    paths = sorted(mail_dir.iterdir())
    return [path.read_text(encoding="utf-8", errors="replace") for path in paths]


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the current page."""
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install axe-core for the accessibility checks"
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent"],  # noqa: S603
            cwd=AXE_SCRIPT.parents[2],
            check=True,
            timeout=300,
        )
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]
