"""Views of the inbox: filters, sort orders and saved views ("sections").

Pure data: the store turns a :class:`ViewFilter` and a :class:`Sort` into SQL,
the inbox shows a :class:`Section` per tab.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from deskapp.i18n import _
from deskapp.models import State, Urgency

__all__ = [
    "ALL_STATES",
    "BACKLOG_LEFT_AT",
    "DEFAULT_SECTIONS",
    "OPEN_STATES",
    "Section",
    "Sort",
    "ViewFilter",
    "section_label",
]

T = TypeVar("T")

OPEN_STATES: tuple[State, ...] = tuple(s for s in State if s.is_open)
ALL_STATES: tuple[State, ...] = tuple(State)

BACKLOG_LEFT_AT = (
    "COALESCE(q.first_staff_at, CASE WHEN q.state IN ('closed', 'solved')"
    " THEN q.last_posted_at END)"
)
"""SQL for when question ``q`` left the backlog (NULL: it has not): its first
staff answer, or, for a question closed or solved without one, its last post
(the store keeps no close time; the last post is the nearest known moment)."""


class Sort(StrEnum):
    """The orders ``s`` cycles through."""

    URGENT = "urgent"
    """Urgent first, then waiting for staff, longest waiting first (default)."""
    WAITING = "waiting"
    """Longest waiting first, whatever the urgency."""
    DUE = "due"
    """Soonest due (or most overdue) first."""
    NEWEST = "newest"
    """Newest question first."""
    ACTIVE = "active"
    """Most recent post first."""

    def next(self) -> Sort:
        """The order after this one, wrapping around."""
        members = list(Sort)
        return members[(members.index(self) + 1) % len(members)]


@dataclass(frozen=True, slots=True)
class ViewFilter:
    """Which questions a view shows; empty tuples mean 'any'."""

    states: tuple[State, ...] = OPEN_STATES
    urgencies: tuple[Urgency, ...] = ()
    categories: tuple[str, ...] = ()
    """Category slugs."""
    unassigned: bool = False
    mine: bool = False
    no_staff_answer: bool = False
    """Only questions no Werkplein employee or adviser has answered yet."""
    overdue: bool = False
    waiting_for_staff: bool = False
    """Only questions where the client waits for staff (new or waiting)."""
    snoozed: bool = False
    """Only snoozed questions; every other view leaves them out until their day."""
    include_snoozed: bool = False
    """Snoozed questions too (the team lead's figures count every question)."""
    tags: tuple[str, ...] = ()
    """Only questions with one of these tags (any case)."""
    staff_answered: bool = False
    """Only questions a Werkplein employee or adviser has answered."""
    assignee: str | None = None
    """Only questions assigned to this username."""
    created: tuple[datetime, datetime] | None = None
    """Only questions asked in ``[since, until)``."""
    first_answered: tuple[datetime, datetime] | None = None
    """Only questions first answered by staff or an adviser in ``[since, until)``."""
    backlog_at: datetime | None = None
    """Only questions that were in the backlog at this moment: asked before it,
    not yet answered by staff, and not yet closed or solved (see
    :data:`BACKLOG_LEFT_AT`)."""
    label: str | None = field(default=None, compare=False)
    """How the status bar names this filter (set by the backlog screen)."""

    def narrowed(self, other: ViewFilter) -> ViewFilter:
        """This filter with ``other``'s restrictions added on top."""
        return ViewFilter(
            states=_meet(self.states, other.states, OPEN_STATES),
            urgencies=_meet(self.urgencies, other.urgencies, ()),
            categories=_meet(self.categories, other.categories, ()),
            unassigned=self.unassigned or other.unassigned,
            mine=self.mine or other.mine,
            no_staff_answer=self.no_staff_answer or other.no_staff_answer,
            overdue=self.overdue or other.overdue,
            waiting_for_staff=self.waiting_for_staff or other.waiting_for_staff,
            snoozed=self.snoozed or other.snoozed,
            include_snoozed=self.include_snoozed or other.include_snoozed,
            tags=_meet(self.tags, other.tags, ()),
            staff_answered=self.staff_answered or other.staff_answered,
            assignee=other.assignee or self.assignee,
            created=other.created or self.created,
            first_answered=other.first_answered or self.first_answered,
            backlog_at=other.backlog_at or self.backlog_at,
            label=other.label or self.label,
        )

    @property
    def is_default(self) -> bool:
        """True when the filter restricts nothing beyond 'open'."""
        return self == ViewFilter()


def _meet(
    mine: tuple[T, ...], theirs: tuple[T, ...], default: tuple[T, ...]
) -> tuple[T, ...]:
    """Both restrictions at once; a default (unrestricted) side adds nothing."""
    if not theirs or theirs == default:
        return mine
    if not mine or mine == default:
        return theirs
    return tuple(x for x in mine if x in theirs)


@dataclass(frozen=True, slots=True)
class Section:
    """A saved view: a named filter with its own sort, shown as a tab."""

    name: str
    filter: ViewFilter = field(default_factory=ViewFilter)
    sort: Sort = Sort.URGENT

    def with_sort(self, sort: Sort) -> Section:
        """The same section in another order."""
        return replace(self, sort=sort)


DEFAULT_SECTIONS: tuple[Section, ...] = (
    Section("Alles"),
    Section("Urgent", ViewFilter(urgencies=(Urgency.URGENT,))),
    Section("Wacht op ons", ViewFilter(waiting_for_staff=True)),
    Section("Onverdeeld", ViewFilter(unassigned=True, waiting_for_staff=True)),
    Section("Van mij", ViewFilter(mine=True)),
    Section("Te laat", ViewFilter(overdue=True), Sort.DUE),
    Section("Uitgesteld", ViewFilter(snoozed=True), Sort.DUE),
)
"""The tabs when the config defines no ``[[sections]]``."""


def section_label(name: str) -> str:
    """A section's name as the tabs show it: a default section's (Dutch) name
    in the desk's language; a name from the config as written."""
    shown = {
        "Alles": _("Alles"),
        "Urgent": _("Urgent"),
        "Wacht op ons": _("Wacht op ons"),
        "Onverdeeld": _("Onverdeeld"),
        "Van mij": _("Van mij"),
        "Te laat": _("Te laat"),
        "Uitgesteld": _("Uitgesteld"),
    }
    return shown.get(name, name)
