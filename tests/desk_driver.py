"""Desk processes to be killed, or to run side by side: ``python -m tests.desk_driver``.

Reads one task a line (JSON) on stdin and forks a child process per task (or
``copies`` of them at once), so that a hundred desks start in no time: the
parent has imported deskapp once and holds no thread, loop or connection
when it forks. Each child opens the store and the forum of
``$DESKAPP_CONFIG`` as ``deskapp`` does, works through the real desk calls
and says on stdout what is durable:

- ``type``: saves the draft of ``question`` after every character of
  ``text`` (``{"saved": n}``), queues it (``{"queued": id}``), pushes;
- ``send``: queues each of ``replies`` (``[question, text]``) and pushes;
- ``push``: pushes until nothing is due (``{"left": n}``);
- ``open``: opens the store at the time ``at`` (``{"opened": copy}``);
- ``busy``: what one person does in one session: per reply of its copy's
  ``replies``, a draft saved (``{"draft": [question, body]}``), a template
  use counted (``{"used": key}``), the reply queued and pushed, and now and
  then a sync.

The test may kill a child with SIGKILL whenever it likes; the parent says
when each child started (``{"child": pid}``) and ended (``{"exit": pid,
"status": s}``), and that a task is over (``{"over": n}``). Anything a child
raises is said (``{"error": ...}``) and ends it. One JSON object a line.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from deskapp.config import load_config
from deskapp.desk import Desk
from deskapp.models import OutboxState
from deskapp.store import Store


def say(**data: Any) -> None:
    """One line on stdout, written at once (no buffer to be lost or copied)."""
    os.write(1, (json.dumps(data) + "\n").encode())


async def _push(desk: Desk, until_done: bool) -> None:
    say(pushing=os.getpid())
    try:
        while True:
            report = await desk.push()
            say(sent=report.sent)
            left = desk.store.entries(
                desk.forum_name, [OutboxState.QUEUED, OutboxState.SENDING]
            )
            if not until_done or not left or report.retry_in is None:
                say(left=len(left))
                return
            await asyncio.sleep(min(report.retry_in, 0.1))
    finally:
        await desk.aclose()


async def _busy(desk: Desk, task: dict[str, Any]) -> None:
    copy = task["copy"]
    drafts = task["drafts"][copy]
    try:
        for n, (question, text) in enumerate(task["replies"][copy]):
            mine = drafts[n % len(drafts)]
            body = f"Concept {copy}-{n} voor vraag {mine}"
            desk.save_draft(mine, body, reply_to=None, seen_post=1)
            say(draft=[mine, body])
            desk.store.record_template_use("gedeeld")
            say(used="gedeeld")
            say(queued=desk.queue_reply(question, text, reply_to=None, seen_post=1))
            await desk.push()
            if n % 4 == copy:
                await desk.sync(push=False)
    finally:
        await desk.aclose()


def _cowrite(desk: Desk, task: dict[str, Any]) -> None:
    """Type lines into one question's draft as the composer saves it: each
    save names the text it started from and takes back what the store holds."""
    copy, question = task["copy"], task["question"]
    while time.time() < task["at"]:  # both begin together
        time.sleep(0.001)
    base: str | None = None
    text = ""
    for n in range(task["lines"]):
        text = f"{text}\nSessie {copy} regel {n:02d}".lstrip("\n")
        stored, found = desk.merge_draft(
            question, text, reply_to=None, seen_post=1, base=base
        )
        if found != base:
            say(merged=n)
        text = base = stored or ""
    say(done=copy)


def _child(task: dict[str, Any]) -> None:
    mode = task["mode"]
    if mode == "open":
        while time.time() < task["at"]:
            time.sleep(0.001)
        Store(Path(task["path"])).close()
        say(opened=task["copy"])
        return
    config = load_config()
    desk = Desk(config, config.forum())
    if mode == "busy":
        asyncio.run(_busy(desk, task))
        return
    if mode == "cowrite":
        _cowrite(desk, task)
        desk.store.close()
        return
    if mode == "type":
        question, text = task["question"], task["text"]
        for n in range(1, len(text) + 1):
            desk.save_draft(question, text[:n], reply_to=None, seen_post=1)
            say(saved=n)
        say(queued=desk.queue_reply(question, text, reply_to=None, seen_post=1))
    for question, text in task.get("replies", []):
        say(queued=desk.queue_reply(question, text, reply_to=None, seen_post=1))
    asyncio.run(_push(desk, until_done=mode == "push"))
    desk.store.close()


def _fork(task: dict[str, Any]) -> int:
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            _child(task)
        except BaseException as err:  # said, for the test to show
            say(error=repr(err))
            code = 1
        os._exit(code)
    say(child=pid)
    return pid


def _warm() -> None:
    """Import in the parent what each child would import on first use, and
    make the HTTP clients' SSL context once (the forum is plain http: it is
    never used; making it costs 60 ms a child)."""
    import anyio._backends._asyncio
    import httpcore
    import httpx
    from httpx._transports import default

    import deskapp.forum.discourse
    from deskapp.triage import TriageRules

    assert anyio._backends._asyncio and httpcore and deskapp.forum.discourse
    config = load_config()
    desk = config.desk
    TriageRules.from_config(config.triage, targets=desk.targets,
                            hours=desk.working_hours)  # fmt: skip
    desk.working_hours.is_working_day(date(2026, 11, 30))  # a Monday: holidays
    context = httpx.create_ssl_context()
    default.create_ssl_context = lambda *args, **kwargs: context  # type: ignore[attr-defined]


def main() -> None:
    _warm()
    rounds = 0
    while line := sys.stdin.readline():
        task = json.loads(line)
        pids = [_fork({**task, "copy": n}) for n in range(task.get("copies", 1))]
        for pid in pids:
            _, status = os.waitpid(pid, 0)
            say(exit=pid, status=status)
        rounds += 1
        say(over=rounds)


if __name__ == "__main__":
    main()
