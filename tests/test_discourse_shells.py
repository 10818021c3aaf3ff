"""A first sync of a bigger Discourse forum: a few dozen requests, not one per topic.

Sixty open topics, pages of 30: the first sync lists them all (two list
requests), fetches the threads of the most pressing few, and saves the rest
from the topic list alone; later syncs fetch the rest a few at a time; then an
unchanged forum costs one request. A question opened before its thread came
fetches it on the spot.
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Static

from deskapp.config import ForumProfile, demo_config
from deskapp.desk import Desk
from deskapp.forum.discourse import DiscourseForum
from deskapp.forum.pacing import RequestBudget
from deskapp.models import State, Urgency
from deskapp.screens.question import QuestionScreen
from deskapp.store import Store
from deskapp.sync import MAX_THREADS, sync_once
from deskapp.triage import TriageRules
from deskapp.views import Sort, ViewFilter
from deskapp.widgets.post_view import PostView
from tests.discourse_fake import API_KEY, T0, FakeDiscourse
from tests.test_question_screen import (
    QuestionApp,
    header_text,
    notices,
    settle,
    thread_text,
)

RULES = TriageRules()
PER_PAGE = 30
TOPICS = 60
URGENT = (7, 19, 31, 55)
"""Topics whose title says the income stopped (of each kind but closed)."""
PROFILE = ForumProfile(
    name="werkplein",
    kind="discourse",
    url="https://forum.werkplein.test",
    api_username="sanne",
    staff_groups=("werkplein-medewerkers",),
    adviser_groups=("clientondersteuners",),
)
SHELL_STATE = {
    0: State.NEW,
    1: State.WAITING_CLIENT,
    2: State.WAITING_STAFF,
    3: State.CLOSED,
    4: State.SOLVED,  # has_accepted_answer, though not which post
}
"""State of a topic of each kind (``id % 5``) saved from the topic list."""
EXACT_STATE = {**SHELL_STATE, 4: State.SOLVED}
"""State of a topic of each kind once its thread is stored."""


def big_forum() -> FakeDiscourse:
    """Sixty topics in two categories, of five kinds, a few urgent."""
    f = FakeDiscourse()
    f.user(1, "sanne", "Sanne Bakker", groups=("werkplein-medewerkers",))
    f.user(2, "beheer", "Beheerder", admin=True)
    f.user(3, "kim.adviseur", "Kim", groups=("clientondersteuners",))
    for uid, name in ((4, "anouk"), (5, "mo"), (6, "buurman"), (7, "fatima")):
        f.user(uid, name, name.title())
    f.category(5, "Werk en inkomen", "werk-en-inkomen")
    f.category(6, "Zorg", "zorg")
    clients = ("anouk", "mo", "fatima")
    for n in range(1, TOPICS + 1):
        client = clients[n % 3]
        title = "Mijn uitkering is gestopt" if n in URGENT else f"Vraag nummer {n}"
        answer = {1: "sanne", 2: "buurman", 3: "beheer", 4: "sanne"}.get(n % 5)
        posts = [(client, f"Tekst van vraag {n}")]
        posts += [(answer, f"Antwoord op {n}")] if answer else []
        topic = f.topic(n, title, 5 + n % 2, posts, start=T0 + n * timedelta(hours=1),
                        closed=n % 5 == 3)  # fmt: skip
        if n % 5 == 4:
            topic.accepted_post = topic.posts[1].id
    return f


def _open(fake: FakeDiscourse) -> DiscourseForum:
    """The adapter over the fake, pages of 30, pacing out of the way."""
    return DiscourseForum(
        PROFILE,
        transport=fake.transport(),
        api_key=API_KEY,
        per_page=PER_PAGE,
        budget=RequestBudget(10_000),
    )


@pytest.fixture
def fake() -> FakeDiscourse:
    """The bigger forum."""
    return big_forum()


@pytest.fixture
async def forum(fake: FakeDiscourse) -> AsyncIterator[DiscourseForum]:
    """The adapter over ``fake``."""
    adapter = _open(fake)
    yield adapter
    await adapter.aclose()


def fetched(fake: FakeDiscourse) -> list[int]:
    """The topics whose thread was requested, in order."""
    found = (re.fullmatch(r"/t/(\d+)\.json", r.url.path) for r in fake.requests)
    return [int(m.group(1)) for m in found if m]


def check_states(store: Store) -> None:
    """Each stored question has the state its kind has, shell or whole."""
    items = store.items("werkplein", list(range(1, TOPICS + 1)))
    assert len(items) == TOPICS
    for item in items:
        partial = store.is_partial("werkplein", item.id)
        expected = (SHELL_STATE if partial else EXACT_STATE)[item.id % 5]
        assert item.state is expected, (item.id, partial)


async def test_first_sync_costs_pages_plus_a_few_threads(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Two list pages, MAX_THREADS threads and three fixed requests; all 60 listed."""
    store = Store(tmp_path / "store.sqlite")
    report = await sync_once(forum, store, RULES)
    assert fake.count(r"^GET /latest\.json$") == TOPICS // PER_PAGE
    assert len(fetched(fake)) == MAX_THREADS
    fixed = fake.count(r"^GET /(categories|groups/|u/)")
    assert fixed == 3  # categories, two groups (the account is a group member)
    assert len(fake.requests) == TOPICS // PER_PAGE + MAX_THREADS + fixed
    assert (report.seen, report.saved, report.pending) == (60, 60, 60 - MAX_THREADS)
    urgent_open = {q for q in URGENT if SHELL_STATE[q % 5].is_open}
    assert set(fetched(fake)[: len(urgent_open)]) == urgent_open  # urgent first
    every = ViewFilter(states=tuple(State))
    now = T0 + timedelta(days=30)
    ids = store.view_ids("werkplein", every, Sort.URGENT, me="sanne", now=now)
    assert sorted(ids) == list(range(1, TOPICS + 1))
    check_states(store)
    inbox = store.open_questions("werkplein")
    assert [i.id for i in inbox[:3]] == [7, 55, 31]  # 19 turned out solved
    assert {i.urgency for i in inbox[3:]} == {Urgency.NORMAL}
    found = store.view_ids("werkplein", every, Sort.URGENT, me=None, now=now,
                           search="nummer 42")  # fmt: skip
    assert found == [42]  # a shell is found by its title


