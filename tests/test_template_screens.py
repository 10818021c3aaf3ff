"""The template picker as an adviser drives it: filter, choose, fill in, manage."""

from __future__ import annotations

import dataclasses
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, Static, TextArea

from deskapp.config import TemplatesConfig, demo_config
from deskapp.models import Person, Role
from deskapp.screens.template_dialogs import TemplateConfirm, TemplateFields
from deskapp.screens.template_editor import TemplateEditor
from deskapp.screens.templates import TemplatePicker
from deskapp.templates import TemplateContext, TemplateLibrary, load_library

TODAY = date(2026, 11, 29)
CONTEXT = TemplateContext(
    today=TODAY,
    client=Person("fatima_y", "Fatima Yilmaz", Role.CLIENT),
    staff=Person("sanne.werkplein", "Sanne de Vries", Role.STAFF),
    question_title="Hoe lang duurt mijn aanvraag?",
    category_slug="inkomen-uitkering",
    tags=("participatiewet",),
)
TEAM = """\
[[template]]
slug = "wachttijd"
name = "Wachttijd aanvraag"
categories = ["inkomen-uitkering"]
body = "Beste {client}, uw aanvraag van {datum} is in behandeling. {staff}"

[[template]]
slug = "reiskosten"
name = "Reiskosten sollicitatie"
categories = ["inkomen-uitkering"]
review_by = 2026-11-01
body = "Declareer binnen {termijn}."

[[template]]
slug = "wmo"
name = "Doorverwijzing Wmo-loket"
categories = ["zorg-wmo"]
body = "Beste {client}, het Wmo-loket helpt u verder."
"""
MINE = 'name = "Mijn groet"\nbody = "Hoi {client}!"\n'


class FakeUsage:
    """A dict-backed usage log."""

    def __init__(self) -> None:
        self.uses: dict[str, int] = {}

    def template_uses(self) -> dict[str, int]:
        return dict(self.uses)

    def record_template_use(self, key: str) -> None:
        self.uses[key] = self.uses.get(key, 0) + 1


class PickerApp(App[None]):
    """Opens the picker, as the composer does, and keeps what it returns."""

    def __init__(self, library: TemplateLibrary, context: TemplateContext = CONTEXT):
        super().__init__()
        self.library, self.context = library, context
        self.result: Any = "open"

    def on_mount(self) -> None:
        self.push_screen(TemplatePicker(self.library, self.context), self.done)

    def done(self, text: str | None) -> None:
        self.result = text


def make_library(tmp_path: Path, team: str | None = TEAM) -> TemplateLibrary:
    """Templates of a config in ``tmp_path``: TEAM, or the example set if None."""
    files: tuple[Path, ...] | None = None
    if team is not None:
        (tmp_path / "team.toml").write_text(team, encoding="utf-8")
        files = (tmp_path / "team.toml",)
    config = dataclasses.replace(
        demo_config(), path=tmp_path / "config.toml",
        templates=TemplatesConfig(team=files, werkplein="Werkplein Eemsdelta"),
    )  # fmt: skip
    return load_library(config, FakeUsage())


def with_mine(tmp_path: Path) -> TemplateLibrary:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "groet.toml").write_text(MINE, encoding="utf-8")
    return make_library(tmp_path)


def listed(app: App[Any]) -> list[str]:
    """The names in the picker's list, top to bottom."""
    options = app.screen.query_one("#picker-list", OptionList)
    return [str(o.prompt).split("  ")[0].strip() for o in options.options]


def preview(app: App[Any]) -> str:
    return str(app.screen.query_one("#picker-preview-text", Static).content)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])
    await pilot.pause()


# --- finding and choosing ---------------------------------------------------------


async def test_the_question_scope_comes_first_with_a_preview(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert listed(app) == [
            "Reiskosten sollicitatie",
            "Wachttijd aanvraag",
            "Doorverwijzing Wmo-loket",
        ]
        assert "controleren" in str(app.screen.query_one(OptionList).options[0].prompt)
        await pilot.press("down")
        assert preview(app).startswith("Beste Fatima Yilmaz, uw aanvraag van {datum}")
        assert app.screen.query_one("#picker-search", Input).has_focus


async def test_typing_filters_the_list(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "wmo")
        assert listed(app) == ["Doorverwijzing Wmo-loket"]
        await type_text(pilot, "zzz")
        assert listed(app) == []
        label = app.screen.query_one("#picker-preview-title", Label)
        assert "Geen sjabloon gevonden" in str(label.content)


async def test_choosing_asks_the_fields_then_inserts(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    app = PickerApp(library)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "wachttijd")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TemplateFields)
        await type_text(pilot, "12 oktober")
        fields_preview = app.screen.query_one("#fields-preview-text", Static)
        assert "uw aanvraag van 12 oktober" in str(fields_preview.content)
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == (
        "Beste Fatima Yilmaz, uw aanvraag van 12 oktober is in behandeling."
        " Sanne de Vries"
    )
    assert library.uses("team:team:wachttijd") == 1
    assert library._usage.uses == {"team:team:wachttijd": 1}  # type: ignore[attr-defined]


