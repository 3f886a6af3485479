"""Flow control for the chat socket: how much one connection may ask, and when the server is busy.

Two small, pure pieces the consumer uses before any database work (chat/PROTOCOL.md, "Flow
control"):

* :class:`FrameBudget`, per connection: a token bucket of frames. A person types a few frames
  a second; a client sending hundreds is refused with ``error`` ``rate_limited`` and, if it
  keeps on, closed (``realtime.CLOSE_FLOODING``), so one flooding client costs the process
  almost nothing.
* :class:`WriteLoad`, per process: how many messages wait to be stored and how long storing
  has recently taken. When messages would wait longer than ``busy_after`` seconds, new ones
  are answered with ``error`` ``busy`` and a ``retry_after`` instead of joining the queue, so
  a server that is behind stops falling further behind and every client backs off.

Neither touches the database, the cache or the event loop.
"""

import time


class FrameBudget:
    """``rate`` frames a second, bursts of ``burst``; ``rate`` 0 turns the budget off.

    ``take()`` says whether a frame may be handled. ``flooding()`` is True once more than
    ``close_after`` frames were refused within ``window`` seconds: the client ignored the
    ``rate_limited`` answers.
    """

    def __init__(
        self, *, rate: float, burst: float, close_after: int = 200, window: float = 5.0
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.close_after = close_after
        self.window = window
        self.updated = time.monotonic()
        self.refused = 0
        self.refused_since = self.updated
        self.answered_at = 0.0

    def take(self, now: float | None = None) -> bool:
        if not self.rate:
            return True
        now = time.monotonic() if now is None else now
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        if now - self.refused_since > self.window:
            self.refused, self.refused_since = 0, now
        self.refused += 1
        return False

    def flooding(self) -> bool:
        return self.refused > self.close_after

    def should_answer(self, now: float | None = None) -> bool:
        """Answer at most one refused frame (that is not a message) a second: a flood must not
        be mirrored back at the same rate."""
        now = time.monotonic() if now is None else now
        if now - self.answered_at >= 1.0:
            self.answered_at = now
            return True
        return False

    def retry_after(self) -> float:
        return max(0.1, (1 - self.tokens) / self.rate) if self.rate else 0.0


class WriteLoad:
    """Messages of this process waiting to be stored, and how long a store recently took.

    ``admit()`` returns None when a message may join the queue, else the seconds to wait
    (``retry_after``). A message is refused when ``max_pending`` already wait, or when a store
    has recently taken (an exponentially weighted average of the time from handing it to the
    thread pool to committed) more than ``busy_after`` while others are waiting.
    """

    def __init__(self, *, max_pending: int = 100, busy_after: float = 1.0) -> None:
        self.max_pending = max_pending
        self.busy_after = busy_after
        self.pending = 0
        self.recent = 0.0  # seconds from queued to stored, smoothed

    def admit(self) -> float | None:
        if self.pending >= self.max_pending or (self.pending > 2 and self.recent > self.busy_after):
            return min(10.0, max(0.5, 2 * self.recent))
        self.pending += 1
        return None

    def done(self, seconds: float | None) -> None:
        """One admitted message left the queue (``seconds`` its store took, or None when it
        was not stored)."""
        self.pending = max(0, self.pending - 1)
        if seconds is not None:
            self.recent += 0.2 * (seconds - self.recent)
        elif not self.pending:
            self.recent = 0.0
