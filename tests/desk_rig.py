"""A desk on a served fake Discourse with many questions, on virtual time.

Shared by the fault, crash and two-desk tests: a forum of ``n`` open
questions (the Werkplein forum plus topics 101 and up), a config pointing at
it, and a clock that the desk, its request budget and the fake forum share,
so that a backoff of ten minutes passes in no time.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path

from deskapp.config import Config
from deskapp.desk import Desk
from deskapp.forum.discourse import DiscourseForum
from deskapp.forum.pacing import RequestBudget
from tests.discourse_fake import API_KEY, T0, FakeDiscourse, werkplein_forum

FORUM = "werkplein"
FIRST = 101
"""The id of the first added question."""
CLIENTS = ("anouk", "mo", "fatima")


def many_questions(n: int) -> FakeDiscourse:
    """The Werkplein forum with ``n`` more open questions (ids 101 and up)."""
    fake = werkplein_forum(chunk_size=30)
    for k in range(n):
        who = CLIENTS[k % len(CLIENTS)]
        fake.topic(FIRST + k, f"Vraag {k + 1} over mijn uitkering", 5,
                   [(who, f"Hoe zit het met mijn aanvraag nummer {k + 1}?")],
                   start=T0 + timedelta(days=12, minutes=k))  # fmt: skip
    return fake


def write_config(tmp_path: Path, url: str) -> Path:
    """A config for the served forum (key in $DESKAPP_API_KEY), store in tmp_path."""
    path = tmp_path / "config.toml"
    path.write_text(
        f'store = "{tmp_path / "store.sqlite"}"\n'
        f'[forums.{FORUM}]\nkind = "discourse"\nurl = "{url}"\n'
        'api_username = "sanne"\napi_key_env = "DESKAPP_API_KEY"\n'
        'watched_categories = ["werk-en-inkomen", "zorg"]\n'
        'staff_groups = ["werkplein-medewerkers"]\n'
        'adviser_groups = ["clientondersteuners"]\n'
        "requests_per_minute = 600\n"
    )
    return path


class VirtualTime:
    """One clock for the desk, its request budget and the fake forum."""

    def __init__(self, start: datetime) -> None:
        self.start = self.at = start

    def __call__(self) -> datetime:
        return self.at

    def seconds(self) -> float:
        """Monotonic seconds, for the request budget."""
        return (self.at - self.start).total_seconds()

    async def sleep(self, seconds: float) -> None:
        """A wait of the request budget: time passes at once."""
        self.advance(seconds)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=max(seconds, 0.0))


def virtual_desk(config: Config, clock: VirtualTime) -> Desk:
    """The desk of ``config`` over HTTP, on ``clock`` (budget included)."""
    profile = config.forum()
    desk = Desk(config, profile, clock=clock)
    budget = RequestBudget(
        profile.requests_per_minute, clock=clock.seconds, sleep=clock.sleep
    )
    desk._forum = DiscourseForum(profile, api_key=API_KEY, budget=budget)
    return desk
