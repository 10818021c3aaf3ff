"""Small modals of the template picker: the stale warning, a yes/no question,
and the prompt for a template's custom fields (with a live preview)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from deskapp.i18n import _
from deskapp.text import clean, one_line

__all__ = ["TemplateConfirm", "TemplateFields", "field_label"]


class TemplateConfirm(ModalScreen[bool]):
    """A question with two answers: enter says yes, escape says no."""

    CSS_PATH = "templates.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,j", "answer(True)", _("Ja"), id="templates.confirm.yes",
                tooltip=_("Ja, doorgaan")),
        Binding("escape,n", "answer(False)", _("Nee"), id="templates.confirm.no",
                tooltip=_("Nee, terug")),
    ]  # fmt: skip

    def __init__(self, title: str, text: str, keys: str) -> None:
        """``title`` on top, ``text`` below it, ``keys`` says what enter and esc do."""
        super().__init__()
        self.title_text, self.text, self.keys = title, text, keys

    def compose(self) -> ComposeResult:
        """Title, text and the keys."""
        with Vertical(classes="template-dialog"):
            yield Label(Content(self.title_text), classes="template-dialog-title")
            yield Static(Content(self.text), classes="template-dialog-text")
            yield Label(Content(self.keys), classes="template-keys")

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


def field_label(name: str) -> str:
    """How a field is shown: ``datum_aanvraag`` -> "Datum aanvraag"."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


class TemplateFields(ModalScreen[dict[str, str] | None]):
    """One input per custom field; the preview follows what is typed.

    Enter moves to the next field and, on the last one, inserts; ctrl+s
    inserts from any field; escape goes back to the list. Every field must be
    filled in: a placeholder left in a reply looks careless.
    """

    CSS_PATH = "templates.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Terug"), id="templates.fields.cancel",
                tooltip=_("Terug naar de lijst met sjablonen")),
        Binding("ctrl+s", "submit", _("Invoegen"), id="templates.fields.submit",
                tooltip=_("Invoegen met deze waarden")),
    ]  # fmt: skip

    def __init__(
        self, name: str, fields: Sequence[str],
        render: Callable[[Mapping[str, str]], str],
    ) -> None:  # fmt: skip
        """Ask ``fields`` for template ``name``; ``render(values)`` previews."""
        super().__init__()
        self.template_name, self.fields, self.render_with = name, fields, render

    def compose(self) -> ComposeResult:
        """A title, a row per field, the preview and the keys."""
        with Vertical(id="fields-panel", classes="template-dialog"):
            title = _("Invullen voor «{name}»").format(
                name=one_line(self.template_name, 50)
            )
            yield Label(Content(title), classes="template-dialog-title")
            for number, name in enumerate(self.fields):
                with Horizontal(classes="field-row"):
                    yield Label(Content(field_label(name)), classes="field-label")
                    yield Input(id=f"field-{number}", classes="field-input")
            with VerticalScroll(id="fields-preview", can_focus=False):
                yield Static(id="fields-preview-text", markup=False)
            keys = _("enter volgend veld · ctrl+s invoegen · esc terug")
            yield Label(Content(keys), classes="template-keys")

    def on_mount(self) -> None:
        """Start in the first field, with the preview filled in."""
        self._update_preview()
        self.query_one("#field-0", Input).focus()

    def values(self) -> dict[str, str]:
        """What is filled in now, field name -> text (empty fields left out)."""
        inputs = self.query(".field-input").results(Input)
        typed = {
            name: box.value.strip()
            for name, box in zip(self.fields, inputs, strict=True)
        }
        return {name: value for name, value in typed.items() if value}

    @on(Input.Changed)
    def _update_preview(self) -> None:
        preview = self.query_one("#fields-preview-text", Static)
        preview.update(Content(clean(self.render_with(self.values()))))

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        """Enter: the next field, or insert from the last one."""
        event.stop()
        number = int((event.input.id or "field-0").removeprefix("field-"))
        if number + 1 < len(self.fields):
            self.query_one(f"#field-{number + 1}", Input).focus()
        else:
            self.action_submit()

    def action_submit(self) -> None:
        """Insert, once every field is filled in."""
        values = self.values()
        missing = [n for n, name in enumerate(self.fields) if name not in values]
        if missing:
            self.query_one(f"#field-{missing[0]}", Input).focus()
            self.notify(
                _("Vul eerst alle velden in."), severity="warning", markup=False
            )
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        """Back to the list without inserting."""
        self.dismiss(None)
