"""Long topics on Discourse: finding a lost reply far back.

The fake serves chunks of 20 posts, as Discourse does (API-NOTES §5), so the
request counts below are those of a real forum.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from deskapp.forum.discourse import DiscourseForum
from deskapp.forum.pacing import RequestBudget
from deskapp.models import Role
from tests.discourse_fake import API_KEY, FakeDiscourse, FPost
from tests.factories import T0
from tests.open_forum import open_forum, profile

CHUNK = 20
LONG = 30
"""The long topic's id (topics 1-3 are short ones)."""


@pytest.fixture
def fake() -> FakeDiscourse:
    """Three short questions and topic 30, which ``_long`` fills."""
    forum = open_forum(3, lambda: FakeDiscourse(chunk_size=CHUNK))
    forum.topic(LONG, "Lange draad over de toeslag", 5,
                [("anouk", "Hoe zit het met mijn toeslag?")],
                start=T0 - timedelta(days=10))  # fmt: skip
    return forum


@pytest.fixture
async def forum(fake: FakeDiscourse) -> AsyncIterator[DiscourseForum]:
    """The adapter over ``fake``, pacing out of the way."""
    adapter = DiscourseForum(
        profile("https://forum.werkplein.test", api_key=API_KEY),
        transport=fake.transport(),
        budget=RequestBudget(100_000),
    )
    yield adapter
    await adapter.aclose()


def _long(fake: FakeDiscourse, replies: int) -> list[FPost]:
    """Give the long topic ``replies`` more posts, client and staff by turns,
    a minute apart, ending an hour before the fake's now."""
    start = fake.now - timedelta(hours=1) - replies * timedelta(minutes=1)
    return [
        fake.post(
            LONG,
            "anouk" if n % 2 else "sanne",
            f"Bericht {n + 2}",
            at=start + n * timedelta(minutes=1),
        )
        for n in range(replies)
    ]


def _posts_reads(fake: FakeDiscourse) -> int:
    """posts.json requests of the long topic since the last reset."""
    return fake.count(rf"^GET /t/{LONG}/posts\.json$")


def _views(fake: FakeDiscourse) -> int:
    """Topic views of the long topic since the last reset."""
    return fake.count(rf"^GET /t/{LONG}\.json$")


# --- find_post --------------------------------------------------------------------


async def test_a_lost_reply_is_found_behind_45_newer_posts(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """The reply whose answer was lost is found though 45 posts came after it
    (the newest 20 alone would miss it and the outbox would post it twice);
    the stream is read backwards, and no further than that reply."""
    _long(fake, 30)
    sent = fake.now - timedelta(minutes=50)
    mine = fake.post(LONG, "sanne", "Wij zoeken het voor u uit.", at=sent)
    for n in range(45):
        fake.post(LONG, "mo" if n % 2 else "anouk", f"Ik ook {n}",
                  at=sent + (n + 1) * timedelta(seconds=30))  # fmt: skip
    fake.reset()
    found = await forum.find_post(LONG, "sanne", "Wij zoeken het voor u uit.\n", sent)
    assert found is not None
    assert (found.id, found.number) == (mine.id, 32)
    assert found.author.role is Role.STAFF
    # 77 posts: the view holds 1-20; then batches 58-77, 38-57 and 21-37
    assert (_views(fake), _posts_reads(fake)) == (1, 3)


async def test_a_reply_in_the_newest_chunk_costs_two_requests(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """The usual case: the reply is among the newest posts of a long topic."""
    _long(fake, 500)
    mine = fake.post(LONG, "sanne", "Dank voor uw geduld.")
    fake.post(LONG, "anouk", "Graag gedaan.")
    fake.reset()
    found = await forum.find_post(LONG, "sanne", "Dank voor uw geduld.", fake.now)
    assert found is not None
    assert found.id == mine.id
    assert (_views(fake), _posts_reads(fake)) == (1, 1)


async def test_an_absent_reply_reads_no_posts_older_than_its_sending(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """Not there: None, after reading back to the first batch that starts
    before the time it was sent (less the clock slack), not the whole topic."""
    old = _long(fake, 300)
    sent = fake.now - timedelta(minutes=30)
    newer = [
        fake.post(
            LONG,
            "anouk",
            f"Nog een vraag {n}",
            at=sent + (n + 1) * timedelta(seconds=20),
        )
        for n in range(45)
    ]
    fake.reset()
    assert await forum.find_post(LONG, "sanne", "Nooit verstuurd.", sent) is None
    read = set(fake.post_ids_read(LONG))
    assert {p.id for p in newer} <= read
    # 346 posts: batches 327-346 and 307-326 are newer; 287-306 starts before
    assert _posts_reads(fake) == math.ceil(len(newer) / CHUNK)
    assert {p.id for p in old[:-CHUNK]}.isdisjoint(read)


async def test_the_same_words_sent_before_are_another_post(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """Words posted before this attempt (less the clock slack) are not its
    reply; the walk stops at the first batch that starts before it."""
    _long(fake, 100)
    said = fake.now - timedelta(minutes=40)
    fake.post(LONG, "sanne", "Zie hierboven.", at=said)
    for n in range(30):
        fake.post(LONG, "anouk", f"Hm {n}", at=said + (n + 1) * timedelta(minutes=1))
    fake.reset()
    later = fake.now - timedelta(minutes=5)
    assert await forum.find_post(LONG, "sanne", "Zie hierboven.", later) is None
    assert _posts_reads(fake) == 1
    found = await forum.find_post(LONG, "sanne", "Zie hierboven.", said)
    assert found is not None
    assert found.number == 102
