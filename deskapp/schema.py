"""The local store's schema, as an ordered list of migrations.

``PRAGMA user_version`` holds how many migrations a store file has had. A
migration is never edited once released: changes go in a new one appended to
:data:`MIGRATIONS`. Only :mod:`deskapp.store` uses this module.
"""

from __future__ import annotations

import sqlite3

from deskapp.errors import StoreError

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "migrate"]

_MIRROR = """
CREATE TABLE categories (
    forum TEXT NOT NULL, id INTEGER NOT NULL, name TEXT NOT NULL,
    slug TEXT NOT NULL, is_kb INTEGER NOT NULL DEFAULT 0,
    description TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (forum, id)
);
CREATE TABLE people (
    forum TEXT NOT NULL, username TEXT NOT NULL, name TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (forum, username)
);
CREATE TABLE questions (
    key INTEGER PRIMARY KEY,
    forum TEXT NOT NULL, id INTEGER NOT NULL,
    title TEXT NOT NULL, category_id INTEGER NOT NULL, author TEXT NOT NULL,
    created_at REAL NOT NULL, last_posted_at REAL NOT NULL,
    updated_at REAL NOT NULL, posts_count INTEGER NOT NULL,
    last_poster TEXT NOT NULL, last_poster_role TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]', closed INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0, assigned_to TEXT,
    accepted_post_id INTEGER, url TEXT NOT NULL DEFAULT '',
    is_kb INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL, urgency TEXT NOT NULL,
    waiting_since REAL, first_staff_at REAL,
    UNIQUE (forum, id)
);
CREATE INDEX questions_open ON questions (forum, state, urgency, waiting_since);
CREATE TABLE posts (
    forum TEXT NOT NULL, id INTEGER NOT NULL, question_id INTEGER NOT NULL,
    number INTEGER NOT NULL, author TEXT NOT NULL, role TEXT NOT NULL,
    created_at REAL NOT NULL, raw TEXT NOT NULL, reply_to INTEGER,
    accepted INTEGER NOT NULL DEFAULT 0, wiki INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (forum, id)
);
CREATE INDEX posts_by_question ON posts (forum, question_id, number);
CREATE VIRTUAL TABLE questions_fts USING fts5 (
    title, body, tokenize = "unicode61 remove_diacritics 2"
);
CREATE TABLE sync_state (
    forum TEXT PRIMARY KEY, cursor REAL, last_attempt_at REAL,
    last_success_at REAL, last_error TEXT, rules_fingerprint TEXT,
    me TEXT
);
"""

_WRITES = """
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    forum TEXT NOT NULL, kind TEXT NOT NULL, question_id INTEGER,
    payload TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL,
    updated_at REAL NOT NULL, next_attempt_at REAL, last_error TEXT,
    remote_id INTEGER
);
CREATE INDEX outbox_pending ON outbox (forum, state, next_attempt_at);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY, forum TEXT NOT NULL, at REAL NOT NULL,
    actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}'
);
"""

_DUE = """
ALTER TABLE questions ADD COLUMN due_at REAL;
CREATE INDEX questions_due ON questions (forum, due_at);
UPDATE sync_state SET rules_fingerprint = NULL;
"""

_LISTING = """
ALTER TABLE questions ADD COLUMN listing TEXT NOT NULL DEFAULT '';
"""

_PARTIAL = """
ALTER TABLE questions ADD COLUMN partial INTEGER NOT NULL DEFAULT 0;
CREATE INDEX questions_partial ON questions (forum) WHERE partial = 1;
"""
"""``partial`` = 1: the row comes from the topic list alone (or its posts are
older than its listing); its thread is still to be fetched."""

_ANSWERING = """
CREATE TABLE drafts (
    forum TEXT NOT NULL, question_id INTEGER NOT NULL, body TEXT NOT NULL,
    reply_to INTEGER, seen_post INTEGER NOT NULL, updated_at REAL NOT NULL,
    PRIMARY KEY (forum, question_id)
);
CREATE TABLE snoozes (
    forum TEXT NOT NULL, question_id INTEGER NOT NULL, until_day TEXT NOT NULL,
    until_at REAL NOT NULL,
    PRIMARY KEY (forum, question_id)
);
CREATE TABLE template_usage (
    key TEXT PRIMARY KEY, uses INTEGER NOT NULL, last_used REAL NOT NULL
);
ALTER TABLE outbox ADD COLUMN unsure INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN attempt_at REAL;
ALTER TABLE sync_state ADD COLUMN capabilities TEXT;
ALTER TABLE sync_state ADD COLUMN capabilities_at REAL;
"""
"""Drafts (one per question), snoozes (local to the desk), template usage.
An outbox entry is ``unsure`` while an attempt may have reached the forum
without the desk learning the outcome (a timeout, a crash): the next attempt
first checks whether it landed."""

_LEASE = """
ALTER TABLE outbox ADD COLUMN owner TEXT;
"""
"""Which desk (host, process) holds a ``sending`` entry: a live one keeps it,
however long the forum makes it wait; a dead one's entry is taken over."""

_KB_LINKS = """
CREATE TABLE kb_links (
    forum TEXT NOT NULL, question_id INTEGER NOT NULL, article_id INTEGER NOT NULL,
    at REAL NOT NULL, actor TEXT NOT NULL,
    PRIMARY KEY (forum, question_id, article_id)
);
"""
"""Which knowledge-base article staff offered in the answer to which question."""

_INBOX_INDEX = """
CREATE INDEX questions_inbox ON questions
    (forum, state, is_kb, urgency, waiting_since, last_posted_at, id);
"""
"""The inbox's query and counts read the open questions of a forum in its
order from this index alone (57 -> 21 ms for the inbox of 100,000 questions)."""

MIGRATIONS: tuple[str, ...] = (
    _MIRROR, _WRITES, _DUE, _LISTING, _PARTIAL, _ANSWERING, _LEASE, _KB_LINKS,
    _INBOX_INDEX,
)  # fmt: skip
"""Migration n (1-based) brings a store from version n-1 to n."""

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, *, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations up to ``target``; return the new version.

    Each migration runs in its own transaction together with the version bump,
    so a crash leaves the store at a consistent version. The version is read
    again once the transaction holds the write lock: two desks opening a new
    store at the same moment migrate it once, not twice.
    """
    version = _version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the local store was written by a newer deskapp (schema {version}, "
            f"this version knows {SCHEMA_VERSION}); upgrade deskapp"
        )
    for number in range(version + 1, target + 1):
        try:
            conn.execute("BEGIN IMMEDIATE")
            if _version(conn) < number:  # not done by another desk meanwhile
                for statement in _statements(MIGRATIONS[number - 1]):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except sqlite3.Error as err:
            if conn.in_transaction:
                conn.rollback()
            raise StoreError(
                f"could not upgrade the local store to schema {number}: {err}"
            ) from err
    return max(version, target)


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _statements(script: str) -> list[str]:
    """The statements of a migration script, one by one."""
    statements, part = [], ""
    for line in script.splitlines(keepends=True):
        part += line
        if sqlite3.complete_statement(part):
            statements.append(part.strip())
            part = ""
    assert not part.strip(), f"unfinished statement in a migration: {part!r}"
    return statements
