"""Rows of the local store: query pieces and row-to-model conversion.

Used only by :mod:`deskapp.store`, the one module that runs SQL; kept apart
so that each stays small.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from deskapp.models import InboxItem, Person, Post, Question, Role, State, Urgency
from deskapp.views import BACKLOG_LEFT_AT, Sort, ViewFilter

if TYPE_CHECKING:
    from deskapp.triage import Triaged

__all__ = [
    "INBOX_COLUMNS",
    "INBOX_FROM",
    "INSERT_QUESTION",
    "OPEN_STATES",
    "ORDER",
    "PARTIAL_ORDER",
    "QUESTION_COLUMNS",
    "QUESTION_FROM",
    "UPSERT_QUESTION",
    "Counts",
    "SyncStatus",
    "dt",
    "fts_query",
    "inbox_item",
    "must_dt",
    "post_row",
    "question_row",
    "stored_question",
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

_OPEN = "q.state IN (" + ",".join(f"'{s}'" for s in OPEN_STATES) + ")"
PARTIAL_ORDER = (
    f"CASE WHEN q.is_kb THEN 3 WHEN {_OPEN} AND q.urgency = 'urgent' THEN 0"
    f" WHEN {_OPEN} THEN 1 ELSE 2 END, q.waiting_since IS NULL,"
    " coalesce(q.waiting_since, q.last_posted_at), q.id"
)
"""Which threads a sync fetches first: urgent open questions, then the other
open ones, each longest waiting first; then closed and solved ones; KB
articles last."""


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
    if flt.assignee is not None:
        parts.append("q.assigned_to = ?")
        params.append(flt.assignee)
    if flt.no_staff_answer:
        parts.append("q.first_staff_at IS NULL")
    if flt.staff_answered:
        parts.append("q.first_staff_at IS NOT NULL")
    if flt.tags:
        parts.append(
            "EXISTS (SELECT 1 FROM json_each(q.tags) t WHERE lower(t.value)"
            f" IN ({','.join('?' * len(flt.tags))}))"
        )
        params.extend(t.lower() for t in flt.tags)
    if flt.overdue:
        parts.append("q.due_at IS NOT NULL AND q.due_at <= ?")
        params.append(now.timestamp())
    if flt.created is not None:
        parts.append("q.created_at >= ? AND q.created_at < ?")
        params.extend(ts(t) for t in flt.created)
    if flt.first_answered is not None:
        parts.append("q.first_staff_at >= ? AND q.first_staff_at < ?")
        params.extend(ts(t) for t in flt.first_answered)
    if flt.backlog_at is not None:
        parts.append(
            f"q.created_at < ? AND ({BACKLOG_LEFT_AT} IS NULL"
            f" OR {BACKLOG_LEFT_AT} >= ?)"
        )
        params.extend([ts(flt.backlog_at)] * 2)
    if flt.snoozed or not flt.include_snoozed:
        parts.append(
            ("" if flt.snoozed else "NOT ")
            + "EXISTS (SELECT 1 FROM snoozes z WHERE z.forum = q.forum"
            " AND z.question_id = q.id AND z.until_at > ?)"
        )
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
    """The inbox header: open, urgent, no staff answer yet, overdue, mine,
    and due soon (not yet overdue)."""

    open: int
    urgent: int
    unanswered: int
    overdue: int
    mine: int
    due_soon: int = 0


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


_QUESTION_COLUMNS = (
    "forum", "id", "title", "category_id", "author", "created_at",
    "last_posted_at", "updated_at", "posts_count", "last_poster",
    "last_poster_role", "tags", "closed", "archived", "assigned_to",
    "accepted_post_id", "url", "is_kb", "state", "urgency", "waiting_since",
    "first_staff_at", "due_at", "listing", "partial",
)  # fmt: skip
INSERT_QUESTION = (
    f"INSERT INTO questions ({', '.join(_QUESTION_COLUMNS)})"
    f" VALUES ({','.join('?' * len(_QUESTION_COLUMNS))})"
)
"""Insert one question row; parameters from :func:`question_row`."""
UPSERT_QUESTION = INSERT_QUESTION + (
    " ON CONFLICT (forum, id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _QUESTION_COLUMNS[2:])
)
"""Insert one question row or update it in place (its key, posts and search
entry stay); parameters from :func:`question_row`."""


def question_row(
    forum: str, q: Question, facts: Triaged, listing: str, *, partial: bool
) -> tuple[object, ...]:
    """The parameters of :data:`INSERT_QUESTION` for one triaged question."""
    return (
        forum, q.id, q.title, q.category_id, q.author.username,
        ts(q.created_at), ts(q.last_posted_at), ts(q.updated_at),
        q.posts_count, q.last_poster.username, facts.last_poster_role.value,
        json.dumps(list(q.tags)), int(q.closed), int(q.archived),
        q.assigned_to, q.accepted_post_id, q.url, int(q.is_kb),
        facts.state.value, facts.urgency.value,
        ts(facts.waiting_since), ts(facts.first_staff_at),
        ts(facts.due_at), listing, int(partial),
    )  # fmt: skip


def post_row(r: Any, question_id: int) -> Post:
    """A :class:`Post` from (id, number, author, name, role, created_at, raw,
    reply_to, accepted, wiki)."""
    return Post(
        id=int(r[0]),
        question_id=question_id,
        number=int(r[1]),
        author=Person(str(r[2]), str(r[3]), Role(r[4])),
        created_at=must_dt(r[5]),
        raw=str(r[6]),
        reply_to=None if r[7] is None else int(r[7]),
        accepted=bool(r[8]),
        wiki=bool(r[9]),
    )


QUESTION_COLUMNS = """
    q.id, q.title, q.category_id, q.author, COALESCE(a.name, q.author),
    COALESCE(a.role, 'client'), q.created_at, q.last_posted_at,
    q.updated_at, q.posts_count, q.last_poster, q.last_poster_role,
    q.tags, q.closed, q.archived, q.assigned_to, q.accepted_post_id,
    q.url, q.is_kb
"""
QUESTION_FROM = """
    FROM questions q
    LEFT JOIN people a ON a.forum = q.forum AND a.username = q.author
"""


def stored_question(r: Any) -> Question:
    """Build a :class:`Question` from a row of ``QUESTION_COLUMNS``."""
    return Question(
        id=int(r[0]), title=str(r[1]), category_id=int(r[2]),
        author=Person(str(r[3]), str(r[4]), Role(r[5])),
        created_at=must_dt(r[6]), last_posted_at=must_dt(r[7]),
        updated_at=must_dt(r[8]), posts_count=int(r[9]),
        last_poster=Person(str(r[10]), str(r[10]), Role(r[11])),
        tags=tuple(json.loads(str(r[12]))), closed=bool(r[13]),
        archived=bool(r[14]), assigned_to=None if r[15] is None else str(r[15]),
        accepted_post_id=None if r[16] is None else int(r[16]),
        url=str(r[17]), is_kb=bool(r[18]),
    )  # fmt: skip
