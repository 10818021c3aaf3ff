"""Working hours: when the Werkplein is open, for response targets.

Due times and response times count only working hours: the configured hours
on working days, minus public holidays (from the ``holidays`` library, e.g.
Dutch holidays for ``"NL"``) and any extra closed days.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["WorkingHours"]

_MAX_DAYS = 3 * 366
"""How far a calculation walks before giving up (a calendar with no open days)."""


@dataclass(frozen=True)
class WorkingHours:
    """Opening hours on working days in one timezone, minus holidays."""

    start: time = time(8, 30)
    end: time = time(17, 0)
    days: frozenset[int] = frozenset(range(5))
    """Working weekdays, Monday = 0."""
    timezone: str = "Europe/Amsterdam"
    holidays: str = "NL"
    """Country code for public holidays; empty for none."""
    closed: frozenset[date] = field(default_factory=frozenset)
    """Extra closed days (e.g. a team day)."""

    @cached_property
    def _zone(self) -> ZoneInfo:
        """The timezone object."""
        return ZoneInfo(self.timezone)

    @cached_property
    def _holidays(self) -> Any:
        """The public holiday calendar (loaded on first use: it is slow to import)."""
        if not self.holidays:
            return frozenset()
        import holidays

        return holidays.country_holidays(self.holidays)

    @property
    def fingerprint(self) -> str:
        """A text that changes whenever the calendar changes."""
        closed = ",".join(sorted(d.isoformat() for d in self.closed))
        days = ",".join(str(d) for d in sorted(self.days))
        return (  # "utc": hours counted in UTC (stored due times from before
            # that are computed again)
            f"{self.start}-{self.end}/{days}/{self.timezone}/{self.holidays}/{closed}"
            "/utc"
        )

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` has opening hours."""
        return (
            day.weekday() in self.days
            and day not in self.closed
            and day not in self._holidays
        )

    def _windows(self, start: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Opening windows from the local day of ``start`` on, in UTC.

        The opening and closing times are local wall-clock times; the hours
        between them are counted in UTC, so a day on which the clocks change
        inside the opening hours (opening hours around the clock) has the
        hours it really has."""
        day = start.astimezone(self._zone).date()
        for _ in range(_MAX_DAYS):
            if self.is_working_day(day):
                yield (
                    datetime.combine(day, self.start, tzinfo=self._zone).astimezone(
                        UTC
                    ),
                    datetime.combine(day, self.end, tzinfo=self._zone).astimezone(UTC),
                )
            day += timedelta(days=1)

    def add(self, start: datetime, hours: float) -> datetime:
        """The moment ``hours`` working hours after ``start`` (UTC)."""
        remaining = timedelta(hours=hours)
        cursor = start.astimezone(UTC)
        for opens, closes in self._windows(start):
            begin = max(cursor, opens)
            if begin >= closes:
                continue
            if begin + remaining <= closes:
                return begin + remaining
            remaining -= closes - begin
        raise ValueError("the working-hours calendar has no open days")

    def between(self, start: datetime, end: datetime) -> float:
        """Working hours from ``start`` to ``end`` (0 when end is not later)."""
        if end <= start:
            return 0.0
        total = timedelta()
        first, last = start.astimezone(UTC), end.astimezone(UTC)
        for opens, closes in self._windows(start):
            if opens >= last:
                break
            begin = max(opens, first)
            finish = min(closes, last)
            if finish > begin:
                total += finish - begin
        return total.total_seconds() / 3600
