"""The outbox push: every queued reply and action reaches the forum once.

A reply is durable the moment it is queued (:mod:`deskapp.storework`); the
push sends what is due, oldest first, and records each outcome so the user
sees it: ``sent``, ``queued`` again with a time (rate limit, forum down),
``failed`` with the forum's own reason, or ``held`` when a colleague answered
after the reply was begun (the collision guard).

Never twice: an attempt is marked *unsure* before its request leaves. When
the desk dies or the request times out, the entry stays unsure, and the next
attempt first asks the forum whether it landed (``find_post`` for a reply,
the thread's state for an action) before it sends again. A reply notes the
thread's highest post number, read just before it goes, in its entry (on
disk before the request leaves); the check looks only above that number,
and a post of this account there with other words (edited since it landed,
perhaps) holds the reply for the user instead of posting it again.

Entries of one question go in order: behind a held or failed reply, later
entries of that question wait for the user.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from deskapp.errors import (
    AuthError,
    BadResponseError,
    ConflictError,
    ForumError,
    NotFoundError,
    PartlyDoneError,
    RateLimitedError,
)
from deskapp.forum.base import Forum, same_text
from deskapp.i18n import _
from deskapp.models import (
    ActionKind,
    Collision,
    KbArticle,
    OutboxState,
    Post,
    Thread,
)
from deskapp.outboxactions import (
    after_publishing,
    apply_action,
    landed,
    perform,
    reapply_pending,
    with_post,
)
from deskapp.store import Store
from deskapp.storework import OutboxEntry
from deskapp.text import one_line
from deskapp.triage import TriageRules

_log = logging.getLogger(__name__)

__all__ = [
    "OWNER",
    "PushReport",
    "abandoned",
    "apply_action",
    "push",
    "reapply_pending",
    "refused",
    "this_desk",
]

LEASE = timedelta(minutes=30)
"""A ``sending`` entry of a desk on another machine is taken over after this;
one of a desk on this machine as soon as its process is gone."""
SKEW = timedelta(minutes=10)
"""How far before an entry's creation ``find_post`` looks (clocks differ)."""
MAX_BACKOFF = 600.0
HIGHEST = "highest_post"
"""Payload key of a reply: the thread's highest post number read just before
its last attempt was sent (absent in entries queued by older desks)."""


@dataclass(slots=True)
class PushReport:
    """What one push did."""

    sent: list[int] = field(default_factory=list)
    """Outbox ids the forum now has."""
    failed: list[int] = field(default_factory=list)
    """Outbox ids the forum refused (they need the user)."""
    collisions: list[Collision] = field(default_factory=list)
    """Replies held back because a colleague answered meanwhile."""
    retry_in: float | None = None
    """Seconds until the earliest waiting entry is due; None when none waits."""
    changed: set[int] = field(default_factory=set)
    """Questions whose stored thread changed."""

    def wait(self, seconds: float) -> None:
        """Note an entry that is due in ``seconds``."""
        seconds = max(seconds, 0.0)
        self.retry_in = (
            seconds if self.retry_in is None else min(self.retry_in, seconds)
        )


def _now() -> datetime:
    return datetime.now(UTC)


def this_desk() -> str:
    """This desk (host:process), as it marks the outbox entries it is sending;
    asked at each push, so that a forked process is itself, not its parent."""
    return f"{socket.gethostname()}:{os.getpid()}"


OWNER = this_desk()
"""This desk as it started (see :func:`this_desk`)."""


def abandoned(owner: str | None, since: datetime | None, now: datetime) -> bool:
    """True when the desk that took an entry for sending is gone.

    On this machine: its process no longer runs. Elsewhere (a store on a
    shared disk): it has held the entry longer than :data:`LEASE`.
    """
    if since is None or since < now - LEASE:
        return True
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # alive, another user's
    return False


