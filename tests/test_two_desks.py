"""Two desks on one store: one person in two SSH sessions.

Both are real processes (:mod:`tests.desk_driver`) on the same store file and
the same served forum. They open a new store at the same moment, then type
drafts, count template uses, queue replies to the same questions, push the
one outbox and sync, side by side. Nothing one writes is lost to the other,
every reply reaches the forum exactly once and in the order it was queued,
and neither ever meets "database is locked" (or any other error).
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from deskapp.models import OutboxState
from deskapp.schema import SCHEMA_VERSION
from deskapp.store import Store
from tests.desk_rig import FIRST, FORUM, Driver, many_questions, write_config
from tests.discourse_fake import API_KEY, FakeDiscourse, FPost
from tests.discourse_server import serve

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork")

REPLIES = 24
"""Replies each desk queues."""
SHARED = list(range(FIRST + 20, FIRST + 26))
"""Questions both desks answer."""


@pytest.fixture
def fake() -> FakeDiscourse:
    fake = many_questions(30)
    fake.now = datetime.now(UTC)  # find_post compares with the desks' own clock
    return fake


@pytest.fixture
def driver(
    tmp_path: Path, fake: FakeDiscourse, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Driver]:
    with serve(fake) as url:
        monkeypatch.setenv("DESKAPP_CONFIG", str(write_config(tmp_path, url)))
        monkeypatch.setenv("DESKAPP_API_KEY", API_KEY)
        driver = Driver()
        try:
            yield driver
        finally:
            driver.close()


def test_desks_opening_a_new_store_at_once_both_open_it(
    driver: Driver, tmp_path: Path
) -> None:
    """Four desks start on a store that does not exist yet, in the same
    millisecond: each opens it (it is created and migrated once)."""
    for n in range(5):
        path = tmp_path / f"new{n}.sqlite"
        said = driver.task(
            {"mode": "open", "path": str(path), "at": time.time() + 0.3, "copies": 4}
        )
        assert [line for line in said if "error" in line] == []
        assert sorted(line["opened"] for line in said if "opened" in line) == [
            0, 1, 2, 3,
        ]  # fmt: skip
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def test_two_sessions_lose_no_write_and_send_each_reply_once(
    driver: Driver, tmp_path: Path, fake: FakeDiscourse
) -> None:
    replies = [
        [[SHARED[n % len(SHARED)], f"Sessie {copy}, antwoord {n:02d}: wij bellen u."]
         for n in range(REPLIES)]
        for copy in (0, 1)
    ]  # fmt: skip
    drafts = [list(range(FIRST, FIRST + 10)), list(range(FIRST + 10, FIRST + 20))]
    said = driver.task(
        {"mode": "busy", "copies": 2, "replies": replies, "drafts": drafts}
    )
    assert [line for line in said if "error" in line] == []  # no "locked", nothing
    said += driver.task({"mode": "push"})
    assert [line for line in said if "error" in line] == []

    store = Store(tmp_path / "store.sqlite")
    try:
        # every draft as its session last saved it
        last: dict[int, str] = {}
        for question, body in (line["draft"] for line in said if "draft" in line):
            last[question] = body
        assert {d.question_id: d.body for d in store.drafts(FORUM)} == last
        # every counted use counted
        uses = sum(1 for line in said if "used" in line)
        assert uses == 2 * REPLIES
        assert store.template_uses()["gedeeld"] == uses
        # every reply sent once, in the order queued
        entries = store.entries(FORUM, list(OutboxState))
    finally:
        store.close()
    assert len(entries) == 2 * REPLIES
    assert {e.state for e in entries} == {OutboxState.SENT}
    posted = Counter(
        p.raw for q in SHARED for p in fake.topics[q].posts if p.user == "sanne"
    )
    assert set(posted) == {e.payload["body"] for e in entries}
    assert set(posted.values()) == {1}
    for question in SHARED:
        order = [e.payload["body"] for e in entries if e.question_id == question]
        on_forum = [p.raw for p in fake.topics[question].posts if p.user == "sanne"]
        assert on_forum == order
    # both sessions did send (they shared the work, not one alone)
    owners = {e.owner for e in entries}
    assert len(owners) >= 2, owners


def test_two_sessions_typing_one_draft_keep_every_line(
    driver: Driver, tmp_path: Path
) -> None:
    """Both sessions type into the same question's draft at once, saving as
    the composer does: the draft ends up holding every line of both; the
    last save does not win over the other's."""
    lines = 40
    said = driver.task(
        {
            "mode": "cowrite",
            "copies": 2,
            "question": FIRST,
            "lines": lines,
            "at": time.time() + 1.0,  # both begin together
        }
    )
    assert [line for line in said if "error" in line] == []
    assert sum(1 for line in said if "done" in line) == 2
    assert any("merged" in line for line in said)  # they did meet
    store = Store(tmp_path / "store.sqlite")
    try:
        (draft,) = store.drafts(FORUM, FIRST)
    finally:
        store.close()
    typed = {f"Sessie {c} regel {n:02d}" for c in (0, 1) for n in range(lines)}
    assert typed <= set(draft.body.split("\n"))


def ours(fake: FakeDiscourse) -> list[FPost]:
    """Every post of the desk's account."""
    return [p for t in fake.topics.values() for p in t.posts if p.user == "sanne"]


def test_the_app_beside_a_busy_session_shows_no_store_error(
    driver: Driver, tmp_path: Path, fake: FakeDiscourse
) -> None:
    """The real app in a pty syncs, types and sends while a second session
    writes the same store: it never says the store is locked (or any store
    error), and its reply reaches the forum once."""
    from tests.test_kill_draft import Terminal, wait_for

    store = tmp_path / "store.sqlite"
    term = Terminal()
    try:
        wait_for(lambda: term.shows("Concepten"))
        replies = [[[SHARED[n % len(SHARED)], f"Sessie 1, antwoord {n:02d}."]
                    for n in range(REPLIES)]]  # fmt: skip
        driver.run({"mode": "busy", "replies": replies,
                    "drafts": [list(range(FIRST, FIRST + 10))]})  # fmt: skip
        for _ in range(3):
            term.type("r")  # sync now, as the other session writes
            time.sleep(0.3)
        text = "Beste klant, dit komt uit het andere venster."
        term.press_until("\r", "Accepteer")
        term.press_until("r", "Versturen")
        term.type(text, pause=0.01)
        term.press_until("\x13", "versturen in")
        term.type("j")
        said: list[dict[str, object]] = []
        while "over" not in (line := driver.lines.get(timeout=120)):
            said.append(line)
        wait_for(lambda: any(p.raw.endswith(text) for p in ours(fake)))
        time.sleep(1.0)  # anything the app would still say
    finally:
        term.kill()
    screen = bytes(term.output).lower()
    assert b"locked" not in screen and b"store error" not in screen
    assert [line for line in said if "error" in line] == []
    posted = Counter(p.raw for p in ours(fake))
    assert [n for raw, n in posted.items() if raw.endswith(text)] == [1]
    assert all(posted[body] == 1 for _, body in replies[0])
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
