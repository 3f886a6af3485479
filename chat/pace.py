"""How fast one member may write in one room: the rate limit and slow mode, in process memory.

A message used to cost a database query to count the member's recent messages. The pace is
now kept here, per ``(room, member)``, as the times and ``client_id``s of the messages this
process stored in the last window, so the check costs no round trip at all.

The count is per server process: a member whose two tabs landed on two different processes
may send up to the limit on each (docs/bench.md, "Capacity"). Slow mode is the facilitator's
tool for a busy room and that slack does not defeat it; the ``error`` still says how long to
wait. A retry of a message this process already stored (same ``client_id``) is never refused
here, so the sender learns it was stored instead of being told to wait.
"""

import threading
import time
from collections import deque
from dataclasses import dataclass

# Past this many (room, member) entries, stale ones are swept on the next write.
_SWEEP_AT = 10_000


@dataclass(frozen=True)
class PaceRefusal:
    """Why a message must wait, and for how many seconds."""

    slow_mode: bool
    retry_after: float


class PaceKeeper:
    """Thread-safe: the consumer's database calls run on a pool of threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sent: dict[tuple[int, int], deque[tuple[float, str]]] = {}
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
        key = (room_id, user_id)
        with self._lock:
            sent = self._sent.setdefault(key, deque())
            while sent and sent[0][0] <= now - keep:
                sent.popleft()
            if any(known == client_id for _when, known in sent):
                return None
            if limit and len(sent) >= limit:
                return PaceRefusal(False, sent[-limit][0] + window - now)
            if slow_mode and sent:
                wait = sent[-1][0] + slow_mode - now
                if wait > 0:
                    return PaceRefusal(True, wait)
            sent.append((now, client_id))
            self._longest = max(self._longest, keep)
            if len(self._sent) > _SWEEP_AT:
                self._sweep(now)
        return None

    def release(self, *, room_id: int, user_id: int, client_id: str) -> None:
        """The message was not stored after all (refused, or already there): uncount it."""
        with self._lock:
            sent = self._sent.get((room_id, user_id))
            if not sent:
                return
            for entry in list(sent):
                if entry[1] == client_id:
                    sent.remove(entry)
                    break

    def reset(self) -> None:
        with self._lock:
            self._sent.clear()

    def _sweep(self, now: float) -> None:
        stale = [
            k for k, sent in self._sent.items() if not sent or sent[-1][0] <= now - self._longest
        ]
        for key in stale:
            del self._sent[key]


#: The process's one keeper (tests reset it between tests).
pace = PaceKeeper()
