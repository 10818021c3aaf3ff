"""Sync: the only caller of a forum adapter.

One :func:`sync_once` pulls what changed since the store's cursor and writes it
to the store, in two steps:

1. *Listing.* Walk the changed topics page by page; compare each one's
   listing with the store and skip what is unchanged. When threads are cheap
   (the embedded demo forum, a forum in memory) the changed threads are
   fetched and saved right away, whole. Otherwise each changed question is
   saved from its listing alone, marked *partial*: a new one as a "shell"
   (title, category, people, counts, flags; no posts), a stored one with its
   listing fields updated and its posts kept until the new ones arrive.
2. *Threads.* Fetch the threads of partial questions, at most
   ``max_threads`` per sync on a rationed forum (all of them on a cheap one),
   the most pressing first (:meth:`~deskapp.store.Store.partial_ids`). What is
   left is fetched by the next syncs, so a store converges without bursts.

A Discourse site shares 60 requests a minute among all its admin keys: the
first sync of a forum with 1,000 open topics costs its topic-list pages plus
``max_threads`` threads, not 1,000 threads, and an unchanged forum one page
per topic list. :func:`fetch_thread` fetches one thread at once, for a
question someone opens. Every thread fetch hands the adapter the posts the
store holds of it (:meth:`~deskapp.store.Store.known_posts`, a partial
question's too), so a long thread with one new reply costs about what the
reply does on a forum that reuses them.

The cursor is the newest ``updated_at`` listed; it moves once the listing walk
completed (threads still due are found by their partial mark, not the
cursor), so an interrupted sync is simply repeated: every write is an
idempotent replace and a listing already saved is not rewritten.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from deskapp.errors import DeskError, ForumError
from deskapp.forum.base import Forum
from deskapp.models import Question, Thread, Urgency
from deskapp.outbox import PushReport
from deskapp.store import Store
from deskapp.text import one_line
from deskapp.triage import TriageRules

__all__ = [
    "MAX_THREADS",
    "Progress",
    "SyncReport",
    "fetch_thread",
    "sync_once",
    "threads_are_cheap",
]

Progress = Callable[[int], None]
"""Called with the number of questions handled so far."""

MAX_THREADS = 15
"""Threads one sync fetches at most from a forum whose requests are rationed."""

log = logging.getLogger(__name__)

_BATCH = 200
_CHUNK = 5
"""Threads fetched (and saved) together on a rationed forum: little is lost
when a fetch fails halfway."""


@dataclass(slots=True)
class SyncReport:
    """What one sync did."""

    forum: str
    seen: int = 0
    """Changed questions the forum reported."""
    saved: int = 0
    """Questions written to the store, whole or from their listing (unchanged
    ones are skipped)."""
    removed: int = 0
    """Questions that vanished from the forum and left the store."""
    fetched: int = 0
    """Threads asked of the forum."""
    pending: int = 0
    """Questions saved from their listing whose thread a later sync fetches."""
    new_urgent: list[int] = field(default_factory=list)
    """Urgent open questions the store did not have before this sync."""
    cursor: datetime | None = None
    pushed: PushReport | None = None
    """What the outbox push before the pull did (:meth:`deskapp.desk.Desk.sync`)."""
    written: set[int] = field(default_factory=set, repr=False)
    """Ids behind :attr:`saved`."""


def _now() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


def threads_are_cheap(forum: Forum) -> bool:
    """True when fetching every changed thread costs the forum nothing to speak of.

    An adapter may say so with a ``threads_are_cheap`` attribute. Without one,
    a forum that paces its requests (it has a ``budget``, as
    :class:`~deskapp.forum.discourse.DiscourseForum` does) is rationed, and
    one that does not (the embedded demo forum, a forum in memory) is cheap.
    """
    declared = getattr(forum, "threads_are_cheap", None)
    if isinstance(declared, bool):
        return declared
    return getattr(forum, "budget", None) is None


async def sync_once(
    forum: Forum,
    store: Store,
    rules: TriageRules,
    *,
    progress: Progress | None = None,
    clock: Callable[[], datetime] = _now,
    max_threads: int = MAX_THREADS,
) -> SyncReport:
    """Pull every change since the last sync into the store.

    On a rationed forum (see :func:`threads_are_cheap`) at most
    ``max_threads`` threads are fetched; the other changed questions are
    saved from their listing and fetched by later syncs.

    Raises the adapter's :class:`~deskapp.errors.ForumError` after recording
    it in the store, so the status bar and ``deskapp doctor`` can show it.
    """
    started = clock()
    cheap = threads_are_cheap(forum)
    try:
        report, fresh = await _pull(forum, store, rules, progress, cheap=cheap)
        await _fill(forum, store, rules, report, None if cheap else max_threads)
        report.new_urgent = await _urgent(store, forum.name, fresh)
        report.saved = len(report.written)
        report.pending = await asyncio.to_thread(store.partial_count, forum.name)
        me = (await forum.whoami()).username
    except DeskError as err:
        await asyncio.to_thread(
            store.record_sync, forum.name, at=started, error=one_line(str(err))
        )
        raise
    await asyncio.to_thread(
        store.record_sync, forum.name, at=started, cursor=report.cursor, me=me
    )
    return report


async def fetch_thread(
    forum: Forum, store: Store, rules: TriageRules, question_id: int
) -> bool:
    """Fetch one question's thread now and save it whole.

    Returns False when the question vanished from the forum (it leaves the
    store) or changed again while it was fetched (it stays partial and a
    sync fetches it). Raises the adapter's errors.
    """
    saved, _gone = await _complete(forum, store, rules, [question_id])
    return bool(saved)


async def _pull(
    forum: Forum,
    store: Store,
    rules: TriageRules,
    progress: Progress | None,
    *,
    cheap: bool,
) -> tuple[SyncReport, set[int]]:
    """Walk the changed questions page by page and save what changed.

    Returns the report so far and the ids new to the store (none on a first
    sync: nothing is "new" then).
    """
    status = await asyncio.to_thread(store.sync_status, forum.name)
    report = SyncReport(forum=forum.name, cursor=status.cursor)
    await asyncio.to_thread(store.retriage_if_changed, forum.name, rules)
    known = await asyncio.to_thread(store.category_ids, forum.name)
    if not known:  # first: the adapter pages its lists with the same answer
        known = await _refresh_categories(forum, store)
    fresh: list[int] = []
    async for page in forum.changed_questions(status.cursor):
        if any(q.category_id not in known for q in page):
            known = await _refresh_categories(forum, store)
        report.seen += len(page)
        for start in range(0, len(page), _BATCH):
            batch = page[start : start + _BATCH]
            fresh += await _save_batch(forum, store, rules, batch, report, cheap)
        if progress is not None:
            progress(report.seen)
    if report.cursor != status.cursor:
        await asyncio.to_thread(store.save_cursor, forum.name, report.cursor)
    return report, set(fresh) if status.cursor is not None else set()


async def _refresh_categories(forum: Forum, store: Store) -> set[int]:
    """Fetch and store the forum's categories; return their ids."""
    categories = await forum.categories()
    await asyncio.to_thread(store.save_categories, forum.name, categories)
    return {c.id for c in categories}


