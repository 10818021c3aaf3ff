"""The success figures against timelines computed by hand.

Working hours are the defaults: 08:30-17:00 Monday to Friday in
Europe/Amsterdam, minus Dutch public holidays (Kerstmis 25 and 26 December,
Koningsdag 27 April).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from deskapp.models import Person, Post, Question, Role, State, Thread
from deskapp.store import Store
from deskapp.successfigures import (
    AskedQuestion,
    KbActivity,
    PostMark,
    percentile,
    success_figures,
)
from deskapp.triage import TriageRules
from deskapp.workhours import WorkingHours
from tests.factories import ADVISER, CATEGORIES, CLIENT, OTHER_CLIENT, PEER, STAFF

AMS = ZoneInfo("Europe/Amsterdam")
HOURS = WorkingHours()


def at(local: str) -> datetime:
    """A moment written as Amsterdam wall-clock time, in UTC."""
    return datetime.fromisoformat(local).replace(tzinfo=AMS).astimezone(UTC)


SINCE, UNTIL = at("2025-11-28 00:00"), at("2026-05-01 00:00")


StatsTestStore = Store
"""The store: its stats reads come from :class:`deskapp.storestats.StatsStore`."""


def thread(
    qid: int,
    posts: list[tuple[Person, str]],
    *,
    accepted: int | None = None,
    tags: tuple[str, ...] = (),
    category_id: int = 1,
) -> Thread:
    """A thread whose post n (1-based) is written by posts[n-1] at that time."""
    made = tuple(
        Post(
            id=qid * 100 + n, question_id=qid, number=n, author=who,
            created_at=at(when), raw=f"bericht {n}", accepted=n == accepted,
        )
        for n, (who, when) in enumerate(posts, start=1)
    )  # fmt: skip
    first, last = made[0], made[-1]
    return Thread(
        Question(
            id=qid, title=f"Vraag {qid}", category_id=category_id,
            author=first.author, created_at=first.created_at,
            last_posted_at=last.created_at, updated_at=last.created_at,
            posts_count=len(made), last_poster=last.author, tags=tags,
            accepted_post_id=None if accepted is None else qid * 100 + accepted,
            is_kb=category_id == 9,
        ),
        made,
    )  # fmt: skip


THREADS = [
    # 16:55 Tue -> 08:35 Wed: 5 min + 5 min = 10 min = 1/6 h; accepted: solved
    # in the same 1/6 h
    thread(1, [(CLIENT, "2025-12-02 16:55"), (STAFF, "2025-12-03 08:35")], accepted=2),
    # Fri 15:00 -> Mon 10:00: Fri 2 h + Mon 1.5 h = 3.5 h (the weekend counts 0)
    thread(2, [(CLIENT, "2025-12-05 15:00"), (STAFF, "2025-12-08 10:00")]),
    # Wed 24 Dec 16:00 -> Mon 29 Dec 09:30: 24th 1 h; 25 and 26 Dec (Kerstmis)
    # and the weekend 0; 29th 1 h = 2 h
    thread(3, [(CLIENT, "2025-12-24 16:00"), (STAFF, "2025-12-29 09:30")]),
    # Fri 24 Apr 16:30 -> Tue 28 Apr 09:00 by an adviser: Fri 0.5 h, weekend
    # and Mon 27 Apr (Koningsdag) 0, Tue 0.5 h = 1 h; accepted: solved in 1 h
    thread(
        4, [(CLIENT, "2026-04-24 16:30"), (ADVISER, "2026-04-28 09:00")], accepted=2
    ),
    # a peer first (10:30), staff at 14:00: answered first by a peer; first
    # staff answer 10:00 -> 14:00 = 4 h; the accepted answer the next day at
    # 09:00: Mon 10:00-17:00 7 h + Tue 08:30-09:00 0.5 h = 7.5 h
    thread(
        5,
        [
            (CLIENT, "2025-12-01 10:00"),
            (PEER, "2025-12-01 10:30"),
            (STAFF, "2025-12-01 14:00"),
            (CLIENT, "2025-12-01 14:30"),
            (STAFF, "2025-12-02 09:00"),
        ],
        accepted=5,
    ),
    # the client adds to it, another client chimes in: nobody answered;
    # referred elsewhere (tag case does not matter)
    thread(
        6,
        [
            (CLIENT, "2026-01-12 09:00"),
            (CLIENT, "2026-01-12 09:05"),
            (OTHER_CLIENT, "2026-01-12 10:00"),
        ],
        tags=("Doorverwezen", "wmo"),
    ),
    # asked before the period: not counted, although answered
    thread(7, [(CLIENT, "2025-11-27 23:59"), (STAFF, "2025-11-28 09:00")]),
    # a knowledge-base article in the period: not a question
    thread(8, [(STAFF, "2026-01-05 10:00")], category_id=9),
]


@pytest.fixture
def store(tmp_path: Path) -> StatsTestStore:
    """A store holding THREADS and the knowledge-base events of the period."""
    s = StatsTestStore(tmp_path / "s.sqlite")
    s.save_categories("f", CATEGORIES)
    s.save_threads("f", THREADS, TriageRules())
    s.audit("f", "j.devries", "publish", at("2025-12-10 11:00"), question_id=2,
            article_id=8)  # fmt: skip
    s.audit("f", "j.devries", "publish", at("2026-02-01 11:00"), question_id=3,
            article_id=9)  # fmt: skip
    s.audit("f", "j.devries", "publish", at("2025-11-20 11:00"), question_id=7,
            article_id=10)  # before the period  # fmt: skip
    s.audit("f", "j.devries", "reply", at("2025-12-10 11:00"), question_id=2)
    for qid, article, when in [
        (2, 8, "2025-12-08 10:00"), (6, 8, "2026-01-12 11:00"),
        (6, 9, "2026-02-02 09:00"), (7, 10, "2025-11-27 12:00"),  # last: before
    ]:  # fmt: skip
        s.record_kb_link("f", qid, article, at=at(when), by="j.devries")
    return s


def test_every_figure_matches_the_hand_computed_timeline(
    store: StatsTestStore,
) -> None:
    """Questions 1-6 in the period; each figure as worked out beside THREADS."""
    asked = store.asked_questions("f", SINCE, UNTIL)
    assert [q.id for q in asked] == [1, 2, 3, 4, 5, 6]
    figures = success_figures(
        asked, store.kb_activity("f", SINCE, UNTIL), HOURS, since=SINCE, until=UNTIL
    )
    assert figures.first_answer_hours == pytest.approx([1 / 6, 3.5, 2.0, 1.0, 4.0])
    assert figures.solve_hours == pytest.approx([1 / 6, 1.0, 7.5])
    data = figures.as_dict()
    assert data["questions"] == 6
    # sorted: 0.17, 1, 2, 3.5, 4 (n = 5): median rank ceil(2.5) = 3 -> 2 h;
    # p90 rank ceil(4.5) = 5 -> 4 h
    assert data["first_answer"] == {
        "answered": 5, "median_hours": 2.0, "p90_hours": 4.0,
    }  # fmt: skip
    # staff 1, 2, 3; adviser 4; peer 5; nobody 6 (of 6)
    assert data["first_by"] == {
        "staff": {"count": 3, "share": 0.5},
        "adviser": {"count": 1, "share": 0.1667},
        "peer": {"count": 1, "share": 0.1667},
        "none": {"count": 1, "share": 0.1667},
    }
    # solved 1, 4, 5 of 6; times 0.17, 1, 7.5: median rank ceil(1.5) = 2 -> 1 h
    assert data["solved"] == {
        "count": 3, "rate": 0.5, "timed": 3, "median_hours": 1.0,
    }  # fmt: skip
    # published 8 and 9 in the period (10 before); links recorded (2,8) (6,8)
    # (6,9), but only in 2 did j.devries send a reply after inserting it (at
    # the same minute): 1 link, question 2, article 8
    assert data["knowledge_base"] == {
        "published": 2, "links": 1, "questions": 1, "articles": 1,
    }  # fmt: skip
    assert data["referred"] == {
        "count": 1, "share": 0.1667, "tags": ["doorverwezen"],
    }  # fmt: skip


def test_the_edges_of_working_hours_count_ten_minutes() -> None:
    """16:55 -> 08:35 next working day = 5 + 5 minutes, not 15 h 40 min."""
    q = AskedQuestion(
        1, at("2025-12-02 16:55"), State.WAITING_CLIENT,
        (PostMark(1, Role.CLIENT, at("2025-12-02 16:55")),
         PostMark(2, Role.STAFF, at("2025-12-03 08:35"))),
    )  # fmt: skip
    figures = success_figures([q], KbActivity(), HOURS, since=SINCE, until=UNTIL)
    assert figures.as_dict()["first_answer"]["median_hours"] == 0.17  # 10/60 h
    assert figures.first_answer_hours == pytest.approx([10 / 60])


def test_only_posts_before_until_count() -> None:
    """A staff answer written after the period's end leaves it unanswered."""
    until = at("2025-12-03 08:00")
    q = AskedQuestion(
        1, at("2025-12-02 16:55"), State.SOLVED,
        (PostMark(1, Role.CLIENT, at("2025-12-02 16:55")),
         PostMark(2, Role.STAFF, at("2025-12-03 08:35"), accepted=True)),
    )  # fmt: skip
    data = success_figures([q], KbActivity(), HOURS, since=SINCE, until=until).as_dict()
    assert data["first_answer"]["answered"] == 0
    assert data["first_by"]["none"]["count"] == 1
    # the solved state still counts; the accepted post is not timed
    assert data["solved"] == {"count": 1, "rate": 1.0, "timed": 0, "median_hours": None}


