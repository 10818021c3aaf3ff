"""One post in full: the whole text, however long, to read (e on a post).

The thread shows a long post cut (see :data:`deskapp.widgets.post_view.POST_LIMIT`);
this screen shows all of it as plain text in a read-only editor, which draws
only the lines on screen, so a post of megabytes opens at once. The text goes
through :mod:`deskapp.text`; nothing in it is markup.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from deskapp.i18n import _
from deskapp.models import Post
from deskapp.text import clean, one_line
from deskapp.widgets.post_view import local_time

__all__ = ["FullTextScreen"]


class FullTextScreen(Screen[None]):
    """The whole text of one post, read-only; esc goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", _("Terug"), id="fulltext.back",
                tooltip=_("Terug naar de vraag")),
        Binding("G,ctrl+end", "end", _("Einde"), id="fulltext.end",
                tooltip=_("Naar het einde van het bericht")),
        Binding("g,ctrl+home", "start", _("Begin"), show=False, id="fulltext.start",
                tooltip=_("Naar het begin van het bericht")),
    ]  # fmt: skip

    DEFAULT_CSS = """
    FullTextScreen > #fulltext-title { height: 1; padding: 0 1; }
    FullTextScreen > TextArea { height: 1fr; }
    """

    def __init__(self, post: Post, tz: tzinfo | None = None) -> None:
        """The text of ``post``; its time shown in ``tz``."""
        super().__init__()
        self.post = post
        self.tz = tz

    def compose(self) -> ComposeResult:
        """A title line, the text, the keys."""
        post = self.post
        title = (
            f"#{post.number} van {one_line(post.author.name, 40)}"
            f" (@{one_line(post.author.username, 40)}),"
            f" {local_time(post.created_at, self.tz)} · volledige tekst"
        )
        yield Static(title, id="fulltext-title", markup=False)
        yield TextArea(
            clean(post.raw), read_only=True, soft_wrap=True, id="fulltext-text"
        )
        yield Footer()

    def on_mount(self) -> None:
        """Keys go to the text: arrows, page keys, home and end scroll it."""
        self.query_one(TextArea).focus()

    def action_end(self) -> None:
        """Show the end of the text."""
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)

    def action_start(self) -> None:
        """Show the start of the text."""
        self.query_one(TextArea).move_cursor((0, 0))

    def action_back(self) -> None:
        """Back to the question."""
        self.dismiss(None)
