"""The demo forum's SQLite file: schema, row mapping and one locked connection.

:mod:`deskapp.forum.demo_seed` writes the file with :data:`SCHEMA`;
:class:`DemoDb` opens it for :class:`deskapp.forum.demo.DemoForum`. Times are
stored as epoch milliseconds (UTC) and come out as aware datetimes.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from deskapp.errors import ConflictError, NotFoundError, UnavailableError
from deskapp.i18n import _
from deskapp.models import Person, Post, Question, Role

T = TypeVar("T")
Row = tuple[Any, ...]

SCHEMA_VERSION = "1"
"""Bumped whenever the file layout changes; older files are refused."""
KB_SLUG = "kennisbank"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

SCHEMA = """
-- all times are epoch milliseconds, UTC
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE categories (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, slug TEXT NOT NULL UNIQUE,
    is_kb INTEGER NOT NULL, description TEXT NOT NULL);
CREATE TABLE users (
    id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
    role TEXT NOT NULL);
CREATE TABLE topics (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, category_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL, created_at INTEGER NOT NULL,
    last_posted_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    posts_count INTEGER NOT NULL, last_poster_id INTEGER NOT NULL,
    tags TEXT NOT NULL, closed INTEGER NOT NULL, archived INTEGER NOT NULL,
    assigned_to TEXT, accepted_post_id INTEGER, is_kb INTEGER NOT NULL,
    source_question_id INTEGER);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, number INTEGER NOT NULL,
    user_id INTEGER NOT NULL, created_at INTEGER NOT NULL, raw TEXT NOT NULL,
    reply_to INTEGER, wiki INTEGER NOT NULL);
"""
INDEXES = """
CREATE UNIQUE INDEX posts_topic_number ON posts (topic_id, number);
CREATE INDEX topics_updated ON topics (updated_at, id);
CREATE INDEX topics_category ON topics (category_id, title);
"""

USER_COLS = "{0}.id, {0}.username, {0}.name, {0}.role"
TOPIC_SELECT = (
    "SELECT t.id, t.title, t.category_id, t.created_at, t.last_posted_at,"
    " t.updated_at, t.posts_count, t.tags, t.closed, t.archived, t.assigned_to,"
    f" t.accepted_post_id, t.is_kb, {USER_COLS.format('a')}, {USER_COLS.format('l')}"
    " FROM topics t JOIN users a ON a.id = t.user_id"
    " JOIN users l ON l.id = t.last_poster_id"
)
POST_SELECT = (
    "SELECT p.id, p.topic_id, p.number, p.created_at, p.raw, p.reply_to, p.wiki,"
    f" {USER_COLS.format('u')} FROM posts p JOIN users u ON u.id = p.user_id"
)
POST_INSERT = (
    "INSERT INTO posts (topic_id, number, user_id, created_at, raw, reply_to, wiki)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
TOPIC_INSERT = "INSERT INTO topics VALUES (" + ", ".join("?" * 16) + ")"


def to_ms(moment: datetime) -> int:
    """Epoch milliseconds of ``moment``, rounded down; naive means UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // timedelta(milliseconds=1)


def from_ms(ms: int) -> datetime:
    """A timezone-aware UTC datetime from epoch milliseconds."""
    return EPOCH + timedelta(milliseconds=ms)