def test_solved_state_without_an_accepted_post_is_solved_but_untimed() -> None:
    """A question the forum marks solved counts; it has no time to solve."""
    q = AskedQuestion(
        1,
        at("2025-12-01 09:00"),
        State.SOLVED,
        (PostMark(1, Role.CLIENT, at("2025-12-01 09:00")),),
    )
    data = success_figures([q], KbActivity(), HOURS, since=SINCE, until=UNTIL)
    assert data.solved == 1
    assert data.solve_hours == ()


def test_an_empty_period_has_no_shares() -> None:
    """No questions: counts 0, shares and medians None (not 0 or an error)."""
    data = success_figures([], KbActivity(), HOURS, since=SINCE, until=UNTIL).as_dict()
    assert data["questions"] == 0
    assert data["first_answer"] == {
        "answered": 0, "median_hours": None, "p90_hours": None,
    }  # fmt: skip
    assert data["first_by"]["staff"] == {"count": 0, "share": None}
    assert data["solved"]["rate"] is None


def test_nearest_rank_percentiles() -> None:
    """Nearest rank: the value at rank ceil(p/100 * n), never an average."""
    values = [4.0, 1.0, 3.0, 2.0]
    assert percentile(values, 50) == 2.0  # rank ceil(2.0) = 2: the lower middle
    assert percentile(values, 90) == 4.0  # rank ceil(3.6) = 4
    assert percentile(values, 25) == 1.0  # rank ceil(1.0) = 1
    assert percentile([7.0], 90) == 7.0
    assert percentile([], 50) is None
    # ten values 1..10: p90 rank ceil(9.0) = 9 -> 9; median rank 5 -> 5
    ten = [float(n) for n in range(1, 11)]
    assert (percentile(ten, 90), percentile(ten, 50)) == (9.0, 5.0)


