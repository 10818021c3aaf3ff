"""The local store: a SQLite mirror of the forum, plus the desk's own writes.

The only module that writes SQL (with :mod:`deskapp.schema`). SQLite runs in
WAL mode so that a sync in one process and a desk in another read and write
side by side; FTS5 indexes titles and bodies for search. All times are stored
as UTC epoch seconds.

A question row is *partial* while its thread is still to be fetched: saved
from the forum's topic list alone (:meth:`Store.save_listings`), or with posts
older than its listing. :meth:`Store.partial_ids` lists them most pressing
first; :meth:`Store.fill_threads` completes them.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from deskapp.errors import StoreError
from deskapp.i18n import _
from deskapp.models import (
    Category,
    InboxItem,
    Post,
    Question,
    Thread,
)
from deskapp.schema import migrate
from deskapp.storekb import KbStore
from deskapp.storestats import StatsStore
from deskapp.storework import WorkStore
from deskapp.triage import Triaged, TriageRules, triage, triage_listing
from deskapp.views import Sort, ViewFilter

__all__ = ["Counts", "Store", "SyncStatus", "fts_query"]

from deskapp.storerows import (
    INBOX_COLUMNS,
    INBOX_FROM,
    INSERT_QUESTION,
    OPEN_STATES,
    ORDER,
    PARTIAL_ORDER,
    QUESTION_COLUMNS,
    QUESTION_FROM,
    UPSERT_QUESTION,
    Counts,
    SyncStatus,
    dt,
    fts_query,
    inbox_item,
    post_row,
    question_row,
    stored_question,
    ts,
    where,
)

BUSY_SECONDS = 10.0
"""How long a write waits for another desk's (a second session's) write."""


def _use_wal(conn: sqlite3.Connection) -> None:
    """Put the store in WAL mode. The switch of a new store takes a lock that
    SQLite does not wait for: a desk opening it at the same moment as another
    tries again (for up to :data:`BUSY_SECONDS`)."""
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _busy(err: sqlite3.Error) -> bool:
    """True when another connection held the store too long."""
    return isinstance(err, sqlite3.OperationalError) and (
        "locked" in str(err) or "busy" in str(err)
    )


class Store(WorkStore, KbStore, StatsStore):
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
                path, timeout=BUSY_SECONDS, check_same_thread=False,
                isolation_level=None,
            )  # fmt: skip
            _use_wal(self._conn)
            self._conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self._conn)
        except sqlite3.OperationalError as err:
            busy = "locked" in str(err) or "busy" in str(err)
            raise StoreError(
                f"cannot open the local store {path}: {err}"
                + (". Another deskapp kept it busy too long; try again" if busy else "")
            ) from err
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
                self.path, timeout=BUSY_SECONDS, check_same_thread=False,
                isolation_level=None,
            )  # fmt: skip
        try:
            yield conn
        finally:
            with self._pool_lock:
                self._idle.append(conn)

    @contextmanager
    def _write(self, *, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken at once so writers never deadlock.

        A ``durable`` one is on disk when it returns, even should the power
        fail right after (``synchronous = FULL``); the others may be lost
        then, but never to a crashed or killed desk.
        """
        with self._lock:
            try:
                if durable:
                    self._conn.execute("PRAGMA synchronous = FULL")
                try:
                    self._conn.execute("BEGIN IMMEDIATE")
                    try:
                        yield self._conn
                    except BaseException:
                        self._conn.execute("ROLLBACK")
                        raise
                    self._conn.execute("COMMIT")
                finally:
                    if durable:
                        self._conn.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.Error as err:
                if _busy(err):
                    raise StoreError(
                        _(
                            "De lokale opslag is bezet door een andere deskapp (een"
                            " tweede sessie); na {seconds:.0f} seconden wachten is"
                            " het opgegeven. Probeer het zo opnieuw."
                        ).format(seconds=BUSY_SECONDS)
                    ) from err
                raise StoreError(
                    _("De lokale opslag kan niet worden bijgewerkt: {err}").format(
                        err=err
                    )
                ) from err

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        """Run a query on a borrowed read connection and return every row."""
        try:
            with self._reader() as conn:
                return list(conn.execute(sql, params).fetchall())
        except sqlite3.Error as err:
            raise StoreError(
                _("De lokale opslag kan niet worden gelezen: {err}").format(err=err)
            ) from err

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

    def save_cursor(self, forum: str, cursor: datetime | None) -> None:
        """Move the cursor alone: every listed change up to it is in the store.

        A sync calls this once its walk through the topic lists is done, so
        that a failure while fetching threads afterwards does not make the
        next sync walk the lists again (the threads still due are marked
        partial, not found through the cursor).
        """
        if cursor is None:
            return
        with self._write() as db:
            db.execute(
                "INSERT INTO sync_state (forum, cursor) VALUES (?, ?)"
                " ON CONFLICT (forum) DO UPDATE SET cursor = excluded.cursor",
                (forum, ts(cursor)),
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

    def save_listings(
        self, forum: str, questions: Sequence[Question], rules: TriageRules
    ) -> int:
        """Save questions from the topic list alone, marked partial; return how many.

        A question the store lacks becomes a *shell*: its row without posts,
        found by a search on its title. A stored one keeps the posts it has
        (perhaps no longer all of them) and takes the listing's title, flags,
        tags, assignee, counts and last poster. Either way it is triaged from
        the listing (:func:`~deskapp.triage.triage_listing`) and its thread is
        due: :meth:`partial_ids` lists it until :meth:`fill_threads` saves it.
        """
        slugs = self._category_slugs(forum)
        stored = self._posts_of(forum, [q.id for q in questions])
        with self._write() as db:
            for q in questions:
                posts = stored.get(q.id, [])
                facts = triage_listing(q, posts, slugs.get(q.category_id, ""), rules)
                self._save_listing(db, forum, q, posts, facts)
        return len(questions)

    def fill_threads(
        self,
        forum: str,
        threads: Iterable[Thread],
        rules: TriageRules,
        expected: Mapping[int, str],
    ) -> list[int]:
        """Save fetched threads complete; return the ids saved.

        ``expected`` holds each question's stored listing key from before the
        fetch (none for a question the store did not have). A thread whose
        row changed meanwhile (a sync saved a newer listing) is not saved: the
        row stays partial and its thread is fetched again later. A saved one
        keeps its listing key, so the next sync compares with the topic list.
        """
        slugs = self._category_slugs(forum)
        saved: list[int] = []
        with self._write() as db:
            for thread in threads:
                qid = thread.question.id
                row = db.execute(
                    "SELECT listing FROM questions WHERE forum = ? AND id = ?",
                    (forum, qid),
                ).fetchone()
                want = expected.get(qid)
                if (None if row is None else str(row[0])) != want:
                    continue
                listing = thread.question.listing_key if want is None else want
                self._save_thread(db, forum, thread, slugs, rules, listing)
                saved.append(qid)
        return saved

    def patch_thread(
        self,
        forum: str,
        question_id: int,
        change: Callable[[Thread], Thread],
        rules: TriageRules,
    ) -> Thread | None:
        """Apply a local change to a stored thread and triage it again.

        For what the desk did itself (an answer accepted, an assignee): the
        inbox shows it at once. The row keeps its listing key and partial
        mark, so the next sync still compares with what the forum lists and
        fetches the thread when the forum says otherwise. None when the
        question is not stored.
        """
        slugs = self._category_slugs(forum)
        with self._write() as db:
            row = db.execute(
                "SELECT listing, partial FROM questions WHERE forum = ? AND id = ?",
                (forum, question_id),
            ).fetchone()
            thread = self.thread(forum, question_id)
            if row is None or thread is None:
                return None
            new = change(thread)
            self._save_thread(db, forum, new, slugs, rules, str(row[0]))
            db.execute(
                "UPDATE questions SET partial = ? WHERE forum = ? AND id = ?",
                (int(row[1]), forum, question_id),
            )
            return new

    def mark_partial(self, forum: str, question_id: int) -> None:
        """Have the question fetched again (at the next sync, or when opened):
        what the store shows of it may be wrong.

        The fetch brings its state (closed, tags, assignee, accepted answer)
        and posts as the forum has them; of a long topic the adapter may
        reuse the stored posts outside its newest chunk (see
        :meth:`known_posts`), so a post text the store holds wrongly there
        stays as it is.
        """
        with self._write() as db:
            db.execute(
                "UPDATE questions SET partial = 1, listing = ''"
                " WHERE forum = ? AND id = ?",
                (forum, question_id),
            )

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
        row = question_row(forum, q, facts, listing, partial=False)
        cur = db.execute(INSERT_QUESTION, row)
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

    def _save_listing(
        self,
        db: sqlite3.Connection,
        forum: str,
        q: Question,
        posts: Sequence[Post],
        facts: Triaged,
    ) -> None:
        """Insert or update one question row from its listing, marked partial."""
        row = question_row(forum, q, facts, q.listing_key, partial=True)
        db.execute(UPSERT_QUESTION, row)
        (key,) = db.execute(
            "SELECT key FROM questions WHERE forum = ? AND id = ?", (forum, q.id)
        ).fetchone()
        db.execute("DELETE FROM questions_fts WHERE rowid = ?", (key,))
        db.execute(
            "INSERT INTO questions_fts (rowid, title, body) VALUES (?, ?, ?)",
            (key, q.title, "\n\n".join(p.raw for p in posts)),
        )
        db.execute(
            "INSERT OR REPLACE INTO people (forum, username, name, role)"
            " VALUES (?, ?, ?, ?)",
            (forum, q.author.username, q.author.name, q.author.role.value),
        )
        last = q.last_poster
        db.execute(
            "INSERT OR IGNORE INTO people (forum, username, name, role)"
            " VALUES (?, ?, ?, ?)",
            (forum, last.username, last.name, last.role.value),
        )

    # -- reads --------------------------------------------------------------

    def partial_ids(self, forum: str, limit: int | None = None) -> list[int]:
        """Questions whose thread is still to be fetched, the most pressing first.

        Urgent open questions first, then the other open ones, each longest
        waiting first; then closed and solved ones; knowledge-base articles last.
        """
        rows = self._read(
            f"SELECT q.id FROM questions q WHERE q.forum = ? AND q.partial = 1"
            f" ORDER BY {PARTIAL_ORDER} LIMIT ?",
            (forum, -1 if limit is None else limit),
        )
        return [int(r[0]) for r in rows]

    def partial_count(self, forum: str) -> int:
        """How many questions still wait for their thread."""
        rows = self._read(
            "SELECT count(*) FROM questions WHERE forum = ? AND partial = 1", (forum,)
        )
        return int(rows[0][0])

    def is_partial(self, forum: str, question_id: int) -> bool:
        """True when the question's thread is still to be fetched (or stale)."""
        rows = self._read(
            "SELECT partial FROM questions WHERE forum = ? AND id = ?",
            (forum, question_id),
        )
        return bool(rows and rows[0][0])

    def open_questions(
        self, forum: str, *, snoozed_too: bool = False, now: datetime | None = None
    ) -> list[InboxItem]:
        """Open questions (not KB articles) in the default inbox order; with
        ``snoozed_too`` the snoozed ones as well (the team lead's report)."""
        flt = ViewFilter(include_snoozed=snoozed_too)
        clause, params = where(forum, flt, None, now or datetime.now(UTC), "")
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

    def header_counts(
        self,
        forum: str,
        *,
        me: str | None,
        now: datetime,
        soon: timedelta = timedelta(0),
    ) -> Counts:
        """Open, urgent, without staff answer, overdue, mine and due within
        ``soon`` (not yet overdue), in one query."""
        marks = ",".join("?" * len(OPEN_STATES))
        rows = self._read(
            "SELECT count(*), coalesce(sum(urgency = 'urgent'), 0),"
            " coalesce(sum(first_staff_at IS NULL), 0),"
            " coalesce(sum(due_at IS NOT NULL AND due_at <= ?), 0),"
            " coalesce(sum(assigned_to IS NOT NULL AND assigned_to = ?), 0),"
            " coalesce(sum(due_at IS NOT NULL AND due_at > ? AND due_at <= ?), 0)"
            f" FROM questions WHERE forum = ? AND is_kb = 0 AND state IN ({marks})",
            [now.timestamp(), me, now.timestamp(), (now + soon).timestamp(), forum,
             *OPEN_STATES],
        )  # fmt: skip
        return Counts(*(int(n) for n in rows[0]))

    def thread(self, forum: str, question_id: int) -> Thread | None:
        """A stored thread, or None when the question is not in the store."""
        rows = self._read(
            f"SELECT {QUESTION_COLUMNS} {QUESTION_FROM} WHERE q.forum = ? AND q.id = ?",
            (forum, question_id),
        )
        if not rows:
            return None
        question = stored_question(rows[0])
        return Thread(question, tuple(self._posts(forum, question_id)))

    def known_posts(
        self, forum: str, question_ids: Sequence[int]
    ) -> dict[int, list[Post]]:
        """The stored posts of the given questions, in order (none: left out).

        What a forum adapter may reuse instead of reading them again
        (:meth:`~deskapp.forum.base.Forum.threads`). A partial question's
        posts count too: a listing saved since keeps the posts it had, and
        those are still the forum's posts.
        """
        return self._posts_of(forum, question_ids)

    def _posts(self, forum: str, question_id: int) -> list[Post]:
        """The stored posts of one question, in order."""
        return self._posts_of(forum, [question_id]).get(question_id, [])

    def _posts_of(self, forum: str, ids: Sequence[int]) -> dict[int, list[Post]]:
        """The stored posts of the given questions, in order (none: left out)."""
        found: dict[int, list[Post]] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            rows = self._read(
                "SELECT p.question_id, p.id, p.number, p.author,"
                " COALESCE(u.name, p.author), p.role, p.created_at, p.raw,"
                " p.reply_to, p.accepted, p.wiki FROM posts p LEFT JOIN people u"
                " ON u.forum = p.forum AND u.username = p.author"
                " WHERE p.forum = ? AND p.question_id IN"
                f" ({','.join('?' * len(chunk))})"
                " ORDER BY p.question_id, p.number",
                [forum, *chunk],
            )
            for r in rows:
                found.setdefault(int(r[0]), []).append(post_row(r[1:], int(r[0])))
        return found

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
