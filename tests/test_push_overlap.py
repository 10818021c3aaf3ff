"""Pushes that overlap: two desks on one store, or a sync round's push while
the desk pushes what was just queued. An attempt always works from the entry
as it is at that moment, so a reply left "may have arrived" by one push is
checked at the forum, not posted again, by the other."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from deskapp.config import load_config
from tests.desk_rig import (
    FIRST,
    VirtualTime,
    many_questions,
    virtual_desk,
    write_config,
)
from tests.discourse_server import Fault, serve_faults


async def test_a_push_working_from_an_old_list_does_not_post_twice(
    tmp_path: Path,
) -> None:
    """Desk B lists [X, E] and stops in X's colleague check; meanwhile desk A
    posts E, the forum stores it but the answer is lost (E: may have arrived,
    retry later). When B goes on, it must not post E again."""
    fake = many_questions(5)
    q1, q2 = FIRST, FIRST + 1
    gate = threading.Event()
    state = {"armed": False, "hold": True, "drop": True, "a_running": False}

    def schedule(method: str, path: str) -> Fault | None:
        if not state["armed"]:
            return None
        if method == "GET" and path == f"/t/{q1}.json" and state["hold"]:
            state["hold"] = False
            gate.wait(20)  # B sits in X's colleague check, its list taken
            return None
        if (
            method == "POST" and path == "/posts.json"
            and state["a_running"] and state["drop"]
        ):  # fmt: skip
            state["drop"] = False
            return Fault("drop")  # the forum stores E; the answer is lost
        return None

    with serve_faults(fake, schedule) as served:
        config = load_config(write_config(tmp_path, served.url))
        clock = VirtualTime(fake.now)
        a, b = virtual_desk(config, clock), virtual_desk(config, clock)
        try:
            await a.sync()
            await b.sync()
            a.queue_reply(q1, "Antwoord X op vraag 1.", reply_to=None, seen_post=1)
            a.queue_reply(q2, "Antwoord E op vraag 2.", reply_to=None, seen_post=1)
            state["armed"] = True
            task_b = asyncio.create_task(b.push())
            while state["hold"]:  # noqa: ASYNC110 (the flag is set by the server thread)
                await asyncio.sleep(0.01)
            state["a_running"] = True
            await a.push()  # X is B's: skipped; E posted, its answer dropped
            gate.set()
            await task_b  # B reaches E: not due yet, and unsure
            clock.advance(600)
            await a.push()  # E's retry: found on the forum, not posted again
            served.idle()
        finally:
            await a.aclose()
            await b.aclose()
    posts = [p.raw for p in fake.topics[q2].posts if p.user == "sanne"]
    assert posts.count("Antwoord E op vraag 2.") == 1, posts
    assert [p.raw for p in fake.topics[q1].posts].count("Antwoord X op vraag 1.") == 1


async def test_one_desk_pushes_one_at_a_time(tmp_path: Path) -> None:
    """Two pushes asked for at once on one desk (the app's sync round and the
    push after queueing) run one after the other, never side by side."""
    from tests.factories import MemoryForum
    from tests.inbox_app import make_desk, threads

    desk = make_desk(tmp_path)
    forum: Any = MemoryForum(threads())
    forum.name = "demo"  # the desk's profile
    desk._forum = forum
    running, most = 0, 0
    original = forum.reply

    async def slow_reply(*args: Any, **kw: Any) -> Any:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.05)
        try:
            return await original(*args, **kw)
        finally:
            running -= 1

    forum.reply = slow_reply
    for qid in (1, 2, 3):
        desk.queue_reply(qid, f"Antwoord {qid}.", reply_to=None, seen_post=99)
    first, second = await asyncio.gather(desk.push(), desk.push())
    assert most == 1
    assert sorted(first.sent + second.sent) == sorted(set(first.sent + second.sent))
    assert len(first.sent) + len(second.sent) == 3
