"""The question screen while answering, at 80×24 (SVG snapshots)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TextArea

from deskapp.errors import ConflictError
from deskapp.screens.dialogs import CollisionScreen
from tests.factories import ADVISER, CLIENT, make_thread
from tests.inbox_app import QuestionHarness, answering_desk
from tests.test_inbox import settle

SIZE = (80, 24)
REPLY = "Beste Mo,\n\nNeem uw **paspoort** en de brief van de gemeente mee."


async def _shown(pilot: Pilot[None]) -> None:
    """Loaded and mounted; no blinking cursor in the picture."""
    await settle(pilot.app)  # type: ignore[arg-type]
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
    await pilot.pause()


async def _typed(pilot: Pilot[None]) -> None:
    """r, then a reply typed."""
    await _shown(pilot)
    await pilot.press("r")
    await _shown(pilot)
    await pilot.press(*["enter" if ch == "\n" else ch for ch in REPLY])
    await _shown(pilot)


def test_composer_open_with_text(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The thread above, the composer below with a reply being written."""
    app = QuestionHarness(answering_desk(tmp_path), 2)
    assert snap_compare(app, terminal_size=SIZE, run_before=_typed)


def test_composer_preview(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """F2: the reply rendered as the forum will show it."""

    async def preview(pilot: Pilot[None]) -> None:
        await _typed(pilot)
        await pilot.press("f2")
        await _shown(pilot)

    app = QuestionHarness(answering_desk(tmp_path), 2)
    assert snap_compare(app, terminal_size=SIZE, run_before=preview)


def test_outgoing_entries(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """A reply in the queue and an assignment the forum refused."""
    desk = answering_desk(tmp_path)
    desk._forum.fail_next(  # type: ignore[union-attr]
        "assign", ConflictError("Gebruiker bestaat niet.", status=422)
    )

    async def entries(pilot: Pilot[None]) -> None:
        await _shown(pilot)
        desk.assign(2, "adviseur.kim")
        await desk.push()
        desk.queue_reply(2, REPLY, reply_to=None, seen_post=3)
        pilot.app.queued()  # type: ignore[attr-defined]
        await _shown(pilot)

    app = QuestionHarness(desk, 2)
    assert snap_compare(app, terminal_size=SIZE, run_before=entries)


def test_collision_prompt(tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """A colleague answered first: their post, your reply, three choices."""
    from deskapp.models import Collision

    thread = make_thread(
        1, "Mijn uitkering is gestopt, wat nu?", [CLIENT, ADVISER],
        texts=["Help", "Bel **vandaag** de klantenservice; zij zetten het terug."],
    )  # fmt: skip
    collision = Collision(7, 1, thread.question.title, REPLY, thread.posts[1:])

    async def prompt(pilot: Pilot[None]) -> None:
        await _shown(pilot)
        pilot.app.push_screen(CollisionScreen(collision, pilot.app.desk.timezone))  # type: ignore[attr-defined]
        await _shown(pilot)

    app = QuestionHarness(answering_desk(tmp_path), 1)
    assert snap_compare(app, terminal_size=SIZE, run_before=prompt)
