"""A real site for browser tests: a fresh database, the demo content, daphne and a task worker.

The tests drive Debian's Chromium through Playwright (never a downloaded browser). Locally
they skip when /usr/bin/chromium is absent; in CI (``CI`` set) a missing browser fails.
"""

import os
import re
import shutil
import subprocess
import sys
import time
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
    for stale in ARTIFACTS.glob("failed-*.png"):
        stale.unlink()
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
    # A local speed-up for writing these tests: keep a migrated SQLite file between runs.
    migrated = os.environ.get("BROWSER_TESTS_MIGRATED_SQLITE")
    sqlite_path = Path(database_url.removeprefix("sqlite:///"))
    reuse = bool(migrated) and database_url.startswith("sqlite")
    if reuse and Path(migrated).exists():
        shutil.copyfile(migrated, sqlite_path)
    outputs = []
    for command in (["migrate", "--noinput"], ["seed_demo"]):
        done = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
        outputs.append(done.stdout)
        if reuse and command[0] == "migrate":
            shutil.copyfile(sqlite_path, migrated)
    try:
        # As ``make run``: a task worker beside daphne sends the emails (sign-up links too).
        with daphne_server(env, worker=True) as base_url:
            yield {"url": base_url, "mail_dir": mail_dir, "env": env, "seed_output": outputs[-1]}
    finally:
        cleanup()


@pytest.fixture(scope="module")
def browser():
    """Per module: Playwright's sync API holds an event loop while it runs, which would break
    async tests collected after it; the root conftest also runs browser tests last."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_call_failed = report.failed
    return report


def _watch(context, problems: list[str]) -> None:
    """Collect uncaught script errors and CSP violations of every page of the context."""

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP violation: {message.text}")

    def attach(page):
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("console", on_console)

    context.on("page", attach)


def _close(request, contexts, problems: list[str]) -> None:
    """Close the contexts; after a failure, first keep a screenshot of each open page.

    A passing test still fails when a page threw a script error or broke the CSP.
    """
    failed = getattr(request.node, "browser_call_failed", False)
    for number, context in enumerate(contexts):
        if failed:
            for page in context.pages:
                name = re.sub(r"[^\w.-]+", "-", request.node.name)
                try:
                    save_screenshot(page, f"failed-{name}-{number}")
                except Exception:  # noqa: BLE001, S110 - the failure itself matters more
                    pass
        context.close()
    if problems and not failed:
        pytest.fail("\n".join(problems))


@pytest.fixture
def page(request, browser, site):
    problems: list[str] = []
    context = browser.new_context(base_url=site["url"])
    _watch(context, problems)
    page = context.new_page()
    yield page
    _close(request, [context], problems)


@pytest.fixture
def new_page(request, browser, site):
    """Open further independent browser contexts (a second person)."""
    contexts = []
    problems: list[str] = []

    def make(**options):
        context = browser.new_context(base_url=site["url"], **options)
        _watch(context, problems)
        contexts.append(context)
        return context.new_page()

    yield make
    _close(request, contexts, problems)


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def read_mails(mail_dir: Path) -> list[str]:
    paths = sorted(mail_dir.iterdir())
    return [path.read_text(encoding="utf-8", errors="replace") for path in paths]


def mails_to(site, address: str, *, wait: float = 15.0, at_least: int = 1) -> list[dict]:
    """The messages sent to ``address`` (subject, plain text body), waiting for them to arrive.

    Django's file backend writes each message as MIME followed by a line of 79 dashes; the
    body may be quoted-printable, so it is decoded here rather than searched raw.
    """
    import email
    from email import policy

    deadline = time.monotonic() + wait
    while True:
        found = []
        for raw in read_mails(site["mail_dir"]):
            for chunk in raw.split("\n" + "-" * 79 + "\n"):
                if not chunk.strip():
                    continue
                message = email.message_from_string(chunk.lstrip(), policy=policy.default)
                if address.lower() not in str(message["To"] or "").lower():
                    continue
                part = message.get_body(preferencelist=("plain", "html"))
                body = part.get_content() if part else ""
                found.append({"subject": str(message["Subject"]), "body": body})
        if len(found) >= at_least or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def sign_in(page, email: str, password: str, *, totp_secret: str | None = None) -> None:
    """Sign in through the real form; with ``totp_secret``, answer the two-factor step too."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
    if "/2fa/" in page.url or page.locator("input[name=code]").count():
        assert totp_secret, f"{email} is asked for a two-factor code"
        page.locator("input[name=code]").fill(fresh_totp_code(totp_secret))
        # The step's form also holds a "Cancel" button that submits a sign-out form.
        page.locator("form:has(input[name=code])").get_by_role("button", name="Sign In").click()
        page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"signing in {email} failed"


_USED_CODES: set[str] = set()


