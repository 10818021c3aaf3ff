"""The embedded demo forum: the whole :class:`~deskapp.forum.base.Forum` over SQLite.

It serves the file that :func:`deskapp.forum.demo_seed.seed_demo_forum` wrote
(``deskapp demo seed``). Blocking SQLite work runs in a worker thread through
one connection guarded by a lock (:class:`~deskapp.forum.demo_db.DemoDb`), so
an event loop never waits on the disk. Every write is one transaction and moves
the topic's ``updated_at`` past every earlier change, so a sync cursor never
misses one (a flag to the moderators changes no topic and moves none).
Answer templates, presence and flags live in the tables of
:mod:`deskapp.forum.demo_extras`; :meth:`DemoForum.post_as` and
:meth:`DemoForum.mark_replying` let ``deskapp demo post`` and ``demo typing``
act as a colleague.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from deskapp.errors import AuthError, ConflictError, NotFoundError
from deskapp.forum import demo_db as db
from deskapp.forum import demo_extras as extras
from deskapp.forum.base import landed_reply, same_text
from deskapp.i18n import _
from deskapp.models import (
    Capabilities,
    Category,
    KbArticle,
    Person,
    Post,
    Question,
    Role,
    Template,
    Thread,
)

__all__ = ["DemoForum"]

PAGE_SIZE = 500
"""Questions per page of :meth:`DemoForum.changed_questions`."""
BATCH = 500
"""Topic ids per query of :meth:`DemoForum.threads`."""


class DemoForum:
    """The embedded demo forum: a Werkplein forum in one SQLite file."""

    def __init__(
        self,
        path: Path,
        *,
        name: str = "demo",
        username: str | None = None,
        base_url: str = "demo://werkplein",
    ) -> None:
        self.name = name
        self.base_url = base_url.rstrip("/")
        self.path = path
        self._db = db.DemoDb(path)
        self._db.locked(extras.ensure)  # files from before templates and presence
        self._username = username or self._db.meta.get("me", "")

    def meta(self) -> dict[str, str]:
        """What the generator recorded: seed, now, versions and default user."""
        return dict(self._db.meta)

    # -- identity ---------------------------------------------------------

    def _me(self, conn: sqlite3.Connection) -> Person:
        """The acting staff or adviser account, or AuthError."""
        return self._colleague(conn, self._username)

    def _colleague(self, conn: sqlite3.Connection, username: str) -> Person:
        """The staff or adviser account ``username``, or AuthError."""
        me = db.user(conn, username)
        if me is None:
            raise AuthError(
                _("The demo forum has no user {user}; use one of its staff"
                  " accounts, such as {example}.").format(
                    user=repr(username),
                    example=repr(self._db.meta.get("me", "sanne.werkplein")),
                )
            )  # fmt: skip
        if not me.role.answers_for_werkplein:
            raise AuthError(
                _("{user} is a {role} on the demo forum; the desk"
                  " needs a staff or adviser account.").format(
                    user=repr(username), role=me.role.value
                )
            )  # fmt: skip
        return me

    async def whoami(self) -> Person:
        """The account the desk acts as."""
        return await self._db.read(self._me)

    async def capabilities(self) -> Capabilities:
        """Everything a Werkplein desk uses, except Data Explorer."""
        await self.whoami()
        keys = ("seed", "now", "generator_version")
        return Capabilities(
            solved=True, assign=True, templates=True, data_explorer=False,
            presence=True, version="demo",
            extra={k: self._db.meta.get(k, "") for k in keys},
        )  # fmt: skip

    # -- reading ----------------------------------------------------------

    async def categories(self) -> list[Category]:
        """Every category, in id order."""
        sql = "SELECT id, name, slug, is_kb, description FROM categories ORDER BY id"
        rows = await self._db.read(lambda c: c.execute(sql).fetchall())
        return [Category(i, n, s, bool(kb), d) for i, n, s, kb, d in rows]

    async def changed_questions(
        self, since: datetime | None
    ) -> AsyncIterator[list[Question]]:
        """Pages of questions changed after ``since``, newest change first."""
        floor = -1 if since is None else db.to_ms(since)
        cursor: tuple[int, int] | None = None
        while True:
            rows = await self._db.read(_Page(floor, cursor))
            if not rows:
                return
            yield [db.question(row, self.base_url) for row in rows]
            if len(rows) < PAGE_SIZE:
                return
            cursor = (rows[-1][5], rows[-1][0])

    async def threads(
        self,
        question_ids: Sequence[int],
        *,
        known: Mapping[int, Sequence[Post]] | None = None,
    ) -> list[Thread]:
        """The full threads of the given questions, in the order asked.

        ``known`` is ignored: reading a whole thread costs the demo nothing.
        """
        wanted = list(dict.fromkeys(question_ids))
        topics, posts = await self._db.read(lambda c: _fetch_threads(c, wanted))
        found = {row[0]: db.question(row, self.base_url) for row in topics}
        return [
            Thread(
                q, tuple(db.post(r, q.accepted_post_id) for r in posts.get(q.id, ()))
            )
            for q in (found[i] for i in wanted if i in found)
        ]

    async def find_post(
        self,
        question_id: int,
        username: str,
        raw: str,
        after: datetime,
        *,
        above: int | None = None,
    ) -> Post | None:
        """The first post by ``username`` with this text, created at/after
        ``after``; with ``above``, :func:`~deskapp.forum.base.landed_reply`
        of the posts numbered above it, whatever their time."""
        if above is None:
            sql = (
                f"{db.POST_SELECT} WHERE p.topic_id = ? AND u.username = ?"
                " AND p.created_at >= ? ORDER BY p.number"
            )
            args: tuple[object, ...] = (question_id, username, db.to_ms(after))
        else:
            sql = (
                f"{db.POST_SELECT} WHERE p.topic_id = ? AND u.username = ?"
                " AND p.number > ? ORDER BY p.number"
            )
            args = (question_id, username, above)
        rows = await self._db.read(lambda c: c.execute(sql, args).fetchall())
        found = [db.post(row, None) for row in rows]
        if above is not None:
            return landed_reply(found, username, raw)
        wanted = same_text(raw)
        return next((p for p in found if same_text(p.raw) == wanted), None)

    # -- writing ----------------------------------------------------------

    async def reply(
        self, question_id: int, raw: str, *, reply_to: int | None = None
    ) -> Post:
        """Post ``raw`` as the desk's account, optionally to a post number."""
        return await self.post_as(self._username, question_id, raw, reply_to=reply_to)

    async def post_as(
        self, username: str, question_id: int, raw: str, *, reply_to: int | None = None
    ) -> Post:
        """Post ``raw`` as the staff or adviser account ``username``.

        Posting ends that account's presence in the question, as sending
        does on Discourse.
        """
        body = raw.strip()
        if not body:
            raise ConflictError(
                _("Body can't be blank: write something before posting.")
            )

        def work(conn: sqlite3.Connection) -> Post:
            me = self._colleague(conn, username)
            closed, count = db.topic(conn, question_id)
            if closed:
                raise ConflictError(
                    _("Question #{id} is closed to replies.").format(id=question_id)
                )
            if reply_to is not None and not 1 <= reply_to <= count:
                raise ConflictError(
                    _("Question #{id} has no post #{number}.").format(
                        id=question_id, number=reply_to
                    )
                )
            now, number = db.stamp(conn), count + 1
            values = (question_id, number, me.id, now, body, reply_to, 0)
            post_id = conn.execute(db.POST_INSERT, values).lastrowid or 0
            conn.execute(
                "UPDATE topics SET posts_count = ?, last_posted_at = ?, updated_at = ?,"
                " last_poster_id = ? WHERE id = ?",
                (number, now, now, me.id, question_id),
            )
            extras.mark_replying(conn, question_id, me.username, 0)
            return Post(
                post_id, question_id, number, me, db.from_ms(now), body, reply_to
            )

        return await self._db.write(work)

    async def accept_answer(self, post_id: int) -> None:
        """Mark a post as the accepted answer of its question."""

        def work(conn: sqlite3.Connection) -> None:
            self._me(conn)
            row = conn.execute(
                "SELECT topic_id, number FROM posts WHERE id = ?", (post_id,)
            ).fetchone()
            if row is None:
                raise _no_post(post_id)
            if row[1] == 1:
                raise ConflictError(_("A question cannot be its own accepted answer."))
            db.bump(conn, row[0], "accepted_post_id = ?", post_id)

        await self._db.write(work)

    async def unaccept_answer(self, post_id: int) -> None:
        """Undo the accepted answer (a post that is not accepted changes nothing)."""

        def work(conn: sqlite3.Connection) -> None:
            self._me(conn)
            row = conn.execute(
                "SELECT t.id, t.accepted_post_id FROM posts p"
                " JOIN topics t ON t.id = p.topic_id WHERE p.id = ?",
                (post_id,),
            ).fetchone()
            if row is None:
                raise _no_post(post_id)
            if row[1] == post_id:
                db.bump(conn, row[0], "accepted_post_id = ?", None)

        await self._db.write(work)

    async def assign(self, question_id: int, username: str | None) -> None:
        """Assign a question to a staff member or adviser; ``None`` unassigns it."""

        def work(conn: sqlite3.Connection) -> None:
            self._me(conn)
            db.topic(conn, question_id)
            if username is not None:
                who = db.user(conn, username)
                if who is None:
                    raise ConflictError(
                        _("There is no user {user} to assign to.").format(
                            user=repr(username)
                        )
                    )
                if not who.role.answers_for_werkplein:
                    raise ConflictError(
                        _("{user} is a {role}: only staff and advisers"
                          " can be assigned.").format(
                            user=repr(username), role=who.role.value
                        )
                    )  # fmt: skip
            db.bump(conn, question_id, "assigned_to = ?", username)

        await self._db.write(work)

    async def set_tags(self, question_id: int, tags: Sequence[str]) -> None:
        """Replace the tags of a question."""
        joined = ",".join(db.clean_tags(tags))

        def work(conn: sqlite3.Connection) -> None:
            self._me(conn)
            db.topic(conn, question_id)
            db.bump(conn, question_id, "tags = ?", joined)

        await self._db.write(work)

    async def close(self, question_id: int) -> None:
        """Close a question (closing a closed one changes nothing)."""

        def work(conn: sqlite3.Connection) -> None:
            self._me(conn)
            closed, _posts = db.topic(conn, question_id)
            if not closed:
                db.bump(conn, question_id, "closed = ?", 1)

        await self._db.write(work)

    async def reopen(self, question_id: int) -> None:
        """Open a closed question again (an open one changes nothing)."""

        def work(conn: sqlite3.Connection) -> None:
            self._me(conn)
            db.topic(conn, question_id)
            sql = "SELECT closed FROM topics WHERE id = ?"
            if conn.execute(sql, (question_id,)).fetchone()[0]:
                db.bump(conn, question_id, "closed = ?", 0)

        await self._db.write(work)

    async def flag_post(self, post_id: int, message: str) -> None:
        """Flag a post to the moderators; flagging it again changes nothing."""
        now = db.to_ms(datetime.now(UTC))

        def work(conn: sqlite3.Connection) -> None:
            me = self._me(conn)
            if conn.execute("SELECT 1 FROM posts WHERE id = ?", (post_id,)).fetchone():
                extras.flag(conn, post_id, me.username, message, now)
                return
            raise _no_post(post_id)

        await self._db.write(work)

    # -- answering aids ---------------------------------------------------

    async def colleagues(self) -> list[Person]:
        """Every staff and adviser account, by username."""
        sql = (
            "SELECT id, username, name, role FROM users"
            " WHERE role IN (?, ?) ORDER BY username"
        )
        args = (Role.STAFF.value, Role.ADVISER.value)
        rows = await self._db.read(lambda c: c.execute(sql, args).fetchall())
        return [db.person(row) for row in rows]

    async def templates(self) -> list[Template]:
        """The demo forum's own answer templates (``%{name}`` placeholders)."""
        return await self._db.read(extras.templates)

    async def replying(self, question_id: int) -> list[Person]:
        """Who has the reply composer of a question open now."""
        now = db.to_ms(datetime.now(UTC))
        return await self._db.read(lambda c: extras.replying(c, question_id, now))

    async def mark_replying(
        self, username: str, question_id: int, seconds: float
    ) -> Person:
        """Show ``username`` (staff or adviser) as replying for ``seconds``."""
        until = db.to_ms(datetime.now(UTC) + timedelta(seconds=seconds))

        def work(conn: sqlite3.Connection) -> Person:
            who = self._colleague(conn, username)
            db.topic(conn, question_id)
            extras.mark_replying(conn, question_id, who.username, until)
            return who

        return await self._db.write(work)

    async def stand_in(self) -> Person:
        """The first staff account (by id) other than the desk's own."""
        sql = (
            "SELECT id, username, name, role FROM users"
            " WHERE role = ? AND username != ? ORDER BY id LIMIT 1"
        )
        args = (Role.STAFF.value, self._username)
        row = await self._db.read(lambda c: c.execute(sql, args).fetchone())
        if row is None:
            raise NotFoundError(_("The demo forum has no other staff account."))
        return db.person(row)

    async def create_kb_article(
        self, title: str, raw: str, tags: Sequence[str]
    ) -> KbArticle:
        """Publish a wiki post as a new topic in the Kennisbank category."""
        heading, body, clean = title.strip(), raw.strip(), db.clean_tags(tags)
        if not heading or not body:
            raise ConflictError(_("A knowledge-base article needs a title and a body."))

        def work(conn: sqlite3.Connection) -> KbArticle:
            me = self._me(conn)
            category = _kb_category(conn, heading)
            now = db.stamp(conn)
            row = (None, heading, category, me.id, now, now, now, 1, me.id,
                   ",".join(clean), 0, 0, None, None, 1, None)  # fmt: skip
            topic_id = conn.execute(db.TOPIC_INSERT, row).lastrowid or 0
            conn.execute(db.POST_INSERT, (topic_id, 1, me.id, now, body, None, 1))
            url = f"{self.base_url}/t/{topic_id}"
            return KbArticle(topic_id, heading, body, clean, None, url, db.from_ms(now))

        return await self._db.write(work)

    async def aclose(self) -> None:
        """Close the file; later calls raise UnavailableError."""
        await self._db.close()