async def _save_batch(
    forum: Forum,
    store: Store,
    rules: TriageRules,
    batch: list[Question],
    report: SyncReport,
    cheap: bool,
) -> list[int]:
    """Save the changed questions of one batch; return the ids new to the store.

    Cheap threads are fetched and saved whole; otherwise the listing is saved
    and the thread left to :func:`_fill`.
    """
    for question in batch:
        if report.cursor is None or question.updated_at > report.cursor:
            report.cursor = question.updated_at
    stored = await asyncio.to_thread(
        store.stored_versions, forum.name, [q.id for q in batch]
    )
    todo = [q for q in batch if stored.get(q.id) != q.listing_key]
    if not todo:
        return []
    if not cheap:
        await asyncio.to_thread(store.save_listings, forum.name, todo, rules)
        report.written.update(q.id for q in todo)
        return [q.id for q in todo if q.id not in stored]
    ids = [q.id for q in todo]
    known = await asyncio.to_thread(store.known_posts, forum.name, ids)
    threads = await forum.threads(ids, known=known)
    found = {t.question.id for t in threads}
    gone = [q.id for q in todo if q.id not in found]
    listings = {q.id: q.listing_key for q in todo}
    await asyncio.to_thread(store.save_threads, forum.name, threads, rules, listings)
    if gone:
        await asyncio.to_thread(store.delete_questions, forum.name, gone)
    report.fetched += len(todo)
    report.written.update(found)
    report.removed += len(gone)
    return [qid for qid in found if qid not in stored]


async def _fill(
    forum: Forum,
    store: Store,
    rules: TriageRules,
    report: SyncReport,
    allowance: int | None,
) -> None:
    """Fetch the threads of up to ``allowance`` partial questions (None: all)."""
    if allowance is not None and allowance <= 0:
        return
    ids = await asyncio.to_thread(store.partial_ids, forum.name, allowance)
    size = _BATCH if allowance is None else _CHUNK
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        saved, gone = await _complete(forum, store, rules, chunk)
        report.fetched += len(chunk)
        report.written.update(saved)
        report.removed += len(gone)


async def _complete(
    forum: Forum, store: Store, rules: TriageRules, ids: Sequence[int]
) -> tuple[list[int], list[int]]:
    """Fetch and save the threads of ``ids``; the ids saved, and those gone."""
    expected = await asyncio.to_thread(store.stored_versions, forum.name, ids)
    known = await asyncio.to_thread(store.known_posts, forum.name, ids)
    try:
        threads = await forum.threads(ids, known=known)
    except ForumError as err:  # cut off (a 429): keep the threads read before
        read = [t for t in err.read_so_far if isinstance(t, Thread)]
        if read:
            try:
                await asyncio.to_thread(
                    store.fill_threads, forum.name, read, rules, expected
                )
            except DeskError as lost:  # the forum's error is the one to tell
                log.warning("threads read before %s not kept: %s", err, lost)
        raise
    found = {t.question.id for t in threads}
    gone = [qid for qid in ids if qid not in found]
    saved = await asyncio.to_thread(
        store.fill_threads, forum.name, threads, rules, expected
    )
    if gone:
        await asyncio.to_thread(store.delete_questions, forum.name, gone)
    return saved, gone


async def _urgent(store: Store, forum: str, fresh: set[int]) -> list[int]:
    """Which of the questions new to the store are urgent and open."""
    if not fresh:
        return []
    items = await asyncio.to_thread(store.items, forum, sorted(fresh))
    return [i.id for i in items if i.urgency is Urgency.URGENT and i.state.is_open]


async def watch(forum: Forum) -> AsyncIterator[None]:
    """Yield whenever the forum announces activity, if it can (Discourse's
    message bus); end at once for a forum that cannot. The caller syncs."""
    listen = getattr(forum, "watch", None)
    if listen is None:
        return
    async for _ in listen():
        yield None
