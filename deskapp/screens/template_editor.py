"""The editor of a personal answer template: name, scope, review date, body."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, TextArea

from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.models import Template
from deskapp.screens.template_dialogs import TemplateConfirm
from deskapp.templates import cleaned

__all__ = ["TemplateEditor", "parse_date"]

Save = Callable[[Template], Template]
"""Writes a template and returns it as saved; raises DeskError when it cannot."""

_ROWS = (
    ("name", _("Naam"), _("bijv. Wachttijd aanvraag bijstand")),
    ("categories", _("Categorieën"), _("slugs, met komma's; leeg: alle categorieën")),
    ("tags", _("Tags"), _("met komma's; leeg: geen")),
    ("review_by", _("Nakijken vóór"), _("JJJJ-MM-DD; leeg: geen datum")),
)

_HINT = _("Tekst: {client} {staff} {werkplein} {today} {question_title}; {eigen_veld}")


def parse_date(text: str) -> date | None:
    """``2027-01-31`` or ``31-01-2027``; empty is None; anything else ValueError."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return datetime.strptime(text, "%d-%m-%Y").date()


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in re.split(r"[,\s]+", text) if w)


class TemplateEditor(ModalScreen[Template | None]):
    """Edit (or create) a personal template; ctrl+s saves, escape cancels."""

    CSS_PATH = "templates.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", _("Opslaan"), id="templates.editor.save",
                tooltip=_("Sjabloon opslaan in uw eigen map")),
        Binding("escape", "cancel", _("Annuleren"), id="templates.editor.cancel",
                tooltip=_("Sluiten zonder op te slaan")),
    ]  # fmt: skip

    def __init__(self, template: Template | None, save: Save) -> None:
        """Edit ``template`` (None: a new one); ``save`` writes it. Its text
        is cleaned first: the fields show it as it is."""
        super().__init__()
        shown = cleaned(template or Template(key="", name="", body=""))
        self.original = dataclasses.replace(  # as the fields give it back
            shown, categories=_words(", ".join(shown.categories)),
            tags=_words(", ".join(shown.tags)),
        )  # fmt: skip
        self.save_with = save

    def compose(self) -> ComposeResult:
        """A row per field, the body, an error line and the keys."""
        t = self.original
        values = {
            "name": t.name, "categories": ", ".join(t.categories),
            "tags": ", ".join(t.tags),
            "review_by": t.review_by.isoformat() if t.review_by else "",
        }  # fmt: skip
        with Vertical(id="editor-panel"):
            title = _("Sjabloon bewerken") if t.key else _("Nieuwe sjabloon")
            yield Label(Content(title), classes="template-dialog-title")
            for field, label, hint in _ROWS:
                with Horizontal(classes="field-row"):
                    yield Label(Content(label), classes="field-label")
                    yield Input(values[field], placeholder=hint, id=f"editor-{field}",
                                classes="field-input",
                                select_on_focus=False)  # fmt: skip
            yield Label(Content(_HINT), id="editor-hint")
            yield TextArea(t.body, id="editor-body", soft_wrap=True)
            yield Label("", id="editor-error", markup=False)
            keys = _("ctrl+s opslaan · tab volgend veld · esc annuleren")
            yield Label(Content(keys), classes="template-keys")

    def on_mount(self) -> None:
        """Start in the name."""
        self.query_one("#editor-name", Input).focus()

    def _value(self, field: str) -> str:
        return self.query_one(f"#editor-{field}", Input).value

    def edited(self) -> Template:
        """The template as the form shows it; ValueError for a bad date."""
        return dataclasses.replace(
            self.original,
            name=self._value("name").strip(),
            categories=_words(self._value("categories")),
            tags=_words(self._value("tags")),
            review_by=parse_date(self._value("review_by")),
            body=self.query_one("#editor-body", TextArea).text,
        )

    def _error(self, message: str) -> None:
        self.query_one("#editor-error", Label).update(message)

    async def action_save(self) -> None:
        """Save and close; a problem is shown here and the text stays."""
        try:
            template = self.edited()
        except ValueError:
            self._error(_("Schrijf de datum als 2027-01-31 (of laat hem leeg)."))
            self.query_one("#editor-review_by", Input).focus()
            return
        try:
            saved = await asyncio.to_thread(self.save_with, template)
        except DeskError as err:
            self._error(str(err))
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        """Close; unsaved changes are only thrown away after asking."""
        try:
            unchanged = self.edited() == self.original
        except ValueError:
            unchanged = False
        if unchanged:
            self.dismiss(None)
            return
        question = TemplateConfirm(
            _("Wijzigingen weggooien?"),
            _("U heeft deze sjabloon veranderd en nog niet opgeslagen."),
            _("enter weggooien · esc verder bewerken"),
        )
        self.app.push_screen(question, self._discard)

    def _discard(self, yes: bool | None) -> None:
        if yes:
            self.dismiss(None)
