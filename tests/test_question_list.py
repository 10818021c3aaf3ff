"""QuestionList: keys, messages, keep-on-refresh, 100k rows, hostile text, widths."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from textual.app import App, ComposeResult
from textual.message import Message
from textual.strip import Strip

from deskapp.models import InboxItem, Role, State, Urgency
from deskapp.rowcache import ItemWindow
from deskapp.widgets.question_list import QuestionList, plan_columns

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
LONG = "Mijn bijstandsuitkering is gestopt en ik weet niet waarom dat zo is gebeurd"


def make_item(qid: int, title: str | None = None, **changes: object) -> InboxItem:
    """A waiting question; ``changes`` override fields."""
    item = InboxItem(
        id=qid,
        title=title if title is not None else f"Vraag {qid}",
        category="Inkomen & uitkering",
        category_slug="inkomen-uitkering",
        state=State.WAITING_STAFF,
        urgency=Urgency.NORMAL,
        created_at=NOW - timedelta(days=2),
        last_posted_at=NOW - timedelta(hours=3),
        waiting_since=NOW - timedelta(hours=3),
        posts_count=3,
        last_poster_role=Role.CLIENT,
        assigned_to="j.devries",
        tags=(),
        url=f"demo://t/{qid}",
    )
    return replace(item, **changes)  # type: ignore[arg-type]


class ListRows:
    """A RowSource over a plain list; None entries are vanished rows."""

    def __init__(self, items: Sequence[InboxItem | None]) -> None:
        """Hold ``items`` in order."""
        self.items = list(items)

    def __len__(self) -> int:
        """How many rows."""
        return len(self.items)

    def item(self, index: int) -> InboxItem | None:
        """The row at ``index``."""
        return self.items[index]

    def index_of(self, question_id: int) -> int | None:
        """Linear search is fine for tests."""
        for index, item in enumerate(self.items):
            if item is not None and item.id == question_id:
                return index
        return None


def rows(ids: Sequence[int]) -> ListRows:
    """Rows for the given ids."""
    return ListRows([make_item(qid) for qid in ids])


class ListApp(App[None]):
    """Just the list, recording what it posts."""

    def __init__(self, language: str = "nl") -> None:
        """A test app; ``messages`` collects Highlighted and Opened."""
        super().__init__()
        self.language = language
        self.messages: list[Message] = []

    def compose(self) -> ComposeResult:
        """Only the widget under test."""
        yield QuestionList(language=self.language)

    def on_question_list_highlighted(self, message: QuestionList.Highlighted) -> None:
        """Record cursor moves."""
        self.messages.append(message)

    def on_question_list_opened(self, message: QuestionList.Opened) -> None:
        """Record opens."""
        self.messages.append(message)


def screen_text(widget: QuestionList) -> list[str]:
    """The visible lines as plain text."""
    return [widget.render_line(y).text for y in range(widget.size.height)]


def highlighted(strip: Strip) -> list[str]:
    """Texts of the segments drawn with the highlight (underline) style."""
    return [seg.text for seg in strip if seg.style is not None and seg.style.underline]


async def test_keys_move_the_cursor_and_post_highlighted() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(rows(range(100, 200)), NOW)
        await pilot.pause()
        expected = [
            ("j", 1), ("down", 2), ("k", 1), ("up", 0), ("G", 99), ("g", 0),
            ("end", 99), ("home", 0), ("pagedown", 23), ("pagedown", 46),
            ("pageup", 23),
        ]  # fmt: skip
        for key, index in expected:
            app.messages.clear()
            await pilot.press(key)
            assert widget.cursor_index == index, key
            assert app.messages == [QuestionList.Highlighted(100 + index)], key


async def test_no_message_when_the_cursor_cannot_move() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(rows(range(5)), NOW)
        await pilot.pause()
        app.messages.clear()
        await pilot.press("k", "home")
        assert app.messages == []


async def test_a_move_in_view_repaints_only_two_lines() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(rows(range(1000)), NOW)
        await pilot.pause()
        painted: list[int] = []
        original = widget.refresh_line

        def spy(y: int) -> None:
            painted.append(y)
            original(y)

        widget.refresh_line = spy  # type: ignore[method-assign]
        await pilot.press("j")
        assert painted == [1, 2]
        assert widget.scroll_offset.y == 0


async def test_enter_posts_opened_with_the_id() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(rows([7, 8, 9]), NOW)
        await pilot.press("j", "j")
        app.messages.clear()
        await pilot.press("enter")
        assert app.messages == [QuestionList.Opened(9)]
        assert widget.current_id == 9


async def test_double_click_opens_the_row() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(rows([7, 8, 9]), NOW)
        await pilot.pause()
        app.messages.clear()
        await pilot.double_click(QuestionList, offset=(45, 3))
        assert widget.current_id == 9
        assert QuestionList.Opened(9) in app.messages


async def test_show_keeps_the_question_and_its_screen_line() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(rows(range(1000, 1500)), NOW)
        widget.cursor_index = 240
        widget.cursor_index = 230
        await pilot.pause()
        line = widget.cursor_index - widget.scroll_offset.y
        assert 0 < line < 20
        app.messages.clear()
        widget.show(rows([1, 2, 3, *range(1000, 1500)]), NOW, keep=1230)
        await pilot.pause()
        assert widget.current_id == 1230
        assert widget.cursor_index == 233
        assert widget.cursor_index - widget.scroll_offset.y == line
        assert app.messages == []


async def test_show_clamps_when_the_question_vanished() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(rows(range(50)), NOW)
        await pilot.press("G")
        app.messages.clear()
        widget.show(rows(range(10)), NOW, keep=49)
        await pilot.pause()
        assert widget.cursor_index == 9
        assert app.messages == [QuestionList.Highlighted(9)]
        widget.show(rows([]), NOW, keep=9)
        await pilot.pause()
        assert widget.current_id is None
        assert "Geen vragen in deze weergave." in screen_text(widget)[1]


async def test_100k_rows_show_instantly_and_fetch_only_what_is_visible() -> None:
    fetched: list[int] = []

    def fetch(ids: Sequence[int]) -> list[InboxItem]:
        fetched.extend(ids)
        return [make_item(qid) for qid in ids]

    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        window = ItemWindow(range(100_000), fetch)
        started = time.perf_counter()
        widget.show(window, NOW)
        assert time.perf_counter() - started < 0.1
        await pilot.pause()
        assert set(range(23)) <= set(fetched)
        assert len(fetched) <= 200
        await pilot.press("G")
        assert set(range(99_977, 100_000)) <= set(fetched)
        assert len(fetched) <= 400
        assert widget.current_id == 99_999


async def test_hostile_titles_render_as_plain_text() -> None:
    titles = ["[@click=app.quit]x[/]", "\x1b]52;c;AAAA\x1b\\ok", "[OPGELOST] Huur"]
    app = ListApp()
    async with app.run_test(size=(120, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(ListRows([make_item(n, t) for n, t in enumerate(titles)]), NOW)
        await pilot.pause()
        lines = [widget.render_line(y) for y in (1, 2, 3)]
        assert "[@click=app.quit]x[/]" in lines[0].text
        assert " \u241bok " in lines[1].text  # the OSC 52 shows as one ␛
        assert "[OPGELOST] Huur" in lines[2].text
        for strip in lines:
            assert "\x1b" not in strip.text
            assert all(s.style is None or not s.style.meta for s in strip)
        await pilot.click(QuestionList, offset=(45, 2))
        assert app.is_running
        assert widget.cursor_index == 1


async def test_highlight_ignores_case_and_accents() -> None:
    app = ListApp()
    async with app.run_test(size=(100, 24)) as pilot:
        widget = app.query_one(QuestionList)
        items = [make_item(1), make_item(2, "Één keer HUUR: geen huurtoeslag")]
        widget.show(ListRows(items), NOW)
        widget.highlight = ("een", "huur")
        await pilot.pause()
        assert highlighted(widget.render_line(2)) == ["Één", "HUUR", "een", "huur"]
        assert highlighted(widget.render_line(1)) == []
        widget.highlight = ()
        assert highlighted(widget.render_line(2)) == []


async def test_width_80_shows_assignee_and_cuts_the_title() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(ListRows([make_item(n, LONG) for n in range(100)]), NOW)
        await pilot.pause()
        header, first = screen_text(widget)[:2]
        for label in ("Wacht", "Urg.", "Status", "Categorie", "Titel", "Toegewezen"):
            assert label in header
        assert "Laatste" not in header
        assert "Mijn bijstandsuitkering" in first
        assert "j.devries" in first
        title = first[header.index("Titel") : header.index("Toegewezen")].rstrip()
        assert title.endswith("…")
        assert header.index("Toegewezen") - header.index("Titel") - 1 >= 28


async def test_width_60_drops_columns_but_keeps_the_title() -> None:
    app = ListApp()
    async with app.run_test(size=(60, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(ListRows([make_item(1, LONG)]), NOW)
        await pilot.pause()
        header, first = screen_text(widget)[:2]
        assert "Toegewezen" not in header
        assert "Categorie" not in header
        assert "Titel" in header
        assert "Mijn bijstandsuitkering" in first


def test_wide_terminals_add_replies_and_role() -> None:
    assert [key for key, _ in plan_columns(120)] == [
        "wait", "urgency", "state", "category", "title", "replies", "role", "assignee",
    ]  # fmt: skip
    for width in (20, 40, 60, 80, 100, 120, 200):
        plan = dict(plan_columns(width))
        assert sum(plan.values()) + len(plan) - 1 <= width
        assert plan["title"] >= min(28, width)


async def test_overdue_and_urgent_are_visible_without_colour() -> None:
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        late = make_item(1, due_at=NOW - timedelta(minutes=5), urgency=Urgency.URGENT)
        fine = make_item(2, due_at=NOW + timedelta(hours=1))
        widget.show(ListRows([late, fine]), NOW)
        await pilot.pause()
        late_line, fine_line = screen_text(widget)[1:3]
        assert late_line.startswith("  3 u!")
        assert "urgent" in late_line
        assert fine_line.startswith("  3 u ")
        assert "!" not in fine_line


async def test_vanished_rows_and_english_labels() -> None:
    app = ListApp(language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(ListRows([make_item(1), None]), NOW)
        await pilot.pause()
        header, first, gone = screen_text(widget)[:3]
        assert "Assignee" in header
        assert "awaiting us" in first
        assert "(question no longer available)" in gone
        widget.show(ListRows([]), NOW)
        assert "No questions in this view." in screen_text(widget)[1]


@pytest.mark.parametrize("no_color", [False, True])
async def test_cursor_row_stands_out_even_without_colour(
    no_color: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = ListApp()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(rows(range(3)), NOW)
        await pilot.pause()
        cursor, other = widget.render_line(1), widget.render_line(2)
        reverse = [bool(s.style and s.style.reverse) for s in cursor]
        assert all(reverse) if no_color else not any(reverse)
        assert not any(s.style is not None and s.style.reverse for s in other)
        assert {s.style.bgcolor for s in cursor if s.style} != {
            s.style.bgcolor for s in other if s.style
        }
