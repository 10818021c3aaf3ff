"""Plain mode (--plain, plain = true): a linear layout without box drawing,
block-character scrollbars, spinners or animation, for screen readers and
dumb terminals."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.widgets import TextArea

from deskapp.app import DeskApp
from deskapp.cli import build_parser
from deskapp.screens.help import HelpScreen
from deskapp.screens.question import QuestionScreen
from tests.inbox_app import quiet_desk
from tests.screen_text import screen_text
from tests.test_inbox import settle

BOX_AND_BLOCKS = [chr(c) for c in range(0x2500, 0x25A0)]
"""Box drawing (U+2500–U+257F) and block elements (U+2580–U+259F)."""


def drawn(app: DeskApp) -> set[str]:
    """The box-drawing and block characters on the screen."""
    return {c for c in screen_text(app) if c in BOX_AND_BLOCKS}


def test_plain_is_an_option_of_the_desk() -> None:
    assert build_parser().parse_args(["--plain"]).plain is True
    assert build_parser().parse_args([]).plain is False


async def test_no_box_drawing_on_the_inbox_a_question_and_the_help(
    tmp_path: Path,
) -> None:
    """Inbox, question (with the reply open), help and a dialog: plain text only."""
    app = DeskApp(quiet_desk(tmp_path), plain=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        assert app.animation_level == "none"
        assert "Mijn uitkering is gestopt" in screen_text(app)
        assert drawn(app) == set()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "inbox.search" in screen_text(app)
        assert drawn(app) == set()
        await pilot.press("escape", "enter")
        await settle(app)
        await pilot.pause(0.2)
        assert isinstance(app.screen, QuestionScreen)
        assert "Mijn uitkering is gestopt" in screen_text(app)
        assert drawn(app) == set()
        assert "|" in screen_text(app)  # the post cursor, in ASCII
        await pilot.press("question_mark")
        await pilot.pause()
        assert drawn(app) == set()
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"thema")
        await pilot.pause(0.5)
        assert "Thema kiezen" in screen_text(app)  # the command palette
        assert drawn(app) == set()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause(0.2)
        editor = app.screen.query_one(TextArea)
        assert editor.has_focus and not editor.cursor_blink
        assert drawn(app) == set()


async def test_plain_from_the_config(tmp_path: Path) -> None:
    """plain = true in the config does what --plain does."""
    desk = quiet_desk(tmp_path)
    desk.config = dataclasses.replace(desk.config, plain=True)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)):
        await settle(app)
        assert app.plain and app.has_class("-plain")
        assert drawn(app) == set()


async def test_without_plain_the_desk_draws_as_before(tmp_path: Path) -> None:
    """The check above can fail: the normal help has its rounded border."""
    app = DeskApp(quiet_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "╭" in drawn(app)
