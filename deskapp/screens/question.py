"""The question screen: the whole thread with its facts, and the reply below.

The screen dismisses with the id of the question it showed last, so the inbox
can put its cursor there. A question a sync stored from the topic list alone
(its thread still to be fetched) is shown with what the store has and the
line "bericht wordt opgehaald…" while an async worker fetches its thread; then
it is shown again, whole. ``n``/``p`` walk the inbox's current view in place
through the ``step`` callback the inbox passes in.

Below the thread: the question's outbox entries and the composer
(:mod:`deskapp.screens.question_compose`); the actions on the question live in
:mod:`deskapp.screens.question_actions`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState, get_current_worker

from deskapp.desk import Desk
from deskapp.errors import DeskError, shown_title
from deskapp.i18n import _
from deskapp.kb import link_markdown, summary_line
from deskapp.models import Draft, InboxItem, KbArticle, Outgoing, Thread
from deskapp.screens import clipboard
from deskapp.screens.commands import ScreenCommands
from deskapp.screens.help import HelpScreen, bindings_table
from deskapp.screens.question_actions import ActingScreen
from deskapp.screens.writes import ignore, write_beside
from deskapp.text import one_line
from deskapp.widgets.kb_panel import KbEntry, KbList, KbPanel
from deskapp.widgets.outgoing import OutgoingList
from deskapp.widgets.thread_view import ThreadHeader, ThreadView

__all__ = ["QuestionScreen", "Step"]

Step = Callable[[int, int], int | None]
"""``step(current_id, +1 or -1)``: the neighbour in the inbox's view, or None."""

_MISSING = _("Deze vraag staat niet (meer) in de opslag.")
_FETCHING = _("bericht wordt opgehaald…")
_AT_END = {
    1: _("Laatste vraag in deze weergave"),
    -1: _("Eerste vraag in deze weergave"),
}


@dataclass(frozen=True, slots=True)
class Loaded:
    """What the loader read for one question."""

    thread: Thread | None
    item: InboxItem | None
    partial: bool
    draft: Draft | None
    outgoing: list[Outgoing]
    marks: dict[int, tuple[str, ...]]
    """Kinds of personal data in client posts, by post id."""


