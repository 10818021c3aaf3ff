"""A read-only view of a whole thread: each post with author, role and time."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from deskapp.models import Post, Role, Thread
from deskapp.text import clean, one_line

__all__ = ["ThreadView"]

_BADGE = {
    Role.CLIENT: ("klant", "bold"),
    Role.STAFF: ("Werkplein", "bold green"),
    Role.ADVISER: ("adviseur", "bold cyan"),
    Role.PEER: ("peer", "bold magenta"),
}


def _header(post: Post) -> Text:
    """Author, role badge and local time of one post."""
    label, style = _BADGE[post.author.role]
    when = post.created_at.astimezone().strftime("%a %d-%m-%Y %H:%M")
    header = Text.assemble(
        (f"#{post.number} ", "dim"),
        (one_line(post.author.name, 40), "bold"),
        f" (@{one_line(post.author.username, 30)}) ",
        (f"[{label}]", style),
        f"  {when}",
    )
    if post.accepted:
        header.append("  ✔ geaccepteerd antwoord", style="bold green")
    return header


class ThreadView(VerticalScroll):
    """Every post of one thread, stacked; forum text shown without markup."""

    def show(self, thread: Thread) -> None:
        """Replace the content with ``thread``."""
        self.remove_children()
        widgets: list[Static] = []
        for post in thread.posts:
            widgets.append(Static(_header(post), classes="post-header", markup=False))
            widgets.append(
                Static(Text(clean(post.raw)), classes="post-body", markup=False)
            )
        self.mount_all(widgets)
        self.scroll_home(animate=False)
