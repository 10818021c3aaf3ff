"""`deskapp backlog`: the success figures, --since and --fail-on-overdue."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskapp.models import Post, Question, Thread
from deskapp.store import Store
from deskapp.triage import TriageRules
from tests.factories import CATEGORIES, CLIENT, STAFF

DESKAPP = str(Path(sys.executable).with_name("deskapp"))
AMS = ZoneInfo("Europe/Amsterdam")


def run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``deskapp --config CONFIG backlog ARGS`` as a user runs it."""
    return subprocess.run(
        [DESKAPP, "--config", str(config), "backlog", *args],
        capture_output=True, text=True, timeout=120, env=os.environ.copy(),
    )  # fmt: skip


def at(local: str) -> datetime:
    """Amsterdam wall-clock time, in UTC."""
    return datetime.fromisoformat(local).replace(tzinfo=AMS).astimezone(UTC)


def question(qid: int, title: str, posts: list[tuple[str, str]]) -> Thread:
    """A thread of (who: client/staff, local time) posts."""
    people = {"client": CLIENT, "staff": STAFF}
    made = tuple(
        Post(qid * 100 + n, qid, n, people[who], at(when), f"bericht {n}")
        for n, (who, when) in enumerate(posts, start=1)
    )
    first, last = made[0], made[-1]
    q = Question(
        qid, title, 1, first.author, first.created_at, last.created_at,
        last.created_at, len(made), last.author, url=f"demo://t/{qid}",
    )  # fmt: skip
    return Thread(q, made)


# 16:55 Mon -> 08:35 Tue: 5 + 5 minutes of working time (08:30-17:00)
ANSWERED = question(
    1,
    "Vraag over bijstand",
    [("client", "2025-01-13 16:55"), ("staff", "2025-01-14 08:35")],
)
# urgent (deurwaarder), never answered: due 4 working hours later, long past
OVERDUE = question(
    2, "Deurwaarder staat voor de deur", [("client", "2025-01-14 10:00")]
)


def _config(tmp_path: Path, threads: list[Thread]) -> Path:
    """A config whose store holds ``threads`` and counts as synced."""
    forum = tmp_path / "forum.sqlite"
    forum.touch()  # never opened: the store says it was synced
    store = Store(tmp_path / "store.sqlite")
    store.save_categories("proef", CATEGORIES)
    store.save_threads("proef", threads, TriageRules())
    store.record_sync("proef", at=datetime.now(UTC))
    store.close()
    config = tmp_path / "c.toml"
    config.write_text(
        f'default_forum = "proef"\nstore = "{tmp_path / "store.sqlite"}"\n'
        f'[forums.proef]\nkind = "demo"\npath = "{forum}"\n'
    )
    return config


def test_json_carries_the_success_figures_of_the_period(tmp_path: Path) -> None:
    """--since 2025-01-13: both questions; the figures as computed by hand."""
    out = run(_config(tmp_path, [ANSWERED, OVERDUE]), "--json", "--since", "2025-01-13")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["since"] == "2025-01-12T23:00:00+00:00"  # local midnight (CET)
    assert datetime.fromisoformat(data["until"]) <= datetime.now(UTC)
    success = data["success"]
    assert set(success) == {
        "questions", "partial", "first_answer", "first_by", "solved",
        "knowledge_base", "referred", "overdue",
    }  # fmt: skip
    assert success["questions"] == 2
    # one answer, 10 minutes = 0.17 h: median and p90 alike
    assert success["first_answer"] == {
        "answered": 1, "median_hours": 0.17, "p90_hours": 0.17,
    }  # fmt: skip
    assert success["first_by"]["staff"] == {"count": 1, "share": 0.5}
    assert success["first_by"]["none"] == {"count": 1, "share": 0.5}
    assert success["solved"] == {
        "count": 0, "rate": 0.0, "timed": 0, "median_hours": None,
    }  # fmt: skip
    assert success["overdue"] == {"count": 1, "ids": [2]}
    assert data["open_total"] == 2  # the existing fields stay
    due = {q["id"]: q["due_at"] for q in data["questions"]}
    # urgent, asked Tue 14 Jan 10:00 CET: due 4 working hours later, 14:00 CET
    assert due[2] == "2025-01-14T13:00:00+00:00"
    assert due[1] is None  # answered: the ball is with the client


