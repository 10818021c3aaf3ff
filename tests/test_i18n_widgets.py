"""The widgets and the core speak English when the desk is set to English.

Strings evaluated at import (key descriptions, label tables) take the
language set at that moment, so each language runs in its own interpreter:
the script sets the language first, then imports the widgets, draws the
inbox list, a thread, the status line, the tabs, the outgoing list and the
backlog's charts and figures at 80x24, and prints what is on screen with a
few core messages.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = r"""
import asyncio, json, sys
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from deskapp import i18n
i18n.set_language(sys.argv[1])

from textual.app import App, ComposeResult
from textual.containers import Vertical

from deskapp.errors import DeskError
from deskapp.deskwork import DeskWork
from deskapp.models import ActionKind, OutboxState, Outgoing, State, Urgency
from deskapp.privacy import Kind
from deskapp.storestats import trend_filter
from deskapp.templates import long_date
from deskapp.views import DEFAULT_SECTIONS
from deskapp.widgets.backlog_success import success_rows
from deskapp.widgets.backlog_tables import FigureTable
from deskapp.widgets.backlog_trend import TrendCharts
from deskapp.widgets.outgoing import OutgoingList
from deskapp.widgets.question_list import QuestionList
from deskapp.widgets.section_tabs import SectionTabs
from deskapp.widgets.status_bar import StatusBar
from deskapp.widgets.thread_view import ThreadHeader, ThreadView
from tests.factories import CLIENT, STAFF, T0, make_thread
from tests.screen_text import screen_text
from tests.test_question_list import ListRows, make_item

NOW = datetime(2026, 11, 3, 15, 48, tzinfo=UTC)  # a Tuesday
ZONE = ZoneInfo("UTC")
FIGURES = {
    "questions": 12, "partial": 1,
    "first_answer": {"answered": 9, "median_hours": 2.74, "p90_hours": 8.5},
    "first_by": {k: {"count": 3, "share": 0.25}
                 for k in ("staff", "adviser", "peer", "none")},
    "solved": {"count": 4, "rate": 0.333, "timed": 4, "median_hours": 20.0},
    "knowledge_base": {"published": 2, "links": 5},
    "referred": {"count": 1, "share": 0.083}, "overdue": {"count": 2},
}


class Widgets(App[None]):
    def compose(self) -> ComposeResult:
        with Vertical():
            yield SectionTabs()
            yield QuestionList(language=i18n.language())
            yield StatusBar()
        yield ThreadHeader()
        yield ThreadView()
        yield OutgoingList()
        yield TrendCharts()
        yield FigureTable(["Figure", "Value"], id="success")


async def main() -> dict[str, str]:
    app = Widgets()
    shown = {}
    async with app.run_test(size=(80, 24)) as pilot:
        urgent = make_item(1, urgency=Urgency.URGENT, due_at=NOW - timedelta(hours=1),
                           waiting_since=NOW - timedelta(hours=43))
        rows = [urgent, make_item(2, waiting_since=NOW - timedelta(days=20)),
                make_item(3, state=State.WAITING_CLIENT, waiting_since=None)]
        app.query_one(QuestionList).show(ListRows(rows), NOW)
        app.query_one(SectionTabs).show([s.name for s in DEFAULT_SECTIONS],
                                        [3, 1, 2, 0, 0, 1, 0], 0)
        app.query_one(StatusBar).show("demo", None, "timeout", view="x")
        await pilot.pause()
        shown["inbox"] = screen_text(app)
        for name in ("Vertical",):
            app.query_one(name).display = False
        thread = make_thread(1, "Uitkering gestopt", [CLIENT, STAFF, CLIENT],
                             start=NOW - timedelta(days=1), tags=())
        header = app.query_one(ThreadHeader)
        header.show(thread, urgent, NOW, ZONE)
        header.show_replying(("Anouk", "Bram"))
        app.query_one(ThreadView).show(thread, {101: [Kind.BSN.label,
                                                      Kind.PHONE.label]})
        app.query_one(OutgoingList).show([
            Outgoing(1, 1, ActionKind.REPLY, OutboxState.FAILED, "Beste klant",
                     NOW, error="timeout", reply_to=2),
            Outgoing(2, 1, ActionKind.ASSIGN, OutboxState.QUEUED, "", NOW),
        ], ZONE)
        await pilot.pause(0.3)
        shown["thread"] = screen_text(app)
        for widget in (header, app.query_one(ThreadView), app.query_one(OutgoingList)):
            widget.display = False
        days = [date(2026, 11, 2) + timedelta(days=n) for n in range(3)]
        app.query_one(TrendCharts).show(
            {"opened": [1, 2, 3], "answered": [0, 1, 2], "backlog": [4, 3, 2]},
            days, ZONE)
        app.query_one(FigureTable).show(
            [(row[:2], None) for row in success_rows(FIGURES)][:6])
        await pilot.pause()
        shown["backlog"] = screen_text(app)
    try:
        DeskWork.queue_reply(None, 1, "  ", reply_to=None, seen_post=1)
    except DeskError as err:
        shown["core"] = str(err)
    shown["core"] += "\n" + trend_filter("opened", days[0], days[1], ZONE).label
    shown["core"] += "\n" + long_date(date(2026, 11, 29))
    return shown


