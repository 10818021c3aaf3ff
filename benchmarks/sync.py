"""Time a first sync against a Discourse with added latency, next to a naive client.

Usage: python benchmarks/sync.py [--topics N] [--rtt-ms R] [--rate-seconds S]
(defaults 1000 topics, 50 ms, 90 s)

The fake Discourse of the tests (``tests/discourse_fake.py``) is served over
HTTP on 127.0.0.1 with ``--topics`` open questions in two watched categories
(:mod:`tests.open_forum`). Every request waits ``--rtt-ms`` (half before the
forum handles it, half after), and the forum keeps Discourse's admin-API
limit: 60 requests in any 60 s, the whole site's bucket, counted when a
request arrives, answering 429 (Retry-After, ``admin_api_key_rate_limit``)
beyond it.

What "first sync" means here: the desk's own ``Desk.sync`` on an empty store,
as the app runs it, with ``requests_per_minute = 60`` (the desk alone on the
site, its share the whole bucket: the tightest pacing). By design that sync
saves every question from the topic lists (the *listing sync*) and then
fetches a few threads (``Desk.threads_per_sync``), the most pressing first;
later syncs fetch the rest a few at a time. The figures keep the parts apart:

- ``requests``/``seconds``: the listing sync (categories, group members, every
  topic-list page) until the last question is in the store;
- ``thread_requests``, ``other_requests`` (the plugin checks a desk makes once
  an hour, the forum's templates once a session) and ``sync_seconds``: the
  rest of that ``Desk.sync`` and its whole time;
- ``unchanged_requests``/``unchanged_seconds``: the listing part of the next
  ``Desk.sync`` with nothing changed (it also fetches its share of threads,
  ``unchanged_thread_requests``);
- ``rate_limited``: 429s the desk met while it synced back to back for
  ``--rate-seconds`` (first sync included) with the forum enforcing the limit;
- ``naive_*``: a client that reads the same topic lists one page at a time
  (the same page size), then ``/t/{id}.json`` for every topic, on its own
  server that does not enforce the limit; ``naive_over_limit`` counts the
  requests a 60-a-minute forum would have refused;
- ``targets_met``: the first sync's listing in at most ceil(topics / page
  size) + 5 requests, the unchanged one in at most 2, no 429.

Progress on stderr; the last stdout line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/ of a clone

from deskapp.config import demo_config
from deskapp.desk import Desk
from deskapp.forum.discourse import PER_PAGE
from tests.discourse_fake import API_KEY, FakeDiscourse
from tests.discourse_server import serve
from tests.open_forum import WATCHED, open_forum, profile

LIMIT, WINDOW = 60, 60.0
"""Discourse's ``max_admin_api_reqs_per_minute``: one bucket per site."""
THREAD = re.compile(r"/t/\d+(/posts)?\.json")
ONCE = re.compile(r"/(session/current|solution/|admin/plugins/|presence/|discourse_te)")
"""The plugin checks (hourly) and the forum's templates (once a session)."""


def log(message: str) -> None:
    """Progress on stderr."""
    print(f"[sync-bench] {message}", file=sys.stderr, flush=True)


class SlowForum(FakeDiscourse):
    """The fake with a round-trip time and Discourse's admin-API rate limit."""

    def __init__(self, rtt: float, **options: Any) -> None:
        super().__init__(**options)
        self.rtt = rtt
        self.enforce = True
        """False: count the requests beyond the limit but answer them."""
        self.over_limit = 0
        self.refused: list[str] = []
        self._arrived: deque[float] = deque()
        self._guard = threading.Lock()

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Wait half the round trip, apply the limit, answer, wait the rest."""
        time.sleep(self.rtt / 2)
        if self._over_limit():
            self.over_limit += 1
            if self.enforce:
                self.refused.append(f"{request.method} {request.url.path}")
                time.sleep(self.rtt / 2)
                return self._too_many()
        response = super().handle(request)
        time.sleep(self.rtt / 2)
        return response

    def _over_limit(self) -> bool:
        """Count this request in the window, unless the window is full."""
        with self._guard:
            now = time.monotonic()
            while self._arrived and self._arrived[0] <= now - WINDOW:
                self._arrived.popleft()
            if len(self._arrived) >= LIMIT:
                return True
            self._arrived.append(now)
            return False

    def _too_many(self) -> httpx.Response:
        """Discourse's JSON 429 of the admin-API limiter (API-NOTES §11)."""
        wait = max(int(self._arrived[0] + WINDOW - time.monotonic()) + 1, 1)
        body = {
            "errors": [f"You've performed this action too many times, wait {wait} s."],
            "error_type": "rate_limit",
            "extras": {"wait_seconds": wait, "time_left": f"{wait} seconds"},
        }
        code = "admin_api_key_rate_limit"
        headers = {"Retry-After": str(wait), "Discourse-Rate-Limit-Error-Code": code}
        return httpx.Response(429, json=body, headers=headers)

    def split(self, since: int) -> dict[str, int]:
        """Requests from index ``since`` on: listing, threads and once-a-while."""
        paths = [r.url.path for r in self.requests[since:]]
        threads = sum(1 for p in paths if THREAD.fullmatch(p))
        once = sum(1 for p in paths if ONCE.match(p))
        return {"listing": len(paths) - threads - once, "threads": threads,
                "once": once}  # fmt: skip