class _Page:
    """A query for one page of changed topics, below a keyset cursor."""

    def __init__(self, floor: int, cursor: tuple[int, int] | None) -> None:
        self.floor = floor
        self.cursor = cursor

    def __call__(self, conn: sqlite3.Connection) -> list[db.Row]:
        """Topics with updated_at > floor, newest first, after the cursor."""
        where, args = "t.updated_at > ?", [self.floor]
        if self.cursor is not None:
            where += " AND (t.updated_at, t.id) < (?, ?)"
            args += self.cursor
        order = "ORDER BY t.updated_at DESC, t.id DESC"
        sql = f"{db.TOPIC_SELECT} WHERE {where} {order} LIMIT ?"
        return conn.execute(sql, (*args, PAGE_SIZE)).fetchall()


def _fetch_threads(
    conn: sqlite3.Connection, ids: list[int]
) -> tuple[list[db.Row], dict[int, list[db.Row]]]:
    """Topic rows, and post rows by topic in order, for ``ids``."""
    topics: list[db.Row] = []
    posts: dict[int, list[db.Row]] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        topics += conn.execute(f"{db.TOPIC_SELECT} WHERE t.id IN ({marks})", chunk)
        where = f"WHERE p.topic_id IN ({marks}) ORDER BY p.topic_id, p.number"
        for row in conn.execute(f"{db.POST_SELECT} {where}", chunk):
            posts.setdefault(row[1], []).append(row)
    return topics, posts


def _kb_category(conn: sqlite3.Connection, title: str) -> int:
    """The Kennisbank category id, refusing a title that is already used there."""
    (category,) = conn.execute(
        "SELECT id FROM categories WHERE slug = ?", (db.KB_SLUG,)
    ).fetchone()
    used = "SELECT 1 FROM topics WHERE category_id = ? AND title = ?"
    if conn.execute(used, (category, title)).fetchone():
        raise ConflictError(
            _("Title has already been used: {title}.").format(title=repr(title))
        )
    return int(category)


def _no_post(post_id: int) -> NotFoundError:
    """The forum's answer to a post that is not there."""
    return NotFoundError(_("Post {id} does not exist.").format(id=post_id), status=404)
