"""Long topics on Discourse: finding a lost reply far back, threads fetched
incrementally (what the store holds of a topic of more than 200 posts is not
read again), and mega topics, whose view lists no post ids.

The fake serves chunks of 20 posts, as Discourse does (API-NOTES §5), so the
request counts below are those of a real forum.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path

import pytest

from deskapp.forum.discourse import DiscourseForum
from deskapp.forum.pacing import RequestBudget
from deskapp.models import Post, Role, Thread
from deskapp.store import Store
from deskapp.sync import fetch_thread, sync_once
from deskapp.triage import TriageRules
from tests.discourse_fake import API_KEY, FakeDiscourse, FPost
from tests.factories import CLIENT, STAFF, T0, MemoryForum, make_thread
from tests.open_forum import open_forum, profile

RULES = TriageRules()
CHUNK = 20
LONG = 30
"""The long topic's id (topics 1-3 are short ones)."""


def long_forum(mega_posts: int = 10_000) -> FakeDiscourse:
    """Three short questions and topic 30, which ``_long`` fills; topics of
    ``mega_posts`` posts or more are mega topics."""
    forum = open_forum(
        3, lambda: FakeDiscourse(chunk_size=CHUNK, mega_posts=mega_posts)
    )
    forum.topic(LONG, "Lange draad over de toeslag", 5,
                [("anouk", "Hoe zit het met mijn toeslag?")],
                start=T0 - timedelta(days=10))  # fmt: skip
    return forum


def adapter(fake: FakeDiscourse, *, group_ttl: float = 900.0) -> DiscourseForum:
    """The adapter over ``fake``, pacing out of the way."""
    return DiscourseForum(
        profile("https://forum.werkplein.test", api_key=API_KEY),
        transport=fake.transport(),
        budget=RequestBudget(100_000),
        group_ttl=group_ttl,
    )


@pytest.fixture
def fake() -> FakeDiscourse:
    """The long-topic forum (:func:`long_forum`)."""
    return long_forum()


@pytest.fixture
async def forum(fake: FakeDiscourse) -> AsyncIterator[DiscourseForum]:
    """The adapter over ``fake``."""
    forum = adapter(fake)
    yield forum
    await forum.aclose()


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


# --- incremental threads ----------------------------------------------------------


async def _synced(forum: DiscourseForum, tmp_path: Path) -> Store:
    """A store after a sync that fetched every thread."""
    store = Store(tmp_path / "store.sqlite")
    await sync_once(forum, store, RULES, max_threads=100)
    assert store.partial_count("werkplein") == 0
    return store


def _stored(store: Store) -> Thread:
    """The long topic as the store holds it."""
    thread = store.thread("werkplein", LONG)
    assert thread is not None
    return thread


