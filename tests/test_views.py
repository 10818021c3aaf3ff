"""Inbox views over the store: filters, sorts, search, counts and due times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from deskapp.models import State, Urgency
from deskapp.rowcache import ItemWindow
from deskapp.store import Counts, Store
from deskapp.triage import TriageRules
from deskapp.views import DEFAULT_SECTIONS, Sort, ViewFilter
from tests.factories import ADVISER, CATEGORIES, CLIENT, PEER, STAFF, T0, make_thread

# T0 is Monday 2 Nov 2026 09:00 UTC = 10:00 in Amsterdam.
NOW = T0 + timedelta(days=1)  # Tuesday 10:00 Amsterdam
ME = "j.devries"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """Six questions with known urgency, state, assignee and waiting time."""
    store = Store(tmp_path / "s.sqlite")
    store.save_categories("f", CATEGORIES)
    threads = [
        # 1: urgent, new, unassigned, waiting since Mon 10:00 -> due Mon 14:00
        make_thread(1, "Deurwaarder aan de deur", [CLIENT], start=T0),
        # 2: normal, new, mine, waiting since Mon 11:00 -> due Wed 10:00
        make_thread(2, "Vraag over de kostendelersnorm", [CLIENT],
                    start=T0 + timedelta(hours=1), assigned_to=ME),
        # 3: normal, waiting_staff after a peer, in Zorg & Wmo
        make_thread(3, "Wmo-aanvraag huishoudelijke hulp", [CLIENT, PEER],
                    start=T0 + timedelta(hours=20), category_id=2),
        # 4: normal, answered by staff, client came back
        make_thread(4, "Reiskosten sollicitatie", [CLIENT, STAFF, CLIENT],
                    start=T0 + timedelta(hours=21), assigned_to="collega"),
        # 5: waiting for the client (adviser answered)
        make_thread(5, "Gesprek klantmanager", [CLIENT, ADVISER],
                    start=T0 + timedelta(hours=2)),
        # 6: solved: in no open view
        make_thread(6, "Opgelost", [CLIENT, STAFF], accepted_post_id=601),
    ]  # fmt: skip
    store.save_threads("f", threads, TriageRules())
    return store


def ids(
    store: Store, flt: ViewFilter, sort: Sort = Sort.URGENT, search: str = ""
) -> list[int]:
    """Shorthand for a view's ids."""
    return store.view_ids("f", flt, sort, me=ME, now=NOW, search=search)


def test_due_times_follow_targets_in_working_hours(store: Store) -> None:
    """Urgent waits 4 working hours, normal 16; the waiting client's has none."""
    items = {i.id: i for i in store.items("f", [1, 2, 5])}
    assert items[1].due_at == T0 + timedelta(hours=4)
    # Mon 11:00-17:00 is 6 h, Tue 8.5 h, then 1.5 h on Wed: 10:00 local
    assert items[2].due_at == datetime(2026, 11, 4, 9, 0, tzinfo=UTC)
    assert items[5].due_at is None
    assert items[1].is_overdue(NOW)
    assert not items[2].is_overdue(NOW)


def test_default_order_and_header_counts(store: Store) -> None:
    """Urgent first, then who waits for staff longest, then waiting clients."""
    assert ids(store, ViewFilter()) == [1, 2, 3, 4, 5]
    assert store.header_counts("f", me=ME, now=NOW) == Counts(
        open=5, urgent=1, unanswered=3, overdue=1, mine=1
    )


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (ViewFilter(urgencies=(Urgency.URGENT,)), [1]),
        (ViewFilter(categories=("zorg-wmo",)), [3]),
        (ViewFilter(states=(State.WAITING_CLIENT,)), [5]),
        (ViewFilter(unassigned=True), [1, 3, 5]),
        (ViewFilter(mine=True), [2]),
        (ViewFilter(no_staff_answer=True), [1, 2, 3]),
        (ViewFilter(overdue=True), [1]),
        (ViewFilter(waiting_for_staff=True), [1, 2, 3, 4]),
        (ViewFilter(states=(State.SOLVED,)), [6]),
        (ViewFilter(assignee=ME), [2]),
        (ViewFilter(assignee="niemand"), []),
    ],
)
def test_each_filter(store: Store, flt: ViewFilter, expected: list[int]) -> None:
    """Every filter of the f panel narrows the view as its name says."""
    assert ids(store, flt) == expected


def test_filters_narrow_sections(store: Store) -> None:
    """A filter on top of a section keeps both restrictions."""
    section = ViewFilter(waiting_for_staff=True)
    both = section.narrowed(ViewFilter(unassigned=True))
    assert ids(store, both) == [1, 3]
    assert ViewFilter().narrowed(ViewFilter()).is_default
    assert section.narrowed(ViewFilter(assignee=ME)).assignee == ME


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort.URGENT, [1, 2, 3, 4, 5]),
        (Sort.WAITING, [1, 2, 3, 4, 5]),
        (Sort.DUE, [1, 2, 3, 4, 5]),
        (Sort.NEWEST, [4, 3, 5, 2, 1]),
        (Sort.ACTIVE, [4, 3, 5, 2, 1]),
    ],
)
def test_sorts(store: Store, sort: Sort, expected: list[int]) -> None:
    """Each sort orders the open questions as its name says."""
    assert ids(store, ViewFilter(), sort) == expected


def test_sort_cycles_through_every_order() -> None:
    """s goes round all sorts and back to the default."""
    seen = [Sort.URGENT]
    while (nxt := seen[-1].next()) is not Sort.URGENT:
        seen.append(nxt)
    assert set(seen) == set(Sort)


def test_search_within_a_view(store: Store) -> None:
    """Search matches titles and posts, inside the current filter."""
    assert ids(store, ViewFilter(), search="reis sollicit") == [4]
    assert ids(store, ViewFilter(), search="KOSTENDELER") == [2]
    assert ids(store, ViewFilter(mine=True), search="reis") == []
    assert ids(store, ViewFilter(), search="bericht") == [1, 2, 3, 4, 5]
    assert ids(store, ViewFilter(), search='"') == [1, 2, 3, 4, 5]


def test_default_sections_count(store: Store) -> None:
    """The default tabs and their counts."""
    counts = {
        s.name: store.view_count("f", s.filter, me=ME, now=NOW)
        for s in DEFAULT_SECTIONS
    }
    assert counts == {
        "Alles": 5, "Urgent": 1, "Wacht op ons": 4, "Onverdeeld": 2,
        "Van mij": 1, "Te laat": 1, "Uitgesteld": 0,
    }  # fmt: skip


def test_item_window_fetches_only_around_the_cursor() -> None:
    """A 100,000-question view fetches rows in windows, not all at once."""
    fetched: list[int] = []

    def fetch(wanted):  # type: ignore[no-untyped-def]
        fetched.extend(wanted)
        return [make_thread(i, f"Vraag {i}", [CLIENT]).question for i in []]

    window = ItemWindow(list(range(100_000)), fetch, margin=50)
    assert window.index_of(99_999) == 99_999
    window.item(5_000)
    assert 0 < len(fetched) <= 150
    assert min(fetched) == 4_950
