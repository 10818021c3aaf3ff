"""The section tabs: one line with every saved view and its count."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from deskapp.text import one_line

__all__ = ["SectionTabs"]

_NAME_LIMITS = (24, 14, 12, 10, 8, 6, 4)
"""Name lengths tried, longest first, until every tab fits on the line."""


class SectionTabs(Static):
    """Tabs as one line of text: ``[1 Alles open 87]  2 Urgent 29 …``."""

    def show(
        self, names: Sequence[str], counts: Sequence[int | None], active: int
    ) -> None:
        """Render the tabs; the active one stands out without colour too."""
        self._tabs = (tuple(names), tuple(counts), active)
        self.update(self._line(self.size.width or 80))

    def on_resize(self) -> None:
        """Fit the tabs to the new width."""
        if hasattr(self, "_tabs"):
            self.update(self._line(self.size.width))

    def _line(self, width: int) -> Text:
        """The longest names with which all tabs fit in ``width``."""
        for limit in _NAME_LIMITS:
            line = self._render_tabs(limit)
            if line.cell_len <= width:
                return line
        return line

    def _render_tabs(self, limit: int) -> Text:
        """The tabs with names cut to ``limit`` characters."""
        names, counts, active = self._tabs
        line = Text(no_wrap=True, overflow="ellipsis")
        for number, (name, count) in enumerate(zip(names, counts, strict=True), 1):
            shown = "…" if count is None else str(count)
            label = f"{number} {one_line(name, limit)} {shown}"
            if number > 1:
                line.append(" ")
            if number - 1 == active:
                line.append(f"[{label}]", style="bold reverse")
            else:
                line.append(label, style="dim" if count == 0 else "")
        return line
