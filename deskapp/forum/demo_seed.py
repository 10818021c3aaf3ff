"""Deterministic generator of a realistic demo Werkplein forum in SQLite.

:func:`seed_demo_forum` writes the file that :class:`deskapp.forum.demo.DemoForum`
serves. The same ``seed``, ``now`` and ``questions`` give the same content. The
words come from :mod:`deskapp.forum.demo_content`, the texts from
:mod:`deskapp.forum.demo_text`; this module adds people, time and threads.
"""

from __future__ import annotations

import os
import random
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from deskapp.forum import demo_content as content
from deskapp.forum.demo_db import (
    INDEXES,
    KB_SLUG,
    SCHEMA,
    SCHEMA_VERSION,
    TOPIC_INSERT,
)
from deskapp.forum.demo_extras import ensure as ensure_extras
from deskapp.forum.demo_text import AMSTERDAM, Account, Writer
from deskapp.models import Role
from deskapp.successfigures import REFERRAL_TAGS

GENERATOR_VERSION = "3"
"""Bumped whenever the same seed would give different content."""
SPAN_DAYS = 56
OFFICE_OPEN = time(8, 30)
OFFICE_CLOSE = time(17, 0)
HOUR = 3600
DAY = 24 * HOUR

SHAPES = {
    "new": ("Q",),
    "waiting_staff": ("QP", "QB", "QPP", "QSF", "QAF", "QPF", "QSFP"),
    "waiting_client": ("QS", "QPS", "QA", "QSFR", "QPA"),
    "solved": ("QS*T", "QPS*", "QA*T", "QSFR*T", "QPS*T", "QS*"),
    "closed": ("QSC", "QPC", "QSFRC", "QC", "QSTC"),
}
"""Thread scripts per target state: one letter per post, ``*`` marks the answer.

Q question, P peer, B client bump, S/R staff answer, A adviser, F client
follow-up, T client thanks, C staff closing note.
"""
SHAPES_OPEN = ("new", "waiting_staff", "waiting_client")
STAFF_LETTERS = frozenset("SRC")
REFERRING_THEMES = frozenset({"ww_gat", "ww_regels", "toeslagen", "check_toeslagen"})
"""Themes whose staff answer sends the client to UWV or the Belastingdienst:
tagged as referred elsewhere once staff answered."""

Row = tuple[int | str | None, ...]
POST_ROW_INSERT = "INSERT INTO posts VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


