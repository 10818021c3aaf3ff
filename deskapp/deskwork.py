"""What the desk offers for answering: drafts, the outbox, actions, snoozes.

A mixin of :class:`deskapp.desk.Desk`. Blocking calls (SQLite) are quick and
meant for thread workers or handlers; the coroutines talk to the forum.

An action (accept, assign, tags, close, ...) changes the store at once, so
the inbox shows it, and goes to the forum through the outbox; when the
forum refuses it, the push rolls the change back and says why
(:mod:`deskapp.outbox`).
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from deskapp.config import ForumProfile
from deskapp.errors import DeskError
from deskapp.forum.base import Forum
from deskapp.i18n import _
from deskapp.models import (
    ActionKind,
    Capabilities,
    Collision,
    Draft,
    OutboxState,
    Outgoing,
    Person,
    Thread,
)
from deskapp.outbox import PushReport, apply_action, push
from deskapp.store import Store
from deskapp.triage import TriageRules

__all__ = ["ActionUnavailable", "DeskWork"]

RECENT = timedelta(minutes=10)
"""Sent replies stay in :meth:`DeskWork.outgoing` this long (until the thread
shows them)."""
CAPABILITIES_TTL = timedelta(hours=1)

_PLUGIN = {
    ActionKind.ACCEPT: "solved",
    ActionKind.UNACCEPT: "solved",
    ActionKind.ASSIGN: "assign",
}
Choice = Literal["send", "edit", "discard"]


class Unchecked:
    """No draft text given: the question's draft goes, whatever it holds."""


UNCHECKED = Unchecked()
T = TypeVar("T")


def _busy() -> DeskError:
    """The entry is being sent or already done."""
    return DeskError(
        _("Dit bericht wordt nu verstuurd of is al klaar; kijk zo opnieuw.")
    )


class ActionUnavailable(DeskError):
    """The forum cannot do this action (a plugin is missing)."""

    @property
    def title(self) -> str:  # type: ignore[override]
        """``Niet beschikbaar`` in the desk's language."""
        return _("Niet beschikbaar")


