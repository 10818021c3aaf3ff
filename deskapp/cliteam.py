"""What `deskapp backlog` prints besides the report: the rest of the backlog
screen (urgency, state, overdue, load, trends) as text, and every figure as
one long CSV table (``--csv figures``).

Forum text goes through :mod:`deskapp.text` and is printed as plain ``Text``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from deskapp.cliout import state_label, urgency_label
from deskapp.i18n import _
from deskapp.metrics import BacklogReport
from deskapp.text import one_line, write_csv

__all__ = ["figure_rows", "figures_csv", "spark", "team_tables"]

_BLOCKS = "▁▂▃▄▅▆▇█"


def spark(values: Sequence[int]) -> str:
    """A one-line bar chart of ``values`` (a zero is the lowest block)."""
    top = max(values, default=0) or 1
    return "".join(_BLOCKS[round(v / top * (len(_BLOCKS) - 1))] for v in values)


def team_tables(
    report: BacklogReport,
    team: Mapping[str, Any],
    zone: ZoneInfo,
    console: Console | None = None,
) -> None:
    """Urgency, state, the overdue questions, the load per staff member and
    the trend of the last days, as on the backlog screen."""
    out = console or Console(
        highlight=False, width=None if sys.stdout.isatty() else 160
    )
    counts = Table(box=box.SIMPLE_HEAD, title=_("Open by urgency and state"),
                   title_justify="left")  # fmt: skip
    urgency, state = report.count_by("urgency"), report.count_by("state")
    names = [*map(urgency_label, urgency), *map(state_label, state)]
    for name in names:
        counts.add_column(name, justify="right")
    counts.add_row(*(str(n) for n in [*urgency.values(), *state.values()]))
    out.print(counts)
    out.print(_overdue(report, zone))
    out.print(_load(team.get("load", {})))
    days = team.get("trend", {}).get("days", [])
    if days:
        title = _("Trend {first} to {last}").format(
            first=days[0]["day"], last=days[-1]["day"]
        )
        trend = Table(box=box.SIMPLE_HEAD, title_justify="left", title=title)
        columns = (_("Per day"), _("Chart (oldest left)"), _("Total"),
                   _("Highest"), _("Today"))  # fmt: skip
        for at, column in enumerate(columns):
            trend.add_column(column, justify="left" if at < 2 else "right")
        for key, label in (("opened", _("new questions")),
                           ("answered", _("first Werkplein answers")),
                           ("backlog", _("backlog at day's end"))):  # fmt: skip
            values = [int(d[key]) for d in days]
            total = "" if key == "backlog" else str(sum(values))
            trend.add_row(label, spark(values), total, str(max(values)),
                          str(values[-1]))  # fmt: skip
        out.print(trend)


def _overdue(report: BacklogReport, zone: ZoneInfo) -> Table:
    """The questions past their due time, soonest due first."""
    rows = sorted(report.overdue(), key=lambda r: r.item.due_at or r.item.created_at)
    table = Table(box=box.SIMPLE_HEAD,
                  title=_("Overdue ({n})").format(n=len(rows)),
                  title_justify="left")  # fmt: skip
    for at, column in enumerate((_("Id"), _("Due"), _("Assigned"), _("Title"))):
        table.add_column(column, justify="right" if at == 0 else "left")
    for r in rows:
        due = r.item.due_at.astimezone(zone) if r.item.due_at else None
        table.add_row(
            str(r.item.id),
            f"{due:%d-%m %H:%M}" if due else "-",
            Text(one_line(r.item.assigned_to or "-", 20)),
            Text(one_line(r.item.title, 60), no_wrap=True, overflow="ellipsis"),
        )
    return table


def _load(load: Mapping[str, Mapping[str, int]]) -> Table:
    """Per staff member: open questions assigned, answers since Monday."""
    table = Table(box=box.SIMPLE_HEAD, title=_("Load per staff member"),
                  title_justify="left")  # fmt: skip
    table.add_column(_("Staff member"))
    table.add_column(_("Assigned open"), justify="right")
    table.add_column(_("Answered this week"), justify="right")

    def busiest(name: str) -> tuple[int, int, str]:
        row = load[name]
        return -row["assigned_open"], -row["answered_this_week"], name

    for name in sorted(load, key=busiest):
        row = load[name]
        table.add_row(Text(one_line(name, 30)), str(row["assigned_open"]),
                      str(row["answered_this_week"]))  # fmt: skip
    return table


def figure_rows(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Every figure of the ``--json`` object as (dotted name, value), the
    per-question list left out (``--csv`` without ``figures`` has it): e.g.
    ``by_state.new``, ``success.first_answer.median_hours``,
    ``trend.2026-11-03.opened``, ``load.j.devries.assigned_open``."""

    def walk(prefix: str, value: Any) -> Iterator[tuple[str, str]]:
        if isinstance(value, Mapping):
            for key, item in value.items():
                yield from walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif prefix == "trend.days":
            for day in value:
                for key, item in day.items():
                    if key != "day":
                        yield f"trend.{day['day']}.{key}", _value(item)
        elif isinstance(value, list | tuple):
            yield prefix, " ".join(_value(v) for v in value)
        else:
            yield prefix, _value(value)

    for key, value in data.items():
        if key != "questions":
            yield from walk(key, value)


def _value(value: Any) -> str:
    """A figure as CSV text: empty for none, true/false, numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def figures_csv(data: Mapping[str, Any]) -> None:
    """Every figure as CSV on stdout: ``figure,value`` (formula-safe, quoted cells)."""
    write_csv(sys.stdout, ["figure", "value"], figure_rows(data))
