"""Time the inbox UI: start-up, key-to-frame, search, filters, memory.

Usage: python benchmarks/inbox.py [--questions N] [--quick] [--profile]
(default 100000 questions)

Seeds a demo forum of N questions in a temp dir, syncs it once into a store,
then measures in fresh processes, headless at 80x24, with the desk's forum
replaced by a stub that reports no changes:

- start-up: spawn -> the first frame with inbox rows (median of 5), and the
  same for a bare Textual ``App`` in the same run, the two taken in turns;
- key-to-frame: ``events.Key`` handed to the driver -> the next
  ``App._display`` (wrapped) after the state changed, Textual's 60 fps update
  timer included; j/k/PgDn with every question of the forum in the list (the
  filter panel's states all ticked: N rows); then, back in the inbox of open
  questions (``search_rows``), each keystroke of a search typed as you type
  (its echo), and section and filter switches (to the new rows);
  ``search_results_ms`` is the slowest time from a search's last letter to
  its results on screen;
- DataTable: the same N rows as 8 string columns, the same method;
- ``targets_met``: start-up <= 1.5 x the bare app + 300 ms; key p95 <= 20 ms
  and <= half of DataTable's; search p95 <= 30 ms; RSS <= 300 MB.

``--profile`` runs the key-to-frame child under pyinstrument and prints its
profile on stderr. Progress on stderr; the last stdout line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

SIZE = (80, 24)
STARTS = 5  # start-ups of each kind, taken in turns; their medians count
KEY_GAP = 0.05  # pause after each cursor key's frame
TYPE_GAP = 0.12  # pause after each search keystroke's echo: a fast typist
WORD = "uitkering"
COLUMNS = ("wait", "urgency", "state", "category", "title", "replies", "role")
COLUMNS += ("assignee",)


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"[inbox-bench] {message}", file=sys.stderr, flush=True)


def pct(values: list[Any], q: float) -> float | None:
    """Nearest-rank percentile in ms (timeouts, None, left out)."""
    data = sorted(v for v in values if v is not None)
    return round(data[max(math.ceil(q * len(data)) - 1, 0)], 1) if data else None


def open_desk(tmp: str, me: str | None = None) -> Any:
    """A Desk over the temp store; with ``me``, its forum reports no changes."""
    from deskapp.config import demo_config
    from deskapp.desk import Desk

    config = replace(demo_config(), store_path=Path(tmp) / "store.sqlite")
    desk = Desk(config, replace(config.forum(), path=Path(tmp) / "forum.sqlite"))
    if me is not None:
        desk._forum = QuietForum(desk.forum_name, me)
    return desk


class QuietForum:
    """A forum adapter with nothing new: the app's syncs touch only the store."""

    def __init__(self, name: str, me: str) -> None:
        self.name, self.base_url, self.me = name, "", me

    async def whoami(self) -> Any:
        from deskapp.models import Person, Role

        return Person(self.me, self.me, Role.STAFF)

    async def changed_questions(self, since: Any) -> Any:
        for page in ():
            yield page

    async def nothing(self, *args: Any) -> list[Any]:
        return []

    categories = threads = aclose = nothing


class Frames:
    """Wraps App._display: a waiter resolves at the first frame its test passes."""

    def __init__(self) -> None:
        from textual.app import App

        self.waiters: list[tuple[Any, asyncio.Future[float]]] = []
        original = App._display

        def display(app: Any, screen: Any, renderable: Any) -> None:
            original(app, screen, renderable)
            if renderable is not None and self.waiters:
                now = time.perf_counter()
                for test, fut in self.waiters:
                    if not fut.done() and test():
                        fut.set_result(now)
                self.waiters = [w for w in self.waiters if not w[1].done()]

        App._display = display  # type: ignore[method-assign]

    async def timed(self, action: Any, *tests: Any, limit: float = 30) -> list[Any]:
        """ms from ``action()`` to the first frame passing each test (None: timeout)."""
        futures = [asyncio.get_running_loop().create_future() for _ in tests]
        self.waiters += zip(tests, futures, strict=True)
        start = time.perf_counter()
        action()
        got = []
        for fut in futures:
            try:
                got.append((await asyncio.wait_for(fut, limit) - start) * 1000)
            except TimeoutError:
                got.append(None)
        return got


