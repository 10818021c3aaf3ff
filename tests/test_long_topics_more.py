"""Long topics on Discourse, continued: mega topics (whose view lists no post
ids), a reply whose answer was lost checked above the post number read just
before it went, and what a fetch of a long topic keeps fresh.

A mega topic is one of 10,000 posts or more on a real forum; the fake scales
that mark down (``MEGA``) so that the tests stay small. What matters is what
the view then sends: ``isMegaTopic``, ``firstId`` and ``lastId``, no stream.
"""

# ruff: noqa: F811 (the fixtures imported from test_long_topics, as arguments)

from __future__ import annotations

import math
import re
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from deskapp.errors import RateLimitedError
from deskapp.forum.discourse import DiscourseForum
from deskapp.forum.pacing import RequestBudget
from deskapp.models import ActionKind, OutboxState, Role
from deskapp.outbox import HIGHEST, push
from deskapp.store import Store
from deskapp.sync import sync_once
from tests.discourse_fake import API_KEY, FakeDiscourse
from tests.factories import T0
from tests.open_forum import open_forum, profile
from tests.test_long_topics import (  # noqa: F401 (the fixtures)
    CHUNK,
    LONG,
    RULES,
    _long,
    _posts_reads,
    _stored,
    _synced,
    _views,
    adapter,
    fake,
    forum,
    long_forum,
)

MEGA = 120
"""The fake's mega-topic mark in these tests (core: 10,000 posts)."""


@pytest.fixture
def mega_fake() -> FakeDiscourse:
    """A forum whose topics of ``MEGA`` posts or more are mega topics."""
    return long_forum(mega_posts=MEGA)


@pytest.fixture
async def mega(mega_fake: FakeDiscourse) -> AsyncIterator[DiscourseForum]:
    """The adapter over ``mega_fake``."""
    forum = adapter(mega_fake)
    yield forum
    await forum.aclose()


def _by_number(fake: FakeDiscourse) -> int:
    """posts.json requests of the long topic by post number since the last reset."""
    path = f"/t/{LONG}/posts.json"
    return sum(
        1 for r in fake.requests if r.url.path == path and "post_number" in r.url.params
    )


async def _lost_reply(
    fake: FakeDiscourse,
    forum: DiscourseForum,
    store: Store,
    body: str,
    after: Callable[[FakeDiscourse], None],
) -> int:
    """Queue ``body`` and push it; the forum takes the post, then ``after(fake)``
    happens, and the answer never arrives. Returns the (unsure) entry's id."""
    seen = len(fake.topics[LONG].posts)
    entry = store.enqueue("werkplein", ActionKind.REPLY, LONG,
                          {"body": body, "reply_to": None, "seen_post": seen},
                          at=fake.now)  # fmt: skip
    noted: list[object] = []

    def lost(request: httpx.Request) -> httpx.Response:
        stored = store.entry(entry)
        noted.append(stored.payload.get(HIGHEST) if stored else None)
        fake.handle(request)  # the forum stores the post ...
        after(fake)
        raise httpx.ReadTimeout("simulated", request=request)  # ... we never hear

    fake._faults.append(("POST", "/posts.json", lost))
    await push(forum, store, RULES, me="sanne", clock=lambda: fake.now)
    first = store.entry(entry)
    assert first is not None and first.unsure
    assert noted == [seen]  # on disk before the post left
    store.settle(entry, OutboxState.QUEUED, at=fake.now,
                 expect=[OutboxState.QUEUED], unsure=True)  # due now  # fmt: skip
    return entry


def _mine(fake: FakeDiscourse) -> int:
    """Posts by the desk's account in the long topic."""
    return sum(p.user == "sanne" for p in fake.topics[LONG].posts)


# --- mega topics: no stream at all -------------------------------------------------


async def test_a_topic_past_the_mega_mark_keeps_its_posts_in_the_store(
    mega_fake: FakeDiscourse, mega: DiscourseForum, tmp_path: Path
) -> None:
    """A stored long topic grows past the mega mark: its view stops listing
    post ids. The store keeps every post and gets the new ones, the client's
    newest message too, read forward by post number from its newest chunk."""
    _long(mega_fake, MEGA - 10)
    store = await _synced(mega, tmp_path)
    assert len(_stored(store).posts) == MEGA - 9
    _long(mega_fake, 10)
    newest = mega_fake.post(LONG, "anouk", "Ik wacht nog steeds op antwoord!")
    await sync_once(mega, store, RULES)
    posts = _stored(store).posts
    assert [p.id for p in posts] == [p.id for p in mega_fake.topics[LONG].posts]
    assert posts[-1].id == newest.id
    assert posts[-1].author.role is Role.CLIENT


