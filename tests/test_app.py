"""The desk as a user drives it: keys in, screens and notifications out."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from deskapp.app import DeskApp
from deskapp.config import demo_config
from deskapp.desk import Desk
from deskapp.screens.inbox import InboxScreen
from deskapp.screens.question import QuestionScreen
from deskapp.store import Store
from deskapp.triage import TriageRules
from deskapp.widgets.question_table import QuestionTable
from deskapp.widgets.thread_view import ThreadView
from tests.factories import (
    ADVISER,
    CATEGORIES,
    CLIENT,
    OTHER_CLIENT,
    PEER,
    STAFF,
    T0,
    make_thread,
)  # fmt: skip

NOW = T0 + timedelta(days=2)
HOSTILE_TITLE = "[@click=app.quit]Klik[/] \x1b]52;c;ZXZpbA==\x1b\\[OPGELOST] Huur"


def make_desk(tmp_path: Path) -> Desk:
    """A desk over a store holding a handful of known threads."""
    config = dataclasses.replace(demo_config(), store_path=tmp_path / "s.sqlite")
    store = Store(config.store_path)
    store.save_categories("demo", CATEGORIES)
    threads = [
        make_thread(1, "Mijn uitkering is gestopt, wat nu?", [CLIENT], start=T0),
        make_thread(
            2, "Gesprek met klantmanager voorbereiden", [OTHER_CLIENT, STAFF, OTHER_CLIENT],
            texts=["Hoe bereid ik me voor?", "Neem uw **loonstroken** mee.", "Dank!"],
            start=T0 - timedelta(days=1), category_id=2, assigned_to="j.devries",
        ),
        make_thread(3, HOSTILE_TITLE, [CLIENT, PEER], start=T0 + timedelta(hours=5)),
        make_thread(4, "Kostendelersnorm bij inwonende zoon", [CLIENT, ADVISER]),
        make_thread(5, "Opgelost", [CLIENT, STAFF], accepted_post_id=502),
    ]  # fmt: skip
    store.save_threads("demo", threads, TriageRules())
    profile = dataclasses.replace(config.forum(), api_username="j.devries")
    return Desk(config, profile, store, clock=lambda: NOW)


async def test_inbox_lists_open_questions_urgent_first(tmp_path: Path) -> None:
    """The inbox opens on the open questions, urgent on top, solved left out."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(QuestionTable)
        assert [i.id for i in table.items] == [1, 2, 3, 4]
        counts = str(app.screen.query_one("#counts").render())
        assert "4 open" in counts
        assert "1 urgent" in counts
        assert "1 van mij" in counts


async def test_enter_opens_the_thread_and_escape_returns(tmp_path: Path) -> None:
    """j moves down, enter shows every post with its role, esc goes back."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.question_id == 2
        text = "\n".join(
            str(w.render()) for w in app.screen.query_one(ThreadView).children
        )
        assert "[Werkplein]" in text
        assert "[klant]" in text
        assert "Neem uw **loonstroken** mee." in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        assert app.screen.query_one(QuestionTable).current_id == 2


async def test_hostile_title_is_shown_as_plain_text(tmp_path: Path) -> None:
    """Markup in a post is text, not an action; escapes never reach the screen."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(120, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(QuestionTable)
        row = [i.id for i in table.items].index(3)
        cell = table.get_row_at(row)[4]
        assert cell.plain == "[@click=app.quit]Klik[/] [OPGELOST] Huur"
        assert "\x1b" not in cell.plain
        await pilot.click(QuestionTable, offset=(40, row + 1))
        await pilot.pause()
        assert app.is_running


async def test_failed_sync_is_a_notification_not_a_crash(tmp_path: Path) -> None:
    """With the demo forum file missing, r tells why and the inbox stays."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors
        assert "demo seed" in errors[-1].message
        assert len(app.screen.query_one(QuestionTable).items) == 4
        assert "offline" in str(app.screen.query_one("#status").render())


@pytest.fixture
def pinned_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    """Render local times in one timezone wherever the tests run."""
    import time

    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()


def test_inbox_snapshot(tmp_path: Path, snap_compare, pinned_tz: None) -> None:  # type: ignore[no-untyped-def]
    """The inbox at 80×24 as an adviser over SSH sees it."""

    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = DeskApp(make_desk(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


def test_question_snapshot(tmp_path: Path, snap_compare, pinned_tz: None) -> None:  # type: ignore[no-untyped-def]
    """A thread at 80×24: roles, times, and the text as written."""

    async def open_second(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.app.workers.wait_for_complete()
        await pilot.press("j", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = DeskApp(make_desk(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_second)
