"""The knowledge-base screens at 80×24 (SVG snapshots)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from tests.inbox_app import QuestionHarness
from tests.test_inbox import settle
from tests.test_kb_panel import kb_desk as articles_desk
from tests.test_promote import kb_desk as promote_desk

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    """One timezone, and no blinking cursor in the picture."""
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


async def _shown(pilot: Pilot[None]) -> None:
    """Loaded and mounted; text areas without a blinking cursor."""
    await settle(pilot.app)  # type: ignore[arg-type]
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


def test_promote_screen_with_findings(tmp_path: Path, snap_compare: Any) -> None:
    """The draft article above; BSN, IBAN, phone and name listed below, one
    dismissed with its reason."""

    async def promote(pilot: Pilot[None]) -> None:
        await _shown(pilot)
        await pilot.press("]", "P")
        await _shown(pilot)
        await pilot.press("down", "down", "down", "d", *"voorbeeld", "enter")
        await _shown(pilot)
        await pilot.press("home")
        await _shown(pilot)

    app = QuestionHarness(promote_desk(tmp_path), 7)
    assert snap_compare(app, terminal_size=SIZE, run_before=promote)


def test_thread_with_a_marked_client_post(tmp_path: Path, snap_compare: Any) -> None:
    """The client's post says which kinds of personal data it holds."""
    app = QuestionHarness(promote_desk(tmp_path), 7)
    assert snap_compare(app, terminal_size=SIZE, run_before=_shown)


def test_kb_panel_beside_the_thread(tmp_path: Path, snap_compare: Any) -> None:
    """F4: the articles for the question beside the thread, the first chosen."""

    async def panel(pilot: Pilot[None]) -> None:
        await _shown(pilot)
        await pilot.press("f4")
        await _shown(pilot)

    app = QuestionHarness(articles_desk(tmp_path), 1)
    assert snap_compare(app, terminal_size=SIZE, run_before=panel)
