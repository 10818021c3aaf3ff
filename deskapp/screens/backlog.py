"""The backlog screen: what needs attention now, and whether the forum works.

The figures are those of ``deskapp backlog`` (:meth:`Desk.backlog_figures`).
Enter on a row dismisses the screen with the inbox filter of that row.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from deskapp.desk import Desk
from deskapp.errors import DeskError
from deskapp.i18n import _, language
from deskapp.metrics import AGE_BUCKETS, BacklogReport
from deskapp.models import State, Urgency
from deskapp.screens.commands import Command, ScreenCommands
from deskapp.screens.help import HelpScreen, bindings_table
from deskapp.storestats import Trend
from deskapp.successfigures import REFERRAL_TAGS, SuccessFigures
from deskapp.text import one_line
from deskapp.views import ALL_STATES, ViewFilter
from deskapp.widgets.backlog_success import success_rows
from deskapp.widgets.backlog_tables import FigureRow, FigureTable
from deskapp.widgets.backlog_trend import TrendBars, TrendCharts
from deskapp.widgets.columns import labels_for

__all__ = ["BacklogScreen", "Figures"]


def _all(**restrictions: object) -> ViewFilter:
    """An inbox filter over every question the figures count, snoozed ones
    included."""
    return ViewFilter(include_snoozed=True, **restrictions)  # type: ignore[arg-type]


TREND_DAYS = (30, 90)
"""The trend periods ``t`` switches between."""


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything the screen shows, read in one go."""

    report: BacklogReport
    success: SuccessFigures
    trend: Trend
    load: dict[str, tuple[int, int]]
    """Per staff member: assigned open questions, answers this week."""