def _trouble(err: ForumError) -> str:
    """What went wrong with an attempt that is tried again, in a few words an
    adviser understands (the technical detail goes to the log)."""
    import httpx

    cause = err.__cause__
    if isinstance(err, BadResponseError):
        return _("onleesbaar antwoord van het forum")
    if isinstance(cause, httpx.TimeoutException):
        return _("het forum antwoordde niet op tijd")
    if isinstance(
        cause, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError
    ):
        return _("verbinding met het forum verbroken")
    if isinstance(cause, httpx.ConnectError):
        return _("forum niet bereikbaar")
    if err.status is not None and err.status >= 500:
        return _("storing bij het forum (fout {status})").format(status=err.status)
    return _("forum niet bereikbaar")


def refused(err: ForumError) -> bool:
    """True when the forum said no to the request itself (it did nothing)."""
    return isinstance(err, AuthError | NotFoundError | ConflictError) or (
        err.status in (400, 403, 409, 422)
    )


@dataclass(slots=True)
class _Push:
    forum: Forum
    store: Store
    rules: TriageRules
    me: str
    clock: Callable[[], datetime]
    tz: tzinfo
    owner: str = field(default_factory=this_desk)
    report: PushReport = field(default_factory=PushReport)
    _synced: datetime | None = None
    """When the forum was last synced (read at the start of a run)."""

    async def run(self) -> PushReport:
        """Attempt every due entry; stop early when the forum asks to wait."""
        name = self.forum.name
        blocked = {
            e.question_id
            for e in await asyncio.to_thread(
                self.store.entries, name, [OutboxState.HELD, OutboxState.FAILED]
            )
            if e.kind is ActionKind.REPLY
        }
        todo = await asyncio.to_thread(
            self.store.entries, name, [OutboxState.QUEUED, OutboxState.SENDING]
        )
        self._synced = (
            await asyncio.to_thread(self.store.sync_status, name)
        ).last_success_at
        for entry in todo:
            if entry.question_id in blocked or not self._due(entry):
                blocked.add(entry.question_id)
                continue
            try:
                outcome = await self._attempt(entry)
            except RateLimitedError:
                break  # recorded; every other request would be refused too
            if outcome is not OutboxState.SENT:
                blocked.add(entry.question_id)
        return self.report

    def _due(self, entry: OutboxEntry) -> bool:
        """True when the entry may be attempted now (a ``sending`` one: when
        :meth:`claim <deskapp.store.Store.claim>` finds its desk gone).

        A publish whose last attempt may have landed waits for a sync after
        that attempt: only the mirrored knowledge base can tell.
        """
        now = self.clock()
        if entry.kind is ActionKind.PUBLISH and entry.unsure:
            tried = entry.attempt_at or entry.created_at
            if self._synced is None or self._synced <= tried:
                self.report.wait(60)
                return False
        if (
            entry.state is OutboxState.QUEUED
            and entry.next_attempt_at is not None
            and entry.next_attempt_at > now
        ):
            self.report.wait((entry.next_attempt_at - now).total_seconds())
            return False
        return True

    async def _attempt(self, entry: OutboxEntry) -> OutboxState:
        """One attempt at one entry; its outcome is recorded in the store."""
        at = self.clock()

        def gone(owner: str | None, since: datetime | None) -> bool:
            return abandoned(owner, since, at)

        # the entry as it is now, not as this push listed it: another push may
        # have tried it meanwhile (then it is unsure, or waits for its retry)
        claimed = await asyncio.to_thread(
            self.store.claim, entry.id, at, self.owner, abandoned=gone, due=self._due
        )
        if claimed is None:
            return OutboxState.SENDING
        entry = claimed
        attempt = _Attempt(self, entry)
        try:
            if entry.kind is ActionKind.REPLY:
                return await attempt.reply()
            if entry.kind is ActionKind.PUBLISH:
                return await attempt.publish()
            return await attempt.action()
        except ForumError as err:
            return await attempt.failed(err)