async def test_every_field_must_be_filled_in(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "wachttijd")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TemplateFields)
        assert any("Vul eerst alle velden in" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
    assert app.result == "open"


async def test_a_template_without_fields_inserts_at_once(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "wmo")
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == "Beste Fatima Yilmaz, het Wmo-loket helpt u verder."


async def test_a_stale_template_warns_before_it_is_inserted(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # the top one: Reiskosten, past its date
        await pilot.pause()
        assert isinstance(app.screen, TemplateConfirm)
        text = str(app.screen.query_one(".template-dialog-text", Static).content)
        assert text == (
            "Deze sjabloon moest uiterlijk 1 november 2026 worden nagekeken:"
            " bedragen en regels kunnen veranderd zijn."
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # insert anyway
        await pilot.pause()
        await type_text(pilot, "4 weken")
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == "Declareer binnen 4 weken."


async def test_escape_inserts_nothing(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


async def test_skipped_files_are_reported_on_opening(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path, TEAM + "[[template]]\nname = 3\n"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("team.toml: sjabloon 4: name ontbreekt" in m for m in messages)


# --- managing personal templates ---------------------------------------------------


async def test_create_a_personal_template(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "n")
        await pilot.pause()
        assert isinstance(app.screen, TemplateEditor)
        await type_text(pilot, "Bedankt")
        await pilot.press("tab")
        await type_text(pilot, "inkomen-uitkering")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "Dank u, {client}.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        assert "Bedankt" in listed(app)
        assert app.screen.current is not None
        assert app.screen.current.key == "personal:bedankt"
        assert preview(app) == "Dank u, Fatima Yilmaz."
    saved = tomllib.loads((tmp_path / "templates" / "bedankt.toml").read_text())
    assert saved == {"name": "Bedankt", "categories": ["inkomen-uitkering"],
                     "tags": [], "body": "Dank u, {client}.\n"}  # fmt: skip


async def test_the_editor_refuses_a_bad_date_and_keeps_the_text(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "n")
        await pilot.pause()
        await type_text(pilot, "Nieuw")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "morgen")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TemplateEditor)
        error = app.screen.query_one("#editor-error", Label)
        assert "Schrijf de datum als 2027-01-31" in str(error.content)
        await pilot.press("escape")  # changed: asks first
        await pilot.pause()
        assert isinstance(app.screen, TemplateConfirm)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TemplateEditor)
        assert app.screen.query_one("#editor-name", Input).value == "Nieuw"
    assert not (tmp_path / "templates").exists()


async def test_edit_a_personal_template(tmp_path: Path) -> None:
    app = PickerApp(with_mine(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "groet")
        await pilot.press("tab", "e")
        await pilot.pause()
        assert isinstance(app.screen, TemplateEditor)
        body = app.screen.query_one("#editor-body", TextArea)
        body.text = "Goedemiddag {client}!"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert preview(app) == "Goedemiddag Fatima Yilmaz!"
    saved = tomllib.loads((tmp_path / "templates" / "groet.toml").read_text())
    assert saved["body"] == "Goedemiddag {client}!\n"
    assert saved["name"] == "Mijn groet"


async def test_delete_asks_first(tmp_path: Path) -> None:
    app = PickerApp(with_mine(tmp_path))
    file = tmp_path / "templates" / "groet.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "groet")
        await pilot.press("tab", "x")
        await pilot.pause()
        assert isinstance(app.screen, TemplateConfirm)
        await pilot.press("escape")
        await pilot.pause()
        assert file.exists()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert "Mijn groet" not in listed(app)
    assert not file.exists()


async def test_a_team_template_is_copied_to_edit_it(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "wmo")
        await pilot.press("tab", "e")
        await pilot.pause()
        assert isinstance(app.screen, TemplateConfirm)
        assert "is van het team" in str(
            app.screen.query_one(".template-dialog-text", Static).content
        )
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, TemplateEditor)
        name = app.screen.query_one("#editor-name", Input)
        assert name.value == "Doorverwijzing Wmo-loket (kopie)"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert "Doorverwijzing Wmo-loket (kopie)" in listed(app)
    assert (tmp_path / "templates" / "doorverwijzing-wmo-loket-kopie.toml").is_file()
    assert "het Wmo-loket" in (tmp_path / "team.toml").read_text()


async def test_a_team_template_cannot_be_deleted(tmp_path: Path) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "wmo")
        await pilot.press("tab", "x")
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        messages = [n.message for n in app._notifications]
        assert listed(app) == ["Doorverwijzing Wmo-loket"]
    assert any("is van het team" in m and "Met d maakt u" in m for m in messages)


@pytest.mark.parametrize("key", ["n", "e", "d", "x"])
async def test_letters_in_the_search_box_are_typed(tmp_path: Path, key: str) -> None:
    app = PickerApp(make_library(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        assert app.screen.query_one("#picker-search", Input).value == key
