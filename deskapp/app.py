"""The Textual application: screens, app-wide bindings and the sync worker."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from deskapp.desk import Desk
from deskapp.errors import DeskError
from deskapp.screens.inbox import InboxScreen
from deskapp.text import one_line

__all__ = ["DeskApp"]


class DeskApp(App[int]):
    """deskapp: the inbox of open forum questions and everything behind it."""

    CSS_PATH = "app.tcss"
    TITLE = "deskapp"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, id="app.interrupt"),
    ]

    def __init__(self, desk: Desk) -> None:
        """The desk for one forum profile."""
        super().__init__()
        self.desk = desk

    def on_mount(self) -> None:
        """Show the inbox, start periodic sync, greet a user without a config."""
        self.push_screen(InboxScreen(self.desk))
        self.set_interval(self.desk.config.sync.interval_seconds, self.action_sync)
        if self.desk.config.path is None:
            self.notify(
                "Dit is het demoforum. Koppel een echt forum met `deskapp setup`.",
                title="Demo",
                timeout=8,
            )

    @work(exclusive=True, group="sync", exit_on_error=False)
    async def action_sync(self) -> None:
        """Pull the forum's changes, then reload the inbox."""
        try:
            await self.desk.sync()
        except DeskError as err:
            self.notify(one_line(str(err), 200), title=err.title, severity="error")
        if isinstance(self.screen, InboxScreen):
            self.screen.reload()

    async def on_unmount(self) -> None:
        """Close the forum adapter."""
        await self.desk.aclose()