def fresh_totp_code(secret: str) -> str:
    """A TOTP code not used yet in this run (allauth refuses a code twice), waiting if need be."""
    import pyotp

    totp = pyotp.TOTP(secret)
    for _ in range(40):
        code = totp.now()
        if code not in _USED_CODES:
            _USED_CODES.add(code)
            return code
        time.sleep(1)
    raise AssertionError("no fresh TOTP code within 40 seconds")


def moderator_totp_secret(site) -> str:
    """The demo moderator's TOTP secret, as ``seed_demo`` prints it."""
    match = re.search(r"secret\s+([A-Z2-7]{16,})", site["seed_output"])
    assert match, "seed_demo printed no TOTP secret for the demo moderator"
    return match.group(1)


ACCOUNTS = {
    "moderator": ("moderator@example.com", "demo-moderator-2026"),
    "facilitator": ("facilitator@example.com", "demo-facilitator-2026"),
    "member1": ("member1@example.com", "demo-member-2026"),
    "member2": ("member2@example.com", "demo-member-2026"),
}


@pytest.fixture(scope="session")
def storage_state(site, tmp_path_factory):
    """``storage_state(browser, who)``: the saved signed-in state of a demo account.

    Each account signs in once a run. Journeys that sign out or delete an account must use
    their own account instead, so the saved sessions stay valid for the other tests.
    """
    folder = tmp_path_factory.mktemp("states")
    saved: dict[str, str] = {}

    def get(browser, who: str) -> str:
        if who not in saved:
            context = browser.new_context(base_url=site["url"])
            page = context.new_page()
            secret = moderator_totp_secret(site) if who == "moderator" else None
            sign_in(page, *ACCOUNTS[who], totp_secret=secret)
            path = folder / f"{who}.json"
            context.storage_state(path=str(path))
            context.close()
            saved[who] = str(path)
        return saved[who]

    return get


@pytest.fixture
def page_as(browser, new_page, storage_state):
    """``page_as("member1")``: a new browser context already signed in as that demo account."""

    def make(who: str, **options):
        return new_page(storage_state=storage_state(browser, who), **options)

    return make


def manage_py_shell(site, code: str) -> str:
    """Run Python in the live site's database (``manage.py shell -c``); returns its output."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=site["env"],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout


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
    # Evaluated through the DevTools protocol: the site's CSP forbids injected <script> tags.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]


def make_reported_reply(site, *, reply: str, thread_title: str) -> str:
    """A reply by a new member in a thread of theirs, reported by another member as unsafe
    advice, so the review queues have an item to show; returns the reply's words."""
    make_member(site, group_slug="rebuilding-trust-circle", thread_title=thread_title, reply=reply)
    reporter = make_member(site, group_slug="rebuilding-trust-circle")
    manage_py_shell(
        site,
        f"""
from community.accounts.models import User
from groups.forum_models import Post
from moderation.services import report_create
post = Post.objects.get(body={reply!r})
report_create(reporter=User.objects.get(email={reporter["email"]!r}), target=post,
              reason="unsafe_advice", group=post.thread.group)
""",
    )
    return reply


def make_member(
    site, *, group_slug: str | None = None, thread_title: str = "", reply: str = ""
) -> dict:
    """A new signed-up member with a confirmed email (optionally in a group, with a thread
    they started and, with ``reply``, a reply of theirs in it).

    For journeys that change or end an account, so the demo accounts stay as they are.
    """
    tag = uuid.uuid4().hex[:8]
    person = {
        "email": f"member-{tag}@example.com",
        "password": f"steady-lantern-{tag}",
        "pseudonym": f"member_{tag}",
    }
    code = f"""
from allauth.account.models import EmailAddress
from django.utils import timezone
from community.accounts.models import User
user = User.objects.create_user(
    username={person["pseudonym"]!r}, email={person["email"]!r}, password={person["password"]!r}
)
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
group_slug, thread_title, reply = {group_slug!r}, {thread_title!r}, {reply!r}
if group_slug:
    from groups.models import Membership, SupportGroup
    group = SupportGroup.objects.get(slug=group_slug)
    Membership.objects.create(
        user=user, group=group, role=Membership.Role.MEMBER, state=Membership.State.ACTIVE,
        rules_version_accepted=group.rules_version, joined_at=timezone.now(),
    )
    if thread_title:
        from forum.services import post_create, thread_create
        held = group.premoderated_post_count  # a new member's posts would wait for approval
        SupportGroup.objects.filter(pk=group.pk).update(premoderated_post_count=0)
        group.premoderated_post_count = 0
        thread = thread_create(author=user, group=group, title=thread_title,
                               body="Writing this down helps me think.").post.thread
        if reply:
            post_create(author=user, thread=thread, body=reply)
        SupportGroup.objects.filter(pk=group.pk).update(premoderated_post_count=held)
"""
    manage_py_shell(site, code)
    return person
