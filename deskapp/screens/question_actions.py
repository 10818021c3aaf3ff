"""Acting on the question: accept, assign, tags, close/reopen, snooze;
promote an answer to the knowledge base; ask a client to take personal data
out of a post (and flag it to the moderators).

Every action goes through the desk, which changes the store at once (the
inbox shows it) and queues the change for the forum; a refusal by the forum
rolls it back and is shown as an outbox line. Where the forum cannot do an
action at all, :meth:`Desk.can` says why and nothing happens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType

from deskapp.errors import DeskError
from deskapp.i18n import _, format_day
from deskapp.models import ActionKind, Post, Role
from deskapp.screens.dialogs import ConfirmScreen
from deskapp.screens.promote import PromoteScreen
from deskapp.screens.question_compose import ComposingScreen
from deskapp.screens.question_dialogs import (
    AssignScreen,
    SnoozeChoice,
    SnoozeScreen,
    TagsScreen,
)
from deskapp.screens.writes import write_beside
from deskapp.templates import TemplateContext
from deskapp.text import one_line
from deskapp.widgets.thread_view import ThreadView

__all__ = ["ActingScreen"]

PII_TEMPLATE = "persoonsgegevens-verwijderen"
"""Slug of the template asking a client to take personal data out of a post."""


class ActingScreen(ComposingScreen):
    """The action half of the question screen (see :class:`QuestionScreen`)."""

    _acting = False
    """An action is being written (beside the screen) and not yet answered."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "accept", _("Accepteer"), id="question.accept",
                tooltip=_("Markeer het bericht onder de cursor als het antwoord"
                " (nogmaals: ongedaan maken)")),
        Binding("m", "assign_me", _("Aan mij"), id="question.assign_me",
                tooltip=_("Wijs de vraag aan jezelf toe")),
        Binding("w", "assign_other", _("Toewijzen"), show=False,
                id="question.assign_other",
                tooltip=_("Wijs de vraag toe aan een collega")),
        Binding("u", "unassign", _("Niet toewijzen"), show=False,
                id="question.unassign", tooltip=_("Haal de toewijzing weg")),
        Binding("T", "tags", _("Tags"), show=False, id="question.tags",
                tooltip=_("Tags toevoegen of weghalen")),
        Binding("x", "close_reopen", _("Sluiten/heropenen"), show=False,
                id="question.close",
                tooltip=_("Sluit de vraag (na bevestiging) of heropen")),
        Binding("z", "snooze", _("Uitstellen"), show=False, id="question.snooze",
                tooltip=_("Laat de vraag tot een datum uit de inbox"
                " (alleen op deze desk)")),
        Binding("P", "promote", _("Naar kennisbank"), show=False, id="question.promote",
                tooltip=_("Maak van het antwoord onder de cursor een kennisbankartikel"
                " (persoonsgegevens worden eerst nagelopen)")),
        Binding("v", "pii_request", _("Gegevens weg"), show=False,
                id="question.pii_request",
                tooltip=_("Vraag de klant persoonsgegevens uit het bericht onder de"
                " cursor te halen (sjabloon), en meld het eventueel")),
    ]  # fmt: skip

    def _act(self, kind: ActionKind, call: Callable[[], object], done: str) -> None:
        """Run an action if the forum allows it; show the result at once."""
        if self.thread is None:  # the next question is still loading
            self.notify(_("Even geduld: de vraag wordt nog geladen."), timeout=3)
            return
        if (reason := self.desk.can(kind)) is not None:
            self.notify(reason, severity="warning", markup=False)
            return
        if self._acting:  # the screen does not show its outcome yet
            self.notify(_("Even geduld: de vorige handeling wordt nog verwerkt."),
                        timeout=3)  # fmt: skip
            return
        self._acting = True

        def acted(result: object) -> None:
            self._acting = False
            self.notify(done, timeout=3, markup=False)
            self.queued()

        def failed(err: DeskError) -> None:
            self._acting = False
            self._error(err)

        write_beside(self.desk, call, acted, failed)

    def action_accept(self) -> None:
        """Accept the post under the cursor as the answer, or undo that."""
        post = self.query_one(ThreadView).current_post
        if post is None or self.thread is None:
            return
        qid = self.question_id
        if post.number == 1:
            self.notify(_("De vraag zelf kan niet het antwoord zijn."), timeout=3)
        elif post.accepted:
            undone = f"#{post.number} is niet meer het geaccepteerde antwoord"
            self._act(ActionKind.UNACCEPT, lambda: self.desk.unaccept(qid, post.id),
                      undone)  # fmt: skip
        else:
            self._act(ActionKind.ACCEPT, lambda: self.desk.accept(qid, post.id),
                      f"#{post.number} is geaccepteerd als antwoord")  # fmt: skip

    def _assignee(self) -> str | None:
        """Who the question is assigned to now."""
        return self.thread.question.assigned_to if self.thread else None

    def _assign(self, username: str | None) -> None:
        """Assign to ``username`` (None: nobody)."""
        qid = self.question_id
        done = (
            _("Toegewezen aan {username}").format(username=one_line(username, 40))
            if username
            else (_("Niemand meer toegewezen"))
        )
        self._act(ActionKind.ASSIGN, lambda: self.desk.assign(qid, username), done)

    def action_assign_me(self) -> None:
        """Assign the question to yourself."""
        me = self.desk.me()
        if me is None:
            self.notify(_("Nog onbekend wie u bent: synchroniseer eerst."), timeout=5)
        elif self._assignee() == me:
            self.notify(_("Deze vraag is al aan u toegewezen."), timeout=3)
        else:
            self._assign(me)

    def action_assign_other(self) -> None:
        """Pick a colleague (completed from the staff the desk knows)."""
        if (reason := self.desk.can(ActionKind.ASSIGN)) is not None:
            self.notify(reason, severity="warning", markup=False)
            return
        dialog = AssignScreen(self.desk.known_colleagues(), self.desk.colleagues)
        self.app.push_screen(dialog, self._assign_chosen)

    def _assign_chosen(self, username: str | None) -> None:
        """Assign to the chosen colleague."""
        if username and username != self._assignee():
            self._assign(username)

    def action_unassign(self) -> None:
        """Remove the assignment."""
        if self._assignee() is None:
            self.notify(_("Deze vraag is aan niemand toegewezen."), timeout=3)
        else:
            self._assign(None)

    def action_tags(self) -> None:
        """Edit the tags as text."""
        if self.thread is None:
            return
        if (reason := self.desk.can(ActionKind.TAGS)) is not None:
            self.notify(reason, severity="warning", markup=False)
            return
        self.app.push_screen(TagsScreen(self.thread.question.tags), self._tags_chosen)

    def _tags_chosen(self, tags: tuple[str, ...] | None) -> None:
        """Save the new tags."""
        if tags is not None:
            qid = self.question_id
            shown = ", ".join(one_line(t, 30) for t in tags) or "geen"
            self._act(ActionKind.TAGS, lambda: self.desk.set_tags(qid, tags),
                      _("Tags: {shown}").format(shown=shown))  # fmt: skip

    def action_close_reopen(self) -> None:
        """Close the question after a confirmation, or reopen a closed one."""
        if self.thread is None:
            return
        qid = self.question_id
        if self.thread.question.closed:
            self._act(ActionKind.REOPEN, lambda: self.desk.reopen(qid), _("Heropend"))
            return
        if (reason := self.desk.can(ActionKind.CLOSE)) is not None:
            self.notify(reason, severity="warning", markup=False)
            return
        title = one_line(self.thread.question.title, 80)
        detail = _("Op het forum kan dan niemand meer reageren.")
        confirm = ConfirmScreen(
            _("‘{title}’ sluiten?").format(title=title), _("Sluiten"), detail
        )
        self.app.push_screen(confirm, self._close_confirmed)

    def _close_confirmed(self, yes: bool | None) -> None:
        """Close once confirmed."""
        if yes:
            qid = self.question_id
            self._act(ActionKind.CLOSE, lambda: self.desk.close(qid), _("Gesloten"))

    def action_snooze(self) -> None:
        """Snooze until a day (local to this desk); empty wakes it."""
        today = self.desk.now().astimezone(self.desk.timezone).date()
        try:
            current = self.desk.snoozed_until(self.question_id)
        except DeskError as err:
            self._error(err)
            return
        self.app.push_screen(SnoozeScreen(today, current), self._snooze_chosen)

    def _snooze_chosen(self, choice: SnoozeChoice | None) -> None:
        """Snooze (or wake) and say until when."""
        if choice is None:
            return
        qid, day = self.question_id, choice.until

        def snoozed(result: object) -> None:
            self.notify(
                _("Uitgesteld tot {day}").format(day=format_day(day, "EEE dd-MM-yyyy"))
                if day
                else _("Niet meer uitgesteld"),
                timeout=4,
            )
            self.queued()

        write_beside(
            self.desk, lambda: self.desk.snooze(qid, day), snoozed, self._error
        )

    # -- knowledge base and personal data ------------------------------------------

    def action_promote(self) -> None:
        """Open the promote panel on the Werkplein answer under the cursor."""
        post = self.query_one(ThreadView).current_post
        if post is None or self.thread is None:
            self.notify(_("Even geduld: de vraag wordt nog geladen."), timeout=3)
            return
        if post.number == 1 or not post.author.role.answers_for_werkplein:
            self.notify(_("Zet de cursor (] en [) op een antwoord van een"
                        " Werkplein-medewerker of adviseur."), timeout=5)  # fmt: skip
            return
        if (reason := self.desk.can(ActionKind.PUBLISH)) is not None:
            self.notify(reason, severity="warning", markup=False)
            return
        self.save_draft()
        self.app.push_screen(PromoteScreen(self.desk, self.question_id, post.id))

    def action_pii_request(self) -> None:
        """Insert the request to take personal data out of a client's post."""
        post = self.query_one(ThreadView).current_post
        if post is None or self.thread is None:
            return
        if post.author.role is not Role.CLIENT:
            self.notify(_("Kies met ] en [ een bericht van de klant."), timeout=4)
            return
        self._pii_template(post)

    @work(thread=True, exclusive=True, group="templates", exit_on_error=False)
    def _pii_template(self, post: Post) -> None:
        """Render the request template (files: a thread worker), then insert it."""
        from deskapp.screens.templates import count_use  # with the library

        thread = self.thread
        try:
            library = self.desk.templates()
        except DeskError as err:
            self.app.call_from_thread(self._error, err)
            return
        found = [t for t in library.templates if t.key.endswith(f":{PII_TEMPLATE}")]
        if thread is None or not found:
            self.app.call_from_thread(
                self.notify,
                _(
                    "Het sjabloon ‘{name}’ ontbreekt in uw sjablonen; "
                    "zie de voorbeeldsjablonen."
                ).format(name=PII_TEMPLATE),
                severity="warning",
            )
            return
        context = TemplateContext.for_thread(
            thread, today=self.desk.now().astimezone(self.desk.timezone).date(),
            staff=self._me(), reply_to=post.number,
            category_slug=self.item.category_slug if self.item else "",
        )  # fmt: skip
        text = library.render(found[0], context)
        self.app.call_from_thread(self._pii_inserted, post, text)
        count_use(self.app, library, found[0].key)  # after: the text is in

    def _pii_inserted(self, post: Post, text: str) -> None:
        """Reply to the post with the request; offer to flag it."""
        self.open_composer()
        self._target(post)
        self.composer.insert(text)
        if self.desk.can(ActionKind.FLAG) is not None:
            return
        kinds = self.query_one(ThreadView).marks.get(post.id, ())
        shown = f" ({', '.join(kinds)})" if kinds else ""
        detail = _("De moderatoren kunnen de gegevens uit het bericht halen.")
        confirm = ConfirmScreen(
            _("Bericht #{number}{shown} ook melden bij de moderatoren?").format(
                number=post.number, shown=shown
            ),
            _("Melden"),
            detail,
        )
        self.app.push_screen(confirm, lambda yes: self._flag(post, kinds, yes))

    def _flag(self, post: Post, kinds: tuple[str, ...], yes: bool | None) -> None:
        """Flag the post once confirmed (the kinds of data, never the values)."""
        if not yes:
            return
        what = ", ".join(kinds) if kinds else "persoonsgegevens"
        # the flag goes to the forum's moderators: in the forum's language
        message = (f"Dit openbare bericht bevat persoonsgegevens ({what})."
                   " Wilt u ze verwijderen of het bericht verbergen?")  # fmt: skip
        qid = self.question_id
        self._act(
            ActionKind.FLAG,
            lambda: self.desk.flag_post(qid, post.id, message),
            _("Bericht #{number} gemeld bij de moderatoren").format(number=post.number),
        )
