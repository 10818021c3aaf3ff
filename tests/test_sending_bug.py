"""A bug after a reply is queued is not told as "Niet verstuurd"."""

# ruff: noqa: F811

from __future__ import annotations

import pytest

from deskapp.desk import Desk
from tests.inbox_app import QuestionHarness
from tests.test_composer import notices, opened
from tests.test_draft_sessions import desk  # noqa: F401 (the fixture)
from tests.test_inbox import settle


async def test_a_bug_after_queueing_does_not_say_not_sent(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reply is in the outbox; then something in the screen's answer
    fails (a bug). The adviser must not read "Niet verstuurd" (they would
    send it again), and the write counter must not go below zero."""
    app = QuestionHarness(desk, 1)

    def broken() -> None:
        raise RuntimeError("a bug after queueing")

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        monkeypatch.setattr(app, "queued", broken)
        await pilot.press("r", *"Wij bellen u.", "ctrl+s", "j")
        await settle(app)
        await pilot.pause()
        said = notices(app)
        writing = screen._writing
    assert [o.body for o in desk.outgoing(1)] == ["Wij bellen u."]
    assert writing == 0, writing
    assert not any("Niet verstuurd" in n for n in said), said
