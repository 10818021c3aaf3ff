"""Quitting while store writes are still on their way (another session holds
the store): said, and the desk quits once they are done."""

from __future__ import annotations

import threading
from pathlib import Path

from deskapp.app import DeskApp
from deskapp.errors import StoreError
from tests.inbox_app import quiet_desk
from tests.test_inbox import settle


async def test_q_with_a_write_on_its_way_says_so_and_quits_after_it(
    tmp_path: Path,
) -> None:
    """A write waits for the store; q: a notice says a change is being
    saved and the desk stays; once the write is done it quits by itself."""
    desk = quiet_desk(tmp_path)
    app = DeskApp(desk)
    release = threading.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        desk.write_later(lambda: release.wait(timeout=30))
        await pilot.press("q")
        await pilot.pause(0.2)
        assert app.is_running
        said = [n.message for n in app._notifications]
        assert any("wordt opgeslagen" in m for m in said), said
        release.set()
        for _ in range(100):
            if not app.is_running:
                break
            await pilot.pause(0.05)
        assert not app.is_running
    assert desk.pending_writes() == 0


async def test_q_without_writes_quits_at_once(tmp_path: Path) -> None:
    app = DeskApp(quiet_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_q_stays_when_the_write_it_waited_for_failed(tmp_path: Path) -> None:
    """The write waited for fails (the store stayed busy): the desk stays
    open and says so, rather than closing over the lost change; q again
    closes it."""
    desk = quiet_desk(tmp_path)
    app = DeskApp(desk)
    release = threading.Event()

    def busy() -> None:
        release.wait(timeout=30)
        raise StoreError("De lokale opslag is bezet door een andere deskapp.")

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        desk.write_later(busy)
        await pilot.press("q")
        await pilot.pause(0.2)
        said = [n.message for n in app._notifications]
        assert any("Nog 1 wijziging wordt opgeslagen" in m for m in said), said
        release.set()
        for _ in range(100):
            await pilot.pause(0.05)
            if any("blijft open" in n.message for n in app._notifications):
                break
        assert app.is_running
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


def test_a_wait_for_the_writes_is_not_counted_as_a_change(tmp_path: Path) -> None:
    desk = quiet_desk(tmp_path)
    release = threading.Event()
    desk.write_later(lambda: release.wait(timeout=30))
    waiting = threading.Thread(target=desk.writes_done)
    waiting.start()
    assert desk.pending_writes() == 1
    release.set()
    waiting.join(timeout=30)
    assert desk.pending_writes() == 0
