"""An article published while a dialog is open over the promote screen."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from deskapp.errors import StoreError
from deskapp.screens.promote import PromoteScreen
from tests.inbox_app import QuestionHarness
from tests.test_draft_races import held
from tests.test_promote import kb_desk, notices, promoting, shown


async def redacted(pilot: Pilot[None]) -> PromoteScreen:
    """The promote screen on answer #2, every finding redacted (R)."""
    screen = await promoting(pilot)
    await pilot.press("R")
    await shown(pilot)
    return screen


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
        screen = await redacted(pilot)
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


async def test_no_edit_is_taken_while_the_article_is_on_its_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirmed on a busy store: the form takes no typing (what is queued is
    what was confirmed, so a change typed now would be lost unseen), the
    title line says the article is being queued, and esc does not throw the
    queued article away; once queued, the forum gets the confirmed text."""
    desk = kb_desk(tmp_path)
    release = held(monkeypatch, desk, "publish")
    app = QuestionHarness(desk, 7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await redacted(pilot)
        answer = screen.query_one("#kb-answer", TextArea)
        answer.focus()
        before = answer.text
        await pilot.press("ctrl+s", "j")
        await pilot.pause()
        assert "wachtrij" in str(screen.query_one("#promote-title", Static).content)
        await pilot.press(*"Bel 0612345678")
        await pilot.press("escape")
        await pilot.pause()
        assert answer.text == before
        assert app.screen is screen
        assert "even geduld" in notices(app)[-1]
        said = len(notices(app))
        await pilot.press("f2", "ctrl+s")  # no preview, no second question
        await pilot.pause()
        assert app.screen is screen and not screen.has_class("-preview")
        assert len(notices(app)) == said + 2
        release.set()
        await shown(pilot)
        assert screen not in list(app.screen_stack)
        await desk.push()
    created = [args for name, args in desk._forum.calls if name == "create_kb_article"]  # type: ignore[union-attr]
    assert len(created) == 1
    assert "0612345678" not in str(created[0][1])


async def test_after_a_failed_publish_the_form_is_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store refuses the article: the error is shown, the form takes
    typing again where the cursor was, and the title line is back."""
    desk = kb_desk(tmp_path)
    release = threading.Event()

    def refused(*args: object, **kwargs: object) -> None:
        release.wait(timeout=30)
        raise StoreError("De lokale opslag is bezet door een andere deskapp.")

    monkeypatch.setattr(desk, "publish", refused)
    app = QuestionHarness(desk, 7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await redacted(pilot)
        title = str(screen.query_one("#promote-title", Static).content)
        answer = screen.query_one("#kb-answer", TextArea)
        answer.focus()
        answer.move_cursor(answer.document.end)
        await pilot.press("ctrl+s", "j")
        await pilot.pause()
        release.set()
        await shown(pilot)
        assert app.screen is screen
        assert "bezet" in notices(app)[-1]
        assert str(screen.query_one("#promote-title", Static).content) == title
        assert answer.has_focus
        await pilot.press(*" Tot ziens.")
        assert answer.text.endswith("Tot ziens.")
