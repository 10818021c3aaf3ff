"""Error notices in the Dutch desk carry Dutch titles."""

# ruff: noqa: F811

from __future__ import annotations

from typing import Any

import pytest

from deskapp.desk import Desk
from deskapp.errors import StoreError
from tests.inbox_app import QuestionHarness
from tests.test_composer import opened
from tests.test_draft_sessions import desk  # noqa: F401 (the fixture)


async def test_a_busy_store_is_told_with_a_dutch_title(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is held by the other session too long while a draft is
    saved: the notice (Dutch text) has a Dutch title, not "Local store error"."""

    def busy(*args: Any, **kwargs: Any) -> Any:
        raise StoreError("De lokale opslag is bezet door een andere deskapp.")

    monkeypatch.setattr(desk, "merge_draft", busy)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", *"Wij bellen u")
        screen.composer.flush()
        await opened(pilot)
        titles = [n.title for n in app._notifications if "bezet" in n.message]
    assert titles and all(t == "Fout in de lokale opslag" for t in titles), titles
