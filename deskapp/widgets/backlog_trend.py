"""The trend charts of the backlog screen: bar charts with a day cursor.

Each chart is a :class:`TrendBars`: one bar per day (or per few days when the
terminal is narrower than the period), the cursor moved with the arrow keys,
and enter opening the questions behind the bar in the inbox.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from math import ceil
from typing import ClassVar
from zoneinfo import ZoneInfo

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from deskapp.i18n import _, format_day
from deskapp.storestats import trend_filter
from deskapp.widgets.backlog_tables import FigureTable

__all__ = ["SERIES", "TrendBars", "TrendCharts", "caption"]

SERIES: tuple[tuple[str, str], ...] = (
    ("opened", _("Nieuwe vragen per dag")),
    ("answered", _("Eerste antwoorden (Werkplein) per dag")),
    ("backlog", _("Achterstand zonder antwoord, eind van de dag")),
)
"""Key and caption of each chart."""

_EIGHTHS = " ▁▂▃▄▅▆▇█"
_MAX_CELL = 3
"""At most this many columns per bar, however wide the terminal."""


def caption(title: str, values: Sequence[int], counts: bool = True) -> str:
    """``title: total, highest, today`` over the period; without the total for
    a level (``counts`` False) such as the backlog."""
    if not values:
        return _("{title}: geen gegevens").format(title=title)
    if counts:
        text = _("{title}: totaal {total}, hoogste {highest}, vandaag {today}")
    else:
        text = _("{title}: hoogste {highest}, vandaag {today}")
    return text.format(
        title=title, total=sum(values), highest=max(values), today=values[-1]
    )


def day_name(day: date) -> str:
    """``di 3 nov``: a day as the desk's language writes it (Babel)."""
    return format_day(day)


