"""The template picker at 80×24, as an adviser over SSH sees it (SVG snapshots)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.test_template_screens import PickerApp, make_library, type_text

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text cursor does not blink, so the picture does not depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)


def test_picker_with_preview(tmp_path: Path, snap_compare: Any) -> None:
    """The example set for an income question: in scope first, one to check."""

    async def move(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()

    app = PickerApp(make_library(tmp_path, team=None))
    assert snap_compare(app, terminal_size=SIZE, run_before=move)


def test_fields_prompt(tmp_path: Path, snap_compare: Any) -> None:
    """Choosing a template with a custom field asks for it, with a live preview."""

    async def choose(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "wachttijd")
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "12 oktober")

    app = PickerApp(make_library(tmp_path, team=None))
    assert snap_compare(app, terminal_size=SIZE, run_before=choose)


def test_stale_warning(tmp_path: Path, snap_compare: Any) -> None:
    """A template past its review date warns before it is inserted."""

    async def choose(pilot: Pilot[Any]) -> None:
        await type_text(pilot, "reiskosten")
        await pilot.press("enter")
        await pilot.pause()

    app = PickerApp(make_library(tmp_path, team=None))
    assert snap_compare(app, terminal_size=SIZE, run_before=choose)