async def test_a_mega_topic_costs_its_view_and_chunks_by_post_number(
    mega_fake: FakeDiscourse, mega: DiscourseForum, tmp_path: Path
) -> None:
    """The first read of a mega topic: its view and every further chunk by
    post number; a new reply then costs the view and one chunk (the newest
    known posts again, for edits, and the reply), not the whole topic."""
    _long(mega_fake, MEGA + 79)  # 200 posts
    mega_fake.reset()
    store = await _synced(mega, tmp_path)
    assert (_views(mega_fake), _by_number(mega_fake)) == (1, math.ceil(180 / CHUNK))
    assert _posts_reads(mega_fake) == _by_number(mega_fake)
    assert len(_stored(store).posts) == 200
    mega_fake.post(LONG, "sanne", "Uw toeslag komt deze week.")
    mega_fake.reset()
    await sync_once(mega, store, RULES)
    assert (_views(mega_fake), _by_number(mega_fake)) == (1, 1)
    thread = _stored(store)
    assert [p.number for p in thread.posts] == list(range(1, 202))
    assert thread.posts[-1].raw == "Uw toeslag komt deze week."


async def test_an_edit_and_a_deletion_in_a_mega_topics_newest_chunk_are_seen(
    mega_fake: FakeDiscourse, mega: DiscourseForum, tmp_path: Path
) -> None:
    """The newest chunk of a mega topic is read again: an edit there arrives,
    a post deleted there leaves the store; the older posts stay."""
    posts = _long(mega_fake, MEGA + 30)
    store = await _synced(mega, tmp_path)
    posts[-2].raw = "Bericht, bewerkt"
    mega_fake.delete(posts[-5].id)
    mega_fake.post(LONG, "anouk", "Nog iets.")
    await sync_once(mega, store, RULES)
    stored = _stored(store).posts
    assert [p.id for p in stored] == [p.id for p in mega_fake.topics[LONG].posts]
    assert stored[-3].raw == "Bericht, bewerkt"


async def test_a_lost_reply_in_a_mega_topic_is_found(
    mega_fake: FakeDiscourse, mega: DiscourseForum
) -> None:
    """A reply queued by an older desk (no post number noted) is looked for
    by time: of a mega topic, the newest chunk and on backwards by post
    number, not the view's first chunk alone (which would miss it, and the
    reply would go out twice)."""
    _long(mega_fake, MEGA + 5)
    sent = mega_fake.now - timedelta(minutes=30)
    mine = mega_fake.post(LONG, "sanne", "Uw toeslag is onderweg.", at=sent)
    for n in range(30):
        mega_fake.post(
            LONG, "anouk", f"Oké {n}", at=sent + (n + 1) * timedelta(seconds=20)
        )
    mega_fake.reset()
    found = await mega.find_post(LONG, "sanne", "Uw toeslag is onderweg.", sent)
    assert found is not None and found.id == mine.id
    assert (_views(mega_fake), _by_number(mega_fake)) == (1, 2)
    mega_fake.reset()
    assert await mega.find_post(LONG, "sanne", "Nooit verstuurd.", sent) is None
    assert _by_number(mega_fake) == 2  # to the chunk that starts before it


async def test_a_colleagues_answer_in_a_mega_topic_holds_the_reply(
    mega_fake: FakeDiscourse, mega: DiscourseForum, tmp_path: Path
) -> None:
    """The collision guard reads a mega topic to its end: a colleague's
    answer since the reply was begun holds the reply."""
    _long(mega_fake, MEGA + 5)
    store = Store(tmp_path / "store.sqlite")
    await sync_once(mega, store, RULES, max_threads=100)
    seen = len(mega_fake.topics[LONG].posts)
    mega_fake.post(LONG, "kim.adviseur", "Ik heb haar net gebeld.")
    store.enqueue("werkplein", ActionKind.REPLY, LONG,
                  {"body": "Wij bellen u.", "reply_to": None, "seen_post": seen},
                  at=mega_fake.now)  # fmt: skip
    report = await push(mega, store, RULES, me="sanne", clock=lambda: mega_fake.now)
    assert report.sent == [] and len(report.collisions) == 1


