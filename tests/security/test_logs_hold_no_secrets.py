"""Logs never hold what members wrote or searched, nor tokens (issue 20, finding 14).

``make run`` used to log every request line, so crisis searches, calendar-feed tokens and
invitation tokens landed in its output. The live test starts the server exactly as
``make run`` does (``scripts/run_daphne.py``), walks the journeys that put words and secrets
in addresses and forms (sign-in, a crisis search, the calendar feed, an invitation link, a
password-reset link, an email-confirmation link, a one-to-one chat room, a new thread), and
then reads everything the process printed.
"""

import logging
import os
import re
import socket
import sqlite3
import subprocess
import sys
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
from django.db import connection

from chat.models import CalendarToken, ChatRoom
from community.log_privacy import RedactedPathFilter, redact_path, redact_websocket_path
from groups.models import GroupInvite
from tests.factories import DEFAULT_PASSWORD, FacilitatorMembershipFactory
from tests.live import ROOT, free_port, wait_for_port

SEARCH = "zq I want to end my life tonight"


@pytest.mark.parametrize(
    ("path", "secret"),
    [
        ("/search/?q=zq+crisis+words", "zq"),
        ("/groups/circle/sessions.ics?token=zqSecretToken123", "zqSecretToken123"),
        ("/groups/circle/invite/zqInviteToken456/", "zqInviteToken456"),
        ("/accounts/password/reset/key/1b-zqresetkey789/", "zqresetkey789"),
        ("/accounts/confirm-email/zqconfirmkey000/", "zqconfirmkey000"),
        ("/groups/circle/threads/12/?quote=3&page=2", "quote"),
        ("/no/such/zqpage/?x=1", "zqpage"),
    ],
)
def test_a_logged_address_keeps_the_route_and_drops_words_and_tokens(path, secret):
    shown = redact_path(path)

    assert secret not in shown
    assert shown.startswith("/")


def test_a_logged_websocket_address_hides_the_side_room_token():
    shown = redact_websocket_path("/ws/groups/circle/chat/zqRoomToken/")

    assert shown == "/ws/groups/circle/chat/…/"


def test_runserver_and_the_request_logger_show_routes_only():
    record = logging.LogRecord(
        "django.channels.server",
        logging.INFO,
        __file__,
        1,
        "HTTP %(method)s %(path)s %(status)s",
        ({"method": "GET", "path": "/search/?q=zqsecret", "status": 200},),
        None,
    )
    error = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "%s: %s", ("Error", "/search/?q=zq"), None
    )

    RedactedPathFilter().filter(record)
    RedactedPathFilter().filter(error)

    assert "zq" not in record.getMessage()
    assert "zq" not in error.getMessage()


# --- the real server, as ``make run`` starts it ------------------------------------------


def _database_url(tmp_path) -> str:
    if connection.vendor == "sqlite":
        copy = tmp_path / "live.sqlite3"
        target = sqlite3.connect(copy)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{copy}"
    settings = connection.settings_dict
    return (
        f"postgresql://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> str:
        try:
            with self.opener.open(self.base + path, timeout=20) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()

    def post(self, path: str, data: dict, *, form_page: str | None = None) -> str:
        page = self.get(form_page or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1)}).encode()
        request = urllib.request.Request(  # noqa: S310
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()


def _websocket_handshake(port: int, path: str) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                f"Sec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:{port}\r\n\r\n"
            ).encode()
        )
        sock.recv(1024)


@pytest.mark.django_db(transaction=True)
def test_the_make_run_server_logs_no_search_words_texts_or_tokens(tmp_path, group, member):
    facilitator = FacilitatorMembershipFactory(group=group).user
    invite = GroupInvite.objects.create(
        group=group, created_by=facilitator, expires_at="2099-01-01T00:00:00Z", max_uses=5
    )
    calendar = CalendarToken.objects.create(user=member, group=group)
    side_room = ChatRoom.objects.create(
        group=group, kind=ChatRoom.Kind.SIDE, side_facilitator=facilitator, side_member=member
    )
    secrets = {
        "search": SEARCH,
        "search (encoded)": urllib.parse.quote_plus(SEARCH),
        "calendar token": calendar.token,
        "invitation token": invite.token,
        "side room token": side_room.token,
        "reset key": "zqresetkey",
        "confirmation key": "zqconfirmkey",
        "thread title": "zqtitlewords",
        "post words": "zqpostwords",
        "password": DEFAULT_PASSWORD,
    }
    port = free_port()
    env = {
        "DJANGO_ENV": "test",  # the test hasher; the launcher and LOGGING are those of make run
        "DATABASE_URL": _database_url(tmp_path),
        "REDIS_URL": "",
        "PYTHONUNBUFFERED": "1",
        "LOG_LEVEL": "DEBUG",
    }
    log_path = tmp_path / "daphne.log"  # a file, not a pipe that could fill and block daphne
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "scripts/run_daphne.py", "-b", "127.0.0.1", "-p", str(port)]
            + ["community.asgi:application"],
            cwd=ROOT,
            env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"} | env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port)
        browser = Browser(f"http://127.0.0.1:{port}")
        browser.post("/accounts/login/", {"login": member.email, "password": DEFAULT_PASSWORD})
        assert "Your settings" in browser.get("/me/")
        browser.get("/search/?" + urllib.parse.urlencode({"q": SEARCH}))
        browser.get(f"/groups/{group.slug}/sessions.ics?token={calendar.token}")
        browser.get(f"/groups/{group.slug}/invite/{invite.token}/")
        browser.get("/accounts/password/reset/key/1b-zqresetkey/")
        browser.get("/accounts/confirm-email/zqconfirmkey/")
        posted = browser.post(
            f"/groups/{group.slug}/threads/new/",
            {"title": "About zqtitlewords", "body": "Some zqpostwords here."},
        )
        assert "zqpostwords" in posted  # the thread page it leads to
        _websocket_handshake(port, f"/ws/groups/{group.slug}/chat/{side_room.token}/")
    finally:
        process.terminate()
        process.wait(timeout=20)
    log = log_path.read_text(errors="replace")

    assert "GET /search/" in log  # the access log is on, and shows routes
    leaked = {name: secret for name, secret in secrets.items() if secret in log}
    assert leaked == {}
