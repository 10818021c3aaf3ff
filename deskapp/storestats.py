"""The store's reads for the success figures of a period.

A mixin of :class:`deskapp.store.Store`: the questions asked in a period with
the author role and time of each post, the articles published (audit rows of
action ``publish``) and the articles offered in answers (``kb_links``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from deskapp.i18n import _
from deskapp.models import Role, State
from deskapp.storerows import must_dt, ts
from deskapp.successfigures import AskedQuestion, KbActivity, PostMark
from deskapp.views import ALL_STATES, BACKLOG_LEFT_AT, ViewFilter

__all__ = ["StatsStore", "Trend", "daily_trend", "trend_filter"]

_ASKED = """
    SELECT q.id, q.created_at, q.state, q.tags, q.partial, q.accepted_post_id,
           p.id, p.number, p.role, p.created_at, p.accepted
    FROM questions q
    LEFT JOIN posts p ON p.forum = q.forum AND p.question_id = q.id
    WHERE q.forum = ? AND q.is_kb = 0 AND q.created_at >= ? AND q.created_at < ?
    ORDER BY q.id, p.number
"""


def _post(r: Any) -> PostMark | None:
    """The post columns of an ``_ASKED`` row; None for a question without posts."""
    if r[6] is None:
        return None
    accepted = bool(r[10]) or (r[5] is not None and int(r[5]) == int(r[6]))
    return PostMark(int(r[7]), Role(str(r[8])), must_dt(float(r[9])), accepted)


def _asked(rows: list[Any]) -> AskedQuestion:
    """One question from its ``_ASKED`` rows (one per post)."""
    first = rows[0]
    posts = tuple(p for p in map(_post, rows) if p is not None)
    return AskedQuestion(
        id=int(first[0]),
        created_at=must_dt(float(first[1])),
        state=State(str(first[2])),
        posts=posts,
        tags=tuple(json.loads(str(first[3]))),
        partial=bool(first[4]),
    )


@dataclass(frozen=True, slots=True)
class Trend:
    """Per local day: questions opened, first answered by staff, still unanswered."""

    days: tuple[date, ...]
    opened: tuple[int, ...]
    answered: tuple[int, ...]
    """Questions whose first staff or adviser answer fell on that day."""
    backlog: tuple[int, ...]
    """Questions created by the end of that day that had not left the backlog
    by then (:data:`deskapp.views.BACKLOG_LEFT_AT`)."""

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: one object per day."""
        return {
            "days": [
                {"day": d.isoformat(), "opened": o, "answered": a, "backlog": b}
                for d, o, a, b in zip(
                    self.days, self.opened, self.answered, self.backlog, strict=True
                )
            ]
        }


def daily_trend(
    marks: Sequence[tuple[datetime, datetime | None, datetime | None]],
    today: date,
    days: int,
    zone: ZoneInfo,
) -> Trend:
    """The trend of the ``days`` local days up to ``today`` from the
    (created, first staff answer, left the backlog) moments of the questions."""
    span = tuple(today - timedelta(days=n) for n in range(days - 1, -1, -1))

    def local(moment: datetime | None) -> date | None:
        return None if moment is None else moment.astimezone(zone).date()

    marked = [(local(c), local(f), local(gone)) for c, f, gone in marks]
    return Trend(
        days=span,
        opened=tuple(sum(c == d for c, _, _ in marked) for d in span),
        answered=tuple(sum(f == d for _, f, _ in marked) for d in span),
        backlog=tuple(
            sum(c is not None and c <= d and (gone is None or gone > d)
                for c, _, gone in marked)
            for d in span
        ),
    )  # fmt: skip


def trend_filter(series: str, first: date, last: date, zone: ZoneInfo) -> ViewFilter:
    """The inbox filter of the questions behind a trend bar covering the local
    days ``first`` to ``last``: asked then (``opened``), first answered then
    (``answered``), or in the backlog at the end of ``last`` (``backlog``)."""
    since = datetime.combine(first, time(0), zone)
    until = datetime.combine(last + timedelta(days=1), time(0), zone)
    day, end = f"{first:%d-%m}", f"{last:%d-%m}"
    span = day if first == last else _("{first} t/m {last}").format(first=day, last=end)
    everything = ViewFilter(states=ALL_STATES, include_snoozed=True)
    if series == "opened":
        label = _("gesteld op {span}").format(span=span)
        return replace(everything, created=(since, until), label=label)
    if series == "answered":
        label = _("eerste antwoord op {span}").format(span=span)
        return replace(everything, first_answered=(since, until), label=label)
    if series == "backlog":
        label = _("achterstand eind {day}").format(day=end)
        return replace(everything, backlog_at=until, label=label)
    raise ValueError(f"unknown trend series: {series}")


def week_start(now: datetime, zone: ZoneInfo) -> datetime:
    """Monday 00:00 local of the week of ``now``."""
    day = now.astimezone(zone).date()
    monday = day - timedelta(days=day.weekday())
    return datetime.combine(monday, time(0), tzinfo=zone)


