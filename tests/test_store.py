"""The local store: schema migrations, WAL, search and what the inbox reads."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from deskapp.errors import StoreError
from deskapp.models import OutboxState, State, Urgency
from deskapp.schema import MIGRATIONS, SCHEMA_VERSION, migrate
from deskapp.store import Store
from deskapp.triage import TriageRules
from deskapp.views import Sort, ViewFilter
from tests.factories import CATEGORIES, CLIENT, STAFF, T0, make_thread

RULES = TriageRules()


def found(store: Store, query: str) -> list[int]:
    """Open questions of forum f matching ``query``, in inbox order."""
    now = datetime.now(UTC)
    return store.view_ids(
        "f", ViewFilter(), Sort.URGENT, me=None, now=now, search=query
    )


def _store(tmp_path: Path) -> Store:
    """A store with the test categories."""
    store = Store(tmp_path / "store.sqlite")
    store.save_categories("f", CATEGORIES)
    return store


def test_new_store_is_wal_and_fully_migrated(tmp_path: Path) -> None:
    """A fresh file gets every migration and runs in WAL mode."""
    store = Store(tmp_path / "s.sqlite")
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"questions", "posts", "questions_fts", "outbox", "sync_state"} <= tables


def test_old_store_is_upgraded_keeping_its_data(tmp_path: Path) -> None:
    """A store at schema 1 with questions in it upgrades without losing them."""
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    conn.close()
    assert len(MIGRATIONS) >= 2
    # Write data with schema 1 only, as the older deskapp did.
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "INSERT INTO questions (forum, id, title, category_id, author, created_at,"
        " last_posted_at, updated_at, posts_count, last_poster, last_poster_role,"
        " state, urgency) VALUES ('f', 7, 'Oud', 1, 'a', 0, 0, 0, 1, 'a',"
        " 'client', 'new', 'normal')"
    )
    conn.close()
    store = Store(path)
    assert store.stored_versions("f", [7]) == {7: ""}  # kept; listing new in v4
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert check.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_store_from_a_newer_deskapp_is_refused(tmp_path: Path) -> None:
    """A schema we do not know is never touched: the user is told to upgrade."""
    path = tmp_path / "new.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer deskapp"):
        Store(path)


def test_unopenable_store_is_a_clear_error(tmp_path: Path) -> None:
    """A store path that is a directory gives a StoreError naming it."""
    (tmp_path / "dir.sqlite").mkdir()
    with pytest.raises(StoreError, match=r"dir\.sqlite"):
        Store(tmp_path / "dir.sqlite")


def test_inbox_order_is_urgent_first_then_longest_waiting(tmp_path: Path) -> None:
    """The default order a desk opens on."""
    store = _store(tmp_path)
    hour = T0.replace(hour=1)
    threads = [
        make_thread(1, "Gewone vraag, oud", [CLIENT], start=hour),
        make_thread(2, "Deurwaarder komt morgen", [CLIENT], start=T0),
        make_thread(3, "Gewone vraag, nieuw", [CLIENT], start=T0),
        make_thread(4, "Beantwoord", [CLIENT, STAFF], start=hour),
        make_thread(5, "Opgelost", [CLIENT, STAFF], accepted_post_id=501),
        make_thread(6, "Artikel", [STAFF], category_id=9, is_kb=True),
    ]
    store.save_threads("f", threads, RULES)
    items = store.open_questions("f")
    assert [i.id for i in items] == [2, 1, 3, 4]
    assert items[0].urgency is Urgency.URGENT
    assert items[0].category == "Inkomen & uitkering"
    assert {i.state for i in items} == {State.NEW, State.WAITING_CLIENT}
    assert store.counts("f") == {"new": 3, "waiting_client": 1, "solved": 1, "kb": 1}


def test_saving_a_thread_again_replaces_it(tmp_path: Path) -> None:
    """A re-fetched thread overwrites its posts and search entry, no duplicates."""
    store = _store(tmp_path)
    store.save_threads("f", [make_thread(1, "Vraag", [CLIENT])], RULES)
    store.save_threads("f", [make_thread(1, "Vraag", [CLIENT, STAFF])], RULES)
    thread = store.thread("f", 1)
    assert thread is not None
    assert [p.author.username for p in thread.posts] == ["anouk", "j.devries"]
    assert found(store, "vraag") == [1]


def test_search_covers_titles_and_bodies_without_accents(tmp_path: Path) -> None:
    """Full-text search matches word starts in titles and posts, accent-blind."""
    store = _store(tmp_path)
    store.save_threads(
        "f",
        [
            make_thread(1, "Kostendelersnorm", [CLIENT], texts=["Mijn zoon woont in"]),
            make_thread(2, "Reiskosten", [CLIENT], texts=["Café naar het werk"]),
        ],
        RULES,
    )
    assert found(store, "kostendeler") == [1]
    assert found(store, "zoon") == [1]
    assert found(store, "cafe") == [2]
    assert found(store, '"') == [1, 2]  # nothing to search for: the whole view
    assert found(store, "AND OR (") == []  # FTS syntax is text, not an error


def test_forums_are_kept_apart(tmp_path: Path) -> None:
    """Two forum profiles in one store never see each other's questions."""
    store = _store(tmp_path)
    store.save_threads("f", [make_thread(1, "Een", [CLIENT])], RULES)
    store.save_threads("g", [make_thread(1, "Ander forum", [CLIENT])], RULES)
    assert [i.title for i in store.open_questions("g")] == ["Ander forum"]
    store.forget_forum("g")
    assert store.open_questions("g") == []
    assert [i.title for i in store.open_questions("f")] == ["Een"]