def key(app: Any, name: str, char: str | None = None) -> Any:
    """An action handing one key event to the driver, as a terminal would."""
    from textual import events

    def send() -> None:
        event = events.Key(name, char)
        event.set_sender(app)
        app._driver.send_message(event)

    return send


async def settle(app: Any, test: Any = None, limit: float = 120) -> None:
    """Wait until no worker runs and ``test()`` passes, then a few frames more."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        await asyncio.sleep(0.03)
        if all(w.is_finished for w in app.workers) and (test is None or test()):
            break
    await asyncio.sleep(0.1)


async def cursor_keys(frames: Frames, app: Any, presses: int, keys: Any) -> list[Any]:
    """2/5 down, 2/5 back up, 1/5 pagedown; ``keys`` = (down, up, pos, size, reset)."""
    down, up, pos, size, reset = keys
    two = presses * 2 // 5
    samples: dict[str, list[Any]] = {down: [], up: [], "pagedown": []}
    for name in [down] * two + [up] * two + ["pagedown"] * (presses - 2 * two):
        at = pos()
        if (name == down and at >= size() - 1) or (name == up and at == 0):
            continue
        if name == "pagedown" and at >= size() - 1:
            await frames.timed(reset, lambda: pos() == 0)
            await asyncio.sleep(KEY_GAP)
        char = name if len(name) == 1 else None
        got = await frames.timed(key(app, name, char), lambda at=at: pos() != at)
        samples[name] += got
        await asyncio.sleep(KEY_GAP)
    parts = [f"{k} {pct(v, 0.5)}/{pct(v, 0.95)}" for k, v in samples.items()]
    log("key-to-frame p50/p95 ms: " + ", ".join(parts))
    return [ms for got in samples.values() for ms in got]


def every_question() -> Any:
    """The filter panel's choice with all states ticked."""
    from deskapp.models import State
    from deskapp.views import ViewFilter

    return ViewFilter(states=tuple(State))


async def run_inbox(tmp: str, me: str, presses: int, repeats: int) -> dict[str, Any]:
    """Cursor keys, search typing and filters on the real inbox; then peak RSS."""
    import resource

    from textual.widgets import Input

    from deskapp.app import DeskApp
    from deskapp.models import Urgency
    from deskapp.views import ViewFilter
    from deskapp.widgets.question_list import QuestionList

    frames, app = Frames(), DeskApp(open_desk(tmp, me))
    async with app.run_test(size=SIZE):
        inbox = app.inbox
        await settle(app, lambda: len(inbox.window) > 0)
        opened = len(inbox.window)
        inbox._filtered(every_question())
        await settle(app, lambda: len(inbox.window) > opened)
        rows = len(inbox.window)
        log(f"inbox list: {rows} questions (all states)")
        ql = inbox.query_one(QuestionList)
        size = lambda: len(inbox.window)  # noqa: E731
        keys = ("j", "k", lambda: ql.cursor_index, size, ql.action_first)
        moves = await cursor_keys(frames, app, presses, keys)
        inbox._filtered(ViewFilter())  # back to the open questions: search there
        await settle(app, lambda: len(inbox.window) < rows)
        searched = len(inbox.window)

        box = inbox.query_one("#search", Input)
        await frames.timed(key(app, "slash", "/"), lambda: box.display)
        await settle(app)
        echo: list[Any] = []
        found: list[Any] = []  # last letter of WORD -> its results on screen
        for _ in range(repeats):
            typing = [(c, c) for c in WORD] + [("backspace", None)] * len(WORD)
            for n, (name, char) in enumerate(typing):
                before, shown = box.value, inbox.window
                tests = [lambda before=before: box.value != before]
                if n == len(WORD) - 1:
                    tests.append(
                        lambda shown=shown: (
                            inbox.query_text == WORD
                            and inbox.window is not shown
                            and all(w.is_finished for w in app.workers)
                        )
                    )
                got = await frames.timed(key(app, name, char), *tests)
                echo.append(got[0])
                found += got[1:]
                await asyncio.sleep(TYPE_GAP)
            await settle(app)
        log(f"search echo p50/p95 {pct(echo, 0.5)}/{pct(echo, 0.95)}; '{WORD}'")
        log(f"  results on screen, ms after its last letter: {pct(found, 1)} max")
        inbox.action_clear()
        await settle(app)

        filters: list[Any] = []
        cats = app.desk.store.categories(app.desk.forum_name)
        cat = next(c for c in cats if not c.is_kb).slug
        choices = [{"urgencies": (Urgency.URGENT,)}, {"unassigned": True}]
        choices += [{"no_staff_answer": True}, {"overdue": True}]
        choices += [{"categories": (cat,)}, {}]  # {}: back to no filter
        actions = [key(app, str(n), str(n)) for n in (2, 3, 4, 5, 6, 1)] * repeats
        actions += [lambda c=c: inbox._filtered(ViewFilter(**c)) for c in choices]
        for action in actions:
            old = inbox.window
            filters += await frames.timed(
                action, lambda old=old: inbox.window is not old
            )
            await settle(app)
        log(f"filters p50/p95 {pct(filters, 0.5)}/{pct(filters, 0.95)}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "rows": rows,
        "key_p50_ms": pct(moves, 0.5),
        "key_p95_ms": pct(moves, 0.95),
        "search_p95_ms": pct(echo, 0.95),
        "search_rows": searched,
        "search_results_ms": pct(found, 1),
        "filter_p95_ms": pct(filters, 0.95),
        "rss_mb": round(rss, 1),
        "timeouts": (moves + echo + found + filters).count(None),
    }


