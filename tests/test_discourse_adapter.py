"""The Discourse adapter against a fake Discourse whose every answer matches the spec."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from deskapp.config import ForumProfile
from deskapp.errors import (
    AuthError,
    BadResponseError,
    ConflictError,
    ForumError,
    NotFoundError,
    PartlyDoneError,
    RateLimitedError,
    UnavailableError,
)
from deskapp.forum import discourse_lists as lists
from deskapp.forum import discourse_parse as parse
from deskapp.forum.base import Forum
from deskapp.forum.discourse import DiscourseForum
from deskapp.forum.pacing import RequestBudget
from deskapp.models import KbArticle, Question, Role, State
from deskapp.store import Store
from deskapp.sync import sync_once
from deskapp.triage import TriageRules
from tests import openapi_check
from tests.discourse_fake import API_KEY, DENIED, FakeDiscourse, werkplein_forum

RULES = TriageRules()
PER_PAGE = 3
PROFILE = ForumProfile(
    name="werkplein",
    kind="discourse",
    url="https://forum.werkplein.test",
    api_username="sanne",
    watched_categories=("werk-en-inkomen", "zorg"),
    kb_category="kennisbank",
    staff_groups=("werkplein-medewerkers",),
    adviser_groups=("clientondersteuners",),
)
SYNCED = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11]
"""Topics of the two watched categories; 10 has a broken date, 12 is in the KB."""


def _open(fake: FakeDiscourse, profile: ForumProfile = PROFILE) -> DiscourseForum:
    """The adapter over the fake, with small pages so that paging is exercised."""
    return DiscourseForum(
        profile,
        transport=fake.transport(),
        api_key=API_KEY,
        per_page=PER_PAGE,
        budget=RequestBudget(10_000),  # pacing has tests of its own, below
    )


@pytest.fixture
def fake() -> FakeDiscourse:
    """The standard small Werkplein forum."""
    return werkplein_forum()


@pytest.fixture
async def forum(fake: FakeDiscourse) -> AsyncIterator[DiscourseForum]:
    """The adapter over ``fake``."""
    adapter = _open(fake)
    yield adapter
    await adapter.aclose()


async def _synced(forum: DiscourseForum, tmp_path: Path) -> Store:
    """A store after one sync."""
    store = Store(tmp_path / "store.sqlite")
    await sync_once(forum, store, RULES)
    return store


def _states(store: Store) -> dict[int, State]:
    """State per stored question."""
    return {i.id: i.state for i in store.items("werkplein", list(range(1, 20)))}


# --- reading through sync ------------------------------------------------------


def test_it_is_a_forum(forum: DiscourseForum) -> None:
    """The adapter satisfies the Forum protocol and keeps the key out of repr."""
    assert isinstance(forum, Forum)
    assert API_KEY not in repr(forum)


async def test_first_sync_mirrors_questions_posts_roles_and_states(
    forum: DiscourseForum, tmp_path: Path
) -> None:
    """Every watched topic arrives with Markdown, roles and the right state."""
    store = await _synced(forum, tmp_path)
    assert _states(store) == {
        1: State.NEW, 2: State.WAITING_CLIENT, 3: State.WAITING_STAFF,
        4: State.SOLVED, 5: State.WAITING_CLIENT, 6: State.CLOSED,
        7: State.WAITING_STAFF, 8: State.NEW, 9: State.WAITING_CLIENT,
        11: State.WAITING_STAFF,
    }  # fmt: skip
    first = store.thread("werkplein", 1)
    assert first is not None
    assert first.posts[0].raw == "Mijn **uitkering** is niet betaald.\n\n- wat nu?"
    assert first.question.url == "https://forum.werkplein.test/t/1"
    threads = [store.thread("werkplein", t) for t in SYNCED]
    roles = {
        (t.question.id, p.number): p.author.role for t in threads if t for p in t.posts
    }
    assert roles[2, 2] is Role.STAFF  # sanne: member of a staff group
    assert roles[6, 2] is Role.STAFF  # beheer: admin flag
    assert roles[5, 2] is Role.ADVISER  # kim: adviser group
    assert roles[3, 2] is Role.PEER
    assert roles[3, 1] is Role.CLIENT
    assert (3, 3) not in roles  # the staff whisper is not part of the thread
    assert store.sync_status("werkplein").me == "sanne"


async def test_a_thread_longer_than_one_chunk_arrives_whole(
    forum: DiscourseForum, tmp_path: Path
) -> None:
    """Posts beyond the first chunk come from posts.json, in order, with replies."""
    store = await _synced(forum, tmp_path)
    thread = store.thread("werkplein", 7)
    assert thread is not None
    assert [p.number for p in thread.posts] == list(range(1, 12))
    assert [p.raw for p in thread.posts][-1] == "Bericht 11"
    assert thread.posts[4].reply_to == 4
    assert thread.question.tags == ("toeslagen", "spoed")
    assert thread.question.assigned_to == "sanne"
    solved = store.thread("werkplein", 4)
    assert solved is not None
    assert solved.question.accepted_post_id == solved.posts[1].id


async def test_first_sync_costs_pages_plus_threads(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Lists cost ceil(topics/per_page) per category, not a request per topic."""
    await _synced(forum, tmp_path)
    werk, zorg = 7 + 1, 4 + 1  # topics plus the pinned About topic
    assert fake.count(r"^GET /c/werk-en-inkomen/5/l/") == math.ceil(werk / PER_PAGE)
    assert fake.count(r"^GET /c/zorg/6/l/") == math.ceil(zorg / PER_PAGE)
    assert fake.count(r"^GET /t/\d+\.json$") == len(SYNCED)
    assert fake.count(r"^GET /t/7/posts\.json$") == 2  # 11 posts, chunks of 4
    assert fake.count(r"/posts\.json$") == 2
    assert fake.count(r"^GET /groups/") == 2
    assert fake.count(r"^GET /categories\.json$") == 1  # sync, adapter reuses it
    assert fake.count(r"^GET /u/") == 0  # sanne is staff by her group's members
    assert len(fake.requests) == 3 + 2 + 10 + 2 + 2 + 1


