"""The store's reads for the success figures of a period.

A mixin of :class:`deskapp.store.Store`: the questions asked in a period with
the author role and time of each post, the articles published (audit rows of
action ``publish``) and the articles offered in answers (``kb_links``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from itertools import groupby
from typing import Any

from deskapp.models import Role, State
from deskapp.storerows import must_dt, ts
from deskapp.successfigures import AskedQuestion, KbActivity, PostMark

__all__ = ["StatsStore"]

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
        """Articles published and offered in answers in ``[since, until)``."""
        period = (forum, ts(since), ts(until))
        published = self._read(
            "SELECT detail FROM audit WHERE forum = ? AND action = 'publish'"
            " AND at >= ? AND at < ? ORDER BY at",
            period,
        )
        links = self._read(
            "SELECT question_id, article_id FROM kb_links WHERE forum = ?"
            " AND at >= ? AND at < ? ORDER BY at",
            period,
        )
        return KbActivity(
            published=tuple(_article_id(str(d)) for (d,) in published),
            links=tuple((int(q), int(a)) for q, a in links),
        )


def _article_id(detail: str) -> int:
    """The article id a publish audit row names (-1 when it names none)."""
    try:
        value = json.loads(detail).get("article_id")
    except (ValueError, AttributeError):
        return -1
    return int(value) if isinstance(value, int) else -1
