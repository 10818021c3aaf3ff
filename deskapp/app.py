"""The Textual application: screens, app-wide bindings and the sync worker."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Iterable
from contextlib import suppress
from typing import Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import Theme
from textual.timer import Timer

from deskapp.desk import Desk
from deskapp.errors import DeskError, RateLimitedError, shown_title
from deskapp.i18n import _, ngettext
from deskapp.models import Collision
from deskapp.outbox import PushReport
from deskapp.screens.commands import AppCommands
from deskapp.screens.inbox import InboxScreen
from deskapp.sync import SyncReport
from deskapp.text import one_line
from deskapp.views import ViewFilter

__all__ = ["DeskApp"]

log = logging.getLogger(__name__)

MAX_ANNOUNCED = 3
"""New urgent questions announced one by one; more are summed up."""


def _system_commands() -> dict[tuple[str, str], tuple[str, str]]:
    """Textual's palette commands (title, help) -> the desk's words for them."""
    return {
        ("Quit", "Quit the application as soon as possible"):
            (_("Stoppen"), _("Sluit de desk")),
        ("Keys", "Show help for the focused widget and a summary of available keys"):
            (_("Toetsenpaneel"), _("Toon naast het scherm de toetsen die nu werken")),
        ("Keys", "Hide the keys and widget help panel"):
            (_("Toetsenpaneel"), _("Verberg het toetsenpaneel")),
        ("Maximize", "Maximize the focused widget"):
            (_("Vergroten"), _("Vergroot het deel met de cursor tot het hele scherm")),
        ("Minimize", "Minimize the widget and restore to normal size"):
            (_("Verkleinen"), _("Zet het vergrote deel terug op zijn plaats")),
        ("Screenshot", "Save an SVG 'screenshot' of the current screen"):
            (_("Schermafdruk"), _("Bewaar dit scherm als SVG-bestand")),
        ("Bell", "Ring the bell"): (_("Bel"), _("Laat de terminal piepen")),
    }  # fmt: skip


class DeskApp(App[int]):
    """deskapp: the inbox of open forum questions and everything behind it."""

    CSS_PATH = "app.tcss"
    TITLE = "deskapp"
    COMMANDS: ClassVar = App.COMMANDS | {AppCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", _("Stoppen"), show=False, id="app.interrupt"),
        Binding(
            "B,f7",
            "backlog",
            _("Achterstand"),
            show=False,
            id="app.backlog",
            tooltip=_("Achterstand en cijfers: wat open staat en of het forum werkt"),
        ),
    ]

    def __init__(self, desk: Desk, *, plain: bool = False) -> None:
        """The desk for one forum profile; ``plain`` (or the config's ``plain``)
        for screen readers and dumb terminals: no box drawing, no animation."""
        super().__init__()
        self.desk = desk
        self.plain = plain or desk.config.plain
        """Plain mode: a linear layout without box drawing, spinners or animation."""
        if self.plain:
            self.animation_level = "none"
        self.inbox = InboxScreen(desk)
        self._sync_again = False
        """A sync was asked for while one ran: run another when it ends."""
        self._push_again = False
        """A push was asked for while one ran: run another when it ends."""
        self._retry_timer: Timer | None = None
        """Pushes the outbox when its earliest waiting entry is due."""
        self._quitting = False
        """A quit waits for the store writes still on their way."""
        self._failed_before_quit = 0
        """Failed writes when that quit was asked."""
        self._asking: set[int] = set()
        """Outbox ids whose collision prompt is on screen or waiting."""
        self.outbox_signal: Signal[None] = Signal(self, "outbox")
        """Published whenever the outbox changed (queued, sent, failed, held)."""

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own palette commands, in the desk's language. Its
        "Theme" is left out: the desk's "Thema kiezen" does the same and keeps
        the choice."""
        said = _system_commands()
        for command in super().get_system_commands(screen):
            if command.title == "Theme":
                continue
            title, help_text = said.get((command.title, command.help),
                                        (command.title, command.help))  # fmt: skip
            yield command._replace(title=title, help=help_text)

    async def action_quit(self) -> None:
        """Quit; with store writes still on their way (another session of
        yours holding the store), say so and quit once they are done, or stay
        when one of them failed (its error is on screen). Asked again, the
        desk quits at once (the writes still finish first)."""
        left = self.desk.pending_writes()
        if not left or self._quitting:
            self.exit()
            return
        self._quitting = True
        self._failed_before_quit = self.desk.failed_writes()
        self.notify(
            ngettext(
                "Nog {n} wijziging wordt opgeslagen; de desk sluit zodra dat klaar is.",
                "Nog {n} wijzigingen worden opgeslagen; de desk sluit zodra dat"
                " klaar is.",
                left,
            ).format(n=left),
            timeout=30,
        )
        self._quit_when_written()

    @work(group="quit", exit_on_error=False)
    async def _quit_when_written(self) -> None:
        """Wait for the writes asked so far, then quit; when one failed, stay
        open (asked again, the desk quits at once)."""
        await asyncio.to_thread(self.desk.writes_done)
        if self.desk.failed_writes() == self._failed_before_quit:
            self.exit()
            return
        self.notify(
            _("Niet alles is opgeslagen (zie de melding); de desk blijft open."
              " Nogmaals stoppen sluit hem toch."),
            severity="warning",
            timeout=30,
        )  # fmt: skip

    def action_command_palette(self) -> None:
        """The command palette, its search line in the desk's language."""
        shown = CommandPalette.is_open(self)  # type: ignore[arg-type]
        if self.use_command_palette and not shown:
            palette = CommandPalette(
                placeholder=_("Zoek een opdracht…"), id="--command-palette"
            )
            self.push_screen(palette)

    def on_mount(self) -> None:
        """Show the inbox, sync now and periodically, greet a user without a config."""
        if self.plain:
            self.add_class("-plain")
        self._start_theme()
        self._apply_keys()
        self.push_screen(self.inbox)
        self.set_interval(self.desk.config.sync.interval_seconds, self.action_sync)
        self.action_sync()
        self.listen()
        self._held()
        if self.desk.config.path is None:
            self.notify(
                _("Dit is het demoforum. Koppel een echt forum met `deskapp setup`."),
                title=_("Demo"),
                timeout=8,
                markup=False,
            )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Plain mode: a text cursor that does not blink (no animation)."""
        if self.plain and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def _apply_keys(self) -> None:
        """The config's [keys] as the keymap; a problem with them is said
        at start, and the desk runs with the keys it could apply."""
        from deskapp.screens.keymap import check_keymap, keep_binding_order

        keep_binding_order()
        checked = check_keymap(self.desk.config.keys)
        self.set_keymap(checked.keymap)
        if checked.problems:
            for line in checked.problems:
                log.warning("%s", line)
            self.notify("\n".join(checked.problems), title=_("Toetsen in de config"),
                        severity="warning", timeout=20, markup=False)  # fmt: skip

    def terminal_colours(self) -> str | None:
        """The terminal's colour system as Rich names it ("standard": 16)."""
        if self.is_headless:
            return "truecolor"  # tests: the themes as written
        return self.console.color_system

    def _start_theme(self) -> None:
        """Register the desk's themes and start with the chosen one; a pick in
        the palette is kept from then on."""
        from deskapp.screens import themes

        for theme in themes.desk_themes():
            self.register_theme(theme)
        configured = self.desk.config.theme
        name = themes.choose_theme(
            configured, themes.load_choice(), self.terminal_colours()
        )
        if name is not None:
            self.theme = name
        shown = [self.theme]

        def picked(theme: Theme) -> None:
            if theme.name != shown[0]:  # not the start (published later)
                shown[0] = theme.name
                themes.save_choice(theme.name, configured)

        self.theme_changed_signal.subscribe(self, picked)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Open ``url`` in a browser only where the user would see it (not over
        SSH, not without a display); else show it (a Markdown link, say)."""
        from deskapp.screens import clipboard

        if clipboard.can_open(self):
            super().open_url(url, new_tab=new_tab)
        else:
            self.notify(f"{one_line(url, 500)}\n{clipboard.NO_DISPLAY}",
                        title=_("Link"), timeout=12, markup=False)  # fmt: skip

    def action_sync(self) -> None:
        """Sync now; if a sync is under way, once more right after it."""
        if any(w.group == "sync" and not w.is_finished for w in self.workers):
            self._sync_again = True
        else:
            self._sync()

    def action_backlog(self) -> None:
        """Open the backlog screen (once); enter on a row filters the inbox."""
        from deskapp.screens.backlog import BacklogScreen

        if not any(isinstance(s, BacklogScreen) for s in self.screen_stack):
            self.push_screen(BacklogScreen(self.desk), self._backlog_chosen)

    def _backlog_chosen(self, flt: ViewFilter | None) -> None:
        """Back from the backlog: with a row chosen, its questions in the inbox."""
        if flt is None:
            return
        while self.screen is not self.inbox and len(self.screen_stack) > 2:
            self.pop_screen()
        self.inbox.show_filter(flt)

    @work(group="sync", exit_on_error=False)
    async def _sync(self) -> None:
        """Sync rounds until nobody asked for another during the last one."""
        self._sync_again = True
        while self._sync_again:
            self._sync_again = False
            await self._sync_round()

    async def _sync_round(self) -> None:
        """Pull the forum's changes, announce new urgent ones, refresh the inbox."""
        status = await asyncio.to_thread(self.desk.status)
        self.inbox.show_status(status, syncing=True)
        ticker = self.set_interval(1.0, lambda: self.inbox.show_status(status, True))
        try:
            with suppress(DeskError):  # a forum that cannot be opened: said below
                await self._push_once()  # shown even when the pull fails
            report = await self.desk.sync(push=False)
        except RateLimitedError as err:
            self.notify(
                _(
                    "Het forum vraagt {retry_after:.0f} s te wachten; daarna "
                    "gaat het synchroniseren verder."
                ).format(retry_after=err.retry_after),
                title=shown_title(err),
                severity="warning",
                markup=False,
            )
            self.set_timer(err.retry_after + 1, self.action_sync)
        except DeskError as err:
            self.notify(
                one_line(str(err), 200),
                title=shown_title(err),
                severity="error",
                markup=False,
            )
        else:
            await self._announce(report)
            if not (report.saved or report.removed):
                # nothing changed: the rows stand, the status bar says when
                status = await asyncio.to_thread(self.desk.status)
                self.inbox.show_status(status)
                return
        finally:
            ticker.stop()
        self.inbox.refresh_view()

    def queued(self) -> None:
        """A reply or action was queued (or withdrawn): show it and push now."""
        self.inbox.refresh_view()
        self.outbox_signal.publish(None)
        if any(w.group == "push" and not w.is_finished for w in self.workers):
            self._push_again = True
        else:
            self._push()

    @work(group="push", exit_on_error=False)
    async def _push(self) -> None:
        """Push the outbox until nobody asked for another push during the last."""
        self._push_again = True
        while self._push_again:
            self._push_again = False
            try:
                await self._push_once()
            except DeskError as err:
                self.notify(one_line(str(err), 200), title=shown_title(err),
                            severity="error", markup=False)  # fmt: skip
                return

    async def _push_once(self) -> None:
        """One push of the outbox, and what it did shown."""
        report = await self.desk.push()
        self._pushed(report)
        if report.failed:
            await self._announce_failed(report.failed)

    def _pushed(self, report: PushReport) -> None:
        """Show what a push did: states, collisions (every held reply), retries."""
        self.outbox_signal.publish(None)
        if report.changed or report.failed:
            self.inbox.refresh_view()
        if report.collisions:
            self._held()
        if report.retry_in is not None:
            if self._retry_timer is not None:
                self._retry_timer.stop()
            self._retry_timer = self.set_timer(report.retry_in + 1, self.queued)

    async def _announce_failed(self, entry_ids: list[int]) -> None:
        """A notification naming each question whose reply or action the forum
        refused, with the reason."""
        failed = [
            o for o in await asyncio.to_thread(self.desk.outgoing) if o.id in entry_ids
        ]
        for entry in failed[:MAX_ANNOUNCED]:
            self.notify(
                one_line(entry.error or "", 200),
                title=_("Niet verstuurd: {title}").format(
                    title=one_line(entry.title, 60)
                ),
                severity="error",
                timeout=12,
                markup=False,
            )

    @work(thread=True, group="held", exit_on_error=False)
    def _held(self) -> None:
        """Ask about every reply the collision guard holds (also from an
        earlier session); each is asked about once at a time."""
        for collision in self.desk.collisions():
            self.call_from_thread(self._ask, collision)

    def _ask(self, collision: Collision) -> None:
        """Show the collision prompt for a held reply (once at a time)."""
        from deskapp.screens.dialogs import CollisionScreen

        if collision.outbox_id in self._asking:
            return
        self._asking.add(collision.outbox_id)

        def decided(choice: str | None) -> None:
            self._resolve(collision, choice or "edit")  # asked: until written

        prompt = CollisionScreen(collision, self.desk.timezone, self.desk.me())
        self.push_screen(prompt, decided)

    def _resolve(self, collision: Collision, choice: str) -> None:
        """Carry out the user's choice for a held reply (beside the screen)."""
        from deskapp.screens.writes import write_beside

        def resolved(result: None) -> None:
            self._asking.discard(collision.outbox_id)
            self.queued()
            if choice == "edit":
                self._edit(collision.question_id)

        def failed(err: DeskError) -> None:
            self._asking.discard(collision.outbox_id)
            self.notify(one_line(str(err), 200), title=shown_title(err),
                        severity="error", markup=False)  # fmt: skip

        entry = collision.outbox_id
        write_beside(
            self.desk,
            lambda: self.desk.resolve_collision(entry, choice),  # type: ignore[arg-type]
            resolved,
            failed,
        )

    def _edit(self, question_id: int) -> None:
        """Open a question with its composer (the withdrawn text in it)."""
        from deskapp.screens.question import QuestionScreen

        screen = self.screen
        if isinstance(screen, QuestionScreen) and screen.question_id == question_id:
            screen.open_composer()
            return
        self.push_screen(QuestionScreen(self.desk, question_id, compose=True))

    @work(exclusive=True, group="listen", exit_on_error=False)
    async def listen(self) -> None:
        """Sync as soon as the forum announces activity (Discourse message bus).

        Ends by itself where the forum cannot announce; the periodic sync
        goes on in any case. Announcements during a sync are coalesced.
        """
        try:
            async for _event in self.desk.watch():
                self.action_sync()
        except DeskError:
            return  # listening is a bonus: the periodic sync still runs

    async def _announce(self, report: SyncReport) -> None:
        """A notification for each urgent question that just arrived."""
        for question_id in report.new_urgent[:MAX_ANNOUNCED]:
            item = await asyncio.to_thread(self.desk.item, question_id)
            if item is not None:
                self.notify(
                    one_line(item.title, 120),
                    title=_("Nieuwe urgente vraag"),
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
        if len(report.new_urgent) > MAX_ANNOUNCED:
            more = len(report.new_urgent) - MAX_ANNOUNCED
            self.notify(
                ngettext(
                    "en nog {more} urgente vraag", "en nog {more} urgente vragen", more
                ).format(more=more),
                severity="warning",
            )

    async def on_unmount(self) -> None:
        """Close the forum adapter."""
        await self.desk.aclose()

    def _fatal_error(self) -> None:
        """A bug: its traceback goes to the log (secrets masked) and one line
        to the terminal; Textual's own report would show local variables."""
        from rich.text import Text

        from deskapp import logs

        self.bell()
        error = sys.exc_info()[1] or self._exception
        self._exit_renderables.append(Text(logs.crash(error, "deskapp.app")))
        self._close_messages_no_wait()
