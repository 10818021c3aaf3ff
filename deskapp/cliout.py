"""Terminal output of the headless commands: tables, progress, prompts.

Forum text reaches these outputs only through :mod:`deskapp.text`, and rich
renders it as plain ``Text`` (never as markup).
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from deskapp.metrics import BacklogReport
from deskapp.successfigures import SuccessFigures
from deskapp.sync import SyncReport
from deskapp.text import clean, one_line, write_csv

__all__ = [
    "ask",
    "ask_secret",
    "backlog_csv",
    "backlog_data",
    "backlog_json",
    "backlog_table",
    "confirm",
    "info",
    "progress",
    "success_table",
    "sync_summary",
]

Step = Callable[..., None]
"""A progress callback: ``step(done)`` or ``step(done, total)``."""
SeedProgress = Callable[[int, int], None]

_err = Console(stderr=True, highlight=False, soft_wrap=True)
_out = Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def info(message: str) -> None:
    """A line for the user on stderr (stdout stays clean for data); forum
    text in it (an error the forum sent) goes through the text gate."""
    _err.print(Text(clean(message)))


def ask(question: str, default: str | None) -> str:
    """Ask for one line of text; an empty answer takes ``default``."""
    hint = f" [{default}]" if default else ""
    sys.stderr.write(f"{question}{hint}: ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer:
        raise KeyboardInterrupt
    return answer.strip() or (default or "")


def ask_secret(question: str, default: str | None) -> str:
    """Ask for a secret (an API key) without showing what is typed; with no
    terminal on stdin (a script, a test) it is read as a plain line."""
    if not sys.stdin.isatty():
        return ask(question, default)
    answer = getpass.getpass(f"{question} (not shown as you type): ", stream=sys.stderr)
    return answer.strip() or (default or "")


def confirm(question: str, default: bool = False) -> bool:
    """Ask a yes/no question; with no terminal the answer is ``default``."""
    if not sys.stdin.isatty():
        return default
    hint = "[Y/n]" if default else "[y/N]"
    answer = ask(f"{question} {hint}", None).lower()
    if not answer:
        return default
    return answer in ("y", "yes", "j", "ja")


@contextmanager
def progress(label: str, show: bool) -> Iterator[Step]:
    """A progress bar on stderr when ``show``; otherwise a silent step."""
    if not show or not _err.is_terminal:
        yield lambda *_: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=_err, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def step(done: int, total: int | None = None) -> None:
            """Move the bar to ``done`` (of ``total`` when known)."""
            bar.update(task, completed=done, total=total)

        yield step


def sync_summary(report: SyncReport, *, quiet: bool) -> None:
    """One line on what a sync did (nothing when quiet and nothing changed)."""
    pushed = report.pushed
    sent = len(pushed.sent) if pushed else 0
    if quiet and not (report.saved or sent or (pushed and pushed.failed)):
        return
    line = (
        f"{report.forum}: {report.seen} changed, {report.saved} saved, "
        f"{report.removed} removed"
    )
    if sent:
        line += f"; {sent} replies and actions sent"
    if pushed and (pushed.failed or pushed.collisions):
        line += (
            f"; {len(pushed.failed)} refused and {len(pushed.collisions)} held"
            " (open the desk to see why)"
        )
    if report.pending:
        line += (
            f"; {report.pending} threads still to fetch (a few per sync, to stay"
            " within the forum's rate limit)"
        )
    info(line)


def backlog_data(
    report: BacklogReport,
    success: SuccessFigures | None = None,
    team: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Every figure of `deskapp backlog`: the report, the success figures of
    the period, and what else the backlog screen shows (trend, load,
    targets, working hours); forum text cleaned."""
    data = report.as_dict()
    if success is not None:
        data["since"] = success.since.isoformat()
        data["until"] = success.until.isoformat()
        data["success"] = success.as_dict()
    if team is not None:
        data.update(team)
    return _inert(data)  # type: ignore[no-any-return]


def backlog_json(
    report: BacklogReport,
    success: SuccessFigures | None = None,
    team: dict[str, Any] | None = None,
) -> None:
    """:func:`backlog_data` as JSON on stdout."""
    json.dump(backlog_data(report, success, team), sys.stdout, ensure_ascii=False,
              indent=2)  # fmt: skip
    sys.stdout.write("\n")


