"""Load generators for ``make bench``: websocket chat clients and an HTTP fallback.

Plain asyncio and the ``websockets`` client, no Django: these run in the bench process (or a
child of it), never inside the server they measure. Every loop is bounded in time and count,
and every address is loopback.
"""

import asyncio
import http.client
import json
import random
import re
import resource
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from websockets.asyncio.client import connect

MARK = re.compile(r"rel:(\d+):(\d+)")


def percentile(values: list[float], pct: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Target:
    """Where and as whom to connect: ``ws_base`` like ``ws://127.0.0.1:8000``."""

    ws_base: str
    origin: str
    cookie_name: str


async def open_socket(target: Target, path: str, session: str | None):
    headers = {"Cookie": f"{target.cookie_name}={session}"} if session else {}
    return await connect(
        target.ws_base + path,
        origin=target.origin,
        additional_headers=headers,
        compression=None,
        open_timeout=20,
        ping_interval=None,
        close_timeout=2,
        max_size=4 * 1024 * 1024,
        max_queue=None,
        proxy=None,
    )


def iter_messages(frame: dict):
    """Message dicts in a frame: a live ``message`` or the list in ``history``/``resume``."""
    if frame.get("type") == "message":
        yield frame
    messages = frame.get("messages")
    if isinstance(messages, list):
        for message in messages:
            if isinstance(message, dict):
                yield message


# --- chat throughput: N listeners, K senders with one message in flight each -------------


@dataclass
class ChatRun:
    sent: dict[str, float] = field(default_factory=dict)  # client_id -> send time
    accepted: set[str] = field(default_factory=set)
    latencies: list[float] = field(default_factory=list)
    received: dict[int, set[str]] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    timeouts: int = 0


async def chat_throughput(
    *,
    target: Target,
    path: str,
    sessions: list[str],
    senders: int,
    duration: float,
    body_size: int = 120,
    connect_concurrency: int = 25,
) -> dict:
    """``len(sessions)`` members in one room; ``senders`` of them send back to back.

    A sender sends its next message as soon as its previous one comes back to it (one in
    flight), and after a ``rate_limited``/``error`` frame it waits 20 ms and sends again.
    Deliveries counted: every message frame with a client_id this run sent, at every member.
    """
    run = ChatRun()
    waiters: dict[str, asyncio.Future] = {}
    errors: list[asyncio.Queue] = [asyncio.Queue() for _ in sessions]
    semaphore = asyncio.Semaphore(connect_concurrency)

    async def open_one(session):
        async with semaphore:
            return await open_socket(target, path, session)

    sockets = await asyncio.gather(*(open_one(session) for session in sessions))
    stop_reading = asyncio.Event()

    async def reader(index, ws):
        seen = run.received.setdefault(index, set())
        try:
            async for raw in ws:
                now = time.monotonic()
                frame = json.loads(raw)
                if frame.get("type") == "error":
                    errors[index].put_nowait(frame.get("code", "error"))
                    continue
                for message in iter_messages(frame):
                    client_id = message.get("client_id")
                    if client_id in run.sent and client_id not in seen:
                        seen.add(client_id)
                        run.latencies.append(now - run.sent[client_id])
                        waiter = waiters.get(f"{index}:{client_id}")
                        if waiter and not waiter.done():
                            waiter.set_result(now)
        except Exception:  # noqa: BLE001, S110 - the socket closed; counted as losses
            pass

    readers = [asyncio.create_task(reader(i, ws)) for i, ws in enumerate(sockets)]
    await asyncio.sleep(1.0)  # let history/presence frames pass before timing starts

    filler = ("I am here and listening. " * 40)[:body_size]
    deadline = time.monotonic() + duration

    async def sender(index, ws):
        sequence = 0
        while time.monotonic() < deadline:
            sequence += 1
            client_id = str(uuid.uuid4())
            while True:
                waiter = asyncio.get_running_loop().create_future()
                waiters[f"{index}:{client_id}"] = waiter
                run.sent[client_id] = time.monotonic()
                body = f"{filler} #{index}-{sequence}"
                payload = {"type": "message", "body": body, "client_id": client_id}
                await ws.send(json.dumps(payload))
                error_wait = asyncio.ensure_future(errors[index].get())
                done, _ = await asyncio.wait(
                    {waiter, error_wait}, timeout=10, return_when=asyncio.FIRST_COMPLETED
                )
                if waiter in done:
                    error_wait.cancel()
                    run.accepted.add(client_id)
                    break
                waiter.cancel()
                if error_wait in done:
                    code = error_wait.result()
                    run.rejected[code] = run.rejected.get(code, 0) + 1
                    if time.monotonic() >= deadline:
                        break
                    await asyncio.sleep(0.02)
                    continue
                error_wait.cancel()
                run.timeouts += 1
                break

    started = time.monotonic()
    cpu_before = cpu_seconds()
    await asyncio.gather(*(sender(i, sockets[i]) for i in range(senders)))
    sending_time = time.monotonic() - started
    # Drain: wait until every member has every accepted message, or 10 s.
    expected = len(run.accepted)
    drain_deadline = time.monotonic() + 10
    while time.monotonic() < drain_deadline:
        if all(len(run.received[i] & run.accepted) >= expected for i in range(len(sockets))):
            break
        await asyncio.sleep(0.05)
    client_cpu = cpu_seconds() - cpu_before
    stop_reading.set()
    for ws in sockets:
        await ws.close()
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)

    delivered = sum(len(run.received[i] & run.accepted) for i in range(len(sockets)))
    wanted = expected * len(sockets)
    return {
        "members": len(sockets),
        "senders": senders,
        "seconds": round(sending_time, 2),
        "messages": expected,
        "messages_per_s": expected / sending_time if sending_time else 0,
        "deliveries_per_s": delivered / sending_time if sending_time else 0,
        "p50_ms": 1000 * (percentile(run.latencies, 50) or 0),
        "p99_ms": 1000 * (percentile(run.latencies, 99) or 0),
        "lost": wanted - delivered,
        "timeouts": run.timeouts,
        "rejected": run.rejected,
        "client_cpu_s": round(client_cpu, 2),
    }


