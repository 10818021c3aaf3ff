"""The backlog screen: the figures of `deskapp backlog`, and enter filters the inbox."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from rich.console import Console
from textual.widgets import Static

from deskapp import cliout
from deskapp.app import DeskApp
from deskapp.desk import Desk
from deskapp.screens.backlog import BacklogScreen
from deskapp.screens.question import QuestionScreen
from deskapp.storestats import week_start
from deskapp.views import ViewFilter
from deskapp.widgets.backlog_tables import FigureTable
from tests.inbox_app import NOW, make_desk
from tests.test_inbox import rows, settle

AMS = ZoneInfo("Europe/Amsterdam")


def cli_json(desk: Desk, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """What `deskapp backlog --json` prints for the same desk and moment."""
    capsys.readouterr()
    cliout.backlog_json(*desk.backlog_figures(now=NOW))
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def shown_text(widget: Static) -> str:
    """The text a Static shows (its table drawn 78 columns wide)."""
    console = Console(width=78, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def on_inbox(app: DeskApp) -> bool:
    """True when the inbox is the screen on top."""
    return app.screen is app.inbox


def table(app: DeskApp, id: str) -> list[list[str]]:
    """The cells of one table of the backlog screen."""
    return app.screen.query_one(f"#{id}", FigureTable).cells()


async def opened(app: DeskApp, pilot: Any, key: str = "B") -> BacklogScreen:
    """Press ``key`` and wait until the backlog screen shows its figures."""
    await settle(app)
    await pilot.press(key)
    screen = app.screen
    assert isinstance(screen, BacklogScreen)
    for _ in range(600):  # the load worker may start after the key returns
        if screen.figures is not None:
            break
        await pilot.pause(0.1)
    await settle(app)
    return screen


def test_store_trend_and_answers_this_week(tmp_path: Path) -> None:
    """Opened, first answered and backlog per local day; replies since Monday."""
    desk = make_desk(tmp_path)
    trend = desk.store.trend("demo", NOW, 30, AMS)
    assert len(trend.days) == 30 and trend.days[-1] == date(2026, 11, 4)
    # Sun 1 Nov: #2 asked and answered; Mon: #1, #3, #4, #5 asked, #4 and #5
    # answered; Tue: #6 asked; nothing on Wed (10:00)
    assert trend.opened[-4:] == (1, 4, 1, 0)
    assert trend.answered[-4:] == (1, 2, 0, 0)
    assert trend.backlog[-4:] == (0, 2, 3, 3)
    assert sum(trend.opened) == 6
    monday = week_start(NOW, AMS)
    assert monday.isoformat() == "2026-11-02T00:00:00+01:00"
    # #2's staff reply was on Sunday: last week
    assert desk.store.staff_answers("demo", monday) == {
        "adviseur.kim": 1,
        "j.devries": 1,
    }


async def test_screen_shows_the_figures_of_deskapp_backlog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """B opens the screen; its tables and success figures carry the values of
    `deskapp backlog --json` for the same store."""
    desk = make_desk(tmp_path)
    data = cli_json(desk, capsys)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        urgency = {r[0]: (r[1], int(r[2])) for r in table(app, "by-urgency")}
        assert urgency == {
            "urgent": ("4 werkuren", data["by_urgency"].get("urgent", 0)),
            "normaal": ("16 werkuren", data["by_urgency"].get("normal", 0)),
            "laag": ("40 werkuren", data["by_urgency"].get("low", 0)),
        }
        late = sum(int(r[3]) for r in table(app, "by-urgency"))
        assert late == data["success"]["overdue"]["count"] == 2
        states = {r[0]: int(r[1]) for r in table(app, "by-state")}
        assert sum(states.values()) == data["open_total"] == 5
        assert states["wacht op klant"] == data["by_state"]["waiting_client"]
        per_category = {r[0]: int(r[-1]) for r in table(app, "by-category")}
        assert per_category == data["by_category"]
        waiting = [
            sum(int(r[n]) for r in table(app, "by-category")) for n in range(1, 6)
        ]
        assert waiting == list(data["waiting_by_age"].values())
        overdue = table(app, "overdue")
        assert len(overdue) == data["success"]["overdue"]["count"]
        staff = {r[0]: (int(r[1]), int(r[2])) for r in table(app, "staff")}
        assert staff == {"j.devries": (1, 1), "adviseur.kim": (0, 1)}
        success = dict(table(app, "success"))
        first = data["success"]["first_answer"]
        dutch = lambda x: f"{x:.2f}".replace(".", ",")  # noqa: E731
        assert success["Eerste antwoord, mediaan"] == (
            f"{dutch(first['median_hours'])} werkuren"
        )
        assert (
            success["Eerste antwoord, p90"] == f"{dutch(first['p90_hours'])} werkuren"
        )
        solved = data["success"]["solved"]
        rate = f"{solved['rate'] * 100:.1f}".replace(".", ",")
        assert success["Opgelost"] == f"{solved['count']} ({rate}%)"
        assert success["Vragen gesteld"] == str(data["success"]["questions"])
        head = str(screen.query_one("#backlog-head", Static).render())
        assert f"{data['open_total']} open" in head


async def test_without_overdue_questions_the_overdue_table_is_not_drawn(
    tmp_path: Path,
) -> None:
    """Targets no question misses: the heading says "Te laat (0)" and no
    empty table with only its column names stands under it."""
    known = make_desk(tmp_path)
    week = {u: 1000.0 for u in known.config.desk.targets}
    config = dataclasses.replace(
        known.config, desk=dataclasses.replace(known.config.desk, targets=week)
    )
    desk = Desk(config, known.profile, known.store, clock=lambda: NOW)
    desk.store.retriage_if_changed("demo", desk.rules)  # the due times anew
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        heading = screen.query_one("#overdue-heading", Static)
        assert str(heading.content) == "Te laat (0)"
        assert not screen.query_one("#overdue", FigureTable).display
        assert screen.query_one("#staff", FigureTable).display


@pytest.mark.parametrize(
    ("section", "row", "expected"),
    [
        ("staff", 0, [2]),  # j.devries: the question assigned to them
        ("by-urgency", 0, [1]),  # urgent
        ("by-category", 1, [2, 6]),  # Zorg & Wmo (second: fewer open)
    ],
)
async def test_enter_on_a_row_filters_the_inbox(
    tmp_path: Path, section: str, row: int, expected: list[int]
) -> None:
    """Enter on a row closes the screen and shows that row's questions."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        figures = screen.query_one(f"#{section}", FigureTable)
        figures.focus()
        figures.move_cursor(row=row)
        await pilot.press("enter")
        await settle(app)
        assert on_inbox(app)
        assert sorted(rows(app)) == expected


