"""The promote panel: a Werkplein answer becomes a knowledge-base article.

The desk drafts the article (a general title, the question summarised, the
answer, regulation tags, the source link); every part can be edited here,
and F2 shows it as the forum will. Below the form, the personal-data review
lists every finding in every part (:class:`~deskapp.widgets.pii_review.PiiReview`):
redact one (enter, r) or all (R), or dismiss one with a reason (d). Typing
in a part checks it again once the typing pauses. Publishing (ctrl+s, F5) is
refused while a finding is neither redacted nor dismissed; once confirmed,
the article goes through the outbox and the screen returns to the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Static, TextArea
from textual.worker import get_current_worker

from deskapp.desk import Desk
from deskapp.errors import DeskError, shown_title
from deskapp.i18n import _, ngettext
from deskapp.kb import KB_TAG, UnredactedError, article_body
from deskapp.models import KbDraft
from deskapp.privacy import Finding
from deskapp.screens.dialogs import ConfirmScreen
from deskapp.screens.help import HelpScreen, bindings_table
from deskapp.screens.promote_review import FIELDS, Review, parts_of
from deskapp.screens.question_compose import location
from deskapp.screens.question_dialogs import ReasonScreen, parse_tags
from deskapp.screens.writes import write_beside
from deskapp.text import one_line
from deskapp.widgets.pii_review import PiiReview
from deskapp.widgets.post_view import PostBody

__all__ = ["RECHECK_QUIET", "Prepared", "PromoteScreen"]

RECHECK_QUIET = 0.3
"""Seconds after the last change before an edited part is checked again."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the loader read: the draft, its findings, names for the prompts."""

    draft: KbDraft
    found: dict[str, list[Finding]]
    source: str
    """``#12 ‘Mijn uitkering is gestopt’``, cleaned."""
    kb_name: str
    """The knowledge-base category's name."""
    answer_number: int


