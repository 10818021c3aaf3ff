"""The reply composer: a Markdown editor below the thread, with a preview.

The composer knows nothing of the store. It says upward when its text should
be saved as a draft (:class:`Composer.SaveDue`: at most :data:`QUIET` seconds
after the last change, and at least every :data:`MAX_WAIT` seconds while the
typing goes on), when the user wants to send it, to insert a template or to
leave it. The screen decides what happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from time import monotonic
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from deskapp.draftmerge import moved_offset
from deskapp.i18n import _
from deskapp.models import Post
from deskapp.text import clean, one_line
from deskapp.widgets.post_view import PostBody, cut_post

__all__ = ["MAX_WAIT", "QUIET", "Composer", "quote", "reply_label"]

QUIET = 0.5
"""Seconds after the last change before the draft is saved."""
MAX_WAIT = 1.0
"""During continuous typing the draft is saved at least this often (seconds)."""


def reply_label(post: Post | None) -> str:
    """The composer's header: what the reply answers."""
    if post is None or post.number == 1:
        return _("Antwoord op de vraag")
    return _("Antwoord op #{number} van {name}").format(
        number=post.number, name=one_line(post.author.name, 40)
    )


def quote(post: Post) -> str:
    """``post`` quoted in Markdown: an attribution line, then ``> `` lines;
    a very long post only as far as the thread shows it, then ``[…]``. The
    attribution (``… schreef in #2:``) goes into the reply on the Dutch forum,
    so it stays Dutch whatever language the desk speaks."""
    shown, rest = cut_post(post.raw)
    lines = clean(shown).strip().splitlines() or [""]
    if rest:
        lines.append("[…]")
    quoted = "\n".join(f"> {line}".rstrip() for line in lines)
    return f"{one_line(post.author.name, 40)} schreef in #{post.number}:\n{quoted}\n\n"


