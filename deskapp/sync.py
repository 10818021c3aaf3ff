"""Sync: the only caller of a forum adapter.

One :func:`sync_once` pulls what changed since the store's cursor and writes it
to the store. The cursor is the newest ``updated_at`` seen; it moves only after
a pull completed, so an interrupted sync is simply repeated (every write is an
idempotent replace). An unchanged forum costs one page request and no rewrite.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from deskapp.errors import DeskError
from deskapp.forum.base import Forum
from deskapp.models import Question, Urgency
from deskapp.store import Store
from deskapp.text import one_line
from deskapp.triage import TriageRules

__all__ = ["Progress", "SyncReport", "sync_once"]

Progress = Callable[[int], None]
"""Called with the number of questions handled so far."""

_BATCH = 200


@dataclass(slots=True)
class SyncReport:
    """What one sync did."""

    forum: str
    seen: int = 0
    """Changed questions the forum reported."""
    saved: int = 0
    """Threads written to the store (unchanged ones are skipped)."""
    removed: int = 0
    """Questions that vanished from the forum and left the store."""
    new_urgent: list[int] = field(default_factory=list)
    """Urgent open questions the store did not have before this sync."""
    cursor: datetime | None = None


def _now() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


async def sync_once(
    forum: Forum,
    store: Store,
    rules: TriageRules,
    *,
    progress: Progress | None = None,
    clock: Callable[[], datetime] = _now,
) -> SyncReport:
    """Pull every change since the last sync into the store.

    Raises the adapter's :class:`~deskapp.errors.ForumError` after recording
    it in the store, so the status bar and ``deskapp doctor`` can show it.
    """
    started = clock()
    try:
        report = await _pull(forum, store, rules, progress)
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


async def _pull(
    forum: Forum, store: Store, rules: TriageRules, progress: Progress | None
) -> SyncReport:
    """Fetch changed questions page by page and save their threads."""
    status = await asyncio.to_thread(store.sync_status, forum.name)
    report = SyncReport(forum=forum.name, cursor=status.cursor)
    await asyncio.to_thread(store.retriage_if_changed, forum.name, rules)
    known = await asyncio.to_thread(store.category_ids, forum.name)
    fresh: list[int] = []
    async for page in forum.changed_questions(status.cursor):
        if not known or any(q.category_id not in known for q in page):
            known = await _refresh_categories(forum, store)
        report.seen += len(page)
        for start in range(0, len(page), _BATCH):
            batch = page[start : start + _BATCH]
            fresh += await _save_batch(forum, store, rules, batch, report)
        if progress is not None:
            progress(report.seen)
    if status.cursor is not None and fresh:
        items = await asyncio.to_thread(store.items, forum.name, fresh)
        report.new_urgent = [
            i.id for i in items if i.urgency is Urgency.URGENT and i.state.is_open
        ]
    return report


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
) -> list[int]:
    """Fetch and store the threads of one batch; return the ids new to the store."""
    for question in batch:
        if report.cursor is None or question.updated_at > report.cursor:
            report.cursor = question.updated_at
    stored = await asyncio.to_thread(
        store.stored_versions, forum.name, [q.id for q in batch]
    )
    todo = [q for q in batch if stored.get(q.id) != q.listing_key]
    if not todo:
        return []
    threads = await forum.threads([q.id for q in todo])
    found = {t.question.id for t in threads}
    gone = [q.id for q in todo if q.id not in found]
    listings = {q.id: q.listing_key for q in todo}
    await asyncio.to_thread(store.save_threads, forum.name, threads, rules, listings)
    if gone:
        await asyncio.to_thread(store.delete_questions, forum.name, gone)
    report.saved += len(threads)
    report.removed += len(gone)
    return [qid for qid in found if qid not in stored]
