"""What a sync of a Discourse with 1,000 open questions costs the site's rate limit.

All admin API keys of a site share 60 requests a minute: the first sync lists
every question in the topic-list pages plus a few fixed requests, and an
unchanged forum costs one page per watched category. (Timings are measured
by benchmarks/sync.py, not here.)
"""

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from deskapp.forum.discourse import PER_PAGE, DiscourseForum
from deskapp.forum.pacing import RequestBudget
from deskapp.store import Store
from deskapp.sync import MAX_THREADS, sync_once
from deskapp.triage import TriageRules
from tests.discourse_fake import API_KEY, FakeDiscourse
from tests.open_forum import WATCHED, open_forum, profile

TOPICS = 1000
RULES = TriageRules()


@pytest.fixture(scope="module")
def fake() -> FakeDiscourse:
    """The forum of 1,000 open questions (built once: syncs only read it)."""
    return open_forum(TOPICS)


@pytest.fixture
async def forum(fake: FakeDiscourse) -> AsyncIterator[DiscourseForum]:
    """The adapter with its default page size, pacing out of the way."""
    fake.reset()
    adapter = DiscourseForum(
        profile("https://forum.werkplein.test", api_key=API_KEY),
        transport=fake.transport(),
        budget=RequestBudget(100_000),
    )
    yield adapter
    await adapter.aclose()


def listing(fake: FakeDiscourse) -> list[str]:
    """The requests since the last reset other than thread fetches."""
    paths = (f"{r.method} {r.url.path}" for r in fake.requests)
    return [p for p in paths if not re.fullmatch(r"GET /t/\d+(/posts)?\.json", p)]


async def test_first_sync_lists_a_thousand_in_pages_plus_five(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Every question is stored after ceil(1000 / page size) + 5 requests at most."""
    store = Store(tmp_path / "store.sqlite")
    report = await sync_once(forum, store, RULES)
    assert report.seen == report.saved == TOPICS
    assert len(store.open_questions("werkplein")) == TOPICS
    assert len(listing(fake)) <= math.ceil(TOPICS / PER_PAGE) + 5
    assert len(fake.requests) - len(listing(fake)) == MAX_THREADS  # a few threads


async def test_unchanged_forum_costs_a_page_per_watched_category(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Once the threads are in, a sync of the unchanged forum costs two requests."""
    store = Store(tmp_path / "store.sqlite")
    await sync_once(forum, store, RULES, max_threads=TOPICS)
    assert store.partial_count("werkplein") == 0
    fake.reset()
    report = await sync_once(forum, store, RULES)
    assert len(fake.requests) <= len(WATCHED) == 2
    assert (report.saved, report.fetched) == (0, 0)