class Composer(Vertical):
    """Header line, editor (or its preview); says when to save, send, leave."""

    DEFAULT_CSS = """
    Composer {
        display: none;
        height: 10;
        &.-open { display: block; }
        &.-collapsed { display: block; height: 1; }
        & > #composer-title { height: 1; padding: 0 1; }
        & > #composer-title.-note { color: $text-warning; }
        & > #composer-text { height: 1fr; }
        & > #composer-preview {
            display: none; height: 1fr; border: tall $border-blurred; padding: 0 1;
        }
        &.-preview > #composer-text { display: none; }
        &.-preview > #composer-preview { display: block; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,f5", "send", _("Versturen"), id="composer.send",
                tooltip=_("Verstuur het antwoord (na bevestiging)")),
        Binding("ctrl+t,f3", "template", _("Sjabloon"), id="composer.template",
                tooltip=_("Voeg een sjabloon in op de cursor")),
        Binding("f2,ctrl+o", "preview", _("Voorbeeld"), id="composer.preview",
                tooltip=_("Wissel tussen bewerken en het opgemaakte voorbeeld")),
        Binding("escape", "leave", _("Sluiten"), id="composer.leave",
                tooltip=_("Terug naar de draad; de tekst blijft bewaard als concept")),
    ]  # fmt: skip

    @dataclass
    class SaveDue(Message):
        """The text changed: save it as the draft now."""

        composer: Composer
        body: str
        reply_to: int | None

    @dataclass
    class SendRequested(Message):
        """The user wants to send the reply."""

        composer: Composer
        body: str
        reply_to: int | None

    @dataclass
    class TemplateRequested(Message):
        """The user wants a template inserted at the cursor."""

        composer: Composer

    @dataclass
    class Left(Message):
        """The user left the composer (esc)."""

        composer: Composer

    def __init__(self, *, id: str | None = None) -> None:
        """An empty composer; :meth:`start` fills it."""
        super().__init__(id=id)
        self.reply_to: int | None = None
        """The post number replied to; None: the question as a whole."""
        self.label = reply_label(None)
        self._saved: tuple[str, int | None] = ("", None)
        self._unsaved = False
        """The last save failed: save again whatever the text."""
        self._dirty_since: float | None = None
        self._note = ""
        """Said on the title line while the composer is open (a merge with
        another session's text): it stays there, where a notice would cover
        the editor at 80×24."""
        self._timer: Timer | None = None
        self._editor = TextArea(id="composer-text", soft_wrap=True,
                                show_line_numbers=False)  # fmt: skip
        """Held here, not queried: its text is still there while the screen
        unmounts (the last keystrokes are saved then)."""

    def compose(self) -> ComposeResult:
        """Header, editor, preview (hidden)."""
        yield Static(self.label, id="composer-title", markup=False)
        yield self._editor
        with VerticalScroll(id="composer-preview"):
            yield PostBody("")

    @property
    def editor(self) -> TextArea:
        """The text area."""
        return self._editor

    @property
    def text(self) -> str:
        """The reply as typed."""
        return self.editor.text

    @property
    def is_open(self) -> bool:
        """True while the composer is open for typing (not just a saved draft)."""
        return self.has_class("-open")

    @property
    def previewing(self) -> bool:
        """True while the preview is shown instead of the editor."""
        return self.has_class("-preview")

    @property
    def dirty(self) -> bool:
        """True when the text or its target changed since the last save."""
        return self._unsaved or (self.text, self.reply_to) != self._saved

    def start(
        self, text: str = "", reply_to: int | None = None, label: str | None = None
    ) -> None:
        """Load ``text`` (a saved draft, or nothing), cursor at its end."""
        self._stop_timer()
        self.reply_to = reply_to
        self.set_label(label or reply_label(None))
        self.set_class(False, "-preview")
        self.editor.load_text(text)
        self.editor.move_cursor(self.editor.document.end)
        self._saved, self._unsaved = (text, reply_to), False
        self._note = ""
        self._shape()

    def set_note(self, note: str) -> None:
        """Say ``note`` on the title line until the composer closes or is
        started again ("": no note)."""
        self._note = note
        self._shape()

    def set_label(self, label: str) -> None:
        """Say what the reply answers."""
        self.label = label
        self._shape()

    def open(self) -> None:
        """Show the editor and put the keyboard in it."""
        self.set_class(True, "-open")
        self._shape()
        self.focus_editor()

    def close(self) -> None:
        """Fold away: one line when a draft is kept, nothing when empty."""
        self.set_class(False, "-open")
        self._show_preview(False)
        self._note = ""
        self._shape()

    def _shape(self) -> None:
        """Collapsed to its title while closed with a draft; hidden when empty."""
        collapsed = not self.is_open and bool(self.text.strip())
        self.set_class(collapsed, "-collapsed")
        title = (
            _("{label} · concept ({key}: verder)").format(
                label=self.label, key=self._reply_key()
            )
            if collapsed
            else f"{self._note} · {self.label}"
            if self._note
            else self.label
        )
        line = self.query_one("#composer-title", Static)
        line.update(title)
        line.set_class(bool(self._note) and not collapsed, "-note")

    def _reply_key(self) -> str:
        """The key that goes on with the reply, as the config's [keys] set it."""
        keymap = getattr(self.app, "_keymap", None) or {}
        keys = str(keymap.get("question.reply", "r")).split(",")[0].strip()
        return self.app.get_key_display(Binding(keys, "reply"))

    def retarget(self, reply_to: int | None, label: str) -> None:
        """Reply to another post (or the question); the text stays."""
        self.reply_to = reply_to
        self.set_label(label)
        self._changed()

    def insert(self, text: str) -> None:
        """Insert ``text`` at the cursor (back to editing if previewing)."""
        self._show_preview(False)
        self.editor.insert(text)
        self.editor.focus()

    def focus_editor(self) -> None:
        """Put the keyboard in the editor."""
        self._show_preview(False)
        self.editor.focus()

    def take_unsaved(self) -> tuple[str, int | None] | None:
        """The text and target if they changed since the last save; now saved."""
        self._stop_timer()
        if not self.dirty:
            return None
        self._saved, self._unsaved = (self.text, self.reply_to), False
        return self._saved

    def take_merged(self, text: str, stored: str, *, to_end: bool = False) -> None:
        """Show ``text`` (the reply merged with another session's), the cursor
        kept at the same place in it (an empty composer, or ``to_end``: at
        its end);
        ``stored`` is what the store holds now, so anything beyond it is
        saved again soon."""
        editor = self.editor
        old = editor.text
        if text != old:
            row, column = editor.cursor_location
            lines = old.split("\n")
            start = sum(len(line) + 1 for line in lines[:row]) + column
            fresh = to_end or not old.strip()
            offset = len(text) if fresh else moved_offset(old, text, start)
            # a new document: undo must not take the other session's text
            # out unseen (the next save would delete it for both)
            editor.load_text(text)
            before = text[:offset]
            editor.move_cursor(
                (before.count("\n"), len(before) - (before.rfind("\n") + 1))
            )
            self._shape()
            if self.previewing:
                self.query_one(PostBody).update(clean(text))
        self._saved, self._unsaved = (stored, self.reply_to), False
        self._changed()

    def mark_unsaved(self) -> None:
        """The last save failed: the next change or leaving saves it all again."""
        self._unsaved = True

    def clear(self) -> None:
        """Empty and close the editor after sending; nothing is left to save."""
        self.start("", None)
        self.close()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        """Schedule a draft save: quiet period, but never longer than MAX_WAIT."""
        event.stop()
        self._changed()

    def _changed(self) -> None:
        """Save soon: after QUIET seconds, or now if MAX_WAIT has passed."""
        if not self.dirty:
            return
        now = monotonic()
        if self._dirty_since is None:
            self._dirty_since = now
        if self._timer is not None:
            self._timer.stop()
        delay = min(QUIET, self._dirty_since + MAX_WAIT - now)
        if delay <= 0:
            self.flush()
        else:
            self._timer = self.set_timer(delay, self.flush)

    def flush(self) -> None:
        """Ask for the draft to be saved now, if anything changed."""
        saved = self.take_unsaved()
        if saved is not None:
            self.post_message(self.SaveDue(self, *saved))

    def _stop_timer(self) -> None:
        """No save pending any more."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._dirty_since = None

    def _show_preview(self, shown: bool) -> None:
        """Switch between editor and preview."""
        if shown == self.previewing:
            return
        self.set_class(shown, "-preview")
        if shown:
            self.query_one(PostBody).update(clean(self.text))
            self.query_one("#composer-preview").focus()
        elif self.is_open:
            self.editor.focus()

    def action_preview(self) -> None:
        """Toggle the rendered preview (the same safe rendering posts get)."""
        self._show_preview(not self.previewing)

    def action_send(self) -> None:
        """Ask to send the reply."""
        self.flush()
        self.post_message(self.SendRequested(self, self.text, self.reply_to))

    def action_template(self) -> None:
        """Ask for a template."""
        self.post_message(self.TemplateRequested(self))

    def action_leave(self) -> None:
        """Leave the composer; the draft is saved first."""
        self.flush()
        self.post_message(self.Left(self))
