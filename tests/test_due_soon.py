"""Questions due soon: marked before they are overdue ([targets] warn_minutes)."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from deskapp.app import DeskApp
from deskapp.config import ConfigError, load_config
from deskapp.desk import Desk
from deskapp.widgets.thread_view import ThreadHeader
from tests.inbox_app import QuestionHarness, quiet_desk
from tests.screen_text import screen_text
from tests.test_inbox import settle


def warned(desk: Desk, minutes: int) -> Desk:
    """``desk`` with ``warn_minutes`` set (question #3 is due 4 hours on)."""
    settings = dataclasses.replace(
        desk.config.desk, due_soon=timedelta(minutes=minutes)
    )
    desk.config = dataclasses.replace(desk.config, desk=settings)
    return desk


def test_warn_minutes_is_read_and_checked(tmp_path: Path) -> None:
    """60 minutes by default; the config's value; a clear error past 480."""
    config = tmp_path / "config.toml"
    config.write_text('[forums.d]\nkind = "demo"\n')
    assert load_config(config).desk.due_soon == timedelta(minutes=60)
    config.write_text('[forums.d]\nkind = "demo"\n[targets]\nwarn_minutes = 30\n')
    assert load_config(config).desk.due_soon == timedelta(minutes=30)
    config.write_text('[forums.d]\nkind = "demo"\n[targets]\nwarn_minutes = 999\n')
    with pytest.raises(ConfigError, match="warn_minutes"):
        load_config(config)


@pytest.mark.parametrize(("minutes", "marked"), [(300, True), (60, False)])
async def test_the_inbox_marks_a_question_due_within_the_warning(
    tmp_path: Path, minutes: int, marked: bool
) -> None:
    """#3 is due in 4 hours: with a 5-hour warning its waiting time carries
    ``~`` and the headline counts it as nearly overdue next to the two that
    are; with a 1-hour warning neither."""
    app = DeskApp(warned(quiet_desk(tmp_path), minutes))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause()
        text = screen_text(app)
        head = text.splitlines()[1]
        assert ("2 te laat (1 bijna)" in head) is marked, head
        row = next(ln for ln in text.splitlines() if "Klik" in ln)  # #3's title
        assert ("~" in row.split()[1]) is marked, row


async def test_the_question_says_how_soon_its_answer_is_due(tmp_path: Path) -> None:
    """The header of #3 with a 5-hour warning: due at 14:00, in 4 hours."""
    app = QuestionHarness(warned(quiet_desk(tmp_path), 300), 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)  # type: ignore[arg-type]
        await pilot.pause()
        header = str(app.screen.query_one(ThreadHeader).render())
        assert "uiterlijk" in header and "(over 4 u)" in header, header


async def test_the_marks_and_counts_follow_the_clock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is typed and nothing syncs: as the clock reaches an hour
    before #3's due time, its row gets ``~`` and the headline "(1 bijna)"
    by themselves."""
    from deskapp.screens import inbox

    monkeypatch.setattr(inbox, "CLOCK_TICK", 0.05)
    desk = warned(quiet_desk(tmp_path), 60)
    start = desk.now()
    clock = {"now": start}
    desk.now = lambda: clock["now"]
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        assert "bijna" not in screen_text(app).splitlines()[1]
        clock["now"] = start + timedelta(hours=3, minutes=30)  # due in 30 min
        for _ in range(100):
            await pilot.pause(0.05)
            if "bijna" in screen_text(app).splitlines()[1]:
                break
        text = screen_text(app)
        assert "(1 bijna)" in text.splitlines()[1]
        row = next(ln for ln in text.splitlines() if "Klik" in ln)
        assert "~" in row.split()[1], row


def test_the_team_figures_list_the_questions_due_soon(tmp_path: Path) -> None:
    """``deskapp backlog --json``'s ``due_soon``: the warning in minutes and
    the questions it covers now (#3, due in 4 hours, with a 5-hour warning)."""
    desk = warned(quiet_desk(tmp_path), 300)
    report, _success = desk.backlog_figures(now=desk.now())
    figures = desk.team_figures(report)
    assert figures["due_soon"] == {"warn_minutes": 300, "count": 1, "ids": [3]}
