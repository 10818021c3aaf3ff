"""Tables of the backlog screen: each row knows which inbox filter it opens."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from deskapp.i18n import _
from deskapp.views import ViewFilter

__all__ = ["FigureRow", "FigureTable"]

FigureRow = tuple[Sequence[Any], ViewFilter | None]
"""The cells of a row and the inbox filter that enter on it opens (None: the
figure is not a list of questions)."""


def _cell(value: Any) -> Text:
    """A cell as plain text (forum text never becomes markup); numbers right."""
    if isinstance(value, Text):
        return value
    if isinstance(value, int):
        return Text(str(value), justify="right")
    return Text(str(value), no_wrap=True, overflow="ellipsis")


class FigureTable(DataTable[Text]):
    """A read-only table of figures; enter on a row asks for its questions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", _("Toon vragen"), id="figures.open",
                tooltip=_("Toon de vragen van deze regel in de inbox")),
    ]  # fmt: skip

    class Chosen(Message):
        """Enter on a row: open the questions of ``filter`` in the inbox."""

        def __init__(self, filter: ViewFilter) -> None:
            super().__init__()
            self.filter = filter

    def __init__(self, columns: Sequence[str], *, id: str) -> None:
        """A table with these column headings."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._headings = tuple(columns)
        self._filters: dict[str, ViewFilter | None] = {}

    def show(self, rows: Iterable[FigureRow]) -> None:
        """Replace the rows, keeping the cursor where it was; columns of
        numbers are right-aligned."""
        at, rows = self.cursor_row, list(rows)
        self.clear(columns=True)
        self._filters.clear()
        first = rows[0][0] if rows else ()
        for n, heading in enumerate(self._headings):
            number = n < len(first) and isinstance(first[n], int)
            self.add_column(Text(heading, justify="right" if number else "left"))
        for n, (cells, flt) in enumerate(rows):
            key = str(n)
            self._filters[key] = flt
            self.add_row(*(_cell(c) for c in cells), key=key)
        if self.row_count:
            self.move_cursor(row=min(at, self.row_count - 1))

    def cells(self) -> list[list[str]]:
        """Every row as plain strings (what the user reads)."""
        return [[str(c) for c in self.get_row_at(n)] for n in range(self.row_count)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: post :class:`Chosen` with its filter."""
        event.stop()
        flt = self._filters.get(str(event.row_key.value))
        if flt is not None:
            self.post_message(self.Chosen(flt))
        else:
            self.notify(_("Achter dit cijfer staat geen lijst van vragen."), timeout=3)