class BacklogScreen(Screen[ViewFilter | None]):
    """Backlog by category, age, urgency and state; overdue; load; trends;
    success figures. Dismissed with a filter when enter opens a row."""

    COMMANDS: ClassVar = {ScreenCommands}
    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (declared so on Screen)
        (0, "-narrow"),
        (140, "-wide"),
    ]
    """From 140 columns the sections stand in two columns."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", _("Terug"), id="backlog.close",
                tooltip=_("Terug naar het vorige scherm")),
        Binding("t", "trend_period", _("30/90 dagen"), id="backlog.period",
                tooltip=_("Trends over 30 of 90 dagen")),
        Binding("r", "reload", _("Ververs"), id="backlog.reload",
                tooltip=_("Lees de cijfers opnieuw uit de lokale opslag")),
        Binding("question_mark", "help", _("Help"), id="backlog.help",
                tooltip=_("Alle toetsen van dit scherm")),
    ]  # fmt: skip

    def __init__(self, desk: Desk) -> None:
        """The figures of ``desk``'s forum."""
        super().__init__()
        self.desk = desk
        self.trend_days = TREND_DAYS[0]
        self.figures: Figures | None = None
        self.source = ""
        """Where the success figures come from when not the local store."""
        self._labels = labels_for(language())

    def compose(self) -> ComposeResult:
        """The headline, then the sections: one scrolling column, or two side
        by side in a wide terminal (what needs attention left, how the forum
        does right)."""
        yield Static(
            _("Achterstand en cijfers · laden…"), id="backlog-head", markup=False
        )
        with VerticalScroll(id="backlog-body"), Container(id="backlog-columns"):
            with Vertical(id="backlog-now"):
                yield self._heading(_("Open vragen per categorie en wachttijd"))
                buckets = [label for label, _ in AGE_BUCKETS]
                yield FigureTable(
                    [_("Categorie"), *buckets, _("Open")], id="by-category"
                )
                yield self._heading(_("Per urgentie"))
                yield FigureTable([_("Urgentie"), _("Doel"), _("Open"), _("Te laat")],
                                  id="by-urgency")  # fmt: skip
                yield self._heading(_("Per status"))
                yield FigureTable([_("Status"), _("Open")], id="by-state")
                yield self._heading(_("Te laat"), "overdue-heading")
                yield FigureTable(
                    [_("Titel"), _("Categorie"), _("Uiterlijk"), _("Toegewezen")],
                    id="overdue",
                )
                yield self._heading(_("Werklast per medewerker"))
                yield FigureTable(
                    [_("Medewerker"), _("Toegewezen open"), _("Antwoorden deze week")],
                    id="staff",
                )
            with Vertical(id="backlog-trends"):
                yield self._heading(_("Trends"), "trend-heading")
                yield TrendCharts(id="trends")
                yield self._heading(_("Werkt het forum?"), "success-heading")
                yield FigureTable([_("Cijfer"), _("Waarde")], id="success")
        yield Footer()

    @staticmethod
    def _heading(text: str, id: str | None = None) -> Static:
        """A section heading."""
        return Static(text, id=id, classes="backlog-heading", markup=False)

    def on_mount(self) -> None:
        """Read the figures."""
        self.query_one("#by-category", FigureTable).focus()
        self.load()

    @work(exclusive=True, group="backlog-load", exit_on_error=False)
    async def load(self) -> None:
        """Read every figure from the store (in a thread) and show them; then,
        where the config names a Data Explorer query, the forum's own success
        figures replace the local ones (as in ``deskapp backlog``)."""
        figures = await asyncio.to_thread(self.read_figures)
        self.show(figures)
        try:
            server = await self.desk.server_figures(figures.success)
        except DeskError as err:
            self.source = _("lokaal: de Data Explorer gaf een fout")
            self.notify(
                _(
                    "De succescijfers van het forum (Data Explorer) zijn niet "
                    "opgehaald: {err}. Dit zijn de cijfers uit de lokale opslag."
                ).format(err=one_line(str(err), 200)),
                severity="warning",
                timeout=10,
                markup=False,
            )
            self._show_success(figures.success)
            return
        if server is not None:
            self.source = _("Data Explorer")
            self.figures = replace(figures, success=server)
            self._show_success(server)

    def read_figures(self) -> Figures:
        """The report, success figures, trend and this week's answers."""
        desk, now = self.desk, self.desk.now()
        report, success = desk.backlog_figures(now=now)
        store, forum, zone = desk.store, desk.forum_name, desk.timezone
        return Figures(
            report,
            success,
            store.trend(forum, now, self.trend_days, zone),
            desk.staff_load(report, now),
        )

    def show(self, figures: Figures) -> None:
        """Fill every section."""
        self.figures = figures
        report = figures.report
        self.query_one("#backlog-head", Static).update(self._headline(report))
        self._table("by-category").show(self._category_rows(report))
        self._table("by-urgency").show(self._urgency_rows(report))
        self._table("by-state").show(self._state_rows(report))
        self._table("overdue").show(self._overdue_rows(report))
        self._table("staff").show(self._staff_rows(figures))
        self._show_trend(figures.trend)
        self._show_success(figures.success)

    def _table(self, id: str) -> FigureTable:
        return self.query_one(f"#{id}", FigureTable)

    def _headline(self, report: BacklogReport) -> str:
        """Open, urgent, waiting for us, unassigned, overdue."""
        s = report.summary()
        return _(
            "Achterstand · {open} open · {urgent} urgent · {waiting} wacht op ons"
            " · {unassigned} onverdeeld · {overdue} te laat"
        ).format(
            open=s["open"],
            urgent=s["urgent"],
            waiting=s["waiting_for_staff"],
            unassigned=s["unassigned_waiting_for_staff"],
            overdue=len(report.overdue()),
        )

    def _category_rows(self, report: BacklogReport) -> list[FigureRow]:
        """Per category: waiting-for-staff questions per bucket, and all open."""
        names: dict[str, str] = {}
        cells: dict[str, Counter[str]] = {}
        for row in report.rows:
            slug = row.item.category_slug
            names.setdefault(slug, row.item.category)
            counter = cells.setdefault(slug, Counter())
            counter["open"] += 1
            if row.bucket is not None:
                counter[row.bucket] += 1
        ordered = sorted(cells, key=lambda s: (-cells[s]["open"], names[s]))
        return [
            (
                [
                    one_line(names[s], 40),
                    *(cells[s][b] for b, _ in AGE_BUCKETS),
                    cells[s]["open"],
                ],
                _all(
                    categories=(s,),
                    label=_("categorie {category}").format(
                        category=one_line(names[s], 40)
                    ),
                ),
            )
            for s in ordered
        ]

    def _urgency_rows(self, report: BacklogReport) -> list[FigureRow]:
        """Per urgency: the response target, open and overdue questions."""
        counts = report.count_by("urgency")
        late = Counter(r.item.urgency for r in report.overdue())
        targets = self.desk.config.desk.targets
        rows: list[FigureRow] = []
        for u in Urgency:
            name = self._labels[f"urgency.{u.value}"]
            cells = [
                name,
                _("{targets:g} werkuren").format(targets=targets[u]),
                counts.get(u.value, 0),
                late[u],
            ]
            rows.append(
                (
                    cells,
                    _all(urgencies=(u,), label=_("urgentie {name}").format(name=name)),
                )
            )
        return rows

    def _state_rows(self, report: BacklogReport) -> list[FigureRow]:
        counts = report.count_by("state")
        return [
            (
                [self._labels[f"state.{s.value}"], counts.get(s.value, 0)],
                _all(
                    states=(s,),
                    label=_("status {state}").format(
                        state=self._labels[f"state.{s.value}"]
                    ),
                ),
            )
            for s in State
            if s.is_open
        ]

    def _overdue_rows(self, report: BacklogReport) -> list[FigureRow]:
        """Each overdue question, soonest due first; enter opens them all."""
        zone, flt = self.desk.timezone, _all(overdue=True, label=_("te laat"))
        rows = sorted(
            report.overdue(), key=lambda r: r.item.due_at or r.item.created_at
        )
        shown: list[FigureRow] = [
            ([one_line(r.item.title, 28), one_line(r.item.category, 16),
              f"{r.item.due_at.astimezone(zone):%d-%m %H:%M}" if r.item.due_at else "-",
              one_line(r.item.assigned_to or "-", 12)], flt)
            for r in rows
        ]  # fmt: skip
        self.query_one("#overdue-heading", Static).update(
            _("Te laat ({n})").format(n=len(rows))
        )
        self._table("overdue").display = bool(shown)
        return shown

    def _staff_rows(self, figures: Figures) -> list[FigureRow]:
        """Per staff member: assigned open questions and answers this week."""
        load = figures.load
        names = sorted(load, key=lambda n: (-load[n][0], -load[n][1], n))
        return [
            ([one_line(n, 30), *load[n]],
             _all(assignee=n, label=_("toegewezen aan {n}").format(n=one_line(n, 30))))
            for n in names
        ]  # fmt: skip

    def _show_trend(self, trend: Trend) -> None:
        self.query_one("#trend-heading", Static).update(
            _("Trends, laatste {n} dagen (t: 30/90 dagen)").format(n=len(trend.days))
        )
        series = {"opened": trend.opened, "answered": trend.answered,
                  "backlog": trend.backlog}  # fmt: skip
        self.query_one(TrendCharts).show(series, trend.days, self.desk.timezone)

    def _show_success(self, success: SuccessFigures) -> None:
        """The success figures, their period and source; enter on a row opens
        its questions where the figure is a list of them."""
        zone = self.desk.timezone
        since, until = success.since.astimezone(zone), success.until.astimezone(zone)
        source = f" · {self.source}" if self.source else ""
        self.query_one("#success-heading", Static).update(
            _(
                "Werkt het forum? {since:%d-%m %H:%M} tot {until:%d-%m %H:%M}{source}"
            ).format(since=since, until=until, source=source)
        )
        period = (success.since, success.until)
        span = _("{since:%d-%m} t/m {until:%d-%m}").format(since=since, until=until)
        filters = {
            "asked": _all(
                states=ALL_STATES,
                created=period,
                label=_("gesteld {span}").format(span=span),
            ),
            "answered": _all(
                states=ALL_STATES,
                created=period,
                staff_answered=True,
                label=_("gesteld {span}, beantwoord").format(span=span),
            ),
            "referred": _all(
                states=ALL_STATES,
                created=period,
                tags=REFERRAL_TAGS,
                label=_("doorverwezen {span}").format(span=span),
            ),
            "overdue": _all(overdue=True, label=_("te laat")),
        }
        self._table("success").show(
            ([label, Text(value, justify="right")], filters.get(key or ""))
            for label, value, key in success_rows(success.as_dict())
        )

    # -- actions ---------------------------------------------------------------

    @on(FigureTable.Chosen)
    def chosen(self, event: FigureTable.Chosen) -> None:
        """Enter on a row: back to the inbox with that row's questions."""
        self.dismiss(event.filter)

    def action_close(self) -> None:
        """Back without a filter."""
        self.dismiss(None)

    def action_trend_period(self) -> None:
        """Switch the trends between 30 and 90 days."""
        at = TREND_DAYS.index(self.trend_days)
        self.trend_days = TREND_DAYS[(at + 1) % len(TREND_DAYS)]
        self.load()

    def action_reload(self) -> None:
        """Read the figures again."""
        self.load()

    def action_help(self) -> None:
        """Every key of this screen."""
        extra = [self.query_one(TrendBars), self._table("by-category")]
        self.app.push_screen(
            HelpScreen(bindings_table(self, extra), _("Toetsen: achterstand"))
        )

    def palette_commands(self) -> list[Command]:
        """This screen's actions, for the command palette."""
        return [
            (_("Trends: 30 of 90 dagen"), _("Wissel de periode van de trends (t)"),
             "trend_period"),
            (_("Cijfers verversen"), _("Lees de cijfers opnieuw (r)"), "reload"),
            (_("Terug"), _("Terug naar het vorige scherm (esc)"), "close"),
        ]  # fmt: skip
