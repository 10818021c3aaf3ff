"""A desk on a served fake Discourse with many questions, on virtual time.

Shared by the fault, crash and two-desk tests: a forum of ``n`` open
questions (the Werkplein forum plus topics 101 and up), a config pointing at
it, and a clock that the desk, its request budget and the fake forum share,
so that a backoff of ten minutes passes in no time; and the
:class:`Driver` of desk processes (:mod:`tests.desk_driver`).
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

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


class Driver:
    """The forking desk of :mod:`tests.desk_driver`, and its lines."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.desk_driver"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=os.environ.copy(),
            cwd=Path(__file__).resolve().parents[1],
        )  # fmt: skip
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))

    def run(self, task: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(task) + "\n").encode())
        self.proc.stdin.flush()

    def task(self, task: dict[str, Any], timeout: float = 120) -> list[dict[str, Any]]:
        """Run a task to its end (no kill); every line its children said."""
        self.run(task)
        said = []
        while "over" not in (line := self.lines.get(timeout=timeout)):
            said.append(line)
        return said

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