# --- idle connections -----------------------------------------------------------------------


async def open_idle(*, target: Target, plan: list[tuple[str, str]], concurrency: int = 20):
    """Open one socket per (path, session) and return them (the caller closes them)."""
    semaphore = asyncio.Semaphore(concurrency)

    async def one(path, session):
        async with semaphore:
            ws = await open_socket(target, path, session)
            asyncio.create_task(_discard(ws))
            return ws

    return await asyncio.gather(*(one(path, session) for path, session in plan))


async def _discard(ws):
    try:
        async for _raw in ws:
            pass
    except Exception:  # noqa: BLE001, S110 - closing at the end of the run
        pass


# --- reliability: numbered messages, drops and resume ----------------------------------------


class Member:
    """One reliability client: sends ``rel:<member>:<n>`` each second, survives drops."""

    def __init__(self, *, index, room, session, target, path, registry):
        self.index = index
        self.room = room
        self.session = session
        self.target = target
        self.path = path
        self.registry = registry  # shared: client_id -> (member, n, send time)
        self.seen: set[tuple[int, int]] = set()
        self.last_id = 0
        self.ws = None
        self.connected = asyncio.Event()
        self.acked: dict[str, asyncio.Future] = {}
        self.latencies: list[float] = []
        self.reconnects = 0
        self.errors: dict[str, int] = {}
        self.reader_task = None
        self.connected_at = 0.0

    async def connect(self, resume: bool) -> None:
        self.ws = await open_socket(self.target, self.path, self.session)
        self.connected_at = time.monotonic()
        self.reader_task = asyncio.create_task(self.read(self.ws))
        if resume:
            await self.ws.send(json.dumps({"type": "resume", "after": self.last_id}))
        self.connected.set()

    async def read(self, ws) -> None:
        try:
            async for raw in ws:
                now = time.monotonic()
                frame = json.loads(raw)
                if frame.get("type") == "error":
                    code = frame.get("code", "error")
                    self.errors[code] = self.errors.get(code, 0) + 1
                    continue
                live = frame.get("type") == "message"
                for message in iter_messages(frame):
                    self.take(message, now, live)
        except Exception:  # noqa: BLE001, S110 - dropped on purpose or closed at the end
            pass

    def take(self, message: dict, now: float, live: bool) -> None:
        if isinstance(message.get("id"), int):
            self.last_id = max(self.last_id, message["id"])
        entry = self.registry.get(message.get("client_id"))
        if entry is not None:
            key = (entry[0], entry[1])
        else:
            match = MARK.search(str(message.get("html", "")) + str(message.get("body", "")))
            if not match:
                return
            key = (int(match.group(1)), int(match.group(2)))
        if key in self.seen:
            return
        self.seen.add(key)
        # Delivery latency counts only messages sent while this connection was open: what
        # arrives through ``resume`` after a drop is resync, not live delivery.
        if live and entry is not None and entry[2] is not None and entry[2] >= self.connected_at:
            self.latencies.append(now - entry[2])
        client_id = message.get("client_id")
        future = self.acked.get(client_id)
        if future is not None and not future.done():
            future.set_result(True)

    async def drop_and_resume(self) -> None:
        """Cut the connection as a network would (no close frame), then reconnect."""
        self.connected.clear()
        ws = self.ws
        if ws is not None:
            ws.transport.abort()
        if self.reader_task:
            await asyncio.gather(self.reader_task, return_exceptions=True)
        await asyncio.sleep(random.uniform(0.05, 0.3))  # noqa: S311 - jitter, not crypto
        for attempt in range(20):
            try:
                await self.connect(resume=True)
                self.reconnects += 1
                return
            except Exception:  # noqa: BLE001 - the server is busy; retry shortly
                await asyncio.sleep(0.2 * (attempt + 1))

    async def send_numbered(self, number: int) -> None:
        """Send message ``number``; resend the same client_id until it comes back."""
        client_id = str(uuid.uuid4())
        self.registry[client_id] = (self.index, number, None)
        body = f"Checking in, rel:{self.index}:{number}"
        for _attempt in range(30):
            await self.connected.wait()
            future = asyncio.get_running_loop().create_future()
            self.acked[client_id] = future
            self.registry[client_id] = (self.index, number, time.monotonic())
            try:
                payload = {"type": "message", "body": body, "client_id": client_id}
                await self.ws.send(json.dumps(payload))
                await asyncio.wait_for(asyncio.shield(future), timeout=3)
                return
            except Exception:  # noqa: BLE001 - dropped mid-flight or slow: resend
                if (self.index, number) in self.seen:
                    return
                await asyncio.sleep(0.1)


