"""How fast one member may write in one room: the rate limit and slow mode, in process memory.

A message used to cost a database query to count the member's recent messages. The pace is
now kept here, per ``(room, member)``, so the check costs no round trip at all.

**The rate limit is a token bucket** (GCRA): ``limit`` messages per ``window`` seconds on
average, in bursts of up to ``limit``. It used to be a sliding-window count ("at most 5 in any
5 s"), which refused every message that arrived a moment early from a member writing steadily
at the limit's own rate: one message a second, each a little late or early on the network, met
a refusal every few seconds and fell behind (``make bench``'s reliability run: 10,000 of 12,000
messages refused once). The bucket gives the same average and the same burst, and absorbs
that jitter.

The state is per server process: a member whose two tabs landed on two different processes
may send up to the limit on each (docs/bench.md, "Capacity"). Slow mode is the facilitator's
tool for a busy room and that slack does not defeat it; the ``error`` still says how long to
wait. A retry of a message this process already stored (same ``client_id``) is never refused
here, so the sender learns it was stored instead of being told to wait.
"""

import threading
import time
from collections import deque
from dataclasses import dataclass, field

# Past this many (room, member) entries, stale ones are swept on the next write.
_SWEEP_AT = 10_000


@dataclass(frozen=True)
class PaceRefusal:
    """Why a message must wait, and for how many seconds."""

    slow_mode: bool
    retry_after: float


@dataclass
class _Pace:
    """One member in one room: when the bucket is next full (``full_at``, the theoretical
    arrival time of GCRA), the cost of one message in seconds, and the recent messages
    (time, ``client_id``) for slow mode and for recognising retries."""

    full_at: float = 0.0
    cost: float = 0.0
    sent: deque[tuple[float, str]] = field(default_factory=deque)


class PaceKeeper:
    """Thread-safe: the consumer's database calls run on a pool of threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paces: dict[tuple[int, int], _Pace] = {}
        self._longest = 0.0

    def reserve(
        self,
        *,
        room_id: int,
        user_id: int,
        client_id: str,
        limit: int,
        window: float,
        slow_mode: float,
        now: float | None = None,
    ) -> PaceRefusal | None:
        """Count the message in, or say how long to wait (and count nothing)."""
        now = time.monotonic() if now is None else now
        keep = max(window if limit else 0.0, slow_mode)
        with self._lock:
            state = self._paces.setdefault((room_id, user_id), _Pace())
            sent = state.sent
            while sent and sent[0][0] <= now - keep:
                sent.popleft()
            if any(known == client_id for _when, known in sent):
                return None
            full_at = state.full_at
            if limit:
                cost = window / limit
                full_at = max(state.full_at, now) + cost
                # A full bucket holds ``limit`` messages: ``window`` seconds of cost.
                if full_at - now > window + 1e-9:
                    return PaceRefusal(False, full_at - window - now)
                state.cost = cost
            if slow_mode and sent:
                wait = sent[-1][0] + slow_mode - now
                if wait > 0:
                    return PaceRefusal(True, wait)
            state.full_at = full_at
            sent.append((now, client_id))
            self._longest = max(self._longest, keep)
            if len(self._paces) > _SWEEP_AT:
                self._sweep(now)
        return None

    def release(self, *, room_id: int, user_id: int, client_id: str) -> None:
        """The message was not stored after all (refused, or already there): uncount it."""
        with self._lock:
            state = self._paces.get((room_id, user_id))
            if state is None:
                return
            for entry in list(state.sent):
                if entry[1] == client_id:
                    state.sent.remove(entry)
                    state.full_at -= state.cost
                    break

    def reset(self) -> None:
        with self._lock:
            self._paces.clear()

    def _sweep(self, now: float) -> None:
        stale = [
            key
            for key, state in self._paces.items()
            if state.full_at <= now and (not state.sent or state.sent[-1][0] <= now - self._longest)
        ]
        for key in stale:
            del self._paces[key]


#: The process's one keeper (tests reset it between tests).
pace = PaceKeeper()
