"""[keys]: every binding remapped by its id, problems said at start, and the
help screen and footer showing the keys as configured."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import MappingProxyType

from textual.pilot import Pilot
from textual.widgets import Input

from deskapp.app import DeskApp
from deskapp.config import load_config
from deskapp.screens.backlog import BacklogScreen
from deskapp.screens.help import HelpScreen
from deskapp.screens.keymap import binding_ids, check_keymap
from tests.inbox_app import quiet_desk
from tests.screen_text import screen_text
from tests.test_inbox import settle

REMAPPED = {"inbox.search": "f2", "app.backlog": "f9"}


def desk_with_keys(tmp_path: Path, keys: dict[str, str]) -> DeskApp:
    """The desk over the known questions, with ``keys`` as the config's [keys]."""
    desk = quiet_desk(tmp_path)
    desk.config = dataclasses.replace(desk.config, keys=MappingProxyType(keys))
    return DeskApp(desk)


async def footer_line(app: DeskApp, pilot: Pilot[int]) -> str:
    """The bottom line once the footer has drawn its keys."""
    for _ in range(500):  # up to 10 s on a busy machine
        line = screen_text(app).splitlines()[-1]
        if "Help" in line:
            return line
        await pilot.pause(0.02)
    raise AssertionError("the footer stays empty")


def test_every_binding_of_the_desk_has_a_known_id() -> None:
    """The ids the help screen lists are the ids [keys] accepts."""
    ids = binding_ids()
    for ident in ("inbox.search", "question.reply", "backlog.period", "app.backlog",
                  "composer.send", "question.copy_link"):  # fmt: skip
        assert ident in ids
    assert check_keymap({i: "f12" for i in ("inbox.sync",)}).problems == []


def test_unknown_ids_bad_keys_and_conflicts_are_named() -> None:
    """A typo gets the nearest id, a key Textual never sends is named, and a
    key two bindings of one screen would share names both."""
    checked = check_keymap({
        "inbox.serch": "f5", "app.backlog": "f99", "question.next": "a",
        "question.reply": "?", "inbox.sync": "ctrl+r",
    })  # fmt: skip
    text = "\n".join(checked.problems)
    assert "'inbox.serch'" in text and "'inbox.search'?" in text
    assert "f99" in text
    assert "question.accept en question.next" in text
    assert checked.keymap == {
        "question.next": "a",
        "question.reply": "question_mark",
        "inbox.sync": "ctrl+r",
    }
    assert "toets ? staat op question.help en question.reply" in text
    assert len(checked.problems) == 4


def test_a_key_the_editor_uses_is_a_conflict_while_typing() -> None:
    """f8 copies the reply while typing; on ctrl+z it would lose to the
    editor's undo. Keys shared by default (esc) are not reported."""
    checked = check_keymap(
        {"question.copy_reply": "ctrl+z", "question.back": "escape,f10"}
    )
    assert checked.problems == [
        "[keys] toets ctrl+z staat op editor.undo en question.copy_reply; geef één"
        " van beide een andere toets"
    ]


async def test_remapped_keys_work_and_the_old_keys_do_not(tmp_path: Path) -> None:
    """f2 opens the search and f9 the backlog; / and B no longer do."""
    app = desk_with_keys(tmp_path, REMAPPED)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        search = app.screen.query_one("#search", Input)
        await pilot.press("slash")
        assert not search.has_focus
        await pilot.press("f2")
        assert search.has_focus
        await pilot.press("escape")
        await pilot.press("B")
        assert not isinstance(app.screen, BacklogScreen)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, BacklogScreen)


async def test_footer_and_help_show_the_keys_as_configured(tmp_path: Path) -> None:
    """The footer names f2 for the search; the help lists f2 and f9 by id."""
    app = desk_with_keys(tmp_path, REMAPPED)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        footer = await footer_line(app, pilot)
        assert "F2 Zoek" in footer or "f2 Zoek" in footer
        assert "/ Zoek" not in footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = screen_text(app).splitlines()
        search = next(line for line in lines if "inbox.search" in line)
        assert "F2" in search.upper() and "/" not in search
        table = app.screen.table  # the rows below the fold
        keys, ids = table.columns[0]._cells, table.columns[2]._cells
        shown = {str(i): str(k) for k, i in zip(keys, ids, strict=True)}
        assert shown["app.backlog"] == "f9"


async def test_problems_with_the_keys_are_said_at_start(tmp_path: Path) -> None:
    """An unknown id and a conflict are a warning; the good remap applies."""
    app = desk_with_keys(
        tmp_path, {"inbox.serch": "f2", "inbox.drafts": "s", "app.backlog": "f9"}
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        said = [n for n in app._notifications if n.title == "Toetsen in de config"]
        assert len(said) == 1
        assert "inbox.search" in said[0].message  # the nearest id
        assert "inbox.drafts en inbox.sort" in said[0].message
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, BacklogScreen)


