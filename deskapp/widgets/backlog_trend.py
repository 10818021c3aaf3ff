"""The trend charts of the backlog screen: a sparkline per series."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Sparkline, Static

__all__ = ["SERIES", "TrendCharts"]

SERIES: tuple[tuple[str, str], ...] = (
    ("opened", "Nieuwe vragen per dag"),
    ("answered", "Eerste antwoord door het Werkplein per dag"),
    ("backlog", "Achterstand (nog zonder antwoord) aan het eind van de dag"),
)
"""Key and Dutch caption of each chart."""


def caption(
    title: str, values: Sequence[int], days: Sequence[date], counts: bool = True
) -> str:
    """``title: total, max, last`` over the period, with its first and last
    day; without the total for a level (``counts`` False) such as the backlog."""
    if not values:
        return f"{title}: geen gegevens"
    span = f"{days[0]:%d-%m} t/m {days[-1]:%d-%m}"
    total = f"totaal {sum(values)}, " if counts else ""
    return f"{title} ({span}): {total}hoogste {max(values)}, laatste dag {values[-1]}"


class TrendCharts(Vertical):
    """Three captioned sparklines, oldest day left, today right."""

    def compose(self) -> ComposeResult:
        """A caption and a sparkline per series."""
        for key, _ in SERIES:
            yield Static(id=f"trend-{key}-caption", markup=False, classes="caption")
            yield Sparkline([], id=f"trend-{key}", classes="trend")

    def show(self, series: Mapping[str, Sequence[int]], days: Sequence[date]) -> None:
        """Draw each series (values per day, aligned with ``days``)."""
        for key, title in SERIES:
            values = list(series.get(key, ()))
            self.query_one(f"#trend-{key}-caption", Static).update(
                caption(title, values, days, counts=key != "backlog")
            )
            self.query_one(f"#trend-{key}", Sparkline).data = [float(v) for v in values]
