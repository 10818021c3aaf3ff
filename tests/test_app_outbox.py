"""The app around the outbox: held replies are asked about, failures named,
and what was typed survives quitting."""

from __future__ import annotations

from pathlib import Path

from deskapp.app import DeskApp
from deskapp.errors import ConflictError, UnavailableError
from deskapp.models import OutboxState
from deskapp.screens.dialogs import CollisionScreen
from tests.factories import ADVISER
from tests.inbox_app import answering_desk
from tests.test_inbox import settle


async def test_a_held_reply_is_asked_about_even_when_the_pull_fails(
    tmp_path: Path,
) -> None:
    desk = answering_desk(tmp_path)
    forum = desk._forum
    entry = desk.queue_reply(1, "Mijn antwoord", reply_to=None, seen_post=1)
    forum.post_as(ADVISER, 1, "Al geregeld.")  # type: ignore[union-attr]
    forum.fail_next(  # type: ignore[union-attr]
        "changed_questions", UnavailableError("502 Bad Gateway", status=502)
    )
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause(0.2)
        held = desk.store.entry(entry)
        assert held is not None and held.state is OutboxState.HELD
        assert isinstance(app.screen, CollisionScreen)


async def test_a_refused_reply_is_announced_with_its_question(tmp_path: Path) -> None:
    desk = answering_desk(tmp_path)
    desk._forum.fail_next(  # type: ignore[union-attr]
        "reply", ConflictError("Body is too short", status=422)
    )
    desk.queue_reply(1, "Kort", reply_to=None, seen_post=1)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause(0.2)
        toasts = [(n.title, n.message) for n in app._notifications]
        assert any(
            "Mijn uitkering is gestopt" in title and "Body is too short" in message
            for title, message in toasts
        ), toasts


async def test_quitting_right_after_typing_keeps_the_last_words(
    tmp_path: Path,
) -> None:
    desk = answering_desk(tmp_path)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.5)
        await pilot.press("r", *"Beste Anouk")
        await pilot.pause(0.7)
        await pilot.press(*" tot morgen", "ctrl+c")
        await pilot.pause(0.1)
    [draft] = desk.drafts()
    assert draft.body == "Beste Anouk tot morgen"
