"""An article published while a dialog is open over the promote screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskapp.screens.promote import PromoteScreen
from tests.inbox_app import QuestionHarness
from tests.test_draft_races import held
from tests.test_promote import kb_desk, notices, promoting, shown


async def test_the_screen_leaves_once_published_also_after_f1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+s, j while the store is busy, then F1 (help) before the answer:
    once queued, the promote screen goes, as it does without F1; it does not
    stay to ask "Dit artikel niet publiceren?" for an article in the queue."""
    desk = kb_desk(tmp_path)
    release = held(monkeypatch, desk, "publish")
    app = QuestionHarness(desk, 7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await promoting(pilot)
        await pilot.press("R")
        await shown(pilot)
        await pilot.press("ctrl+s", "j")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        release.set()
        await shown(pilot)
        assert any("wachtrij" in n for n in notices(app))
        if not isinstance(app.screen, PromoteScreen):
            await pilot.press("escape")  # the help, if still open
            await shown(pilot)
        stack = list(app.screen_stack)
    assert screen not in stack, stack