def _inert(value: Any) -> Any:
    """``value`` with every string in it (keys too) through the text gate:
    JSON escapes C0 controls, but C1 and bidi characters it writes as they are."""
    if isinstance(value, str):
        return one_line(value)
    if isinstance(value, dict):
        return {_inert(k): _inert(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_inert(v) for v in value]
    return value


def backlog_csv(report: BacklogReport) -> None:
    """One CSV row per open question on stdout (formula-safe, quoted cells)."""
    rows = [r.as_dict() for r in report.rows]
    fields = list(rows[0]) if rows else ["id", "title", "category", "state"]
    write_csv(sys.stdout, fields, ([row.get(k, "") for k in fields] for row in rows))


def _summary_line(report: BacklogReport) -> Text:
    """The headline counts as one line."""
    s = report.summary()
    synced = (
        report.last_sync_at.strftime("%Y-%m-%d %H:%M UTC")
        if report.last_sync_at
        else "never"
    )
    return Text(
        f"{report.forum}: {s['open']} open, {s['urgent']} urgent, "
        f"{s['waiting_for_staff']} waiting for staff, {s['unassigned']} unassigned"
        f" (last sync {synced})"
    )


def backlog_table(report: BacklogReport, limit: int = 50) -> None:
    """The report as readable tables on stdout."""
    _out.print(_summary_line(report))
    counts = Table(title="Waiting for staff", title_justify="left")
    for label in report.by_age():
        counts.add_column(label, justify="right")
    counts.add_row(*(str(n) for n in report.by_age().values()))
    _out.print(counts)
    by_cat = Table("Category", "Open", title="By category", title_justify="left")
    for name, n in report.count_by("category").items():
        by_cat.add_row(Text(one_line(name, 40)), str(n))
    _out.print(by_cat)
    _out.print(_questions_table(report, limit))


_FIXED_COLUMNS = {"Id": 6, "Waiting": 8, "Urgency": 9, "State": 14, "Assigned": 12}


def _questions_table(report: BacklogReport, limit: int) -> Table:
    """The open questions in inbox order, one line each, sized to the terminal."""
    spare = _out.width - sum(_FIXED_COLUMNS.values()) - 2 * (len(_FIXED_COLUMNS) + 1)
    title_width = max(spare, 20)
    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"Open questions (first {min(limit, report.open_total)}"
        f" of {report.open_total})",
        title_justify="left",
    )
    for name, width in _FIXED_COLUMNS.items():
        if name == "Assigned":
            table.add_column("Title", no_wrap=True, width=title_width)
        table.add_column(name, no_wrap=True, width=width, overflow="ellipsis")
    for row in report.rows[:limit]:
        i = row.item
        waiting = "-" if row.waiting_hours is None else _short_hours(row.waiting_hours)
        table.add_row(
            str(i.id), waiting, i.urgency.value, i.state.value,
            Text(one_line(i.title, title_width)), Text(one_line(i.assigned_to or "-")),
        )  # fmt: skip
    return table


def _short_hours(hours: float) -> str:
    """``5 h`` below two days, ``3 d`` above."""
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.0f} d"


def _pct(part: dict[str, Any], key: str = "share") -> str:
    """``40% (12)``: a share and its count; ``-`` for an empty period."""
    share = part[key]
    return "-" if share is None else f"{share:.0%} ({part['count']})"


def _h(hours: float | None) -> str:
    """Working hours for a reader: ``2.5 h``, ``-`` when there are none."""
    return "-" if hours is None else f"{hours:.1f} h"


def _success_rows(d: dict[str, Any]) -> list[tuple[str, str]]:
    """(figure, value) lines of the success figures."""
    first, by, solved, kb = (
        d["first_answer"], d["first_by"], d["solved"], d["knowledge_base"],
    )  # fmt: skip
    return [
        ("Questions asked", f"{d['questions']}"),
        ("First staff answer", f"{first['answered']} answered; median"
         f" {_h(first['median_hours'])}, p90 {_h(first['p90_hours'])}"
         " (working hours)"),
        ("Answered first by", f"Werkplein {_pct(by['staff'])}, adviser"
         f" {_pct(by['adviser'])}, peers {_pct(by['peer'])},"
         f" nobody {_pct(by['none'])}"),
        ("Solved", f"{_pct(solved, 'rate')}; median time to solve"
         f" {_h(solved['median_hours'])} (working hours)"),
        ("Knowledge base", f"{kb['published']} articles published; offered"
         f" {kb['links']} times ({kb['articles']} articles, {kb['questions']}"
         " questions)"),
        ("Referred elsewhere", _pct(d["referred"])),
        ("Overdue now", f"{d['overdue']['count']} open questions"),
    ]  # fmt: skip


def success_table(success: SuccessFigures, zone: ZoneInfo) -> None:
    """The success figures of the period as a two-column table on stdout."""
    since = success.since.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    until = success.until.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    table = Table(
        box=box.SIMPLE_HEAD, show_header=False,
        title=f"Success: questions asked {since} - {until}",
        title_justify="left",
    )  # fmt: skip
    table.add_column("Figure", no_wrap=True)
    table.add_column("Value")
    data = success.as_dict()
    for figure, value in _success_rows(data):
        table.add_row(figure, value)
    _out.print(table)
    if data["partial"]:
        info(
            f"{data['partial']} of these threads are still to fetch:"
            " the next syncs complete them."
        )
