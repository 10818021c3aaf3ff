"""Sync: incremental, idempotent, cheap when nothing changed, honest on failure."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path

import pytest

from deskapp.errors import UnavailableError
from deskapp.forum.demo import DemoForum
from deskapp.forum.demo_seed import seed_demo_forum
from deskapp.forum.pacing import RequestBudget
from deskapp.models import Post, State, Thread, Urgency
from deskapp.store import Store
from deskapp.sync import fetch_thread, sync_once, threads_are_cheap
from deskapp.triage import TriageRules
from tests.factories import (
    ADVISER,
    CLIENT,
    PEER,
    STAFF,
    T0,
    MemoryForum,
    make_thread,
)

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

    async def flaky(
        ids: list[int], *, known: Mapping[int, Sequence[Post]] | None = None
    ) -> list:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise UnavailableError("connection reset")
        return await original(ids, known=known)

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

    async def without_3(
        ids: list[int], *, known: Mapping[int, Sequence[Post]] | None = None
    ) -> list:
        return [t for t in await original(ids) if t.question.id != 3]

    forum.threads = without_3  # type: ignore[method-assign]
    report = await sync_once(forum, store, RULES)
    assert report.removed == 1
    assert store.thread("mem", 3) is None


# --- a rationed forum: listings first, a few threads per sync -------------------


def _rationed(threads: list[Thread], page_size: int = 4) -> MemoryForum:
    """A memory forum whose threads are rationed, as on Discourse."""
    forum = MemoryForum(threads, page_size=page_size)
    forum.threads_are_cheap = False  # type: ignore[attr-defined]
    return forum


def _counting(forum: MemoryForum) -> list[int]:
    """Record the ids ``threads()`` of ``forum`` is asked for, in order."""
    calls: list[int] = []
    original = forum.threads

    async def threads(
        question_ids: Sequence[int],
        *,
        known: Mapping[int, Sequence[Post]] | None = None,
    ) -> list[Thread]:
        calls.extend(question_ids)
        return await original(question_ids, known=known)

    forum.threads = threads  # type: ignore[method-assign]
    return calls


def _mixed() -> list[Thread]:
    """One question of each kind a listing can tell apart, two of them urgent."""
    day = timedelta(days=1)
    return [
        make_thread(1, "Vraag over reiskosten", [CLIENT], start=T0),
        make_thread(2, "Uitkering gestopt", [CLIENT], start=T0 + day),  # urgent
        make_thread(3, "Beantwoord", [CLIENT, STAFF], start=T0 - day),
        make_thread(4, "Buurman helpt", [CLIENT, PEER], start=T0 - 2 * day),
        make_thread(5, "Advies", [CLIENT, ADVISER], start=T0),
        make_thread(6, "Gesloten", [CLIENT, STAFF], start=T0, closed=True),
        make_thread(7, "Opgelost", [CLIENT, STAFF], start=T0, accepted_post_id=702),
        make_thread(8, "Deurwaarder", [CLIENT, PEER], start=T0 + 2 * day),  # urgent
        make_thread(9, "Nog een vraag", [CLIENT, CLIENT], start=T0 - 3 * day),
    ]


def test_cheap_means_no_budget_unless_the_forum_says_otherwise() -> None:
    """Demo and memory forums are cheap; a paced forum is not; a declaration wins."""
    forum = MemoryForum([])
    assert threads_are_cheap(forum)
    forum.budget = RequestBudget(20)  # type: ignore[attr-defined]
    assert not threads_are_cheap(forum)
    forum.threads_are_cheap = True  # type: ignore[attr-defined]
    assert threads_are_cheap(forum)


async def test_rationed_first_sync_lists_everything_and_fetches_the_urgent(
    tmp_path: Path,
) -> None:
    """All questions are in the inbox at once; only two threads were fetched."""
    forum, store = _rationed(_mixed()), Store(tmp_path / "s.sqlite")
    calls = _counting(forum)
    report = await sync_once(forum, store, RULES, max_threads=2)
    assert sorted(calls) == [2, 8]  # the urgent open ones
    assert (report.seen, report.saved, report.fetched, report.pending) == (9, 9, 2, 7)
    states = {i.id: i.state for i in store.items("mem", list(range(1, 10)))}
    assert states == {
        1: State.NEW, 2: State.NEW, 3: State.WAITING_CLIENT,
        4: State.WAITING_STAFF, 5: State.WAITING_CLIENT, 6: State.CLOSED,
        7: State.SOLVED, 8: State.WAITING_STAFF, 9: State.NEW,
    }  # fmt: skip
    assert [i.id for i in store.open_questions("mem")] == [2, 8, 9, 4, 1, 3, 5]
    assert store.sync_status("mem").cursor == T0 + timedelta(days=2, hours=1)


async def test_shells_are_triaged_from_the_listing(tmp_path: Path) -> None:
    """Waiting times and first staff answers are estimated as documented."""
    forum, store = _rationed(_mixed()), Store(tmp_path / "s.sqlite")
    await sync_once(forum, store, RULES, max_threads=0)
    assert store.partial_count("mem") == 9
    items = {i.id: i for i in store.items("mem", list(range(1, 10)))}
    assert items[1].waiting_since == T0  # new: since it was asked
    assert items[1].due_at is not None
    assert items[4].waiting_since == T0 - timedelta(days=2, hours=-1)  # last post
    assert items[4].first_staff_at is None  # unknown
    assert items[3].waiting_since is None
    assert items[3].first_staff_at == T0 - timedelta(days=1, hours=-1)  # staff last
    assert items[8].urgency is Urgency.URGENT  # from the title alone
    thread = store.thread("mem", 4)
    assert thread is not None
    assert thread.posts == ()
    assert thread.question.author.name == "Anouk"


async def test_later_syncs_fetch_the_rest_most_pressing_first(tmp_path: Path) -> None:
    """Unchanged syncs fetch N threads each, longest waiting first, then nothing."""
    forum, store = _rationed(_mixed()), Store(tmp_path / "s.sqlite")
    calls = _counting(forum)
    await sync_once(forum, store, RULES, max_threads=2)
    rounds = []
    while store.partial_count("mem"):
        calls.clear()
        forum.pages_served = 0
        report = await sync_once(forum, store, RULES, max_threads=2)
        rounds.append(list(calls))
        assert forum.pages_served == 1
        assert report.saved == len(rounds[-1])
    assert rounds == [[9, 4], [1, 3], [5, 6], [7]]
    assert store.counts("mem") == {
        "new": 3,
        "waiting_staff": 2,
        "waiting_client": 2,
        "closed": 1,
        "solved": 1,
    }
    calls.clear()
    before = _table_snapshot(store.path)
    report = await sync_once(forum, store, RULES, max_threads=2)
    assert (calls, report.saved, report.pending) == ([], 0, 0)
    assert _table_snapshot(store.path) == before


async def test_a_changed_listing_updates_the_row_and_queues_the_thread(
    tmp_path: Path,
) -> None:
    """Assigning and a new reply show at once; the new posts come within N."""
    forum, store = _rationed(_mixed()), Store(tmp_path / "s.sqlite")
    for _ in range(6):
        await sync_once(forum, store, RULES, max_threads=2)
    assert store.partial_count("mem") == 0
    late = T0 + timedelta(days=5)
    forum.change(make_thread(3, "Beantwoord", [CLIENT, STAFF, CLIENT],
                             start=late, assigned_to="j.devries"))  # fmt: skip
    forum.change(make_thread(5, "Advies", [CLIENT, ADVISER, PEER], start=late))
    calls = _counting(forum)
    report = await sync_once(forum, store, RULES, max_threads=1)
    assert len(calls) == 1
    assert report.pending == 1
    items = {i.id: i for i in store.items("mem", [3, 5])}
    assert items[3].assigned_to == "j.devries"
    assert items[3].state is items[5].state is State.WAITING_STAFF
    assert items[5].first_staff_at == T0 + timedelta(hours=1)  # kept from the posts
    await sync_once(forum, store, RULES, max_threads=1)
    thread = store.thread("mem", 5)
    assert thread is not None
    assert [p.author for p in thread.posts] == [CLIENT, ADVISER, PEER]


async def test_a_failed_thread_fetch_keeps_the_listing_and_the_cursor(
    tmp_path: Path,
) -> None:
    """Listings saved before a fetch failed stay; the rerun does not list again."""
    forum, store = _rationed(_mixed(), page_size=2), Store(tmp_path / "s.sqlite")
    original = forum.threads

    async def down(
        question_ids: Sequence[int],
        *,
        known: Mapping[int, Sequence[Post]] | None = None,
    ) -> list[Thread]:
        raise UnavailableError("connection reset")

    forum.threads = down  # type: ignore[method-assign]
    with pytest.raises(UnavailableError):
        await sync_once(forum, store, RULES, max_threads=3)
    status = store.sync_status("mem")
    assert status.last_error == "connection reset"
    assert status.cursor == T0 + timedelta(days=2, hours=1)
    assert len(store.open_questions("mem")) == 7
    forum.threads = original  # type: ignore[method-assign]
    forum.pages_served = 0
    report = await sync_once(forum, store, RULES, max_threads=3)
    assert forum.pages_served == 1
    assert (report.fetched, report.pending) == (3, 6)


async def test_fetch_thread_completes_one_question_now(tmp_path: Path) -> None:
    """On demand: a shell becomes its thread; a vanished one leaves the store."""
    forum, store = _rationed(_mixed()), Store(tmp_path / "s.sqlite")
    await sync_once(forum, store, RULES, max_threads=0)
    assert await fetch_thread(forum, store, RULES, 4) is True
    assert not store.is_partial("mem", 4)
    thread = store.thread("mem", 4)
    assert thread is not None
    assert [p.author for p in thread.posts] == [CLIENT, PEER]
    del forum.data[1]
    assert await fetch_thread(forum, store, RULES, 1) is False
    assert store.thread("mem", 1) is None
    forum.pages_served = 0
    await sync_once(forum, store, RULES, max_threads=0)
    assert forum.pages_served == 1  # the fetched thread is not listed as changed


async def test_a_thread_overtaken_by_a_newer_listing_is_not_saved(
    tmp_path: Path,
) -> None:
    """A fetch that began before a sync saved a newer listing leaves the row partial."""
    forum, store = _rationed(_mixed()), Store(tmp_path / "s.sqlite")
    await sync_once(forum, store, RULES, max_threads=0)
    original = forum.threads

    async def slow(
        question_ids: Sequence[int],
        *,
        known: Mapping[int, Sequence[Post]] | None = None,
    ) -> list[Thread]:
        found = await original(question_ids)
        forum.change(make_thread(4, "Buurman helpt", [CLIENT, PEER, STAFF],
                                 start=T0 + timedelta(days=9)))  # fmt: skip
        forum.threads = original  # type: ignore[method-assign]
        await sync_once(forum, store, RULES, max_threads=0)
        return found

    forum.threads = slow  # type: ignore[method-assign]
    assert await fetch_thread(forum, store, RULES, 4) is False
    assert store.is_partial("mem", 4)
    item = store.items("mem", [4])[0]
    assert item.state is State.WAITING_CLIENT  # the newer listing stands
    assert await fetch_thread(forum, store, RULES, 4) is True
    thread = store.thread("mem", 4)
    assert thread is not None
    assert len(thread.posts) == 3


async def test_the_demo_forum_syncs_whole_in_one_go(tmp_path: Path) -> None:
    """Demo threads are local: every thread arrives in the first sync."""
    path = tmp_path / "forum.sqlite"
    seed_demo_forum(path, 120, now=T0)
    demo, store = DemoForum(path), Store(tmp_path / "s.sqlite")
    try:
        assert threads_are_cheap(demo)
        report = await sync_once(demo, store, RULES, max_threads=1)
    finally:
        await demo.aclose()
    assert report.seen == report.saved == report.fetched
    assert report.pending == store.partial_count("demo") == 0


def test_catch_up_grows_with_the_desks_share_of_requests(tmp_path: Path) -> None:
    """A desk allowed more requests a minute fetches more threads per sync."""
    import dataclasses

    from deskapp.desk import Desk
    from deskapp.sync import MAX_THREADS
    from tests.inbox_app import make_desk

    desk = make_desk(tmp_path)
    assert desk.threads_per_sync() == MAX_THREADS  # 20 a minute, every 120 s
    generous = dataclasses.replace(desk.profile, requests_per_minute=60)
    assert Desk(desk.config, generous, desk.store).threads_per_sync() == 30