def person(row: Row, at: int = 0) -> Person:
    """The Person in the four user columns starting at ``at``."""
    uid, username, name, role = row[at : at + 4]
    return Person(username, name, Role(role), uid)


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Forum-style tags: lower case, dashes for spaces, no duplicates."""
    out: list[str] = []
    for tag in tags:
        clean = "-".join(tag.strip().lower().split())
        if "," in clean or len(clean) > 40:
            raise ConflictError(
                _("Tag {tag} is not allowed: use letters, digits, -.").format(
                    tag=repr(tag)
                )
            )
        if clean and clean not in out:
            out.append(clean)
    return tuple(out)


def question(row: Row, base_url: str) -> Question:
    """A Question from a :data:`TOPIC_SELECT` row."""
    return Question(
        id=row[0], title=row[1], category_id=row[2], author=person(row, 13),
        created_at=from_ms(row[3]), last_posted_at=from_ms(row[4]),
        updated_at=from_ms(row[5]), posts_count=row[6], last_poster=person(row, 17),
        tags=tuple(t for t in row[7].split(",") if t), closed=bool(row[8]),
        archived=bool(row[9]), assigned_to=row[10], accepted_post_id=row[11],
        url=f"{base_url}/t/{row[0]}", is_kb=bool(row[12]),
    )  # fmt: skip


def post(row: Row, accepted: int | None) -> Post:
    """A Post from a :data:`POST_SELECT` row."""
    return Post(
        id=row[0], question_id=row[1], number=row[2], author=person(row, 7),
        created_at=from_ms(row[3]), raw=row[4], reply_to=row[5],
        accepted=row[0] == accepted, wiki=bool(row[6]),
    )  # fmt: skip


def connect(path: Path) -> sqlite3.Connection:
    """Open an existing demo forum file read-write, or explain how to make one."""
    if not path.is_file():
        raise UnavailableError(
            _(
                "The demo forum {path} does not exist; run `deskapp demo seed` to"
                " create it."
            ).format(path=path)
        )
    conn = None
    try:
        uri = f"{path.resolve().as_uri()}?mode=rw"
        conn = sqlite3.connect(
            uri, uri=True, check_same_thread=False, isolation_level=None
        )
        conn.execute("PRAGMA busy_timeout = 5000")
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        conn.execute("SELECT id FROM topics LIMIT 1").fetchall()
    except sqlite3.Error as err:
        if conn is not None:
            conn.close()
        raise UnavailableError(
            _(
                "The demo forum {path} cannot be read ({error}); run `deskapp demo"
                " seed` to create it again."
            ).format(path=path, error=err)
        ) from err
    if row is None or row[0] != SCHEMA_VERSION:
        conn.close()
        raise UnavailableError(
            _(
                "{path} is not a demo forum this deskapp can read; run `deskapp demo"
                " seed` to create it again."
            ).format(path=path)
        )
    return conn


class DemoDb:
    """One SQLite connection, used by one thread at a time, off the event loop."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = connect(path)
        rows = self.locked(
            lambda c: c.execute("SELECT key, value FROM meta").fetchall()
        )
        self.meta: dict[str, str] = dict(rows)

    def locked(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on the connection under the lock, mapping SQLite errors."""
        with self._lock:
            if self._conn is None:
                raise UnavailableError(
                    _("The demo forum {path} is closed.").format(path=self.path)
                )
            try:
                return work(self._conn)
            except sqlite3.Error as err:
                raise UnavailableError(
                    _("The demo forum {path} failed: {error}").format(
                        path=self.path, error=err
                    )
                ) from err

    async def read(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run blocking SQLite reads in a worker thread."""
        return await asyncio.to_thread(self.locked, work)

    async def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` as one write transaction in a worker thread."""

        def transaction(conn: sqlite3.Connection) -> T:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

        return await asyncio.to_thread(self.locked, transaction)

    async def close(self) -> None:
        """Close the connection; later calls raise UnavailableError."""

        def shut() -> None:
            with self._lock:
                if self._conn is not None:
                    self._conn.close()
                    self._conn = None

        await asyncio.to_thread(shut)


def stamp(conn: sqlite3.Connection) -> int:
    """Now in epoch ms, and always later than any change already stored."""
    (latest,) = conn.execute("SELECT MAX(updated_at) FROM topics").fetchone()
    return max(to_ms(datetime.now(UTC)), (latest or 0) + 1)


def user(conn: sqlite3.Connection, username: str) -> Person | None:
    """The account called ``username``, if there is one."""
    row = conn.execute(
        "SELECT id, username, name, role FROM users WHERE username = ?", (username,)
    ).fetchone()
    return None if row is None else person(row)


def topic(conn: sqlite3.Connection, question_id: int) -> tuple[bool, int]:
    """(closed or archived, posts_count) of a topic, or NotFoundError."""
    row = conn.execute(
        "SELECT closed OR archived, posts_count FROM topics WHERE id = ?",
        (question_id,),
    ).fetchone()
    if row is None:
        raise NotFoundError(
            _("Question #{id} does not exist.").format(id=question_id), status=404
        )
    return bool(row[0]), row[1]


def bump(
    conn: sqlite3.Connection, question_id: int, change: str, value: object
) -> None:
    """Set one column (``change`` is ``"column = ?"``) and mark the topic changed."""
    conn.execute(
        f"UPDATE topics SET {change}, updated_at = ? WHERE id = ?",
        (value, stamp(conn), question_id),
    )
