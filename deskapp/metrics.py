"""Backlog figures for team leads: pure functions over triaged questions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from deskapp.models import InboxItem, State, Urgency

__all__ = ["AGE_BUCKETS", "BacklogReport", "age_bucket", "backlog_report"]

AGE_BUCKETS: tuple[tuple[str, float], ...] = (
    ("< 4 h", 4.0),
    ("4-24 h", 24.0),
    ("1-3 d", 72.0),
    ("3-7 d", 168.0),
    ("> 7 d", float("inf")),
)
"""Waiting-time buckets: label and upper bound in hours (exclusive)."""


def _hours(start: datetime, now: datetime) -> float:
    """Hours from ``start`` to ``now``, never negative, one decimal."""
    return round(max((now - start).total_seconds(), 0.0) / 3600, 1)


def age_bucket(hours: float) -> str:
    """The label of the waiting-time bucket that ``hours`` falls in."""
    for label, upper in AGE_BUCKETS:
        if hours < upper:
            return label
    return AGE_BUCKETS[-1][0]


@dataclass(frozen=True, slots=True)
class BacklogRow:
    """One open question in the backlog report."""

    item: InboxItem
    age_hours: float
    waiting_hours: float | None
    """Rounded to a tenth of an hour, for reading."""
    bucket: str | None = None
    """The waiting-time bucket (:data:`AGE_BUCKETS`) of the unrounded waiting
    time; None when the client does not wait for staff."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON/CSV form (``title`` and names still untrusted: clean them)."""
        i = self.item
        return {
            "id": i.id,
            "title": i.title,
            "category": i.category,
            "state": i.state.value,
            "urgency": i.urgency.value,
            "age_hours": self.age_hours,
            "waiting_hours": self.waiting_hours,
            "assigned_to": i.assigned_to,
            "posts_count": i.posts_count,
            "last_poster_role": i.last_poster_role.value,
            "url": i.url,
            "due_at": i.due_at.isoformat() if i.due_at else None,
        }


@dataclass(frozen=True, slots=True)
class BacklogReport:
    """What is open, how old, and how it splits."""

    forum: str
    generated_at: datetime
    last_sync_at: datetime | None
    rows: tuple[BacklogRow, ...]

    @property
    def open_total(self) -> int:
        """Open questions (KB articles, solved and closed ones excluded)."""
        return len(self.rows)

    def count_by(self, field: str) -> dict[str, int]:
        """Open questions counted by ``state``, ``urgency`` or ``category``."""
        counter = Counter(getattr(r.item, field) for r in self.rows)
        return {str(getattr(k, "value", k)): n for k, n in counter.most_common()}

    def by_age(self) -> dict[str, int]:
        """Questions waiting for staff, by waiting-time bucket (all buckets)."""
        counts = {label: 0 for label, _ in AGE_BUCKETS}
        for row in self.rows:
            if row.bucket is not None:
                counts[row.bucket] += 1
        return counts

    def overdue(self) -> tuple[BacklogRow, ...]:
        """Open questions whose staff answer was due by ``generated_at``."""
        return tuple(r for r in self.rows if r.item.is_overdue(self.generated_at))

    def summary(self) -> dict[str, int]:
        """Headline counts: open, urgent, waiting for staff or the client,
        unassigned, and unassigned while waiting for staff (the inbox's
        "Onverdeeld" tab)."""
        items = [r.item for r in self.rows]
        return {
            "open": len(items),
            "urgent": sum(i.urgency is Urgency.URGENT for i in items),
            "waiting_for_staff": sum(i.state.needs_staff for i in items),
            "waiting_for_client": sum(i.state is State.WAITING_CLIENT for i in items),
            "unassigned": sum(i.assigned_to is None for i in items),
            "unassigned_waiting_for_staff": sum(
                i.assigned_to is None and i.state.needs_staff for i in items
            ),
        }

    def as_dict(self) -> dict[str, Any]:
        """The whole report as JSON-ready data."""
        return {
            "forum": self.forum,
            "generated_at": self.generated_at.isoformat(),
            "last_sync_at": self.last_sync_at.isoformat()
            if self.last_sync_at
            else None,
            "open_total": self.open_total,
            "summary": self.summary(),
            "by_state": self.count_by("state"),
            "by_urgency": self.count_by("urgency"),
            "by_category": self.count_by("category"),
            "waiting_by_age": self.by_age(),
            "questions": [r.as_dict() for r in self.rows],
        }


def backlog_report(
    forum: str,
    items: Sequence[InboxItem],
    now: datetime,
    last_sync_at: datetime | None = None,
) -> BacklogReport:
    """Build the backlog report of the open ``items`` as of ``now``."""

    def row(i: InboxItem) -> BacklogRow:
        if i.waiting_since is None:
            return BacklogRow(i, _hours(i.created_at, now), None)
        exact = max((now - i.waiting_since).total_seconds(), 0.0) / 3600
        return BacklogRow(
            i, _hours(i.created_at, now), _hours(i.waiting_since, now),
            age_bucket(exact),
        )  # fmt: skip

    rows = tuple(row(i) for i in items if i.state.is_open)
    return BacklogReport(forum, now, last_sync_at, rows)
