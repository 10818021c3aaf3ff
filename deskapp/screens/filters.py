"""The filter panel (f): narrow the current section by category, urgency, ..."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList

from deskapp.i18n import _
from deskapp.models import Category, State, Urgency
from deskapp.text import one_line
from deskapp.views import OPEN_STATES, ViewFilter
from deskapp.widgets.columns import labels_for

__all__ = ["FilterScreen"]

FLAGS = {
    "unassigned": _("Niet toegewezen"),
    "mine": _("Van mij"),
    "no_staff_answer": _("Nog zonder antwoord"),
    "overdue": _("Te laat"),
}


class FilterScreen(ModalScreen[ViewFilter | None]):
    """Pick filters: space toggles, ctrl+s applies, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Annuleren"), id="filters.cancel"),
        Binding("ctrl+s", "apply", _("Toepassen"), id="filters.apply"),
        Binding("ctrl+r", "clear", _("Alles wissen"), id="filters.clear"),
    ]

    def __init__(self, current: ViewFilter, categories: Sequence[Category]) -> None:
        """Start from ``current``; offer ``categories`` (KB left out)."""
        super().__init__()
        self.current = current
        self.categories = [c for c in categories if not c.is_kb]

    def compose(self) -> ComposeResult:
        """Four lists in two columns and a line of keys."""
        f = self.current
        labels = labels_for()
        chosen_states = () if f.states == OPEN_STATES else f.states
        with Vertical(id="filter-panel"):
            yield Label(_("Filters"), id="filter-title")
            with Horizontal(id="filter-columns"):
                with Vertical():
                    yield Label(_("Categorie"))
                    yield SelectionList[str](
                        *[(Content(one_line(c.name, 30)), c.slug,
                           c.slug in f.categories)
                          for c in self.categories],
                        id="filter-categories",
                    )  # fmt: skip
                    yield Label(_("Urgentie"))
                    yield SelectionList[str](
                        *[(labels[f"urgency.{u.value}"], u.value, u in f.urgencies)
                          for u in Urgency],
                        id="filter-urgency",
                    )  # fmt: skip
                with Vertical():
                    yield Label(_("Status"))
                    yield SelectionList[str](
                        *[(labels[f"state.{s.value}"], s.value, s in chosen_states)
                          for s in State],
                        id="filter-states",
                    )  # fmt: skip
                    yield Label(_("Verder"))
                    yield SelectionList[str](
                        *[
                            (label, name, getattr(f, name))
                            for name, label in FLAGS.items()
                        ],
                        id="filter-flags",
                    )
            yield Label(
                _(
                    "spatie kiest · tab volgende · ctrl+s toepassen · "
                    "ctrl+r wissen · esc terug"
                ),
                id="filter-keys",
            )

    def chosen(self) -> ViewFilter:
        """The filter as the panel shows it now."""

        def picked(selector: str) -> list[str]:
            return list(self.query_one(selector, SelectionList).selected)

        states = tuple(State(s) for s in picked("#filter-states"))
        flags = set(picked("#filter-flags"))
        return ViewFilter(
            states=states or OPEN_STATES,
            urgencies=tuple(Urgency(u) for u in picked("#filter-urgency")),
            categories=tuple(picked("#filter-categories")),
            unassigned="unassigned" in flags,
            mine="mine" in flags,
            no_staff_answer="no_staff_answer" in flags,
            overdue="overdue" in flags,
            # set from the backlog screen, not in this panel: kept
            assignee=self.current.assignee,
            created=self.current.created,
            first_answered=self.current.first_answered,
            backlog_at=self.current.backlog_at,
            label=self.current.label,
        )

    def action_apply(self) -> None:
        """Apply the filters."""
        self.dismiss(self.chosen())

    def action_clear(self) -> None:
        """Remove every filter."""
        self.dismiss(ViewFilter())

    def action_cancel(self) -> None:
        """Close without changing anything."""
        self.dismiss(None)
