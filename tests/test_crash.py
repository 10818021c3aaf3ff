"""SIGKILL while typing and while sending: drafts and outbox intact, nothing
sent twice, the store sound.

A hundred seeded rounds kill a desk process (:mod:`tests.desk_driver`,
forked per round, working through the real desk calls) at a random moment:
after some keystrokes' drafts were saved, while a reply is queued, in the
middle of a push, and exactly while the forum holds a reply's POST (before
or after the forum stored it). A few rounds kill the real ``deskapp`` TUI in
a pseudo-terminal while typing and while sending. After every kill the store
passes ``PRAGMA integrity_check``; what the desk had said was durable is
there; a draft is a prefix of what was typed, or its reply is queued, never
both; no reply is on the forum twice. At the end one push sends what is left,
each reply exactly once.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from deskapp.models import OutboxState
from deskapp.store import Store
from tests.desk_rig import FIRST, FORUM, Driver, many_questions, write_config
from tests.discourse_fake import API_KEY, FakeDiscourse
from tests.discourse_server import Fault, Served, serve_faults
from tests.test_kill_draft import Terminal, wait_for

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and a pty")

ROUNDS = 100
QUESTIONS = 40
TYPED = 20
"""Typing rounds write on the first 20 questions, sending rounds on the
others (queueing a reply takes its question's draft, as the composer does)."""


@dataclass
class Round:
    """One task, when to kill it, and what its child said."""

    task: dict[str, Any]
    kill_on: str | None = None
    """The line that triggers the kill ("saved", "queued", "pushing"), or
    "hit": the forum holds a POST (see ``hold``); None: no kill."""
    nth: int = 1
    """Kill at the nth such line."""
    delay: float = 0.0
    hold: str | None = None
    """"timeout": the forum holds the POST without storing it; "slow": it
    stores the post, then holds the answer."""
    said: list[dict[str, Any]] = field(default_factory=list)
    killed: bool = False
    pid: int | None = None

    def acked(self, key: str) -> list[Any]:
        return [line[key] for line in self.said if key in line]


def play(driver: Driver, served: Served, rnd: Round) -> None:
    """Run one round, killing its child as planned."""
    served.hit.clear()
    armed = [Fault(rnd.hold)] if rnd.hold else []
    served.schedule = lambda method, path: (
        armed.pop() if armed and path == "/posts.json" else None
    )
    driver.run(rnd.task)
    pid, seen, due = None, 0, False
    deadline = time.monotonic() + 60
    while True:
        assert time.monotonic() < deadline, rnd
        if rnd.kill_on == "hit" and served.hit.is_set():
            due = True
        if due and pid is not None and not rnd.killed:
            time.sleep(rnd.delay)
            os.kill(pid, signal.SIGKILL)
            rnd.killed = True
        try:
            line = driver.lines.get(timeout=0.005)
        except queue.Empty:
            continue
        if "child" in line:
            pid = rnd.pid = line["child"]
        elif "over" in line:
            break
        elif "exit" in line:
            continue
        else:
            assert "error" not in line, line
            rnd.said.append(line)
            if rnd.kill_on and rnd.kill_on in line:
                seen += 1
                due = due or seen == rnd.nth
    served.schedule = None
    served.idle()


class Ledger:
    """What the desk said was durable, checked against the store and forum."""

    def __init__(self, store: Path, fake: FakeDiscourse) -> None:
        self.store, self.fake = store, fake
        self.texts: set[str] = set()
        """Every reply text a round used (each unique)."""
        self.acked: set[str] = set()
        """Texts whose queueing the desk confirmed."""
        self.typed: dict[int, tuple[str, int]] = {}
        """Question -> (text typed, keystrokes whose draft was confirmed saved)."""

    def note(self, rnd: Round) -> None:
        task = rnd.task
        if task["mode"] == "type":
            self.texts.add(task["text"])
            self.typed[task["question"]] = (
                task["text"],
                max(rnd.acked("saved"), default=0),
            )
            queued = rnd.acked("queued")
            if queued:
                self.acked.add(task["text"])
        replies = [text for _, text in task.get("replies", [])]
        self.texts.update(replies)
        self.acked.update(replies[: len(rnd.acked("queued"))])

    def posted(self) -> Counter[str]:
        """Our replies on the forum, by text."""
        return Counter(
            p.raw
            for t in self.fake.topics.values()
            for p in t.posts
            if p.user == "sanne" and p.raw in self.texts
        )

    def drafts(self) -> dict[int, str]:
        """The stored drafts by question."""
        store = Store(self.store)
        try:
            return {d.question_id: d.body for d in store.drafts(FORUM)}
        finally:
            store.close()

    def queued(self) -> list[str]:
        """The texts of every outbox entry."""
        store = Store(self.store)
        try:
            return [e.payload["body"] for e in store.entries(FORUM, list(OutboxState))]
        finally:
            store.close()

    def check(self) -> dict[str, Any]:
        """Every invariant; returns the outbox by text for further checks."""
        with sqlite3.connect(self.store) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        store = Store(self.store)
        try:
            states = list(OutboxState)
            entries = store.entries(FORUM, states)
            drafts = {d.question_id: d.body for d in store.drafts(FORUM)}
        finally:
            store.close()
        queued = Counter(e.payload["body"] for e in entries)
        assert [t for t, n in queued.items() if n > 1] == []  # queued once
        assert set(queued) <= self.texts  # nothing mangled
        assert self.acked <= set(queued)  # nothing confirmed is lost
        for question, (text, saved) in self.typed.items():
            draft = drafts.get(question)
            if text in queued:  # draft and reply move in one transaction
                assert draft is None, (question, draft)
            else:
                assert draft is not None or saved == 0, (question, text)
                if draft is not None:
                    assert text.startswith(draft) and len(draft) >= saved, draft
        posted = self.posted()
        assert [t for t, n in posted.items() if n > 1] == []  # never twice
        by_text = {e.payload["body"]: e for e in entries}
        ids = {p.raw: p.id for t in self.fake.topics.values() for p in t.posts}
        for text, entry in by_text.items():
            if entry.state is OutboxState.SENT:
                assert posted[text] == 1 and entry.remote_id == ids[text]
        return by_text


def plan(rng: random.Random, n: int) -> Round:
    """Round ``n``: typing (two in five) or sending, killed at a random moment."""
    text = f"Antwoord {n:03d}: wij bellen u deze week over uw aanvraag."
    if rng.random() < 0.4:
        task = {"mode": "type", "question": FIRST + n % TYPED, "text": text}
        when = rng.random()
        if when < 0.7:  # while typing, maybe halfway through a save
            return Round(task, "saved", rng.randint(1, len(text)),
                         rng.uniform(0, 0.003))  # fmt: skip
        if when < 0.85:
            return Round(task, "queued", 1, rng.uniform(0, 0.01))
        return Round(task, "hit", hold=rng.choice(["timeout", "slow"]))
    replies = [
        [FIRST + rng.randrange(TYPED, QUESTIONS), f"{text} ({k + 1})"]
        for k in range(rng.randint(1, 3))
    ]
    task = {"mode": "send", "replies": replies}
    when = rng.random()
    if when < 0.2:
        return Round(
            task, "queued", rng.randint(1, len(replies)), rng.uniform(0, 0.005)
        )
    if when < 0.45:
        return Round(task, "pushing", 1, rng.uniform(0, 0.05))
    if when < 0.95:
        return Round(task, "hit", hold=rng.choice(["timeout", "slow"]))
    return Round(task)  # no kill: it sends what earlier rounds left


@pytest.fixture
def fake() -> FakeDiscourse:
    fake = many_questions(QUESTIONS)
    fake.now = datetime.now(UTC)  # find_post compares with the desk's own clock
    return fake


@pytest.fixture
def served(fake: FakeDiscourse) -> Iterator[Served]:
    with serve_faults(fake) as served:
        yield served


@pytest.fixture
def config(tmp_path: Path, served: Served, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_config(tmp_path, served.url)
    monkeypatch.setenv("DESKAPP_CONFIG", str(path))
    monkeypatch.setenv("DESKAPP_API_KEY", API_KEY)
    return path


def tui(terminals: list[Terminal], store: Path) -> Terminal:
    """The real app in a pty, once its inbox shows the synced questions."""
    term = Terminal()
    terminals.append(term)
    wait_for(lambda: store.exists() and bool(_open_questions(store)))
    wait_for(lambda: term.shows("Concepten"))
    time.sleep(1.0)
    term.press_until("\r", "Accepteer")
    term.press_until("r", "Versturen")
    return term


def _open_questions(store: Path) -> int:
    s = Store(store)
    try:
        return len(s.open_questions(FORUM))
    finally:
        s.close()


def tui_typing(terminals: list[Terminal], store: Path, ledger: Ledger,
               rng: random.Random) -> None:  # fmt: skip
    """Kill the app at a random moment while typing."""
    text = "Beste klant, wij hebben uw formulier ontvangen."
    term = tui(terminals, store)
    typed = rng.randint(10, len(text))
    term.type(text[:typed], pause=0.02)
    time.sleep(rng.uniform(0, 1.2))
    term.kill()
    ledger.texts.add(text)
    ledger.check()
    s = Store(store)
    try:
        [draft] = s.drafts(FORUM) or [None]
    finally:
        s.close()
    if draft is not None:  # saved up to some keystroke, never garbled
        assert text[:typed].startswith(draft.body)
        ledger.typed[draft.question_id] = (text, 0)


def tui_sending(terminals: list[Terminal], store: Path, ledger: Ledger,
                served: Served, hold: str) -> None:  # fmt: skip
    """Send from the app; kill it while the forum holds the POST."""
    text = f"Beste klant, uw uitkering wordt vandaag betaald ({hold})."
    served.hit.clear()
    armed = [Fault(hold)]
    served.schedule = lambda method, path: (
        armed.pop() if armed and path == "/posts.json" else None
    )
    drafts = ledger.drafts()
    term = tui(terminals, store)
    term.type(text, pause=0.01)
    term.press_until("\x13", "versturen in")  # ctrl+s: the confirmation
    term.type("j")
    assert served.hit.wait(30), "the reply never reached the forum"
    term.kill()
    served.schedule = None
    served.idle()
    [body] = [t for t in ledger.queued() if t.endswith(text)]
    ledger.texts.add(body)
    ledger.acked.add(body)  # the forum got it: it was queued
    entry = ledger.check()[body]
    # the composer had the question's draft in it: the reply carries it on
    assert body == drafts.get(entry.question_id, "") + text
    assert entry.state is OutboxState.SENDING and entry.unsure
    assert ledger.posted()[body] == (1 if hold == "slow" else 0)


def test_sigkill_while_typing_and_sending_loses_nothing_and_sends_nothing_twice(
    config: Path, tmp_path: Path, fake: FakeDiscourse, served: Served,
) -> None:  # fmt: skip
    store = tmp_path / "store.sqlite"
    rng = random.Random(20261129)
    ledger = Ledger(store, fake)
    terminals: list[Terminal] = []
    try:
        tui_typing(terminals, store, ledger, rng)
        tui_sending(terminals, store, ledger, served, "slow")
        # the next start finds the "slow" reply on the forum, and does not send it
        tui_sending(terminals, store, ledger, served, "timeout")
    finally:
        for term in terminals:
            term.kill()

    driver = Driver()
    held: Counter[str] = Counter()
    try:
        for n in range(ROUNDS):
            rnd = plan(rng, n)
            play(driver, served, rnd)
            ledger.note(rnd)
            entries = ledger.check()
            if rnd.hold and rnd.killed:  # killed with its POST at the forum
                held[rnd.hold] += 1
                [mid] = [
                    e
                    for e in entries.values()
                    if e.state is OutboxState.SENDING and e.owner
                    and e.owner.endswith(f":{rnd.pid}")
                ]  # fmt: skip
                on_forum = ledger.posted()[mid.payload["body"]]
                assert mid.unsure and on_forum == (rnd.hold == "slow")
        finish = Round({"mode": "push"})
        play(driver, served, finish)
    finally:
        driver.close()
    entries = ledger.check()
    assert held["timeout"] >= 5 and held["slow"] >= 5, held
    assert {e.state for e in entries.values()} == {OutboxState.SENT}
    assert set(ledger.posted()) == set(entries)  # each once (checked above)
