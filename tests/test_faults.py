"""The outbox through a failing forum: 1,000 replies, each posted exactly once.

The fake Discourse is served over HTTP behind a seeded fault schedule: 5xx
pages, bursts of 429 with Retry-After, timeouts, connection resets, broken
and cut JSON, and posts the forum stored before the connection dropped.
The real adapter and ``Desk.push`` send the replies; backoff passes on a
virtual clock. After every push, each failed attempt is in the outgoing
list with the reason of the fault that hit it, and the desk still reads its
inbox; a sync in the middle works once the forum is back.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import deskapp.forum.discourse as discourse
from deskapp.config import load_config
from deskapp.desk import Desk
from deskapp.errors import DeskError
from deskapp.models import OutboxState
from deskapp.storework import OutboxEntry
from deskapp.text import one_line
from deskapp.widgets.outgoing import state_text
from tests.desk_rig import (
    FIRST,
    VirtualTime,
    many_questions,
    virtual_desk,
    write_config,
)
from tests.discourse_fake import FakeDiscourse
from tests.discourse_server import DONE, FAULTS, Fault, Played, Served, serve_faults

REPLIES = 1000
QUESTIONS = 120
BATCH = 50
"""Replies queued before each push (the user goes on writing meanwhile)."""

REASONS = {
    "rate": "het forum vraagt even te wachten",
    "timeout": "het forum antwoordde niet op tijd",
    "slow": "het forum antwoordde niet op tijd",
    "reset": "verbinding met het forum verbroken",
    "drop": "verbinding met het forum verbroken",
    "cut": "verbinding met het forum verbroken",
    "truncated": "onleesbaar antwoord van het forum",
    "malformed": "onleesbaar antwoord van het forum",
}
"""What the outgoing list says for each fault (``status``: its status)."""


WEIGHTS = {"status": 3, "rate": 1, "timeout": 0.12, "slow": 0.12, "reset": 2,
           "drop": 2.5, "truncated": 1.5, "cut": 1.5, "malformed": 1.5}  # fmt: skip
"""How often each fault comes (timeouts cost a second of real time each)."""


class FaultSchedule:
    """Seeded faults: a few per hundred requests, more on posting; a 429
    comes in a burst of several."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.on = True
        self.burst = 0
        self.retry_after = 0
        self.first = [k for k in FAULTS if k != "rate"]
        """Each fault once on the first posts, whatever the dice say later."""

    def __call__(self, method: str, path: str) -> Fault | None:
        if not self.on:
            return None
        if self.first and path == "/posts.json":
            return Fault(self.first.pop(0), status=502)
        if self.burst:
            self.burst -= 1
            return Fault("rate", retry_after=self.retry_after)
        if self.rng.random() > (0.16 if method == "POST" else 0.05):
            return None
        kind = self.rng.choices(list(WEIGHTS), list(WEIGHTS.values()))[0]
        if kind == "rate":
            self.burst = self.rng.randint(1, 5)
            self.retry_after = self.rng.choice([1, 5, 30, 120])
            return Fault("rate", retry_after=self.retry_after)
        return Fault(kind, status=self.rng.choice([500, 502, 503]))


@pytest.fixture
def fake() -> FakeDiscourse:
    return many_questions(QUESTIONS)


@pytest.fixture
def served(fake: FakeDiscourse) -> Iterator[Served]:
    with serve_faults(fake) as served:
        yield served


@pytest.fixture
def clock(fake: FakeDiscourse) -> VirtualTime:
    return VirtualTime(fake.now)


@pytest.fixture
async def desk(
    tmp_path: Path,
    served: Served,
    clock: VirtualTime,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Desk]:
    monkeypatch.setattr(discourse, "TIMEOUT", httpx.Timeout(1.0))  # quick timeouts
    desk = virtual_desk(load_config(write_config(tmp_path, served.url)), clock)
    yield desk
    await desk.aclose()


def text_of(n: int) -> str:
    return f"Beste klant, antwoord {n:04d}: uw aanvraag is in behandeling."


def question_of(n: int) -> int:
    return FIRST + (n * 7) % QUESTIONS


def pending(desk: Desk) -> dict[int, OutboxEntry]:
    states = [OutboxState.QUEUED, OutboxState.SENDING, OutboxState.HELD,
              OutboxState.FAILED]  # fmt: skip
    return {e.id: e for e in desk.store.entries(desk.forum_name, states)}


def expected(played: Played) -> str:
    if played.fault.kind == "status":
        return f"storing bij het forum (fout {played.fault.status})"
    return REASONS[played.fault.kind]


def _reason_known(error: str | None) -> bool:
    return any(r in (error or "") for r in [*REASONS.values(), "(fout 50"])