class TrendBars(Widget, can_focus=True):
    """A bar chart of one series, oldest day left; a cursor picks a bar and
    enter opens its questions (:class:`FigureTable.Chosen`)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"trendbars--bar", "trendbars--cursor"}
    DEFAULT_CSS = """
    TrendBars { height: 4; }
    TrendBars > .trendbars--bar { color: $primary; }
    TrendBars > .trendbars--cursor { color: $warning; }
    TrendBars:focus > .trendbars--cursor { color: $text; background: $warning 60%; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1)", _("Vorige dag"), show=False, id="trend.previous"),
        Binding("right,l", "move(1)", _("Volgende dag"), show=False, id="trend.next"),
        Binding("home", "edge(0)", _("Eerste dag"), show=False, id="trend.first"),
        Binding("end", "edge(1)", _("Laatste dag"), show=False, id="trend.last"),
        Binding("enter", "open", _("Vragen van de dag"), id="trend.open",
                tooltip=_("Toon de vragen van deze dag in de inbox")),
    ]  # fmt: skip

    bar = reactive(-1, layout=False)
    """The bar under the cursor (-1: the last)."""

    def __init__(self, series: str, *, id: str) -> None:
        """An empty chart of ``series`` (a key of :data:`SERIES`)."""
        super().__init__(id=id)
        self.series = series
        self.values: tuple[int, ...] = ()
        self.days: tuple[date, ...] = ()
        self.zone = ZoneInfo("UTC")

    def show(self, values: Sequence[int], days: Sequence[date], zone: ZoneInfo) -> None:
        """Draw ``values`` (one per day of ``days``); the cursor stays on the
        same day when the period is the same, else goes to the last bar."""
        same = tuple(days) == self.days
        self.values, self.days, self.zone = tuple(values), tuple(days), zone
        if not same:
            self.bar = -1
        self.refresh()

    # -- geometry ------------------------------------------------------------

    def _per_bar(self) -> int:
        """Days per bar: 1, or more when the widget is narrower than the period."""
        width = max(self.content_size.width, 1)
        return max(1, ceil(len(self.days) / width))

    def bars(self) -> list[tuple[int, int, int]]:
        """(first day index, last day index, value) of each bar, grouped from
        the end so the last bar ends today; counts add up, the backlog (a
        level) shows its last day."""
        per, n = self._per_bar(), len(self.days)
        out: list[tuple[int, int, int]] = []
        end = n
        while end > 0:
            start = max(0, end - per)
            chunk = self.values[start:end]
            value = chunk[-1] if self.series == "backlog" else sum(chunk)
            out.append((start, end - 1, value))
            end = start
        return out[::-1]

    def _cursor(self, count: int) -> int:
        return count - 1 if self.bar < 0 or self.bar >= count else self.bar

    def selected(self) -> tuple[date, date, int] | None:
        """First day, last day and value of the bar under the cursor."""
        bars = self.bars()
        if not bars:
            return None
        first, last, value = bars[self._cursor(len(bars))]
        return self.days[first], self.days[last], value

    # -- drawing -------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        """Three rows of bars in eighths, then the line about the cursor's bar."""
        width = self.content_size.width
        bars = self.bars()
        if not bars:
            return Strip.blank(width, self.rich_style)
        rows = max(self.content_size.height - 1, 1)
        if y == rows:
            return Strip(
                [Segment(self._info()[:width], self.rich_style)]
            ).extend_cell_length(width)
        if y > rows:
            return Strip.blank(width, self.rich_style)
        cell = max(1, min(_MAX_CELL, width // len(bars)))
        top = max(value for _, _, value in bars) or 1
        cursor = self._cursor(len(bars))
        plain = self.get_component_rich_style("trendbars--bar")
        marked = self.get_component_rich_style("trendbars--cursor")
        segments: list[Segment] = []
        for n, (_first, _last, value) in enumerate(bars):
            eighths = round(value / top * rows * 8)
            if value and not eighths:
                eighths = 1
            level = eighths - (rows - 1 - y) * 8
            char = _EIGHTHS[max(0, min(8, level))]
            if y == rows - 1 and char == " ":
                char = "_"  # a zero still shows
            style: Style = marked if n == cursor else plain
            segments.append(Segment(char * cell, style))
        return Strip(segments).extend_cell_length(width, self.rich_style).crop(0, width)

    def _info(self) -> str:
        """``di 3 nov: 14 · ←/→ dag · enter toont de vragen``."""
        picked = self.selected()
        if picked is None:
            return ""
        first, last, value = picked
        when = (
            day_name(last)
            if first == last
            else _("{first} t/m {last}").format(
                first=day_name(first), last=day_name(last)
            )
        )
        keys = " · " + _("←/→ dag · enter toont de vragen") if self.has_focus else ""
        return f"{when}: {value}{keys}"

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- actions -------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """The cursor one bar left or right."""
        count = len(self.bars())
        if count:
            self.bar = max(0, min(count - 1, self._cursor(count) + step))
            self.refresh()

    def action_edge(self, last: int) -> None:
        """The cursor on the first or the last bar."""
        count = len(self.bars())
        if count:
            self.bar = count - 1 if last else 0
            self.refresh()

    def action_open(self) -> None:
        """Ask for the questions behind the bar under the cursor."""
        picked = self.selected()
        if picked is not None:
            first, last, _value = picked
            self.post_message(
                FigureTable.Chosen(trend_filter(self.series, first, last, self.zone))
            )


class TrendCharts(Vertical):
    """A caption and a bar chart per series, oldest day left, today right."""

    def compose(self) -> ComposeResult:
        """A caption and a chart per series."""
        for key, _title in SERIES:
            yield Static(id=f"trend-{key}-caption", markup=False, classes="caption")
            yield TrendBars(key, id=f"trend-{key}")

    def show(
        self, series: Mapping[str, Sequence[int]], days: Sequence[date], zone: ZoneInfo
    ) -> None:
        """Draw each series (values per day, aligned with ``days``)."""
        for key, title in SERIES:
            values = list(series.get(key, ()))
            self.query_one(f"#trend-{key}-caption", Static).update(
                caption(title, values, counts=key != "backlog")
            )
            self.query_one(f"#trend-{key}", TrendBars).show(values, days, zone)
