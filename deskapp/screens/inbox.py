"""The inbox: the open questions of a section, searched, filtered and sorted."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from deskapp.desk import Desk
from deskapp.i18n import _, ngettext
from deskapp.rowcache import ItemWindow
from deskapp.screens.commands import Command, ScreenCommands
from deskapp.screens.filters import FilterScreen
from deskapp.screens.help import HelpScreen, bindings_table
from deskapp.store import Counts, SyncStatus
from deskapp.views import Section, Sort, ViewFilter
from deskapp.widgets.question_list import QuestionList
from deskapp.widgets.search_box import SearchBox
from deskapp.widgets.section_tabs import SectionTabs
from deskapp.widgets.status_bar import StatusBar

__all__ = ["InboxScreen"]

CLOCK_TICK = 60.0
"""Seconds between reading the view again while nothing else did."""

SORT_LABELS = {
    Sort.URGENT: _("urgentie"),
    Sort.WAITING: _("wachttijd"),
    Sort.DUE: _("deadline"),
    Sort.NEWEST: _("nieuwste"),
    Sort.ACTIVE: _("laatste activiteit"),
}


def _section_bindings() -> list[BindingType]:
    """Keys 1..9 switch sections."""
    return [
        Binding(str(n), f"section({n - 1})", _("Weergave {n}").format(n=n), show=False,
                id=f"inbox.section_{n}", tooltip=_("Naar weergave {n}").format(n=n))
        for n in range(1, 10)
    ]  # fmt: skip


class InboxScreen(Screen[None]):
    """The screen staff live in: sections, counts, the list, the status."""

    COMMANDS: ClassVar = {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority: the action runs before the keys typed right after the
        # slash are routed, so "/kost" typed in one go lands in the box.
        Binding(
            "slash",
            "search",
            _("Zoek"),
            id="inbox.search",
            priority=True,
            tooltip=_("Zoek in titels en berichten terwijl u typt"),
        ),
        Binding(
            "f",
            "filters",
            _("Filters"),
            id="inbox.filters",
            tooltip=_("Filter op categorie, urgentie, status, toegewezen"),
        ),
        Binding(
            "s",
            "cycle_sort",
            _("Sorteer"),
            id="inbox.sort",
            tooltip=_("Volgende sortering"),
        ),
        Binding(
            "r", "sync", _("Sync"), id="inbox.sync", tooltip=_("Nu synchroniseren")
        ),
        Binding(
            "d",
            "drafts",
            _("Concepten"),
            id="inbox.drafts",
            tooltip=_("Open concepten: begonnen, nog niet verstuurde antwoorden"),
        ),
        Binding(
            "escape",
            "clear",
            _("Wis zoeken/filters"),
            show=False,
            id="inbox.clear",
            priority=True,
            tooltip=_("Wis het zoeken en de filters"),
        ),
        Binding(
            "question_mark",
            "help",
            _("Help"),
            id="inbox.help",
            tooltip=_("Alle toetsen van dit scherm"),
        ),
        Binding(
            "q", "app.quit", _("Stop"), id="app.quit", tooltip=_("deskapp afsluiten")
        ),
        *_section_bindings(),
    ]

    def __init__(self, desk: Desk) -> None:
        """The inbox of ``desk``'s forum, on its first section."""
        super().__init__()
        self.desk = desk
        self.section_index = 0
        self.sorts: dict[int, Sort] = {}
        self.extra = ViewFilter()
        self.query_text = ""
        self.window = ItemWindow([], lambda ids: [])
        self.shown_query = ""
        """The search whose results the list shows (the box may be ahead)."""
        self.tab_counts: list[int | None] = [None] * len(desk.sections)
        self.counts: Counts | None = None

    @property
    def section(self) -> Section:
        """The current section, with its sort as the user set it."""
        section = self.desk.sections[self.section_index]
        return section.with_sort(self.sorts.get(self.section_index, section.sort))

    def compose(self) -> ComposeResult:
        """Tabs, counts, search box, list, status bar, footer."""
        yield SectionTabs(id="tabs", markup=False)
        yield Static(id="counts", markup=False)
        yield SearchBox(
            on_enter=self.search_entered,
            placeholder=_("Zoek in titels en berichten…"),
            id="search",
        )
        yield QuestionList(id="questions", due_soon=self.desk.config.desk.due_soon)
        yield StatusBar(id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Load the first section from the store; read it again every
        :data:`CLOCK_TICK` seconds while on screen, as time alone moves
        questions to due soon and overdue."""
        self.query_one("#search", Input).display = False
        self.query_one(QuestionList).focus()
        self.reload(tabs=True)
        self.set_interval(CLOCK_TICK, self._tick)

    def _tick(self) -> None:
        """The clock moved on: the waiting times, marks and counts with it."""
        if self.app.screen is self:
            self.refresh_view()

    # -- loading -------------------------------------------------------------

    @work(thread=True, exclusive=True, group="inbox-load", exit_on_error=False)
    def reload(self, keep: int | None = None, tabs: bool = False) -> None:
        """Query the view in a thread and show it; then, with ``tabs``, the
        counts (they change with the store, not with a search or filter)."""
        worker = get_current_worker()
        query = self.query_text
        window = self.desk.view(self.section, self.extra, query)
        at = window.index_of(keep) if keep is not None else None
        if len(window):
            window.item(at or 0)
        status = self.desk.status()
        if worker.is_cancelled:
            return
        self.app.call_from_thread(self._show, window, keep, status, query)
        if tabs or self.counts is None:
            counts, tab_counts = self.desk.counts(), self.desk.section_counts()
            if not worker.is_cancelled:
                self.app.call_from_thread(self._show_counts, counts, tab_counts)

    def _show_counts(self, counts: Counts, tab_counts: list[int]) -> None:
        """The header counts and the tab counts, once computed."""
        self.counts, self.tab_counts = counts, list(tab_counts)
        self._show_header()

    def _show(
        self, window: ItemWindow, keep: int | None, status: SyncStatus, query: str
    ) -> None:
        """Hand the loaded view (of search ``query``) to the widgets."""
        if query != self.query_text and self.shown_query == self.query_text:
            return  # an older search finished after a newer one was shown
        self.window, self.shown_query = window, query
        questions = self.query_one(QuestionList)
        questions.highlight = tuple(query.split())
        questions.show(window, self.desk.now(), keep=keep)
        self._show_header()
        self.show_status(status)

    def _show_header(self) -> None:
        """Tabs and the counts line."""
        names = [s.name for s in self.desk.sections]
        self.query_one(SectionTabs).show(names, self.tab_counts, self.section_index)
        self.query_one("#counts", Static).update(self._counts_line())

    def _counts_line(self) -> Text:
        """Open, urgent, unanswered, overdue, mine; then sort, filter, search."""
        c = self.counts
        if c is None:
            return Text(_(" laden…"))
        line = Text.assemble(
            (_(" {open} open").format(open=c.open), "bold"),
            " · ",
            (_("{urgent} urgent").format(urgent=c.urgent), "bold" if c.urgent else ""),
            " · ",
            _("{unanswered} zonder antwoord · ").format(unanswered=c.unanswered),
            (
                _("{overdue} te laat").format(overdue=c.overdue),
                "bold" if c.overdue else "",
            ),
            _(" ({n} bijna)").format(n=c.due_soon) if c.due_soon else "",
            " · ",
            _("{mine} van mij").format(mine=c.mine),
            no_wrap=True,
            overflow="ellipsis",
        )
        return line

    def _view_line(self) -> str:
        """Sort, filter and search of the view, for the status bar."""
        parts = [_("sort: {sort}").format(sort=SORT_LABELS[self.section.sort])]
        if self.extra.label:
            parts.append(_("filter: {label}").format(label=self.extra.label))
        elif not self.extra.is_default:
            parts.append(_("filter aan"))
        if not self.extra.is_default and not self.query_text:
            parts.append(
                ngettext("{n} vraag", "{n} vragen", len(self.window)).format(
                    n=len(self.window)
                )
            )
        if self.query_text:
            parts.append(_("{n} gevonden").format(n=len(self.window)))
        return " · ".join(parts)

    def show_status(self, status: SyncStatus, syncing: bool = False) -> None:
        """Update the status bar (also called by the app around a sync, and
        every second while the forum's rate limit holds requests)."""
        self.query_one(StatusBar).show(
            self.desk.forum_name,
            status.last_success_at,
            status.last_error,
            syncing,
            view=self._view_line(),
            tz=self.desk.timezone,
            wait=self.desk.rate_wait(),
        )

    def refresh_view(self) -> None:
        """Reload after a sync, keeping the cursor on the same question."""
        self.reload(keep=self.query_one(QuestionList).current_id, tabs=True)

    # -- actions -------------------------------------------------------------

    def action_section(self, index: int) -> None:
        """Switch to section ``index`` (keys 1..9)."""
        if 0 <= index < len(self.desk.sections) and index != self.section_index:
            self.section_index = index
            self.reload()

    def action_cycle_sort(self) -> None:
        """Use the next sort order for this section."""
        self.sorts[self.section_index] = self.section.sort.next()
        self.notify(
            _("Sortering: {sort}").format(sort=SORT_LABELS[self.section.sort]),
            timeout=2,
        )
        self.reload(keep=self.query_one(QuestionList).current_id)

    def action_search(self) -> None:
        """Show the search box and type into it."""
        box = self.query_one("#search", Input)
        box.display = True
        self.set_focus(box)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A slash typed in the search box is text, not the search key."""
        return not (action == "search" and isinstance(self.focused, Input))

    def action_clear(self) -> None:
        """Clear the search and the filters; back to the list."""
        box = self.query_one("#search", Input)
        changed = bool(self.query_text) or not self.extra.is_default
        box.value, self.query_text, self.extra = "", "", ViewFilter()
        box.display = False
        self.set_focus(self.query_one(QuestionList))
        if changed:
            self.reload(keep=self.query_one(QuestionList).current_id)

    def action_filters(self) -> None:
        """Open the filter panel."""
        categories = self.desk.store.categories(self.desk.forum_name)
        self.app.push_screen(FilterScreen(self.extra, categories), self._filtered)

    def _filtered(self, chosen: ViewFilter | None) -> None:
        """Apply the filter panel's choice."""
        if chosen is not None and chosen != self.extra:
            self.extra = chosen
            self.reload()

    def show_filter(self, flt: ViewFilter) -> None:
        """Show the questions of ``flt`` as if chosen in the filter panel, in
        the first section (all open questions), without a search."""
        box = self.query_one("#search", Input)
        box.value, self.query_text, box.display = "", "", False
        self.section_index, self.extra = 0, flt
        self.set_focus(self.query_one(QuestionList))
        self.reload()

    async def action_sync(self) -> None:
        """Sync with the forum now."""
        await self.app.run_action("sync")

    def action_drafts(self) -> None:
        """The list of open drafts; the inbox is read again on return."""
        from deskapp.screens.drafts import DraftsScreen

        self.app.push_screen(DraftsScreen(self.desk), lambda _: self.refresh_view())

    def action_help(self) -> None:
        """Show every key of this screen."""
        self.app.push_screen(HelpScreen(bindings_table(self), _("Toetsen in de inbox")))

    def palette_commands(self) -> list[Command]:
        """Every inbox action, for the command palette."""
        commands: list[Command] = [
            (_("Zoeken"), _("Zoek in titels en berichten (/)"), "search"),
            (_("Filters"), _("Filter op categorie, urgentie, status (f)"), "filters"),
            (_("Sorteren"), _("Volgende sortering (s)"), "cycle_sort"),
            (
                _("Synchroniseren"),
                _("Haal nu de wijzigingen van het forum op (r)"),
                "sync",
            ),
            (
                _("Concepten"),
                _("Antwoorden die u begon en nog niet verstuurde (d)"),
                "drafts",
            ),
            (
                _("Zoeken en filters wissen"),
                _("Terug naar de hele weergave (esc)"),
                "clear",
            ),
            (_("Help: toetsen"), _("Alle toetsen van dit scherm (?)"), "help"),
        ]
        commands += [
            (
                _("Weergave: {name}").format(name=s.name),
                _("Toets {n}").format(n=n),
                f"section({n - 1})",
            )
            for n, s in enumerate(self.desk.sections, 1)
        ]
        return commands

    # -- events ----------------------------------------------------------------

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        """Search as you type."""
        self.query_text = event.value.strip()
        self.reload()

    def search_entered(self, value: str) -> None:
        """Enter in the search box: go to the results of what was typed.

        If the search worker has not shown them yet, they are loaded here and
        now, so that the keys after enter act on the results, not on the
        rows from before the search.
        """
        self.query_text = value.strip()
        if self.shown_query != self.query_text:
            window = self.desk.view(self.section, self.extra, self.query_text)
            self._show(window, None, self.desk.status(), self.query_text)
        self.set_focus(self.query_one(QuestionList))

    @on(QuestionList.Opened)
    def open_question(self, event: QuestionList.Opened) -> None:
        """Open the chosen question; n/p step through this view."""
        from deskapp.screens.question import QuestionScreen  # Markdown: on demand

        screen = QuestionScreen(self.desk, event.question_id, step=self._step)
        self.app.push_screen(screen, self._returned)

    def _step(self, current: int, delta: int) -> int | None:
        """The question ``delta`` places from ``current`` in this view."""
        at = self.window.index_of(current)
        if at is None or not 0 <= at + delta < len(self.window):
            return None
        return self.window.ids[at + delta]

    def _returned(self, question_id: int | None) -> None:
        """Back from a question: the cursor goes to the one shown last."""
        if question_id is None:
            return
        at = self.window.index_of(question_id)
        if at is not None:
            self.query_one(QuestionList).cursor_index = at
