"""Run the whole suite on SQLite + the in-memory layer, then on PostgreSQL + Redis.

The second run happens when PostgreSQL and Redis answer (``DATABASE_URL``/``REDIS_URL``, or
the local defaults below). In CI (``CI=true``) both backends are required. Each run prints
its backend so the log shows which one passed.
"""

import os
import socket
import subprocess
import sys
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port), timeout=2):
            return True
    except OSError:
        return False


def run_suite(label: str, extra_env: dict[str, str], args: list[str]) -> int:
    print(f"\n=== test backend: {label} ===", flush=True)
    env = {**os.environ, **extra_env}
    command = [sys.executable, "-m", "pytest", *args]
    return subprocess.call(command, env=env)  # noqa: S603


def main() -> int:
    args = sys.argv[1:]
    sqlite_env = {"DATABASE_URL": "", "REDIS_URL": ""}
    status = run_suite("SQLite + in-memory channel layer", sqlite_env, args)

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    if reachable(database_url) and reachable(redis_url):
        server_env = {"DATABASE_URL": database_url, "REDIS_URL": redis_url}
        label = f"PostgreSQL ({urlparse(database_url).hostname}) + channels-redis"
        status = run_suite(label, server_env, args) or status
    elif os.environ.get("CI"):
        print("=== PostgreSQL or Redis unreachable in CI: both backends are required ===")
        status = status or 1
    else:
        print("\n=== PostgreSQL/Redis not reachable: skipped the server-backend run ===")
    return status


if __name__ == "__main__":
    sys.exit(main())
