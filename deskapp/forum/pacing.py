"""Pacing requests to a forum's rate limit.

All admin API keys of a Discourse site share one bucket of 60 requests a
minute, so every desk keeps to its own share (``requests_per_minute`` in the
config) and pauses everything when the forum says a global limit was hit.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

__all__ = ["RequestBudget"]

WINDOW = 60.0
"""Seconds over which the budget is counted."""


class RequestBudget:
    """A sliding-window budget of requests per minute, with forum-ordered pauses."""

    def __init__(
        self,
        per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """At most ``per_minute`` requests in any 60 seconds."""
        if per_minute < 1:
            raise ValueError("per_minute must be at least 1")
        self.per_minute = per_minute
        self._clock = clock
        self._sleep = sleep
        self._sent: deque[float] = deque()
        self._paused_until = 0.0
        self._lock = asyncio.Lock()
        self.waits = 0
        """How many times a request had to wait (for the status bar and tests)."""

    def pause(self, seconds: float) -> None:
        """Hold every request for ``seconds`` (the forum asked us to wait)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    def wait_left(self) -> float:
        """Seconds until the next request may go (0 when it may go now)."""
        now = self._clock()
        self._forget(now)
        wait = max(self._paused_until - now, 0.0)
        if len(self._sent) >= self.per_minute:
            wait = max(wait, self._sent[0] + WINDOW - now)
        return wait

    def headroom(self) -> int:
        """Requests still free in the current window."""
        self._forget(self._clock())
        return max(self.per_minute - len(self._sent), 0)

    async def acquire(self) -> None:
        """Wait until a request may go, then count it."""
        async with self._lock:
            while (wait := self.wait_left()) > 0:
                self.waits += 1
                await self._sleep(wait)
            self._sent.append(self._clock())

    def _forget(self, now: float) -> None:
        """Drop requests that left the window."""
        while self._sent and self._sent[0] <= now - WINDOW:
            self._sent.popleft()
