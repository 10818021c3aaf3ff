"""Time building a demo forum, its first and second sync, and the backlog.

Usage: python benchmarks/seed_and_sync.py [QUESTIONS]   (default 100000)
Prints one JSON object with seconds, sizes and peak memory.
"""

from __future__ import annotations

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
    questions = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        forum_path, store_path = Path(tmp) / "forum.sqlite", Path(tmp) / "store.sqlite"
        t0 = time.perf_counter()
        seed_demo_forum(forum_path, questions)
        seeded = time.perf_counter()
        config = replace(demo_config(), store_path=store_path)
        profile = replace(config.forum(), path=forum_path)
        desk = Desk(config, profile)
        asyncio.run(desk.sync())
        first = time.perf_counter()
        asyncio.run(desk.sync())
        second = time.perf_counter()
        report = desk.backlog()
        backlog = time.perf_counter()
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
