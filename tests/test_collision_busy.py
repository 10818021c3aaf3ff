"""A held reply answered while the store is busy is not asked about again."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskapp.app import DeskApp
from deskapp.screens.dialogs import CollisionScreen
from tests.factories import ADVISER
from tests.inbox_app import answering_desk
from tests.test_draft_races import held
from tests.test_inbox import settle


async def test_a_held_reply_answered_is_not_asked_about_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """w (throw away) on the prompt while the store is busy; a push that
    reports a held reply meanwhile (another question's, say) asks about every
    held reply again: the one just answered must not come back."""
    desk = answering_desk(tmp_path)
    desk.queue_reply(1, "Mijn antwoord", reply_to=None, seen_post=1)
    desk._forum.post_as(ADVISER, 1, "Al geregeld.")  # type: ignore[union-attr]
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause(0.2)
        assert isinstance(app.screen, CollisionScreen)
        release = held(monkeypatch, desk, "resolve_collision")
        await pilot.press("w")
        await pilot.pause()
        app._held()  # what a push reporting a collision does
        await pilot.pause(0.3)
        again = isinstance(app.screen, CollisionScreen)
        release.set()
        await settle(app)
    assert not again
