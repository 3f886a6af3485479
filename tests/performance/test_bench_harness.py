"""The benchmark harness: reference views only when enabled, the data set, the supervisor."""

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from channels.testing import WebsocketCommunicator
from django.core.management import call_command

from bench.consumers import CLOSE_NOT_FOUND, EchoConsumer
from groups.models import Membership, SupportGroup
from tests.live import free_port, http_get, wait_for_port

ROOT = Path(__file__).resolve().parent.parent.parent


def run_async(coroutine_function):
    """Run in a thread of its own: the browser tests keep an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coroutine_function()).result(timeout=60)


@pytest.mark.django_db
def test_reference_view_is_not_found_unless_bench_reference_views_is_set(client, settings):
    settings.BENCH_REFERENCE_VIEWS = False

    response = client.get("/bench/reference/5000/")

    assert response.status_code == 404


def test_reference_view_renders_a_page_of_about_the_requested_size(client, settings):
    settings.BENCH_REFERENCE_VIEWS = True

    response = client.get("/bench/reference/20000/")

    assert response.status_code == 200
    assert 18_000 <= len(response.content) <= 22_000


@pytest.mark.django_db
def test_reference_view_refuses_an_absurd_size_with_not_found(client, settings):
    settings.BENCH_REFERENCE_VIEWS = True

    response = client.get("/bench/reference/999999999/")

    assert response.status_code == 404


# Channels closes stale DB connections around each event, so the DB must be reachable.
@pytest.mark.django_db
def test_echo_consumer_closes_unless_bench_reference_views_is_set(settings):
    settings.BENCH_REFERENCE_VIEWS = False

    async def scenario():
        communicator = WebsocketCommunicator(EchoConsumer.as_asgi(), "/bench/echo/")

        connected, code = await communicator.connect()

        assert not connected
        assert code == CLOSE_NOT_FOUND

    run_async(scenario)


# Channels closes stale DB connections around each event, so the DB must be reachable.
@pytest.mark.django_db
def test_echo_consumer_broadcasts_each_message_to_every_connected_client(settings):
    settings.BENCH_REFERENCE_VIEWS = True

    async def scenario():
        first = WebsocketCommunicator(EchoConsumer.as_asgi(), "/bench/echo/")
        second = WebsocketCommunicator(EchoConsumer.as_asgi(), "/bench/echo/")
        assert (await first.connect())[0] and (await second.connect())[0]

        await first.send_json_to({"type": "message", "body": "hello", "client_id": "c-1"})

        for communicator in (first, second):
            frame = await communicator.receive_json_from(timeout=5)
            assert frame["type"] == "message"
            assert frame["client_id"] == "c-1"
            assert frame["html"] == "hello"
        await first.disconnect()
        await second.disconnect()

    run_async(scenario)


# Channels closes stale DB connections around each event, so the DB must be reachable.
@pytest.mark.django_db
def test_echo_consumer_answers_an_unknown_frame_with_an_error_and_stays_open(settings):
    settings.BENCH_REFERENCE_VIEWS = True

    async def scenario():
        communicator = WebsocketCommunicator(EchoConsumer.as_asgi(), "/bench/echo/")
        await communicator.connect()

        await communicator.send_json_to({"type": "dance"})

        assert (await communicator.receive_json_from(timeout=5))["code"] == "invalid"
        await communicator.send_json_to({"type": "message", "body": "still here", "client_id": "x"})
        assert (await communicator.receive_json_from(timeout=5))["html"] == "still here"
        await communicator.disconnect()

    run_async(scenario)


@pytest.mark.django_db
def test_seed_bench_builds_rooms_and_members_and_writes_session_keys_that_sign_in(client, tmp_path):
    out = tmp_path / "seed.json"

    call_command(
        "seed_bench",
        members=30,
        rooms=3,
        chat_members=12,
        posts=10,
        posters=5,
        articles=1,
        out=out,
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )

    seed = json.loads(out.read_text())
    assert seed["rooms"] == ["bench-room-00", "bench-room-01", "bench-room-02"]
    busy = SupportGroup.objects.get(slug="bench-room-00")
    assert busy.memberships.filter(state=Membership.State.ACTIVE).count() == 12 + 6
    client.cookies[seed["session_cookie"]] = seed["sessions"]["bench_003"]
    response = client.get("/groups/bench-room-00/")
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "bench_003"


@pytest.mark.django_db
def test_seed_bench_run_twice_rebuilds_the_same_data_set_instead_of_adding_to_it(tmp_path):
    out = tmp_path / "seed.json"
    options = {"members": 20, "rooms": 2, "chat_members": 5, "posts": 5, "posters": 3}

    call_command("seed_bench", out=out, stdout=open(os.devnull, "w"), **options)  # noqa: SIM115
    call_command("seed_bench", out=out, stdout=open(os.devnull, "w"), **options)  # noqa: SIM115

    assert SupportGroup.objects.filter(slug__startswith="bench-room-").count() == 2
    assert Membership.objects.filter(group__slug__startswith="bench-room-").count() == 20 + 2


def _answers(port: int) -> bool:
    try:
        return http_get(f"http://127.0.0.1:{port}/healthz", timeout=5)[0] == 200
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _is_task_worker(pid: int) -> bool:
    try:
        return b"run_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.live
def test_serve_starts_workers_on_one_port_and_stops_them_all_on_sigterm(live_site):
    port = free_port()
    redis_url = os.environ.get("REDIS_URL", "")
    env = {
        **os.environ,
        **live_site.env,
        "REDIS_URL": redis_url,
        # As in production: healthy only once the task worker has been seen.
        "HEALTHZ_REQUIRES_WORKER": "1",
    }
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "scripts/serve.py", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port)  # the supervisor's socket: listening before any worker runs
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not _answers(port):
            time.sleep(0.5)
        statuses = {http_get(f"http://127.0.0.1:{port}/healthz")[0] for _ in range(10)}
        workers = _children(process.pid)
        task_workers = [pid for pid in workers if _is_task_worker(pid)]
        assert statuses == {200}
        assert len(task_workers) == 1
        assert len(workers) - len(task_workers) == (2 if redis_url else 1)
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    if not redis_url:
        assert "REDIS_URL is not set" in output


def test_serve_runs_daphne_workers_on_their_descriptor_without_an_access_log():
    sys.path.insert(0, str(ROOT / "scripts"))
    import serve

    command = serve.worker_command("daphne", 7)

    assert command[1:] == [
        "-m",
        "daphne",
        "--fd",
        "7",
        "-v",
        "0",
        "--websocket-max-message-size",
        str(serve.WEBSOCKET_MAX_MESSAGE_BYTES),
        "community.asgi:application",
    ]


def test_serve_spreads_new_connections_over_one_socket_per_worker():
    """One listening socket per worker on one port (SO_REUSEPORT): the kernel spreads
    connections over them, instead of the first worker awake taking a whole burst."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import serve

    socks = serve.open_sockets("127.0.0.1", 0, 2)
    port = socks[0].getsockname()[1]
    ports = {sock.getsockname()[1] for sock in socks}
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(200)]
    try:
        accepted = []
        for sock in socks:
            sock.setblocking(False)
            count = 0
            while True:
                try:
                    conn, _ = sock.accept()
                except BlockingIOError:
                    break
                conn.close()
                count += 1
            accepted.append(count)
    finally:
        for client in clients:
            client.close()
        for sock in socks:
            sock.close()

    assert ports == {port}
    assert sum(accepted) == 200
    assert min(accepted) >= 50, accepted