async def reliability(
    *,
    target: Target,
    members: list[tuple[str, str]],  # (room path, session), member index = position
    seconds: int,
    drop_fraction: float,
    drop_every: float,
    settle: float = 5.0,
    drain: float = 20.0,
) -> dict:
    registry: dict[str, tuple] = {}
    clients = [
        Member(index=i, room=path, session=session, target=target, path=path, registry=registry)
        for i, (path, session) in enumerate(members)
    ]
    semaphore = asyncio.Semaphore(20)

    async def first_connect(client):
        async with semaphore:
            await client.connect(resume=False)

    await asyncio.gather(*(first_connect(client) for client in clients))
    start = time.monotonic()
    pending: list[asyncio.Task] = []

    async def ticker(client):
        offset = random.uniform(0, 1)  # noqa: S311 - spread the sends over the second
        for number in range(1, seconds + 1):
            wake = start + offset + (number - 1)
            await asyncio.sleep(max(0.0, wake - time.monotonic()))
            pending.append(asyncio.create_task(client.send_numbered(number)))

    async def dropper():
        rounds = int(seconds // drop_every)
        count = max(1, round(drop_fraction * len(clients)))
        for round_index in range(1, rounds + 1):
            wake = start + round_index * drop_every
            await asyncio.sleep(max(0.0, wake - time.monotonic()))
            if wake >= start + seconds:
                break
            chosen = random.sample(clients, count)  # noqa: S311
            await asyncio.gather(*(client.drop_and_resume() for client in chosen))

    await asyncio.gather(*(ticker(client) for client in clients), dropper())
    # Sends still unacknowledged get ``drain`` seconds more; then the run ends regardless,
    # and whatever did not arrive counts as missed.
    _done, late = await asyncio.wait(pending, timeout=drain) if pending else (set(), set())
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
    # Final resync for everyone, as a client does on reconnect; then check for gaps.
    await asyncio.sleep(settle)
    for client in clients:
        await client.ws.send(json.dumps({"type": "resume", "after": 0}))
    await asyncio.sleep(settle)
    rooms: dict[str, list[Member]] = {}
    for client in clients:
        rooms.setdefault(client.room, []).append(client)
    missing = 0
    members_missing = 0
    for room_clients in rooms.values():
        expected = {(c.index, n) for c in room_clients for n in range(1, seconds + 1)}
        for client in room_clients:
            gap = len(expected - client.seen)
            missing += gap
            members_missing += bool(gap)
    for client in clients:
        await client.ws.close()
    latencies = [value for client in clients for value in client.latencies]
    errors: dict[str, int] = {}
    for client in clients:
        for code, count in client.errors.items():
            errors[code] = errors.get(code, 0) + count
    return {
        "members": len(clients),
        "rooms": len(rooms),
        "seconds": seconds,
        "messages": len(clients) * seconds,
        "reconnects": sum(client.reconnects for client in clients),
        "missing": missing,
        "members_missing": members_missing,
        "p50_ms": 1000 * (percentile(latencies, 50) or 0),
        "p95_ms": 1000 * (percentile(latencies, 95) or 0),
        "p99_ms": 1000 * (percentile(latencies, 99) or 0),
        "live_deliveries": len(latencies),
        "unacknowledged_sends": len(late),
        "errors": errors,
    }


# --- HTTP fallback when wrk is not available --------------------------------------------------


def http_load(*, url: str, cookie: str | None, seconds: float, connections: int) -> dict:
    """Threads with keep-alive ``http.client`` connections; slower than wrk but the same shape."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < deadline:
            began = time.monotonic()
            try:
                conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
                continue
            mine.append(time.monotonic() - began)
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=work) for _ in range(connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * (percentile(latencies, 50) or 0),
        "p99_ms": 1000 * (percentile(latencies, 99) or 0),
        "errors": failures[0],
        "requests": len(latencies),
    }


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
