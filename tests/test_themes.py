"""Themes: 16 colours over SSH pick the ANSI theme, mono keeps the cursor row
visible, and a theme picked in the palette sticks."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from rich.style import Style
from textual.strip import Strip

from deskapp.app import DeskApp
from deskapp.config import ConfigError, data_dir, load_config
from deskapp.configschema import THEMES
from deskapp.screens import themes
from tests.inbox_app import quiet_desk
from tests.screen_text import strips
from tests.test_inbox import settle

CURSOR_ROW = 3
"""The inbox's first question row (below the tabs, counts and header)."""


def look(strip: Strip) -> set[tuple[object, ...]]:
    """How a row looks: colours and emphasis of its text, not the text itself."""
    out = set()
    for seg in strip:
        if seg.text.strip():
            s = seg.style or Style()
            out.add((s.color, s.bgcolor, s.reverse, s.bold, s.underline))
    return out


def assert_cursor_stands_out(rows: list[Strip]) -> None:
    """The cursor row looks unlike each of the four other question rows."""
    cursor = look(rows[CURSOR_ROW])
    others = [look(r) for r in rows[CURSOR_ROW + 1 : CURSOR_ROW + 5]]
    assert all(other and other != cursor for other in others)
    assert look(rows[CURSOR_ROW + 3]) == look(rows[CURSOR_ROW + 4])  # a plain pair


def desk_app(tmp_path: Path, theme: str | None = None) -> DeskApp:
    """The desk over the known questions, with ``theme`` in its config."""
    desk = quiet_desk(tmp_path)
    desk.config = dataclasses.replace(desk.config, theme=theme)
    return DeskApp(desk)


def test_the_config_names_every_theme_the_desk_has() -> None:
    """The config accepts exactly Textual's themes and the mono one."""
    assert sorted(THEMES) == sorted(themes.all_theme_names())


def test_a_misspelt_theme_in_the_config_gets_the_nearest(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "ansi-drak"\n[forums.demo]\nkind = "demo"\n')
    with pytest.raises(ConfigError, match="ansi-dark"):
        load_config(path)
    path.write_text(
        'theme = "deskapp-mono"\nplain = true\n[forums.demo]\nkind = "demo"\n'
    )
    config = load_config(path)
    assert (config.theme, config.plain) == ("deskapp-mono", True)


@pytest.mark.parametrize(
    ("configured", "choice", "colours", "expected"),
    [
        (None, None, "standard", "ansi-dark"),  # TERM=xterm, no COLORTERM
        (None, None, None, "ansi-dark"),  # no colours at all
        (None, None, "truecolor", None),  # Textual's default
        (None, None, "256", None),
        ("nord", None, "standard", "nord"),  # the config wins over the terminal
        ("nord", {"theme": "dracula", "config_theme": "nord"}, "standard", "dracula"),
        ("gruvbox", {"theme": "dracula", "config_theme": "nord"}, None, "gruvbox"),
        (
            None,
            {"theme": "deskapp-mono", "config_theme": ""},
            "truecolor",
            "deskapp-mono",
        ),
        (None, {"theme": "gone", "config_theme": ""}, "standard", "ansi-dark"),
    ],
)
def test_the_theme_the_desk_starts_with(
    configured: str | None, choice: dict[str, str] | None, colours: str | None,
    expected: str | None,
) -> None:  # fmt: skip
    """A palette pick while the config says the same; else the config; else
    the ANSI theme on a terminal of 16 colours or fewer."""
    assert themes.choose_theme(configured, choice, colours) == expected


async def test_sixteen_colours_start_with_the_ansi_theme(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TERM=xterm without COLORTERM: Rich says "standard", the desk picks ansi-dark."""
    monkeypatch.setattr(DeskApp, "terminal_colours", lambda self: "standard")
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)):
        await settle(app)
        assert app.theme == "ansi-dark"


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light", "deskapp-mono"])
async def test_the_cursor_row_stands_out_with_and_without_focus(
    tmp_path: Path, theme: str
) -> None:
    """In the 16-colour and mono themes the row under the cursor looks unlike
    the others, also while the search box has the focus."""
    app = desk_app(tmp_path, theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        assert app.theme == theme
        assert_cursor_stands_out(strips(app))
        await pilot.press("slash")  # the search box takes the focus
        await pilot.pause()
        assert not app.screen.query_one("#questions").has_focus
        assert_cursor_stands_out(strips(app))


async def test_mono_uses_no_colour(tmp_path: Path) -> None:
    """deskapp-mono: every cell in the terminal's own foreground and background."""
    app = desk_app(tmp_path, "deskapp-mono")
    async with app.run_test(size=(80, 24)):
        await settle(app)
        for strip in strips(app):
            for seg in strip:
                style = seg.style or Style()
                for colour in (style.color, style.bgcolor):
                    assert colour is None or colour.is_default, (seg.text, style)


async def test_a_theme_picked_in_the_palette_sticks(tmp_path: Path) -> None:
    """The palette's "Thema kiezen" lists the themes; the pick is kept in the
    data directory and the next start uses it (the config is not touched)."""
    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"thema kiezen")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"deskapp-mono")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.theme == "deskapp-mono"
    saved = json.loads((data_dir() / themes.STATE_FILE).read_text())
    assert saved["theme"] == "deskapp-mono"
    (tmp_path / "again").mkdir()
    again = desk_app(tmp_path / "again")
    async with again.run_test(size=(80, 24)):
        assert again.theme == "deskapp-mono"


async def test_the_start_theme_is_not_kept_as_a_pick(tmp_path: Path) -> None:
    """Only a pick is kept: the theme the desk chose itself leaves no file."""
    app = desk_app(tmp_path, "nord")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause(0.1)
        assert app.theme == "nord"
    assert not (data_dir() / themes.STATE_FILE).exists()


async def test_the_palette_speaks_the_desks_language(tmp_path: Path) -> None:
    """ctrl+p: the search line and Textual's own commands in Dutch, and one
    theme command (the desk's, which keeps the pick), not also Textual's
    English "Theme"."""
    from textual.command import CommandInput, CommandList

    app = desk_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        palette = app.screen
        assert palette.query_one(CommandInput).placeholder == "Zoek een opdracht…"
        listed = palette.query_one(CommandList)
        for _ in range(100):  # the commands arrive from their providers
            if listed.option_count:
                break
            await pilot.pause(0.05)
        titles = [
            str(listed.get_option_at_index(n).prompt).split("\n")[0]
            for n in range(listed.option_count)
        ]
        assert "Stoppen" in titles and "Schermafdruk" in titles, titles
        assert "Thema kiezen" in titles, titles
        assert not {"Quit", "Theme", "Screenshot", "Keys"} & set(titles), titles
