"""``make run``: daphne and one task worker (with the scheduler) together; Ctrl-C stops both.

Without the worker nothing deferred happens: no safety escalation, no email, no reminder. So
the two are started, watched and stopped as one: if either exits on its own, the other is
stopped too and the exit status says so. Each child runs in its own process group, so the
terminal's Ctrl-C reaches this supervisor alone, which then stops each child once, cleanly.

    python scripts/run.py --host 127.0.0.1 --port 8000
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STOP_TIMEOUT = 15.0


def commands(host: str, port: int) -> dict[str, list[str]]:
    return {
        "daphne": [
            sys.executable,
            str(ROOT / "scripts" / "run_daphne.py"),
            "-b",
            host,
            "-p",
            str(port),
            "community.asgi:application",
        ],
        "worker": [sys.executable, "manage.py", "run_worker"],
    }


class Supervisor:
    def __init__(self, commands: dict[str, list[str]]):
        self.commands = commands
        self.processes: dict[str, subprocess.Popen] = {}
        self.stopping = False

    def stop(self, *_args) -> None:
        self.stopping = True

    def start(self) -> None:
        for name, command in self.commands.items():
            self.processes[name] = subprocess.Popen(  # noqa: S603 - our own interpreter
                command, cwd=ROOT, start_new_session=True
            )
        pids = ", ".join(f"{name} {process.pid}" for name, process in self.processes.items())
        print(f"run: started {pids} (Ctrl-C stops both)", flush=True)

    def shutdown(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"run: {name} did not stop in {STOP_TIMEOUT:g} s; killing it", flush=True)
                process.kill()
                process.wait()

    def run(self) -> int:
        signal.signal(signal.SIGINT, self.stop)
        signal.signal(signal.SIGTERM, self.stop)
        self.start()
        status = 0
        try:
            while not self.stopping:
                time.sleep(0.3)
                for name, process in self.processes.items():
                    code = process.poll()
                    if code is not None and not self.stopping:
                        print(f"run: {name} exited ({code}); stopping the rest", file=sys.stderr)
                        self.stopping, status = True, code or 1
        finally:
            self.shutdown()
        print("run: stopped", flush=True)
        return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    args = parser.parse_args(argv)
    return Supervisor(commands(args.host, args.port)).run()


if __name__ == "__main__":
    sys.exit(main())
