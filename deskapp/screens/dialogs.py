"""Small modal questions: a yes/no confirmation and the collision prompt.

Forum text (titles, posts) reaches these screens only through
:mod:`deskapp.text` and the safe post rendering of
:mod:`deskapp.widgets.post_view`.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from deskapp.i18n import _, ngettext
from deskapp.models import Collision
from deskapp.screens.keyhints import hint, keys_for, label_keys
from deskapp.text import one_line
from deskapp.widgets.post_view import PostBody, PostView

__all__ = ["CollisionChoice", "CollisionScreen", "ConfirmScreen"]

CollisionChoice = Literal["send", "edit", "discard"]
"""What to do with a reply held back by the collision guard."""


class ConfirmScreen(ModalScreen[bool]):
    """A question answered with j (ja) / enter, or n (nee) / esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,y", "answer(True)", _("Ja"), id="confirm.yes",
                tooltip=_("Ja, doe het")),
        Binding("n,escape", "answer(False)", _("Nee"), id="confirm.no",
                tooltip=_("Nee, terug zonder iets te doen")),
    ]  # fmt: skip

    def __init__(self, question: str, yes: str = _("Ja"), detail: str = "") -> None:
        """Ask ``question`` (plain text); ``yes`` labels the confirming button."""
        super().__init__()
        self.question = question
        self.yes = yes
        self.detail = detail

    def compose(self) -> ComposeResult:
        """The question, an optional detail, and two buttons."""
        with Vertical(id="confirm-panel", classes="dialog"):
            yield Static(self.question, id="confirm-question", markup=False)
            if self.detail:
                yield Static(self.detail, id="confirm-detail", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="confirm-yes", variant="primary")
                yield Button(_("Nee"), id="confirm-no")
            yield Static("", classes="dialog-keys")

    def on_mount(self) -> None:
        """Enter confirms: the yes button has the focus; then the buttons and
        the hint name the keys as configured."""
        self.query_one("#confirm-yes", Button).focus()
        self.call_after_refresh(self._name_keys)

    def _name_keys(self) -> None:
        """The keys on the buttons and the key line ([keys] applied)."""
        yes, no = keys_for(self, "answer(True)"), keys_for(self, "answer(False)")
        label_keys(self.query_one("#confirm-yes", Button), self.yes, yes)
        label_keys(self.query_one("#confirm-no", Button), _("Nee"), no)
        self.query_one(".dialog-keys", Static).update(
            hint([(["enter", *yes], _("ja")), (no, _("nee"))])
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers the question."""
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        """Answer with a key."""
        self.dismiss(yes)


class CollisionScreen(ModalScreen[str]):
    """A colleague answered while you wrote: send anyway, edit, or discard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "choose('send')", _("Toch versturen"), id="collision.send",
                tooltip=_("Verstuur uw antwoord toch")),
        Binding("b,escape", "choose('edit')", _("Bewerken"), id="collision.edit",
                tooltip=_("Open de vraag met uw tekst in de editor")),
        Binding("w", "choose('discard')", _("Weggooien"), id="collision.discard",
                tooltip=_("Gooi uw antwoord weg")),
    ]  # fmt: skip

    def __init__(
        self, collision: Collision, tz: tzinfo | None = None, me: str | None = None
    ) -> None:
        """The prompt for ``collision``; times shown in ``tz``; ``me`` is the
        desk's account (a held post of its own is a reply of yours that may
        have arrived, edited since)."""
        super().__init__()
        self.collision = collision
        self.tz = tz
        self.me = me

    def compose(self) -> ComposeResult:
        """Title, the colleagues' posts, your reply, the choices."""
        c = self.collision
        count = len(c.theirs)
        who = _("Een collega antwoordde")
        if count > 1:
            who = ngettext(
                "{count} collega antwoordde", "{count} collega's antwoordden", count
            ).format(count=count)
        title = _("{who} al in ‘{title}’").format(who=who, title=one_line(c.title, 120))
        if self.me and c.theirs and all(p.author.username == self.me for p in c.theirs):
            title = _(
                "Uw antwoord staat er misschien al, bewerkt, in ‘{title}’"
            ).format(title=one_line(c.title, 120))
        with Vertical(id="collision-panel", classes="dialog"):
            yield Static(title, id="collision-title", markup=False)
            with VerticalScroll(id="collision-posts"):
                for post in c.theirs:
                    yield PostView(post, self.tz)
                yield Static(_("Uw antwoord:"), classes="collision-label")
                yield PostBody(c.body)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Toch versturen"), id="collision-send")
                yield Button(_("Bewerken"), id="collision-edit", variant="primary")
                yield Button(_("Weggooien"), id="collision-discard", variant="error")

    def on_mount(self) -> None:
        """The safe choice has the focus; then the buttons name their keys as
        configured."""
        self.query_one("#collision-edit", Button).focus()
        self.call_after_refresh(self._name_keys)

    def _name_keys(self) -> None:
        """The keys on the buttons ([keys] applied)."""
        for choice in ("send", "edit", "discard"):
            button = self.query_one(f"#collision-{choice}", Button)
            keys = keys_for(self, f"choose('{choice}')")
            label_keys(button, str(button.label), keys)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button chooses."""
        self.dismiss((event.button.id or "").removeprefix("collision-"))

    def action_choose(self, choice: CollisionChoice) -> None:
        """Choose with a key."""
        self.dismiss(choice)