class QuestionScreen(ActingScreen):
    """One question: read it, answer it, act on it; esc goes back to the inbox."""

    DEFAULT_CSS = """
    QuestionScreen #question-body { height: 1fr; }
    """
    COMMANDS: ClassVar = {ScreenCommands}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Terug"), id="question.back",
                tooltip=_("Terug naar de inbox, met de cursor op deze vraag")),
        Binding("n", "next", _("Volgende"), id="question.next",
                tooltip=_("Volgende vraag in de weergave van de inbox")),
        Binding("p", "previous", _("Vorige"), show=False, id="question.previous",
                tooltip=_("Vorige vraag in de weergave van de inbox")),
        Binding("question_mark", "help", _("Help"), id="question.help",
                tooltip=_("Alle toetsen van dit scherm")),
        Binding("f4,f", "kb_panel", _("Kennisbank"), show=False, id="question.kb",
                tooltip=_("Kennisbankartikelen bij deze vraag; enter zet de link in"
                " het antwoord (open: naar het paneel; in het paneel: sluiten)")),
        Binding("o", "show_link", _("Link"), show=False, id="question.show_link",
                tooltip=_("Toon de link naar deze vraag op het forum")),
        Binding("O", "open_link", _("Link openen"), show=False, id="question.open_link",
                tooltip=_("Open de vraag in de browser (over SSH of zonder scherm:"
                " alleen tonen)")),
        Binding("y", "copy_link", _("Kopieer link"), show=False,
                id="question.copy_link",
                tooltip=_("Kopieer de link naar deze vraag (OSC 52, ook over SSH)")),
        Binding("Y", "copy_post", _("Kopieer bericht"), show=False,
                id="question.copy_post",
                tooltip=_("Kopieer het bericht onder de cursor (OSC 52)")),
        Binding("f8", "copy_reply", _("Kopieer antwoord"), show=False,
                id="question.copy_reply",
                tooltip=_("Kopieer de tekst van uw antwoord (OSC 52), ook tijdens"
                " het typen")),
        Binding("right_square_bracket,J", "post(1)", _("Volgend bericht"), show=False,
                id="question.next_post",
                tooltip=_("Cursor naar het volgende bericht (voor antwoord, citaat,"
                " accepteren)")),
        Binding("left_square_bracket,K", "post(-1)", _("Vorig bericht"), show=False,
                id="question.previous_post",
                tooltip=_("Cursor naar het vorige bericht")),
        Binding("j,down", "scroll_lines(1)", _("Omlaag"), show=False,
                id="question.down", tooltip=_("Een regel omlaag")),
        Binding("k,up", "scroll_lines(-1)", _("Omhoog"), show=False,
                id="question.up", tooltip=_("Een regel omhoog")),
        Binding("space,pagedown", "page(1)", _("Pagina omlaag"), show=False,
                id="question.page_down", tooltip=_("Een scherm omlaag")),
        Binding("b,pageup", "page(-1)", _("Pagina omhoog"), show=False,
                id="question.page_up", tooltip=_("Een scherm omhoog")),
        Binding("g,home", "top", _("Begin"), show=False, id="question.top",
                tooltip=_("Naar het eerste bericht")),
        Binding("G,end", "bottom", _("Einde"), show=False, id="question.bottom",
                tooltip=_("Naar het laatste bericht")),
        Binding("e", "full_text", _("Alles lezen"), show=False,
                id="question.full_text",
                tooltip=_("Het hele bericht onder de cursor, ook een lang bericht"
                " dat hier is afgekort")),
    ]  # fmt: skip

    def __init__(
        self,
        desk: Desk,
        question_id: int,
        *,
        step: Step | None = None,
        compose: bool = False,
    ) -> None:
        """Question ``question_id`` of ``desk``; ``step`` finds its neighbours.

        With ``compose`` the composer opens (on the draft) once it is shown.
        """
        super().__init__()
        self.desk = desk
        self.question_id = question_id
        """The question shown (or being loaded); the dismiss result."""
        self.thread: Thread | None = None
        """The thread on screen, once loaded."""
        self.item: InboxItem | None = None
        """The thread's inbox row (category, state), once loaded."""
        self._step = step
        self._around: tuple[int, dict[int, int | None]] = (0, {})
        """A question and its neighbours in the inbox's view when it was first
        shown: the way on once answering it took it out of the view."""
        self._asked: set[int] = set()
        """Questions whose thread this screen fetched (or is fetching): once each."""
        self._in_flight: set[int] = set()
        """Questions whose thread is being fetched now."""
        self._compose_wanted = compose
        self._kb_for: int | None = None
        """The question the knowledge-base panel lists suggestions for."""

    def compose(self) -> ComposeResult:
        """Facts block, fetch notice, thread, outbox lines, composer, footer."""
        soon = self.desk.config.desk.due_soon
        yield ThreadHeader(id="question-header", due_soon=soon)
        notice = Static(_FETCHING, id="question-fetching", markup=False)
        notice.display = False
        yield notice
        with Horizontal(id="question-body"):
            yield ThreadView(id="thread")
            yield KbPanel(id="kb-panel")
        yield OutgoingList(id="outgoing")
        yield self.composer
        yield Footer()

    def on_mount(self) -> None:
        """Focus the thread, start loading, follow the outbox and who replies."""
        self.query_one(ThreadView).focus()
        self._load(self.question_id)
        self.subscribe_outbox()
        self.start_replying_poll()

    def on_unmount(self) -> None:
        """Keep what was typed in the last moment before the screen went."""
        with suppress(Exception):  # the app may be shutting down around us
            self.save_draft()

    def reload(self) -> None:
        """Read the question again (after an action, or when the outbox moved)."""
        self._load(self.question_id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While typing in the composer, the screen's letter keys are text."""
        return not self.editing() or action in (
            "back",
            "help",
            "kb_panel",
            "copy_reply",
        )

    @work(thread=True, exclusive=True, group="question-load", exit_on_error=False)
    def _load(self, question_id: int) -> None:
        """Read thread, inbox row, draft and outbox from the store (a thread worker)."""
        try:
            loaded = self._read(question_id)
        except DeskError as err:
            self.app.call_from_thread(self._failed, err)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, question_id, loaded)

    def _read(self, question_id: int) -> Loaded:
        """Everything the screen shows of one question (once the writes asked
        before, such as the draft saved on leaving it, are on disk)."""
        self.desk.writes_done()
        thread = self.desk.thread(question_id)
        if thread is None:
            return Loaded(None, None, False, None, [], {})
        found = self.desk.post_findings(question_id)
        return Loaded(
            thread,
            self.desk.item(question_id),
            self.desk.is_partial(question_id),
            self.desk.draft(question_id),
            self.desk.outgoing(question_id),
            {pid: tuple(dict.fromkeys(f.kind.label for f in fs))
             for pid, fs in found.items()},
        )  # fmt: skip

    def _show(self, question_id: int, loaded: Loaded) -> None:
        """Hand a loaded thread to the widgets, or leave when it is gone."""
        if question_id != self.question_id or not self.is_attached:
            return
        thread = loaded.thread
        if thread is None:
            self.notify(_MISSING, severity="error", markup=False)
            if self.is_current:
                self.dismiss(question_id)
            return
        self.thread, self.item = thread, loaded.item
        if self._step is not None and self._around[0] != question_id:
            step = self._step
            self._around = (question_id, {d: step(question_id, d) for d in (1, -1)})
        tz = self.desk.timezone
        self.query_one(ThreadHeader).show(thread, loaded.item, self.desk.now(), tz)
        view = self.query_one(ThreadView)
        view.tz = tz
        view.show(thread, loaded.marks)
        self.show_outgoing(loaded.outgoing)
        if self._draft_for != question_id:
            self.restore_draft(loaded.draft)
        if self._compose_wanted:
            self._compose_wanted = False
            self.open_composer()
        self._complete(question_id, loaded.partial or not thread.posts)
        panel = self.query_one(KbPanel)
        if panel.is_open and self._kb_for != question_id:
            self._suggest(question_id)

    def _complete(self, question_id: int, incomplete: bool) -> None:
        """Fetch an incomplete thread (once per screen); say so while it comes."""
        if incomplete and question_id not in self._asked:
            self._asked.add(question_id)
            self._in_flight.add(question_id)
            self._fetch(question_id)
        self._notice(incomplete and question_id in self._in_flight)

    def _notice(self, shown: bool) -> None:
        """Show or hide the line saying the thread is being fetched."""
        self.query_one("#question-fetching", Static).display = shown

    @work(group="question-fetch", exit_on_error=False)
    async def _fetch(self, question_id: int) -> None:
        """Fetch one thread from the forum, then show it again (an async worker)."""
        try:
            await self.desk.fetch_thread(question_id)
        except DeskError as err:
            self._fetch_failed(question_id, err)
            return
        finally:
            self._in_flight.discard(question_id)
        if question_id == self.question_id and self.is_attached:
            self._load(question_id)

    def _fetch_failed(self, question_id: int, err: DeskError) -> None:
        """The forum could not give the thread: say so; keep what is shown."""
        if question_id == self.question_id and self.is_attached:
            self._notice(False)
        self.notify(one_line(str(err), 200), title=shown_title(err), severity="error",
                    markup=False)  # fmt: skip

    def _failed(self, err: DeskError) -> None:
        """Tell the user the store could not be read; keep what is shown."""
        self.notify(one_line(str(err), 200), title=shown_title(err), severity="error",
                    markup=False)  # fmt: skip

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """An unexpected failure while loading becomes a notification."""
        if event.state is WorkerState.ERROR:
            if event.worker.group == "question-fetch":
                self._notice(False)
            error = one_line(str(event.worker.error), 200)
            self.notify(
                _("Laden mislukt: {error}").format(error=error),
                severity="error",
                markup=False,
            )

    @on(ThreadView.LinkChosen)
    def _link_chosen(self, event: ThreadView.LinkChosen) -> None:
        """Show a link from a post; a link someone posted is never opened
        from the desk."""
        self.notify(event.url, title=_("Link in bericht"), timeout=10, markup=False)

    def palette_commands(self) -> list[tuple[str, str, str]]:
        """Every key of this screen by name, for the command palette."""
        found: dict[str, tuple[str, str, str]] = {}
        for bindings in self._bindings.key_to_bindings.values():
            for b in bindings:
                if b.system or not b.description or b.id is None or b.id in found:
                    continue
                keys = self.app.get_key_display(b)
                found[b.id] = (b.description, f"{b.tooltip} ({keys})", b.action)
        return list(found.values())

    def action_back(self) -> None:
        """Back to the inbox, with the id of the question shown last."""
        self.save_draft()
        self.dismiss(self.question_id)

    def action_help(self) -> None:
        """Every key of this screen, the composer's included."""
        panel = self.query_one(KbPanel)
        extra = [self.composer, panel, panel.query_one(KbList)]
        table = bindings_table(self, extra=extra)
        self.app.push_screen(HelpScreen(table, _("Toetsen bij een vraag")))

    def action_post(self, delta: int) -> None:
        """Move the post cursor."""
        self.query_one(ThreadView).move_cursor(delta)

    def action_next(self) -> None:
        """Show the next question of the inbox's view, here."""
        self._go(1)

    def action_previous(self) -> None:
        """Show the previous question of the inbox's view, here."""
        self._go(-1)

    def _go(self, direction: int) -> None:
        """Load the neighbour in ``direction``, or say this is the end."""
        target = self._step(self.question_id, direction) if self._step else None
        if target is None:
            qid, around = self._around  # answering it took it out of the view?
            target = around.get(direction) if qid == self.question_id else None
        if target is None:
            self.notify(_AT_END[direction], timeout=3, markup=False)
            return
        self.save_draft()
        # until the next question is shown, nothing may act on or type into
        # the one leaving: its draft is saved, the composer emptied
        self._line, self.thread = None, None
        if self.composer.is_open:
            self.query_one(ThreadView).focus()
        self.composer.start()
        self.composer.close()
        self.question_id = target
        self.query_one(ThreadHeader).show_replying(())
        self._load(target)
        self.poll_replying()

    def action_show_link(self) -> None:
        """Notify the topic URL (nothing is opened)."""
        url = self._topic_url()
        self.notify(
            url or _("Deze vraag heeft geen link."),
            title=_("Link"),
            timeout=10,
            markup=False,
        )

    def _topic_url(self) -> str:
        """The question's URL on the forum ("" while none is loaded)."""
        return one_line(self.thread.question.url, 500) if self.thread else ""

    def action_copy_link(self) -> None:
        """Copy the topic URL to the user's clipboard (OSC 52)."""
        if url := self._topic_url():
            clipboard.copy(
                self.app, url, _("Link naar de vraag: {url}").format(url=url)
            )
        else:
            self.notify(_("Deze vraag heeft geen link."), markup=False)

    def action_open_link(self) -> None:
        """Open the topic in a browser where one can appear, else show it."""
        if url := self._topic_url():
            clipboard.open_or_show(self.app, url, _("Link"))
        else:
            self.notify(_("Deze vraag heeft geen link."), markup=False)

    def action_copy_post(self) -> None:
        """Copy the post under the post cursor, as its author wrote it."""
        post = self.query_one(ThreadView).current_post
        if post is None:
            self.notify(_("Geen bericht onder de cursor."), markup=False)
            return
        who = one_line(post.author.name or post.author.username, 40)
        clipboard.copy(
            self.app,
            post.raw,
            _("Bericht #{number} van {who}").format(number=post.number, who=who),
        )

    def action_copy_reply(self) -> None:
        """Copy the reply being written (or its saved draft)."""
        text = self.composer.text
        if not text.strip():
            self.notify(_("Er is nog geen antwoord om te kopiëren."), markup=False)
            return
        clipboard.copy(self.app, text, _("Uw antwoord"))

    def action_scroll_lines(self, lines: int) -> None:
        """Scroll the thread ``lines`` down (negative: up)."""
        self.query_one(ThreadView).scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        """Scroll the thread a page down (1) or up (-1)."""
        view = self.query_one(ThreadView)
        if pages > 0:
            view.scroll_page_down(animate=False)
        else:
            view.scroll_page_up(animate=False)

    def action_top(self) -> None:
        """Go to the first post."""
        self.query_one(ThreadView).go_home()

    def action_bottom(self) -> None:
        """Go to the last post."""
        self.query_one(ThreadView).go_end()

    def action_full_text(self) -> None:
        """Read the post under the cursor in full, however long."""
        from deskapp.screens.fulltext import FullTextScreen

        view = self.query_one(ThreadView)
        if view.current_post is not None:
            self.app.push_screen(FullTextScreen(view.current_post, view.tz))

    # -- the knowledge-base panel ------------------------------------------------

    def action_kb_panel(self) -> None:
        """Open the panel; in it, close it; open elsewhere, go to it."""
        panel = self.query_one(KbPanel)
        if not panel.is_open:
            panel.open()
            self._suggest(self.question_id)
        elif panel.has_focus_within:
            self._close_panel()
        else:
            panel.open()

    def _close_panel(self) -> None:
        """Hide the panel; the keyboard goes back to the reply or the thread."""
        self.query_one(KbPanel).close()
        if self.composer.is_open:
            self.composer.focus_editor()
        else:
            self.query_one(ThreadView).focus()

    @on(KbPanel.Left)
    def _panel_left(self) -> None:
        """Esc in the panel."""
        self._close_panel()

    def _suggest(self, question_id: int) -> None:
        """List the articles that may answer the question."""
        self._kb_for = question_id
        self._list_kb(lambda: self.desk.kb_suggestions(question_id),
                      _("Kennisbank · bij deze vraag"))  # fmt: skip

    @work(thread=True, exclusive=True, group="kb", exit_on_error=False)
    def _list_kb(self, find: Callable[[], list[KbArticle]], title: str) -> None:
        """Find articles with their summaries and list them (a thread worker)."""
        try:
            entries = [KbEntry(a, summary_line(a)) for a in find()]
        except DeskError as err:
            self.app.call_from_thread(self._failed, err)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._kb_listed, entries, title)

    def _kb_listed(self, entries: list[KbEntry], title: str) -> None:
        """Hand the articles to the panel."""
        if self.is_attached:
            self.query_one(KbPanel).show(entries, title)

    @on(KbPanel.Search)
    def _panel_search(self, event: KbPanel.Search) -> None:
        """Search the knowledge base; an empty search lists the suggestions."""
        if text := event.text:
            self._list_kb(
                lambda: self.desk.kb_search(text),
                _("Kennisbank · zoeken: {text}").format(text=one_line(text, 30)),
            )
        else:
            self._suggest(self.question_id)

    @on(KbPanel.Chosen)
    def _panel_chosen(self, event: KbPanel.Chosen) -> None:
        """Put the article's link at the reply's cursor and note the use."""
        if self.thread is None:
            return
        self.open_composer()
        self.composer.insert(link_markdown(event.article))
        qid, article = self.question_id, event.article.id
        write_beside(
            self.desk, lambda: self.desk.record_kb_use(qid, article), ignore,
            self._failed,
        )  # fmt: skip
