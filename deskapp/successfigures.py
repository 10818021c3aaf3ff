"""Whether the forum works: the success figures of a period (pure functions).

Over the questions asked in a period ``[since, until)`` (knowledge-base
articles excluded):

- time to the first staff answer: from the question to the first post by a
  Werkplein employee or an independent adviser, in working hours
  (:meth:`deskapp.workhours.WorkingHours.between`); median and p90;
- who answered first: the first reply by staff, an adviser or a peer (a peer
  reply before any professional one counts for the peers), or nobody;
- solved: an accepted answer or the solved state; time to solve runs from
  the question to the accepted post, in working hours;
- referred elsewhere: tagged with one of :data:`REFERRAL_TAGS`.

Knowledge-base figures count what happened in the period: articles published
(on this desk or elsewhere on the forum) and articles reused to answer a
question (inserted from the desk's panel, or linked in a staff or adviser
reply); see :meth:`deskapp.storestats.StatsStore.kb_activity`.
Only posts written before ``until`` count.

Percentiles use the nearest-rank method: the p-th percentile of n sorted
values is the value at rank ``ceil(p / 100 * n)`` (1-based), always a value
that occurred; the median is the 50th percentile, so for an even count it is
the lower of the two middle values.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from deskapp.models import Role, State
from deskapp.workhours import WorkingHours

__all__ = [
    "FIRST_BY",
    "REFERRAL_TAGS",
    "AskedQuestion",
    "KbActivity",
    "PostMark",
    "SuccessFigures",
    "percentile",
    "report_period",
    "success_figures",
]

REFERRAL_TAGS: tuple[str, ...] = ("doorverwezen",)
"""Tags that mark a question as referred elsewhere (compared case-insensitively)."""

DEFAULT_PERIOD = timedelta(days=30)
"""The period of the figures when no start is given: the last 30 local days."""

FIRST_BY: tuple[str, ...] = ("staff", "adviser", "peer", "none")
"""Who answered a question first: the keys of ``first_by``."""


@dataclass(frozen=True, slots=True)
class PostMark:
    """What the figures need of one post: its place, author role, time."""

    number: int
    role: Role
    created_at: datetime
    accepted: bool = False


@dataclass(frozen=True, slots=True)
class AskedQuestion:
    """A question asked in the period, with its posts in order."""

    id: int
    created_at: datetime
    state: State
    posts: tuple[PostMark, ...]
    tags: tuple[str, ...] = ()
    partial: bool = False
    """Its thread is not (fully) fetched yet: later posts may be missing."""


@dataclass(frozen=True, slots=True)
class KbActivity:
    """Knowledge-base events of the period."""

    published: tuple[int, ...] = ()
    """Article ids published, one per publish (-1: the audit row names none)."""
    links: tuple[tuple[int, int], ...] = ()
    """(question id, article id) of each article offered in an answer."""


def percentile(values: Iterable[float], p: float) -> float | None:
    """The nearest-rank ``p``-th percentile (0 < p <= 100); None when empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(math.ceil(p / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def report_period(
    since_day: date | None, now: datetime, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    """``[since, now)``: from the start of ``since_day`` in ``zone`` (local
    midnight); without it the last 30 local days, today included (the days
    of the 30-day trend). ValueError when that lies after ``now``."""
    if since_day is None:
        since_day = now.astimezone(zone).date() - (DEFAULT_PERIOD - timedelta(days=1))
    since = datetime.combine(since_day, time(0), tzinfo=zone).astimezone(now.tzinfo)
    if since >= now:
        raise ValueError(f"{since_day.isoformat()} lies in the future")
    return since, now


def _replies(q: AskedQuestion, until: datetime) -> list[PostMark]:
    """The posts after the question itself, written before ``until``."""
    return [p for p in q.posts if p.number > 1 and p.created_at < until]


def first_by(q: AskedQuestion, until: datetime) -> str:
    """``staff``, ``adviser`` or ``peer``: whose reply came first; else ``none``."""
    for post in _replies(q, until):
        if post.role is not Role.CLIENT:
            return post.role.value
    return "none"


def first_answer_at(q: AskedQuestion, until: datetime) -> datetime | None:
    """When a Werkplein employee or adviser first replied, if before ``until``."""
    for post in _replies(q, until):
        if post.role.answers_for_werkplein:
            return post.created_at
    return None


def solved_at(q: AskedQuestion, until: datetime) -> datetime | None:
    """When the accepted answer was written, if before ``until``."""
    for post in q.posts:
        if post.accepted and post.created_at < until:
            return post.created_at
    return None


def is_solved(q: AskedQuestion, until: datetime) -> bool:
    """Solved: an accepted answer, or the solved state."""
    return q.state is State.SOLVED or solved_at(q, until) is not None


def is_referred(q: AskedQuestion, tags: Sequence[str] = REFERRAL_TAGS) -> bool:
    """True when a tag marks the question as referred elsewhere."""
    wanted = {t.casefold() for t in tags}
    return any(t.casefold() in wanted for t in q.tags)


def _share(count: int, total: int) -> float | None:
    """``count / total`` to four decimals; None for an empty period."""
    return round(count / total, 4) if total else None


def _hours(value: float | None) -> float | None:
    """Hours to two decimals (36 seconds), None stays None."""
    return None if value is None else round(value, 2)


@dataclass(frozen=True, slots=True)
class SuccessFigures:
    """The success figures of one period, unrounded."""

    since: datetime
    until: datetime
    questions: int
    partial: int
    first_answer_hours: tuple[float, ...]
    """Working hours to the first staff answer, one per answered question."""
    first_by: dict[str, int]
    solved: int
    solve_hours: tuple[float, ...]
    """Working hours from question to accepted post, one per accepted answer."""
    referred: int
    kb: KbActivity
    overdue_ids: tuple[int, ...] = ()
    """Open questions past their due time at ``until``."""

    def kb_dict(self) -> dict[str, int]:
        """Knowledge-base publishing and reuse in the period."""
        links = self.kb.links
        return {
            "published": len(self.kb.published),
            "links": len(links),
            "questions": len({q for q, _ in links}),
            "articles": len({a for _, a in links}),
        }

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (the ``success`` key of ``deskapp backlog --json``)."""
        n, answered = self.questions, self.first_answer_hours
        return {
            "questions": n,
            "partial": self.partial,
            "first_answer": {
                "answered": len(answered),
                "median_hours": _hours(percentile(answered, 50)),
                "p90_hours": _hours(percentile(answered, 90)),
            },
            "first_by": {
                key: {"count": c, "share": _share(c, n)}
                for key, c in self.first_by.items()
            },
            "solved": {
                "count": self.solved,
                "rate": _share(self.solved, n),
                "timed": len(self.solve_hours),
                "median_hours": _hours(percentile(self.solve_hours, 50)),
            },
            "knowledge_base": self.kb_dict(),
            "referred": {
                "count": self.referred,
                "share": _share(self.referred, n),
                "tags": list(REFERRAL_TAGS),
            },
            "overdue": {"count": len(self.overdue_ids), "ids": list(self.overdue_ids)},
        }


def success_figures(
    asked: Sequence[AskedQuestion],
    kb: KbActivity,
    hours: WorkingHours,
    *,
    since: datetime,
    until: datetime,
    overdue_ids: Sequence[int] = (),
) -> SuccessFigures:
    """The figures of the questions ``asked`` in ``[since, until)``."""
    period = [q for q in asked if since <= q.created_at < until]
    answered = [(q, first_answer_at(q, until)) for q in period]
    solved = [(q, solved_at(q, until)) for q in period]
    by = Counter(first_by(q, until) for q in period)
    return SuccessFigures(
        since=since,
        until=until,
        questions=len(period),
        partial=sum(q.partial for q in period),
        first_answer_hours=tuple(
            hours.between(q.created_at, at) for q, at in answered if at is not None
        ),
        first_by={key: by[key] for key in FIRST_BY},
        solved=sum(is_solved(q, until) for q in period),
        solve_hours=tuple(
            hours.between(q.created_at, at) for q, at in solved if at is not None
        ),
        referred=sum(is_referred(q) for q in period),
        kb=kb,
        overdue_ids=tuple(overdue_ids),
    )