async def test_a_new_reply_to_a_thousand_posts_costs_the_view_and_one_batch(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Synced once (the view and 49 batches), a new reply costs the view and
    the newest chunk (new reply included), not 50 batches; the store then holds
    all 1,001 posts in order, with their roles."""
    _long(fake, 999)
    fake.reset()
    store = await _synced(forum, tmp_path)
    assert (_views(fake), _posts_reads(fake)) == (1, 49)
    new = fake.post(LONG, "sanne", "Uw toeslag komt deze week.")
    fake.reset()
    report = await sync_once(forum, store, RULES)
    assert report.fetched == 1
    assert (_views(fake), _posts_reads(fake)) == (1, 1)
    stream = [p.id for p in fake.topics[LONG].posts]
    assert fake.post_ids_read(LONG) == stream[-CHUNK:]
    thread = _stored(store)
    assert [p.number for p in thread.posts] == list(range(1, 1002))
    assert [p.id for p in thread.posts] == stream
    assert thread.posts[-1].id == new.id
    assert thread.posts[-1].raw == "Uw toeslag komt deze week."
    assert thread.posts[500].raw == "Bericht 501"
    assert {p.author.role for p in thread.posts[20:980]} == {Role.CLIENT, Role.STAFF}
    assert thread.question.posts_count == 1001
    assert thread.question.last_poster.username == "sanne"


async def test_an_edit_in_the_newest_chunk_is_seen(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """The newest chunk is read again, known or not: a recent edit arrives."""
    posts = _long(fake, 200)
    store = await _synced(forum, tmp_path)
    posts[-3].raw = "Bericht, bewerkt"
    fake.post(LONG, "anouk", "Nog iets.")
    await sync_once(forum, store, RULES)
    assert _stored(store).posts[-4].raw == "Bericht, bewerkt"


async def test_a_deleted_post_leaves_the_stored_thread(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """A post gone from the stream is dropped, not reused from the store."""
    posts = _long(fake, 300)
    store = await _synced(forum, tmp_path)
    gone = posts[150]
    fake.delete(gone.id)
    fake.reset()
    await sync_once(forum, store, RULES)  # posts_count changed: listed again
    assert (_views(fake), _posts_reads(fake)) == (1, 1)
    thread = _stored(store)
    assert gone.id not in {p.id for p in thread.posts}
    assert len(thread.posts) == 300
    assert [p.id for p in thread.posts] == [p.id for p in fake.topics[LONG].posts]


async def test_an_answer_accepted_later_in_the_middle_is_marked(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Accepting a post far from the newest chunk marks the reused post, by
    the view's accepted_answer; taking it back unmarks it."""
    posts = _long(fake, 400)
    store = await _synced(forum, tmp_path)
    answer = posts[200]
    fake.topics[LONG].accepted_post = answer.id
    fake.reset()
    await sync_once(forum, store, RULES)
    assert (_views(fake), _posts_reads(fake)) == (1, 1)
    thread = _stored(store)
    assert thread.question.accepted_post_id == answer.id
    assert [p.id for p in thread.posts if p.accepted] == [answer.id]
    fake.topics[LONG].accepted_post = None
    await sync_once(forum, store, RULES)
    thread = _stored(store)
    assert thread.question.accepted_post_id is None
    assert not any(p.accepted for p in thread.posts)


async def test_opening_a_partial_question_reuses_its_old_posts(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """A question saved from its listing since (partial) keeps its old posts,
    and fetching its thread (opening it) reuses them."""
    _long(fake, 300)
    store = await _synced(forum, tmp_path)
    fake.post(LONG, "anouk", "Hallo?")
    await sync_once(forum, store, RULES, max_threads=0)
    assert store.is_partial("werkplein", LONG)
    fake.reset()
    assert await fetch_thread(forum, store, RULES, LONG)
    assert (_views(fake), _posts_reads(fake)) == (1, 1)
    assert len(_stored(store).posts) == 302
    assert not store.is_partial("werkplein", LONG)


async def test_whispers_and_notices_are_not_fetched_again(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Whispers and status notices are never stored; the adapter remembers
    them, so they do not cost a batch on every fetch."""
    _long(fake, 100)
    notices = [fake.post(LONG, "sanne", "", post_type=n % 2 + 3) for n in range(25)]
    _long(fake, 100)
    store = await _synced(forum, tmp_path)
    fake.post(LONG, "anouk", "En nu?")
    fake.reset()
    await sync_once(forum, store, RULES)
    assert (_views(fake), _posts_reads(fake)) == (1, 1)
    ids = {p.id for p in _stored(store).posts}
    assert ids.isdisjoint(p.id for p in notices)
    assert len(ids) == 202


async def test_without_known_posts_the_whole_thread_is_read(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """Without known posts (a first read, or a caller that passes none)
    every post is read anew."""
    _long(fake, 99)
    fake.reset()
    (thread,) = await forum.threads([LONG])
    assert len(thread.posts) == 100
    assert _posts_reads(fake) == 4


# --- sync hands the store's posts to every thread fetch --------------------------


def _recording(forum: MemoryForum) -> list[Mapping[int, Sequence[Post]] | None]:
    """Record the ``known`` argument of every ``threads()`` call of ``forum``."""
    seen: list[Mapping[int, Sequence[Post]] | None] = []
    original = forum.threads

    async def threads(
        question_ids: Sequence[int],
        *,
        known: Mapping[int, Sequence[Post]] | None = None,
    ) -> list[Thread]:
        seen.append(known)
        return await original(question_ids, known=known)

    forum.threads = threads  # type: ignore[method-assign]
    return seen


@pytest.mark.parametrize("cheap", [True, False])
async def test_sync_passes_the_stored_posts(cheap: bool, tmp_path: Path) -> None:
    """Cheap forums (fetched in the listing walk) and rationed ones (fetched
    after it) are both handed what the store holds of a changed question."""
    forum = MemoryForum([make_thread(1, "Reiskosten", [CLIENT, STAFF], start=T0)])
    forum.threads_are_cheap = cheap  # type: ignore[attr-defined]
    store = Store(tmp_path / "store.sqlite")
    await sync_once(forum, store, RULES)
    stored = store.known_posts(forum.name, [1])[1]
    seen = _recording(forum)
    forum.change(make_thread(1, "Reiskosten", [CLIENT, STAFF, CLIENT], start=T0))
    await sync_once(forum, store, RULES)
    assert seen == [{1: stored}]
    assert len(store.known_posts(forum.name, [1])[1]) == 3


async def test_a_reply_to_a_long_topic_checks_for_colleagues_in_one_batch(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Before a reply goes, the desk reads the thread for colleagues' answers
    since the reply was begun: of a synced 1,000-post topic that is the view
    and the newest chunk, not all 50 batches. A colleague's answer among them
    still holds the reply."""
    from deskapp.models import ActionKind, OutboxState
    from deskapp.outbox import push

    _long(fake, 999)
    store = await _synced(forum, tmp_path)
    seen = len(fake.topics[LONG].posts)
    store.enqueue("werkplein", ActionKind.REPLY, LONG,
                  {"body": "Wij kijken het na.", "reply_to": None, "seen_post": seen},
                  at=fake.now)  # fmt: skip
    fake.reset()
    report = await push(forum, store, RULES, me="sanne", clock=lambda: fake.now)
    assert len(report.sent) == 1
    assert (_views(fake), _posts_reads(fake)) == (1, 1)
    assert fake.topics[LONG].posts[-1].raw == "Wij kijken het na."

    seen = len(fake.topics[LONG].posts)
    fake.post(LONG, "kim.adviseur", "Ik heb haar net gebeld.")
    store.enqueue("werkplein", ActionKind.REPLY, LONG,
                  {"body": "Nog een vraag?", "reply_to": None, "seen_post": seen},
                  at=fake.now)  # fmt: skip
    fake.reset()
    report = await push(forum, store, RULES, me="sanne", clock=lambda: fake.now)
    assert report.sent == [] and len(report.collisions) == 1
    assert (_views(fake), _posts_reads(fake)) == (1, 1)
    held = store.entries("werkplein", [OutboxState.HELD])
    assert [e.payload["body"] for e in held] == ["Nog een vraag?"]
