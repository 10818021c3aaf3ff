"""The list of open drafts: replies begun and not sent, newest first."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from deskapp.desk import Desk
from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.models import Draft
from deskapp.screens.dialogs import ConfirmScreen
from deskapp.screens.writes import write_beside
from deskapp.text import one_line
from deskapp.widgets.humanize import short_age

__all__ = ["DraftsScreen", "first_line"]

REFRESH = 5.0
"""Seconds between reading the drafts again while the list is shown."""
_EMPTY = _("Geen open concepten. Een antwoord dat u begint, wordt hier bewaard.")


def first_line(body: str, width: int = 60) -> str:
    """The first line of a draft that has text, cleaned and cut to ``width``."""
    line = next((ln for ln in body.splitlines() if ln.strip()), "")
    return one_line(line, width)


class DraftsScreen(Screen[None]):
    """Open drafts: enter continues one, x throws one away, esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", _("Terug"), id="drafts.back",
                tooltip=_("Terug naar de inbox")),
        Binding("enter", "open", _("Verder schrijven"), id="drafts.open",
                tooltip=_("Open de vraag met het concept in de editor")),
        Binding("x,delete", "discard", _("Weggooien"), id="drafts.discard",
                tooltip=_("Gooi het concept weg (na bevestiging)")),
        Binding("j", "cursor(1)", _("Omlaag"), show=False, id="drafts.down",
                tooltip=_("Volgend concept")),
        Binding("k", "cursor(-1)", _("Omhoog"), show=False, id="drafts.up",
                tooltip=_("Vorig concept")),
    ]  # fmt: skip

    def __init__(self, desk: Desk) -> None:
        """The drafts of ``desk``'s forum."""
        super().__init__()
        self.desk = desk
        self.drafts: list[Draft] = []

    def compose(self) -> ComposeResult:
        """Title, the table (or a line saying there are none), footer."""
        yield Static(_("Open concepten"), id="drafts-title", markup=False)
        table: DataTable[str | Text] = DataTable(id="drafts", cursor_type="row")
        table.add_columns(_("Vraag"), _("Gewijzigd"), _("Begin van de tekst"))
        yield table
        yield Static(_EMPTY, id="drafts-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Load the drafts, and again every :data:`REFRESH` seconds (another
        session of yours may add, change or send one)."""
        self.query_one(DataTable).focus()
        self.load()
        self.set_interval(REFRESH, self.load)

    def on_screen_resume(self) -> None:
        """Back from a question: its draft may have changed or gone."""
        self.load()

    @work(thread=True, exclusive=True, group="drafts-load", exit_on_error=False)
    def load(self) -> None:
        """Read the drafts from the store (a thread worker), once the writes
        asked before (a draft saved on leaving a question) are on disk."""
        try:
            self.desk.writes_done()
            drafts = self.desk.drafts()
        except DeskError as err:
            self.app.call_from_thread(self.notify, one_line(str(err), 200),
                                      severity="error", markup=False)  # fmt: skip
            return
        self.app.call_from_thread(self._show, drafts)

    def _show(self, drafts: list[Draft]) -> None:
        """Fill the table, keeping the cursor on the same draft where possible
        (nothing to do when nothing changed)."""
        if drafts == self.drafts and self.query_one(DataTable).row_count:
            return
        table = self.query_one(DataTable)
        keep = self.current.question_id if self.current else None
        self.drafts = drafts
        table.clear()
        now = self.desk.now()
        for draft in drafts:
            table.add_row(*self._row(draft, now), key=str(draft.question_id))
        ids = [d.question_id for d in drafts]
        if keep in ids:
            table.move_cursor(row=ids.index(keep))
        table.display = bool(drafts)
        self.query_one("#drafts-empty").display = not drafts

    @staticmethod
    def _row(draft: Draft, now: datetime) -> tuple[Text, str, Text]:
        """Title, age, first line."""
        title = one_line(draft.title, 40) or _("vraag #{question_id}").format(
            question_id=draft.question_id
        )
        return (
            Text(title, no_wrap=True, overflow="ellipsis"),
            short_age(draft.updated_at, now),
            Text(first_line(draft.body), no_wrap=True, overflow="ellipsis"),
        )

    @property
    def current(self) -> Draft | None:
        """The draft under the cursor."""
        table = self.query_one(DataTable)
        if not self.drafts or not 0 <= table.cursor_row < len(self.drafts):
            return None
        return self.drafts[table.cursor_row]

    def action_cursor(self, delta: int) -> None:
        """Move the cursor."""
        table = self.query_one(DataTable)
        table.move_cursor(row=table.cursor_row + delta)

    def action_open(self) -> None:
        """Open the question with the composer on its draft."""
        from deskapp.screens.question import QuestionScreen  # Markdown: on demand

        if (draft := self.current) is not None:
            screen = QuestionScreen(self.desk, draft.question_id, compose=True)
            self.app.push_screen(screen)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row (the table takes the key first)."""
        event.stop()
        self.action_open()

    def action_discard(self) -> None:
        """Throw the draft under the cursor away, after a confirmation."""
        draft = self.current
        if draft is None:
            return
        title = one_line(draft.title, 60) or _("vraag #{question_id}").format(
            question_id=draft.question_id
        )
        confirm = ConfirmScreen(
            _("Concept bij ‘{title}’ weggooien?").format(title=title),
            _("Weggooien"),
            first_line(draft.body),
        )

        def decided(yes: bool | None) -> None:
            if yes:
                self._discard(draft)

        self.app.push_screen(confirm, decided)

    def _discard(self, draft: Draft) -> None:
        """Delete the draft as shown (beside the screen) and show the list
        again; one another session changed meanwhile stays."""

        def thrown(gone: bool) -> None:
            if gone:
                self.notify(_("Concept weggegooid."), timeout=3)
            else:
                self.notify(
                    _("Dit concept is intussen in een andere sessie veranderd;"
                      " het blijft staan. Kijk het na."),
                    severity="warning", timeout=6, markup=False,
                )  # fmt: skip
            self.load()

        def failed(err: DeskError) -> None:
            self.notify(one_line(str(err), 200), severity="error", markup=False)

        qid, body = draft.question_id, draft.body
        write_beside(
            self.desk, lambda: self.desk.discard_draft(qid, body), thrown, failed
        )

    def action_back(self) -> None:
        """Back to the inbox."""
        self.dismiss(None)
