"""A desk over a store of known questions, shared by the inbox tests."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from textual.app import App
from textual.signal import Signal

import deskapp
from deskapp.config import demo_config
from deskapp.desk import Desk
from deskapp.store import Store
from deskapp.triage import TriageRules
from tests.factories import (
    ADVISER,
    CATEGORIES,
    CLIENT,
    OTHER_CLIENT,
    PEER,
    STAFF,
    T0,
    make_thread,
)

NOW = T0 + timedelta(days=2)  # Wednesday 4 Nov 2026, 10:00 in Amsterdam
HOSTILE_TITLE = "[@click=app.quit]Klik[/] \x1b]52;c;ZXZpbA==\x1b\\[OPGELOST] Huur"


def threads() -> list:  # type: ignore[type-arg]
    """Five open questions and one solved, with known order and facts."""
    return [
        make_thread(1, "Mijn uitkering is gestopt, wat nu?", [CLIENT], start=T0),
        make_thread(
            2, "Gesprek met klantmanager voorbereiden", [OTHER_CLIENT, STAFF, OTHER_CLIENT],
            texts=["Hoe bereid ik me voor?", "Neem uw **loonstroken** mee.", "Dank!"],
            start=T0 - timedelta(days=1), category_id=2, assigned_to="j.devries",
        ),
        make_thread(3, HOSTILE_TITLE, [CLIENT, PEER], start=T0 + timedelta(hours=5)),
        make_thread(4, "Kostendelersnorm bij inwonende zoon", [CLIENT, ADVISER]),
        make_thread(5, "Opgelost", [CLIENT, STAFF], accepted_post_id=501),
        make_thread(6, "Reiskosten naar een sollicitatie", [CLIENT],
                    start=T0 + timedelta(days=1), category_id=2),
    ]  # fmt: skip


def make_desk(tmp_path: Path) -> Desk:
    """A desk (acting as j.devries) over a store with :func:`threads`."""
    config = dataclasses.replace(demo_config(), store_path=tmp_path / "s.sqlite")
    store = Store(config.store_path)
    store.save_categories("demo", CATEGORIES)
    store.save_threads("demo", threads(), TriageRules())
    profile = dataclasses.replace(
        config.forum(), api_username="j.devries", path=tmp_path / "missing.sqlite"
    )
    return Desk(config, profile, store, clock=lambda: NOW)


def quiet_desk(tmp_path: Path) -> Desk:
    """The same desk with a config file and a forum that has nothing new.

    No demo greeting and a successful (empty) sync: what a snapshot shows is
    the inbox itself.
    """
    from tests.factories import MemoryForum

    desk = make_desk(tmp_path)
    desk.config = dataclasses.replace(desk.config, path=tmp_path / "config.toml")
    desk._forum = MemoryForum([])
    desk.store.record_sync("demo", at=NOW, me="j.devries")
    return desk


def answering_desk(tmp_path: Path) -> Desk:
    """:func:`make_desk` with a writable in-memory forum holding the same threads.

    ``desk._forum`` is that :class:`~tests.factories.MemoryForum`.
    The forum's capabilities are saved as a sync would (solved and assign
    plugins present), so every action is allowed.
    """
    from deskapp.models import Capabilities
    from tests.factories import MemoryForum

    desk = make_desk(tmp_path)
    forum = MemoryForum(threads(), clock=lambda: NOW)
    forum.name = "demo"  # the profile's name: what the store keys the forum by
    desk._forum = forum
    desk.store.record_sync("demo", at=NOW, me="j.devries")
    caps = Capabilities(solved=True, assign=True)
    desk.store.save_capabilities("demo", caps, NOW)
    return desk


class QuestionHarness(App[None]):
    """The app's side of the question screen, without syncs and pushes.

    Opens one question; ``queued()`` is counted and publishes
    ``outbox_signal`` as the real app does, but pushes nothing: a test pushes
    with ``await desk.push()`` when it wants to.
    """

    CSS_PATH = Path(deskapp.__file__).parent / "app.tcss"

    def __init__(self, desk: Desk, question_id: int, *, compose: bool = False) -> None:
        super().__init__()
        self.desk = desk
        self.question_id = question_id
        self.compose_at_start = compose
        self.queued_calls = 0
        self.results: list[int | None] = []
        self.outbox_signal: Signal[None] = Signal(self, "outbox")

    def on_mount(self) -> None:
        """Open the question under test."""
        from deskapp.screens.question import QuestionScreen

        screen = QuestionScreen(
            self.desk, self.question_id, compose=self.compose_at_start
        )
        self.push_screen(screen, callback=self.results.append)

    def on_unmount(self) -> None:
        """The drafts saved on leaving are on disk when the app has gone."""
        self.desk.writes_done()

    def queued(self) -> None:
        """The outbox changed: tell the screens (no push)."""
        self.queued_calls += 1
        self.outbox_signal.publish(None)
