"""The desk's own work in the store: drafts, the outbox, snoozes, template use.

A mixin of :class:`deskapp.store.Store` (the only class that writes SQL):
what staff write lives here until the forum has it. A draft is one row per
question, replaced while typing. An outbox entry is written in the same
transaction that removes the draft it came from, so a reply is never in
neither place nor in both.

Outbox entries move ``queued → sending → sent`` (or ``failed``, ``held``,
``cancelled``). :meth:`WorkStore.claim` takes an entry for one attempt and
marks it *unsure* before the request leaves: if the desk dies or the request
times out, the next attempt first asks the forum whether the earlier one
landed (see :mod:`deskapp.outbox`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from deskapp.draftmerge import merge
from deskapp.errors import DraftGoneError
from deskapp.i18n import _
from deskapp.models import (
    ActionKind,
    Capabilities,
    Draft,
    OutboxState,
    Outgoing,
    Person,
    Role,
)
from deskapp.storerows import dt, must_dt, ts

__all__ = ["OutboxEntry", "WorkStore"]

_PENDING = tuple(s.value for s in OutboxState if s.is_pending)


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """An outbox row with its payload, as the push reads it."""

    id: int
    forum: str
    kind: ActionKind
    question_id: int
    state: OutboxState
    payload: dict[str, Any]
    attempts: int
    created_at: datetime
    unsure: bool
    attempt_at: datetime | None
    next_attempt_at: datetime | None
    last_error: str | None
    remote_id: int | None
    owner: str | None = None
    """The desk (host:process) holding a ``sending`` entry."""


_ENTRY_COLUMNS = (
    "id, forum, kind, question_id, state, payload, attempts, created_at, unsure,"
    " attempt_at, next_attempt_at, last_error, remote_id, owner"
)


def _entry(r: Any) -> OutboxEntry:
    return OutboxEntry(
        id=int(r[0]), forum=str(r[1]), kind=ActionKind(r[2]),
        question_id=int(r[3] or 0), state=OutboxState(r[4]),
        payload=json.loads(r[5]), attempts=int(r[6]), created_at=must_dt(r[7]),
        unsure=bool(r[8]), attempt_at=dt(r[9]), next_attempt_at=dt(r[10]),
        last_error=None if r[11] is None else str(r[11]),
        remote_id=None if r[12] is None else int(r[12]),
        owner=None if r[13] is None else str(r[13]),
    )  # fmt: skip


def describe(kind: ActionKind, payload: dict[str, Any]) -> str:
    """What an entry does, in a few words (the reply text for a reply)."""
    match kind:
        case ActionKind.REPLY:
            return str(payload.get("body", ""))
        case ActionKind.ASSIGN:
            who = payload.get("username")
            if who:
                return _("toewijzen aan {who}").format(who=who)
            return _("toewijzing opheffen")
        case ActionKind.TAGS:
            tags = ", ".join(payload.get("tags", [])) or _("geen")
            return _("tags: {tags}").format(tags=tags)
        case ActionKind.ACCEPT:
            number = payload.get("post_number", "?")
            return _("antwoord #{number} accepteren").format(number=number)
        case ActionKind.UNACCEPT:
            return _("geaccepteerd antwoord intrekken")
        case ActionKind.CLOSE:
            return _("vraag sluiten")
        case ActionKind.REOPEN:
            return _("vraag heropenen")
        case ActionKind.PUBLISH:
            return _("artikel ‘{title}’").format(title=payload.get("title", ""))
        case ActionKind.FLAG:
            return _("bericht gemeld bij de moderatoren")
    return kind.value


class WorkStore:
    """Drafts, outbox, snoozes and template usage (mixed into the Store)."""

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        raise NotImplementedError  # provided by Store

    def _write(
        self, *, durable: bool = False
    ) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError  # provided by Store

    # -- drafts ---------------------------------------------------------------

    def save_draft(self, forum: str, draft: Draft) -> None:
        """Store (replace) the draft of a question; a blank body deletes it."""
        with self._write() as db:
            if not draft.body.strip():
                db.execute(
                    "DELETE FROM drafts WHERE forum = ? AND question_id = ?",
                    (forum, draft.question_id),
                )
                return
            _put_draft(db, forum, draft)

    def merge_draft(
        self, forum: str, draft: Draft, base: str | None
    ) -> tuple[str | None, str | None]:
        """Save a draft edited from ``base`` (the text this session last loaded
        or saved; None: no draft). When another session stored something else
        meanwhile, this one's edits are merged into it
        (:func:`~deskapp.draftmerge.merge`), read and written in one
        transaction. Returns the text now stored (None: no draft, for a blank
        one) and the one found (it differs from ``base`` when merged)."""
        with self._write() as db:
            row = db.execute(
                "SELECT body FROM drafts WHERE forum = ? AND question_id = ?",
                (forum, draft.question_id),
            ).fetchone()
            current = None if row is None else str(row[0])
            body = merge(base, current, draft.body)
            if not body.strip():
                db.execute(
                    "DELETE FROM drafts WHERE forum = ? AND question_id = ?",
                    (forum, draft.question_id),
                )
                return None, current
            _put_draft(db, forum, replace(draft, body=body))
            return body, current

    def delete_draft(
        self, forum: str, question_id: int, body: str | None = None
    ) -> bool:
        """Forget the draft of a question (with ``body``: only while it holds
        that text); False when a draft with other text stayed."""
        with self._write() as db:
            db.execute(
                "DELETE FROM drafts WHERE forum = ? AND question_id = ?"
                + ("" if body is None else " AND body = ?"),
                (forum, question_id) + (() if body is None else (body,)),
            )
            row = db.execute(
                "SELECT 1 FROM drafts WHERE forum = ? AND question_id = ?",
                (forum, question_id),
            ).fetchone()
            return row is None

    def drafts(self, forum: str, question_id: int | None = None) -> list[Draft]:
        """Drafts newest first (with the question's title), or one question's."""
        sql = (
            "SELECT d.question_id, d.body, d.reply_to, d.seen_post, d.updated_at,"
            " coalesce(q.title, '') FROM drafts d LEFT JOIN questions q"
            " ON q.forum = d.forum AND q.id = d.question_id WHERE d.forum = ?"
        )
        params: list[object] = [forum]
        if question_id is not None:
            sql += " AND d.question_id = ?"
            params.append(question_id)
        rows = self._read(sql + " ORDER BY d.updated_at DESC", params)
        return [_draft(r) for r in rows]

    # -- outbox ---------------------------------------------------------------

    def enqueue(
        self,
        forum: str,
        kind: ActionKind,
        question_id: int,
        payload: dict[str, Any],
        *,
        at: datetime,
        drop_draft: bool = False,
    ) -> int:
        """Queue a reply or action; with ``drop_draft`` the question's draft goes
        in the same transaction. Returns the entry's id, once the entry is on
        disk (a power cut after it loses neither)."""
        with self._write(durable=True) as db:
            entry_id = _insert_entry(db, forum, kind, question_id, payload, at)
            if drop_draft:
                db.execute(
                    "DELETE FROM drafts WHERE forum = ? AND question_id = ?",
                    (forum, question_id),
                )
            return entry_id

    def enqueue_reply(
        self,
        forum: str,
        question_id: int,
        payload: dict[str, Any],
        *,
        at: datetime,
        draft_from: str | None,
    ) -> int:
        """Queue a reply written from the draft ``draft_from`` (as this session
        last saved it; None: none), in one transaction with the draft: what
        another session added to the draft meanwhile stays a draft, the rest
        goes (:func:`~deskapp.draftmerge.merge` of an emptied draft). Returns
        the entry's id, once the entry is on disk. DraftGoneError, and nothing
        queued, when the draft is gone (another session sent it or threw it
        away)."""
        with self._write(durable=True) as db:
            row = db.execute(
                "SELECT body, reply_to, seen_post FROM drafts"
                " WHERE forum = ? AND question_id = ?",
                (forum, question_id),
            ).fetchone()
            if row is None and draft_from is not None:
                raise DraftGoneError(
                    _("dit concept is intussen in een andere sessie verstuurd of"
                      " weggegooid; kijk bij de uitgaande berichten. Verstuurt u"
                      " het nogmaals, dan gaat het toch.")
                )  # fmt: skip
            entry_id = _insert_entry(
                db, forum, ActionKind.REPLY, question_id, payload, at
            )
            left = "" if row is None else merge(draft_from, str(row[0]), "")
            if left.strip():
                draft = Draft(question_id, left, row[1], int(row[2]), at)
                _put_draft(db, forum, draft)
            else:
                db.execute(
                    "DELETE FROM drafts WHERE forum = ? AND question_id = ?",
                    (forum, question_id),
                )
            return entry_id

    def entry(self, entry_id: int) -> OutboxEntry | None:
        """One outbox entry."""
        rows = self._read(
            f"SELECT {_ENTRY_COLUMNS} FROM outbox WHERE id = ?", (entry_id,)
        )
        return _entry(rows[0]) if rows else None

    def entries(
        self,
        forum: str,
        states: Sequence[OutboxState],
        question_id: int | None = None,
    ) -> list[OutboxEntry]:
        """Entries in ``states``, oldest first (optionally of one question)."""
        marks = ",".join("?" * len(states))
        sql = (
            f"SELECT {_ENTRY_COLUMNS} FROM outbox"
            f" WHERE forum = ? AND state IN ({marks})"
        )
        params: list[object] = [forum, *(s.value for s in states)]
        if question_id is not None:
            sql += " AND question_id = ?"
            params.append(question_id)
        return [_entry(r) for r in self._read(sql + " ORDER BY id", params)]

    def claim(
        self,
        entry_id: int,
        at: datetime,
        owner: str,
        *,
        abandoned: Callable[[str | None, datetime | None], bool],
        due: Callable[[OutboxEntry], bool] = lambda entry: True,
    ) -> OutboxEntry | None:
        """Take an entry for one attempt by ``owner`` and mark it unsure;
        return it as it was just before (its ``unsure`` flag says whether an
        earlier attempt may have landed), or None.

        A queued entry is taken when ``due`` says so of its current row (a
        retry time another push set meanwhile is respected); a ``sending``
        one only when ``abandoned`` says its owner is gone (the desk died).
        None when another desk holds it, it is not due, or it was withdrawn
        or sent meanwhile. The mark is on disk before the request can leave:
        after a power cut too, the forum is asked first.
        """
        with self._write(durable=True) as db:
            row = db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM outbox WHERE id = ?", (entry_id,)
            ).fetchone()
            if row is None:
                return None
            entry = _entry(row)
            if entry.state is OutboxState.SENDING:
                if not abandoned(entry.owner, entry.attempt_at):
                    return None
            elif entry.state is not OutboxState.QUEUED or not due(entry):
                return None
            db.execute(
                "UPDATE outbox SET state = 'sending', unsure = 1, attempt_at = ?,"
                " owner = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
                (ts(at), owner, ts(at), entry_id),
            )
            return entry

    def note_sending(
        self, entry_id: int, owner: str, **fields: Any
    ) -> dict[str, Any] | None:
        """Add ``fields`` to the payload of an entry ``owner`` is sending, on
        disk when this returns: what the next attempt needs to know of this
        one's request is kept before that request leaves. The payload as it
        is now; None when the entry is no longer ``owner``'s to send."""
        with self._write(durable=True) as db:
            row = db.execute(
                f"SELECT {_ENTRY_COLUMNS} FROM outbox WHERE id = ?"
                " AND state = 'sending' AND owner = ?",
                (entry_id, owner),
            ).fetchone()
            if row is None:
                return None
            payload = {**_entry(row).payload, **fields}
            db.execute(
                "UPDATE outbox SET payload = ? WHERE id = ?",
                (json.dumps(payload), entry_id),
            )
            return payload

    def settle(
        self,
        entry_id: int,
        state: OutboxState,
        *,
        at: datetime,
        expect: Sequence[OutboxState],
        owner: str | None = None,
        sure: bool = False,
        error: str | None = None,
        retry_at: datetime | None = None,
        unsure: bool = False,
        remote_id: int | None = None,
        payload: dict[str, Any] | None = None,
    ) -> bool:
        """Record an outcome, only if the entry is still as its writer saw it.

        The entry must be in one of the ``expect`` states (and held by
        ``owner``; with ``sure``, not unsure): an attempt cannot overwrite
        what the user decided meanwhile, nor a decision what an attempt did.
        False when the entry had moved on.
        """
        where = f"id = ? AND state IN ({','.join('?' * len(expect))})"
        params: list[object] = [entry_id, *(s.value for s in expect)]
        if owner is not None:
            where += " AND owner = ?"
            params.append(owner)
        if sure:
            where += " AND unsure = 0"
        with self._write() as db:
            cur = db.execute(
                "UPDATE outbox SET state = ?, last_error = ?, next_attempt_at = ?,"
                " unsure = ?, remote_id = coalesce(?, remote_id), updated_at = ?,"
                f" payload = coalesce(?, payload) WHERE {where}",
                (state.value, error, ts(retry_at), int(unsure), remote_id, ts(at),
                 None if payload is None else json.dumps(payload), *params),
            )  # fmt: skip
            return cur.rowcount == 1

    def withdraw(
        self,
        forum: str,
        entry_id: int,
        *,
        at: datetime,
        expect: OutboxState,
        draft: Draft | None,
    ) -> bool:
        """Cancel an entry the forum surely does not have, and (for a reply)
        put its text in the draft, after any text the draft holds at that
        moment (read in the same transaction, so a draft another session
        saved just before is kept); False when the entry had moved on (a push
        took it). On disk when it returns: a withdrawn entry does not come
        back to be sent."""
        with self._write(durable=True) as db:
            cur = db.execute(
                "UPDATE outbox SET state = 'cancelled', updated_at = ?"
                " WHERE id = ? AND state = ? AND unsure = 0",
                (ts(at), entry_id, expect.value),
            )
            if cur.rowcount != 1:
                return False
            if draft is not None:
                row = db.execute(
                    "SELECT body FROM drafts WHERE forum = ? AND question_id = ?",
                    (forum, draft.question_id),
                ).fetchone()
                if row is not None and str(row[0]).strip():
                    body = f"{str(row[0]).rstrip()}\n\n{draft.body}"
                    draft = replace(draft, body=body)
                _put_draft(db, forum, draft)
            return True

    def outgoing(
        self, forum: str, question_id: int | None, *, since: datetime
    ) -> list[Outgoing]:
        """Pending entries, and those sent after ``since``, oldest first."""
        marks = ",".join("?" * len(_PENDING))
        sql = (
            "SELECT o.id, o.question_id, o.kind, o.state, o.payload, o.created_at,"
            " o.attempts, o.last_error, o.next_attempt_at, o.remote_id,"
            " coalesce(q.title, '') FROM outbox o LEFT JOIN questions q"
            " ON q.forum = o.forum AND q.id = o.question_id WHERE o.forum = ?"
            f" AND (o.state IN ({marks}) OR (o.state = 'sent' AND o.updated_at > ?))"
        )
        params: list[object] = [forum, *_PENDING, ts(since)]
        if question_id is not None:
            sql += " AND o.question_id = ?"
            params.append(question_id)
        return [_outgoing(r) for r in self._read(sql + " ORDER BY o.id", params)]

    def audit(
        self, forum: str, actor: str, action: str, at: datetime, **detail: object
    ) -> None:
        """Record what the desk did on the forum, for the team lead."""
        with self._write() as db:
            db.execute(
                "INSERT INTO audit (forum, at, actor, action, detail)"
                " VALUES (?, ?, ?, ?, ?)",
                (forum, ts(at), actor, action, json.dumps(detail)),
            )

    # -- snoozes ------------------------------------------------------------

    def snooze(
        self, forum: str, question_id: int, day: date | None, until: datetime | None
    ) -> None:
        """Hide a question from the inbox until ``until`` (the start of ``day``)."""
        with self._write() as db:
            db.execute(
                "DELETE FROM snoozes WHERE forum = ? AND question_id = ?",
                (forum, question_id),
            )
            if day is not None and until is not None:
                db.execute(
                    "INSERT INTO snoozes (forum, question_id, until_day, until_at)"
                    " VALUES (?, ?, ?, ?)",
                    (forum, question_id, day.isoformat(), ts(until)),
                )

    def snoozed_until(self, forum: str, question_id: int, now: datetime) -> date | None:
        """The day a snoozed question comes back; None when it is not snoozed."""
        rows = self._read(
            "SELECT until_day FROM snoozes WHERE forum = ? AND question_id = ?"
            " AND until_at > ?",
            (forum, question_id, ts(now)),
        )
        return date.fromisoformat(rows[0][0]) if rows else None

    # -- template usage, colleagues, capabilities ------------------------------

    def template_uses(self) -> dict[str, int]:
        """How often each template was inserted."""
        return {
            str(k): int(n)
            for k, n in self._read("SELECT key, uses FROM template_usage")
        }

    def record_template_use(self, key: str) -> None:
        """Count one use of a template."""
        with self._write() as db:
            db.execute(
                "INSERT INTO template_usage (key, uses, last_used) VALUES (?, 1, ?)"
                " ON CONFLICT (key) DO UPDATE SET uses = uses + 1,"
                " last_used = excluded.last_used",
                (key, datetime.now().timestamp()),
            )

    def known_colleagues(self, forum: str) -> list[Person]:
        """Staff and advisers the store has seen, by username."""
        rows = self._read(
            "SELECT username, name, role FROM people WHERE forum = ?"
            " AND role IN (?, ?) ORDER BY username",
            (forum, Role.STAFF.value, Role.ADVISER.value),
        )
        return [Person(str(u), str(n), Role(r)) for u, n, r in rows]

    def save_capabilities(self, forum: str, caps: Capabilities, at: datetime) -> None:
        """Remember which plugins the forum has."""
        data = {"solved": caps.solved, "assign": caps.assign,
                "templates": caps.templates, "data_explorer": caps.data_explorer,
                "presence": caps.presence, "version": caps.version}  # fmt: skip
        with self._write() as db:
            db.execute("INSERT OR IGNORE INTO sync_state (forum) VALUES (?)", (forum,))
            db.execute(
                "UPDATE sync_state SET capabilities = ?, capabilities_at = ?"
                " WHERE forum = ?",
                (json.dumps(data), ts(at), forum),
            )

    def capabilities(self, forum: str) -> tuple[Capabilities, datetime] | None:
        """The forum's plugins as last seen, and when; None if never asked."""
        rows = self._read(
            "SELECT capabilities, capabilities_at FROM sync_state WHERE forum = ?"
            " AND capabilities IS NOT NULL",
            (forum,),
        )
        if not rows:
            return None
        data = json.loads(rows[0][0])
        return Capabilities(**data), must_dt(rows[0][1])


def _outgoing(r: Any) -> Outgoing:
    kind = ActionKind(r[2])
    payload = json.loads(r[4])
    return Outgoing(
        id=int(r[0]), question_id=None if r[1] is None else int(r[1]), kind=kind,
        state=OutboxState(r[3]), body=describe(kind, payload),
        created_at=must_dt(r[5]), attempts=int(r[6]),
        error=None if r[7] is None else str(r[7]), next_attempt_at=dt(r[8]),
        remote_id=None if r[9] is None else int(r[9]),
        reply_to=payload.get("reply_to"), title=str(r[10]),
    )  # fmt: skip


def _draft(r: Any) -> Draft:
    reply_to = None if r[2] is None else int(r[2])
    return Draft(int(r[0]), str(r[1]), reply_to, int(r[3]), must_dt(r[4]), str(r[5]))


def _insert_entry(
    db: sqlite3.Connection,
    forum: str,
    kind: ActionKind,
    question_id: int,
    payload: dict[str, Any],
    at: datetime,
) -> int:
    """Add a queued outbox entry in an open transaction; its id."""
    cur = db.execute(
        "INSERT INTO outbox (forum, kind, question_id, payload, state,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
        (forum, kind.value, question_id, json.dumps(payload), ts(at), ts(at)),
    )
    return int(cur.lastrowid or 0)


def _put_draft(db: sqlite3.Connection, forum: str, draft: Draft) -> None:
    """Write (replace) a question's draft in an open transaction."""
    db.execute(
        "INSERT OR REPLACE INTO drafts (forum, question_id, body, reply_to,"
        " seen_post, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        (forum, draft.question_id, draft.body, draft.reply_to, draft.seen_post,
         ts(draft.updated_at)),
    )  # fmt: skip