class StatsStore:
    """Reads for the success figures (mixed into the Store)."""

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        raise NotImplementedError  # provided by Store

    def asked_questions(
        self, forum: str, since: datetime, until: datetime
    ) -> list[AskedQuestion]:
        """The questions created in ``[since, until)``, KB articles excluded."""
        rows = self._read(_ASKED, (forum, ts(since), ts(until)))
        return [_asked(list(g)) for _, g in groupby(rows, key=lambda r: r[0])]

    def kb_activity(self, forum: str, since: datetime, until: datetime) -> KbActivity:
        """Articles published and reused in answers in ``[since, until)``.

        Published: the articles this desk published (audit ``publish`` rows)
        and every knowledge-base topic created in the period, whoever made it.
        Reused: the articles this desk inserted in an answer (``kb_links``)
        that its user then sent a reply to (a discarded draft does not count),
        and every link to an article in a staff or adviser reply of the
        period; a link from an article's own source question does not count.
        """
        period = (forum, ts(since), ts(until))
        published = self._read(
            "SELECT detail FROM audit WHERE forum = ? AND action = 'publish'"
            " AND at >= ? AND at < ? ORDER BY at",
            period,
        )
        links = self._read(
            "SELECT k.question_id, k.article_id FROM kb_links k WHERE k.forum = ?"
            " AND k.at >= ? AND k.at < ? AND EXISTS (SELECT 1 FROM posts p"
            " WHERE p.forum = k.forum AND p.question_id = k.question_id"
            " AND p.author = k.actor AND p.number > 1 AND p.created_at >= k.at)"
            " ORDER BY k.at",
            period,
        )
        articles = self._read(
            "SELECT q.id, q.created_at, p.raw FROM questions q LEFT JOIN posts p"
            " ON p.forum = q.forum AND p.question_id = q.id AND p.number = 1"
            " WHERE q.forum = ? AND q.is_kb = 1 ORDER BY q.created_at",
            (forum,),
        )
        sources = {(s, int(a)) for a, _, raw in articles for s in topic_links(raw)}
        start, end = since.timestamp(), until.timestamp()
        made = [int(a) for a, c, _ in articles if start <= float(c) < end]
        cited = self._read(
            "SELECT p.question_id, p.raw FROM posts p JOIN questions q"
            " ON q.forum = p.forum AND q.id = p.question_id"
            " WHERE p.forum = ? AND q.is_kb = 0 AND p.number > 1"
            " AND p.role IN (?, ?) AND p.created_at >= ? AND p.created_at < ?"
            " AND p.raw LIKE '%/t/%' ORDER BY p.created_at",
            (forum, Role.STAFF.value, Role.ADVISER.value, ts(since), ts(until)),
        )
        kb_ids = {int(a) for a, _, _ in articles}
        reused = [(int(q), int(a)) for q, a in links]
        reused += [
            (int(q), a)
            for q, raw in cited
            for a in topic_links(raw)
            if a in kb_ids and (int(q), a) not in sources
        ]
        ours = [_article_id(str(d)) for (d,) in published]
        return KbActivity(
            published=tuple(dict.fromkeys([*ours, *made])),
            links=tuple(dict.fromkeys(reused)),
        )

    def trend(self, forum: str, now: datetime, days: int, zone: ZoneInfo) -> Trend:
        """Opened, answered and backlog per local day, the last ``days`` days."""
        today = now.astimezone(zone).date()
        start = datetime.combine(today - timedelta(days=days - 1), time(0), zone)
        rows = self._read(
            f"SELECT q.created_at, q.first_staff_at, {BACKLOG_LEFT_AT}"
            " FROM questions q WHERE q.forum = ? AND q.is_kb = 0"
            f" AND q.created_at < ? AND ({BACKLOG_LEFT_AT} IS NULL"
            f" OR {BACKLOG_LEFT_AT} >= ? OR q.first_staff_at >= ?"
            " OR q.created_at >= ?)",
            (forum, ts(now), ts(start), ts(start), ts(start)),
        )

        def moment(value: object) -> datetime | None:
            return None if value is None else must_dt(float(str(value)))

        marks = [(must_dt(float(c)), moment(f), moment(g)) for c, f, g in rows]
        return daily_trend(marks, today, days, zone)

    def staff_answers(self, forum: str, since: datetime) -> dict[str, int]:
        """Replies by staff and advisers since ``since``, per username."""
        rows = self._read(
            "SELECT p.author, COUNT(*) FROM posts p JOIN questions q"
            " ON q.forum = p.forum AND q.id = p.question_id"
            " WHERE p.forum = ? AND q.is_kb = 0 AND p.number > 1"
            " AND p.role IN (?, ?) AND p.created_at >= ?"
            " GROUP BY p.author ORDER BY COUNT(*) DESC, p.author",
            (forum, Role.STAFF.value, Role.ADVISER.value, ts(since)),
        )
        return {str(a): int(n) for a, n in rows}


_TOPIC_LINK = re.compile(r"/t/(?:[^\s/()\[\]]+/)?(\d+)")
"""A link to a forum topic: ``/t/ID`` or ``/t/slug/ID`` (optionally a post number)."""


def topic_links(raw: object) -> list[int]:
    """The topic ids a post's Markdown links to, in order, once each."""
    if not isinstance(raw, str):
        return []
    return list(dict.fromkeys(int(m) for m in _TOPIC_LINK.findall(raw)))


def _article_id(detail: str) -> int:
    """The article id a publish audit row names (-1 when it names none)."""
    try:
        value = json.loads(detail).get("article_id")
    except (ValueError, AttributeError):
        return -1
    return int(value) if isinstance(value, int) else -1
