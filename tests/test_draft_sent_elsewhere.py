"""A reply sent from the other session does not come back as the draft here."""

# ruff: noqa: F811

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from deskapp.desk import Desk
from deskapp.store import Store
from tests.inbox_app import QuestionHarness
from tests.test_composer import opened
from tests.test_draft_sessions import desk, other  # noqa: F401 (the fixtures)
from tests.test_inbox import settle

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
SENT = "Beste Ferry, u moet wel reageren. Bel ons gerust."


@pytest.mark.parametrize("keys", [tuple("X"), tuple(" en")])
async def test_typing_here_after_the_other_session_sent_does_not_revive_it(
    desk: Desk, other: Store, keys: tuple[str, ...]
) -> None:
    """The draft is open here, the cursor after its greeting; the other
    session sends the rest (the greeting stays the draft). Typing on here,
    where the cursor is, must not bring the sent reply back as the draft:
    ctrl+s would send it a second time."""
    desk.save_draft(1, "Hallo! " + SENT, reply_to=None, seen_post=3)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", "home", *["right"] * 7)  # after "Hallo! "
        await opened(pilot)
        other.enqueue_reply(
            "demo", 1, {"body": SENT, "reply_to": None, "seen_post": 3},
            at=NOW, draft_from=SENT,
        )  # fmt: skip
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.05)
        await pilot.pause(1.2)
        await settle(app)
        await pilot.pause()
        text = screen.composer.text
    (stored,) = desk.store.drafts("demo", 1)
    assert SENT not in stored.body, (stored.body, text)
