"""Load generators for ``make bench``: websocket chat clients and an HTTP fallback.

Plain asyncio and the ``websockets`` client, no Django: these run in the bench process (or a
child of it), never inside the server they measure. Every loop is bounded in time and count,
and every address is loopback.
"""

import asyncio
import http.client
import json
import multiprocessing
import random
import re
import resource
import statistics
import threading
import time
import urllib.request
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


BACKOFF_BASE = 3.0
BACKOFF_CAP = 30.0


REFUSED_BASE = 0.25


def refused_delay(refusals: int, retry_after: float) -> float:
    """Seconds before resending a message the server refused with ``busy``/``rate_limited``,
    as the browser does (``refusedDelay`` in static/js/chat-backoff.js): ``retry_after``, and at
    least 0.25 s doubling with each refusal of the same message, plus up to a quarter more."""
    floor = min(BACKOFF_CAP, REFUSED_BASE * 2 ** max(0, refusals))
    return max(floor, retry_after) * (1 + random.random() / 4)  # noqa: S311 - jitter


def backoff_delay(attempt: int) -> float:
    """Seconds before resending a message that got no answer, as the browser does
    (static/js/chat-backoff.js): the wait doubles from 1.5-3 s up to 15-30 s, with jitter."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(0, attempt))
    return ceiling / 2 + random.random() * ceiling / 2  # noqa: S311 - jitter, not crypto


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
    sent: dict[str, float] = field(default_factory=dict)  # client_id -> first send time
    accepted: set[str] = field(default_factory=set)  # acknowledged by the server
    latencies: list[float] = field(default_factory=list)
    received: dict[int, set[str]] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    resends: int = 0
    unacknowledged: int = 0
    last_delivery: float = 0.0


async def chat_throughput(
    *,
    target: Target,
    path: str,
    sessions: list[str],
    senders: int,
    duration: float,
    body_size: int = 120,
    connect_concurrency: int = 25,
    drain: float = 60.0,
) -> dict:
    """``len(sessions)`` members in one room; ``senders`` of them send back to back.

    A sender sends its next message as soon as the previous one is acknowledged (an ``ack``
    frame, or its own ``message`` frame: the bare broadcast has no ``ack``), so one is in flight
    each. A ``busy``/``rate_limited`` answer or no answer is met as the browser meets it: the
    same ``client_id`` again: after ``retry_after`` for a refusal, after an exponential backoff
    with jitter for silence.
    After the sending time the run drains: it waits (up to ``drain`` s) until every member has
    every acknowledged message, then members still missing some ask to ``resume`` from the
    start. ``lost``: acknowledged and still not received by a member after that (must be 0).
    """
    run = ChatRun()
    acks: dict[str, asyncio.Future] = {}
    errors: dict[str, asyncio.Future] = {}
    semaphore = asyncio.Semaphore(connect_concurrency)

    async def open_one(session):
        async with semaphore:
            return await open_socket(target, path, session)

    sockets = await asyncio.gather(*(open_one(session) for session in sessions))

    def settle(table: dict, client_id, value) -> None:
        future = table.get(client_id)
        if future is not None and not future.done():
            future.set_result(value)

    async def reader(index, ws):
        seen = run.received.setdefault(index, set())
        try:
            async for raw in ws:
                now = time.monotonic()
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "ack":
                    settle(acks, frame.get("client_id"), now)
                    continue
                if kind == "error":
                    settle(errors, frame.get("client_id"), frame)
                    continue
                for message in iter_messages(frame):
                    client_id = message.get("client_id")
                    if client_id in run.sent and client_id not in seen:
                        seen.add(client_id)
                        run.last_delivery = now
                        run.latencies.append(now - run.sent[client_id])
                        if index < senders:
                            settle(acks, client_id, now)
        except Exception:  # noqa: BLE001, S110 - the socket closed; counted as losses
            pass

    readers = [asyncio.create_task(reader(i, ws)) for i, ws in enumerate(sockets)]
    await asyncio.sleep(1.0)  # let history/presence frames pass before timing starts

    filler = ("I am here and listening. " * 40)[:body_size]
    deadline = time.monotonic() + duration

    async def send_until_acknowledged(index, ws, client_id, body, give_up_at) -> bool:
        attempt = refusals = 0
        loop = asyncio.get_running_loop()
        payload = json.dumps({"type": "message", "body": body, "client_id": client_id})
        while True:
            ack = acks[client_id] = loop.create_future()
            error = errors[client_id] = loop.create_future()
            await ws.send(payload)
            wait = backoff_delay(attempt)
            done, _ = await asyncio.wait(
                {ack, error}, timeout=wait, return_when=asyncio.FIRST_COMPLETED
            )
            if ack in done:
                return True
            retry_after = 0.0
            if error in done:
                frame = error.result()
                code = frame.get("code", "error")
                run.rejected[code] = run.rejected.get(code, 0) + 1
                if code not in ("busy", "rate_limited"):
                    return False
                retry_after = float(frame.get("retry_after") or 0)
                pause = refused_delay(refusals, retry_after)
                refusals += 1
                try:
                    await asyncio.wait_for(asyncio.shield(ack), timeout=pause)
                    return True
                except TimeoutError:
                    pass
            else:
                attempt += 1  # a refusal is an answer: only silence grows the backoff
            if time.monotonic() >= give_up_at:
                return False
            run.resends += 1

    async def sender(index, ws):
        sequence = 0
        while time.monotonic() < deadline:
            sequence += 1
            client_id = str(uuid.uuid4())
            run.sent[client_id] = time.monotonic()
            body = f"{filler} #{index}-{sequence}"
            if await send_until_acknowledged(index, ws, client_id, body, deadline + drain):
                run.accepted.add(client_id)
            else:
                run.unacknowledged += 1

    started = time.monotonic()
    cpu_before = cpu_seconds()
    await asyncio.gather(*(sender(i, sockets[i]) for i in range(senders)))
    sending_time = time.monotonic() - started
    expected = len(run.accepted)

    def complete() -> bool:
        return all(run.accepted <= run.received[i] for i in range(len(sockets)))

    drain_deadline = time.monotonic() + drain
    while time.monotonic() < drain_deadline and not complete():
        await asyncio.sleep(0.05)
    drained_in = time.monotonic() - started - sending_time
    resumed = 0
    if not complete():
        for i, ws in enumerate(sockets):
            if not run.accepted <= run.received[i]:
                resumed += 1
                await ws.send(json.dumps({"type": "resume", "after": 0}))
        resync_deadline = time.monotonic() + 20
        while time.monotonic() < resync_deadline and not complete():
            await asyncio.sleep(0.1)
    client_cpu = cpu_seconds() - cpu_before
    await asyncio.gather(*(close_quickly(ws) for ws in sockets))
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)

    delivered = sum(len(run.received[i] & run.accepted) for i in range(len(sockets)))
    wanted = expected * len(sockets)
    # Deliveries a second over the time they took: from the first send to the last delivery.
    # A server that echoes the sender's own copy first lets senders run ahead of the room; what
    # it then delivers during the drain is not throughput within the sending time.
    delivering_time = max(sending_time, run.last_delivery - started)
    return {
        "members": len(sockets),
        "senders": senders,
        "seconds": round(sending_time, 2),
        "drained_in_s": round(drained_in, 2),
        "messages": expected,
        "messages_per_s": expected / sending_time if sending_time else 0,
        "deliveries_per_s": delivered / delivering_time if delivering_time else 0,
        "offered_deliveries_per_s": delivered / sending_time if sending_time else 0,
        "delivering_s": round(delivering_time, 2),
        "p50_ms": 1000 * (percentile(run.latencies, 50) or 0),
        "p99_ms": 1000 * (percentile(run.latencies, 99) or 0),
        "lost": wanted - delivered,
        "members_resumed": resumed,
        "acknowledged": expected,
        "unacknowledged": run.unacknowledged,
        "resends": run.resends,
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
    """One reliability client: sends ``rel:<member>:<n>`` on a schedule and survives drops.

    It behaves as the browser does (static/js/chat-backoff.js): its outbox leaves in order,
    one message at a time (the next when the one before is acknowledged); a message is resent
    with the same ``client_id`` until the server acknowledges it (``ack``), after a refusal's
    ``retry_after``, after an exponential backoff with jitter when there is no answer, and at
    once after a reconnect; after a reconnect it asks to ``resume`` after the last id it saw.
    A message's latency runs from when it was written, so waiting in the outbox counts.
    """

    def __init__(self, *, index, room, session, target, path, registry):
        self.index = index
        self.room = room
        self.session = session
        self.target = target
        self.path = path
        self.registry = registry  # shared: client_id -> (member, n, first send time)
        self.outbox = asyncio.Lock()  # fair (FIFO): messages leave in the order written
        self.seen: set[tuple[int, int]] = set()
        self.ids: set[int] = set()
        self.last_id = 0
        self.ws = None
        self.connected = asyncio.Event()
        self.reconnected = asyncio.Event()
        self.acks: dict[str, asyncio.Future] = {}
        self.errors: dict[str, asyncio.Future] = {}
        self.acknowledged: set[int] = set()  # numbers the server acknowledged
        self.latencies: list[float] = []
        self.latencies_sender_online: list[float] = []
        # For the tail's breakdown (``tail_breakdown``): each live delivery as (arrived at,
        # latency, client_id, how long this connection had been open), and each of this
        # member's messages' time from first send to ``ack``.
        self.deliveries: list[tuple[float, float, str, float]] = []
        self.ack_latency: dict[str, float] = {}
        self.reconnects = 0
        self.failed_reconnects = 0
        self.server_closes = 0
        self.dropping = False
        self.finished = False
        self.resends = 0
        self.error_counts: dict[str, int] = {}
        self.reader_task = None
        self.connected_at = 0.0
        self.in_room = asyncio.Event()  # the server's ``room`` frame arrived on this socket

    async def connect(self, resume: bool) -> None:
        self.in_room.clear()
        self.ws = await open_socket(self.target, self.path, self.session)
        self.connected_at = time.monotonic()
        self.reader_task = asyncio.create_task(self.read(self.ws))
        if resume:
            await self.ws.send(json.dumps({"type": "resume", "after": self.last_id}))
        self.connected.set()
        self.reconnected.set()

    async def read(self, ws) -> None:
        try:
            await self._read(ws)
        finally:
            # The server closed the socket (4429, a restart): reconnect as the browser does.
            if not self.dropping and not self.finished and ws is self.ws:
                self.connected.clear()
                self.server_closes += 1
                asyncio.create_task(self.reconnect())

    async def _read(self, ws) -> None:
        try:
            async for raw in ws:
                now = time.monotonic()
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "ack":
                    self.settle(self.acks, frame.get("client_id"), now)
                    continue
                if kind == "error":
                    code = frame.get("code", "error")
                    self.error_counts[code] = self.error_counts.get(code, 0) + 1
                    self.settle(self.errors, frame.get("client_id"), frame)
                    continue
                if kind == "room":
                    self.in_room.set()
                live = kind == "message"
                for message in iter_messages(frame):
                    self.take(message, now, live)
        except Exception:  # noqa: BLE001, S110 - dropped on purpose or closed at the end
            pass

    @staticmethod
    def settle(table: dict, client_id, value) -> None:
        future = table.get(client_id)
        if future is not None and not future.done():
            future.set_result(value)

    def contiguous_id(self) -> int:
        """The highest id up to which this member has seen every message of the room."""
        upto = 0
        while upto + 1 in self.ids:
            upto += 1
        return upto

    def take(self, message: dict, now: float, live: bool) -> None:
        if isinstance(message.get("id"), int):
            self.last_id = max(self.last_id, message["id"])
            self.ids.add(message["id"])
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
        # Delivery latency: from the message's first send to its arrival here, for messages
        # first sent while this connection was open (what ``resume`` brings after a drop is
        # resync, not live delivery). A message that arrives late shows here.
        if live and entry is not None and entry[2] >= self.connected_at:
            self.latencies.append(now - entry[2])
            self.deliveries.append(
                (now, now - entry[2], message.get("client_id"), now - self.connected_at)
            )
            if not entry[3]:
                self.latencies_sender_online.append(now - entry[2])
        if entry is not None and entry[0] == self.index:
            self.settle(self.acks, message.get("client_id"), now)

    async def drop_and_resume(self) -> None:
        """Cut the connection as a network would (no close frame), then reconnect."""
        if self.dropping or not self.connected.is_set():
            return  # already reconnecting
        self.dropping = True
        self.connected.clear()
        self.reconnected.clear()
        ws = self.ws
        if ws is not None:
            ws.transport.abort()
        if self.reader_task:
            await asyncio.gather(self.reader_task, return_exceptions=True)
        await self.reconnect()

    async def reconnect(self) -> None:
        self.dropping = True
        await asyncio.sleep(random.uniform(0.05, 0.3))  # noqa: S311 - jitter, not crypto
        try:
            await self._reconnect()
        finally:
            self.dropping = False

    async def _reconnect(self) -> None:
        for attempt in range(40):
            try:
                await self.connect(resume=True)
                self.reconnects += 1
                return
            except Exception:  # noqa: BLE001 - the server is busy; retry with backoff
                self.failed_reconnects += 1
                await asyncio.sleep(backoff_delay(attempt) / 3)

    async def send_numbered(self, number: int, give_up_at: float) -> bool:
        """Send message ``number`` until acknowledged (or ``give_up_at``): True when it was."""
        client_id = str(uuid.uuid4())
        # The fourth field: written while this member's own connection was down (a drop and
        # its reconnect are in that message's latency), reported apart as well as in the whole.
        self.registry[client_id] = (
            self.index,
            number,
            time.monotonic(),
            not self.connected.is_set() or self.dropping,
        )
        payload = json.dumps(
            {
                "type": "message",
                "body": f"Checking in, rel:{self.index}:{number}",
                "client_id": client_id,
            }
        )
        async with self.outbox:
            return await self._send_until_acknowledged(number, client_id, payload, give_up_at)

    async def _send_until_acknowledged(self, number, client_id, payload, give_up_at) -> bool:
        loop = asyncio.get_running_loop()
        attempt = refusals = 0
        while time.monotonic() < give_up_at:
            try:
                await asyncio.wait_for(
                    self.connected.wait(), timeout=max(0.1, give_up_at - time.monotonic())
                )
            except TimeoutError:
                break
            ack = self.acks[client_id] = loop.create_future()
            error = self.errors[client_id] = loop.create_future()
            self.reconnected.clear()
            dropped = asyncio.ensure_future(self.reconnected.wait())
            try:
                await self.ws.send(payload)
            except Exception:  # noqa: BLE001 - dropped just now: resent after the reconnect
                dropped.cancel()
                await asyncio.sleep(0.05)
                continue
            pause = backoff_delay(attempt)
            while True:
                done, _ = await asyncio.wait(
                    {ack, error, dropped}, timeout=pause, return_when=asyncio.FIRST_COMPLETED
                )
                if ack in done:
                    dropped.cancel()
                    self.acknowledged.add(number)
                    self.ack_latency[client_id] = ack.result() - self.registry[client_id][2]
                    return True
                if error in done:
                    frame = error.result()
                    if frame.get("code") not in ("busy", "rate_limited"):
                        dropped.cancel()
                        return False
                    # Wait out retry_after (an ack may still come for an earlier try).
                    error = self.errors[client_id] = loop.create_future()
                    pause = refused_delay(refusals, float(frame.get("retry_after") or 0))
                    refusals += 1
                    continue
                break  # no answer in time, or the connection was replaced: send again
            dropped.cancel()
            attempt += 1
            self.resends += 1
        return False


def tail_breakdown(clients: list["Member"], start: float, late: float = 0.5) -> dict:
    """Where the slow deliveries of a reliability run sit (recorded in the JSON, not judged):
    how many were slow already at the sender's ``ack`` (waiting in the outbox or to be
    stored) rather than on the way to the room, how many reached a member who had connected
    moments before, and in which seconds of the run they bunch."""
    acks = {cid: value for client in clients for cid, value in client.ack_latency.items()}
    slow = [d for client in clients for d in client.deliveries if d[1] > late]
    per_second: dict[int, int] = {}
    for arrived, latency, _cid, _open in slow:
        second = int(arrived - latency - start)
        per_second[second] = per_second.get(second, 0) + 1
    ack_values = list(acks.values())
    return {
        "late_threshold_ms": 1000 * late,
        "deliveries": sum(len(client.deliveries) for client in clients),
        "late": len(slow),
        "late_with_slow_ack": sum(1 for d in slow if acks.get(d[2], 0) > late),
        "late_to_member_connected_under_2s": sum(1 for d in slow if d[3] < 2.0),
        "ack_p50_ms": 1000 * (percentile(ack_values, 50) or 0),
        "ack_p95_ms": 1000 * (percentile(ack_values, 95) or 0),
        "ack_p99_ms": 1000 * (percentile(ack_values, 99) or 0),
        "late_by_second_sent": dict(sorted(per_second.items())),
    }


async def close_quickly(ws) -> None:
    """Close with a close frame if the socket can still take one, else cut it."""
    try:
        await asyncio.wait_for(ws.close(), timeout=3)
    except Exception:  # noqa: BLE001 - already gone or stuck: cut it
        ws.transport.abort()


def _healthz_probe_loop(url: str, stop, results, interval: float) -> None:
    """GET ``url`` every ``interval`` s until ``stop`` is set; send (latencies, failures)."""
    latencies: list[float] = []
    slow: list[tuple[float, str]] = []  # over 0.5 s: (seconds, the server's own timings)
    failures = 0
    while not stop.is_set():
        began = time.monotonic()
        timing = ""
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
                response.read()
                ok = response.status == 200
                timing = response.headers.get("Server-Timing", "")
        except OSError:
            ok = False
        took = time.monotonic() - began
        if ok:
            latencies.append(took)
            if took > 0.5:
                slow.append((round(took, 3), timing))
        else:
            failures += 1
        stop.wait(interval)
    results.send((latencies, failures, slow))
    results.close()


async def healthz_probe(url: str, stop: asyncio.Event, interval: float = 0.1) -> dict:
    """GET ``url`` every ``interval`` s until ``stop``: the site's pages must keep answering.

    The probe is its own process, as a visitor's browser is: in a thread of this one it would
    wait for the GIL behind two hundred chat clients, and their delay would be in its figures.
    """
    context = multiprocessing.get_context("spawn")
    stop_probe = context.Event()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_healthz_probe_loop, args=(url, stop_probe, sender, interval), daemon=True
    )
    process.start()
    sender.close()
    loop = asyncio.get_running_loop()
    await stop.wait()
    stop_probe.set()
    latencies, failures, slow = await loop.run_in_executor(None, receiver.recv)
    await loop.run_in_executor(None, process.join, 15)
    return {
        "requests": len(latencies) + failures,
        "failures": failures,
        "p50_ms": 1000 * (percentile(latencies, 50) or 0),
        "p99_ms": 1000 * (percentile(latencies, 99) or 0),
        "slow": slow,
    }


async def reliability(
    *,
    target: Target,
    members: list[tuple[str, str]],  # (room path, session), member index = position
    seconds: int,
    drop_fraction: float,
    drop_every: float,
    rate: float = 1.0,
    drain: float = 120.0,
    resync: float = 60.0,
    healthz_url: str | None = None,
) -> dict:
    """Every member sends ``rate`` numbered messages a second for ``seconds``; every
    ``drop_every`` s a ``drop_fraction`` of them lose their connection and resume.

    Then it drains to completion: every send goes on (with backoff) until acknowledged, up
    to ``drain`` s more; then each member asks to ``resume`` after the last id up to which it
    saw everything, until it has every message or ``resync`` s passed. ``lost``: a message the
    server acknowledged that some member of its room never received (must be 0); ``missed``:
    every number some member lacks at the end, acknowledged or not.
    """
    registry: dict[str, tuple] = {}
    clients = [
        Member(index=i, room=path, session=session, target=target, path=path, registry=registry)
        for i, (path, session) in enumerate(members)
    ]
    semaphore = asyncio.Semaphore(20)

    connect_retries = 0

    async def first_connect(client):
        """Open the member's room and wait until it is in it (the server's ``room`` frame,
        after the history): the run measures an evening with everyone in their rooms, not 200
        people opening them in the same second. Drops and reconnects during the run are not
        waited for: those messages count from when they were written."""
        nonlocal connect_retries
        async with semaphore:
            for attempt in range(8):
                try:
                    await client.connect(resume=False)
                    break
                except Exception:  # noqa: BLE001 - refused under load: back off, as browsers do
                    connect_retries += 1
                    await asyncio.sleep(backoff_delay(attempt) / 3)
            else:
                await client.connect(resume=False)
            try:
                await asyncio.wait_for(client.in_room.wait(), timeout=30)
            except TimeoutError:
                pass  # its messages then wait behind the server's connect, and count

    await asyncio.gather(*(first_connect(client) for client in clients))
    stop_probe = asyncio.Event()
    probe = asyncio.create_task(healthz_probe(healthz_url, stop_probe)) if healthz_url else None
    count = max(1, round(seconds * rate))
    start = time.monotonic()
    give_up_at = start + seconds + drain
    pending: list[asyncio.Task] = []

    async def ticker(client):
        offset = random.uniform(0, 1 / rate)  # noqa: S311 - spread the sends
        for number in range(1, count + 1):
            wake = start + offset + (number - 1) / rate
            await asyncio.sleep(max(0.0, wake - time.monotonic()))
            pending.append(asyncio.create_task(client.send_numbered(number, give_up_at)))

    async def dropper():
        rounds = int(seconds // drop_every)
        dropped = max(1, round(drop_fraction * len(clients)))
        for round_index in range(1, rounds + 1):
            wake = start + round_index * drop_every
            await asyncio.sleep(max(0.0, wake - time.monotonic()))
            if wake >= start + seconds:
                break
            chosen = random.sample(clients, dropped)  # noqa: S311
            await asyncio.gather(*(client.drop_and_resume() for client in chosen))

    await asyncio.gather(*(ticker(client) for client in clients), dropper())
    sending_done = time.monotonic()
    results = await asyncio.gather(*pending)
    acknowledged_in = time.monotonic() - sending_done
    stop_probe.set()
    healthz = await probe if probe else None

    rooms: dict[str, list[Member]] = {}
    for client in clients:
        rooms.setdefault(client.room, []).append(client)
    expected = {
        room: {(c.index, n) for c in room_clients for n in range(1, count + 1)}
        for room, room_clients in rooms.items()
    }
    acknowledged = {
        room: {(c.index, n) for c in room_clients for n in c.acknowledged}
        for room, room_clients in rooms.items()
    }

    def incomplete() -> list[Member]:
        # Only acknowledged messages are known to be stored: the resync waits for those.
        return [c for c in clients if not acknowledged[c.room] <= c.seen]

    resync_deadline = time.monotonic() + resync
    resync_rounds = 0
    while time.monotonic() < resync_deadline and incomplete():
        resync_rounds += 1
        for client in incomplete():
            try:
                await client.ws.send(
                    json.dumps({"type": "resume", "after": client.contiguous_id()})
                )
            except Exception:  # noqa: BLE001, S110 - closed: counted as missing below
                pass
        round_end = min(resync_deadline, time.monotonic() + 5)
        while time.monotonic() < round_end and incomplete():
            await asyncio.sleep(0.2)
    lost = missing = members_missing = 0
    for client in clients:
        lost += len(acknowledged[client.room] - client.seen)
        gap = len(expected[client.room] - client.seen)
        missing += gap
        members_missing += bool(gap)
    for client in clients:
        client.finished = True
    await asyncio.gather(*(close_quickly(client.ws) for client in clients))
    latencies = [value for client in clients for value in client.latencies]
    online = [value for client in clients for value in client.latencies_sender_online]
    errors: dict[str, int] = {}
    for client in clients:
        for code, n in client.error_counts.items():
            errors[code] = errors.get(code, 0) + n
    return {
        "members": len(clients),
        "rooms": len(rooms),
        "seconds": seconds,
        "rate_per_member": rate,
        "messages": len(clients) * count,
        "acknowledged": sum(results),
        "unacknowledged": len(results) - sum(results),
        "acknowledged_within_s": round(acknowledged_in, 1),
        "resends": sum(client.resends for client in clients),
        "reconnects": sum(client.reconnects for client in clients),
        "failed_reconnects": sum(client.failed_reconnects for client in clients),
        "closed_by_server": sum(client.server_closes for client in clients),
        "connect_retries": connect_retries,
        "resync_rounds": resync_rounds,
        "lost": lost,
        "missing": missing,
        "members_missing": members_missing,
        "p50_ms": 1000 * (percentile(latencies, 50) or 0),
        "p95_ms": 1000 * (percentile(latencies, 95) or 0),
        "p99_ms": 1000 * (percentile(latencies, 99) or 0),
        "late_over_1s": sum(1 for value in latencies if value > 1.0),
        # The same, for messages whose sender was connected when writing them (recorded, not
        # judged: the target is on every message above).
        "p95_ms_sender_online": 1000 * (percentile(online, 95) or 0),
        "p99_ms_sender_online": 1000 * (percentile(online, 99) or 0),
        "live_deliveries": len(latencies),
        "errors": errors,
        "healthz": healthz,
        "tail": tail_breakdown(clients, start),
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
