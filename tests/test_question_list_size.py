"""QuestionList: the scrollbar follows the number of rows without a screen reflow."""

from __future__ import annotations

from deskapp.widgets.question_list import QuestionList
from tests.test_question_list import NOW, ListApp, rows, screen_text


async def test_scrollbar_comes_and_goes_with_the_rows() -> None:
    """Three rows: no scrollbar; 100: a scrollbar and G reaches the last row;
    three again: the scrollbar goes and the rows use the whole width."""
    app = ListApp()
    async with app.run_test(size=(80, 12)) as pilot:
        widget = app.query_one(QuestionList)
        widget.show(rows([1, 2, 3]), NOW)
        await pilot.pause()
        assert not widget.show_vertical_scrollbar
        full = widget.scrollable_content_region.width
        widget.show(rows(range(1, 101)), NOW)
        await pilot.pause()
        assert widget.show_vertical_scrollbar
        assert widget.scrollable_content_region.width == full - 1
        await pilot.press("G")
        await pilot.pause()
        assert widget.current_id == 100
        assert "Vraag 100" in "\n".join(screen_text(widget))
        widget.show(rows([1, 2, 3]), NOW)
        await pilot.pause()
        assert not widget.show_vertical_scrollbar
        assert widget.scrollable_content_region.width == full
        assert widget.scroll_offset.y == 0
        assert "Vraag 1" in "\n".join(screen_text(widget))