class DeskWork:
    """Drafts, outbox and actions of one forum (mixed into the Desk)."""

    store: Store
    rules: TriageRules
    profile: ForumProfile
    now: Callable[[], datetime]
    _colleagues: list[Person] | None
    _writer: ThreadPoolExecutor | None
    _writer_lock: threading.Lock
    _pending: int
    _failed: int

    @property
    def forum_name(self) -> str:
        raise NotImplementedError  # provided by Desk

    @property
    def timezone(self) -> ZoneInfo:
        raise NotImplementedError  # provided by Desk

    def forum(self) -> Forum:
        raise NotImplementedError  # provided by Desk

    def me(self) -> str | None:
        raise NotImplementedError  # provided by Desk

    # -- drafts -------------------------------------------------------------

    def draft(self, question_id: int) -> Draft | None:
        """The draft of a question, if one is being written."""
        found = self.store.drafts(self.forum_name, question_id)
        return found[0] if found else None

    def save_draft(
        self, question_id: int, body: str, *, reply_to: int | None, seen_post: int
    ) -> None:
        """Store the draft as it is now (a blank body deletes it)."""
        draft = Draft(question_id, body, reply_to, seen_post, self.now())
        self.store.save_draft(self.forum_name, draft)

    def merge_draft(
        self,
        question_id: int,
        body: str,
        *,
        reply_to: int | None,
        seen_post: int,
        base: str | None,
    ) -> tuple[str | None, str | None]:
        """Save a draft typed from ``base`` (the text last loaded or saved),
        merged with what another session stored meanwhile
        (:meth:`~deskapp.store.Store.merge_draft`): the text now stored and
        the one found."""
        draft = Draft(question_id, body, reply_to, seen_post, self.now())
        return self.store.merge_draft(self.forum_name, draft, base)

    def discard_draft(self, question_id: int, body: str | None = None) -> bool:
        """Throw a draft away (with ``body``: only while it still holds that,
        not after another session changed it); False when it stayed."""
        return self.store.delete_draft(self.forum_name, question_id, body)

    def drafts(self) -> list[Draft]:
        """Every open draft, newest first."""
        return self.store.drafts(self.forum_name)

    # -- the outbox -----------------------------------------------------------

    def queue_reply(
        self,
        question_id: int,
        body: str,
        *,
        reply_to: int | None,
        seen_post: int,
        draft_from: str | Unchecked | None = UNCHECKED,
    ) -> int:
        """Queue a reply (durable at return); its draft goes at the same time.
        With ``draft_from`` (the draft as this session last saved it), what
        another session added to the draft meanwhile stays a draft
        (:meth:`~deskapp.store.Store.enqueue_reply`)."""
        if not body.strip():
            raise DeskError(_("Een leeg antwoord wordt niet verstuurd."))
        payload = {"body": body, "reply_to": reply_to, "seen_post": seen_post}
        if isinstance(draft_from, Unchecked):
            return self.store.enqueue(
                self.forum_name, ActionKind.REPLY, question_id, payload,
                at=self.now(), drop_draft=True,
            )  # fmt: skip
        return self.store.enqueue_reply(
            self.forum_name, question_id, payload, at=self.now(), draft_from=draft_from
        )

    # -- writing beside the screen ----------------------------------------------

    def write_later(self, work: Callable[[], T], *, counted: bool = True) -> Future[T]:
        """Run a store write in the desk's writer thread, after those asked
        before it. The screen stays live while another session holds the
        store (a write waits up to :data:`~deskapp.store.BUSY_SECONDS`).
        Once the desk is closed, the write runs at once, here. ``counted``:
        a write (not a mere wait for the others), for :meth:`pending_writes`."""
        with self._writer_lock:
            future: Future[T] | None = None
            if self._writer is not None:
                future = self._writer.submit(work)
                self._pending += counted
        if future is not None and counted:  # (done: calls back at once, unlocked)
            future.add_done_callback(self._written)
        if future is not None:
            return future
        done: Future[T] = Future()
        try:
            done.set_result(work())
        except BaseException as err:  # handed to whoever waits on it
            done.set_exception(err)
        return done

    def _written(self, future: Future[Any]) -> None:
        """One write of the writer thread is done (or failed)."""
        with self._writer_lock:
            self._pending -= 1
            self._failed += future.exception() is not None

    def failed_writes(self) -> int:
        """Writes of the writer thread that failed so far (a busy store...)."""
        with self._writer_lock:
            return self._failed

    def pending_writes(self) -> int:
        """Writes asked of the writer thread and not yet done."""
        with self._writer_lock:
            return self._pending

    def writes_done(self) -> None:
        """Wait until every write asked for so far is on disk (or failed)."""
        self.write_later(lambda: None, counted=False).result()

    def close_writer(self) -> None:
        """Finish the writes asked for; later ones run at once (see
        :meth:`write_later`)."""
        with self._writer_lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.shutdown(wait=True)

    def outgoing(self, question_id: int | None = None) -> list[Outgoing]:
        """Replies and actions on their way, and replies sent moments ago that
        the stored thread does not show yet."""
        entries = self.store.outgoing(
            self.forum_name, question_id, since=self.now() - RECENT
        )
        sent = [e for e in entries if e.state is OutboxState.SENT]
        if not sent:
            return entries
        shown = self._shown_posts({e.question_id for e in sent if e.question_id})
        return [
            e
            for e in entries
            if e.state is not OutboxState.SENT
            or (e.kind is ActionKind.REPLY and e.remote_id not in shown)
        ]

    def _shown_posts(self, question_ids: set[int]) -> set[int]:
        """Ids of the stored posts of these questions."""
        found: set[int] = set()
        for qid in question_ids:
            thread = self.store.thread(self.forum_name, qid)
            if thread is not None:
                found.update(p.id for p in thread.posts)
        return found

    def retry(self, entry_id: int) -> None:
        """Try a waiting or failed entry again now (a held reply: send it)."""
        entry = self._entry(entry_id)
        if entry.state is OutboxState.HELD:
            self.resolve_collision(entry_id, "send")
            return
        if entry.state not in (OutboxState.QUEUED, OutboxState.FAILED):
            raise _busy()
        if not self.store.settle(
            entry_id,
            OutboxState.QUEUED,
            at=self.now(),
            expect=[entry.state],
            unsure=entry.unsure,
        ):
            raise _busy()  # fmt: skip
        rolled_back = entry.state is OutboxState.FAILED and not entry.unsure
        if rolled_back and entry.kind is not ActionKind.REPLY:
            self._apply(entry.kind, entry.question_id, entry.payload)

    def cancel(self, entry_id: int) -> None:
        """Withdraw an entry: a reply's text goes back into the draft, an
        action's change is undone."""
        entry = self._entry(entry_id)
        if entry.unsure or entry.state is OutboxState.SENDING:
            raise DeskError(
                _(
                    "Een eerdere poging is misschien al aangekomen. Druk op h: de"
                    " desk kijkt dat eerst na en verstuurt het alleen als het er nog"
                    " niet is."
                )
            )
        if entry.state is OutboxState.CANCELLED:
            raise DeskError(_("Dit bericht is al ingetrokken."))
        if entry.state not in (OutboxState.QUEUED, OutboxState.HELD,
                               OutboxState.FAILED):  # fmt: skip
            raise DeskError(_("Dit bericht is al verstuurd."))
        draft = None
        if entry.kind is ActionKind.REPLY:
            draft = self._back_to_draft(entry.question_id, entry.payload)
        if not self.store.withdraw(
            self.forum_name, entry_id, at=self.now(), expect=entry.state, draft=draft
        ):
            raise _busy()  # fmt: skip
        if entry.kind is not ActionKind.REPLY and entry.state is not OutboxState.FAILED:
            self._apply(entry.kind, entry.question_id, entry.payload, undo=True)

    def resolve_collision(self, entry_id: int, choice: Choice) -> None:
        """The user's answer to the collision guard for a held reply."""
        entry = self._entry(entry_id)
        if entry.state is not OutboxState.HELD:
            raise DeskError(_("Dit antwoord wacht niet (meer) op een keuze."))
        if choice == "edit":
            self.cancel(entry_id)
            return
        payload = dict(entry.payload, force=True) if choice == "send" else None
        state = OutboxState.QUEUED if choice == "send" else OutboxState.CANCELLED
        if not self.store.settle(
            entry_id, state, at=self.now(), expect=[OutboxState.HELD], payload=payload
        ):
            raise DeskError(_("Dit antwoord wacht niet (meer) op een keuze."))

    def collisions(self) -> list[Collision]:
        """Replies held back by the collision guard, oldest first."""
        found = []
        for entry in self.store.entries(self.forum_name, [OutboxState.HELD]):
            thread = self.store.thread(self.forum_name, entry.question_id)
            theirs = set(entry.payload.get("theirs", []))
            posts = tuple(p for p in thread.posts if p.id in theirs) if thread else ()
            title = thread.question.title if thread else ""
            found.append(Collision(entry.id, entry.question_id, title,
                                   str(entry.payload["body"]), posts))  # fmt: skip
        return found

    async def push(self) -> PushReport:
        """Send what is due in the outbox (see :mod:`deskapp.outbox`), one
        push of this desk at a time: a push asked for while another runs
        waits for it, then goes through what is still due."""
        locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
        locks = self.__dict__.setdefault("_push_locks", weakref.WeakKeyDictionary())
        loop = asyncio.get_running_loop()
        if loop not in locks:
            locks[loop] = asyncio.Lock()  # one per event loop (asyncio.run each)
        async with locks[loop]:
            forum = self.forum()
            me = self.me() or (await forum.whoami()).username
            return await push(forum, self.store, self.rules, me=me, clock=self.now,
                              tz=self.timezone)  # fmt: skip

    def _entry(self, entry_id: int) -> Any:
        entry = self.store.entry(entry_id)
        if entry is None or entry.forum != self.forum_name:
            raise DeskError(
                _("Outbox-bericht {entry_id} bestaat niet.").format(entry_id=entry_id)
            )
        return entry

    def _back_to_draft(self, question_id: int, payload: dict[str, Any]) -> Draft:
        """A draft of a withdrawn reply's text (the store puts it after any
        text the draft holds)."""
        thread = self.store.thread(self.forum_name, question_id)
        seen = max((p.number for p in thread.posts), default=0) if thread else 0
        body = str(payload["body"])
        return Draft(question_id, body, payload.get("reply_to"), seen, self.now())

    # -- actions ----------------------------------------------------------

    def can(self, kind: ActionKind) -> str | None:
        """None when the forum can do ``kind``; else why not, for the user."""
        needs = _PLUGIN.get(kind)
        cached = self.store.capabilities(self.forum_name)
        if needs is None or cached is None:
            return None
        plugin = needs
        if getattr(cached[0], plugin):
            return None
        if plugin == "solved":
            text = _(
                "Dit forum heeft de plugin '{plugin}' niet: accepteren kan hier niet."
            )
        else:
            text = _(
                "Dit forum heeft de plugin '{plugin}' niet: toewijzen kan hier niet."
            )
        return text.format(plugin=plugin)

    def accept(self, question_id: int, post_id: int) -> int:
        """Mark a post as the accepted answer."""
        thread = self._thread(question_id)
        number = next((p.number for p in thread.posts if p.id == post_id), None)
        if number is None:
            raise DeskError(_("Dat bericht hoort niet bij deze vraag."))
        return self._act(ActionKind.ACCEPT, thread, post_id=post_id,
                         post_number=number,
                         before=thread.question.accepted_post_id)  # fmt: skip

    def unaccept(self, question_id: int, post_id: int) -> int:
        """Withdraw the accepted answer."""
        thread = self._thread(question_id)
        if thread.question.accepted_post_id != post_id:
            raise DeskError(_("Dat bericht is niet het geaccepteerde antwoord."))
        return self._act(ActionKind.UNACCEPT, thread, post_id=post_id,
                         before=thread.question.accepted_post_id)  # fmt: skip

    def assign(self, question_id: int, username: str | None) -> int:
        """Assign a question to ``username`` (None: unassign)."""
        thread = self._thread(question_id)
        return self._act(ActionKind.ASSIGN, thread, username=username,
                         before=thread.question.assigned_to)  # fmt: skip

    def set_tags(self, question_id: int, tags: Sequence[str]) -> int:
        """Replace a question's tags."""
        thread = self._thread(question_id)
        clean = list(dict.fromkeys(t.strip().lower() for t in tags if t.strip()))
        return self._act(ActionKind.TAGS, thread, tags=clean,
                         before=list(thread.question.tags))  # fmt: skip

    def close(self, question_id: int) -> int:
        """Close a question."""
        return self._act(ActionKind.CLOSE, self._thread(question_id))

    def reopen(self, question_id: int) -> int:
        """Open a closed question again."""
        return self._act(ActionKind.REOPEN, self._thread(question_id))

    def _thread(self, question_id: int) -> Thread:
        thread = self.store.thread(self.forum_name, question_id)
        if thread is None:
            raise DeskError(_("Deze vraag staat niet (meer) in de opslag."))
        return thread

    def _act(self, kind: ActionKind, thread: Thread, **payload: Any) -> int:
        """Queue an action and show it in the store at once."""
        reason = self.can(kind)
        if reason:
            raise ActionUnavailable(reason)
        qid = thread.question.id
        entry = self.store.enqueue(self.forum_name, kind, qid, payload, at=self.now())
        self._apply(kind, qid, payload)
        return entry

    def _apply(
        self, kind: ActionKind, qid: int, payload: dict[str, Any], *, undo: bool = False
    ) -> None:
        self.store.patch_thread(
            self.forum_name, qid,
            lambda t: apply_action(kind, payload, t, undo=undo), self.rules,
        )  # fmt: skip

    # -- snoozes, colleagues, presence --------------------------------------

    def snooze(self, question_id: int, until: date | None) -> None:
        """Hide a question from the inbox until the start of ``until`` (local
        to this desk); None brings it back now."""
        if until is None:
            self.store.snooze(self.forum_name, question_id, None, None)
            return
        today = self.now().astimezone(self.timezone).date()
        if until <= today:
            raise DeskError(_("Uitstellen kan alleen tot een dag na vandaag."))
        start = datetime.combine(until, time(0, 0), self.timezone)
        self.store.snooze(self.forum_name, question_id, until, start)

    def snoozed_until(self, question_id: int) -> date | None:
        """The day a snoozed question comes back; None when not snoozed."""
        return self.store.snoozed_until(self.forum_name, question_id, self.now())

    def known_colleagues(self) -> list[Person]:
        """Staff and advisers the store has seen."""
        return self.store.known_colleagues(self.forum_name)

    async def colleagues(self) -> list[Person]:
        """Staff and advisers to assign to: the forum's list (asked once),
        with those the store has seen; never raises."""
        known = await asyncio.to_thread(self.known_colleagues)
        if self._colleagues is None:
            try:
                self._colleagues = await self.forum().colleagues()
            except DeskError:
                return known
        merged = {p.username: p for p in known}
        merged.update((p.username, p) for p in self._colleagues)
        return sorted(merged.values(), key=lambda p: p.username)

    async def replying(self, question_id: int) -> list[Person]:
        """Others writing a reply in a question now (where the forum says)."""
        cached = await asyncio.to_thread(self.store.capabilities, self.forum_name)
        if cached is not None and not cached[0].presence:
            return []
        try:
            people = await self.forum().replying(question_id)
        except DeskError:
            return []
        me = self.me()
        return [p for p in people if p.username != me]

    async def refresh_capabilities(self) -> Capabilities | None:
        """Ask the forum which plugins it has, at most once an hour."""
        cached = await asyncio.to_thread(self.store.capabilities, self.forum_name)
        if cached is not None and cached[1] > self.now() - CAPABILITIES_TTL:
            return cached[0]
        try:
            caps = await self.forum().capabilities()
        except DeskError:
            return cached[0] if cached else None
        await asyncio.to_thread(
            self.store.save_capabilities, self.forum_name, caps, self.now()
        )
        return caps
