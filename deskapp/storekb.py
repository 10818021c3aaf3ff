"""The knowledge base in the store: finding articles, and which answered what.

A mixin of :class:`deskapp.store.Store`. Knowledge-base articles are mirrored
like questions (``is_kb = 1``); FTS5 ranks them with BM25, a title counting
five times a body word. ``kb_links`` records which article a desk offered
for which question (the figure of how often the knowledge base answers).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from deskapp.models import KbArticle
from deskapp.storerows import dt, ts

__all__ = ["KbStore", "kb_match"]

_STOPWORDS = frozenset(
    """aan alle als andere bent ben bij dan dat deze die dit doen door een
    eens geen heb hebben heeft hier hoe ik in is jij kan kunnen maar meer met
    mijn moet moeten naar niet niets nog nu of om omdat ons ook op over
    sinds te tot uit van veel voor waar wanneer wat welke wel werd wie wij
    wil worden wordt zal zelf zich zij zijn zou zonder graag vraag vragen
    iemand weet weten goed hallo beste dank alvast bedankt euro""".split()  # noqa: SIM905
)
_MAX_TERMS = 16


def kb_match(text: str) -> str:
    """An FTS5 query matching any telling word of ``text`` (as a prefix).

    Words of four letters or more that are not common Dutch words; "" when
    there are none. BM25 ranks the articles sharing more and rarer words first.
    """
    words = [w.lower() for w in re.findall(r"[^\W\d_]{4,}", text)]
    terms = list(dict.fromkeys(w for w in words if w not in _STOPWORDS))
    return " OR ".join(f'"{w}"*' for w in terms[:_MAX_TERMS])


_ARTICLE = """
    SELECT q.id, q.title, coalesce(p.raw, ''), q.tags, q.url, q.created_at
    FROM questions q
    LEFT JOIN posts p ON p.forum = q.forum AND p.question_id = q.id AND p.number = 1
"""


def _article(r: Any) -> KbArticle:
    return KbArticle(
        id=int(r[0]), title=str(r[1]), body=str(r[2]),
        tags=tuple(json.loads(str(r[3]))), url=str(r[4]), created_at=dt(r[5]),
    )  # fmt: skip


class KbStore:
    """Knowledge-base reads and links (mixed into the Store)."""

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        raise NotImplementedError  # provided by Store

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    def kb_search(
        self, forum: str, text: str, limit: int = 8, *, exclude: int | None = None
    ) -> list[KbArticle]:
        """The articles that best match ``text``, best first."""
        match = kb_match(text)
        if not match:
            return []
        rows = self._read(
            f"{_ARTICLE} JOIN (SELECT rowid, bm25(questions_fts, 5.0, 1.0) AS rank"
            " FROM questions_fts WHERE questions_fts MATCH ?) f ON f.rowid = q.key"
            " WHERE q.forum = ? AND q.is_kb = 1 AND q.id != ?"
            " ORDER BY f.rank LIMIT ?",
            (match, forum, exclude if exclude is not None else -1, limit),
        )
        return [_article(r) for r in rows]

    def kb_article(self, forum: str, article_id: int) -> KbArticle | None:
        """One mirrored article."""
        rows = self._read(
            f"{_ARTICLE} WHERE q.forum = ? AND q.id = ? AND q.is_kb = 1",
            (forum, article_id),
        )
        return _article(rows[0]) if rows else None

    def kb_by_title(self, forum: str, title: str) -> KbArticle | None:
        """The newest mirrored article with exactly this title."""
        rows = self._read(
            f"{_ARTICLE} WHERE q.forum = ? AND q.is_kb = 1 AND q.title = ?"
            " ORDER BY q.created_at DESC LIMIT 1",
            (forum, title),
        )
        return _article(rows[0]) if rows else None

    def kb_for_source(
        self, forum: str, title: str, source_url: str, since: datetime
    ) -> KbArticle | None:
        """An article with this title made since ``since`` from the question at
        ``source_url`` (its body links there; a body not fetched yet counts)."""
        rows = self._read(
            f"{_ARTICLE} WHERE q.forum = ? AND q.is_kb = 1 AND q.title = ?"
            " AND q.created_at >= ? ORDER BY q.created_at",
            (forum, title, ts(since)),
        )
        for article in map(_article, rows):
            if not article.body or (source_url and source_url in article.body):
                return article
        return None

    def has_followups(self, forum: str, entry_id: int) -> bool:
        """True when the steps after a published article were queued already."""
        rows = self._read(
            "SELECT 1 FROM outbox WHERE forum = ?"
            " AND json_extract(payload, '$.after') = ? LIMIT 1",
            (forum, entry_id),
        )
        return bool(rows)

    def kb_category_id(self, forum: str) -> int | None:
        """The knowledge-base category, if the store knows it."""
        rows = self._read(
            "SELECT id FROM categories WHERE forum = ? AND is_kb = 1 ORDER BY id",
            (forum,),
        )
        return int(rows[0][0]) if rows else None

    def record_kb_link(
        self, forum: str, question_id: int, article_id: int, *, at: datetime, by: str
    ) -> None:
        """Note that an article was offered in the answer to a question."""
        with self._write() as db:
            db.execute(
                "INSERT OR IGNORE INTO kb_links (forum, question_id, article_id, at,"
                " actor) VALUES (?, ?, ?, ?, ?)",
                (forum, question_id, article_id, ts(at), by),
            )

    def kb_links(self, forum: str) -> list[tuple[int, int]]:
        """(question id, article id) of every recorded use, oldest first."""
        rows = self._read(
            "SELECT question_id, article_id FROM kb_links WHERE forum = ? ORDER BY at",
            (forum,),
        )
        return [(int(q), int(a)) for q, a in rows]
