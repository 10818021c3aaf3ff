"""The backlog screen at 80×24 and in a wide terminal (SVG snapshots)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from deskapp.app import DeskApp
from deskapp.screens.backlog import BacklogScreen
from tests.inbox_app import quiet_desk
from tests.test_inbox import settle


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    """One timezone for every time on screen."""
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()


async def _backlog(pilot: Pilot[int]) -> None:
    """Open the backlog screen with B and wait for its figures: every table
    filled and shown, the first one focused, and two pictures in a row alike.

    The figures are read in a worker that may not have started when B's
    press returns, so waiting for the workers alone is not enough: on a
    loaded machine the picture was taken of the empty screen."""
    await settle(pilot.app)  # type: ignore[arg-type]
    await pilot.press("B")
    screen = pilot.app.screen
    assert isinstance(screen, BacklogScreen)
    table = screen.query_one("#by-category", DataTable)
    for _ in range(600):  # up to a minute on a very busy machine
        if screen.figures is not None and pilot.app.focused is table:
            break
        await pilot.pause(0.1)
    else:
        raise AssertionError("the backlog's figures did not arrive")
    await settle(pilot.app)  # type: ignore[arg-type]
    await pilot.wait_for_scheduled_animations()
    previous = None
    for _ in range(50):  # the charts size themselves once laid out
        await pilot.pause(0.05)
        shot = pilot.app.export_screenshot()
        if shot == previous:
            break
        previous = shot


# At 80x24 the first table's header and cursor row are drawn with or without
# their colours from run to run (a Textual DataTable timing), so that screen
# is covered by the scrolled 80x24 snapshot below and the Pilot tests.
@pytest.mark.parametrize("size", [(120, 40), (160, 45)], ids=["120x40", "160x45"])
def test_backlog_screen(
    tmp_path: Path, snap_compare: Any, size: tuple[int, int]
) -> None:
    """Headline, the category-by-waiting-time table, urgency and state; at
    120×40 also the overdue list and staff load; from 140 columns the trends
    and success figures stand beside them."""
    app = DeskApp(quiet_desk(tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=_backlog)


def test_backlog_screen_trends_and_success(tmp_path: Path, snap_compare: Any) -> None:
    """Scrolled to the end at 80×24: the trend charts and the success figures."""

    async def scrolled(pilot: Pilot[int]) -> None:
        """At the end, and still there (with the same picture) a moment later:
        the page can grow after a scroll while its charts lay out."""
        await _backlog(pilot)
        body = pilot.app.screen.query_one("#backlog-body")
        previous = None
        for _ in range(200):
            body.scroll_end(animate=False, immediate=True)
            await pilot.pause(0.05)
            now = (body.scroll_y, body.max_scroll_y, pilot.app.export_screenshot())
            at_end = body.max_scroll_y and body.scroll_y >= body.max_scroll_y
            if at_end and now == previous:
                break
            previous = now
        else:
            raise AssertionError("the backlog page did not come to rest at its end")

    app = DeskApp(quiet_desk(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=scrolled)