def check_failures(
    desk: Desk, before: dict[int, OutboxEntry], played: list[Played]
) -> None:
    """Each fault of a push failed one attempt, which the outgoing list names
    with the fault's reason and a time for the next attempt."""
    after = pending(desk)
    failed = [
        after[i]
        for i in sorted(before)
        if i in after and after[i].attempts > before[i].attempts
    ]
    if len(failed) != len(played):  # a busy machine slowed one past the timeout
        assert len(failed) > len(played), (failed, played)
        assert all(_reason_known(e.last_error) for e in failed), failed
        return
    shown = {o.id: o for o in desk.outgoing()}
    for entry, fault in zip(failed, played, strict=True):
        assert entry.state is OutboxState.QUEUED, entry
        if fault.topic is not None:
            assert fault.topic == entry.question_id, (entry, fault)
        tried, due = entry.attempt_at, entry.next_attempt_at
        assert tried is not None and due is not None and due > tried
        if fault.fault.kind == "rate":
            wait = (due - tried).total_seconds()
            assert wait >= fault.fault.retry_after  # (after any wait before it)
        if fault.fault.kind in DONE and fault.path == "/posts.json":
            assert entry.unsure  # the forum may have it: look before sending
            assert "misschien al geplaatst" in (entry.last_error or "")
        line = state_text(shown[entry.id], desk.timezone)
        assert expected(fault) in line, (line, fault)
        assert "nieuwe poging om" in line


async def test_a_thousand_replies_through_a_failing_forum_each_arrive_once(
    desk: Desk, fake: FakeDiscourse, served: Served, clock: VirtualTime
) -> None:
    await desk.sync()  # the forum works at first
    schedule = FaultSchedule(seed=20261129)
    served.schedule = schedule
    ids: dict[int, int] = {}  # outbox id -> reply number
    rounds = 0
    while True:
        for n in range(len(ids), min(len(ids) + BATCH, REPLIES)):
            ids[desk.queue_reply(question_of(n), text_of(n), reply_to=None,
                                 seen_post=1)] = n  # fmt: skip
        before, mark = pending(desk), len(served.played)
        if not before:
            break
        rounds += 1
        assert rounds < 400, "the outbox does not drain"
        fake.now = clock()
        report = await desk.push()
        served.idle()
        check_failures(desk, before, served.played[mark:])
        assert len(desk.inbox()) >= QUESTIONS  # reading goes on throughout
        if rounds == 10:  # the forum is back for a moment: a sync works
            schedule.on = False
            synced = await desk.sync(push=False)
            assert desk.status().last_error is None, synced
            schedule.on = True
        elif rounds % 7 == 0:  # a sync while it fails: it fails, and says so
            said = None
            try:
                await desk.sync(push=False)
            except DeskError as err:
                said = one_line(str(err))
            assert desk.status().last_error == said
            served.idle()
        clock.advance(report.retry_in if report.retry_in is not None else 1)

    # every reply is on the forum exactly once, in the order it was queued
    posted = Counter(
        p.raw for t in fake.topics.values() for p in t.posts if p.user == "sanne"
    )
    assert {text_of(n) for n in range(REPLIES)} <= set(posted)
    assert [t for t, k in posted.items() if k > 1] == []
    for qid in {question_of(n) for n in range(REPLIES)}:
        mine = [p.raw for p in fake.topics[qid].posts if p.user == "sanne"]
        assert mine == sorted(mine)
    # and the desk knows each by its forum id
    sent = desk.store.entries(desk.forum_name, [OutboxState.SENT])
    assert sorted(e.id for e in sent) == sorted(ids)
    by_text = {p.raw: p.id for t in fake.topics.values() for p in t.posts}
    assert all(e.remote_id == by_text[e.payload["body"]] for e in sent)
    # the faults really happened, the dangerous ones on posting too
    kinds = Counter(p.fault.kind for p in served.played)
    assert set(kinds) == set(FAULTS), kinds
    on_post = Counter(
        p.fault.kind for p in served.played if p.path == "/posts.json"
    )  # fmt: skip
    assert all(on_post[k] >= 2 for k in ("drop", "truncated", "cut", "malformed"))
    assert sum(on_post[k] for k in DONE) >= 20, on_post
    # once the forum is back, a sync brings every reply into the store, once
    served.schedule = None
    await desk.sync(push=False)
    for qid in {question_of(n) for n in range(REPLIES)}:
        await desk.fetch_thread(qid)
        thread = desk.thread(qid)
        assert thread is not None
        raws = [p.raw for p in thread.posts if p.author.username == "sanne"]
        assert len(raws) == len(set(raws)) == len(fake.topics[qid].posts) - 1
