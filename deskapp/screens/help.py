"""The help screen: every binding of the screen below, as configured."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from deskapp.i18n import _

__all__ = ["HelpScreen"]


def bindings_table(screen: Screen[Any], extra: Sequence[Widget] = ()) -> Table:
    """Keys, action and binding id of every active binding of ``screen``.

    The bindings of the ``extra`` widgets (say, an editor without the focus)
    come first, as the keymap set them.
    """
    by_id: dict[str, tuple[list[str], str]] = {}
    for binding in _bindings(screen, extra):
        if binding.system or not binding.description or binding.id is None:
            continue  # Textual's own scrolling and focus keys stay out of the list
        keys, _description = by_id.setdefault(
            binding.id or binding.action, ([], binding.description)
        )
        display = screen.app.get_key_display(binding)
        if display not in keys:
            keys.append(display)
    table = Table(_("Toets"), _("Doet"), _("Id"), box=None, expand=True, pad_edge=False)
    for ident, (keys, description) in by_id.items():
        table.add_row(
            Text(", ".join(keys), style="bold"),
            Text(description),
            Text(ident, style="dim"),
        )
    return table


def _bindings(screen: Screen[Any], extra: Sequence[Widget]) -> Iterator[Binding]:
    """The bindings of ``extra`` (as remapped), then the active ones."""
    for widget in extra:
        bindings = widget._bindings.copy()
        bindings.apply_keymap(screen.app._keymap)  # as Screen._binding_chain does
        for found in bindings.key_to_bindings.values():
            yield from found
    for active in screen.app.active_bindings.values():
        yield active.binding


class HelpScreen(ModalScreen[None]):
    """A modal list of the keys; escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", _("Sluiten"), id="help.close"),
    ]

    def __init__(self, table: Table, title: str) -> None:
        """Show ``table`` under ``title``."""
        super().__init__()
        self.table = table
        self.title_text = title

    def compose(self) -> ComposeResult:
        """Title and the table, scrollable."""
        with VerticalScroll(id="help-body"):
            yield Static(Text(self.title_text, style="bold"), markup=False)
            yield Static(self.table, markup=False)
            yield Static(Text(self._keys_line(), style="dim"), markup=False)

    def _keys_line(self) -> str:
        """How to close the help and find any command, as the keys are set."""
        found = self._bindings.copy()
        found.apply_keymap(self.app._keymap)
        close = next(
            (b for bs in found.key_to_bindings.values() for b in bs
             if b.id == "help.close"),
            None,
        )  # fmt: skip
        shown = self.app.get_key_display(close) if close else "esc"
        return _("{shown} sluit · ctrl+p zoekt elke opdracht").format(shown=shown)

    def action_dismiss(self) -> None:  # type: ignore[override]
        """Close the help."""
        self.dismiss(None)