async def run_datatable(tmp: str, me: str, presses: int) -> dict[str, Any]:
    """The same open questions in Textual's DataTable, same key-to-frame method."""
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from deskapp.text import one_line
    from deskapp.widgets.question_list import LABELS, QuestionList

    cells = QuestionList()  # its _cell formats a row exactly as the inbox does
    desk = open_desk(tmp, me)
    ids = desk.view(desk.sections[0], every_question()).ids
    rows = [
        [one_line(i.title) if c == "title" else cells._cell(c, i)[0] for c in COLUMNS]
        for start in range(0, len(ids), 1000)
        for i in desk.store.items(desk.forum_name, ids[start : start + 1000])
    ]

    class TableApp(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

    frames, app = Frames(), TableApp()
    async with app.run_test(size=SIZE):
        table = app.query_one(DataTable)
        table.focus()

        def fill() -> None:
            table.add_columns(*(LABELS["nl"][f"col.{c}"] for c in COLUMNS))
            table.add_rows(rows)

        shown = lambda: not table._require_update_dimensions  # noqa: E731
        ready = await frames.timed(fill, shown, limit=600)
        await settle(app)
        log(f"datatable: {len(rows)} rows on screen {ready[0]:.0f} ms after add_rows")
        reset = lambda: table.move_cursor(row=0)  # noqa: E731
        keys = ("down", "up", lambda: table.cursor_row, lambda: table.row_count, reset)
        moves = await cursor_keys(frames, app, presses, keys)
    return {"datatable_key_p95_ms": pct(moves, 0.95), "timeouts": moves.count(None)}


def run_startup(tmp: str, me: str, empty: bool) -> None:
    """Run the app (or a bare App) headless; print when rows are first on screen."""
    from textual.app import App

    app: Any = App()
    if not empty:
        from deskapp.app import DeskApp

        app = DeskApp(open_desk(tmp, me))
    original, seen = App._display, []

    def display(self: Any, screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if renderable is None or seen:
            return
        if empty or (app.screen is app.inbox and len(app.inbox.window) > 0):
            seen.append(time.monotonic())
            print(f"FIRST {seen[0]}", flush=True)
            self.exit()

    App._display = display  # type: ignore[method-assign]
    app.run(headless=True, size=SIZE)


def spawn(phase: str, tmp: str, me: str, *counts: int) -> tuple[float, str]:
    """Run this file as a measuring child: (monotonic time of the spawn, stdout)."""
    args = [str(n) for n in (*counts, 0, 0)[:2]]
    cmd = [sys.executable, __file__, "--child", phase, tmp, me, *args]
    start = time.monotonic()
    out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout
    return start, out


def tagged(out: str, tag: str) -> str:
    """The text after ``tag`` on the last line starting with it."""
    return [line for line in out.splitlines() if line.startswith(tag)][-1][len(tag) :]


def child(phase: str, tmp: str, me: str, presses: str, repeats: str) -> None:
    """Entry point of the measuring subprocesses."""
    if phase in ("startup", "empty"):
        return run_startup(tmp, me, phase == "empty")
    if phase in ("keys", "profile"):
        profiler = None
        if phase == "profile":
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="disabled")
            profiler.start()
        got = asyncio.run(run_inbox(tmp, me, int(presses), int(repeats)))
        if profiler is not None:
            profiler.stop()
            print(profiler.output_text(color=False, show_all=False), file=sys.stderr)
    else:
        got = asyncio.run(run_datatable(tmp, me, int(presses)))
    print("RESULT " + json.dumps(got))


def targets(f: dict[str, Any]) -> dict[str, bool]:
    """Which of the targets at 100,000 questions these figures meet."""
    keys = f["key_p95_ms"] or math.inf
    return {
        "startup": f["startup_ms"] <= 1.5 * f["empty_app_ms"] + 300,
        "keys": keys <= 20 and keys <= (f["datatable_key_p95_ms"] or 0) / 2,
        "search": (f["search_p95_ms"] or math.inf) <= 30,
        "rss": f["rss_mb"] <= 300,
    }


def main() -> None:
    """Prepare once, measure in subprocesses, print one JSON line."""
    if sys.argv[1:2] == ["--child"]:
        return child(*sys.argv[2:7])
    parser = argparse.ArgumentParser(description="Time the inbox UI.")
    parser.add_argument("--questions", type=int, help="default 100000 (quick: 2000)")
    parser.add_argument("--quick", action="store_true", help="smoke run")
    parser.add_argument(
        "--profile", action="store_true", help="profile the key-to-frame child"
    )
    args = parser.parse_args()
    questions = args.questions or (2000 if args.quick else 100_000)
    presses, repeats = (50, 1) if args.quick else (200, 3)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="deskapp-inbox-bench-") as tmp:
        from deskapp.forum.demo_seed import seed_demo_forum

        seed_demo_forum(Path(tmp) / "forum.sqlite", questions)
        desk = open_desk(tmp)
        asyncio.run(desk.sync())
        me, open_questions = desk.status().me or "", desk.counts().open
        asyncio.run(desk.aclose())
        desk.store.close()
        log(f"seeded + synced {questions} in {time.perf_counter() - began:.1f} s")
        startup: dict[str, list[float]] = {"startup": [], "empty": []}
        for _ in range(STARTS):
            for phase, times in startup.items():
                start, out = spawn(phase, tmp, me)
                times.append(round((float(tagged(out, "FIRST ")) - start) * 1000))
        log(f"spawn -> first frame ms: {startup}")
        phase = "profile" if args.profile else "keys"
        inbox = json.loads(
            tagged(spawn(phase, tmp, me, presses, repeats)[1], "RESULT ")
        )
        table = json.loads(tagged(spawn("datatable", tmp, me, presses)[1], "RESULT "))
    if inbox.pop("timeouts") + table.pop("timeouts"):
        log("WARNING: some samples timed out and were left out")
    figures = {
        "questions": questions,
        "open_questions": open_questions,
        "startup_ms": statistics.median(startup["startup"]),
        "empty_app_ms": statistics.median(startup["empty"]),
        **inbox,
        **table,
    }
    figures["targets_met"] = targets(figures)
    log(f"whole run {time.perf_counter() - began:.0f} s")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
