"""The personal-data review of an article draft: one line per finding.

Each line names the kind of data, the part of the draft it is in, an excerpt
with the match highlighted and what it will be replaced by, or the reason it
was dismissed. The text of a draft comes from forum posts: it is shown as
``Content`` only, never as markup. The widget decides nothing: it says which
finding the user wants redacted or dismissed, and the screen does it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from deskapp.i18n import _
from deskapp.privacy import Finding
from deskapp.text import clean

__all__ = ["PiiReview", "ReviewRow", "excerpt"]

_CONTEXT = 12
"""Characters of context shown on either side of a match."""
_MATCH_LIMIT = 28
_WHITESPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    """``text`` cleaned, on one line, its whitespace runs one space (not stripped)."""
    return _WHITESPACE.sub(" ", clean(text))


def excerpt(
    text: str, start: int, end: int, context: int = _CONTEXT
) -> tuple[str, str, str]:
    """Before, match and after of ``text[start:end]``: one line each, short,
    the context cut at whole words where it can be."""
    before = _fold(text[max(0, start - context) : start])
    after = _fold(text[end : end + context])
    if start > context and " " in before.rstrip():
        before = "…" + before[before.index(" ") + 1 :]
    elif start > context:
        before = "…" + before
    if end + context < len(text) and " " in after.lstrip():
        after = after[: after.rindex(" ")] + "…"
    elif end + context < len(text):
        after += "…"
    match = _fold(text[start:end])
    if len(match) > _MATCH_LIMIT:
        match = match[: _MATCH_LIMIT - 1] + "…"
    return before.lstrip(), match, after.rstrip()


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One finding in one part of the draft, and whether it was dismissed."""

    field: str
    """The part of the draft it is in: ``title``, ``question``, ``answer``, ``tags``."""
    field_label: str
    """How that part is named on screen."""
    finding: Finding
    text: str
    """The text of that part (for the excerpt)."""
    reason: str | None = None
    """Why it was dismissed; None while it is still open."""

    @property
    def is_open(self) -> bool:
        """True while the finding is neither redacted nor dismissed."""
        return self.reason is None


class PiiReview(OptionList):
    """The findings of a draft; enter/r redacts one, R all, d dismisses one."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "pii-review--kind",
        "pii-review--match",
        "pii-review--dismissed",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,r", "redact", _("Weglakken"), show=False,
                id="promote.redact",
                tooltip=_("Vervang dit persoonsgegeven door de voorgestelde tekst")),
        Binding("R", "redact_all", _("Alles weglakken"), show=False,
                id="promote.redact_all",
                tooltip=_("Vervang elk open persoonsgegeven door de voorgestelde"
                          " tekst")),
        Binding("d", "dismiss", _("Afwijzen"), show=False,
                id="promote.dismiss",
                tooltip=_("Dit is geen persoonsgegeven: laat het staan, met een reden"
                " (nogmaals: weer open)")),
    ]  # fmt: skip

    @dataclass
    class Redact(Message):
        """The user wants ``row``'s finding replaced by its proposal."""

        row: ReviewRow

    @dataclass
    class RedactAll(Message):
        """The user wants every open finding replaced."""

    @dataclass
    class Dismiss(Message):
        """The user wants ``row``'s finding dismissed (or open again)."""

        row: ReviewRow

    def __init__(self, *, id: str | None = None) -> None:
        """An empty review; :meth:`show` fills it."""
        super().__init__(id=id, markup=False)
        self.rows: list[ReviewRow] = []
        """The rows on screen, in order."""

    @property
    def current(self) -> ReviewRow | None:
        """The row under the highlight."""
        index = self.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def show(self, rows: Sequence[ReviewRow]) -> None:
        """Show ``rows``; the highlight stays at its place in the list."""
        if list(rows) == self.rows:
            return
        keep = self.highlighted or 0
        self.rows = list(rows)
        self.set_options(Option(self._prompt(row)) for row in self.rows)
        if self.rows:
            self.highlighted = min(keep, len(self.rows) - 1)

    def _style(self, name: str) -> Style:
        """The partial style of component ``pii-review--<name>``."""
        return self.get_visual_style(f"pii-review--{name}", partial=True)

    def _prompt(self, row: ReviewRow) -> Content:
        """``BSN  Antwoord  …mijn BSN is 123456782 en… → [BSN]``."""
        f = row.finding
        before, match, after = excerpt(row.text, f.start, f.end)
        head = f"{f.kind.label:<14.14} {row.field_label:<8.8} "
        if row.is_open:
            outcome: tuple[str, Style] | str = f" → {f.replacement}"
        else:
            reason = _fold(row.reason or "").strip()
            outcome = (
                " ✗ " + _("afgewezen: {reason}").format(reason=reason),
                self._style("dismissed"),
            )
        return Content.assemble(
            (head, self._style("kind")), before, (match, self._style("match")),
            after, outcome,
        )  # fmt: skip

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """A click on a finding redacts it (as enter and r do)."""
        event.stop()
        self.action_redact()

    def action_redact(self) -> None:
        """Ask for the highlighted finding to be redacted."""
        if (row := self.current) is not None:
            self.post_message(self.Redact(row))

    def action_redact_all(self) -> None:
        """Ask for every open finding to be redacted."""
        if any(row.is_open for row in self.rows):
            self.post_message(self.RedactAll())

    def action_dismiss(self) -> None:
        """Ask for the highlighted finding to be dismissed (or opened again)."""
        if (row := self.current) is not None:
            self.post_message(self.Dismiss(row))
