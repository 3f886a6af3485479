"""Real worker processes on a real database: what ``make run`` and ``make serve`` promise.

Each test gets a migrated database of its own (SQLite in the first pass, PostgreSQL in the
second) and starts the very processes a deployment runs: ``scripts/run.py`` (daphne and a
worker with the scheduler) or ``manage.py run_worker``. Time is compressed with settings
(escalation after 3 s, retries after 0.2 s, a dead worker noticed after 3 s).
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.live import (
    ROOT,
    free_port,
    http_get,
    mail_messages,
    run_step,
    task_worker,
    wait_for_port,
    wait_until,
)

pytestmark = pytest.mark.live

SEND_EMAIL = "jobs.mail.send_email"
SEND_URGENT_EMAIL = "jobs.mail.send_urgent_email"
ESCALATE = "moderation.tasks.escalate_safety_alerts"


def mails_to(mail_dir, address: str) -> list:
    return [m for m in mail_messages(mail_dir) if address in str(m["To"])]


def get_with_cookie(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
        return response.status, response.read().decode()


def children_of(pid: int) -> list[int]:
    path = f"/proc/{pid}/task/{pid}/children"
    return [int(child) for child in open(path).read().split()] if os.path.exists(path) else []


def test_an_alert_nobody_acknowledges_escalates_to_every_moderator_with_only_make_runs_processes(
    live_site,
):
    env = {
        **live_site.env,
        # make run's own settings module, with time compressed.
        "DJANGO_SETTINGS_MODULE": "community.settings.local",
        "DJANGO_ENV": "local",
        "SAFETY_ESCALATION_SECONDS": "3",
        "SAFETY_ESCALATION_CHECK_SECONDS": "1",
    }
    port = free_port()
    log = (live_site.tmp_path / "run.log").open("wb")
    run = subprocess.Popen(  # noqa: S603
        [sys.executable, "scripts/run.py", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONUNBUFFERED": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, timeout=60)
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: http_get(f"{base}/healthz")[0] == 200, timeout=60, what="a healthy site")
        scene = run_step(env, "scene", moderators=2)

        alert = run_step(env, "raise_alert", member=scene["member"], group=scene["group"])["alert"]

        # Each moderator hears twice: when the alert is raised, and when it escalates.
        for address in scene["moderator_emails"]:
            wait_until(
                lambda address=address: len(mails_to(live_site.mail_dir, address)) >= 2,
                timeout=60,
                what=f"the escalation email to {address}",
            )
        state = run_step(env, "alert_state", alert=alert, moderators=scene["moderators"])
        assert state == {"escalated": True, "told": sorted(scene["moderators"]), "audit": 1}
        assert len(mails_to(live_site.mail_dir, scene["facilitator_email"])) == 1
        cookie = run_step(env, "moderator_cookie", user=scene["moderators"][0])["cookie"]
        status, page = get_with_cookie(f"{base}/moderation/safety/", cookie)
        assert status == 200
        assert "Escalated to all moderators" in page
        status, body = http_get(f"{base}/healthz")
        assert status == 200
        assert b'"worker": {"status": "ok"' in body
        children = children_of(run.pid)
        assert len(children) == 2  # daphne and the worker

        run.send_signal(signal.SIGINT)  # Ctrl-C
        assert run.wait(timeout=30) == 0
        time.sleep(0.3)
        assert not any(os.path.exists(f"/proc/{pid}") for pid in children)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        log.close()


def test_a_safety_email_refused_three_times_goes_out_once_when_the_mail_server_is_back(
    live_site,
):
    env = {
        **live_site.env,
        "EMAIL_BACKEND": "tests.jobs.mail_backends.DownThenUpBackend",
        "TEST_EMAIL_BACKEND": "tests.jobs.mail_backends.DownThenUpBackend",
        "TEST_MAIL_FAILURES": "3",
    }
    scene = run_step(env, "scene", moderators=1, facilitator=False)
    moderator = scene["moderator_emails"][0]

    with task_worker(env, "--no-scheduler", log=live_site.tmp_path / "worker.log") as worker:
        run_step(env, "raise_alert", member=scene["member"], group=scene["group"])
        rows = wait_until(
            lambda: [
                r
                for r in run_step(env, "task_rows", path=SEND_URGENT_EMAIL)
                if r["status"] == "SUCCESSFUL"
            ],
            timeout=60,
            what="the urgent email task to succeed",
        )
    log = worker.log_path.read_text()

    assert len(mails_to(live_site.mail_dir, moderator)) == 1
    assert len(rows) == 1 and len(rows[0]["workers"]) == 4  # three refusals, then delivered
    assert log.count("smtplib.SMTPServerDisconnected") == 3
    assert moderator not in log and scene["member_name"] not in log


def test_a_task_whose_worker_is_killed_mid_way_runs_again_on_another_worker(live_site):
    markers = live_site.tmp_path / "markers"
    markers.mkdir()
    slow = {
        **live_site.env,
        "EMAIL_BACKEND": "tests.jobs.mail_backends.SlowBackend",
        "TEST_EMAIL_BACKEND": "tests.jobs.mail_backends.SlowBackend",
        "TEST_MAIL_DELAY": "120",
        "TEST_MAIL_MARKERS": str(markers),
    }
    run_step(live_site.env, "enqueue_emails", count=1)

    with task_worker(slow, "--no-scheduler", "--worker-id", "doomed") as doomed:
        wait_until(lambda: any(markers.iterdir()), timeout=60, what="the send to start")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
    (row,) = run_step(live_site.env, "task_rows", path=SEND_EMAIL)
    assert row["status"] == "RUNNING" and row["workers"] == ["doomed"]
    assert mail_messages(live_site.mail_dir) == []

    with task_worker(live_site.env, "--worker-id", "rescuer"):
        wait_until(lambda: mail_messages(live_site.mail_dir), timeout=60, what="the email")
        (row,) = wait_until(
            lambda: [
                r
                for r in run_step(live_site.env, "task_rows", path=SEND_EMAIL)
                if r["status"] == "SUCCESSFUL"
            ],
            timeout=30,
            what="the task to be marked done",
        )

    assert row["workers"] == ["doomed", "rescuer"]
    assert len(mail_messages(live_site.mail_dir)) == 1


def test_two_workers_share_the_queue_and_never_run_the_same_task_twice(live_site):
    """On PostgreSQL each claim is ``SELECT ... FOR UPDATE SKIP LOCKED`` in a transaction; on
    SQLite an exclusive transaction. Either way a task is claimed by exactly one worker."""
    env = {
        **live_site.env,
        "EMAIL_BACKEND": "tests.jobs.mail_backends.SlowBackend",
        "TEST_EMAIL_BACKEND": "tests.jobs.mail_backends.SlowBackend",
        "TEST_MAIL_DELAY": "0.05",
    }
    count = 40
    with (
        task_worker(env, "--worker-id", "one", "--interval", "0.1"),
        task_worker(env, "--worker-id", "two", "--interval", "0.1"),
    ):
        wait_until(
            lambda: len(run_step(env, "scheduler_state")["workers"]) == 2,
            timeout=60,
            what="both workers",
        )
        run_step(env, "enqueue_emails", count=count)
        wait_until(
            lambda: len(mail_messages(live_site.mail_dir)) >= count,
            timeout=120,
            what="every email",
        )
        time.sleep(1)  # anything sent twice would have arrived by now
        rows = run_step(env, "task_rows", path=SEND_EMAIL)

    addresses = [str(m["To"]) for m in mail_messages(live_site.mail_dir)]
    assert sorted(addresses) == sorted(f"person{n}@example.org" for n in range(count))
    assert all(r["status"] == "SUCCESSFUL" and len(r["workers"]) == 1 for r in rows)
    assert {r["workers"][0] for r in rows} == {"one", "two"}


def test_two_schedulers_never_act_at_once_and_the_second_takes_over_when_the_first_dies(
    live_site,
):
    env = {**live_site.env, "SAFETY_ESCALATION_CHECK_SECONDS": "1"}

    def state() -> dict:
        return run_step(env, "scheduler_state", path=ESCALATE)

    with (
        task_worker(env, "--worker-id", "first") as first,
        task_worker(env, "--worker-id", "second") as second,
    ):
        before = wait_until(
            lambda: (s := state())["holder"] and len(s["workers"]) == 2 and s,
            timeout=60,
            what="both workers and a scheduler",
        )
        holder = before["holder"]
        started = time.monotonic()
        samples = [state() for _ in range(3)]
        elapsed = time.monotonic() - started
        during = samples[-1]["tasks"] - before["tasks"]

        # Only the lease holder enqueued anything, about once a second.
        assert {sample["holder"] for sample in samples} == {holder}
        assert {who for s in samples for who in s["enqueued_by"].values()} == {holder}
        assert 1 <= during <= elapsed + 2

        dying, survivor = (first, "second") if holder == "first" else (second, "first")
        dying.send_signal(signal.SIGKILL)
        dying.wait(timeout=10)
        taken_over = wait_until(
            lambda: (s := state())["holder"] == survivor and s,
            timeout=30,
            what="the other scheduler to take over",
        )
        wait_until(
            lambda: (
                (s := state())["tasks"] > taken_over["tasks"]
                and s["enqueued_by"]["safety-escalation"] == survivor
            ),
            timeout=30,
            what="the new scheduler to enqueue",
        )
