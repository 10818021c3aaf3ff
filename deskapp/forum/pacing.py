"""Pacing requests to a forum's rate limit.

All admin API keys of a Discourse site share one bucket of 60 requests a
minute, so every desk keeps to its own share (``requests_per_minute`` in the
config) and pauses everything when the forum says a global limit was hit.

The forum counts a request when it arrives, somewhat after the desk sent it,
and by a varying amount (a new connection, a busy network). A request is
therefore counted from when it is sent until its answer is in, and from then
on as sent at the time of its answer: never earlier than the forum counted
it, so a desk that keeps to the whole bucket never meets a 429 of its own
making.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

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
        self._sent: list[float] = []
        """Times requests were counted from, sorted."""
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

    async def acquire(self) -> float:
        """Wait until a request may go, then count it; the time it is counted at."""
        async with self._lock:
            while (wait := self.wait_left()) > 0:
                self.waits += 1
                await self._sleep(wait)
            sent = self._clock()
            bisect.insort(self._sent, sent)
            return sent

    def answered(self, sent: float) -> None:
        """Count the request counted at ``sent`` from now on: its answer is in."""
        at = bisect.bisect_left(self._sent, sent)
        if at < len(self._sent) and self._sent[at] == sent:
            del self._sent[at]
        bisect.insort(self._sent, self._clock())

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """One request: waits its turn, and counts until its answer is in."""
        sent = await self.acquire()
        try:
            yield
        finally:
            self.answered(sent)

    def _forget(self, now: float) -> None:
        """Drop requests that left the window."""
        gone = bisect.bisect_right(self._sent, now - WINDOW)
        del self._sent[:gone]
