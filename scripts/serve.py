"""Production serving: one daphne worker per core on one port (``make serve``).

A single daphne process runs Django's sync views one core at a time, so on an N-core machine it
leaves N-1 cores idle. This supervisor opens one listening socket per worker on the same port
(``SO_REUSEPORT``) and starts the workers with ``daphne --fd``: the kernel spreads new
connections evenly over the sockets, HTTP and websockets alike, with no proxy in between. (One
shared socket let whichever worker woke first accept a whole burst of connections: in
``make bench``'s chat run one worker held nearly every socket of the room at 90% of a core
while the other idled.) A restarted worker takes over its predecessor's socket, so connections
waiting in its queue are not lost. Chat fan-out across workers goes through
the channel layer, so several workers need ``REDIS_URL`` (channels-redis); without it the
supervisor starts one worker and says why.

    python scripts/serve.py --host 127.0.0.1 --port 8000 --workers 2

It also starts ``--task-workers`` background task workers (``manage.py run_worker``, default
``TASK_WORKERS`` or 1; each can act as the scheduler, one does at a time: docs/tasks.md).

A web worker that dies is restarted (at most ``--max-restarts`` within a minute, then the whole
server stops rather than flap). A task worker that dies is restarted after a pause that grows
to a minute; pages keep being served meanwhile, and ``/healthz`` says the worker is down.
SIGTERM or SIGINT stops every worker and then the supervisor. ``--server uvicorn`` runs uvicorn
workers on the same socket instead (measured by ``make bench``; daphne is the choice, see
docs/serving.md).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPLICATION = "community.asgi:application"
TASK_WORKER_COMMAND = [sys.executable, "manage.py", "run_worker"]


#: The largest websocket message a worker reads (bytes): a chat frame is at most a few KB, so
#: anything bigger is closed with 1009 before it is buffered (chat/PROTOCOL.md "Flow control").
WEBSOCKET_MAX_MESSAGE_BYTES = 64 * 1024


def worker_command(server: str, fd: int) -> list[str]:
    if server == "uvicorn":
        return [
            sys.executable,
            "-m",
            "uvicorn",
            "--fd",
            str(fd),
            "--no-access-log",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--ws-max-size",
            str(WEBSOCKET_MAX_MESSAGE_BYTES),
            APPLICATION,
        ]
    # -v 0: no access log. Request lines carry query strings (search terms), which the
    # privacy rules keep out of logs; it is also measurably cheaper.
    return [
        sys.executable,
        "-m",
        "daphne",
        "--fd",
        str(fd),
        "-v",
        "0",
        "--websocket-max-message-size",
        str(WEBSOCKET_MAX_MESSAGE_BYTES),
        APPLICATION,
    ]


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def open_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def open_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` listening sockets on one port, one per worker (``port`` 0: a free one).

    A port something already listens on is refused first, as a plain bind would refuse it:
    ``SO_REUSEPORT`` alone would let a second server (a forgotten ``make run``) silently take
    half of the first one's connections.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))  # OSError (address in use) when the port is taken
        port = probe.getsockname()[1]
    return [open_socket(host, port) for _ in range(count)]


class TaskWorkers:
    """The background task workers: restarted with a growing pause when they die."""

    MAX_PAUSE = 60.0

    def __init__(self, count: int):
        self.count = count
        self.processes: list[subprocess.Popen | None] = []
        self.failures = [0] * count
        self.restart_at = [0.0] * count

    def spawn(self) -> subprocess.Popen:
        return subprocess.Popen(TASK_WORKER_COMMAND, cwd=ROOT)  # noqa: S603 - our own command

    def start(self) -> list[int]:
        self.processes = [self.spawn() for _ in range(self.count)]
        return [process.pid for process in self.processes]

    def watch(self) -> None:
        now = time.monotonic()
        for index, process in enumerate(self.processes):
            if process is None:
                if now >= self.restart_at[index]:
                    self.processes[index] = self.spawn()
                continue
            code = process.poll()
            if code is None:
                continue
            self.failures[index] += 1
            pause = min(self.MAX_PAUSE, 2.0 ** self.failures[index])
            print(
                f"serve: task worker {process.pid} exited ({code}); restarting in {pause:g} s",
                flush=True,
            )
            self.processes[index] = None
            self.restart_at[index] = now + pause

    def running(self) -> list[subprocess.Popen]:
        return [process for process in self.processes if process is not None]


class Supervisor:
    def __init__(
        self, *, socks, workers: int, server: str, max_restarts: int, task_workers: int = 0
    ):
        self.socks = socks  # one per worker
        self.count = workers
        self.server = server
        self.max_restarts = max_restarts
        self.processes: list[subprocess.Popen] = []
        self.restarts: list[float] = []
        self.stopping = False
        self.tasks = TaskWorkers(task_workers)

    def spawn(self, index: int) -> subprocess.Popen:
        fd = self.socks[index].fileno()
        return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            worker_command(self.server, fd), cwd=ROOT, pass_fds=(fd,)
        )

    def stop(self, *_args) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        self.processes = [self.spawn(index) for index in range(self.count)]
        pids = ", ".join(str(process.pid) for process in self.processes)
        print(f"serve: {self.count} {self.server} worker(s) [{pids}]", flush=True)
        task_pids = ", ".join(str(pid) for pid in self.tasks.start())
        print(f"serve: {self.tasks.count} task worker(s) [{task_pids}]", flush=True)
        status = 0
        while not self.stopping:
            time.sleep(0.5)
            self.tasks.watch()
            for index, process in enumerate(self.processes):
                code = process.poll()
                if code is None or self.stopping:
                    continue
                now = time.monotonic()
                self.restarts = [t for t in self.restarts if now - t < 60] + [now]
                if len(self.restarts) > self.max_restarts:
                    print("serve: workers keep dying; stopping", file=sys.stderr, flush=True)
                    self.stopping, status = True, 1
                    break
                print(f"serve: worker {process.pid} exited ({code}); restarting", flush=True)
                self.processes[index] = self.spawn(index)
        everyone = self.processes + self.tasks.running()
        for process in everyone:
            if process.poll() is None:
                process.terminate()
        for process in everyone:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "0")))
    parser.add_argument("--server", choices=["daphne", "uvicorn"], default="daphne")
    parser.add_argument("--max-restarts", type=int, default=5)
    parser.add_argument(
        "--task-workers", type=int, default=int(os.environ.get("TASK_WORKERS", "1"))
    )
    args = parser.parse_args(argv)
    workers = args.workers or default_workers()
    if workers > 1 and not os.environ.get("REDIS_URL"):
        print(
            "serve: REDIS_URL is not set, so the channel layer is in-memory and cannot reach "
            "across processes: starting 1 worker (set REDIS_URL to use every core)",
            flush=True,
        )
        workers = 1
    socks = open_sockets(args.host, args.port, workers)
    print(f"serve: listening on http://{args.host}:{args.port}", flush=True)
    return Supervisor(
        socks=socks,
        workers=workers,
        server=args.server,
        max_restarts=args.max_restarts,
        task_workers=max(0, args.task_workers),
    ).run()


if __name__ == "__main__":
    sys.exit(main())
