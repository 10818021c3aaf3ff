"""The Textual application: screens, app-wide bindings and the sync worker."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from deskapp.desk import Desk
from deskapp.errors import DeskError, RateLimitedError
from deskapp.screens.inbox import InboxScreen
from deskapp.sync import SyncReport
from deskapp.text import one_line

__all__ = ["DeskApp"]

MAX_ANNOUNCED = 3
"""New urgent questions announced one by one; more are summed up."""


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
        self.inbox = InboxScreen(desk)
        self._sync_again = False
        """A sync was asked for while one ran: run another when it ends."""

    def on_mount(self) -> None:
        """Show the inbox, sync now and periodically, greet a user without a config."""
        self.push_screen(self.inbox)
        self.set_interval(self.desk.config.sync.interval_seconds, self.action_sync)
        self.action_sync()
        self.listen()
        if self.desk.config.path is None:
            self.notify(
                "Dit is het demoforum. Koppel een echt forum met `deskapp setup`.",
                title="Demo",
                timeout=8,
                markup=False,
            )

    def action_sync(self) -> None:
        """Sync now; if a sync is under way, once more right after it."""
        if any(w.group == "sync" and not w.is_finished for w in self.workers):
            self._sync_again = True
        else:
            self._sync()

    @work(group="sync", exit_on_error=False)
    async def _sync(self) -> None:
        """Sync rounds until nobody asked for another during the last one."""
        self._sync_again = True
        while self._sync_again:
            self._sync_again = False
            await self._sync_round()

    async def _sync_round(self) -> None:
        """Pull the forum's changes, announce new urgent ones, refresh the inbox."""
        status = await asyncio.to_thread(self.desk.status)
        self.inbox.show_status(status, syncing=True)
        ticker = self.set_interval(1.0, lambda: self.inbox.show_status(status, True))
        try:
            report = await self.desk.sync()
        except RateLimitedError as err:
            self.notify(
                f"Het forum vraagt {err.retry_after:.0f} s te wachten; daarna gaat"
                " het synchroniseren verder.",
                title=err.title,
                severity="warning",
                markup=False,
            )
            self.set_timer(err.retry_after + 1, self.action_sync)
        except DeskError as err:
            self.notify(
                one_line(str(err), 200), title=err.title, severity="error", markup=False
            )
        else:
            await self._announce(report)
            if not (report.saved or report.removed):
                # nothing changed: the rows stand, the status bar says when
                status = await asyncio.to_thread(self.desk.status)
                self.inbox.show_status(status)
                return
        finally:
            ticker.stop()
        self.inbox.refresh_view()

    @work(exclusive=True, group="listen", exit_on_error=False)
    async def listen(self) -> None:
        """Sync as soon as the forum announces activity (Discourse message bus).

        Ends by itself where the forum cannot announce; the periodic sync
        goes on in any case. Announcements during a sync are coalesced.
        """
        try:
            async for _ in self.desk.watch():
                self.action_sync()
        except DeskError:
            return  # listening is a bonus: the periodic sync still runs

    async def _announce(self, report: SyncReport) -> None:
        """A notification for each urgent question that just arrived."""
        for question_id in report.new_urgent[:MAX_ANNOUNCED]:
            item = await asyncio.to_thread(self.desk.item, question_id)
            if item is not None:
                self.notify(
                    one_line(item.title, 120),
                    title="Nieuwe urgente vraag",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
        if len(report.new_urgent) > MAX_ANNOUNCED:
            more = len(report.new_urgent) - MAX_ANNOUNCED
            self.notify(f"en nog {more} urgente vragen", severity="warning")

    async def on_unmount(self) -> None:
        """Close the forum adapter."""
        await self.desk.aclose()