def test_changed_rules_retriage_stored_questions(tmp_path: Path) -> None:
    """New urgent keywords in the config apply to questions already stored."""
    store = _store(tmp_path)
    store.save_threads("f", [make_thread(1, "Mijn energietoeslag", [CLIENT])], RULES)
    assert store.retriage_if_changed("f", RULES) is False
    stricter = TriageRules(urgent_keywords=("energietoeslag",))
    assert store.retriage_if_changed("f", stricter) is True
    assert store.open_questions("f")[0].urgency is Urgency.URGENT
    assert store.retriage_if_changed("f", stricter) is False


def test_reads_do_not_wait_for_a_write_in_progress(tmp_path: Path) -> None:
    """While a sync holds a write open, the screen can still read rows."""
    import threading

    store = _store(tmp_path)
    store.save_threads("f", [make_thread(1, "Een vraag", [CLIENT])], RULES)
    writing, release = threading.Event(), threading.Event()

    def long_write() -> None:
        with store._write():
            writing.set()
            release.wait(5)

    writer = threading.Thread(target=long_write)
    writer.start()
    writing.wait(5)
    result: list[list[int]] = []
    reader = threading.Thread(target=lambda: result.append(found(store, "")))
    reader.start()
    reader.join(2)
    release.set()
    writer.join(5)
    assert result == [[1]]  # answered while the write was still open


def test_a_corrupt_store_says_how_to_recover(tmp_path: Path) -> None:
    """Garbage in the store file: the message says to move it aside."""
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"not a database, just text" * 100)
    with pytest.raises(StoreError) as caught:
        Store(path)
    assert "move it aside" in str(caught.value)
    assert f"{path}.broken" in str(caught.value)


# --- questions saved from the topic list alone ----------------------------------


def test_a_store_of_schema_4_upgrades_with_every_row_complete(tmp_path: Path) -> None:
    """Rows written before partial rows existed count as whole threads."""
    path = tmp_path / "v4.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=4) == 4
    conn.execute(
        "INSERT INTO questions (forum, id, title, category_id, author, created_at,"
        " last_posted_at, updated_at, posts_count, last_poster, last_poster_role,"
        " state, urgency, listing) VALUES ('f', 7, 'Oud', 1, 'a', 0, 0, 0, 1, 'a',"
        " 'client', 'new', 'normal', 'x')"
    )
    conn.close()
    store = Store(path)
    assert store.partial_ids("f") == []
    assert store.is_partial("f", 7) is False
    assert store.stored_versions("f", [7]) == {7: "x"}


