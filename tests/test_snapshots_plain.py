"""Plain mode and the monochrome theme at 80×24, as an adviser with a screen
reader or a dumb terminal sees them (SVG snapshots)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from deskapp.app import DeskApp
from tests.inbox_app import quiet_desk
from tests.test_snapshots import SIZE, _settle


def test_plain_inbox(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """--plain: the inbox without box drawing or scrollbars."""
    assert snap_compare(
        DeskApp(quiet_desk(tmp_path), plain=True), terminal_size=SIZE,
        run_before=_settle,
    )  # fmt: skip


def test_plain_question(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """--plain: a question, the post cursor as an ASCII bar, the reply open."""

    async def answer(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("down", "enter")
        await _settle(pilot)
        await pilot.press("r", *"Dag")
        await _settle(pilot)

    assert snap_compare(
        DeskApp(quiet_desk(tmp_path), plain=True), terminal_size=SIZE,
        run_before=answer,
    )  # fmt: skip


def test_mono_inbox(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """deskapp-mono: the cursor row in reverse, no colour anywhere."""
    desk = quiet_desk(tmp_path)
    desk.config = dataclasses.replace(desk.config, theme="deskapp-mono")
    assert snap_compare(DeskApp(desk), terminal_size=SIZE, run_before=_settle)
