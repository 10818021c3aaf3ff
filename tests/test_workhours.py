"""Working hours: due times over evenings, weekends and Dutch public holidays."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from deskapp.workhours import WorkingHours

AMS = ZoneInfo("Europe/Amsterdam")
HOURS = WorkingHours()  # 08:30-17:00 Mon-Fri, Europe/Amsterdam, NL holidays


def local(*args: int) -> datetime:
    """An Amsterdam wall-clock time."""
    return datetime(*args, tzinfo=AMS)


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        # Tuesday 10:00 + 4 h: same afternoon
        (local(2026, 11, 24, 10, 0), 4, local(2026, 11, 24, 14, 0)),
        # Tuesday 15:00 + 4 h: 2 h today, 2 h from Wednesday 08:30
        (local(2026, 11, 24, 15, 0), 4, local(2026, 11, 25, 10, 30)),
        # Friday 16:00 + 4 h: 1 h Friday, 3 h Monday
        (local(2026, 11, 27, 16, 0), 4, local(2026, 11, 30, 11, 30)),
        # Saturday night: the clock starts Monday 08:30
        (local(2026, 11, 28, 23, 0), 1, local(2026, 11, 30, 9, 30)),
        # Before opening: counts from 08:30
        (local(2026, 11, 24, 6, 0), 8.5, local(2026, 11, 24, 17, 0)),
        # Thursday 24 Dec 16:00 + 4 h: Christmas Fri 25 and weekend skipped,
        # (Sat 26 is Second Christmas Day anyway): 1 h Thu, 3 h Monday 28 Dec
        (local(2026, 12, 24, 16, 0), 4, local(2026, 12, 28, 11, 30)),
        # King's Day (Mon 27 Apr 2026) is a holiday
        (local(2026, 4, 24, 17, 0), 1, local(2026, 4, 28, 9, 30)),
        # 16 h = two full days of 8.5 h minus 1 h
        (local(2026, 11, 23, 8, 30), 16, local(2026, 11, 24, 16, 0)),
    ],
)
def test_due_time_counts_only_working_hours(
    start: datetime, hours: float, due: datetime
) -> None:
    """The due time lands where a team lead counting by hand would put it."""
    assert HOURS.add(start, hours) == due.astimezone(UTC)


def test_between_is_the_inverse_of_add() -> None:
    """Working hours between two moments, across a weekend and a holiday."""
    start = local(2026, 12, 24, 16, 0)
    assert HOURS.between(start, local(2026, 12, 28, 11, 30)) == pytest.approx(4.0)
    assert HOURS.between(local(2026, 11, 28, 10), local(2026, 11, 29, 10)) == 0.0
    assert HOURS.between(local(2026, 11, 25, 9), local(2026, 11, 24, 9)) == 0.0


def test_dst_change_does_not_shift_the_working_day() -> None:
    """The Monday after summer time ends still opens at 08:30 local time."""
    due = HOURS.add(local(2026, 10, 23, 16, 30), 1)  # Fri before the change
    assert due.astimezone(AMS) == local(2026, 10, 26, 9, 0)


def test_custom_calendar_without_holidays() -> None:
    """Another timezone, a Saturday opening and no holiday calendar."""
    hours = WorkingHours(
        start=time(9), end=time(12), days=frozenset({5}), timezone="UTC", holidays=""
    )
    due = hours.add(datetime(2026, 12, 25, 10, tzinfo=UTC), 4)  # a Friday
    assert due == datetime(2027, 1, 2, 10, tzinfo=UTC)
    assert hours.fingerprint != HOURS.fingerprint


def test_a_desk_open_around_the_clock_counts_the_hours_a_dst_day_has() -> None:
    """Opening hours 00:00-23:59 every day: Sunday 29 March 2026 (clocks go
    from 02:00 to 03:00) has one hour less, Sunday 25 October (03:00 back to
    02:00) one more; a due time across the change lands an hour later or
    earlier on the clock, as a person counting real hours would put it."""
    always = WorkingHours(
        start=time(0, 0), end=time(23, 59), days=frozenset(range(7)), holidays=""
    )
    spring = always.between(local(2026, 3, 29, 0, 0), local(2026, 3, 29, 23, 59))
    autumn = always.between(local(2026, 10, 25, 0, 0), local(2026, 10, 25, 23, 59))
    assert spring == pytest.approx(22 + 59 / 60)
    assert autumn == pytest.approx(24 + 59 / 60)
    due = always.add(local(2026, 3, 29, 1, 0), 2)  # 01:00 + 2 real hours
    assert due.astimezone(AMS) == local(2026, 3, 29, 4, 0)