async def test_later_syncs_fill_in_the_rest_then_cost_one_request(
    fake: FakeDiscourse, forum: DiscourseForum, tmp_path: Path
) -> None:
    """Each unchanged sync: page 0 and MAX_THREADS threads, until none is left."""
    store = Store(tmp_path / "store.sqlite")
    await sync_once(forum, store, RULES)
    rounds: list[int] = []
    while store.partial_count("werkplein"):
        fake.reset()
        await sync_once(forum, store, RULES)
        rounds.append(len(fetched(fake)))
        assert len(fake.requests) == 1 + rounds[-1]
        check_states(store)
    assert rounds == [MAX_THREADS] * 3
    fake.reset()
    report = await sync_once(forum, store, RULES)
    assert len(fake.requests) <= 2
    assert (report.saved, report.pending) == (0, 0)
    assert store.counts("werkplein") == {
        "new": 12, "waiting_client": 12, "waiting_staff": 12, "closed": 12,
        "solved": 12,
    }  # fmt: skip


# --- the TUI: a question opened before its thread came ---------------------------


def make_desk(tmp_path: Path, fake: FakeDiscourse) -> Desk:
    """A desk for the fake forum, its adapter set in."""
    config = dataclasses.replace(demo_config(), store_path=tmp_path / "s.sqlite")
    desk = Desk(config, PROFILE, clock=lambda: T0 + timedelta(days=3))
    desk._forum = _open(fake)
    return desk


def notice(app: QuestionApp) -> Static:
    """The line saying the thread is being fetched."""
    return app.screen.query_one("#question-fetching", Static)


async def test_a_partial_question_fetches_its_thread_when_opened(
    tmp_path: Path, fake: FakeDiscourse
) -> None:
    """The title and facts at once, "bericht wordt opgehaald…", then the posts."""
    desk = make_desk(tmp_path, fake)
    await desk.sync()
    qid = desk.store.partial_ids("werkplein")[0]
    title = f"Vraag nummer {qid}"
    gate = asyncio.Event()
    fetch = desk.fetch_thread

    async def held(question_id: int) -> bool:
        await gate.wait()
        return await fetch(question_id)

    desk.fetch_thread = held  # type: ignore[method-assign]
    app = QuestionApp(desk, qid)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.01)
            if notice(app).display:
                break
        assert notice(app).display
        assert "bericht wordt opgehaald…" in str(notice(app).render())
        assert header_text(app).startswith(title)
        assert not app.screen.query(PostView)
        gate.set()
        await settle(pilot)
        assert not notice(app).display
        assert f"Tekst van vraag {qid}" in thread_text(app)
        assert not desk.is_partial(qid)
    await desk.aclose()


async def test_a_failed_fetch_is_a_notification_and_the_screen_stays(
    tmp_path: Path, fake: FakeDiscourse
) -> None:
    """The forum fails: say so, keep the question on screen, no second try."""
    desk = make_desk(tmp_path, fake)
    await desk.sync()
    qid = desk.store.partial_ids("werkplein")[0]
    fake.fail("GET", rf"/t/{qid}\.json", 500, {"errors": ["Internal Server Error"]},
              route="/t/{id}.json")  # fmt: skip
    app = QuestionApp(desk, qid)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("Internal Server Error" in n for n in notices(app))
        assert isinstance(app.screen, QuestionScreen)
        assert app.results == []
        assert not notice(app).display
        assert desk.is_partial(qid)
        assert fake.count(rf"^GET /t/{qid}\.json$") == 1
    await desk.aclose()


async def test_from_the_inbox_a_partial_question_opens_whole(
    tmp_path: Path, fake: FakeDiscourse
) -> None:
    """The desk syncs on start; enter on a question still partial shows its posts."""
    from deskapp.app import DeskApp
    from deskapp.widgets.question_list import QuestionList
    from tests.test_inbox import rows
    from tests.test_inbox import settle as settle_app

    desk = make_desk(tmp_path, fake)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_app(app)
        await pilot.pause()
        shown = rows(app)
        assert len(shown) == TOPICS - 12 - 12  # neither closed nor solved
        qid = next(i for i in desk.store.partial_ids("werkplein") if i in shown)
        app.inbox.query_one(QuestionList).cursor_index = shown.index(qid)
        await pilot.press("enter")
        await settle_app(app)
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert f"Tekst van vraag {qid}" in thread_text(app)  # type: ignore[arg-type]
        assert not desk.is_partial(qid)
