"""Real processes for tests that need them: daphne servers, task workers, fresh databases.

``daphne_server(env, worker=True)`` also starts a task worker (``manage.py run_worker``, with
the scheduler) on the same database, as ``make run`` does; tasks then run in that worker, not
in the server (``TASKS_EAGER_ON_COMMIT=0``). ``task_worker(env)`` starts a worker alone.
``fresh_database`` gives a migrated database of the backend this run uses (a copied SQLite
file, or a PostgreSQL database made from a migrated template), which the processes share.
"""

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"daphne did not listen on {port} within {timeout}s")


def _stop(process: subprocess.Popen, timeout: float = 15) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def task_worker(env: dict[str, str] | None = None, *args: str, log: Path | None = None):
    """A real ``manage.py run_worker`` process; yields it. Its output goes to ``log``."""
    log = log or Path(tempfile.mkstemp(prefix="worker-", suffix=".log")[1])
    process_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    process_env["TASKS_EAGER_ON_COMMIT"] = "0"
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "run_worker", *args],
            cwd=ROOT,
            env=process_env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    process.log_path = log
    try:
        yield process
    finally:
        _stop(process)


@contextmanager
def daphne_server(env: dict[str, str] | None = None, port: int | None = None, worker: bool = False):
    """Yield the base URL of a daphne process serving ``community.asgi`` with ``env``.

    With ``worker=True`` a task worker with the scheduler runs beside it, as in ``make run``.
    """
    if worker:
        env = {**(env or {}), "TASKS_EAGER_ON_COMMIT": "0"}
        with task_worker(env), daphne_server(env, port) as base_url:
            yield base_url
        return
    port = port or free_port()
    process_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    # Output goes to a file, never to a pipe nobody reads: once a pipe's buffer (64 KB of
    # access-log lines) is full, daphne blocks on its next write and stops answering.
    log = Path(tempfile.mkstemp(prefix="daphne-", suffix=".log")[1])
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "community.asgi:application",
            ],
            cwd=ROOT,
            env=process_env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def http_get(url: str, timeout: float = 10.0) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# ------------------------------------------------------------------ fresh databases


def _server_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def _admin_url(server_url: str) -> str:
    return server_url.rsplit("/", 1)[0] + "/postgres"


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return done.stdout


def migrated_template(folder: Path) -> str:
    """Migrate a new database once (per test session); returns its URL, to copy from."""
    server_url = _server_url()
    if not server_url.startswith("postgres"):
        url = f"sqlite:///{folder / 'template.sqlite3'}"
        manage({"DATABASE_URL": url}, "migrate", "--noinput", "-v", "0")
        with sqlite3.connect(folder / "template.sqlite3") as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return url
    import psycopg

    name = f"tmpl_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_admin_url(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = server_url.rsplit("/", 1)[0] + f"/{name}"
    manage({"DATABASE_URL": url}, "migrate", "--noinput", "-v", "0")
    return url


def drop_database(url: str) -> None:
    if url.startswith("postgres"):
        import psycopg

        name = url.rsplit("/", 1)[1]
        with psycopg.connect(_admin_url(url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(template_url: str, folder: Path):
    """A migrated database of its own, copied from ``template_url``; yields its URL."""
    if template_url.startswith("sqlite"):
        path = folder / f"site-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(template_url.removeprefix("sqlite:///"), path)
        yield f"sqlite:///{path}"
        return
    import psycopg

    template = template_url.rsplit("/", 1)[1]
    name = f"live_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_admin_url(template_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = template_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        drop_database(url)


def run_step(env: dict[str, str], name: str, **kwargs) -> dict | list:
    """Run ``tests/jobs/steps.py``'s ``name(**kwargs)`` against the live database; its JSON."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.jobs.steps", name, json.dumps(kwargs)],
        cwd=ROOT,
        env={**os.environ, **env, "TASKS_EAGER_ON_COMMIT": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"step {name} failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def wait_until(predicate, *, timeout: float, interval: float = 0.5, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy; returns it, or fails the test."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def mail_messages(mail_dir: Path) -> list:
    """Messages Django's file backend wrote into ``mail_dir`` (parsed email objects)."""
    import email
    from email import policy

    messages = []
    for path in sorted(mail_dir.iterdir()):
        raw = path.read_text(encoding="utf-8", errors="replace")
        for chunk in raw.split("\n" + "-" * 79 + "\n"):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.lstrip(), policy=policy.default))
    return messages
