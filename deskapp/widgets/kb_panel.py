"""The knowledge-base panel beside a question: articles that may answer it.

It lists articles (title and a one-line summary) the screen hands in: the
suggestions for the question, or what a search found. ``/`` searches,
enter asks for the article under the highlight to be linked in the reply,
esc closes the panel. Article text comes from the forum: it is shown as
``Content`` only, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from deskapp.i18n import _
from deskapp.models import KbArticle
from deskapp.text import one_line

__all__ = ["SEARCH_QUIET", "KbEntry", "KbList", "KbPanel"]

SEARCH_QUIET = 0.3
"""Seconds after the last key in the search box before it searches."""


@dataclass(frozen=True, slots=True)
class KbEntry:
    """An article as the panel lists it."""

    article: KbArticle
    summary: str
    """One line on what it answers."""


class KbList(OptionList):
    """The articles; enter links the one under the highlight."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", _("Link invoegen"), id="kb.insert",
                tooltip=_("Zet een link naar dit artikel, met een samenvatting, in het"
                " antwoord")),
    ]  # fmt: skip


class KbPanel(Vertical):
    """Title line, a search box (after ``/``), the articles."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"kb-panel--summary"}

    DEFAULT_CSS = """
    KbPanel {
        display: none;
        width: 34;
        max-width: 45%;
        height: 1fr;
        &.-open { display: block; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", _("Zoeken"), id="kb.search",
                tooltip=_("Zoek in de kennisbank")),
        Binding("escape", "leave", _("Paneel dicht"), id="kb.close",
                tooltip=_("Sluit het kennisbankpaneel")),
    ]  # fmt: skip

    @dataclass
    class Chosen(Message):
        """Link ``article`` in the reply."""

        article: KbArticle

    @dataclass
    class Search(Message):
        """Search the knowledge base for ``text`` (empty: the suggestions)."""

        text: str

    @dataclass
    class Left(Message):
        """The user closed the panel (esc)."""

    def __init__(self, *, id: str | None = None) -> None:
        """An empty panel; :meth:`show` fills it."""
        super().__init__(id=id)
        self.entries: list[KbEntry] = []
        """The articles listed, best first."""
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """Title, search box (hidden), the list."""
        yield Static(_("Kennisbank"), id="kb-title", markup=False)
        search = Input(placeholder=_("zoek in de kennisbank"), id="kb-search")
        search.display = False
        yield search
        yield KbList(id="kb-list", markup=False)

    @property
    def is_open(self) -> bool:
        """True while the panel is shown."""
        return self.has_class("-open")

    @property
    def current(self) -> KbArticle | None:
        """The article under the highlight."""
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index].article

    def open(self) -> None:
        """Show the panel, the keyboard in its list."""
        self.add_class("-open")
        self.query_one(OptionList).focus()

    def close(self) -> None:
        """Hide the panel."""
        self.remove_class("-open")

    def show(self, entries: Sequence[KbEntry], title: str) -> None:
        """List ``entries`` under ``title`` (``Kennisbank · suggesties``)."""
        self.entries = list(entries)
        self.query_one("#kb-title", Static).update(title)
        listing = self.query_one(OptionList)
        options: list[Option | None] = []
        for entry in self.entries:
            options += [Option(self._prompt(entry)), None]  # None: a rule between
        listing.set_options(options[:-1])
        if not self.entries:
            empty = _("Geen artikelen gevonden; / zoekt in de kennisbank.")
            listing.add_option(Option(empty, disabled=True))
        else:
            listing.highlighted = 0

    def _prompt(self, entry: KbEntry) -> Content:
        """The title in bold, the summary below it."""
        style: Style = self.get_visual_style("kb-panel--summary", partial=True)
        title = one_line(entry.article.title, 120)
        lines: list[str | tuple[str, Style]] = [(title, Style(bold=True))]
        if entry.summary:
            lines += ["\n", (one_line(entry.summary, 160), style)]
        return Content.assemble(*lines)

    def action_search(self) -> None:
        """Show the search box with the keyboard in it."""
        search = self.query_one("#kb-search", Input)
        search.display = True
        search.focus()

    def action_leave(self) -> None:
        """Esc: out of the search box, or close the panel."""
        search = self.query_one("#kb-search", Input)
        if search.has_focus:
            self.query_one(OptionList).focus()
            return
        self.post_message(self.Left())

    @on(Input.Changed, "#kb-search")
    def _typed(self, event: Input.Changed) -> None:
        """Search once the typing pauses."""
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SEARCH_QUIET, self._search)

    @on(Input.Submitted, "#kb-search")
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter in the search box: search now, then choose from the list."""
        event.stop()
        self._search()
        self.query_one(OptionList).focus()

    def _search(self) -> None:
        """Ask for the articles matching the search box."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text = self.query_one("#kb-search", Input).value
        self.post_message(self.Search(text.strip()))

    @on(OptionList.OptionSelected, "#kb-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on an article: link it in the reply."""
        event.stop()
        if 0 <= event.option_index < len(self.entries):
            self.post_message(self.Chosen(self.entries[event.option_index].article))
