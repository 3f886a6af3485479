"""Where a chat message's server time goes: py-spy over real ``serve.py`` workers under the
bench's chat load (docs/bench.md, "Where a message's time goes").

    .venv/bin/pip install py-spy        # a dev tool, not a dependency of the site
    .venv/bin/python scripts/profile_chat.py --reuse-data --seconds 20 [--path echo]

It serves exactly as ``make bench`` does (``scripts/bench.py``: production settings, one daphne
worker per core, the bench database and Redis db from ``BENCH_DATABASE_URL`` /
``BENCH_REDIS_URL``), runs the chat section's load (50 members in one room, 5 senders back to
back) for ``--seconds``, samples every worker with ``py-spy record --nonblocking``, and prints
the worker CPU per stored message split into categories by the frames on each sampled stack
(the first rule that matches a stack wins). The raw collapsed stacks are kept under
``bench-results/profile-*.txt``.
"""

import argparse
import asyncio
import importlib.util
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import loadgen  # noqa: E402

# scripts/bench.py, by path: its name is the ``bench`` app's too.
_spec = importlib.util.spec_from_file_location("bench_harness", ROOT / "scripts" / "bench.py")
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

# Samples that are waiting, not working: the event loop in epoll, idle pool threads.
IDLE_LEAVES = ("EpollSelector.select", "_worker (concurrent/futures/thread.py", "Condition.wait")
# A pool thread blocked on PostgreSQL's answer (round trips, row-lock waits): wall time, no CPU.
WAITING_ON_DATABASE = "Connection.wait (psycopg/"
# Checked over the whole stack first: Channels' ``dispatch`` hops to the sync thread to run
# ``close_old_connections`` before every event, for every recipient.
WHOLE_STACK = [("Channels' per-event close_old_connections hop", ("aclose_old_connections",))]
# Then from the leaf up: the first frame that matches one of these names the sample.
LEAF_FIRST = [
    ("crisis detector", ("/crisis/",)),
    ("watched words", ("moderation/watched",)),
    ("sanitizer (render_plain)", ("community/sanitize",)),
    ("JSON encode/decode", ("json/",)),
    ("msgpack (channel layer)", ("msgpack",)),
    ("database: psycopg", ("psycopg",)),
    ("database: Django ORM and connection handling", ("django/db/",)),
    ("thread hand-off (sync_to_async, executor)", ("asgiref/", "concurrent/futures", "threading")),
    ("channel layer: redis client", ("channels_redis", "redis/")),
    ("websocket framing and socket I/O (autobahn, twisted)", ("autobahn", "twisted", "daphne")),
    ("Channels consumer plumbing", ("channels/",)),
    ("chat consumer and services", ("chat/", "community/realtime", "bench/consumers")),
    ("asyncio event loop", ("asyncio/",)),
    ("Django (other)", ("django/",)),
]


WAITING = "(waiting for PostgreSQL: not CPU)"


def category(stack: str) -> str | None:
    frames = stack.split(";")
    if any(leaf in frames[-1] for leaf in IDLE_LEAVES):
        return None
    if WAITING_ON_DATABASE in frames[-1]:
        return WAITING
    for label, needles in WHOLE_STACK:
        if any(needle in stack for needle in needles):
            return label
    for frame in reversed(frames):
        for label, needles in LEAF_FIRST:
            if any(needle in frame for needle in needles):
                return label
    return "other"


def categorise(raw: str) -> Counter:
    counts: Counter = Counter()
    for line in raw.splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack or not samples.isdigit():
            continue
        label = category(stack)
        if label is not None:
            counts[label] += int(samples)
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--senders", type=int, default=5)
    parser.add_argument("--path", choices=["chat", "echo"], default="chat")
    parser.add_argument("--reuse-data", action="store_true")
    parser.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    args = parser.parse_args(argv)
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    bench_args = argparse.Namespace(backend="auto", reuse_data=args.reuse_data)
    env, facts = harness.prepare(bench_args)
    env = {**env, "CHAT_RATE_LIMIT_COUNT": "0"}
    seed = facts["seed"]
    sessions = [seed["sessions"][name] for name in seed["members"]][: args.members]
    path = f"/ws/groups/{seed['busy_room']}/chat/" if args.path == "chat" else "/bench/echo/"
    with harness.Server(env, label=f"profile-{args.path}") as server:
        target = harness.ws_target(server, facts)
        # Warm up (imports, pools), then measure.
        asyncio.run(
            loadgen.chat_throughput(
                target=target, path=path, sessions=sessions, senders=args.senders, duration=2
            )
        )
        outputs = []
        spies = []
        for pid in server.worker_pids():
            out = harness.RESULTS / f"profile-{args.path}-{pid}.txt"
            outputs.append(out)
            spies.append(
                subprocess.Popen(  # noqa: S603
                    [
                        py_spy,
                        "record",
                        "--nonblocking",
                        "-r",
                        str(args.rate),
                        "-d",
                        str(int(args.seconds) + 2),
                        "-f",
                        "raw",
                        "-o",
                        str(out),
                        "-p",
                        str(pid),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        time.sleep(1)
        cpu_before = server.cpu_seconds()
        result = asyncio.run(
            loadgen.chat_throughput(
                target=target,
                path=path,
                sessions=sessions,
                senders=args.senders,
                duration=args.seconds,
            )
        )
        cpu = server.cpu_seconds() - cpu_before
        for spy in spies:
            spy.wait(timeout=args.seconds + 60)
    counts: Counter = Counter()
    for out in outputs:
        if out.exists():
            counts += categorise(out.read_text())
    waiting = counts.pop(WAITING, 0)
    total = sum(counts.values()) or 1  # busy samples only
    messages = result["messages"] or 1
    per_message_ms = 1000 * cpu / messages
    print(
        f"{args.path}: {result['messages']} messages, {result['deliveries_per_s']:.0f} "
        f"deliveries/s, p50/p99 {result['p50_ms']:.0f}/{result['p99_ms']:.0f} ms, "
        f"lost {result['lost']}; worker CPU {cpu:.1f} s = {per_message_ms:.2f} ms per message "
        f"({args.members} deliveries each); {total} samples"
    )
    print(f"pool threads waiting for PostgreSQL: {waiting} samples (not counted below)")
    print("| where | share of busy samples | ms of worker CPU per message |")
    print("|---|---|---|")
    for label, samples in counts.most_common():
        share = samples / total
        print(f"| {label} | {100 * share:.1f}% | {share * per_message_ms:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
