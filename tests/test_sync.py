"""Sync: incremental, idempotent, cheap when nothing changed, honest on failure."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from deskapp.errors import UnavailableError
from deskapp.store import Store
from deskapp.sync import sync_once
from deskapp.triage import TriageRules
from tests.factories import CLIENT, STAFF, T0, MemoryForum, make_thread

RULES = TriageRules()


def _forum() -> MemoryForum:
    """Five questions, one change an hour apart."""
    return MemoryForum(
        [
            make_thread(n, f"Vraag {n}", [CLIENT], start=T0 + timedelta(hours=n))
            for n in range(1, 6)
        ],
        page_size=2,
    )


def _table_snapshot(path: Path) -> list[tuple[object, ...]]:
    """Every question and post row, to prove nothing was rewritten."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT key, * FROM questions ORDER BY key").fetchall()
    rows += conn.execute("SELECT rowid, * FROM posts ORDER BY rowid").fetchall()
    conn.close()
    return rows


async def test_first_sync_pulls_everything(tmp_path: Path) -> None:
    """All questions, their posts and categories arrive; the cursor is set."""
    forum, store = _forum(), Store(tmp_path / "s.sqlite")
    report = await sync_once(forum, store, RULES)
    assert (report.seen, report.saved) == (5, 5)
    assert len(store.open_questions("mem")) == 5
    status = store.sync_status("mem")
    assert status.cursor == T0 + timedelta(hours=5)
    assert status.me == "j.devries"
    assert status.last_error is None
    assert report.new_urgent == []  # nothing is "new" on a first sync


async def test_unchanged_forum_costs_one_page_and_no_rewrite(tmp_path: Path) -> None:
    """The second sync of an unchanged forum reads one page and writes no data."""
    forum, store = _forum(), Store(tmp_path / "s.sqlite")
    await sync_once(forum, store, RULES)
    before = _table_snapshot(store.path)
    forum.pages_served = forum.threads_served = forum.categories_served = 0
    report = await sync_once(forum, store, RULES)
    assert (forum.pages_served, forum.threads_served) == (1, 0)
    assert forum.categories_served == 0
    assert (report.seen, report.saved) == (0, 0)
    assert _table_snapshot(store.path) == before


async def test_incremental_sync_fetches_only_what_changed(tmp_path: Path) -> None:
    """A reply to an old question brings back exactly that thread."""
    forum, store = _forum(), Store(tmp_path / "s.sqlite")
    await sync_once(forum, store, RULES)
    forum.threads_served = 0
    forum.change(
        make_thread(2, "Vraag 2", [CLIENT, STAFF], start=T0 + timedelta(hours=9))
    )
    report = await sync_once(forum, store, RULES)
    assert (report.saved, forum.threads_served) == (1, 1)
    thread = store.thread("mem", 2)
    assert thread is not None
    assert len(thread.posts) == 2
    assert store.sync_status("mem").cursor == T0 + timedelta(hours=10)


async def test_new_urgent_questions_are_reported(tmp_path: Path) -> None:
    """An urgent question that arrives after the first sync is announced."""
    forum, store = _forum(), Store(tmp_path / "s.sqlite")
    await sync_once(forum, store, RULES)
    late = T0 + timedelta(days=1)
    forum.change(
        make_thread(40, "Deurwaarder staat voor de deur", [CLIENT], start=late)
    )
    forum.change(make_thread(41, "Gewone vraag", [CLIENT], start=late))
    report = await sync_once(forum, store, RULES)
    assert report.new_urgent == [40]


async def test_sync_is_idempotent_after_an_interrupted_run(tmp_path: Path) -> None:
    """A sync that dies halfway leaves the cursor alone; the rerun completes it."""
    forum, store = _forum(), Store(tmp_path / "s.sqlite")
    original = forum.threads
    calls = 0

    async def flaky(ids: list[int]) -> list:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise UnavailableError("connection reset")
        return await original(ids)

    forum.threads = flaky  # type: ignore[method-assign]
    with pytest.raises(UnavailableError):
        await sync_once(forum, store, RULES)
    status = store.sync_status("mem")
    assert status.cursor is None
    assert status.last_error == "connection reset"
    assert len(store.open_questions("mem")) == 2  # the first page was kept
    await sync_once(forum, store, RULES)
    assert len(store.open_questions("mem")) == 5
    assert store.sync_status("mem").last_error is None
    conn = sqlite3.connect(store.path)
    assert conn.execute("SELECT count(*) FROM posts").fetchone()[0] == 5


async def test_vanished_question_leaves_the_store(tmp_path: Path) -> None:
    """A topic deleted on the forum is removed locally when it shows as changed."""
    forum, store = _forum(), Store(tmp_path / "s.sqlite")
    await sync_once(forum, store, RULES)
    forum.change(make_thread(3, "Vraag 3", [CLIENT], start=T0 + timedelta(days=2)))
    original = forum.threads

    async def without_3(ids: list[int]) -> list:
        return [t for t in await original(ids) if t.question.id != 3]

    forum.threads = without_3  # type: ignore[method-assign]
    report = await sync_once(forum, store, RULES)
    assert report.removed == 1
    assert store.thread("mem", 3) is None