def test_the_config_file_keeps_the_keys_table(tmp_path: Path) -> None:
    """[keys] in the file reaches the config as written."""
    path = tmp_path / "config.toml"
    path.write_text(
        '[forums.demo]\nkind = "demo"\n[keys]\n"inbox.search" = "f2"\n"app.backlog" = "f9"\n'
    )
    assert dict(load_config(path).keys) == REMAPPED


async def test_the_help_says_how_to_close_it_as_configured(tmp_path: Path) -> None:
    """With help.close on f10, the help's last line names f10, and f10 closes it."""
    app = desk_with_keys(tmp_path, {"help.close": "f10"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "f10 sluit" in app.screen._keys_line()
        await pilot.press("f10")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_a_folded_draft_names_the_reply_key_as_configured(tmp_path: Path) -> None:
    """With question.reply on ctrl+r, the folded composer's title says so."""
    from deskapp.widgets.composer import Composer

    app = desk_with_keys(tmp_path, {"question.reply": "ctrl+r"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("enter")
        await settle(app)
        await pilot.press("ctrl+r", *"Hallo")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(Composer).has_class("-collapsed")
        text = screen_text(app)
        assert "concept (^r: verder)" in text
        assert "(r: verder)" not in text


async def test_dialogs_name_the_keys_as_configured(tmp_path: Path) -> None:
    """A remapped yes-key is the one the confirm dialog's button and hint
    name; the default ones are named without [keys]."""
    from textual.widgets import Button, Static

    from deskapp.screens.dialogs import ConfirmScreen

    for keys, button, hint in (
        ({}, "Ja (j)", "enter of j of y: ja · n of esc: nee"),
        ({"confirm.yes": "k", "confirm.no": "escape"}, "Ja (k)",
         "enter of k: ja · esc: nee"),
    ):  # fmt: skip
        (tmp_path / str(len(keys))).mkdir()
        app = desk_with_keys(tmp_path / str(len(keys)), keys)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app)
            app.push_screen(ConfirmScreen("Doorgaan?"))
            await pilot.pause()
            dialog = app.screen
            assert str(dialog.query_one("#confirm-yes", Button).label) == button
            shown = str(dialog.query_one(".dialog-keys", Static).content)
            assert shown == hint
            await pilot.press("k" if keys else "j")
            await pilot.pause()
            assert app.screen is not dialog


async def test_a_dialog_names_no_key_that_the_focused_widget_takes(
    tmp_path: Path,
) -> None:
    """``dialog.cancel = "q"``: in the snooze dialog q is typed into the
    input, so the key line does not offer it; ``confirm.no = "enter"``:
    enter presses the focused yes button, so "Nee" names no key."""
    from textual.widgets import Button, Static

    from deskapp.screens.dialogs import ConfirmScreen
    from deskapp.screens.question_dialogs import SnoozeScreen

    keys = {"dialog.cancel": "q", "confirm.no": "enter"}
    app = desk_with_keys(tmp_path, keys)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        app.push_screen(SnoozeScreen(app.desk.now().date()))
        await pilot.pause()
        await pilot.pause()
        line = str(app.screen.query_one(".dialog-keys", Static).content)
        assert line == "enter: akkoord", line
        await pilot.press("q")
        assert app.screen.query_one(Input).value == "q"
        await pilot.press("enter")  # "q" is no day: the dialog stays
        app.pop_screen()
        app.push_screen(ConfirmScreen("Doorgaan?"))
        await pilot.pause()
        await pilot.pause()
        assert str(app.screen.query_one("#confirm-no", Button).label) == "Nee"
        line = str(app.screen.query_one(".dialog-keys", Static).content)
        assert line == "enter of j of y: ja", line


def test_keys_a_dialogs_focused_widget_takes_are_reported() -> None:
    """A letter or an input key on the input dialogs' cancel, or enter on a
    dialog's answer, would never run there: said at start (and by doctor);
    ctrl+g is fine."""
    said = check_keymap({"dialog.cancel": "q"}).problems
    assert said and "invoerveld" in said[0] and "'dialog.cancel'" in said[0]
    assert check_keymap({"dialog.cancel": "ctrl+u"}).problems
    assert check_keymap({"dialog.cancel": "ctrl+g"}).problems == []
    assert check_keymap({"dialog.cancel": "alt+x"}).problems  # ESC x: an x
    said = check_keymap({"confirm.no": "enter"}).problems
    assert said and "'confirm.no'" in said[0] and "enter" in said[0]
    assert check_keymap({"confirm.yes": "k"}).problems == []