def test_partial_threads_are_counted(store: StatsTestStore) -> None:
    """A question whose thread is still to fetch is flagged in ``partial``."""
    store.mark_partial("f", 6)
    asked = store.asked_questions("f", SINCE, UNTIL)
    figures = success_figures(asked, KbActivity(), HOURS, since=SINCE, until=UNTIL)
    assert figures.partial == 1


def test_articles_made_elsewhere_and_links_in_replies_count(tmp_path: Path) -> None:
    """An article created on the forum (not by this desk) counts as published;
    a staff or adviser reply linking to it counts as reuse, once per question,
    as do links this desk recorded; a client's or peer's link, a link to an
    ordinary question and the article's own source question do not."""
    import dataclasses

    def with_raw(t: Thread, *raws: str) -> Thread:
        posts = tuple(
            dataclasses.replace(p, raw=r) for p, r in zip(t.posts, raws, strict=True)
        )
        return dataclasses.replace(t, posts=posts)

    s = StatsTestStore(tmp_path / "s.sqlite")
    s.save_categories("f", CATEGORIES)
    article = with_raw(
        thread(20, [(STAFF, "2026-01-05 10:00")], category_id=9),
        "Zo werkt het. Gebaseerd op [vraag #21](/t/21).",
    )
    source = with_raw(
        thread(21, [(CLIENT, "2026-01-02 10:00"), (STAFF, "2026-01-06 10:00")]),
        "Mijn vraag", "Staat nu in de kennisbank: [artikel](/t/20).",
    )  # fmt: skip
    reused = with_raw(
        thread(22, [(CLIENT, "2026-01-07 10:00"), (STAFF, "2026-01-07 11:00"),
                    (ADVISER, "2026-01-07 12:00"), (PEER, "2026-01-07 13:00")]),
        "Hoe zit het?",
        "Zie [het artikel](https://forum.example/t/kostendelersnorm-uitgelegd/20/1)"
        " en [een oude vraag](/t/21).",
        "Ook: /t/20",
        "Kijk hier: /t/20",
    )  # fmt: skip
    by_peer = with_raw(
        thread(23, [(CLIENT, "2026-01-08 10:00"), (PEER, "2026-01-08 11:00")]),
        "Vraag",
        "Lees /t/20",
    )
    s.save_threads("f", [article, source, reused, by_peer], TriageRules())
    s.record_kb_link("f", 22, 20, at=at("2026-01-07 11:00"), by="j.devries")
    s.record_kb_link("f", 23, 20, at=at("2026-01-08 12:00"), by="j.devries")
    kb = s.kb_activity("f", SINCE, UNTIL)
    assert kb.published == (20,)
    # 22 by the desk and in the staff and adviser replies: one pair; in 23 the
    # desk's user inserted it but sent no reply (a discarded draft), and the
    # peer's link does not count
    assert sorted(kb.links) == [(22, 20)]
    before = s.kb_activity("f", SINCE, at("2026-01-05 10:00"))
    assert before.published == () and before.links == ()