async def test_unchanged_forum_costs_two_requests(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """The second sync of an unchanged forum reads page 0 of each watched category."""
    store = await _synced(forum, tmp_path)
    fake.reset()
    report = await sync_once(forum, store, RULES)
    assert report.saved == 0  # page 0 was read and compared; nothing fetched
    assert len(fake.requests) <= 2


async def test_a_new_reply_brings_back_exactly_that_topic(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """A reply bumps one topic; only it is listed and fetched again."""
    store = await _synced(forum, tmp_path)
    fake.post(3, "sanne", "Ja, tot een grens van 25%.")
    fake.reset()
    seen = [
        q.id async for page in forum.changed_questions(_cursor(store)) for q in page
    ]
    assert seen[0] == 3  # newest change first; the rest of page 0 comes along
    fake.reset()
    report = await sync_once(forum, store, RULES)
    assert report.saved == 1
    assert fake.count(r"^GET /t/") == 1
    assert len(fake.requests) == 3
    assert _states(store)[3] is State.WAITING_CLIENT


def _cursor(store: Store) -> Any:
    """The store's sync cursor."""
    return store.sync_status("werkplein").cursor


async def test_pinned_topics_do_not_stop_paging_early(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """The old pinned About topic on page 0 must not end the walk through changes."""
    store = await _synced(forum, tmp_path)
    for n, tid in enumerate((1, 2, 5, 6)):
        fake.post(tid, "anouk", f"Nog een vraag {n}", at=fake.now + timedelta(hours=n))
    fake.reset()
    report = await sync_once(forum, store, RULES)
    assert report.saved == 4
    assert fake.count(r"^GET /c/werk-en-inkomen/") == 2


async def test_pages_come_newest_change_first(forum: DiscourseForum) -> None:
    """Categories are merged newest change first, without About topics or repeats."""
    pages = [page async for page in forum.changed_questions(None)]
    questions = [q for page in pages for q in page]
    assert all(len(page) <= PER_PAGE for page in pages)
    assert [q.id for q in questions] == [11, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    stamps = [q.updated_at for q in questions]
    assert stamps == sorted(stamps, reverse=True)


async def test_a_topic_with_a_broken_date_is_skipped(
    forum: DiscourseForum, caplog: pytest.LogCaptureFixture
) -> None:
    """One unreadable topic is logged and left out; the rest still arrive."""
    with caplog.at_level(logging.WARNING):
        ids = [q.id async for page in forum.changed_questions(None) for q in page]
    assert 10 not in ids
    assert len(ids) == len(SYNCED)
    assert "topic 10" in caplog.text


async def test_tags_as_strings_read_like_tags_as_objects() -> None:
    """Older cores send tag names, current ones objects: both give the names."""
    found = []
    for objects in (True, False):
        adapter = _open(werkplein_forum(tag_objects=objects))
        listed = [q async for page in adapter.changed_questions(None) for q in page]
        (thread,) = await adapter.threads([7])
        found.append((next(q for q in listed if q.id == 7).tags, thread.question.tags))
        await adapter.aclose()
    assert found[0] == found[1] == (("toeslagen", "spoed"), ("toeslagen", "spoed"))


async def test_a_deleted_topic_is_left_out(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """A topic that answers 404 is missing from threads(), not an error."""
    del fake.topics[2]
    threads = await forum.threads([1, 2, 3])
    assert [t.question.id for t in threads] == [1, 3]


async def test_without_watched_categories_latest_covers_all(
    fake: FakeDiscourse,
) -> None:
    """No watched categories: one /latest.json feed, KB articles marked."""
    adapter = _open(fake, replace(PROFILE, watched_categories=()))
    listed: list[Question] = [
        q async for page in adapter.changed_questions(None) for q in page
    ]
    await adapter.aclose()
    assert {q.id for q in listed} == {*SYNCED, 12}
    assert [q.id for q in listed if q.is_kb] == [12]
    assert fake.count(r"^GET /latest\.json$") == math.ceil(12 / PER_PAGE)


async def test_an_unknown_watched_category_says_what_to_fix(
    fake: FakeDiscourse,
) -> None:
    """A typo in watched_categories is named, with the config key."""
    adapter = _open(fake, replace(PROFILE, watched_categories=("werk",)))
    with pytest.raises(NotFoundError, match="watched_categories"):
        [q async for page in adapter.changed_questions(None) for q in page]
    await adapter.aclose()


# --- identity and plugins ------------------------------------------------------


async def test_whoami_reads_flags_and_groups_once(fake: FakeDiscourse) -> None:
    """Staff by group, adviser by group, and a plain member is refused."""
    staff = _open(fake)
    assert (await staff.whoami()).role is Role.STAFF
    await staff.whoami()
    assert fake.count(r"^GET /u/") == 1
    adviser = _open(fake, replace(PROFILE, api_username="kim.adviseur"))
    assert (await adviser.whoami()).role is Role.ADVISER
    peer = _open(fake, replace(PROFILE, api_username="buurman"))
    with pytest.raises(AuthError, match="staff or adviser"):
        await peer.whoami()
    for adapter in (staff, adviser, peer):
        await adapter.aclose()


async def test_capabilities_detect_plugins(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """Solved, assign and templates are there; Data Explorer is not."""
    caps = await forum.capabilities()
    assert (caps.solved, caps.assign, caps.templates) == (True, True, True)
    assert caps.data_explorer is False
    assert caps.extra["presence"] == "yes"
    assert len(fake.requests) == 5  # session, solved, explorer (2 paths), presence


async def test_requests_carry_the_documented_headers(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """Api-Key, Api-Username, Accept and our User-Agent on every request."""
    await forum.categories()
    headers = fake.requests[0].headers
    assert headers["Api-Key"] == API_KEY
    assert headers["Api-Username"] == "sanne"
    assert headers["Accept"] == "application/json"
    assert headers["User-Agent"].startswith("deskapp/")


async def test_the_key_is_resolved_on_first_use(
    fake: FakeDiscourse, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the adapter needs no key; the first request reads it."""
    monkeypatch.delenv("WP_KEY", raising=False)
    profile = replace(PROFILE, api_key_env="WP_KEY")
    adapter = DiscourseForum(
        profile, transport=fake.transport(), budget=RequestBudget(10_000)
    )
    monkeypatch.setenv("WP_KEY", API_KEY)
    assert len(await adapter.categories()) == 5
    await adapter.aclose()


# --- errors --------------------------------------------------------------------

JSON_ERR = {"errors": [DENIED], "error_type": "invalid_access"}
CASES: list[tuple[str, dict[str, Any], type[ForumError], str]] = [
    ("401", {"status": 401, "body": {"errors": ["Bad credentials"]}}, AuthError, "Bad credentials"),
    ("403", {"status": 403, "body": JSON_ERR}, AuthError, "invalid_access"),
    ("404", {"status": 404, "body": {"errors": ["The requested URL or resource could not be found."], "error_type": "not_found"}}, NotFoundError, "could not be found"),
    ("409", {"status": 409, "body": {"errors": ["Someone else edited this"]}}, ConflictError, "Someone else edited this"),
    ("422", {"status": 422, "body": {"errors": ["Title is too short", "Body is too similar"]}}, ConflictError, "Title is too short; Body is too similar"),
    ("500", {"status": 500, "body": {"errors": ["Internal Server Error"]}}, UnavailableError, "Internal Server Error"),
    ("503", {"status": 503, "body": {"errors": ["read only"], "error_type": "read_only"}}, UnavailableError, "read only"),
    ("502 html", {"status": 502, "raw": b"<html><body>Bad Gateway</body></html>"}, UnavailableError, "502"),
    ("200 html", {"status": 200, "raw": b"<!DOCTYPE html><html>Log in</html>"}, BadResponseError, "text/html"),
    ("200 truncated", {"status": 200, "raw": b'{"category_list": {"categories": [', "content_type": "application/json"}, BadResponseError, "cut off or broken"),
    ("302", {"status": 302, "raw": b"", "headers": {"Location": "https://sso.test/login"}}, UnavailableError, "sso.test/login"),
]  # fmt: skip


def _no_key(err: BaseException) -> None:
    """Neither the error nor what caused it shows the API key."""
    while err is not None:
        assert API_KEY not in str(err)
        assert API_KEY not in repr(err)
        err = err.__cause__  # type: ignore[assignment]


@pytest.mark.parametrize(
    ("status", "fault", "kind", "text"), CASES, ids=[c[0] for c in CASES]
)
async def test_each_answer_maps_to_its_error(
    fake: FakeDiscourse, forum: DiscourseForum, status: str, fault: dict[str, Any],
    kind: type[ForumError], text: str,
) -> None:  # fmt: skip
    """Status codes and broken bodies become our errors with the forum's words."""
    fake.fail("GET", "/categories.json", **fault)
    with pytest.raises(kind) as caught:
        await forum.categories()
    assert text in str(caught.value)
    _no_key(caught.value)


async def test_auth_errors_say_what_to_check(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """A refused key quotes the forum and points at the key and api_username."""
    fake.fail("GET", "/categories.json", 403, {"errors": [f"bad key {API_KEY}"]})
    with pytest.raises(AuthError) as caught:
        await forum.categories()
    message = str(caught.value)
    assert "API key" in message
    assert "'sanne'" in message
    assert "[redacted]" in message
    _no_key(caught.value)


@pytest.mark.parametrize(
    ("fault", "wait"),
    [
        ({"body": {"errors": ["Slow down"], "error_type": "rate_limit", "extras": {"wait_seconds": 30}}, "headers": {"Retry-After": "7"}}, 7.0),
        ({"body": {"errors": ["Slow down"], "error_type": "rate_limit", "extras": {"wait_seconds": 15, "time_left": "15 seconden"}}}, 15.0),
        ({"raw": b"Slow down, too many requests from this IP address\nPlease retry again in 42 seconds.\nError code: ip_10_secs_limit.\n", "content_type": "text/plain", "headers": {"Retry-After": "42"}}, 42.0),
        ({"body": {"errors": ["Slow down"]}}, 10.0),
    ],
    ids=["retry-after", "wait_seconds", "plain-text", "default"],
)  # fmt: skip
async def test_rate_limits_carry_the_wait(
    fake: FakeDiscourse, forum: DiscourseForum, fault: dict[str, Any], wait: float
) -> None:
    """429: Retry-After first, then extras.wait_seconds, then ten seconds."""
    fake.fail("GET", "/categories.json", 429, **fault)
    with pytest.raises(RateLimitedError) as caught:
        await forum.categories()
    assert caught.value.retry_after == wait
    _no_key(caught.value)


@pytest.mark.parametrize("error", [httpx.ReadTimeout, httpx.ConnectError])
async def test_network_failures_are_unavailable(
    fake: FakeDiscourse, forum: DiscourseForum, error: type[httpx.TransportError]
) -> None:
    """Timeouts and refused connections say to check the url and the network."""
    fake.raise_("GET", "/categories.json", error)
    with pytest.raises(UnavailableError, match="network") as caught:
        await forum.categories()
    assert isinstance(caught.value.__cause__, error)
    _no_key(caught.value)


async def test_the_key_stays_out_of_logs(
    fake: FakeDiscourse, forum: DiscourseForum, caplog: pytest.LogCaptureFixture
) -> None:
    """Even at DEBUG, nothing httpx or we log shows the key."""
    fake.fail("GET", "/categories.json", 500, {"errors": ["boom"]})
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(UnavailableError):
            await forum.categories()
        await forum.categories()
    assert caplog.records
    assert API_KEY not in caplog.text


# --- writing -------------------------------------------------------------------


async def test_reply_sends_the_documented_payload_and_can_be_found(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """POST /posts.json {topic_id, raw, reply_to_post_number}; find_post finds it."""
    post = await forum.reply(1, "Wij kijken ernaar.\n", reply_to=1)
    assert fake.bodies[-1] == ("POST", "/posts.json", {
        "topic_id": 1, "raw": "Wij kijken ernaar.\n", "reply_to_post_number": 1})  # fmt: skip
    assert (post.question_id, post.number, post.reply_to) == (1, 2, 1)
    assert post.author.username == "sanne"
    assert post.author.role is Role.STAFF
    before = fake.now - timedelta(minutes=1)
    found = await forum.find_post(1, "sanne", "Wij kijken ernaar.", before)
    assert found is not None
    assert found.id == post.id
    assert await forum.find_post(1, "sanne", "Iets anders", before) is None
    later = fake.now + timedelta(hours=1)
    assert await forum.find_post(1, "sanne", "Wij kijken ernaar.", later) is None


async def test_find_post_reads_only_the_latest_posts(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """A long topic costs the view plus the newest chunk, not every chunk."""
    fake.post(7, "sanne", "Laatste antwoord")
    found = await forum.find_post(7, "sanne", "Laatste antwoord", fake.now)
    assert found is not None
    assert found.number == 12
    assert fake.count(r"^GET /t/7") == 2  # 12 posts in chunks of 4: 9-12 suffice


async def test_replying_to_a_closed_topic_is_refused(forum: DiscourseForum) -> None:
    """The forum's 422 becomes a ConflictError with its message."""
    with pytest.raises(ConflictError, match="gesloten"):
        await forum.reply(6, "Nog iets")


async def test_moderation_writes_send_the_documented_payloads(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """Accept, assign, unassign, tags and close, as API-NOTES §8 and §10 say."""
    answer = fake.topics[3].posts[1].id
    await forum.accept_answer(answer)
    await forum.assign(3, "sanne")
    await forum.assign(3, None)
    await forum.set_tags(3, ["werk", "bijverdienen"])
    await forum.close(3)
    assert fake.bodies == [
        ("POST", "/solution/accept.json", {"id": answer}),
        ("PUT", "/assign/assign.json", {"target_id": 3, "target_type": "Topic", "username": "sanne"}),
        ("PUT", "/assign/unassign.json", {"target_id": 3, "target_type": "Topic"}),
        ("PUT", "/t/-/3.json", {"tags": ["werk", "bijverdienen"]}),
        ("PUT", "/t/3/status.json", {"status": "closed", "enabled": "true"}),
    ]  # fmt: skip
    topic = fake.topics[3]
    assert (topic.accepted_post, topic.assigned_to, topic.closed) == (
        answer,
        None,
        True,
    )
    assert topic.tags == ["werk", "bijverdienen"]


async def test_assign_refusals_quote_the_plugin(forum: DiscourseForum) -> None:
    """The assign plugin's 400 {"error": ...} becomes a ConflictError."""
    await forum.assign(3, "sanne")
    with pytest.raises(ConflictError, match="al toegewezen"):
        await forum.assign(3, "sanne")


async def test_kb_article_is_a_wiki_topic_in_the_kb_category(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """POST /posts.json {title, raw, category, tags}, then PUT wiki=true."""
    article = await forum.create_kb_article("Bijzondere bijstand", "Zo werkt het.", ["bijstand"])  # fmt: skip
    method, path, body = fake.bodies[0]
    assert (method, path) == ("POST", "/posts.json")
    assert body == {"title": "Bijzondere bijstand", "raw": "Zo werkt het.",
                    "category": 9, "tags": ["bijstand"]}  # fmt: skip
    topic = fake.topics[article.id]
    assert fake.bodies[1] == (
        "PUT",
        f"/posts/{topic.posts[0].id}/wiki",
        {"wiki": "true"},
    )
    assert topic.posts[0].wiki
    assert (topic.category_id, topic.tags) == (9, ["bijstand"])
    assert article.url == f"https://forum.werkplein.test/t/{article.id}"


async def test_a_failed_wiki_step_says_the_article_exists(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """If the wiki step fails, the error says where the article is and carries
    it, so the outbox counts it as published (no second article)."""
    fake.fail("PUT", r"/posts/\d+/wiki", 403, JSON_ERR, route="/posts/{id}/wiki")
    with pytest.raises(PartlyDoneError, match="do not publish it again") as caught:
        await forum.create_kb_article("Titel", "Tekst", [])
    article = caught.value.result
    assert isinstance(article, KbArticle) and article.title == "Titel"
    assert fake.topics[article.id].title == "Titel"


# --- the checker itself --------------------------------------------------------


def test_the_spec_check_catches_wrong_types_and_unknown_fields() -> None:
    """A wrong type, an unknown field or a missing field fails validation."""
    route = ("GET", "/c/{path}/{id}/l/latest.json", 200)
    schema = openapi_check.response_schema(*route)
    item = {"id": 1, "title": "t", "bumped_at": "2026-11-02T09:00:00.000Z"}
    listing = {"can_create_topic": True, "per_page": 3, "topics": [item]}
    good = openapi_check.complete(*route, {"topic_list": listing})
    assert openapi_check.errors(good, schema) == []
    filled = good["topic_list"]["topics"][0]
    cases = {
        "string for a date": {**filled, "bumped_at": 123},
        "string for a bool": {**filled, "closed": "no"},
        "bool for an int": {**filled, "id": True},
        "unknown field": {**filled, "surprise": 1},
        "missing field": {k: v for k, v in filled.items() if k != "posters"},
        "tag of a wrong shape": {**filled, "tags": [{"id": 1}]},
    }
    for name, topic in cases.items():
        bad = {**good, "topic_list": {**good["topic_list"], "topics": [topic]}}
        assert openapi_check.errors(bad, schema), name


def test_the_mega_topic_stream_check_refuses_the_spec_shape() -> None:
    """A mega topic's post_stream has isMegaTopic, firstId and lastId, and no
    stream: the check catches a stream left in, or a missing lastId."""
    good = {"posts": [], "isMegaTopic": True, "firstId": 1, "lastId": 9}
    openapi_check.check_mega_post_stream(good)
    for bad in ({**good, "stream": [1, 9]}, {k: v for k, v in good.items()
                                              if k != "lastId"},
                {**good, "isMegaTopic": False}):  # fmt: skip
        with pytest.raises(AssertionError):
            openapi_check.check_mega_post_stream(bad)


async def test_the_fake_refuses_to_serve_an_undocumented_body(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """An error body of the wrong shape is caught before it reaches the adapter."""
    fake.fail("GET", "/categories.json", 403, {"errors": "not a list"})
    with pytest.raises(AssertionError, match="errors"):
        await forum.categories()


# --- pure readers --------------------------------------------------------------


def test_timestamps_are_read_in_every_style() -> None:
    """Milliseconds or not, Z, an offset or none: all become aware UTC."""
    expected = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    for text in ("2026-11-02T09:00:00.000Z", "2026-11-02T09:00:00Z",
                 "2026-11-02T10:00:00+01:00", "2026-11-02T09:00:00"):  # fmt: skip
        assert parse.parse_time(text) == expected
    for bad in ("gisteren", "", None, 1730538000):
        with pytest.raises(ValueError):  # noqa: PT011 - the reader's contract
            parse.parse_time(bad)


def test_cooked_html_is_the_fallback_for_a_missing_raw() -> None:
    """Without raw, the post's text comes from cooked HTML, tags stripped."""
    data = {"id": 1, "topic_id": 2, "post_number": 1, "username": "mo",
            "created_at": "2026-11-02T09:00:00Z",
            "cooked": "<p>Hallo &amp; welkom<br>regel 2</p><ul><li>een</li></ul>"}  # fmt: skip
    post = parse.post_from(data, "mo", parse.RoleBook())
    assert post is not None
    assert post.raw == "Hallo & welkom\nregel 2\n\n- een"
    assert post.author.role is Role.CLIENT


def test_a_post_awaiting_review_is_refused_not_lost() -> None:
    """The review-queue answer of POST /posts.json is a ConflictError."""
    with pytest.raises(ConflictError, match="review queue"):
        parse.created_post({"action": "enqueued", "pending_count": 1}, "werkplein")


def test_more_topics_url_becomes_a_json_path_below_the_base() -> None:
    """``.json`` is added, a subfolder prefix dropped, our parameters kept."""
    params: dict[str, str | int] = {"order": "activity", "per_page": 3}
    more = "/forum/c/zorg/6/l/latest?page=2&per_page=3"
    assert lists.follow(more, params, "/forum") == (
        "/c/zorg/6/l/latest.json", {"order": "activity", "per_page": "3", "page": "2"})  # fmt: skip
    assert lists.follow("https://forum.test/latest.json?page=1", params) == (
        "/latest.json", {**params, "page": "1"})  # fmt: skip


async def test_requests_keep_to_the_desks_share_and_a_429_holds_them(
    fake: FakeDiscourse,
) -> None:
    """The budget paces every request; a 429 pauses all of them as asked."""
    clock = {"now": 0.0}
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock["now"] += seconds

    budget = RequestBudget(3, clock=lambda: clock["now"], sleep=sleep)
    adapter = DiscourseForum(
        PROFILE, transport=fake.transport(), api_key=API_KEY, budget=budget
    )
    try:
        for _ in range(4):
            await adapter.categories()
        assert slept == [60.0]  # the fourth request waited for the window
        fake.fail("GET", "/categories.json", 429, headers={"Retry-After": "7"},
                  body={"errors": ["Slow down"], "error_type": "rate_limit"})  # fmt: skip
        with pytest.raises(RateLimitedError):
            await adapter.categories()
        await adapter.categories()
        assert slept[-1] == pytest.approx(7.0)  # held for the Retry-After
    finally:
        await adapter.aclose()


async def test_a_change_that_does_not_bump_is_still_seen(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Assigning does not move a topic's activity time; the next sync sees it
    when the topic is on the first page of its list (older ones: when bumped)."""
    store = await _synced(forum, tmp_path)
    await forum.assign(6, "sanne")
    fake.reset()
    report = await sync_once(forum, store, RULES)
    assert report.saved == 1
    assert fake.count(r"^GET /t/") == 1
    thread = store.thread("werkplein", 6)
    assert thread is not None
    assert thread.question.assigned_to == "sanne"


async def test_an_untrusted_certificate_says_so(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """A TLS failure names the certificate and the fix, not just 'cannot connect'."""

    def answer(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed"
            " certificate (_ssl.c:1006)",
            request=request,
        )

    fake._faults.append(("GET", "/categories.json", answer))
    with pytest.raises(UnavailableError) as caught:
        await forum.categories()
    assert "certificate" in str(caught.value)
    assert "SSL_CERT_FILE" in str(caught.value)


async def test_message_bus_announces_new_activity(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """The first poll only learns where the bus stands; a new message is news."""
    fake.announce()  # old activity, from before the desk started listening
    forum.bus_pause = 0.01  # the fake answers at once instead of holding the poll
    events = forum.watch()

    async def next_event() -> None:
        await anext(events)

    fake.reset()
    task = asyncio.ensure_future(next_event())
    await asyncio.sleep(0.05)
    assert not task.done()  # the status answer and empty polls are not news
    fake.announce()
    await asyncio.wait_for(task, 5)
    assert fake.count(r"^POST /message-bus/") >= 2  # the status poll, then news
    await events.aclose()


async def test_no_message_bus_ends_listening_quietly(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """A forum that refuses the bus to this key: watch just ends."""
    fake.fail("POST", r"/message-bus/.*/poll", 403,
              {"errors": [DENIED], "error_type": "invalid_access"},
              route="/message-bus/{client_id}/poll")  # fmt: skip
    assert [e async for e in forum.watch()] == []