def test_since_narrows_the_period(tmp_path: Path) -> None:
    """--since the day after the first question leaves it out; default: the
    last 30 local days."""
    config = _config(tmp_path, [ANSWERED, OVERDUE])
    later = json.loads(run(config, "--json", "--since", "2025-01-14").stdout)
    assert later["success"]["questions"] == 1
    assert later["success"]["first_by"]["none"]["count"] == 1
    default = json.loads(run(config, "--json").stdout)
    assert default["success"]["questions"] == 0  # both are older than 30 days
    # the last 30 local days, today included: the days of the 30-day trend
    since = datetime.fromisoformat(default["since"]).astimezone(AMS)
    until = datetime.fromisoformat(default["until"]).astimezone(AMS)
    assert since.time() == time(0)
    assert until.date() - since.date() == timedelta(days=29)
    assert since.date().isoformat() == default["trend"]["days"][0]["day"]


def test_since_rejects_a_bad_or_future_date(tmp_path: Path) -> None:
    """A date not YYYY-MM-DD, or after today: exit 2 and why, no traceback."""
    config = _config(tmp_path, [ANSWERED])
    bad = run(config, "--since", "13-01-2025")
    assert bad.returncode == 2
    assert "expected a date" in bad.stderr
    tomorrow = date.today() + timedelta(days=2)
    future = run(config, "--since", tomorrow.isoformat())
    assert future.returncode == 2
    assert "future" in future.stderr
    assert "Traceback" not in bad.stderr + future.stderr


@pytest.mark.parametrize(
    ("threads", "status"), [([ANSWERED, OVERDUE], 1), ([ANSWERED], 0)]
)
def test_fail_on_overdue_exits_1_only_when_something_is_overdue(
    tmp_path: Path, threads: list[Thread], status: int
) -> None:
    """For cron: 1 with an overdue question (after printing the report), else 0."""
    config = _config(tmp_path, threads)
    out = run(config, "--fail-on-overdue")
    assert out.returncode == status, out.stderr
    assert "Overdue now" in out.stdout
    assert f"{status} open question" in out.stdout.split("Overdue now")[1]
    assert run(config).returncode == 0  # without the flag: always 0


def test_table_shows_the_success_section(tmp_path: Path) -> None:
    """The readable report ends with the figures of the period."""
    out = run(_config(tmp_path, [ANSWERED, OVERDUE]), "--since", "2025-01-13")
    assert out.returncode == 0, out.stderr
    text = out.stdout.split("Success")[1]
    assert "2 open" in out.stdout
    assert "Questions asked" in text
    assert "1 answered; median 0.2 h, p90 0.2 h" in text
    assert "Werkplein 50% (1)" in text
    assert "nobody 50% (1)" in text


def test_csv_stays_one_row_per_open_question(tmp_path: Path) -> None:
    """--csv with --since: the same per-question rows, no success table in it."""
    out = run(_config(tmp_path, [ANSWERED, OVERDUE]), "--csv", "--since", "2025-01-13")
    lines = out.stdout.splitlines()
    assert lines[0].startswith("id,title,")
    assert len(lines) == 3