def seed_demo_forum(
    path: Path,
    questions: int,
    *,
    seed: int = 1,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write a fresh demo forum of ``questions`` questions to ``path``, atomically."""
    if questions < 0:
        raise ValueError("questions must be 0 or more")
    moment = _moment(now)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        _build(tmp, questions, seed, moment, progress)
        _fsync(tmp)
        for sidecar in ("-wal", "-shm"):
            Path(f"{path}{sidecar}").unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _moment(now: datetime | None) -> datetime:
    """The generator's "now": given (aware) or the current minute in UTC."""
    if now is None:
        return datetime.now(UTC).replace(second=0, microsecond=0)
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    return now.astimezone(UTC)


def _fsync(path: Path) -> None:
    """Flush a finished file to disk before it replaces the old one."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _build(
    path: Path,
    questions: int,
    seed: int,
    now: datetime,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Create the schema and fill it in one transaction; indexes come last."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
        conn.executescript(SCHEMA)
        conn.execute("BEGIN")
        seeder = Seeder(random.Random(seed), now)
        seeder.write(conn, questions, progress)
        meta = {
            "seed": str(seed),
            "now": now.isoformat(),
            "generator_version": GENERATOR_VERSION,
            "schema": SCHEMA_VERSION,
            "questions": str(questions),
            "me": content.STAFF[0][0],
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        conn.execute("COMMIT")
        ensure_extras(conn)
        conn.executescript(INDEXES)
        conn.execute("PRAGMA journal_mode=WAL")
    finally:
        conn.close()


def office_time(ts: int, rng: random.Random) -> int:
    """The first moment at or after ``ts`` within Werkplein office hours."""
    local = datetime.fromtimestamp(ts, AMSTERDAM)
    clock = local.time()
    if local.weekday() < 5 and OFFICE_OPEN <= clock < OFFICE_CLOSE:
        return ts
    day = local.date()
    if local.weekday() >= 5 or clock >= OFFICE_CLOSE:
        day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    opening = datetime.combine(day, OFFICE_OPEN, tzinfo=AMSTERDAM)
    return int(opening.timestamp()) + rng.randrange(0, 3 * HOUR)


def awake_time(ts: int, rng: random.Random) -> int:
    """Move most night-time client posts (01:00–06:59) to the morning."""
    hour = datetime.fromtimestamp(ts, AMSTERDAM).hour
    if 1 <= hour < 7 and rng.random() < 0.8:
        return ts + (7 - hour) * HOUR + rng.randrange(0, 2 * HOUR)
    return ts


@dataclass(slots=True)
class Draft:
    """A post being planned: who, what kind, when."""

    letter: str
    author: Account
    ts: int
    reply_to: int | None = None


@dataclass(slots=True)
class Thread:
    """The planned posts of one question and what happened to it."""

    posts: list[Draft] = field(default_factory=list)
    accepted: int | None = None
    closed_at: int | None = None


class Seeder:
    """Generates people, questions, threads and KB articles into SQLite."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = int(now.timestamp())
        self.writer = Writer(rng)
        self.staff: list[Account] = []
        self.advisers: list[Account] = []
        self.peers: list[Account] = []
        self.clients: list[Account] = []
        self.post_id = 0
        self.solved_by_tag: dict[str, list[tuple[int, int]]] = {}
        self.kb_by_tag: dict[str, tuple[int, str]] = {}
        """The newest knowledge-base article per tag: (topic id, title)."""
        self.category_ids = {
            slug: i for i, (_, slug, _, _) in enumerate(content.CATEGORIES, 1)
        }

    def write(
        self,
        conn: sqlite3.Connection,
        questions: int,
        progress: Callable[[int, int], None] | None,
    ) -> None:
        """Insert categories, users and every topic with its posts."""
        conn.executemany(
            "INSERT INTO categories VALUES (?, ?, ?, ?, ?)",
            [
                (i, n, s, int(kb), d)
                for i, (n, s, kb, d) in enumerate(content.CATEGORIES, 1)
            ],
        )
        users = self.people(questions)
        conn.executemany("INSERT INTO users VALUES (?, ?, ?, ?)", users)
        topics: list[Row] = []
        posts: list[Row] = []
        done = 0
        if progress is not None:
            progress(0, questions)
        for topic_id, (ts, kind, index) in enumerate(self.schedule(questions), 1):
            if kind == 0:
                topics.append(self.question(topic_id, ts, posts))
                done += 1
            else:
                topics.append(self.kb_article(topic_id, ts, index, posts))
            if len(posts) >= 20_000:
                self.flush(conn, topics, posts)
                if progress is not None:
                    progress(done, questions)
        self.flush(conn, topics, posts)
        if progress is not None:
            progress(questions, questions)

    @staticmethod
    def flush(conn: sqlite3.Connection, topics: list[Row], posts: list[Row]) -> None:
        """Write buffered rows and empty the buffers."""
        conn.executemany(TOPIC_INSERT, topics)
        conn.executemany(POST_ROW_INSERT, posts)
        topics.clear()
        posts.clear()

    def people(self, questions: int) -> list[Row]:
        """Create every account: staff, advisers, peers and clients."""
        names = self.writer.names
        for accounts, role, pool in (
            (content.STAFF, Role.STAFF, self.staff),
            (content.ADVISERS, Role.ADVISER, self.advisers),
        ):
            for username, name in accounts:
                names.add(username)
                pool.append(Account(len(names), username, name, role, name.split()[0]))
        for _ in range(30):
            self.peers.append(self.writer.member(len(names) + 1, Role.PEER))
        for _ in range(max(60, min(questions // 3, 40_000))):
            self.clients.append(self.writer.member(len(names) + 1, Role.CLIENT))
        everyone = self.staff + self.advisers + self.peers + self.clients
        return [(p.id, p.username, p.name, p.role.value) for p in everyone]

    def schedule(self, questions: int) -> list[tuple[int, int, int]]:
        """(created, kind, index) of every topic in id order; kind 1 is KB."""
        rng, span = self.rng, SPAN_DAYS * DAY
        slots = []
        for index in range(questions):
            asked = self.now - int(span * rng.random() ** 1.5)
            moved = awake_time(asked, rng)
            slots.append((moved if moved <= self.now else asked, 0, index))
        kb_count = min(len(content.KB_ARTICLES), max(3, questions // 10))
        for index in range(kb_count):
            ts = office_time(self.now - rng.randrange(DAY, span), rng)
            slots.append((min(ts, self.now), 1, index))
        slots.sort()
        return slots

    def target_state(self, created: int) -> str:
        """The state a question of this age usually reached: old ones are done."""
        age_days = (self.now - created) / DAY
        open_share = 0.9 if age_days < 0.5 else 0.7 if age_days < 2 else 0.4
        if age_days >= 7:
            open_share = 0.12 if age_days < 14 else 0.04
        roll = self.rng.random()
        if roll < open_share:
            # A few stragglers stay unanswered; most old open threads wait
            # for the client's reply.
            weights = (30, 35, 35) if age_days < 7 else (5, 25, 70)
            return self.rng.choices(SHAPES_OPEN, weights)[0]
        return "solved" if roll < open_share + (1 - open_share) * 0.75 else "closed"

    def question(self, topic_id: int, created: int, posts: list[Row]) -> Row:
        """Plan, write and buffer one client question; return its topic row."""
        rng, w = self.rng, self.writer
        theme = rng.choice(content.THEMES)
        client = self.clients[int(len(self.clients) * rng.random() ** 1.3)]
        staff = rng.choice(self.staff)
        w.start(theme, client, staff, created)
        state = self.target_state(created)
        thread = self.plan(rng.choice(SHAPES[state]), created, client, staff, theme)
        first_id = self.post_id + 1
        cites = self.cited_article(topic_id, theme)
        for number, draft in enumerate(thread.posts, 1):
            self.post_id += 1
            raw = w.text(draft.letter, draft.author)
            if cites and draft.letter == "S":
                raw += f"\n\nZie ook de kennisbank: [{cites[1]}](/t/{cites[0]})."
                cites = None
            posts.append(
                (self.post_id, topic_id, number, draft.author.id, draft.ts * 1000, raw,
                 draft.reply_to, 0)
            )  # fmt: skip
        accepted = None if thread.accepted is None else first_id + thread.accepted
        fresh = state == "new"
        return self.topic_row(topic_id, theme, thread, accepted, fresh, staff)

    def cited_article(
        self, topic_id: int, theme: content.Theme
    ) -> tuple[int, str] | None:
        """The knowledge-base article the first staff answer of every third
        question links to, when one on its subject exists already."""
        if topic_id % 3:
            return None
        return next(
            (self.kb_by_tag[t] for t in theme.tags if t in self.kb_by_tag), None
        )

    def topic_row(
        self,
        topic_id: int,
        theme: content.Theme,
        thread: Thread,
        accepted: int | None,
        fresh: bool,
        staff: Account,
    ) -> Row:
        """The topics row of a planned question."""
        rng, first, last = self.rng, thread.posts[0], thread.posts[-1]
        updated = max(last.ts, thread.closed_at or 0)
        if accepted is not None:
            accept_ts = min(self.now, thread.posts[thread.accepted or 0].ts + 3 * HOUR)
            updated = max(updated, accept_ts)
            self.remember_solved(theme, topic_id, accept_ts)
        assigned = None
        if thread.closed_at is None and accepted is None and rng.random() < 0.35:
            at = office_time(first.ts + rng.randrange(10 * 60, DAY), rng)
            if at <= self.now:
                assigned, updated = staff.username, max(updated, at)
        tags = "" if fresh and rng.random() < 0.5 else ",".join(theme.tags)
        if theme.key in REFERRING_THEMES and any(
            p.author.role is Role.STAFF for p in thread.posts
        ):
            tags = ",".join((*theme.tags, REFERRAL_TAGS[0]))
        category = self.category_ids[theme.category]
        if rng.random() < 0.05:
            category = rng.randrange(1, len(content.CATEGORIES))
        title = self.writer.title(solved=accepted is not None)
        return (
            topic_id, title, category, first.author.id, first.ts * 1000, last.ts * 1000,
            updated * 1000, len(thread.posts), last.author.id, tags,
            int(thread.closed_at is not None), 0, assigned, accepted, 0, None,
        )  # fmt: skip

    def remember_solved(self, theme: content.Theme, topic_id: int, ts: int) -> None:
        """Note a solved question as a possible source of a KB article."""
        for tag in theme.tags:
            self.solved_by_tag.setdefault(tag, []).append((ts, topic_id))

    def plan(
        self,
        shape: str,
        created: int,
        client: Account,
        staff: Account,
        theme: content.Theme,
    ) -> Thread:
        """Turn a thread script into timed posts, cut off at ``now``."""
        urgent = theme.reason == content.URGENT
        thread = Thread([Draft("Q", client, created)])
        for letter in shape[1:]:
            if letter == "*":
                thread.accepted = len(thread.posts) - 1
                continue
            prev = thread.posts[-1].ts
            author, ts = self.next_post(letter, prev, client, staff, urgent)
            if ts > self.now:
                break
            thread.posts.append(
                Draft(letter, author, ts, self.reply_to(letter, thread))
            )
            if letter == "C":
                thread.closed_at = ts
        return thread

    def next_post(
        self, letter: str, prev: int, client: Account, staff: Account, urgent: bool
    ) -> tuple[Account, int]:
        """Who writes the next post and when, after ``prev``."""
        rng = self.rng
        if letter in STAFF_LETTERS:
            delay = rng.expovariate(1 / (4 * HOUR if urgent else 14 * HOUR))
            return staff, office_time(prev + 600 + int(delay), rng)
        if letter == "A":
            delay = 900 + int(rng.expovariate(1 / (20 * HOUR)))
            return rng.choice(self.advisers), office_time(prev + delay, rng)
        if letter == "P":
            delay = 300 + int(rng.expovariate(1 / (5 * HOUR)))
            return rng.choice(self.peers), awake_time(prev + delay, rng)
        mean = {"B": 30 * HOUR, "F": 8 * HOUR, "T": 6 * HOUR}[letter]
        delay = (6 * HOUR if letter == "B" else 600) + int(rng.expovariate(1 / mean))
        return client, awake_time(prev + delay, rng)

    def reply_to(self, letter: str, thread: Thread) -> int | None:
        """The post number a new post replies to, if it replies to one."""
        if letter in "FTR" and self.rng.random() < 0.6:
            for number in range(len(thread.posts), 0, -1):
                if thread.posts[number - 1].letter in "SAR":
                    return number
        if letter == "P" and self.rng.random() < 0.2:
            return 1
        return None

    def kb_article(
        self, topic_id: int, created: int, index: int, posts: list[Row]
    ) -> Row:
        """A knowledge-base topic with one wiki post, maybe citing a question."""
        rng = self.rng
        seed = content.KB_ARTICLES[index]
        source = self.kb_source(seed.tags, created)
        for tag in seed.tags:
            self.kb_by_tag[tag] = (topic_id, seed.title)
        author = rng.choice(self.staff)
        self.post_id += 1
        raw = self.writer.kb_body(seed, source)
        posts.append(
            (self.post_id, topic_id, 1, author.id, created * 1000, raw, None, 1)
        )
        ms = created * 1000
        return (
            topic_id, seed.title, self.category_ids[KB_SLUG], author.id, ms, ms, ms, 1,
            author.id, ",".join(seed.tags), 0, 0, None, None, 1, source,
        )  # fmt: skip

    def kb_source(self, tags: tuple[str, ...], created: int) -> int | None:
        """A question solved before ``created`` that shares a tag, if any."""
        for tag in tags:
            found = [
                tid
                for ts, tid in self.solved_by_tag.get(tag, ())[-300:]
                if ts < created
            ]
            if found and self.rng.random() < 0.8:
                return self.rng.choice(found)
        return None
