"""The local store: a SQLite mirror of the forum, plus the desk's own writes.

The only module that writes SQL (with :mod:`deskapp.schema`). SQLite runs in
WAL mode so that a sync in one process and a desk in another read and write
side by side; FTS5 indexes titles and bodies for search. All times are stored
as UTC epoch seconds.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deskapp.errors import StoreError
from deskapp.models import (
    Category,
    InboxItem,
    Person,
    Post,
    Question,
    Role,
    Thread,
)
from deskapp.schema import migrate
from deskapp.triage import TriageRules, triage
from deskapp.views import Sort, ViewFilter

__all__ = ["Counts", "Store", "SyncStatus", "fts_query"]

from deskapp.storerows import (
    INBOX_COLUMNS,
    INBOX_FROM,
    OPEN_STATES,
    ORDER,
    Counts,
    SyncStatus,
    dt,
    fts_query,
    inbox_item,
    must_dt,
    ts,
    where,
)


class Store:
    """A deskapp store file; safe to share between threads and processes.

    Writes go through one connection, one at a time. Reads borrow a
    connection from a small pool: in WAL mode readers never wait for a writer
    or for each other, so the screen's row fetches do not stall behind a long
    query of a loading thread.
    """

    def __init__(self, path: Path) -> None:
        """Open (creating and migrating as needed) the store at ``path``."""
        self.path = path
        self._lock = threading.RLock()
        self._pool_lock = threading.Lock()
        self._idle: list[sqlite3.Connection] = []
        """Read connections not in use (at most a few: one per concurrent read)."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(
                path, timeout=10.0, check_same_thread=False, isolation_level=None
            )
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._conn.execute("PRAGMA busy_timeout = 10000")
            migrate(self._conn)
        except sqlite3.DatabaseError as err:
            raise StoreError(
                f"cannot open the local store {path}: {err}. It mirrors the forum:"
                f" move it aside (mv {path} {path}.broken) and the next sync builds"
                " a new one; replies still queued in it stay in the moved file"
            ) from err
        except (OSError, sqlite3.Error) as err:
            raise StoreError(f"cannot open the local store {path}: {err}") from err

    def close(self) -> None:
        """Close the connections."""
        with self._lock, self._pool_lock:
            for reader in self._idle:
                reader.close()
            self._idle.clear()
            self._conn.close()

    @contextmanager
    def _reader(self) -> Iterator[sqlite3.Connection]:
        """Borrow a read connection (a new one when all are busy)."""
        with self._pool_lock:  # never the write lock: reads must not wait for it
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = sqlite3.connect(
                self.path, timeout=10.0, check_same_thread=False, isolation_level=None
            )
            conn.execute("PRAGMA busy_timeout = 10000")
        try:
            yield conn
        finally:
            with self._pool_lock:
                self._idle.append(conn)

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once so writers never deadlock."""
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.Error as err:
                raise StoreError(f"cannot write the local store: {err}") from err

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        """Run a query on a borrowed read connection and return every row."""
        try:
            with self._reader() as conn:
                return list(conn.execute(sql, params).fetchall())
        except sqlite3.Error as err:
            raise StoreError(f"cannot read the local store: {err}") from err

    # -- sync state ---------------------------------------------------------

    def sync_status(self, forum: str) -> SyncStatus:
        """The cursor and last outcome of syncing ``forum``."""
        rows = self._read(
            "SELECT cursor, last_attempt_at, last_success_at, last_error, me"
            " FROM sync_state WHERE forum = ?",
            (forum,),
        )
        if not rows:
            return SyncStatus(forum, None, None, None, None, None)
        c, attempt, success, error, me = rows[0]
        return SyncStatus(
            forum,
            dt(c),
            dt(attempt),
            dt(success),
            None if error is None else str(error),
            None if me is None else str(me),
        )

    def record_sync(
        self,
        forum: str,
        *,
        at: datetime,
        cursor: datetime | None = None,
        error: str | None = None,
        me: str | None = None,
    ) -> None:
        """Record a sync attempt: success (``error`` None) moves the cursor."""
        with self._write() as db:
            db.execute(
                "INSERT INTO sync_state (forum) VALUES (?) ON CONFLICT DO NOTHING",
                (forum,),
            )
            db.execute(
                "UPDATE sync_state SET last_attempt_at = ?, last_error = ?"
                " WHERE forum = ?",
                (ts(at), error, forum),
            )
            if error is None:
                db.execute(
                    "UPDATE sync_state SET last_success_at = ?,"
                    " cursor = COALESCE(?, cursor), me = COALESCE(?, me)"
                    " WHERE forum = ?",
                    (ts(at), ts(cursor), me, forum),
                )

    def forget_forum(self, forum: str) -> None:
        """Drop the mirror of ``forum`` (its outbox and audit stay)."""
        with self._write() as db:
            db.execute(
                "DELETE FROM questions_fts WHERE rowid IN"
                " (SELECT key FROM questions WHERE forum = ?)",
                (forum,),
            )
            for table in ("questions", "posts", "categories", "people", "sync_state"):
                db.execute(f"DELETE FROM {table} WHERE forum = ?", (forum,))

    # -- mirror writes ------------------------------------------------------

    def retriage_if_changed(self, forum: str, rules: TriageRules) -> bool:
        """Recompute every stored urgency when ``rules`` changed since last time.

        Returns True when the rules had changed. State and waiting time do not
        depend on the rules, so only urgency and due time are recomputed.
        """
        rows = self._read(
            "SELECT rules_fingerprint FROM sync_state WHERE forum = ?", (forum,)
        )
        if rows and rows[0][0] == rules.fingerprint:
            return False
        texts = self._read(
            "SELECT q.key, q.urgency, q.due_at, q.waiting_since,"
            " COALESCE(c.slug, ''), q.title,"
            " (SELECT group_concat(p.raw, char(10)) FROM posts p"
            "  WHERE p.forum = q.forum AND p.question_id = q.id"
            "  AND p.role = 'client')"
            " FROM questions q LEFT JOIN categories c"
            " ON c.forum = q.forum AND c.id = q.category_id WHERE q.forum = ?",
            (forum,),
        )
        updates = []
        for key, old, old_due, waiting, slug, title, body in texts:
            new = rules.urgency(slug, (title, body or ""))
            due = ts(rules.due(new, dt(waiting)))
            if new.value != old or due != old_due:
                updates.append((new.value, due, key))
        with self._write() as db:
            db.executemany(
                "UPDATE questions SET urgency = ?, due_at = ? WHERE key = ?", updates
            )
            db.execute(
                "INSERT INTO sync_state (forum, rules_fingerprint) VALUES (?, ?)"
                " ON CONFLICT (forum) DO UPDATE SET"
                " rules_fingerprint = excluded.rules_fingerprint",
                (forum, rules.fingerprint),
            )
        return bool(rows)

    def save_categories(self, forum: str, categories: Iterable[Category]) -> None:
        """Insert or update the forum's categories."""
        with self._write() as db:
            db.executemany(
                "INSERT INTO categories (forum, id, name, slug, is_kb, description)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (forum, id) DO UPDATE SET"
                " name = excluded.name, slug = excluded.slug,"
                " is_kb = excluded.is_kb, description = excluded.description",
                [
                    (forum, c.id, c.name, c.slug, int(c.is_kb), c.description)
                    for c in categories
                ],
            )

    def stored_versions(self, forum: str, ids: Sequence[int]) -> dict[int, str]:
        """The listing keys of the given questions as stored (missing left out)."""
        found: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for qid, listing in self._read(
                f"SELECT id, listing FROM questions WHERE forum = ?"
                f" AND id IN ({marks})",
                [forum, *chunk],
            ):
                found[int(qid)] = str(listing)
        return found

    def save_threads(
        self,
        forum: str,
        threads: Iterable[Thread],
        rules: TriageRules,
        listings: Mapping[int, str] | None = None,
    ) -> int:
        """Insert or replace whole threads, triaged; return how many were saved.

        ``listings`` holds the listing key each question had in the forum's
        topic list (the next sync compares against it); by default the key
        of the thread's own question.
        """
        slugs = self._category_slugs(forum)
        count = 0
        with self._write() as db:
            for thread in threads:
                q = thread.question
                listing = (listings or {}).get(q.id, q.listing_key)
                self._save_thread(db, forum, thread, slugs, rules, listing)
                count += 1
        return count

    def delete_questions(self, forum: str, ids: Iterable[int]) -> None:
        """Remove questions that vanished from the forum."""
        with self._write() as db:
            for qid in ids:
                self._delete_question(db, forum, qid)

    def _category_slugs(self, forum: str) -> dict[int, str]:
        """Category id to slug for ``forum``."""
        rows = self._read("SELECT id, slug FROM categories WHERE forum = ?", (forum,))
        return {int(i): str(s) for i, s in rows}

    def _delete_question(self, db: sqlite3.Connection, forum: str, qid: int) -> None:
        """Remove one question, its posts and its search entry."""
        db.execute(
            "DELETE FROM questions_fts WHERE rowid IN"
            " (SELECT key FROM questions WHERE forum = ? AND id = ?)",
            (forum, qid),
        )
        db.execute("DELETE FROM questions WHERE forum = ? AND id = ?", (forum, qid))
        db.execute(
            "DELETE FROM posts WHERE forum = ? AND question_id = ?", (forum, qid)
        )

    def _save_thread(
        self,
        db: sqlite3.Connection,
        forum: str,
        thread: Thread,
        slugs: dict[int, str],
        rules: TriageRules,
        listing: str,
    ) -> None:
        """Replace one thread: question row, posts, people and search entry."""
        q, posts = thread.question, thread.posts
        facts = triage(q, posts, slugs.get(q.category_id, ""), rules)
        self._delete_question(db, forum, q.id)
        cur = db.execute(
            "INSERT INTO questions (forum, id, title, category_id, author,"
            " created_at, last_posted_at, updated_at, posts_count, last_poster,"
            " last_poster_role, tags, closed, archived, assigned_to,"
            " accepted_post_id, url, is_kb, state, urgency, waiting_since,"
            " first_staff_at, due_at, listing) VALUES"
            " (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                forum, q.id, q.title, q.category_id, q.author.username,
                ts(q.created_at), ts(q.last_posted_at), ts(q.updated_at),
                q.posts_count, q.last_poster.username, facts.last_poster_role.value,
                json.dumps(list(q.tags)), int(q.closed), int(q.archived),
                q.assigned_to, q.accepted_post_id, q.url, int(q.is_kb),
                facts.state.value, facts.urgency.value,
                ts(facts.waiting_since), ts(facts.first_staff_at),
                ts(facts.due_at), listing,
            ),
        )  # fmt: skip
        db.execute(
            "INSERT INTO questions_fts (rowid, title, body) VALUES (?, ?, ?)",
            (cur.lastrowid, q.title, "\n\n".join(p.raw for p in posts)),
        )
        db.executemany(
            "INSERT OR REPLACE INTO posts (forum, id, question_id, number, author,"
            " role, created_at, raw, reply_to, accepted, wiki)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    forum, p.id, q.id, p.number, p.author.username,
                    p.author.role.value, ts(p.created_at), p.raw, p.reply_to,
                    int(p.accepted or p.id == q.accepted_post_id), int(p.wiki),
                )
                for p in posts
            ],
        )  # fmt: skip
        people = {p.author.username: p.author for p in posts}
        people.setdefault(q.author.username, q.author)
        db.executemany(
            "INSERT OR REPLACE INTO people (forum, username, name, role)"
            " VALUES (?, ?, ?, ?)",
            [(forum, p.username, p.name, p.role.value) for p in people.values()],
        )

    # -- reads --------------------------------------------------------------

    def open_questions(self, forum: str) -> list[InboxItem]:
        """Open questions (not KB articles) in the default inbox order."""
        clause, params = where(forum, ViewFilter(), None, datetime.now(UTC), "")
        rows = self._read(
            f"SELECT {INBOX_COLUMNS} {INBOX_FROM} WHERE {clause}"
            f" ORDER BY {ORDER[Sort.URGENT]}",
            params,
        )
        return [inbox_item(r) for r in rows]

    def view_ids(
        self,
        forum: str,
        flt: ViewFilter,
        sort: Sort,
        *,
        me: str | None,
        now: datetime,
        search: str = "",
    ) -> list[int]:
        """The ids of the questions a view shows, in the view's order."""
        clause, params = where(forum, flt, me, now, search)
        rows = self._read(
            f"SELECT q.id FROM questions q WHERE {clause} ORDER BY {ORDER[sort]}",
            params,
        )
        return [int(r[0]) for r in rows]

    def view_count(
        self, forum: str, flt: ViewFilter, *, me: str | None, now: datetime
    ) -> int:
        """How many questions a view shows."""
        clause, params = where(forum, flt, me, now, "")
        rows = self._read(f"SELECT count(*) FROM questions q WHERE {clause}", params)
        return int(rows[0][0])

    def header_counts(self, forum: str, *, me: str | None, now: datetime) -> Counts:
        """Open, urgent, without staff answer, overdue and mine, in one query."""
        marks = ",".join("?" * len(OPEN_STATES))
        rows = self._read(
            "SELECT count(*), coalesce(sum(urgency = 'urgent'), 0),"
            " coalesce(sum(first_staff_at IS NULL), 0),"
            " coalesce(sum(due_at IS NOT NULL AND due_at <= ?), 0),"
            " coalesce(sum(assigned_to IS NOT NULL AND assigned_to = ?), 0)"
            f" FROM questions WHERE forum = ? AND is_kb = 0 AND state IN ({marks})",
            [now.timestamp(), me, forum, *OPEN_STATES],
        )
        return Counts(*(int(n) for n in rows[0]))

    def thread(self, forum: str, question_id: int) -> Thread | None:
        """A stored thread, or None when the question is not in the store."""
        rows = self._read(
            "SELECT q.id, q.title, q.category_id, q.author, COALESCE(a.name, q.author),"
            " COALESCE(a.role, 'client'), q.created_at, q.last_posted_at,"
            " q.updated_at, q.posts_count, q.last_poster, q.last_poster_role,"
            " q.tags, q.closed, q.archived, q.assigned_to, q.accepted_post_id,"
            " q.url, q.is_kb FROM questions q LEFT JOIN people a"
            " ON a.forum = q.forum AND a.username = q.author"
            " WHERE q.forum = ? AND q.id = ?",
            (forum, question_id),
        )
        if not rows:
            return None
        r = rows[0]
        question = Question(
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
        return Thread(question, tuple(self._posts(forum, question_id)))

    def _posts(self, forum: str, question_id: int) -> list[Post]:
        """The stored posts of one question, in order."""
        rows = self._read(
            "SELECT p.id, p.number, p.author, COALESCE(u.name, p.author), p.role,"
            " p.created_at, p.raw, p.reply_to, p.accepted, p.wiki FROM posts p"
            " LEFT JOIN people u ON u.forum = p.forum AND u.username = p.author"
            " WHERE p.forum = ? AND p.question_id = ? ORDER BY p.number",
            (forum, question_id),
        )
        return [
            Post(
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
            for r in rows
        ]

    def items(self, forum: str, ids: Sequence[int]) -> list[InboxItem]:
        """The inbox view of the given questions (missing ones left out)."""
        found: list[InboxItem] = []
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._read(
                f"SELECT {INBOX_COLUMNS} {INBOX_FROM}"
                f" WHERE q.forum = ? AND q.id IN ({marks})",
                [forum, *chunk],
            )
            found += [inbox_item(r) for r in rows]
        return found

    def category_ids(self, forum: str) -> set[int]:
        """Ids of the categories stored for ``forum``."""
        rows = self._read("SELECT id FROM categories WHERE forum = ?", (forum,))
        return {int(r[0]) for r in rows}

    def categories(self, forum: str) -> list[Category]:
        """The stored categories of ``forum``, by name."""
        rows = self._read(
            "SELECT id, name, slug, is_kb, description FROM categories"
            " WHERE forum = ? ORDER BY name",
            (forum,),
        )
        return [
            Category(int(i), str(n), str(s), bool(k), str(d)) for i, n, s, k, d in rows
        ]

    def counts(self, forum: str) -> dict[str, int]:
        """How many questions the store holds, by state (KB articles apart)."""
        rows = self._read(
            "SELECT CASE WHEN is_kb THEN 'kb' ELSE state END, COUNT(*)"
            " FROM questions WHERE forum = ? GROUP BY 1",
            (forum,),
        )
        return {str(k): int(n) for k, n in rows}
