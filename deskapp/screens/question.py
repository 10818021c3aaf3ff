"""The question screen (read-only): the whole thread with its facts."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from deskapp.desk import Desk
from deskapp.models import Thread
from deskapp.text import one_line
from deskapp.widgets.thread_view import ThreadView

__all__ = ["QuestionScreen"]


def _title(thread: Thread) -> Text:
    """Title line plus tags, assignee and link."""
    q = thread.question
    tags = ", ".join(one_line(t, 30) for t in q.tags) or "geen tags"
    assignee = one_line(q.assigned_to, 30) if q.assigned_to else "niemand"
    return Text.assemble(
        (one_line(q.title, 300), "bold"),
        f"\n#{q.id} · tags: {tags} · toegewezen aan: {assignee} · {one_line(q.url)}",
    )


class QuestionScreen(Screen[None]):
    """One question, read-only; esc goes back to the inbox."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="question.back"),
        Binding("j", "scroll_down", "Down", show=False, id="question.down"),
        Binding("k", "scroll_up", "Up", show=False, id="question.up"),
    ]

    def __init__(self, desk: Desk, question_id: int) -> None:
        """The question ``question_id`` of ``desk``'s forum."""
        super().__init__()
        self.desk = desk
        self.question_id = question_id

    def compose(self) -> ComposeResult:
        """Title block, thread, footer."""
        yield Static(id="question-title", markup=False)
        yield ThreadView(id="thread")
        yield Footer()

    def on_mount(self) -> None:
        """Load the thread from the store."""
        self.query_one(ThreadView).focus()
        self.load()

    @work(thread=True, exclusive=True, group="thread-load")
    def load(self) -> None:
        """Read the thread (a thread worker)."""
        thread = self.desk.thread(self.question_id)
        self.app.call_from_thread(self._show, thread)

    def _show(self, thread: Thread | None) -> None:
        """Hand the thread to the widgets, or say it is gone."""
        if thread is None:
            self.notify(
                "Deze vraag staat niet (meer) in de lokale opslag.", severity="error"
            )
            self.dismiss()
            return
        self.query_one("#question-title", Static).update(_title(thread))
        self.query_one(ThreadView).show(thread)

    def action_scroll_down(self) -> None:
        """Scroll the thread down a line."""
        self.query_one(ThreadView).scroll_down()

    def action_scroll_up(self) -> None:
        """Scroll the thread up a line."""
        self.query_one(ThreadView).scroll_up()