def test_search_finds_a_shell_by_its_title_and_later_by_its_body(
    tmp_path: Path,
) -> None:
    """Until its thread arrives, a question is found by its title only."""
    store = _store(tmp_path)
    thread = make_thread(1, "Kostendelersnorm", [CLIENT], texts=["Mijn zoon woont in"])
    store.save_listings("f", [thread.question], RULES)
    assert store.is_partial("f", 1)
    assert (found(store, "kostendeler"), found(store, "zoon")) == ([1], [])
    saved = store.fill_threads("f", [thread], RULES, store.stored_versions("f", [1]))
    assert saved == [1]
    assert not store.is_partial("f", 1)
    assert (found(store, "kostendeler"), found(store, "zoon")) == ([1], [1])


def test_a_new_listing_keeps_the_posts_until_the_thread_comes(tmp_path: Path) -> None:
    """A stored thread whose listing changed keeps its posts and search body."""
    store = _store(tmp_path)
    old = make_thread(1, "Vraag", [CLIENT, STAFF], texts=["Mijn toeslag", "Kijk op"])
    store.save_threads("f", [old], RULES)
    new = make_thread(1, "Vraag (aangevuld)", [CLIENT, STAFF, CLIENT], tags=("x",))
    store.save_listings("f", [new.question], RULES)
    thread = store.thread("f", 1)
    assert thread is not None
    assert [p.raw for p in thread.posts] == ["Mijn toeslag", "Kijk op"]
    assert (thread.question.title, thread.question.tags) == (
        "Vraag (aangevuld)",
        ("x",),
    )
    assert found(store, "toeslag") == found(store, "aangevuld") == [1]
    item = store.items("f", [1])[0]
    assert (item.state, item.posts_count) == (State.WAITING_STAFF, 3)
    assert store.stored_versions("f", [1]) == {1: new.question.listing_key}


def test_partial_questions_come_most_pressing_first(tmp_path: Path) -> None:
    """Urgent open, then open by longest wait, then closed, solved and KB."""
    store = _store(tmp_path)
    hour = timedelta(hours=1)
    threads = [
        make_thread(1, "Gesloten", [CLIENT], start=T0 - 9 * hour, closed=True),
        make_thread(2, "Gewone vraag", [CLIENT], start=T0 - 2 * hour),
        make_thread(3, "Deurwaarder", [CLIENT], start=T0),
        make_thread(4, "Huurachterstand", [CLIENT], start=T0 - hour),
        make_thread(5, "Artikel", [STAFF], category_id=9, is_kb=True),
        make_thread(6, "Oudste vraag", [CLIENT], start=T0 - 5 * hour),
    ]
    store.save_listings("f", [t.question for t in threads], RULES)
    assert store.partial_ids("f") == [4, 3, 6, 2, 1, 5]
    assert store.partial_ids("f", 3) == [4, 3, 6]
    assert store.partial_count("f") == 6


def test_a_store_of_schema_5_keeps_its_queued_replies_when_upgraded(
    tmp_path: Path,
) -> None:
    """Replies queued by an older desk are still sent: they stay queued."""
    path = tmp_path / "v5.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=5) == 5
    conn.execute(
        "INSERT INTO outbox (forum, kind, question_id, payload, created_at,"
        " updated_at) VALUES ('f', 'reply', 7, '{\"body\": \"Hallo\"}', 0, 0)"
    )
    conn.close()
    store = Store(path)
    [entry] = store.entries("f", [OutboxState.QUEUED])
    assert (entry.payload["body"], entry.unsure) == ("Hallo", False)
    assert store.drafts("f") == [] and store.template_uses() == {}
