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
from rich.table import Table
from rich.text import Text

from deskapp.i18n import _, format_decimal, format_percent, ngettext
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
    hint = _("[Y/n]") if default else _("[y/N]")
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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

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
    line = _("{forum}: {seen} changed, {saved} saved, {removed} removed").format(
        forum=report.forum, seen=report.seen, saved=report.saved,
        removed=report.removed,
    )  # fmt: skip
    if sent:
        line += ngettext(
            "; {n} reply or action sent", "; {n} replies and actions sent", sent
        ).format(n=sent)
    if pushed and (pushed.failed or pushed.collisions):
        line += _(
            "; {refused} refused and {held} held (open the desk to see why)"
        ).format(refused=len(pushed.failed), held=len(pushed.collisions))
    if report.pending:
        line += ngettext(
            "; {n} thread still to fetch (a few per sync, to stay within the"
            " forum's rate limit)",
            "; {n} threads still to fetch (a few per sync, to stay within the"
            " forum's rate limit)",
            report.pending,
        ).format(n=report.pending)
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
        else _("never")
    )
    return Text(
        _(
            "{forum}: {open} open, {urgent} urgent, {waiting} waiting for staff,"
            " {unassigned} unassigned (last sync {synced})"
        ).format(
            forum=report.forum, open=s["open"], urgent=s["urgent"],
            waiting=s["waiting_for_staff"], unassigned=s["unassigned"],
            synced=synced,
        )
    )  # fmt: skip


def backlog_table(report: BacklogReport, limit: int = 50) -> None:
    """The report as readable tables on stdout."""
    _out.print(_summary_line(report))
    counts = Table(title=_("Waiting for staff"), title_justify="left")
    for label in report.by_age():
        counts.add_column(age_label(label), justify="right")
    counts.add_row(*(str(n) for n in report.by_age().values()))
    _out.print(counts)
    by_cat = Table(
        _("Category"), _("Open"), title=_("By category"), title_justify="left"
    )
    for name, n in report.count_by("category").items():
        by_cat.add_row(Text(one_line(name, 40)), str(n))
    _out.print(by_cat)
    _out.print(_questions_table(report, limit))


_FIXED_WIDTHS = (6, 8, 9, 14, 12)
"""Id, waiting, urgency, state, assigned; the title takes the rest."""


def _fixed_columns() -> dict[str, int]:
    """The fixed-width columns of the questions table, by heading."""
    names = (_("Id"), _("Waiting"), _("Urgency"), _("State"), _("Assigned"))
    return dict(zip(names, _FIXED_WIDTHS, strict=True))


def age_label(label: str) -> str:
    """A waiting-time bucket (``< 4 h``, ``1-3 d``) in the desk's language."""
    labels = {
        "< 4 h": _("< 4 h"), "4-24 h": _("4-24 h"), "1-3 d": _("1-3 d"),
        "3-7 d": _("3-7 d"), "> 7 d": _("> 7 d"),
    }  # fmt: skip
    return labels.get(label, label)


def urgency_label(value: str) -> str:
    """An urgency (``urgent``) in the desk's language."""
    labels = {"urgent": _("urgent"), "normal": _("normal"), "low": _("low")}
    return labels.get(value, value)


def state_label(value: str) -> str:
    """A question state (``waiting_staff``) in the desk's language."""
    labels = {
        "new": _("new"), "waiting_staff": _("waiting for staff"),
        "waiting_client": _("waiting for client"), "solved": _("solved"),
        "closed": _("closed"),
    }  # fmt: skip
    return labels.get(value, value.replace("_", " "))


