"""The request budget keeps a desk inside its share of the forum's rate limit."""

from __future__ import annotations

import pytest

from deskapp.forum.pacing import RequestBudget


class FakeTime:
    """A clock that only moves when the code sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def budget(per_minute: int) -> tuple[RequestBudget, FakeTime]:
    """A budget on a fake clock."""
    t = FakeTime()
    return RequestBudget(per_minute, clock=t.clock, sleep=t.sleep), t


async def test_requests_within_the_budget_do_not_wait() -> None:
    """Twenty requests of a twenty-a-minute budget go at once."""
    b, t = budget(20)
    for _ in range(20):
        await b.acquire()
    assert t.slept == []
    assert b.headroom() == 0


async def test_the_next_request_waits_for_the_window() -> None:
    """The 21st request waits until the first leaves the 60-second window."""
    b, t = budget(20)
    for _ in range(20):
        await b.acquire()
        t.now += 1
    await b.acquire()
    assert t.slept == [40.0]
    assert b.waits == 1


async def test_never_more_than_the_budget_in_any_minute() -> None:
    """Over 200 requests, no 60-second window holds more than the budget."""
    b, t = budget(15)
    times = []
    for _ in range(200):
        await b.acquire()
        times.append(t.now)
        t.now += 0.5
    for i, start in enumerate(times):
        in_window = [x for x in times[i:] if x < start + 60]
        assert len(in_window) <= 15


async def test_a_pause_holds_everything() -> None:
    """After a 429 with Retry-After, nothing goes until the pause ends."""
    b, t = budget(60)
    b.pause(30)
    assert b.wait_left() == pytest.approx(30)
    await b.acquire()
    assert t.slept == [30.0]
    b.pause(5)
    b.pause(2)  # a shorter pause never shortens a longer one
    assert b.wait_left() == pytest.approx(5)


def test_budget_must_allow_something() -> None:
    """A budget of zero is a mistake, not a silent hang."""
    with pytest.raises(ValueError, match="at least 1"):
        RequestBudget(0)


async def test_a_request_counts_from_its_answer() -> None:
    """The forum counts a request on arrival, after it was sent: the budget
    counts it from its answer, so the next minute starts no earlier than the
    forum's."""
    b, t = budget(2)
    for _ in range(2):
        async with b.turn():
            t.now += 3  # on its way, then answered
    async with b.turn():
        pass
    assert t.slept == [57.0]  # 60 s after the first answer, not after sending it


async def test_a_failed_request_still_counts() -> None:
    """A request that failed on its way may have reached the forum: it counts."""
    b, t = budget(1)

    async def lost() -> None:
        async with b.turn():
            t.now += 1
            raise ConnectionResetError("connection reset")

    with pytest.raises(ConnectionResetError, match="reset"):
        await lost()
    assert b.headroom() == 0
    assert b.wait_left() == pytest.approx(60)
