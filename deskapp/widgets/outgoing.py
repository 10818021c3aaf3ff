"""Replies and actions on their way to the forum, one line each, in Dutch.

Shown between the thread and the composer. The state of each outbox entry
says what happens next; ``h`` retries and ``i`` withdraws (the keys belong
to the question screen, which uses :func:`to_retry` and :func:`to_withdraw`
to pick the entry they act on).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import ClassVar

from textual.content import Content
from textual.style import Style
from textual.widget import Widget

from deskapp.i18n import _
from deskapp.models import ActionKind, OutboxState, Outgoing
from deskapp.text import one_line

__all__ = ["KIND_LABEL", "OutgoingList", "state_text", "to_retry", "to_withdraw"]

MAX_LINES = 3
"""Entries shown at most; older ones are summed up in one line."""

KIND_LABEL = {
    ActionKind.REPLY: _("Antwoord"),
    ActionKind.ACCEPT: _("Accepteren"),
    ActionKind.UNACCEPT: _("Accepteren ongedaan"),
    ActionKind.ASSIGN: _("Toewijzen"),
    ActionKind.TAGS: _("Tags"),
    ActionKind.CLOSE: _("Sluiten"),
    ActionKind.REOPEN: _("Heropenen"),
    ActionKind.PUBLISH: _("Kennisbank"),
    ActionKind.FLAG: _("Melden"),
}
"""How each kind of outbox entry is named on screen."""


def _at(moment: datetime, tz: tzinfo | None) -> str:
    """A time of today as ``14:05``."""
    return f"{moment.astimezone(tz):%H:%M}"


def state_text(entry: Outgoing, tz: tzinfo | None = None) -> str:
    """The entry's state, with what happens next where it matters."""
    error = one_line(entry.error or "", 120)
    retry_at = entry.next_attempt_at
    match entry.state:
        case OutboxState.QUEUED if retry_at is not None and error:
            return _("in wachtrij: {error} — nieuwe poging om {time}").format(
                error=error, time=_at(retry_at, tz)
            )
        case OutboxState.QUEUED:
            return _("in wachtrij")
        case OutboxState.SENDING:
            return _("wordt verstuurd")
        case OutboxState.SENT:
            return _("verstuurd")
        case OutboxState.HELD:
            return _(
                "wacht op jou (collega antwoordde) — h: toch versturen, i: bewerken"
            )
        case OutboxState.FAILED if retry_at is not None:
            return _("mislukt: {error} — nieuwe poging om {time}").format(
                error=error or "?", time=_at(retry_at, tz)
            )
        case OutboxState.FAILED:
            return _("mislukt: {error} — h: opnieuw proberen, i: intrekken").format(
                error=error or "?"
            )
    return _("ingetrokken")


def _label(entry: Outgoing) -> str:
    """``Antwoord op #3`` or ``Toewijzen``."""
    label = KIND_LABEL[entry.kind]
    if entry.kind is ActionKind.REPLY and entry.reply_to is not None:
        label = _("Antwoord op #{number}").format(number=entry.reply_to)
    return label


def to_retry(entries: Sequence[Outgoing]) -> Outgoing | None:
    """The newest entry ``h`` acts on: failed, held, or waiting to retry."""
    for entry in reversed(entries):
        waiting = entry.state is OutboxState.QUEUED and entry.next_attempt_at
        if entry.state in (OutboxState.FAILED, OutboxState.HELD) or waiting:
            return entry
    return None


def to_withdraw(entries: Sequence[Outgoing]) -> Outgoing | None:
    """The newest entry ``i`` acts on: any not sent or being sent."""
    for entry in reversed(entries):
        if entry.state in (OutboxState.QUEUED, OutboxState.FAILED, OutboxState.HELD):
            return entry
    return None


class OutgoingList(Widget):
    """One line per outbox entry of the question; hidden when there are none."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "outgoing--sent",
        "outgoing--failed",
        "outgoing--held",
        "outgoing--busy",
    }

    DEFAULT_CSS = """
    OutgoingList {
        height: auto;
        max-height: 4;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        """An empty list until :meth:`show`."""
        super().__init__(id=id)
        self.entries: tuple[Outgoing, ...] = ()
        self.tz: tzinfo | None = None
        self.display = False

    def show(self, entries: Sequence[Outgoing], tz: tzinfo | None = None) -> None:
        """Show ``entries`` (oldest first)."""
        self.entries, self.tz = tuple(entries), tz
        self.display = bool(self.entries)
        self.refresh(layout=True)

    def render(self) -> Content:
        """The newest entries, one line each; older ones summed up."""
        shown = self.entries[-MAX_LINES:]
        lines: list[Content] = []
        if len(self.entries) > len(shown):
            older = len(self.entries) - len(shown)
            lines.append(Content(_("… en nog {n} eerder").format(n=older)))
        lines += [self._line(entry) for entry in shown]
        return Content("\n").join(lines)

    def _line(self, entry: Outgoing) -> Content:
        """``↑ Antwoord · in wachtrij · Beste Anouk, …``: the state before the text."""
        state = (state_text(entry, self.tz), self._style(entry))
        body = one_line(entry.body, 40)
        return Content.assemble(
            "↑ ", _label(entry), " · ", state, *((" · ", body) if body else ())
        )

    def _style(self, entry: Outgoing) -> Style:
        """Green when sent, red when failed, warning when held, muted otherwise."""
        name = {
            OutboxState.SENT: "sent",
            OutboxState.FAILED: "failed",
            OutboxState.HELD: "held",
        }.get(entry.state, "busy")
        return self.get_visual_style(f"outgoing--{name}", partial=True)
