"""A desk over a store of known questions, shared by the inbox tests."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

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