def test_serve_refuses_a_port_another_server_already_listens_on():
    """SO_REUSEPORT must not let a second server share the first one's port unnoticed."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import serve

    first = serve.open_sockets("127.0.0.1", 0, 2)
    port = first[0].getsockname()[1]
    try:
        with pytest.raises(OSError):
            serve.open_sockets("127.0.0.1", port, 2)
    finally:
        for sock in first:
            sock.close()


def _sockets_of(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:"):
            found.add(target)
    return found


@pytest.mark.live
def test_a_restarted_web_worker_takes_over_the_socket_of_the_one_that_died(live_site):
    if not os.environ.get("REDIS_URL"):
        pytest.skip("several web workers need the Redis channel layer")
    port = free_port()
    env = {**os.environ, **live_site.env, "REDIS_URL": os.environ["REDIS_URL"]}
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "scripts/serve.py", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and not _answers(port):
            time.sleep(0.5)
        listening = _sockets_of(process.pid)  # the supervisor holds the listening sockets
        web = [pid for pid in _children(process.pid) if not _is_task_worker(pid)]
        sockets = {pid: _sockets_of(pid) & listening for pid in web}
        assert [len(held) for held in sockets.values()] == [1, 1]
        assert len(set.union(*sockets.values())) == 2  # a socket of its own each

        alive = list(web)
        for dead in web:  # each worker in turn: each index's socket goes to its successor
            os.kill(dead, signal.SIGKILL)
            deadline = time.monotonic() + 30
            replaced = []
            while time.monotonic() < deadline and not replaced:
                time.sleep(0.5)
                now = [pid for pid in _children(process.pid) if not _is_task_worker(pid)]
                replaced = [pid for pid in now if pid not in alive]
            assert replaced, "the dead worker was not restarted"
            while time.monotonic() < deadline and not _sockets_of(replaced[0]) & listening:
                time.sleep(0.2)
            assert _sockets_of(replaced[0]) & listening == sockets[dead]
            alive = [pid for pid in alive if pid != dead] + replaced
        while time.monotonic() < deadline and not _answers(port):
            time.sleep(0.5)
        assert {http_get(f"http://127.0.0.1:{port}/healthz")[0] for _ in range(10)} == {200}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
