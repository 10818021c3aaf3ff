"""Rows of the local store: query pieces and row-to-model conversion.

Used only by :mod:`deskapp.store`, the one module that runs SQL; kept apart
so that each stays small.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from deskapp.models import InboxItem, Role, State, Urgency
from deskapp.views import Sort, ViewFilter

__all__ = [
    "INBOX_COLUMNS",
    "INBOX_FROM",
    "OPEN_STATES",
    "ORDER",
    "Counts",
    "SyncStatus",
    "dt",
    "fts_query",
    "inbox_item",
    "must_dt",
    "ts",
    "where",
]

OPEN_STATES = tuple(s.value for s in State if s.is_open)


def ts(value: datetime | None) -> float | None:
    """Epoch seconds of an aware datetime (None stays None)."""
    return None if value is None else value.timestamp()


def dt(value: float | None) -> datetime | None:
    """Aware UTC datetime from epoch seconds (None stays None)."""
    return None if value is None else datetime.fromtimestamp(value, UTC)


def must_dt(value: float) -> datetime:
    """Aware UTC datetime from epoch seconds."""
    return datetime.fromtimestamp(value, UTC)


def fts_query(text: str) -> str:
    """An FTS5 query matching every word of ``text`` as a prefix ("" if none).

    Words without a letter or digit (quotes, lone accents, dashes) are left
    out: they cannot match a token.
    """
    words = [w.replace('"', "") for w in text.split()]
    return " ".join(f'"{w}"*' for w in words if any(c.isalnum() for c in w))


ORDER = {
    Sort.URGENT: "CASE q.urgency WHEN 'urgent' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END,"
    " q.waiting_since IS NULL, coalesce(q.waiting_since, q.last_posted_at), q.id",
    Sort.WAITING: "q.waiting_since IS NULL,"
    " coalesce(q.waiting_since, q.last_posted_at), q.id",
    Sort.DUE: "q.due_at IS NULL, q.due_at, q.id",
    Sort.NEWEST: "q.created_at DESC, q.id DESC",
    Sort.ACTIVE: "q.last_posted_at DESC, q.id DESC",
}
"""ORDER BY clause of each sort (over the questions table as ``q``)."""


def where(
    forum: str, flt: ViewFilter, me: str | None, now: datetime, search: str
) -> tuple[str, list[object]]:
    """The WHERE clause and parameters of a view."""
    parts = ["q.forum = ?", "q.is_kb = 0"]
    params: list[object] = [forum]

    def member(column: str, values: Sequence[object]) -> None:
        parts.append(f"{column} IN ({','.join('?' * len(values))})")
        params.extend(values)

    member("q.state", [s.value for s in flt.states] or list(OPEN_STATES))
    if flt.urgencies:
        member("q.urgency", [u.value for u in flt.urgencies])
    if flt.categories:
        parts.append(
            "q.category_id IN (SELECT id FROM categories WHERE forum = q.forum"
            f" AND slug IN ({','.join('?' * len(flt.categories))}))"
        )
        params.extend(flt.categories)
    if flt.waiting_for_staff:
        member("q.state", [State.NEW.value, State.WAITING_STAFF.value])
    if flt.unassigned:
        parts.append("q.assigned_to IS NULL")
    if flt.mine:
        parts.append("q.assigned_to = ?")
        params.append(me or "")
    if flt.no_staff_answer:
        parts.append("q.first_staff_at IS NULL")
    if flt.overdue:
        parts.append("q.due_at IS NOT NULL AND q.due_at <= ?")
        params.append(now.timestamp())
    match = fts_query(search)
    if match:
        parts.append(
            "q.key IN (SELECT rowid FROM questions_fts WHERE questions_fts MATCH ?)"
        )
        params.append(match)
    return " AND ".join(parts), params


@dataclass(frozen=True, slots=True)
class Counts:
    """The inbox header: open, urgent, no staff answer yet, overdue, mine."""

    open: int
    urgent: int
    unanswered: int
    overdue: int
    mine: int


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """What the store knows about its last sync with one forum."""

    forum: str
    cursor: datetime | None
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    me: str | None


INBOX_COLUMNS = """
    q.id, q.title, COALESCE(c.name, ''), COALESCE(c.slug, ''), q.state,
    q.urgency, q.created_at, q.last_posted_at, q.waiting_since,
    q.posts_count, q.last_poster_role, q.assigned_to, q.tags, q.url,
    q.due_at, q.first_staff_at
"""
INBOX_FROM = """
    FROM questions q
    LEFT JOIN categories c ON c.forum = q.forum AND c.id = q.category_id
"""


def inbox_item(r: Any) -> InboxItem:
    """Build an :class:`InboxItem` from a row of ``INBOX_COLUMNS``."""
    return InboxItem(
        id=int(r[0]),
        title=str(r[1]),
        category=str(r[2]),
        category_slug=str(r[3]),
        state=State(r[4]),
        urgency=Urgency(r[5]),
        created_at=must_dt(r[6]),
        last_posted_at=must_dt(r[7]),
        waiting_since=dt(r[8]),
        posts_count=int(r[9]),
        last_poster_role=Role(r[10]),
        assigned_to=None if r[11] is None else str(r[11]),
        tags=tuple(json.loads(str(r[12]))),
        url=str(r[13]),
        due_at=dt(r[14]),
        first_staff_at=dt(r[15]),
    )