def test_json_carries_the_trend_and_the_load_of_the_screen(tmp_path: Path) -> None:
    """The backlog screen's trend and load per staff member are in the JSON."""
    recent = question(3, "Vraag van vandaag", [("client", "2025-01-15 09:00")])
    answered_now = question(
        4, "Net beantwoord",
        [("client", datetime.now(AMS).strftime("%Y-%m-%d 00:00")),
         ("staff", datetime.now(AMS).strftime("%Y-%m-%d 00:01"))],
    )  # fmt: skip
    out = run(_config(tmp_path, [ANSWERED, OVERDUE, recent, answered_now]), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    days = data["trend"]["days"]
    assert len(days) == 30
    assert days[-1]["opened"] == 1 and days[-1]["answered"] == 1
    # never answered before the window: 2 (OVERDUE, recent), every day
    assert {d["backlog"] for d in days} == {2}
    assert data["load"] == {"j.devries": {"assigned_open": 0, "answered_this_week": 1}}
    # the targets the due times come from, and the calendar they count in
    assert data["targets"] == {"urgent": 4.0, "normal": 16.0, "low": 40.0}
    assert data["due_soon"]["warn_minutes"] == 60
    assert data["due_soon"]["count"] == len(data["due_soon"]["ids"])
    assert data["working_hours"] == {
        "start": "08:30", "end": "17:00", "days": [0, 1, 2, 3, 4],
        "timezone": "Europe/Amsterdam", "holidays": "NL", "closed": [],
    }  # fmt: skip


def test_table_shows_overdue_load_and_trend_like_the_screen(tmp_path: Path) -> None:
    """The readable report also lists the overdue question with its due time,
    the load per staff member and the three trends with their totals."""
    import dataclasses

    recent = question(3, "Vraag van gisteren", [("client", "2025-01-15 09:00")])
    mine = dataclasses.replace(recent.question, assigned_to="j.devries")
    config = _config(
        tmp_path, [ANSWERED, OVERDUE, dataclasses.replace(recent, question=mine)]
    )
    data = json.loads(run(config, "--json").stdout)
    out = run(config)
    assert out.returncode == 0, out.stderr
    overdue = out.stdout.split("Overdue (")[1].split("Load per staff member")[0]
    assert overdue.startswith(f"{data['success']['overdue']['count']})")
    # urgent at Tue 14 Jan 10:00: due 4 working hours later, 14:00
    assert "2   14-01 14:00   -" in overdue
    assert "Deurwaarder staat voor de deur" in overdue
    # normal at Wed 15 Jan 09:00: 16 working hours, Wed 8 h + Thu 08:30-16:30
    assert "3   16-01 16:30   j.devries" in overdue
    load = out.stdout.split("Load per staff member")[1].split("Trend")[0]
    assert data["load"] == {"j.devries": {"assigned_open": 1, "answered_this_week": 0}}
    assert load.split()[-3:] == ["j.devries", "1", "0"]
    trend = out.stdout.split("Trend ")[1].split("Success")[0]
    days = data["trend"]["days"]
    assert trend.startswith(f"{days[0]['day']} to {days[-1]['day']}")
    backlog_row = next(ln for ln in trend.splitlines() if "backlog at day's end" in ln)
    assert backlog_row.split()[-2:] == [str(days[-1]["backlog"])] * 2


def test_every_json_figure_has_a_row_in_the_figures_table(tmp_path: Path) -> None:
    """figure_rows flattens every figure of --json (not the question list):
    nested keys dotted, trend days by date, lists space-separated."""
    from deskapp.cliteam import figure_rows

    config = _config(tmp_path, [ANSWERED, OVERDUE])
    data = json.loads(run(config, "--json", "--since", "2025-01-13").stdout)
    rows = dict(figure_rows(data))
    assert rows["open_total"] == "2"
    assert rows["success.first_answer.median_hours"] == "0.17"
    assert rows["success.solved.median_hours"] == ""
    assert rows["success.overdue.ids"] == "2"
    assert rows["success.referred.tags"] == "doorverwezen"
    day = data["trend"]["days"][-1]
    assert rows[f"trend.{day['day']}.backlog"] == str(day["backlog"])
    assert not any(name.startswith("questions") for name in rows)

    def leaves(value: object) -> int:
        if isinstance(value, dict):
            return sum(leaves(v) for v in value.values())
        return 1

    days = data["trend"].pop("days")
    flat = {k: v for k, v in data.items() if k != "questions"}
    assert len(rows) == leaves(flat) + 3 * len(days)


def test_csv_figures_carries_every_figure_of_the_json(tmp_path: Path) -> None:
    """`--csv figures`: a figure,value row for every figure --json carries
    (the question list aside, which plain --csv has)."""
    import csv
    import io

    from deskapp.cliteam import figure_rows

    config = _config(tmp_path, [ANSWERED, OVERDUE])
    data = json.loads(run(config, "--json", "--since", "2025-01-13").stdout)
    out = run(config, "--csv", "figures", "--since", "2025-01-13")
    assert out.returncode == 0, out.stderr
    table = list(csv.reader(io.StringIO(out.stdout)))
    assert table[0] == ["figure", "value"]
    got = dict(table[1:])
    want = dict(figure_rows(data))
    for moving in ("generated_at", "until"):  # the clock ran between the runs
        got.pop(moving), want.pop(moving)
    assert got == want
    assert got["success.first_answer.median_hours"] == "0.17"
    assert got["summary.open"] == "2"
    assert run(config, "--csv").stdout.startswith("id,title,")
