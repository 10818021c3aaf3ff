"""Writing a reply in the question screen: composer, drafts, outbox lines.

The draft is saved through the desk whenever the composer asks
(:class:`~deskapp.widgets.composer.Composer.SaveDue`) and when the user
leaves the question; sending stores the reply in the outbox (durable at
once) after a confirmation naming the thread, and the app pushes it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import ClassVar, TypeVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.signal import Signal
from textual.widgets.text_area import Selection

from deskapp.desk import Desk
from deskapp.draftmerge import merge
from deskapp.errors import DeskError, DraftGoneError, shown_title
from deskapp.i18n import _
from deskapp.models import (
    ActionKind,
    Draft,
    InboxItem,
    Outgoing,
    Person,
    Post,
    Role,
    Thread,
)
from deskapp.privacy import Finding, Kind
from deskapp.screens.dialogs import ConfirmScreen
from deskapp.screens.question_dialogs import GUARDED, GuardScreen
from deskapp.screens.writes import ignore, write_beside
from deskapp.text import one_line
from deskapp.widgets.composer import Composer, quote, reply_label
from deskapp.widgets.outgoing import OutgoingList, to_retry, to_withdraw
from deskapp.widgets.thread_view import ThreadHeader, ThreadView

__all__ = ["ComposingScreen", "location"]

R = TypeVar("R")


class DraftLine:
    """The draft of one question as this session last loaded or saved it
    (its *ancestor*: what the composer's text grew from). The desk's writer
    thread moves it on with each save, in the order the saves were asked,
    so a save always merges from the text it was typed on."""

    def __init__(self, question_id: int, ancestor: str | None) -> None:
        self.question_id = question_id
        self.ancestor = ancestor
        self.saved: str | None = None
        """The text this session's last save wrote as its own."""

    def rebase(self, text: str | None) -> None:
        """From now on the composer's text grows from ``text``."""
        self.ancestor = text

    def sent_from(self, body: str) -> str | None:
        """The draft text a reply of ``body`` was written from: the body itself
        when the last save stored it (whatever was merged into the draft
        since is the other session's), else the ancestor."""
        return body if self.saved == body else self.ancestor


REPLYING_POLL = 15.0
"""Seconds between asking the forum who else is writing a reply."""

DRAFT_POLL = 3.0
"""Seconds between looks at the stored draft while the composer is open and
nothing is typed (another session of yours may have changed it)."""


def location(text: str, offset: int) -> tuple[int, int]:
    """The (row, column) of character ``offset`` of ``text`` in a text area."""
    row = text.count("\n", 0, offset)
    return row, offset - (text.rfind("\n", 0, offset) + 1)


class ComposingScreen(Screen[int]):
    """The reply half of the question screen (see :class:`QuestionScreen`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reply", _("Antwoord"), id="question.reply",
                tooltip=_("Schrijf een antwoord op de vraag"
                " (of ga verder met het concept)")),
        Binding("R", "reply_post", _("Antwoord op bericht"), show=False,
                id="question.reply_post",
                tooltip=_("Schrijf een antwoord op het bericht onder de cursor")),
        Binding("c", "quote", _("Citeer"), show=False, id="question.quote",
                tooltip=_("Citeer het bericht onder de cursor in het antwoord")),
        Binding("t", "template", _("Sjabloon"), show=False, id="question.template",
                tooltip=_("Voeg een sjabloon in het antwoord in")),
        Binding("h", "retry", _("Opnieuw"), show=False, id="question.retry",
                tooltip=_("Verstuur een mislukt of tegengehouden antwoord nu")),
        Binding("i", "withdraw", _("Intrekken"), show=False, id="question.withdraw",
                tooltip=_("Trek een wachtend antwoord in;"
                " de tekst komt terug in de editor")),
    ]  # fmt: skip

    desk: Desk
    question_id: int
    thread: Thread | None
    item: InboxItem | None

    def __init__(self) -> None:
        """Reply state: nothing written yet."""
        super().__init__()
        self.outgoing: list[Outgoing] = []
        """The question's outbox entries on screen."""
        self._seen_post = 0
        """The highest post number on screen when the reply was begun."""
        self._line: DraftLine | None = None
        """The draft in the composer, as this session last loaded or saved it."""
        self._saves = 0
        """Draft saves asked so far; only the latest one's answer counts."""
        self._writing = 0
        """Store writes asked and not yet answered."""
        self._sending = False
        """A confirmed reply is being queued (the editor is read-only)."""
        self._busy_entries: set[int] = set()
        """Outbox entries being withdrawn or retried (not yet answered)."""
        self._composer = Composer(id="composer")

    # -- to be provided by the screen ---------------------------------------

    def reload(self) -> None:
        """Read the question again from the store and show it."""
        raise NotImplementedError

    # -- composer ----------------------------------------------------------------

    @property
    def _draft_for(self) -> int | None:
        """The question whose draft the composer holds (None: none yet)."""
        return None if self._line is None else self._line.question_id

    @property
    def composer(self) -> Composer:
        """The reply editor."""
        return self._composer

    def editing(self) -> bool:
        """True while the keyboard is in the composer."""
        focused = self.focused
        return focused is not None and self.composer in focused.ancestors_with_self

    def _post(self, number: int | None) -> Post | None:
        """Post ``number`` of the thread on screen."""
        posts = self.thread.posts if self.thread else ()
        return next((p for p in posts if p.number == number), None)

    def _last_number(self) -> int:
        """The highest post number on screen."""
        posts = self.thread.posts if self.thread else ()
        return max((p.number for p in posts), default=0)

    def restore_draft(self, draft: Draft | None) -> None:
        """Put ``draft`` (or nothing) in the composer for the question shown."""
        self._line = DraftLine(self.question_id, None if draft is None else draft.body)
        composer = self.composer
        if draft is None:
            composer.start()
            self._seen_post = 0
        else:
            label = reply_label(self._post(draft.reply_to))
            composer.start(draft.body, draft.reply_to, label)
            self._seen_post = draft.seen_post
        composer.close()

    def open_composer(self) -> None:
        """Open the composer on this question's draft, the keyboard in it
        (once the question is shown, when it is still loading)."""
        if self.thread is None:
            self._compose_wanted = True
            return
        self.save_draft()
        with suppress(DeskError):  # the store is the truth: the desk may have
            self._catch_up()  # put a withdrawn reply's text in the draft
        if not self._seen_post:
            self._seen_post = self._last_number()
        self.composer.open()
        self.poll_replying()

    def _catch_up(self, *, told: bool = False) -> None:
        """Take into the composer what the store's draft gained since this
        session last saved it (a withdrawn reply, another session's typing);
        not while a write is on its way (a save's answer does that). ``told``:
        say so (another session's doing), and leave a draft gone meanwhile on
        screen."""
        line = self._line
        if self._writing or line is None or line.question_id != self.question_id:
            return
        draft = self.desk.draft(self.question_id)
        stored = None if draft is None else draft.body
        if stored == line.ancestor or (told and stored is None):
            return
        opening = not self.composer.is_open  # opening it: going on at the end
        found = stored if told else ""
        self._take_merged(line, line.ancestor, stored, to_end=opening, found=found)

    def _take_merged(
        self,
        line: DraftLine,
        base: str | None,
        stored: str | None,
        *,
        found: str | None = "",
        to_end: bool = False,
    ) -> None:
        """The store holds ``stored`` where the composer's text grew from
        ``base``: keep both sessions' edits in the composer, and save from
        ``stored`` on. ``found`` is what a save found there (None: no draft
        any more), and the adviser is told; by default ("") the merge is the
        desk's own doing and goes unsaid."""
        composer = self.composer
        merged = merge(base, stored, composer.text)
        self._in_writer(lambda: line.rebase(stored), ignore, self._error)
        composer.take_merged(merged, stored or "", to_end=to_end)
        if found == "":
            return
        if found is None:
            note = _("Elders verstuurd of weggegooid: dit is een nieuw concept")
        else:
            note = _("Samengevoegd met een andere sessie: kijk het na")
        composer.set_note(note)

    def _target(self, post: Post | None) -> None:
        """Reply to ``post`` (the question itself for #1 or None)."""
        number = post.number if post is not None and post.number > 1 else None
        self.composer.retarget(number, reply_label(post))

    def action_reply(self) -> None:
        """Open the composer; an empty one replies to the question."""
        self.open_composer()

    def action_reply_post(self) -> None:
        """Reply to the post under the cursor (the text typed so far stays)."""
        self.open_composer()
        self._target(self.query_one(ThreadView).current_post)

    def action_quote(self) -> None:
        """Quote the post under the cursor and reply to it."""
        post = self.query_one(ThreadView).current_post
        if post is None:
            return
        self.open_composer()
        self._target(post)
        self.composer.insert(quote(post))

    def save_draft(self) -> None:
        """Save what the composer holds now, if it changed (blank: deleted)."""
        if self._draft_for is None:
            return
        unsaved = self.composer.take_unsaved()
        if unsaved is not None:
            self._store_draft(self._draft_for, *unsaved)

    def _store_draft(self, question_id: int, body: str, reply_to: int | None) -> None:
        """Write the draft beside the screen, merged with what another session
        stored meanwhile; a failure is shown, the text stays in the editor."""
        line = self._line
        if line is None or line.question_id != question_id:
            return
        seen = self._seen_post or self._last_number()
        self._saves += 1
        number = self._saves

        def save() -> tuple[str | None, str | None, str | None]:
            base = line.ancestor  # as the saves before this one left it
            stored, found = self.desk.merge_draft(
                question_id, body, reply_to=reply_to, seen_post=seen, base=base
            )
            line.rebase(body if body.strip() else None)
            line.saved = body
            return base, stored, found

        def saved(result: tuple[str | None, str | None, str | None]) -> None:
            base, stored, found = result
            latest = number == self._saves and line is self._line
            if latest and found not in (base, body) and self.is_attached:
                # another session wrote in it: the store merged; so does the
                # composer, with what was typed since this save was asked
                self._take_merged(line, body, stored, found=found)

        def failed(err: DeskError) -> None:
            if number == self._saves and line is self._line:
                self.composer.mark_unsaved()  # saved again on the next change
            self._error(err, _("Concept niet bewaard: {err}"))

        self._in_writer(save, saved, failed)

    def _in_writer(
        self,
        work: Callable[[], R],
        done: Callable[[R], None],
        failed: Callable[[DeskError], None],
    ) -> None:
        """:func:`~deskapp.screens.writes.write_beside`, counted while on its way."""
        self._writing += 1

        def answered(result: R) -> None:
            self._writing -= 1
            done(result)

        def refused(err: DeskError) -> None:
            self._writing -= 1
            failed(err)

        write_beside(self.desk, work, answered, refused)

    @on(Composer.SaveDue)
    def _save_due(self, event: Composer.SaveDue) -> None:
        """The composer says: save now."""
        if self._draft_for is not None:
            self._store_draft(self._draft_for, event.body, event.reply_to)

    @on(Composer.Left)
    def _left(self) -> None:
        """Esc in the composer: fold it away, back to the thread."""
        self.composer.close()
        self.query_one(ThreadView).focus()

    # -- sending -------------------------------------------------------------------

    @on(Composer.SendRequested)
    def _send_requested(self, event: Composer.SendRequested) -> None:
        """Confirm, naming the thread, then queue the reply."""
        if self._sending:
            self.notify(_("Even geduld: het antwoord wordt in de wachtrij gezet."),
                        timeout=3)  # fmt: skip
            return
        if not event.body.strip():
            self.notify(_("Het antwoord is nog leeg."), severity="warning")
            return
        if (reason := self.desk.can(ActionKind.REPLY)) is not None:
            self.notify(reason, severity="warning", markup=False)
            return
        if self.thread is not None and self.thread.question.closed:
            self.notify(
                _("Deze vraag is gesloten: het forum neemt geen antwoorden meer aan."
                " Heropen haar eerst (x); uw tekst blijft bewaard."),
                severity="warning", markup=False,
            )  # fmt: skip
            return
        title = one_line(self.thread.question.title, 80) if self.thread else ""
        reply = (event.body, event.reply_to)  # what is sent: what was asked
        if guarded := self._guarded(event.body):
            guard = GuardScreen(guarded, title)
            self.app.push_screen(
                guard, lambda send: self._guard_answered(send, guarded, reply)
            )
            return
        question = _("Antwoord versturen in ‘{title}’?").format(title=title)
        self.app.push_screen(
            ConfirmScreen(question, "Versturen", self.composer.label),
            lambda yes: self._confirmed(yes, reply),
        )

    def _guarded(self, body: str) -> list[Finding]:
        """The personal data in a reply when it holds a BSN or IBAN (else none)."""
        try:
            found = self.desk.findings(self.question_id, body)
        except DeskError:
            return []  # the question is gone from the store: sending will say so
        if not any(f.kind in GUARDED for f in found):
            return []
        return [f for f in found if f.kind is not Kind.NAME]  # a greeting names them

    def _guard_answered(
        self, send: bool | None, found: list[Finding], reply: tuple[str, int | None]
    ) -> None:
        """Send anyway, or back in the editor with the first finding selected."""
        if send:
            self._confirmed(True, reply)
            return
        composer = self.composer
        composer.open()
        first = next(f for f in found if f.kind in GUARDED)
        text = composer.text
        if text[first.start : first.end] == first.text:
            composer.editor.selection = Selection(
                location(text, first.start), location(text, first.end)
            )

    def _confirmed(self, yes: bool | None, reply: tuple[str, int | None]) -> None:
        """Queue the reply as confirmed (durable once queued) and let the app
        push it. The editor holds the text, read-only, until the outbox has it;
        what another session added to the draft meanwhile stays a draft."""
        question_id, line = self._draft_for, self._line
        if not yes or question_id is None or line is None:
            return
        body, reply_to = reply
        seen = self._seen_post or self._last_number()
        editor = self.composer.editor
        editor.read_only = True
        self._sending = True

        def queue() -> Draft | None:
            try:
                self.desk.queue_reply(
                    question_id, body, reply_to=reply_to, seen_post=seen,
                    draft_from=line.sent_from(body),
                )  # fmt: skip
            except DraftGoneError:
                line.rebase(None)  # told; sending again sends it after all
                line.saved = None
                raise
            line.rebase(None)
            return self.desk.draft(question_id)

        def queued(left: Draft | None) -> None:
            editor.read_only, self._sending = False, False
            if line is self._line and self.is_attached:
                self.restore_draft(left)  # empty, or what the other session added
                self.query_one(ThreadView).focus()
            self.notify(_("Antwoord staat in de wachtrij."), timeout=3)
            if left is not None:
                self.notify(
                    _("Een andere sessie schreef intussen verder aan dit"
                      " concept; die tekst blijft als concept bewaard (r)."),
                    severity="warning", timeout=8, markup=False,
                )  # fmt: skip
            self.queued()

        def failed(err: DeskError) -> None:
            editor.read_only, self._sending = False, False
            self._error(err, _("Niet verstuurd: {err}"))

        self._in_writer(queue, queued, failed)

    def queued(self) -> None:
        """Tell the app the outbox changed (it pushes and refreshes the inbox),
        also when this screen has gone meanwhile."""
        queued = getattr(self.app, "queued", None)
        if callable(queued):
            queued()  # publishes the outbox signal: this screen reloads
        elif self.is_attached:
            self.reload()

    # -- templates -------------------------------------------------------------------

    def action_template(self) -> None:
        """Open the composer and pick a template for it."""
        self.open_composer()
        self._pick_template()

    @on(Composer.TemplateRequested)
    def _template_requested(self) -> None:
        """Ctrl+t in the composer."""
        self._pick_template()

    @work(thread=True, exclusive=True, group="templates", exit_on_error=False)
    def _pick_template(self) -> None:
        """Load the library (files: a thread worker), then show the picker."""
        try:
            from deskapp.screens.templates import TemplatePicker
            from deskapp.templates import TemplateContext
        except ImportError:
            self.app.call_from_thread(
                self.notify, _("Sjablonen zijn niet beschikbaar.")
            )
            return
        if self.thread is None:
            return
        try:
            library = self.desk.templates()
        except DeskError as err:
            self.app.call_from_thread(self._error, err)
            return
        context = TemplateContext.for_thread(
            self.thread, today=self.desk.now().astimezone(self.desk.timezone).date(),
            staff=self._me(), reply_to=self.composer.reply_to,
            category_slug=self.item.category_slug if self.item else "",
        )  # fmt: skip
        picker = TemplatePicker(library, context)
        self.app.call_from_thread(self.app.push_screen, picker, self._template_chosen)

    def _error(self, err: DeskError, template: str = "{err}") -> None:
        """Show a failure of the desk (in ``template``); what is on screen stays."""
        text = template.format(err=one_line(str(err), 200))
        self.notify(text, title=shown_title(err), severity="error", markup=False)

    def _template_chosen(self, text: str | None) -> None:
        """Insert the rendered template at the cursor, on a line of its own; a
        picker closed without a choice leaves an empty composer folded away."""
        composer = self.composer
        if text:
            composer.open()
            row, column = composer.editor.cursor_location
            line = composer.editor.document.get_line(row)
            before = "\n\n" if line[:column].strip() else ""
            after = "\n\n" if line[column:].strip() else ""  # not run into it
            composer.insert(before + text + after)
        elif not composer.text.strip():
            composer.close()
            self.query_one(ThreadView).focus()

    def _me(self) -> Person | None:
        """The desk's own account as a person (for the {staff} placeholder)."""
        me = self.desk.me()
        if me is None:
            return None
        known = [p for p in self.desk.known_colleagues() if p.username == me]
        return known[0] if known else Person(me, me, Role.STAFF)

    # -- outbox --------------------------------------------------------------------

    def subscribe_outbox(self) -> None:
        """Re-read the question whenever the app's outbox changes."""
        signal = getattr(self.app, "outbox_signal", None)
        if isinstance(signal, Signal):
            signal.subscribe(self, self._outbox_changed)

    def _outbox_changed(self, _: object = None) -> None:
        """An outbox entry moved on: show where it stands now."""
        if self.is_attached:
            self.reload()

    def show_outgoing(self, entries: list[Outgoing]) -> None:
        """Show the question's outbox entries."""
        self.outgoing = entries
        self.query_one(OutgoingList).show(entries, self.desk.timezone)

    def action_retry(self) -> None:
        """Send a failed entry now, or a held reply anyway."""
        entry = to_retry(self.outgoing)
        if entry is None:
            self.notify(_("Er is niets om opnieuw te versturen."), timeout=3)
            return
        if self._entry_busy(entry.id):
            return
        # a held reply: sent anyway
        self._in_writer(
            lambda: self.desk.retry(entry.id),
            lambda done: self._entry_done(entry.id),
            lambda err: self._entry_done(entry.id, err),
        )

    def action_withdraw(self) -> None:
        """Withdraw a waiting entry; a reply's text goes back in the composer."""
        entry = to_withdraw(self.outgoing)
        if entry is None:
            self.notify(_("Er wacht niets om in te trekken."), timeout=3)
            return
        if self._entry_busy(entry.id):
            return
        self.save_draft()
        question_id, reply = self.question_id, entry.kind is ActionKind.REPLY

        def withdrawn(done: None) -> None:
            self._entry_done(entry.id)
            if reply and self.is_attached and self.question_id == question_id:
                self.open_composer()  # not another question's, after n or p

        self._in_writer(
            lambda: self.desk.cancel(entry.id),
            withdrawn,
            lambda err: self._entry_done(entry.id, err),
        )

    def _entry_busy(self, entry_id: int) -> bool:
        """True (and said) when the entry is still being withdrawn or retried;
        else it is from now on."""
        if entry_id in self._busy_entries:
            self.notify(_("Even geduld: dit bericht wordt nog bijgewerkt."), timeout=3)
            return True
        self._busy_entries.add(entry_id)
        return False

    def _entry_done(self, entry_id: int, err: DeskError | None = None) -> None:
        """A withdraw or retry is answered: the outbox changed (or why not)."""
        self._busy_entries.discard(entry_id)
        if err is not None:
            self._error(err)
        self.queued()

    # -- who else is replying ----------------------------------------------------------

    def start_replying_poll(self) -> None:
        """Ask now and every :data:`REPLYING_POLL` seconds while the screen is
        open; look at the stored draft every :data:`DRAFT_POLL` seconds."""
        self.poll_replying()
        self.set_interval(REPLYING_POLL, self.poll_replying)
        self.set_interval(DRAFT_POLL, self.watch_draft)

    def watch_draft(self) -> None:
        """While the composer is open and nothing new is typed in it, take in
        what another session saved in this draft (and say so), so the text
        on screen is the text both sessions work on; typing does this with
        each save anyway. A draft gone meanwhile (sent or thrown away over
        there) stays on screen: sending it asks first."""
        composer = self.composer
        if not composer.is_open or composer.dirty or self._sending:
            return
        with suppress(DeskError):  # a busy store: the next look, or save, tells
            self._catch_up(told=True)

    @work(exclusive=True, group="replying", exit_on_error=False)
    async def poll_replying(self) -> None:
        """Show which colleagues (never you) are writing a reply now."""
        question_id = self.question_id
        people = await self.desk.replying(question_id)
        me = self.desk.me()
        names = tuple(p.name or p.username for p in people if p.username != me)
        if question_id == self.question_id and self.is_attached:
            self.query_one(ThreadHeader).show_replying(names)