def forum(topics: int, rtt: float) -> SlowForum:
    """A slow forum holding ``topics`` open questions."""
    return open_forum(topics, factory=lambda: SlowForum(rtt))  # type: ignore[return-value]


async def desk_syncs(
    url: str, fake: SlowForum, topics: int, seconds: float
) -> dict[str, Any]:
    """First sync, an unchanged one, then syncs back to back until ``seconds``."""
    with tempfile.TemporaryDirectory(prefix="deskapp-sync-bench-") as tmp:
        config = replace(demo_config(), store_path=Path(tmp) / "store.sqlite")
        desk = Desk(config, profile(url, api_key=API_KEY, requests_per_minute=LIMIT))
        began = time.perf_counter()
        listed: list[float] = []

        def progress(seen: int) -> None:
            if seen >= topics and not listed:
                listed.append(time.perf_counter())

        first = await desk.sync(progress)
        done = time.perf_counter()
        cost = fake.split(0)
        log(f"first sync: {cost}, {first.seen} listed, {first.pending} threads due")
        mark = len(fake.requests)
        t0 = time.perf_counter()
        listed_again: list[float] = []
        await desk.sync(lambda _seen: listed_again.append(time.perf_counter()))
        again = fake.split(mark)
        log(f"unchanged sync: {again}")
        unchanged = (listed_again[-1] if listed_again else time.perf_counter()) - t0
        rounds = 2
        while time.perf_counter() - began < seconds and desk.store.partial_count(
            desk.forum_name
        ):
            await desk.sync()
            rounds += 1
        sent = len(fake.requests) + len(fake.refused)
        log(f"{rounds} syncs in {time.perf_counter() - began:.0f} s: {sent} requests,"
            f" {len(fake.refused)} refused {fake.refused[:3]}")  # fmt: skip
        await desk.aclose()
        desk.store.close()
    return {
        "requests": cost["listing"],
        "seconds": round((listed[0] if listed else done) - began, 2),
        "thread_requests": cost["threads"],
        "other_requests": cost["once"],
        "sync_seconds": round(done - began, 2),
        "unchanged_requests": again["listing"],
        "unchanged_seconds": round(unchanged, 3),
        "unchanged_thread_requests": again["threads"],
        "rate_limited": len(fake.refused),
        "rate_check_syncs": rounds,
        "rate_check_requests": sent,
    }


async def naive(url: str) -> tuple[int, float]:
    """Every watched topic list one page at a time, then every topic: (requests, s)."""
    headers = {"Api-Key": API_KEY, "Api-Username": "sanne"}
    requests, began = 0, time.perf_counter()
    async with httpx.AsyncClient(base_url=url, headers=headers) as client:
        categories = (await client.get("/categories.json")).json()["category_list"]
        requests += 1
        ids = {c["slug"]: c["id"] for c in categories["categories"]}
        topics: list[int] = []
        for slug in WATCHED:
            page: int | None = 0
            while page is not None:
                params = {"order": "activity", "page": page, "per_page": PER_PAGE}
                path = f"/c/{slug}/{ids[slug]}/l/latest.json"
                listing = (await client.get(path, params=params)).json()["topic_list"]
                requests += 1
                topics += [t["id"] for t in listing["topics"] if not t["pinned"]]
                page = page + 1 if listing.get("more_topics_url") else None
        for tid in topics:
            (await client.get(f"/t/{tid}.json")).raise_for_status()
            requests += 1
    return requests, time.perf_counter() - began


def measure(topics: int, rtt: float, seconds: float) -> dict[str, Any]:
    """The naive client, then the desk, each on a fresh forum."""
    plain = forum(topics, rtt)
    plain.enforce = False
    with serve(plain) as url:
        naive_requests, naive_seconds = asyncio.run(naive(url))
    log(f"naive: {naive_requests} requests in {naive_seconds:.1f} s,"
        f" {plain.over_limit} beyond the limit")  # fmt: skip
    fake = forum(topics, rtt)
    with serve(fake) as url:
        desk = asyncio.run(desk_syncs(url, fake, topics, seconds))
    figures = {
        "topics": topics,
        "rtt_ms": round(rtt * 1000),
        "per_page": PER_PAGE,
        **desk,
        "naive_requests": naive_requests,
        "naive_seconds": round(naive_seconds, 2),
        "naive_over_limit": plain.over_limit,
    }
    figures["targets_met"] = {
        "first_sync": desk["requests"] <= math.ceil(topics / PER_PAGE) + 5,
        "unchanged": desk["unchanged_requests"] <= 2,
        "no_429": desk["rate_limited"] == 0,
    }
    return figures


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> None:
    """Parse the options, measure, print one JSON line."""
    parser = argparse.ArgumentParser(description="Time the desk's sync.")
    parser.add_argument("--topics", type=int, default=1000, help="open questions")
    parser.add_argument("--rtt-ms", type=float, default=50.0, help="added latency")
    parser.add_argument("--rate-seconds", type=float, default=90.0,
                        help="how long the desk syncs back to back")  # fmt: skip
    args = parser.parse_args(argv)
    out(json.dumps(measure(args.topics, args.rtt_ms / 1000, args.rate_seconds)))


if __name__ == "__main__":
    main()