def _questions_table(report: BacklogReport, limit: int) -> Table:
    """The open questions in inbox order, one line each, sized to the terminal."""
    fixed = _fixed_columns()
    spare = _out.width - sum(fixed.values()) - 2 * (len(fixed) + 1)
    title_width = max(spare, 20)
    table = Table(
        box=box.SIMPLE_HEAD,
        title=_("Open questions (first {shown} of {total})").format(
            shown=min(limit, report.open_total), total=report.open_total
        ),
        title_justify="left",
    )
    for at, (name, width) in enumerate(fixed.items()):
        if at == len(fixed) - 1:  # the title goes before "Assigned"
            table.add_column(_("Title"), no_wrap=True, width=title_width)
        table.add_column(name, no_wrap=True, width=width, overflow="ellipsis")
    for row in report.rows[:limit]:
        i = row.item
        waiting = "-" if row.waiting_hours is None else _short_hours(row.waiting_hours)
        table.add_row(
            str(i.id), waiting, urgency_label(i.urgency.value),
            state_label(i.state.value),
            Text(one_line(i.title, title_width)), Text(one_line(i.assigned_to or "-")),
        )  # fmt: skip
    return table


def _short_hours(hours: float) -> str:
    """``5 h`` below two days, ``3 d`` above."""
    if hours < 48:
        return _("{n} h").format(n=f"{hours:.0f}")
    return _("{n} d").format(n=f"{hours / 24:.0f}")


def _pct(part: dict[str, Any], key: str = "share") -> str:
    """``40% (12)``: a share and its count; ``-`` for an empty period."""
    share = part[key]
    if share is None:
        return "-"
    return f"{format_percent(share, '#,##0%')} ({part['count']})"


def _h(hours: float | None) -> str:
    """Working hours for a reader: ``2.5 h``, ``-`` when there are none."""
    if hours is None:
        return "-"
    return _("{n} h").format(n=format_decimal(hours, "#,##0.0"))


def _success_rows(d: dict[str, Any]) -> list[tuple[str, str]]:
    """(figure, value) lines of the success figures."""
    first, by, solved, kb = (
        d["first_answer"], d["first_by"], d["solved"], d["knowledge_base"],
    )  # fmt: skip
    return [
        (_("Questions asked"), f"{d['questions']}"),
        (_("First staff answer"),
         _("{answered} answered; median {median}, p90 {p90} (working hours)").format(
             answered=first["answered"], median=_h(first["median_hours"]),
             p90=_h(first["p90_hours"]))),
        (_("Answered first by"),
         _("Werkplein {staff}, adviser {adviser}, peers {peer}, nobody {none}").format(
             staff=_pct(by["staff"]), adviser=_pct(by["adviser"]),
             peer=_pct(by["peer"]), none=_pct(by["none"]))),
        (_("Solved"),
         _("{rate}; median time to solve {median} (working hours)").format(
             rate=_pct(solved, "rate"), median=_h(solved["median_hours"]))),
        (_("Knowledge base"),
         _("{published} articles published; offered {links} times ({articles}"
           " articles, {questions} questions)").format(
             published=kb["published"], links=kb["links"],
             articles=kb["articles"], questions=kb["questions"])),
        (_("Referred elsewhere"), _pct(d["referred"])),
        (_("Overdue now"),
         ngettext("{n} open question", "{n} open questions",
                  d["overdue"]["count"]).format(n=d["overdue"]["count"])),
    ]  # fmt: skip


def success_table(success: SuccessFigures, zone: ZoneInfo) -> None:
    """The success figures of the period as a two-column table on stdout."""
    since = success.since.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    until = success.until.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    table = Table(
        box=box.SIMPLE_HEAD, show_header=False,
        title=_("Success: questions asked {since} - {until}").format(
            since=since, until=until
        ),
        title_justify="left",
    )  # fmt: skip
    table.add_column(_("Figure"), no_wrap=True)
    table.add_column(_("Value"))
    data = success.as_dict()
    for figure, value in _success_rows(data):
        table.add_row(figure, value)
    _out.print(table)
    if data["partial"]:
        info(
            _(
                "{n} of these threads are still to fetch: the next syncs complete them."
            ).format(n=data["partial"])
        )
