"""The inbox: open questions, urgent first, then longest waiting."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from deskapp.desk import Desk
from deskapp.models import InboxItem, Urgency
from deskapp.screens.question import QuestionScreen
from deskapp.store import SyncStatus
from deskapp.widgets.question_table import QuestionTable
from deskapp.widgets.status_bar import StatusBar

__all__ = ["InboxScreen"]


def _counts(items: list[InboxItem], me: str | None) -> Text:
    """The header line: open, urgent, waiting for us, unassigned, mine."""
    urgent = sum(i.urgency is Urgency.URGENT for i in items)
    waiting = sum(i.state.needs_staff for i in items)
    unassigned = sum(i.assigned_to is None for i in items)
    mine = sum(me is not None and i.assigned_to == me for i in items)
    return Text.assemble(
        (f" {len(items)} open", "bold"),
        "  ·  ",
        (f"{urgent} urgent", "bold red" if urgent else ""),
        f"  ·  {waiting} wacht op ons  ·  {unassigned} niet toegewezen",
        f"  ·  {mine} van mij",
    )


class InboxScreen(Screen[None]):
    """The screen staff live in: the list of open questions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r", "sync", "Sync", id="inbox.sync", tooltip="Sync with the forum now"
        ),
        Binding("q", "app.quit", "Quit", id="app.quit", tooltip="Leave deskapp"),
    ]

    def __init__(self, desk: Desk) -> None:
        """The inbox of ``desk``'s forum."""
        super().__init__()
        self.desk = desk

    def compose(self) -> ComposeResult:
        """Counts, table, status bar, footer."""
        yield Static(id="counts", markup=False)
        yield QuestionTable(id="questions")
        yield StatusBar(id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Load the inbox from the store."""
        self.query_one(QuestionTable).focus()
        self.reload()

    @work(thread=True, exclusive=True, group="inbox-load")
    def reload(self) -> None:
        """Read the inbox and sync status from the store (a thread worker)."""
        items = self.desk.inbox()
        status = self.desk.status()
        self.app.call_from_thread(self._show, items, status)

    def _show(self, items: list[InboxItem], status: SyncStatus) -> None:
        """Hand the loaded data to the widgets."""
        self.query_one(QuestionTable).show(items, self.desk.now())
        self.query_one("#counts", Static).update(_counts(items, self.desk.me(status)))
        self.query_one(StatusBar).show(
            self.desk.forum_name, status.last_success_at, status.last_error
        )

    async def action_sync(self) -> None:
        """Ask the app for a sync now."""
        await self.app.run_action("sync")

    @on(QuestionTable.Opened)
    def open_question(self, event: QuestionTable.Opened) -> None:
        """Open the chosen question."""
        self.app.push_screen(QuestionScreen(self.desk, event.question_id))
