"""The section tabs: one line with every saved view and its count."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from deskapp.text import one_line
from deskapp.views import section_label

__all__ = ["SectionTabs"]

_MAX_NAME = 24
_MIN_NAME = 3


class SectionTabs(Static):
    """Tabs as one line of text: ``[1 Alles open 87]  2 Urgent 29 …``."""

    def show(
        self, names: Sequence[str], counts: Sequence[int | None], active: int
    ) -> None:
        """Render the tabs; the active one stands out without colour too.
        The default sections are named in the desk's language."""
        self._tabs = (tuple(section_label(n) for n in names), tuple(counts), active)
        self.update(self._line(self.size.width or 80))

    def on_resize(self) -> None:
        """Fit the tabs to the new width."""
        if hasattr(self, "_tabs"):
            self.update(self._line(self.size.width))

    def _line(self, width: int) -> Text:
        """The tabs with the longest names cut first until all fit in ``width``;
        the active tab keeps its whole name as long as others can give way."""
        names, _counts, active = self._tabs
        limits = [min(len(n), _MAX_NAME) for n in names]
        line = self._render_tabs(limits)
        while line.cell_len > width:
            others = [(n, i) for i, n in enumerate(limits) if i != active]
            longest = max(others, default=(0, active))
            if longest[0] <= _MIN_NAME:
                longest = (limits[active], active)
                if longest[0] <= _MIN_NAME:
                    break
            limits[longest[1]] -= 1
            line = self._render_tabs(limits)
        return line

    def _render_tabs(self, limits: Sequence[int]) -> Text:
        """The tabs with each name cut to its limit."""
        names, counts, active = self._tabs
        line = Text(no_wrap=True, overflow="ellipsis")
        tabs = zip(names, counts, limits, strict=True)
        for number, (name, count, limit) in enumerate(tabs, 1):
            shown = "…" if count is None else str(count)
            label = f"{number} {one_line(name, limit)} {shown}"
            if number > 1:
                line.append(" ")
            if number - 1 == active:
                line.append(f"[{label}]", style="bold reverse")
            else:
                line.append(label, style="dim" if count == 0 else "")
        return line
