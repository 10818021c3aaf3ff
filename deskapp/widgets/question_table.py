"""The inbox table: one row per question, forum text shown as plain Text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from deskapp.models import InboxItem, Role, State, Urgency
from deskapp.text import one_line
from deskapp.widgets.humanize import short_age

__all__ = ["QuestionTable"]

_STATE_LABEL = {
    State.NEW: "nieuw",
    State.WAITING_STAFF: "wacht op ons",
    State.WAITING_CLIENT: "wacht op klant",
    State.SOLVED: "opgelost",
    State.CLOSED: "gesloten",
}
_ROLE_LABEL = {
    Role.CLIENT: "klant",
    Role.STAFF: "Werkplein",
    Role.ADVISER: "adviseur",
    Role.PEER: "peer",
}
_URGENCY_STYLE = {Urgency.URGENT: "bold red", Urgency.NORMAL: "", Urgency.LOW: "dim"}


class QuestionTable(DataTable[Text]):
    """Open questions; ``Opened`` is posted when the user picks one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="inbox.down"),
        Binding("k", "cursor_up", "Up", show=False, id="inbox.up"),
        Binding("g", "scroll_top", "First", show=False, id="inbox.first"),
        Binding("G", "scroll_bottom", "Last", show=False, id="inbox.last"),
    ]

    @dataclass
    class Opened(Message):
        """The user chose a question to read."""

        question_id: int

    def __init__(self, *, id: str | None = None) -> None:
        """A row-cursor table with the inbox columns."""
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.items: list[InboxItem] = []

    def on_mount(self) -> None:
        """Add the columns once."""
        for label, width in (
            ("Wacht", 5), ("Urg.", 6), ("Status", 14), ("Categorie", 12),
            ("Titel", None), ("#", 3), ("Laatste", 9), ("Toegewezen", 10),
        ):  # fmt: skip
            self.add_column(label, width=width, key=label)

    def show(self, items: Sequence[InboxItem], now: datetime | None = None) -> None:
        """Replace the rows, keeping the cursor on the same question if it stays."""
        current = self.current_id
        now = now or datetime.now(UTC)
        self.items = list(items)
        self.clear()
        for item in self.items:
            self.add_row(*self._cells(item, now), key=str(item.id))
        if current is not None and any(i.id == current for i in self.items):
            self.move_cursor(row=self.get_row_index(str(current)))

    @property
    def current_id(self) -> int | None:
        """The id of the question under the cursor."""
        if not self.items or self.cursor_row >= len(self.items):
            return None
        return self.items[self.cursor_row].id

    def _cells(self, item: InboxItem, now: datetime) -> list[Text]:
        """The cells of one row; forum text goes through the text gate."""
        since = item.waiting_since or item.last_posted_at
        return [
            Text(short_age(since, now), justify="right"),
            Text(item.urgency.value, style=_URGENCY_STYLE[item.urgency]),
            Text(_STATE_LABEL[item.state]),
            Text(one_line(item.category, 12)),
            Text(one_line(item.title, 200)),
            Text(str(max(item.posts_count - 1, 0)), justify="right"),
            Text(_ROLE_LABEL[item.last_poster_role]),
            Text(one_line(item.assigned_to or "-", 10)),
        ]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row opens the question."""
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(int(event.row_key.value)))
