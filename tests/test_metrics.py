"""The backlog report: counts and ages a team lead can check by hand."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from deskapp.metrics import AGE_BUCKETS, age_bucket, backlog_report
from deskapp.store import Store
from deskapp.triage import TriageRules
from tests.factories import CATEGORIES, CLIENT, PEER, STAFF, T0, make_thread


def test_age_buckets_have_exclusive_upper_bounds() -> None:
    """4 h sharp is no longer '< 4 h'; a week is '> 7 d'."""
    assert age_bucket(3.9) == "< 4 h"
    assert age_bucket(4.0) == "4-24 h"
    assert age_bucket(71.9) == "1-3 d"
    assert age_bucket(168.0) == "> 7 d"
    assert [label for label, _ in AGE_BUCKETS][-1] == "> 7 d"


def test_backlog_report_figures(tmp_path: Path) -> None:
    """Ages, waiting times and counts match a hand-computed timeline."""
    store = Store(tmp_path / "s.sqlite")
    store.save_categories("f", CATEGORIES)
    threads = [
        # waits since T0 (its first post): 50 h at now
        make_thread(1, "Deurwaarder", [CLIENT], start=T0),
        # staff answered, client came back at T0+2h: waits 48 h
        make_thread(2, "Vraag", [CLIENT, STAFF, CLIENT], start=T0, category_id=2),
        # waiting for the client: open but nobody waits for us
        make_thread(3, "Vraag", [CLIENT, STAFF], start=T0, assigned_to="j.devries"),
        # a peer answered: a peer is not staff, so the client waits since T0+46h
        make_thread(4, "Vraag", [CLIENT, PEER], start=T0 + timedelta(hours=46)),
        # solved: not in the backlog
        make_thread(5, "Vraag", [CLIENT, STAFF], accepted_post_id=501),
    ]
    store.save_threads("f", threads, TriageRules())
    now = T0 + timedelta(hours=50)
    report = backlog_report("f", store.open_questions("f"), now)
    data = report.as_dict()
    assert data["open_total"] == 4
    rows = {q["id"]: q for q in data["questions"]}
    assert rows[1]["age_hours"] == 50.0
    assert rows[1]["waiting_hours"] == 50.0
    assert rows[2]["waiting_hours"] == 48.0
    assert rows[3]["waiting_hours"] is None
    assert rows[4]["waiting_hours"] == 4.0
    assert rows[4]["age_hours"] == 4.0
    assert data["summary"] == {
        "open": 4,
        "urgent": 1,
        "waiting_for_staff": 3,
        "waiting_for_client": 1,
        "unassigned": 3,
        "unassigned_waiting_for_staff": 3,  # 1, 2 and 4 (3 is assigned)
    }
    assert data["waiting_by_age"] == {
        "< 4 h": 0, "4-24 h": 1, "1-3 d": 2, "3-7 d": 0, "> 7 d": 0,
    }  # fmt: skip
    assert data["by_category"] == {"Inkomen & uitkering": 3, "Zorg & Wmo": 1}
    assert data["by_urgency"] == {"normal": 3, "urgent": 1}
    assert set(rows[1]) >= {
        "id", "title", "category", "state", "urgency", "age_hours",
        "assigned_to", "url",
    }  # fmt: skip


def test_overdue_is_due_at_or_before_now(tmp_path: Path) -> None:
    """Urgent: due 4 working hours after the client's post; overdue from then on."""
    store = Store(tmp_path / "s.sqlite")
    store.save_categories("f", CATEGORIES)
    # T0 is Monday 2 Nov 2026 09:00 UTC = 10:00 in Amsterdam: urgent (deurwaarder)
    # due 10:00 + 4 h = 14:00 local = T0 + 4 h; the normal one 16 working hours
    # later (Tue 17:00 + ... ) is not due within the day
    threads = [
        make_thread(1, "Deurwaarder komt", [CLIENT], start=T0),
        make_thread(2, "Vraag", [CLIENT], start=T0),
        make_thread(3, "Deurwaarder", [CLIENT, STAFF], start=T0),  # answered
    ]
    store.save_threads("f", threads, TriageRules())
    items = store.open_questions("f")
    before = backlog_report("f", items, T0 + timedelta(hours=4, seconds=-1))
    assert before.overdue() == ()
    report = backlog_report("f", items, T0 + timedelta(hours=4))
    assert [r.item.id for r in report.overdue()] == [1]


def test_buckets_use_the_exact_waiting_time_not_the_rounded_one(
    tmp_path: Path,
) -> None:
    """3 h 57 min waiting reads "4.0 h" but is still in "< 4 h"; 23 h 57 min
    (23 h 58 min) still in "4-24 h"."""
    store = Store(tmp_path / "s.sqlite")
    store.save_categories("f", CATEGORIES)
    now = T0 + timedelta(hours=30)
    store.save_threads(
        "f",
        [
            make_thread(1, "Vraag", [CLIENT], start=now - timedelta(minutes=237)),
            make_thread(2, "Vraag", [CLIENT], start=now - timedelta(minutes=1438)),
        ],
        TriageRules(),
    )
    report = backlog_report("f", store.open_questions("f"), now)
    waiting = {r.item.id: (r.waiting_hours, r.bucket) for r in report.rows}
    assert waiting == {1: (4.0, "< 4 h"), 2: (24.0, "4-24 h")}
    assert report.by_age() == {"< 4 h": 1, "4-24 h": 1, "1-3 d": 0, "3-7 d": 0,
                               "> 7 d": 0}  # fmt: skip
