"""The inbox list: a Line-API view that renders only the questions on screen.

No widget and no table row exists per question. ``show()`` swaps in a
:class:`RowSource` (``deskapp.rowcache.ItemWindow`` is one) and ``render_line``
formats the visible lines from it, so 100,000 questions cost what 20 do.

Columns, left to right: waiting time, urgency, state, category, title,
replies, last poster's role, assignee; which of them fit, and how wide, is
``plan_columns`` in :mod:`deskapp.widgets.columns` (with the labels and the
cell fitting and search matching this widget uses).

Forum text (title, category, assignee) goes through ``deskapp.text.one_line``
and is emitted as plain Segments: no markup is ever parsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import groupby
from typing import ClassVar, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from deskapp import i18n
from deskapp.i18n import _
from deskapp.models import InboxItem
from deskapp.text import one_line
from deskapp.widgets.columns import (
    LABELS,
    RIGHT_ALIGNED,
    Plan,
    cut,
    fit,
    fold,
    labels_for,
    marks,
    plan_columns,
)
from deskapp.widgets.humanize import short_age

__all__ = ["LABELS", "QuestionList", "RowSource", "plan_columns"]


class RowSource(Protocol):
    """Ordered inbox rows, fetched on demand (``ItemWindow`` is one)."""

    def __len__(self) -> int:
        """How many rows there are."""

    def item(self, index: int) -> InboxItem | None:
        """The row at ``index``; None if it vanished."""

    def index_of(self, question_id: int) -> int | None:
        """Where ``question_id`` is, if present."""


class _NoRows:
    """The empty source a new list starts with."""

    def __len__(self) -> int:
        return 0

    def item(self, index: int) -> InboxItem | None:
        return None

    def index_of(self, question_id: int) -> int | None:
        return None


class QuestionList(ScrollView, can_focus=True):
    """A keyboard-driven list of inbox questions that renders only what is visible."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", _("Volgende"), show=False, id="inbox.down",
                tooltip=_("Naar de volgende vraag")),
        Binding("k,up", "cursor_up", _("Vorige"), show=False, id="inbox.up",
                tooltip=_("Naar de vorige vraag")),
        Binding("g,home", "first", _("Eerste"), show=False, id="inbox.first",
                tooltip=_("Naar de eerste vraag")),
        Binding("G,end", "last", _("Laatste"), show=False, id="inbox.last",
                tooltip=_("Naar de laatste vraag")),
        Binding("pageup", "page_up", _("Scherm omhoog"), show=False,
                id="inbox.page_up", tooltip=_("Eén scherm omhoog")),
        Binding("pagedown", "page_down", _("Scherm omlaag"), show=False,
                id="inbox.page_down", tooltip=_("Eén scherm omlaag")),
        Binding("enter", "open", _("Open"), id="inbox.open",
                tooltip=_("Lees de vraag onder de cursor")),
    ]  # fmt: skip

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "question-list--header", "question-list--cursor", "question-list--zebra",
        "question-list--urgent", "question-list--overdue", "question-list--dim",
        "question-list--highlight", "question-list--soon",
    }  # fmt: skip

    DEFAULT_CSS = """
    QuestionList {
        width: 1fr;
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .question-list--header {
            background: $panel; color: $foreground; text-style: bold;
        }
        & > .question-list--cursor {
            background: $block-cursor-background; color: $block-cursor-foreground;
            text-style: bold;
        }
        &:nocolor > .question-list--cursor { text-style: reverse bold; }
        & > .question-list--zebra { background: $boost; }
        & > .question-list--urgent { color: $warning; text-style: bold; }
        & > .question-list--overdue { color: $error; text-style: bold; }
        & > .question-list--soon { color: $warning; }
        & > .question-list--dim { color: $text-muted; text-style: italic; }
        & > .question-list--highlight {
            color: $accent; text-style: bold underline;
        }
    }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another question (None: nothing under it)."""

        question_id: int | None

    @dataclass
    class Opened(Message):
        """The user chose the question under the cursor."""

        question_id: int

    def __init__(
        self,
        *,
        language: str | None = None,
        due_soon: timedelta = timedelta(0),
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """An empty list; fill it with ``show()``. Its labels speak
        ``language`` (default: the desk's language); a question due within
        ``due_soon`` is marked ``~`` (overdue: ``!``)."""
        super().__init__(name=name, id=id, classes=classes)
        self.due_soon = due_soon
        self._rows: RowSource = _NoRows()
        self._now = datetime.now(UTC)
        self._cursor = 0
        self._language = language if language in LABELS else i18n.language()
        self._needles: tuple[str, ...] = ()
        self._highlight: tuple[str, ...] = ()
        self._plan: tuple[int, Plan] = (-1, ())
        self._lines: LRUCache[tuple[int, bool], Strip] = LRUCache(512)
        self._styles: dict[str, Style] = {}

    def show(self, rows: RowSource, now: datetime, *, keep: int | None = None) -> None:
        """Show ``rows``; the cursor stays on ``keep`` if present, else is clamped."""
        before, line = self.current_id, self._cursor - self.scroll_offset.y
        self._rows, self._now = rows, now
        self._lines.clear()
        found = rows.index_of(keep) if keep is not None else None
        self._cursor = self._clamp(self._cursor if found is None else found)
        self._resize(Size(0, len(rows) + 1))
        same_line = found is not None and 0 <= line < self._page
        top = self._cursor - line if same_line else self.scroll_offset.y
        self._scroll(top)
        self.refresh()
        if self.current_id != before:
            self.post_message(self.Highlighted(self.current_id))

    def _resize(self, size: Size) -> None:
        """Take a new row count without laying out the screen again.

        Assigning ``virtual_size`` reflows every widget of the screen; the
        list keeps its place and size, only its scrollbar changes, and a
        scrollbar that appears or goes asks for the layout it needs itself.
        """
        if size != self.virtual_size:
            self.set_reactive(QuestionList.virtual_size, size)
            self._scroll_update(size)

    @property
    def cursor_index(self) -> int:
        """The position of the cursor in the rows."""
        return self._cursor

    @cursor_index.setter
    def cursor_index(self, index: int) -> None:
        self._move(index)

    @property
    def current_id(self) -> int | None:
        """The id of the question under the cursor, if any."""
        if not len(self._rows):
            return None
        item = self._rows.item(self._cursor)
        return None if item is None else item.id

    @property
    def highlight(self) -> tuple[str, ...]:
        """Search words marked in titles, ignoring case and accents."""
        return self._highlight

    @highlight.setter
    def highlight(self, words: tuple[str, ...]) -> None:
        self._highlight = tuple(words)
        # a word of only combining accents folds to "": it can match nothing
        self._needles = tuple({n for w in words if (n := fold(w.strip())[0])})
        self._lines.clear()
        self.refresh()

    @property
    def language(self) -> str:
        """Language of the labels: "nl" (default) or "en"."""
        return self._language

    @language.setter
    def language(self, language: str) -> None:
        self._language = language if language in LABELS else i18n.language()
        self._plan = (-1, ())
        self._lines.clear()
        self.refresh()

    def action_cursor_down(self) -> None:
        """Move to the next question."""
        self._move(self._cursor + 1)

    def action_cursor_up(self) -> None:
        """Move to the previous question."""
        self._move(self._cursor - 1)

    def action_first(self) -> None:
        """Move to the first question."""
        self._move(0)

    def action_last(self) -> None:
        """Move to the last question."""
        self._move(len(self._rows) - 1)

    def action_page_down(self) -> None:
        """Move one screen down, keeping the cursor on its screen line."""
        self._move(self._cursor + self._page, self.scroll_offset.y + self._page)

    def action_page_up(self) -> None:
        """Move one screen up, keeping the cursor on its screen line."""
        self._move(self._cursor - self._page, self.scroll_offset.y - self._page)

    def action_open(self) -> None:
        """Open the question under the cursor."""
        if (question_id := self.current_id) is not None:
            self.post_message(self.Opened(question_id))

    def on_click(self, event: events.Click) -> None:
        """A click moves the cursor to the row; a double click opens it."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = self.scroll_offset.y + offset.y - 1
        if index < len(self._rows):
            self._move(index)
            if event.chain > 1:
                self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        """Keep the cursor visible when the list changes size."""
        self._scroll(self.scroll_offset.y)

    def notify_style_update(self) -> None:
        """Forget rendered lines and styles when the CSS or theme changes."""
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    def render_line(self, y: int) -> Strip:
        """Render screen line ``y``: the header, a question, or blank."""
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header(width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self._rows):
            if index == 0:
                return self._message(self._labels["empty"], width, cursor=False)
            return Strip.blank(width, self.rich_style)
        key = (index, index == self._cursor)
        strip = self._lines.get(key)
        if strip is None or strip.cell_length != width:
            strip = self._lines[key] = self._row(index, width, key[1])
        return strip

    @property
    def _labels(self) -> dict[str, str]:
        """The label table of the current language."""
        return labels_for(self._language)

    def _columns(self, width: int) -> Plan:
        """The column plan for ``width``, computed once per width and language."""
        if self._plan[0] != width:
            self._plan = (width, plan_columns(width, self._language))
        return self._plan[1]

    def _style(self, name: str) -> Style:
        """A resolved style: "base", a row component, or a cell decoration."""
        if name not in self._styles:
            if name == "base":
                style = self.rich_style
            elif name in ("header", "cursor", "zebra"):
                style = self.get_component_rich_style(f"question-list--{name}")
            else:
                full = self.get_component_rich_style(f"question-list--{name}")
                partial = self.get_component_rich_style(
                    f"question-list--{name}", partial=True
                )
                style = Style.from_color(full.color) + partial.without_color
            self._styles[name] = style
        return self._styles[name]

    def _header(self, width: int) -> Strip:
        """The column titles."""
        style = self._style("header")
        text = " ".join(
            fit(self._labels[f"col.{key}"], size, key in RIGHT_ALIGNED)
            for key, size in self._columns(width)
        )
        return Strip([Segment(fit(text, width), style)], width)

    def _message(self, text: str, width: int, cursor: bool) -> Strip:
        """A dim line of our own text (empty list, vanished row)."""
        style = self._style("base") + self._style("dim")
        if cursor:
            style += self._style("cursor")
        return Strip([Segment(fit(" " + text, width), style)], width)

    def _row(self, index: int, width: int, cursor: bool) -> Strip:
        """Format the question at ``index`` into one line."""
        item = self._rows.item(index)
        if item is None:
            return self._message(self._labels["gone"], width, cursor)
        row = self._style("zebra" if index % 2 else "base")
        top = self._style("cursor") if cursor else Style()
        segments: list[Segment] = []
        used = 0
        for key, size in self._columns(width):
            if used:
                segments.append(Segment(" ", row + top))
                used += 1
            if key == "title":
                segments.extend(self._title(one_line(item.title), size, row, top))
            else:
                text, deco = self._cell(key, item)
                style = row + self._style(deco) + top if deco else row + top
                segments.append(Segment(fit(text, size, key in RIGHT_ALIGNED), style))
            used += size
        if used < width:
            segments.append(Segment(" " * (width - used), row + top))
        return Strip(segments, width).crop(0, width)

    def _cell(self, key: str, item: InboxItem) -> tuple[str, str | None]:
        """The text of one non-title cell and its decoration, if any."""
        labels = self._labels
        if key == "wait":
            since = item.waiting_since or item.last_posted_at
            age = short_age(since, self._now, self._language)
            if item.is_overdue(self._now):
                return age + "!", "overdue"
            if item.is_due_soon(self._now, self.due_soon):
                return age + "~", "soon"
            return age + " ", None
        if key == "urgency":
            deco = {"urgent": "urgent", "low": "dim"}.get(item.urgency.value)
            return labels[f"urgency.{item.urgency.value}"], deco
        if key == "state":
            return labels[f"state.{item.state.value}"], None
        if key == "category":
            return one_line(item.category), None
        if key == "replies":
            replies = max(item.posts_count - 1, 0)
            return (str(replies) if replies < 1000 else "999"), None
        if key == "role":
            return labels[f"role.{item.last_poster_role.value}"], None
        return one_line(item.assigned_to) or labels["unassigned"], None

    def _title(self, title: str, size: int, row: Style, top: Style) -> list[Segment]:
        """The title cell, with search words marked."""
        shown, was_cut = cut(title, size)
        plain, marked = row + top, row + self._style("highlight") + top
        segments = [Segment(shown, plain)]
        if self._needles and shown:
            segments, start = [], 0
            for hit, run in groupby(marks(shown, self._needles)):
                end = start + len(list(run))
                segments.append(Segment(shown[start:end], marked if hit else plain))
                start = end
        pad = size - cell_len(shown) - (1 if was_cut else 0)
        return [*segments, Segment(("…" if was_cut else "") + " " * pad, plain)]

    @property
    def _page(self) -> int:
        """How many question lines fit under the header."""
        return max(self.scrollable_content_region.height - 1, 1)

    def _clamp(self, index: int) -> int:
        """``index`` limited to the rows (0 when there are none)."""
        return max(min(index, len(self._rows) - 1), 0)

    def _scroll(self, top: int) -> None:
        """Scroll near ``top``, as little as needed to keep the cursor visible."""
        top = min(max(top, self._cursor - self._page + 1), self._cursor)
        top = max(min(top, len(self._rows) - self._page), 0)
        if top != self.scroll_offset.y:
            self.scroll_to(y=top, animate=False, force=True)

    def _move(self, index: int, top: int | None = None) -> None:
        """Put the cursor on ``index``, refresh two lines, and say so once."""
        index, old = self._clamp(index), self._cursor
        if index == old:
            return
        self._cursor = index
        self.refresh_line(old + 1)
        self.refresh_line(index + 1)
        self._scroll(self.scroll_offset.y if top is None else top)
        self.post_message(self.Highlighted(self.current_id))