async def test_a_lost_reply_in_a_mega_topic_costs_two_requests(
    mega_fake: FakeDiscourse, mega: DiscourseForum, tmp_path: Path
) -> None:
    """The retry of a reply whose answer was lost reads the view and the
    posts after the number noted before sending: one chunk. It finds the
    reply and does not post it again."""
    _long(mega_fake, MEGA + 5)
    store = await _synced(mega, tmp_path)
    before = _mine(mega_fake)
    entry = await _lost_reply(mega_fake, mega, store, "Wij bellen u.", lambda f: None)
    mega_fake.reset()
    report = await push(mega, store, RULES, me="sanne", clock=lambda: mega_fake.now)
    assert report.sent == [entry]
    assert _mine(mega_fake) == before + 1
    assert (_views(mega_fake), _by_number(mega_fake)) == (1, 1)


# --- a lost reply, checked above the number read before sending ----------------------


async def test_posts_merged_in_after_the_reply_do_not_hide_it(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """The POST lands but its answer is lost; then 25 replies come, and a
    colleague merges the client's duplicate topic into this one (moved posts
    keep their old time, with post numbers after the highest). The retry
    looks above the number read before sending, not back to a time, so it
    finds the reply behind the old-looking newest posts: not posted twice."""
    _long(fake, 250)
    store = await _synced(forum, tmp_path)
    before = _mine(fake)

    def later(f: FakeDiscourse) -> None:
        for n in range(25):
            f.post(
                LONG, "anouk", f"Oké {n}", at=f.now + (n + 1) * timedelta(seconds=20)
            )
        f.post(LONG, "anouk", "Dubbele vraag (samengevoegd)", at=T0)  # moved in

    entry = await _lost_reply(fake, forum, store, "We bellen u morgen.", later)
    report = await push(forum, store, RULES, me="sanne", clock=lambda: fake.now)
    assert report.sent == [entry]
    assert _mine(fake) == before + 1


async def test_a_landed_reply_edited_before_the_retry_is_held_not_posted_twice(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """The POST lands but its answer is lost; before the retry the post is
    edited on the forum (a typo fixed in the browser, a phone number taken
    out by a moderator). A post of the desk's account above the number read
    before sending, with other words: the reply is held for the user, with
    that post to compare, not posted a second time."""
    _long(fake, 250)
    store = await _synced(forum, tmp_path)
    before = _mine(fake)

    def edited(f: FakeDiscourse) -> None:
        f.topics[LONG].posts[-1].raw = "Bel ons op 14 020."

    entry = await _lost_reply(fake, forum, store, "Bel ons op 14020.", edited)
    report = await push(forum, store, RULES, me="sanne", clock=lambda: fake.now)
    assert _mine(fake) == before + 1
    assert report.sent == [] and len(report.collisions) == 1
    [collision] = report.collisions
    assert [p.raw for p in collision.theirs] == ["Bel ons op 14 020."]
    held = store.entry(entry)
    assert held is not None and held.state is OutboxState.HELD
    assert held.last_error is not None and "andere tekst" in held.last_error


async def test_a_reply_queued_before_post_numbers_were_noted_is_looked_for_by_time(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """An unsure entry without a noted post number (queued by an older desk)
    is looked for as before: by its text, back to the time it was queued."""
    _long(fake, 250)
    store = await _synced(forum, tmp_path)
    mine = fake.post(LONG, "sanne", "Wij kijken het na.")
    entry = store.enqueue("werkplein", ActionKind.REPLY, LONG,
                          {"body": "Wij kijken het na.", "reply_to": None,
                           "seen_post": mine.number - 1}, at=fake.now)  # fmt: skip
    store.claim(entry, fake.now, "elders:1", abandoned=lambda *_: True)
    store.settle(entry, OutboxState.QUEUED, at=fake.now,
                 expect=[OutboxState.SENDING], unsure=True)  # fmt: skip
    report = await push(forum, store, RULES, me="sanne", clock=lambda: fake.now)
    assert report.sent == [entry]
    assert store.entry(entry).remote_id == mine.id  # type: ignore[union-attr]


# --- what a fetch keeps fresh --------------------------------------------------------


async def test_an_edit_in_the_middle_of_a_topic_of_200_posts_reaches_the_store(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """The client edits a message in the middle of a topic of up to 200
    posts (or withdraws it). Such a topic is read in full on every fetch,
    so the store, the search index and the triage get the new text."""
    posts = _long(fake, 150)
    store = await _synced(forum, tmp_path)
    posts[75].raw = "Ik ben uit mijn huis gezet, dit is spoed"
    fake.post(LONG, "anouk", "Nog iets.")
    await sync_once(forum, store, RULES)
    stored = {p.id: p.raw for p in _stored(store).posts}
    assert stored[posts[75].id] == "Ik ben uit mijn huis gezet, dit is spoed"


async def test_a_colleague_added_to_staff_groups_counts_as_staff_on_old_posts(
    fake: FakeDiscourse, tmp_path: Path
) -> None:
    """Jan answered in the middle of a long topic before joining the staff
    group. Once he is in it, his old posts count as staff too, not only his
    new ones, though they are not read again (the triage counts from them)."""
    fake.user(8, "jan", "Jan")
    _long(fake, 30)
    answer = fake.post(LONG, "jan", "Ik zoek het uit voor u.")
    _long(fake, 200)
    forum = adapter(fake, group_ttl=0.0)
    try:
        store = await _synced(forum, tmp_path)
        before = {p.id: p for p in _stored(store).posts}
        assert before[answer.id].author.role is Role.PEER
        fake.users["jan"].groups = ("werkplein-medewerkers",)
        fake.post(LONG, "jan", "Zie mijn eerdere antwoord.")
        fake.reset()
        await sync_once(forum, store, RULES)
        assert answer.id not in fake.post_ids_read(LONG)
        after = {p.id: p for p in _stored(store).posts}
        assert after[answer.id].author.role is Role.STAFF
    finally:
        await forum.aclose()


# --- known limits --------------------------------------------------------------------


def _limited(
    fake: FakeDiscourse, matches: Callable[[str], object], nth: int
) -> DiscourseForum:
    """The adapter over ``fake``, whose ``nth`` request to a path ``matches``
    accepts is answered with a 429 (the site's bucket shared with others)."""
    seen = {"n": 0}

    def handler(request: httpx.Request) -> httpx.Response:
        if matches(request.url.path):
            seen["n"] += 1
            if seen["n"] == nth:
                fake.requests.append(request)
                body = {"errors": ["Te vaak."], "error_type": "rate_limit",
                        "extras": {"wait_seconds": 0}}  # fmt: skip
                return httpx.Response(429, json=body, headers={"Retry-After": "0"})
        return fake.handle(request)

    return DiscourseForum(
        profile("https://forum.werkplein.test", api_key=API_KEY),
        transport=httpx.MockTransport(handler),
        budget=RequestBudget(100_000),
    )


async def test_a_rate_limit_halfway_a_long_first_read_does_not_start_it_over(
    fake: FakeDiscourse, tmp_path: Path
) -> None:
    """The first read of a 300-post topic meets a 429 at its 10th posts.json
    batch (the site's bucket is shared with other integrations). The
    batches read are kept: the next sync reads only the 5 it lacks (at 20
    requests a minute a 10,000-post topic takes 25 minutes; one 429 in that
    time must not start it over), and the store gets the whole thread."""
    _long(fake, 299)
    forum = _limited(fake, lambda path: path == f"/t/{LONG}/posts.json", 10)
    try:
        store = Store(tmp_path / "store.sqlite")
        with pytest.raises(RateLimitedError):
            await sync_once(forum, store, RULES, max_threads=100)
        fake.reset()
        await sync_once(forum, store, RULES, max_threads=100)
        assert len(_stored(store).posts) == 300
        assert _posts_reads(fake) <= 5  # the 5 batches not read before
    finally:
        await forum.aclose()


async def test_a_rate_limit_on_a_later_topic_keeps_the_threads_read_before_it(
    tmp_path: Path,
) -> None:
    """A sync reads five new questions' threads; the fourth topic's view meets
    a 429. The three read before it are in the store whole (not thrown away
    to be read again), and the next sync reads only the two it lacks."""
    fake = open_forum(5)
    forum = _limited(fake, lambda path: re.fullmatch(r"/t/\d+\.json", path), 4)
    try:
        store = Store(tmp_path / "store.sqlite")
        with pytest.raises(RateLimitedError):
            await sync_once(forum, store, RULES, max_threads=100)
        assert len(store.partial_ids(forum.name)) == 2
        fake.reset()
        await sync_once(forum, store, RULES, max_threads=100)
        assert store.partial_ids(forum.name) == []
        assert fake.count(r"^GET /t/\d+\.json$") == 2
    finally:
        await forum.aclose()


# --- the fake ------------------------------------------------------------------------


def test_the_fake_never_reuses_a_deleted_posts_number() -> None:
    """Discourse's post numbers only go up: delete the newest post and the
    next one gets a new number (the collision guard compares numbers)."""
    fake = open_forum(1, lambda: FakeDiscourse(chunk_size=CHUNK))
    last = fake.post(1, "sanne", "Een antwoord.")
    fake.delete(last.id)
    again = fake.post(1, "kim.adviseur", "Een ander antwoord.")
    assert again.number > last.number
