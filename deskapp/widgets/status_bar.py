"""The status bar: which forum, when it last synced, and whether that failed."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text
from textual.widgets import Static

from deskapp.i18n import _
from deskapp.text import one_line

__all__ = ["StatusBar"]


class StatusBar(Static):
    """One line at the bottom of the inbox."""

    def show(
        self,
        forum: str,
        last_sync: datetime | None,
        error: str | None,
        syncing: bool = False,
        *,
        view: str = "",
        tz: tzinfo | None = None,
        wait: float = 0.0,
    ) -> None:
        """Show the forum, its sync state and how the view is sorted/filtered."""
        when = last_sync.astimezone(tz).strftime("%H:%M") if last_sync else _("nooit")
        synced = " " + _("sync {when}").format(when=when)
        line = Text.assemble((f" {one_line(forum, 30)} ", "bold"), synced)
        if syncing:
            line.append("  · " + _("synchroniseren…"), style="italic")
        if wait >= 1:
            text = _("wacht {seconds} s op de limiet van het forum")
            line.append("  · " + text.format(seconds=f"{wait:.0f}"), style="bold")
        if error and wait < 1:
            text = _("offline: {error}").format(error=one_line(error, 80))
            line.append("  · " + text, style="bold red")
        if view:
            line.append(f"  · {view}", style="italic")
        self.set_class(bool(error), "-error")
        self.update(line)
