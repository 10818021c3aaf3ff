"""Screens at 80×24, as an adviser over SSH sees them (SVG snapshots)."""

from __future__ import annotations

from pathlib import Path

from deskapp.app import DeskApp
from tests.inbox_app import quiet_desk

SIZE = (80, 24)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the first load and sync finish."""
    from tests.test_inbox import settle

    await settle(pilot.app)
    await pilot.pause()


def test_inbox(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The inbox on its first tab."""
    assert snap_compare(
        DeskApp(quiet_desk(tmp_path)), terminal_size=SIZE, run_before=_settle
    )


def test_inbox_searching(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Search as you type, with the matches marked."""

    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("slash", *"kosten")
        await _settle(pilot)

    assert snap_compare(
        DeskApp(quiet_desk(tmp_path)), terminal_size=SIZE, run_before=search
    )


def test_help(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """? lists the keys of the inbox."""

    async def help_(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(
        DeskApp(quiet_desk(tmp_path)), terminal_size=SIZE, run_before=help_
    )


def test_filters(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """f opens the filter panel."""

    async def filters(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("f")
        await pilot.pause()

    assert snap_compare(
        DeskApp(quiet_desk(tmp_path)), terminal_size=SIZE, run_before=filters
    )


def test_question(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """A thread with roles, times and Markdown."""

    async def open_second(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("j", "enter")
        await _settle(pilot)

    assert snap_compare(
        DeskApp(quiet_desk(tmp_path)), terminal_size=SIZE, run_before=open_second
    )