@dataclass(slots=True)
class _Attempt:
    push: _Push
    entry: OutboxEntry
    maybe_landed: bool = False
    """True while a request that may have changed the forum has no answer."""

    def __post_init__(self) -> None:
        self.maybe_landed = self.entry.unsure

    @property
    def qid(self) -> int:
        return self.entry.question_id

    async def _settle(self, state: OutboxState, **kw: Any) -> OutboxState:
        """Record the attempt's outcome (while this desk still holds it)."""
        p = self.push
        await asyncio.to_thread(
            p.store.settle, self.entry.id, state, at=p.clock(),
            expect=[OutboxState.SENDING], owner=p.owner, **kw,
        )  # fmt: skip
        return state

    async def reply(self) -> OutboxState:
        """Check, guard against a collision, then post the reply.

        The thread is read just before the post (and stored, so the desk
        shows it): for colleagues' answers since the reply was begun, and for
        its highest post number, noted in the entry before the post leaves.
        """
        p, payload = self.push, self.entry.payload
        body = str(payload["body"])
        if self.entry.unsure:
            mark = payload.get(HIGHEST)
            above = None if mark is None else int(mark)
            after = self.entry.created_at - SKEW
            landed = await p.forum.find_post(self.qid, p.me, body, after, above=above)
            if landed is not None and same_text(landed.raw) == same_text(body):
                return await self._sent(landed)
            if landed is not None:
                return await self._hold_landed(landed)
            self.maybe_landed = False
        theirs, highest = await self._colleague_posts(int(payload.get("seen_post", 0)))
        if theirs and not payload.get("force"):
            return await self._hold(theirs)
        noted = await asyncio.to_thread(
            p.store.note_sending, self.entry.id, p.owner, **{HIGHEST: highest}
        )
        if noted is None:
            return OutboxState.SENDING  # no longer this desk's to send
        self.entry = replace(self.entry, payload=noted)
        self.maybe_landed = True
        try:
            post = await p.forum.reply(self.qid, body, reply_to=payload.get("reply_to"))
        except ForumError as err:
            if refused(err) or isinstance(err, RateLimitedError):
                self.maybe_landed = False  # the forum turned the post itself away
            raise
        return await self._sent(post)

    async def _threads(self) -> list[Thread]:
        """The question's thread as the forum has it now, reading only what
        the store lacks (and the newest posts) of a long topic."""
        p = self.push
        known = await asyncio.to_thread(p.store.known_posts, p.forum.name, [self.qid])
        return await p.forum.threads([self.qid], known=known)

    async def _colleague_posts(self, seen_post: int) -> tuple[tuple[Post, ...], int]:
        """Staff or adviser posts by others after ``seen_post``, and the
        thread's highest post number; the thread is stored on the way, so the
        desk shows them."""
        p = self.push
        threads = await self._threads()
        if not threads:
            raise NotFoundError("the question no longer exists on the forum")
        thread = threads[0]
        await asyncio.to_thread(p.store.save_threads, p.forum.name, threads, p.rules)
        await asyncio.to_thread(
            reapply_pending, p.store, p.forum.name, p.rules, [self.qid]
        )
        p.report.changed.add(self.qid)
        theirs = tuple(
            post
            for post in thread.posts
            if post.number > seen_post
            and post.author.username != p.me
            and post.author.role.answers_for_werkplein
        )
        return theirs, max((post.number for post in thread.posts), default=0)

    async def _hold(
        self, theirs: tuple[Post, ...], why: str | None = None
    ) -> OutboxState:
        """Hold the reply for the user, showing ``theirs``; ``why`` (else: a
        colleague answered) is the reason the outbox shows."""
        p = self.push
        payload = dict(self.entry.payload, theirs=[post.id for post in theirs])
        thread = await asyncio.to_thread(p.store.thread, p.forum.name, self.qid)
        title = thread.question.title if thread else ""
        p.report.collisions.append(
            Collision(self.entry.id, self.qid, title, str(payload["body"]), theirs)
        )
        who = ", ".join(sorted({post.author.name for post in theirs}))
        return await self._settle(
            OutboxState.HELD,
            error=why
            or _(
                "{who} antwoordde nadat u begon; kies: toch versturen, "
                "bewerken of weggooien"
            ).format(who=who),
            payload=payload,
        )

    async def _hold_landed(self, post: Post) -> OutboxState:
        """An earlier attempt may have landed as ``post``: this account's,
        after the thread as read before that attempt, in other words (edited
        on the forum since, perhaps). The user decides; it is not sent again."""
        p = self.push
        await asyncio.to_thread(
            p.store.patch_thread, p.forum.name, self.qid,
            lambda t: with_post(t, post), p.rules,
        )  # fmt: skip
        p.report.changed.add(self.qid)
        why = _(
            "na de vorige poging staat er een bericht van u met een andere tekst"
            " (misschien dit antwoord, daarna bewerkt); kijk het na en kies: toch"
            " versturen, bewerken of weggooien"
        )
        return await self._hold((post,), why)

    async def _sent(self, post: Post) -> OutboxState:
        p = self.push
        await asyncio.to_thread(
            p.store.patch_thread, p.forum.name, self.qid,
            lambda t: with_post(t, post), p.rules,
        )  # fmt: skip
        await asyncio.to_thread(
            p.store.audit, p.forum.name, p.me, "reply", p.clock(),
            question_id=self.qid, post_id=post.id, outbox_id=self.entry.id,
        )  # fmt: skip
        p.report.sent.append(self.entry.id)
        p.report.changed.add(self.qid)
        return await self._settle(OutboxState.SENT, remote_id=post.id)

    async def action(self) -> OutboxState:
        """Check whether an unsure earlier attempt landed, then perform it."""
        p, kind, payload = self.push, self.entry.kind, self.entry.payload
        if self.entry.unsure:
            threads = await self._threads()
            if threads and landed(kind, payload, threads[0]):
                return await self._action_done()
            self.maybe_landed = False
        self.maybe_landed = True
        try:
            await perform(p.forum, kind, self.qid, payload)
        except ForumError as err:
            if refused(err) or isinstance(err, RateLimitedError):
                self.maybe_landed = False
            raise
        return await self._action_done()

    async def publish(self) -> OutboxState:
        """Create the knowledge-base article (once), then queue what follows.

        After an attempt whose outcome is unknown, the forum's knowledge base
        is looked at first: once a sync has brought it in after that attempt,
        the article is looked up there (its title, and its body linking to the
        source question); until then the entry waits.
        """
        p, payload = self.push, self.entry.payload
        title = str(payload["title"])
        if self.entry.unsure:  # run() let it through: a sync came after it
            found = await asyncio.to_thread(
                p.store.kb_for_source, p.forum.name, title,
                str(payload.get("source_url", "")), self.entry.created_at - SKEW,
            )  # fmt: skip
            if found is not None:
                return await self._published(found)
            self.maybe_landed = False
        self.maybe_landed = True
        try:
            article = await p.forum.create_kb_article(
                title, str(payload["body"]), list(payload.get("tags", []))
            )
        except PartlyDoneError as err:  # published; a step after it failed
            if not isinstance(err.result, KbArticle):
                raise
            return await self._published(err.result, one_line(str(err), 300))
        except ForumError as err:
            if refused(err) or isinstance(err, RateLimitedError):
                self.maybe_landed = False
            raise
        return await self._published(article)

    async def _published(
        self, article: KbArticle, warning: str | None = None
    ) -> OutboxState:
        """Mirror the article, queue the link reply, the tag and the accept."""
        p = self.push
        await asyncio.to_thread(
            after_publishing, p.store, p.forum.name, p.rules, self.entry, article,
            me=p.me, now=p.clock(),
        )  # fmt: skip
        p.report.changed.add(self.qid)
        p.report.sent.append(self.entry.id)
        p.report.wait(0)  # what was queued goes with the next push, right away
        return await self._settle(OutboxState.SENT, remote_id=article.id,
                                  error=warning)  # fmt: skip

    async def _action_done(self) -> OutboxState:
        p = self.push
        await asyncio.to_thread(
            p.store.audit, p.forum.name, p.me, self.entry.kind.value, p.clock(),
            question_id=self.qid, outbox_id=self.entry.id,
        )  # fmt: skip
        p.report.sent.append(self.entry.id)
        return await self._settle(OutboxState.SENT)

    async def failed(self, err: ForumError) -> OutboxState:
        """Record why the attempt failed and what happens next."""
        p, now = self.push, self.push.clock()
        reason = one_line(str(err), 300).rstrip(". ")
        if isinstance(err, RateLimitedError):
            retry = now + timedelta(seconds=err.retry_after)
            p.report.wait(err.retry_after)
            await self._settle(
                OutboxState.QUEUED, retry_at=retry, unsure=self.maybe_landed,
                error=_("het forum vraagt even te wachten"),
            )  # fmt: skip
            raise err
        if refused(err):
            return await self._refused(err, reason)
        delay = min(30.0 * 2 ** max(self.entry.attempts, 0), MAX_BACKOFF)
        retry = now + timedelta(seconds=delay)
        p.report.wait(delay)
        _log.info("outbox entry %s: attempt failed, retry in %.0f s: %s",
                  self.entry.id, delay, reason)  # fmt: skip
        trouble = _trouble(err)
        if self.maybe_landed:
            trouble += "; " + _("misschien al geplaatst, dat wordt eerst nagekeken")
        return await self._settle(
            OutboxState.QUEUED, retry_at=retry, unsure=self.maybe_landed,
            error=trouble,
        )  # fmt: skip

    async def _refused(self, err: ForumError, reason: str) -> OutboxState:
        """The forum said no: keep the text, roll an action back, say why."""
        p = self.push
        p.report.failed.append(self.entry.id)
        if isinstance(err, AuthError):
            why = _(
                "het forum weigert de API-sleutel ({reason}); controleer de sleutel"
                " met `deskapp doctor` en probeer opnieuw"
            ).format(reason=reason)
        elif isinstance(err, NotFoundError):
            why = _("niet gevonden op het forum ({reason})").format(reason=reason)
        else:
            why = _("geweigerd door het forum: {reason}").format(reason=reason)
        if self.maybe_landed:  # refused while checking an earlier attempt
            why += "; " + _(
                "een eerdere poging is misschien aangekomen: h kijkt dat na"
            )
        elif self.entry.kind is not ActionKind.REPLY:
            await self._roll_back()
            why += "; " + _("de wijziging is teruggedraaid")
        else:
            why += "; " + _("de tekst blijft bewaard")
        return await self._settle(
            OutboxState.FAILED, error=why, unsure=self.maybe_landed
        )

    async def _roll_back(self) -> None:
        """Undo the optimistic change; have the thread fetched for the truth."""
        p, kind, payload = self.push, self.entry.kind, self.entry.payload

        def undo(thread: Thread) -> Thread:
            if not landed(kind, payload, thread):
                return thread  # changed since: leave it
            return apply_action(kind, payload, thread, undo=True)

        await asyncio.to_thread(
            p.store.patch_thread, p.forum.name, self.qid, undo, p.rules
        )
        await asyncio.to_thread(p.store.mark_partial, p.forum.name, self.qid)
        p.report.changed.add(self.qid)


async def push(
    forum: Forum,
    store: Store,
    rules: TriageRules,
    *,
    me: str,
    clock: Callable[[], datetime] = _now,
    tz: tzinfo = UTC,
) -> PushReport:
    """Send every due outbox entry of ``forum`` as ``me``; see the module doc.

    Raises nothing the forum causes: each failure is recorded with its entry
    (times in messages are shown in ``tz``).
    """
    return await _Push(forum, store, rules, me, clock, tz).run()
