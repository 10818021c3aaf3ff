"""Time seeding a demo forum, the store's first full sync, an unchanged sync.

Usage: python benchmarks/store.py [--questions N]   (default 100000)

Seeds the embedded demo forum with N questions in a temp dir, then syncs it
into an empty store (every thread fetched and saved whole: the demo forum's
threads cost nothing), syncs again with nothing changed, and builds the
backlog report. Progress on stderr; the last stdout line is one JSON object:
seconds of each step, the sizes of both databases and peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from deskapp.config import demo_config
from deskapp.desk import Desk
from deskapp.forum.demo_seed import seed_demo_forum


def main() -> None:
    """Run each step once and print the figures."""
    parser = argparse.ArgumentParser(description="Time seeding and syncing.")
    parser.add_argument("--questions", type=int, default=100_000)
    questions = parser.parse_args().questions
    with tempfile.TemporaryDirectory() as tmp:
        forum_path, store_path = Path(tmp) / "forum.sqlite", Path(tmp) / "store.sqlite"
        t0 = time.perf_counter()
        seed_demo_forum(forum_path, questions)
        seeded = time.perf_counter()
        print(f"[store-bench] seeded in {seeded - t0:.1f} s", file=sys.stderr)
        config = replace(demo_config(), store_path=store_path)
        profile = replace(config.forum(), path=forum_path)
        desk = Desk(config, profile)
        asyncio.run(desk.sync())
        first = time.perf_counter()
        asyncio.run(desk.sync())
        second = time.perf_counter()
        report = desk.backlog()
        backlog = time.perf_counter()
        asyncio.run(desk.aclose())
        desk.store.close()  # its write-ahead log folded into the file measured
        figures = {
            "questions": questions,
            "seed_seconds": round(seeded - t0, 2),
            "first_sync_seconds": round(first - seeded, 2),
            "unchanged_sync_seconds": round(second - first, 3),
            "backlog_seconds": round(backlog - second, 3),
            "open_questions": report.open_total,
            "forum_mb": round(forum_path.stat().st_size / 1e6, 1),
            "store_mb": round(store_path.stat().st_size / 1e6, 1),
            "peak_rss_mb": round(
                resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
            ),
        }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