class PromoteScreen(Screen[bool]):
    """Edit, review and publish one article; dismisses True once published."""

    _publishing = False
    """The article is being queued (beside the screen), not yet answered."""
    _published = False
    """The article is queued: the screen goes (at once, or when a dialog
    opened meanwhile closes)."""
    _gone = False
    """The screen has been dismissed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f5", "publish", _("Publiceren"), id="promote.publish",
                tooltip=_("Publiceer het artikel in de kennisbank (na bevestiging);"
                " kan pas als elk persoonsgegeven is nagelopen")),
        Binding("f2", "preview", _("Voorbeeld"), id="promote.preview",
                tooltip=_("Wissel tussen bewerken en het artikel zoals het forum het"
                " toont")),
        Binding("f6", "review", _("Nalopen"), id="promote.review",
                tooltip=_("Naar de lijst met persoonsgegevens")),
        Binding("escape", "back", _("Terug"), id="promote.back",
                tooltip=_("Terug naar de vraag zonder te publiceren")),
        Binding("f1,question_mark", "help", _("Help"), id="promote.help",
                tooltip=_("Alle toetsen van dit scherm")),
    ]  # fmt: skip

    def __init__(self, desk: Desk, question_id: int, post_id: int) -> None:
        """An article from answer ``post_id`` of question ``question_id``."""
        super().__init__()
        self.desk = desk
        self.question_id = question_id
        self.post_id = post_id
        self.prepared: Prepared | None = None
        """The draft as the desk made it, once loaded."""
        self.review = Review()
        """Findings, their texts and the dismissals."""
        self._timer: Timer | None = None
        self._held_focus: Widget | None = None

    def compose(self) -> ComposeResult:
        """Title line, the form (or its preview), the review, the footer."""
        yield Static(self._heading(), id="promote-title", markup=False)
        with Vertical(id="promote-form"):
            for field in ("title", "tags"):
                with Horizontal(classes="promote-row"):
                    yield Label(FIELDS[field], classes="promote-label")
                    yield Input(id=f"kb-{field}", select_on_focus=False)
            yield Static("", id="promote-source", markup=False)
            for field in ("question", "answer"):
                yield Label(FIELDS[field], classes="promote-part")
                yield TextArea(id=f"kb-{field}", soft_wrap=True)
        with VerticalScroll(id="promote-preview"):
            yield PostBody("")
        yield Static("", id="pii-summary", markup=False)
        yield PiiReview(id="pii-review")
        yield Footer()

    def on_mount(self) -> None:
        """Read the draft and its findings."""
        self._prepare()

    # -- loading ---------------------------------------------------------------

    @work(thread=True, exit_on_error=False)
    def _prepare(self) -> None:
        """Draft, findings and names from the desk (a thread worker)."""
        try:
            prepared = self._read()
        except DeskError as err:
            self.app.call_from_thread(self._unavailable, err)
            return
        self.app.call_from_thread(self._fill, prepared)

    def _read(self) -> Prepared:
        """What :meth:`_prepare` reads."""
        qid = self.question_id
        draft = self.desk.kb_draft(qid, self.post_id)
        found = {f: self.desk.findings(qid, t) for f, t in parts_of(draft).items()}
        thread = self.desk.thread(qid)
        title = one_line(thread.question.title, 60) if thread else ""
        posts = thread.posts if thread else ()
        number = next((p.number for p in posts if p.id == self.post_id), 0)
        categories = self.desk.store.categories(self.desk.forum_name)
        kb_name = next((c.name for c in categories if c.is_kb), _("de kennisbank"))
        return Prepared(draft, found, f"#{qid} ‘{title}’", one_line(kb_name, 40),
                        number)  # fmt: skip

    def _unavailable(self, err: DeskError) -> None:
        """No draft: say why and go back to the question."""
        self._error(err)
        self.dismiss(False)

    def _fill(self, prepared: Prepared) -> None:
        """Put the draft in the form and its findings in the review."""
        self.prepared = prepared
        texts = parts_of(prepared.draft)
        for field, text in texts.items():
            widget = self.query_one(f"#kb-{field}")
            if isinstance(widget, Input):
                widget.value = text
            elif isinstance(widget, TextArea):
                widget.load_text(text)
        self.review.take(texts, prepared.found)
        self.query_one("#promote-title", Static).update(self._heading())
        url = one_line(prepared.draft.source_url, 200) or _("geen link")
        self.query_one("#promote-source", Static).update(f"{'Bron':<8} {url}")
        self._show_review()
        review = self.query_one(PiiReview)
        (review if review.rows else self.query_one("#kb-title")).focus()

    def _heading(self) -> str:
        """The title line: where the article goes and where it comes from."""
        prepared = self.prepared
        if prepared is None:
            return _("Kennisbankartikel wordt voorbereid…")
        return _("Naar {kb_name} · uit {source}, antwoord #{answer_number}").format(
            kb_name=prepared.kb_name,
            source=prepared.source,
            answer_number=prepared.answer_number,
        )

    # -- the parts and their findings ----------------------------------------------

    def _text(self, field: str) -> str:
        """The text of a part as it is now (the tags as they will be published,
        so the review checks what the publishing checks)."""
        widget = self.query_one(f"#kb-{field}")
        if field == "tags" and isinstance(widget, Input):
            return " ".join(parse_tags(widget.value))
        return widget.value if isinstance(widget, Input) else str(
            getattr(widget, "text", ""))  # fmt: skip

    def _stale(self) -> dict[str, str]:
        """The parts edited since they were last checked, with their text now."""
        return self.review.stale({f: self._text(f) for f in FIELDS})

    def _show_review(self) -> None:
        """Hand the rows to the review and say how many are open."""
        rows = self.review.rows()
        self.query_one(PiiReview).show(rows)
        left = sum(row.is_open for row in rows)
        dismissed = len(rows) - left
        also = (
            _(", {dismissed} afgewezen").format(dismissed=dismissed)
            if dismissed
            else ""
        )
        if left:
            line = ngettext(
                "⚠ {left} persoonsgegeven open{also} · r weglakken · R alles"
                " · d afwijzen",
                "⚠ {left} persoonsgegevens open{also} · r weglakken · R alles"
                " · d afwijzen",
                left,
            ).format(left=left, also=also)
        elif rows:
            line = _(
                "✔ Alle persoonsgegevens nagelopen ({dismissed} afgewezen)"
            ).format(dismissed=dismissed)
        else:
            line = _("✔ Geen persoonsgegevens gevonden")
        summary = self.query_one("#pii-summary", Static)
        summary.update(line)
        summary.set_class(bool(left), "-open")

    @on(Input.Changed, "#kb-title, #kb-tags")
    @on(TextArea.Changed, "#kb-question, #kb-answer")
    def _edited(self) -> None:
        """Check the edited parts again once the typing pauses."""
        if self.prepared is None or not self._stale():
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(RECHECK_QUIET, self._recheck)

    def _recheck(self) -> None:
        """Check the parts edited since their last check (in a worker)."""
        self._timer = None
        if texts := self._stale():
            self._check(texts)

    @work(thread=True, exclusive=True, group="promote-check", exit_on_error=False)
    def _check(self, texts: dict[str, str]) -> None:
        """Find the personal data in ``texts`` (a thread worker)."""
        try:
            found = {
                f: self.desk.findings(self.question_id, t) for f, t in texts.items()
            }
        except DeskError as err:
            self.app.call_from_thread(self._error, err)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._checked_in, texts, found)

    def _checked_in(
        self, texts: dict[str, str], found: dict[str, list[Finding]]
    ) -> None:
        """Take the findings of the parts that did not change meanwhile."""
        same = {f: t for f, t in texts.items() if self._text(f) == t}
        self.review.take(same, found)
        self._show_review()

    def _settle(self) -> bool:
        """Check every edited part now; False (after saying why) on failure."""
        texts = self._stale()
        try:
            found = {
                f: self.desk.findings(self.question_id, t) for f, t in texts.items()
            }
            self.review.take(texts, found)
        except DeskError as err:
            self._error(err)
            return False
        self._show_review()
        return True

    # -- redacting and dismissing ------------------------------------------------

    def _replace(self, field: str, chosen: Sequence[Finding]) -> None:
        """Replace ``chosen`` findings of a part by their proposals (those still
        there: a second key press for the same row does nothing)."""
        chosen = [f for f in chosen if f in self.review.found.get(field, [])]
        if not chosen:
            return
        old = self.review.texts[field]
        new = self.review.redact(field, chosen)
        widget = self.query_one(f"#kb-{field}")
        if isinstance(widget, Input):
            widget.value = new
        elif isinstance(widget, TextArea):
            for f in sorted(chosen, key=lambda f: f.start, reverse=True):
                widget.replace(f.replacement, location(old, f.start),
                               location(old, f.end))  # fmt: skip
        self._show_review()

    @on(PiiReview.Redact)
    def _redact(self, event: PiiReview.Redact) -> None:
        """Redact one finding (a part edited meanwhile is checked first)."""
        if self._on_its_way():
            return
        row = event.row
        if self._stale():
            if self._settle():
                self.notify(_("De lijst is bijgewerkt na uw wijziging."), timeout=3)
            return
        if not row.is_open:
            self.notify(_("Afgewezen: druk d om het weer open te zetten."), timeout=3)
            return
        self._replace(row.field, [row.finding])

    @on(PiiReview.RedactAll)
    def _redact_all(self) -> None:
        """Redact every open finding."""
        if self._on_its_way():
            return
        if self._stale() and not self._settle():
            return
        for field in FIELDS:
            if chosen := self.review.open_in(field):
                self._replace(field, chosen)

    @on(PiiReview.Dismiss)
    def _dismiss(self, event: PiiReview.Dismiss) -> None:
        """Ask why a finding is not personal data; a dismissed one opens again."""
        if self._on_its_way():
            return
        finding = event.row.finding
        if not event.row.is_open:
            self.review.reopen(finding)
            self._show_review()
            return
        self.app.push_screen(
            ReasonScreen(finding), lambda reason: self._dismissed_with(finding, reason)
        )

    def _dismissed_with(self, finding: Finding, reason: str | None) -> None:
        """Keep the dismissal (its reason goes to the audit, the text never)."""
        if reason:
            self.review.dismiss(finding, reason)
            self._show_review()

    # -- publishing --------------------------------------------------------------

    def article(self) -> KbDraft | None:
        """The article as edited now (None before it is loaded)."""
        if self.prepared is None:
            return None
        return replace(
            self.prepared.draft, title=self._text("title").strip(),
            question=self._text("question"), answer=self._text("answer"),
            tags=parse_tags(self._text("tags")),
        )  # fmt: skip

    def action_publish(self) -> None:
        """Publish once every finding is redacted or dismissed, after confirming."""
        if self._on_its_way():
            return
        draft, prepared = self.article(), self.prepared
        if draft is None or prepared is None or not self._settle():
            return
        if left := self.review.open_count():
            text = ngettext(
                "Nog {left} persoonsgegeven open: lak weg (r, R) of wijs af met"
                " een reden (d).",
                "Nog {left} persoonsgegevens open: lak weg (r, R) of wijs af met"
                " een reden (d).",
                left,
            ).format(left=left)
            self.notify(text, title=_("Publiceren kan nog niet"),
                        severity="warning", timeout=6)  # fmt: skip
            self.query_one(PiiReview).focus()
            return
        if not draft.title:
            self.notify(_("Het artikel heeft een titel nodig."), severity="warning")
            return
        detail = _(
            "Bron: {source}. Daar komt een antwoord met de link; de "
            "vraag krijgt de tag ‘{tag}’ en antwoord #{answer_number} "
            "wordt geaccepteerd."
        ).format(
            source=prepared.source, tag=KB_TAG, answer_number=prepared.answer_number
        )
        question = _("‘{title}’ publiceren in {kb_name}?").format(
            title=one_line(draft.title, 60), kb_name=prepared.kb_name
        )
        confirm = ConfirmScreen(question, _("Publiceren"), detail)
        self.app.push_screen(confirm, lambda yes: self._publish(draft) if yes else None)

    def _publish(self, draft: KbDraft) -> None:
        """Queue the article (beside the screen); the outbox does the rest."""
        if self._publishing:
            return  # asked once already; its answer is on its way
        self._hold(True)
        dismissals = self.review.dismissals()

        def published(result: object) -> None:
            self._publishing, self._published = False, True
            self.notify(
                _("‘{title}’ staat in de wachtrij voor de kennisbank.").format(
                    title=one_line(draft.title, 60)
                ),
                timeout=5,
                markup=False,
            )
            queued = getattr(self.app, "queued", None)
            if callable(queued):
                queued()
            self._done()

        def failed(err: DeskError) -> None:
            self._hold(False)
            self._error(err)
            if isinstance(err, UnredactedError) and self.is_attached:
                self.review.texts.clear()  # check everything again
                self._settle()

        write_beside(
            self.desk, lambda: self.desk.publish(draft, dismissals), published, failed
        )

    def _on_its_way(self) -> bool:
        """True (and said) while the confirmed article is being queued."""
        if self._publishing:
            self.notify(_("Het artikel wordt in de wachtrij gezet; even geduld."),
                        timeout=3)  # fmt: skip
        return self._publishing

    def _hold(self, publishing: bool) -> None:
        """While the article is on its way the form takes no edits (what is
        published is what was confirmed; a change typed now would be lost),
        and the title line says so; after a failure it is as it was."""
        self._publishing = publishing
        if not self.is_attached:
            return
        form = self.query_one("#promote-form")
        if publishing:
            self._held_focus = self.focused
        form.disabled = publishing
        held = _("Wordt in de wachtrij gezet…")
        self.query_one("#promote-title", Static).update(
            held if publishing else self._heading()
        )
        back = None if publishing else self._held_focus
        if back is not None and back.is_attached:
            back.focus()

    # -- the rest ------------------------------------------------------------------

    def _error(self, err: DeskError) -> None:
        """Show a failure of the desk; what is on screen stays."""
        self.notify(one_line(str(err), 300), title=shown_title(err), severity="error",
                    markup=False)  # fmt: skip

    def action_preview(self) -> None:
        """Toggle the article as the forum will show it (not while it is
        being queued: the form is held as it was confirmed)."""
        draft = self.article()
        if draft is None or self._on_its_way():
            return
        shown = not self.has_class("-preview")
        self.set_class(shown, "-preview")
        if shown:
            tags = ", ".join(draft.tags) or "geen"
            body = f"**{draft.title}**\n\n{article_body(draft)}\nTags: {tags}\n"
            self.query_one(PostBody).update(body)
            self.query_one("#promote-preview").focus()
        else:
            self.query_one("#kb-answer").focus()

    def action_review(self) -> None:
        """Go to the review list."""
        if self.has_class("-preview"):
            self.action_preview()
        self.query_one(PiiReview).focus()

    def _edited_anything(self) -> bool:
        """True when the user changed the article or dismissed a finding."""
        draft = self.article()
        if draft is None or self.prepared is None:
            return False
        edited = parts_of(draft) != parts_of(self.prepared.draft)
        return edited or bool(self.review.dismissed)

    def on_screen_resume(self) -> None:
        """Back from a dialog (help) opened while the article was being
        queued: once it is queued, the screen has done its work."""
        if self._published:
            self._done()

    def _done(self) -> None:
        """Leave, the article queued (once, however it is asked; only from
        the top of the stack: a dialog over it goes first)."""
        if not self._gone and self.app.screen is self:
            self._gone = True
            self.dismiss(True)

    def action_back(self) -> None:
        """Back to the question; an edited article goes only once confirmed."""
        if self._published:
            self._done()
            return
        if self._on_its_way():
            return
        if not self._edited_anything():
            self.dismiss(False)
            return
        lost = _("Uw wijzigingen aan het artikel gaan verloren.")
        confirm = ConfirmScreen(_("Dit artikel niet publiceren?"), _("Weggooien"), lost)
        self.app.push_screen(confirm, self._leave)

    def _leave(self, yes: bool | None) -> None:
        """Back to the question once confirmed (True all the same when the
        article was queued meanwhile)."""
        if yes and not self._gone:
            self._gone = True
            self.dismiss(self._published)

    def action_help(self) -> None:
        """Every key of this screen, the review's included."""
        table = bindings_table(self, extra=[self.query_one(PiiReview)])
        self.app.push_screen(HelpScreen(table, _("Toetsen bij een kennisbankartikel")))