print(json.dumps(asyncio.run(main())))
"""


def shown_in(language: str) -> dict[str, str]:
    """What the widgets show in ``language`` (one interpreter per language)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("NO_COLOR", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, language],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


@pytest.fixture(scope="module")
def english() -> dict[str, str]:
    """The widgets drawn in English."""
    return shown_in("en")


DUTCH = (
    "wacht op ons", "normaal", "Wacht ", "Toegewezen", "Alles", "nooit",
    "toegewezen aan", "uiterlijk", "te laat", "di ", "antwoord op", "mislukt",
    "persoonsgegevens", "zijn een antwoord", "Nieuwe vragen", "vandaag",
    "hoogste", "Vragen gesteld", "werkuren", "niet verstuurd", "gesteld op",
)  # fmt: skip


def test_the_inbox_list_tabs_and_status_line_in_english(
    english: dict[str, str],
) -> None:
    inbox = english["inbox"]
    for word in ("Wait", "State", "Assignee", "awaiting us", "awaiting client",
                 "urgent", "normal", "[1 All 3]", "Unassig", "Overdue",
                 "sync never", "offline: timeout", "43h", "2w"):  # fmt: skip
        assert word in inbox, word
    assert not [word for word in DUTCH if word in inbox]


def test_the_thread_in_english_with_english_weekdays(english: dict[str, str]) -> None:
    thread = english["thread"]
    for word in ("awaiting us · urgent", "assigned to: j.devries", "tags: none",
                 "waiting 43h, due Tue 03-11 14:48", "(overdue)",
                 "Anouk and Bram are writing a reply", "[client]",
                 "Mon 02-11-2026 15:48", "personal data: BSN, phone number",
                 "Reply to #2 · failed: timeout — h: retry, i: withdraw",
                 "Assign · queued"):  # fmt: skip
        assert word in thread, word
    assert not [word for word in DUTCH if word in thread]


def test_the_backlog_widgets_in_english(english: dict[str, str]) -> None:
    backlog = english["backlog"]
    for word in ("New questions per day: total 6, highest 3, today 3",
                 "Questions asked", "First answer, median", "2.74 working hours",
                 "First answered by Werkplein staff", "3 (25.0%)"):  # fmt: skip
        assert word in backlog, word
    assert not [word for word in DUTCH if word in backlog]


def test_core_messages_in_english(english: dict[str, str]) -> None:
    assert english["core"] == (
        "An empty reply is not sent.\nasked on 02-11 to 03-11\nNovember 29, 2026"
    )


def test_dutch_stays_as_it_was() -> None:
    dutch = shown_in("nl")
    assert "wacht op ons" in dutch["inbox"] and " 43 u" in dutch["inbox"]
    assert "wacht 43 u, uiterlijk di 03-11 14:48" in dutch["thread"]
    assert "Anouk en Bram zijn een antwoord aan het schrijven" in dutch["thread"]
    assert "2,74 werkuren" in dutch["backlog"]
    assert dutch["core"] == (
        "Een leeg antwoord wordt niet verstuurd.\ngesteld op 02-11 t/m 03-11"
        "\n29 november 2026"
    )
