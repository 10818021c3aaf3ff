"""The state of a personal-data review: findings per part, dismissals, redaction.

Pure bookkeeping for :mod:`deskapp.screens.promote`: which findings each part
of the article has (for which text), which were dismissed and why, and what
a part reads like once findings are redacted. The screen edits its widgets
to match.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from deskapp.i18n import _
from deskapp.kb import Dismissal
from deskapp.models import KbDraft
from deskapp.privacy import Finding
from deskapp.widgets.pii_review import ReviewRow

__all__ = ["FIELDS", "Review", "dismissal_key", "parts_of", "redacted"]

FIELDS = {
    "title": _("Titel"),
    "tags": _("Tags"),
    "question": _("Vraag"),
    "answer": _("Antwoord"),
}
"""The parts of an article that are checked, in order, with their labels."""


def parts_of(draft: KbDraft) -> dict[str, str]:
    """The checked parts of ``draft`` as text."""
    return {"title": draft.title, "tags": " ".join(draft.tags),
            "question": draft.question, "answer": draft.answer}  # fmt: skip


def dismissal_key(finding: Finding) -> tuple[str, str]:
    """What a dismissal covers: the kind and the text (in any case)."""
    return finding.kind.value, finding.text.casefold()


def redacted(
    text: str, found: Sequence[Finding], chosen: Iterable[Finding]
) -> tuple[str, list[Finding]]:
    """``text`` with the ``chosen`` findings replaced; the rest moved along."""
    wanted = set(chosen)
    parts: list[str] = []
    rest: list[Finding] = []
    at = shift = 0
    for f in sorted(found, key=lambda f: f.start):
        if f in wanted:
            parts += [text[at : f.start], f.replacement]
            at = f.end
            shift += len(f.replacement) - (f.end - f.start)
        else:
            rest.append(replace(f, start=f.start + shift, end=f.end + shift))
    parts.append(text[at:])
    return "".join(parts), rest


@dataclass
class Review:
    """Findings of each part, for the text they were found in, and dismissals."""

    texts: dict[str, str] = field(default_factory=dict)
    """The text of each part the findings belong to."""
    found: dict[str, list[Finding]] = field(default_factory=dict)
    dismissed: dict[tuple[str, str], Dismissal] = field(default_factory=dict)

    def take(
        self, texts: Mapping[str, str], found: Mapping[str, list[Finding]]
    ) -> None:
        """The findings of some parts, as found in ``texts``."""
        for part, text in texts.items():
            self.texts[part], self.found[part] = text, list(found[part])

    def stale(self, now: Mapping[str, str]) -> dict[str, str]:
        """The parts whose text ``now`` is not the one last checked."""
        return {p: t for p, t in now.items() if self.texts.get(p) != t}

    def rows(self) -> list[ReviewRow]:
        """Every finding in every part, with its dismissal reason if any."""
        rows = []
        for part, label in FIELDS.items():
            for f in self.found.get(part, []):
                dismissal = self.dismissed.get(dismissal_key(f))
                reason = dismissal.reason if dismissal else None
                rows.append(ReviewRow(part, label, f, self.texts[part], reason))
        return rows

    def open_count(self) -> int:
        """How many findings are neither redacted nor dismissed."""
        return sum(row.is_open for row in self.rows())

    def open_in(self, part: str) -> list[Finding]:
        """The findings of ``part`` that are not dismissed."""
        return [
            f
            for f in self.found.get(part, [])
            if dismissal_key(f) not in self.dismissed
        ]

    def redact(self, part: str, chosen: Sequence[Finding]) -> str:
        """Redact ``chosen`` findings of ``part``; its new text."""
        text, rest = redacted(self.texts[part], self.found[part], chosen)
        self.texts[part], self.found[part] = text, rest
        return text

    def dismiss(self, finding: Finding, reason: str) -> None:
        """Leave ``finding`` (and its kind with that text) as it is, for ``reason``."""
        key = dismissal_key(finding)
        self.dismissed[key] = Dismissal(finding.kind.value, finding.text, reason)

    def reopen(self, finding: Finding) -> None:
        """Undo the dismissal covering ``finding``."""
        self.dismissed.pop(dismissal_key(finding), None)

    def dismissals(self) -> list[Dismissal]:
        """The dismissals that cover a finding still in the article."""
        keys = {dismissal_key(row.finding) for row in self.rows()}
        return [d for k, d in self.dismissed.items() if k in keys]