async def test_overdue_row_opens_the_overdue_questions(tmp_path: Path) -> None:
    """Enter on the overdue list: the inbox shows the overdue filter."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        overdue = screen.query_one("#overdue", FigureTable)
        assert overdue.row_count >= 1
        overdue.focus()
        await pilot.press("enter")
        await settle(app)
        assert app.inbox.extra == ViewFilter(overdue=True, include_snoozed=True)
        want = [r.item.id for r in app.desk.backlog(NOW).overdue()]
        assert sorted(rows(app)) == sorted(want)


async def test_palette_and_f7_open_it_from_a_question(tmp_path: Path) -> None:
    """The palette finds "Achterstand en cijfers"; F7 works on a question too,
    and a chosen row comes back to the inbox."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "achterstand":
            await pilot.press(key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app)
        assert isinstance(app.screen, BacklogScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert on_inbox(app)
        await pilot.press("enter")
        await settle(app)
        assert isinstance(app.screen, QuestionScreen)
        await opened(app, pilot, "f7")
        staff = app.screen.query_one("#staff", FigureTable)
        staff.focus()
        await pilot.press("enter")
        await settle(app)
        assert on_inbox(app)
        assert rows(app) == [2]


async def test_t_switches_the_trends_to_90_days(tmp_path: Path) -> None:
    """t shows 90 days of trends, t again 30."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        assert screen.figures is not None and len(screen.figures.trend.days) == 30
        await pilot.press("t")
        await settle(app)
        assert len(screen.figures.trend.days) == 90
        heading = str(screen.query_one("#trend-heading", Static).render())
        assert "90 dagen" in heading


def _count(desk: Desk, flt: ViewFilter) -> int:
    """How many questions the inbox shows for ``flt`` (in its first section)."""
    return len(desk.view(desk.sections[0], flt).ids)


def test_a_question_closed_without_staff_answer_leaves_the_backlog(
    tmp_path: Path,
) -> None:
    """Closed at its last post (Monday), never answered by staff: in the
    backlog on Sunday and at the end of Monday no longer; its bar's filter
    agrees."""
    from deskapp.storestats import trend_filter
    from deskapp.triage import TriageRules
    from tests.factories import CLIENT, T0, make_thread

    desk = make_desk(tmp_path)
    closed = make_thread(7, "Dubbel gesteld", [CLIENT, CLIENT],
                         start=T0 - timedelta(days=2), step=timedelta(days=2))  # fmt: skip
    question = dataclasses.replace(closed.question, closed=True)
    desk.store.save_threads(
        "demo", [dataclasses.replace(closed, question=question)], TriageRules()
    )
    trend = desk.store.trend("demo", NOW, 30, AMS)
    before = trend.backlog[-4:]
    assert before == (1, 2, 3, 3)
    # without #7 the backlog reads (0, 2, 3, 3) (see above): #7 counts from its
    # asking day up to the day of its last post, and not after
    asked = closed.posts[0].created_at.astimezone(AMS).date()
    last = closed.posts[-1].created_at.astimezone(AMS).date()
    for n, day in enumerate(trend.days[-4:]):
        inside = asked <= day < last  # Sunday only
        assert before[n] == (0, 2, 3, 3)[n] + inside, day
        flt = trend_filter("backlog", day, day, AMS)
        assert _count(desk, flt) == before[n]


@pytest.mark.parametrize("series", ["opened", "answered", "backlog"])
async def test_every_bar_opens_as_many_questions_as_it_counts(
    tmp_path: Path, series: str
) -> None:
    """On a 300-question demo forum, every day of every chart: the inbox
    filter of the bar holds exactly the bar's number of questions."""
    from deskapp.forum.demo import DemoForum
    from deskapp.forum.demo_seed import seed_demo_forum
    from deskapp.storestats import trend_filter
    from deskapp.sync import sync_once
    from deskapp.triage import TriageRules

    seed_demo_forum(tmp_path / "forum.sqlite", 300, now=NOW)
    desk = make_desk(tmp_path)
    demo = DemoForum(tmp_path / "forum.sqlite")
    try:
        await sync_once(demo, desk.store, TriageRules(), max_threads=1)
    finally:
        await demo.aclose()
    trend = desk.store.trend("demo", NOW, 30, AMS)
    values = {"opened": trend.opened, "answered": trend.answered,
              "backlog": trend.backlog}[series]  # fmt: skip
    assert sum(values) > 0
    for day, value in zip(trend.days, values, strict=True):
        assert _count(desk, trend_filter(series, day, day, AMS)) == value, day
    # a bar of several days (the 90-day chart on a narrow screen)
    first, last = trend.days[0], trend.days[6]
    week = _count(desk, trend_filter(series, first, last, AMS))
    if series == "backlog":
        assert week == values[6]
    else:
        assert week == sum(values[:7])


async def test_enter_on_a_trend_bar_opens_that_days_questions(tmp_path: Path) -> None:
    """Tab reaches the charts; the cursor starts on today, ← goes back a day
    (the line under the chart names it), and enter shows the questions asked
    that day, closed ones too, with the filter named in the status bar."""
    from deskapp.widgets.backlog_trend import TrendBars
    from deskapp.widgets.status_bar import StatusBar

    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        chart = screen.query_one("#trend-opened", TrendBars)
        for _ in range(12):
            if app.focused is chart:
                break
            await pilot.press("tab")
        assert app.focused is chart
        assert chart.selected() == (date(2026, 11, 4), date(2026, 11, 4), 0)
        await pilot.press("left", "left")
        await pilot.pause()
        # Mon 2 Nov: #1, #3, #4 and #5 asked (#5 is solved)
        assert chart.selected() == (date(2026, 11, 2), date(2026, 11, 2), 4)
        assert "ma 2 nov: 4 · ←/→ dag" in chart.render_line(3).text
        await pilot.press("enter")
        await settle(app)
        assert on_inbox(app)
        assert sorted(rows(app)) == [1, 3, 4, 5]
        status = app.inbox.query_one(StatusBar)
        assert "filter: gesteld op 02-11" in str(status.render())


async def test_the_90_day_chart_groups_days_when_the_screen_is_narrow(
    tmp_path: Path,
) -> None:
    """At 80 columns 90 days do not fit one per column: a bar holds two days,
    the last bar ends today, and its backlog is that of its last day."""
    from deskapp.widgets.backlog_trend import TrendBars

    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        await pilot.press("t")
        await settle(app)
        backlog = screen.query_one("#trend-backlog", TrendBars)
        bars = backlog.bars()
        assert len(bars) == 45
        first, last, value = backlog.selected() or (None, None, None)
        assert (first, last) == (date(2026, 11, 3), date(2026, 11, 4))
        assert value == 3  # the backlog at the end of Wednesday
        opened_bars = screen.query_one("#trend-opened", TrendBars).bars()
        assert opened_bars[-2][2] == 5  # Sun 1 + Mon 2 Nov: 1 + 4 asked


async def test_a_snoozed_overdue_question_still_counts(tmp_path: Path) -> None:
    """Snoozing hides a question from the inbox tabs, not from the team lead:
    it stays in the report and the overdue list, and the overdue row opens it."""
    desk = make_desk(tmp_path)
    overdue = sorted(r.item.id for r in desk.backlog(NOW).overdue())
    desk.snooze(overdue[0], (NOW + timedelta(days=3)).date())
    assert overdue[0] not in desk.view(desk.sections[0]).ids  # hidden in the tabs
    assert sorted(r.item.id for r in desk.backlog(NOW).overdue()) == overdue
    assert desk.backlog(NOW).open_total == 5
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        assert len(table(app, "overdue")) == len(overdue)
        late = screen.query_one("#overdue", FigureTable)
        late.focus()
        await pilot.press("enter")
        await settle(app)
        assert sorted(rows(app)) == overdue


async def test_success_rows_open_their_questions_and_say_how_many(
    tmp_path: Path,
) -> None:
    """Enter on "Vragen gesteld" shows the questions asked in the period, and
    the status bar names the filter with the number of questions; a figure
    that is not a list of questions says so."""
    from deskapp.widgets.status_bar import StatusBar

    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        success = screen.query_one("#success", FigureTable)
        labels = [r[0] for r in success.cells()]
        success.focus()
        success.move_cursor(row=labels.index("Eerste antwoord, mediaan"))
        await pilot.press("enter")
        await settle(app)
        assert app.screen is screen  # nothing to open: a note, the screen stays
        success.move_cursor(row=labels.index("Vragen gesteld"))
        await pilot.press("enter")
        await settle(app)
        assert on_inbox(app)
        assert sorted(rows(app)) == [1, 2, 3, 4, 5, 6]  # solved #5 too
        status = str(app.inbox.query_one(StatusBar).render())
        assert "filter: gesteld 06-10 t/m 04-11" in status
        assert "6 vragen" in status


async def test_the_screen_shows_the_forums_data_explorer_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the config names a Data Explorer query the screen shows the
    forum's figures, as `deskapp backlog` does; when the query fails it says
    so and keeps the local figures."""
    from deskapp.errors import UnavailableError

    desk = make_desk(tmp_path)
    _, local = desk.backlog_figures(now=NOW)

    async def server(figures: Any) -> Any:
        return dataclasses.replace(figures, questions=999)

    monkeypatch.setattr(desk, "server_figures", server)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        assert dict(table(app, "success"))["Vragen gesteld"] == "999"
        heading = str(screen.query_one("#success-heading", Static).render())
        assert heading.endswith("· Data Explorer")

    async def failing(figures: Any) -> Any:
        raise UnavailableError("query 12 bestaat niet")

    monkeypatch.setattr(desk, "server_figures", failing)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(app, pilot)
        assert dict(table(app, "success"))["Vragen gesteld"] == str(local.questions)
        notes = [str(n.message) for n in app._notifications]
        assert any("query 12 bestaat niet" in n for n in notes)
