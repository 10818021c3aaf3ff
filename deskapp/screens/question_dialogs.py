"""The question screen's small forms: assign, tags, snooze, a reason; the guard.

Each form is a modal with one input; enter confirms, esc cancels (dismissing
with None). What the input will do is shown live below it. The guard
(:class:`GuardScreen`) warns before a reply with personal data is sent.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import ClassVar, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Static

from deskapp.i18n import _, format_day, ngettext
from deskapp.models import Person
from deskapp.privacy import Finding, Kind
from deskapp.screens.keyhints import hint, keys_for, label_keys
from deskapp.text import one_line

__all__ = [
    "GUARDED",
    "AssignScreen",
    "GuardScreen",
    "ReasonScreen",
    "SnoozeChoice",
    "SnoozeScreen",
    "TagsScreen",
    "find_colleague",
    "guard_lines",
    "parse_day",
    "parse_tags",
]

_WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
             "zondag")  # fmt: skip
_MONTH_FIRST = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?")
"""The English order: ``December 3``, ``dec 3rd, 2026``."""
_WEEKDAYS_EN = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                "sunday")  # fmt: skip
_RELATIVE = {"morgen": 1, "overmorgen": 2, "tomorrow": 1}


@cache
def _month_names() -> tuple[tuple[str, int], ...]:
    """(name, number) of every Dutch and English month name, wide and
    abbreviated (Babel's: ``maart``, ``mrt``, ``march``, ``mar``, ...)."""
    from babel.dates import get_month_names

    return tuple(
        (str(name).lower().rstrip("."), number)
        for locale in ("nl", "en")
        for width in ("wide", "abbreviated")
        for number, name in get_month_names(width, locale=locale).items()
    )


def _month(word: str) -> int | None:
    """The month of a Dutch or English month name, its abbreviation, the
    start of its name (three letters at least: ``sept``, ``octo``), or a name
    with one letter wrong (``febuari``); None when it could be two months."""
    names = _month_names()
    found = {
        number
        for name, number in names
        if word == name or (len(word) >= 3 and name.startswith(word))
    }
    if not found and len(word) >= 5:  # a slip of the pen: febuari, decmber
        whole = {name: n for name, n in names if len(name) >= 5}  # not "jan"
        close = difflib.get_close_matches(word, whole, n=3, cutoff=0.8)
        found = {whole[name] for name in close}
    return found.pop() if len(found) == 1 else None


def _weekday(word: str) -> int | None:
    """Monday 0 … Sunday 6 for ``maandag``, ``ma``, ``monday`` or ``mon`` (at
    least two letters; Dutch or English, whatever the desk's language)."""
    if len(word) < 2:
        return None
    found = {
        i
        for names in (_WEEKDAYS, _WEEKDAYS_EN)
        for i, name in enumerate(names)
        if name.startswith(word)
    }
    return found.pop() if len(found) == 1 else None


def _next(day: int, month: int, today: date, year: int | None) -> date:
    """Day-month in ``year``, or the next time it comes after today."""
    if year is not None:
        return date(year + 2000 if year < 100 else year, month, day)
    candidate = date(today.year, month, day)
    return candidate if candidate > today else date(today.year + 1, month, day)


def parse_day(text: str, today: date) -> date | None:
    """A day after ``today`` from what a Dutch user types; empty: None.

    Accepts ``morgen``, ``overmorgen``, ``tomorrow``, a weekday (``maandag``,
    ``ma``, ``monday``, ``mon``: the next one), ``+3`` (days), ``3-12``,
    ``3-12-2026``, ``3 dec``, ``3 december 2026``, ``December 3, 2026`` and
    ``2026-12-03`` (month names in Dutch or English). Raises
    ValueError with a message in the desk's language.
    """
    word = text.strip().lower()
    if not word:
        return None
    try:
        found = _parse(word, today)
    except ValueError:
        found = None
    if found is None:
        raise ValueError(_("Onbekende datum: {text}").format(text=one_line(text, 30)))
    if found <= today:
        raise ValueError(_("Kies een dag na vandaag"))
    return found


def _parse(word: str, today: date) -> date | None:
    """:func:`parse_day` without the checks."""
    if word in _RELATIVE:
        return today + timedelta(days=_RELATIVE[word])
    if (weekday := _weekday(word)) is not None:
        return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
    if m := re.fullmatch(r"\+\s*(\d{1,3})", word):
        return today + timedelta(days=int(m[1]))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word):
        return date(int(m[1]), int(m[2]), int(m[3]))
    if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})(?:[-/.](\d{2}|\d{4}))?", word):
        year = int(m[3]) if m[3] else None
        return _next(int(m[1]), int(m[2]), today, year)
    if m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d{4}))?", word):
        month = _month(m[2])
        year = int(m[3]) if m[3] else None
        return _next(int(m[1]), month, today, year) if month else None
    if m := _MONTH_FIRST.fullmatch(word):
        month = _month(m[1])  # the English order: December 3, 2026
        year = int(m[3]) if m[3] else None
        return _next(int(m[2]), month, today, year) if month else None
    return None


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags from text separated by spaces or commas; lower case, no doubles."""
    words = (w.strip().lower() for w in re.split(r"[\s,]+", text))
    return tuple(dict.fromkeys(w for w in words if w))


def find_colleague(text: str, people: Iterable[Person]) -> Person | None:
    """The colleague meant by ``text``: username (``@`` optional) or name.

    An exact username or name wins; else a unique prefix of either.
    """
    wanted = text.strip().removeprefix("@").casefold()
    if not wanted:
        return None
    people = list(people)
    for person in people:
        if wanted in _names(person):
            return person
    starts = [p for p in people if _starts(p, wanted)]
    return starts[0] if len(starts) == 1 else None


def _names(person: Person) -> tuple[str, ...]:
    """Username and name, as the forum sends them and as the desk shows them
    (cleaned: what the completion offers), case-folded."""
    names = (person.username, person.name)
    return tuple(n.casefold() for n in (*names, *map(one_line, names)))


def _starts(person: Person, wanted: str) -> bool:
    """True when username or name begins with ``wanted``."""
    return any(name.startswith(wanted) for name in _names(person))


def _label(person: Person) -> str:
    """``Jan de Vries (@j.devries)``, cleaned."""
    return f"{one_line(person.name, 40)} (@{one_line(person.username, 40)})"


ResultT = TypeVar("ResultT")


class _InputDialog(ModalScreen[ResultT | None]):
    """A title, one input, a live line saying what enter will do."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", _("Annuleren"), id="dialog.cancel",
                tooltip=_("Sluiten zonder iets te veranderen")),
    ]  # fmt: skip

    title_text = ""
    placeholder = ""

    def __init__(self, value: str = "") -> None:
        """Start with ``value`` in the input."""
        super().__init__()
        self.value = value

    def compose(self) -> ComposeResult:
        """Title, input, the live line, the keys."""
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            # a prefilled value (the tags) is extended, not replaced by typing
            yield Input(self.value, placeholder=self.placeholder,
                        suggester=self.suggester(), select_on_focus=False)  # fmt: skip
            yield Static("", classes="dialog-live", markup=False)
            yield Static("", classes="dialog-keys")

    def suggester(self) -> SuggestFromList | None:
        """Completion for the input (none by default)."""
        return None

    def on_mount(self) -> None:
        """Show what the starting value means, the keyboard in the input;
        then the keys as configured."""
        field = self.query_one(Input)
        self.live(field.value)
        field.focus()
        self.call_after_refresh(self._name_keys)

    def _name_keys(self) -> None:
        """The key line ([keys] applied)."""
        cancel = keys_for(self, "cancel")
        self.query_one(".dialog-keys", Static).update(
            hint([(["enter"], _("akkoord")), (cancel, _("annuleren"))])
        )

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        """Say what enter would do now."""
        self.live(event.value)

    def live(self, value: str) -> None:
        """Update the live line for ``value``."""
        self.query_one(".dialog-live", Static).update(self.describe(value))

    def describe(self, value: str) -> str:
        """What enter would do with ``value``."""
        return ""

    def action_cancel(self) -> None:
        """Close without a result."""
        self.dismiss(None)


class AssignScreen(_InputDialog[str]):
    """Assign to a colleague: username or name, completed from known staff."""

    title_text = _("Toewijzen aan collega")
    placeholder = _("naam of gebruikersnaam")

    def __init__(
        self,
        known: Sequence[Person],
        more: Callable[[], Awaitable[list[Person]]] | None = None,
    ) -> None:
        """Complete from ``known``; ``more`` fetches the forum's list."""
        super().__init__()
        self.people = list(known)
        self._more = more

    def suggester(self) -> SuggestFromList:
        """Usernames and names of the known colleagues."""
        # the suggestion is drawn in the input: cleaned, like every forum name
        words = [one_line(w) for p in self.people for w in (p.username, p.name)]
        return SuggestFromList(words, case_sensitive=False)

    def on_mount(self) -> None:
        """Ask the forum for its staff list as well (Textual runs the base's too)."""
        if self._more is not None:
            self._fetch()

    @work(exclusive=True, group="colleagues", exit_on_error=False)
    async def _fetch(self) -> None:
        """Add the forum's colleagues to the completion."""
        assert self._more is not None
        fetched = await self._more()
        known = {p.username for p in self.people}
        self.people += [p for p in fetched if p.username not in known]
        box = self.query_one(Input)
        box.suggester = self.suggester()
        self.live(box.value)

    def describe(self, value: str) -> str:
        """Who enter assigns to, or the candidates."""
        if not value.strip():
            return ngettext(
                "{n} collega bekend", "{n} collega's bekend", len(self.people)
            ).format(n=len(self.people))
        found = find_colleague(value, self.people)
        if found is not None:
            return f"→ {_label(found)}"
        wanted = value.strip().removeprefix("@").casefold()
        close = [_label(p) for p in self.people if _starts(p, wanted)][:3]
        return " · ".join(close) if close else _("geen collega met die naam")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Assign to the colleague found, or say nobody matches."""
        found = find_colleague(event.value, self.people)
        if found is None:
            self.notify(_("Kies een collega uit de lijst."), severity="warning")
            return
        self.dismiss(found.username)


class TagsScreen(_InputDialog[tuple[str, ...]]):
    """The question's tags as text; shows what is added and removed."""

    title_text = _("Tags (spatie of komma ertussen)")
    placeholder = _("geen tags")

    def __init__(self, current: Sequence[str]) -> None:
        """Start with the ``current`` tags, cleaned: the input shows them as
        they are, so an escape sequence in a forum tag would act on the
        terminal. A tag kept as shown is given back as the forum has it."""
        self._raw_tags = {one_line(t).lower(): t for t in current}
        self.current = parse_tags(" ".join(self._raw_tags))
        super().__init__(" ".join(self.current))

    def describe(self, value: str) -> str:
        """Added and removed tags."""
        tags = parse_tags(value)
        added = [one_line(t, 30) for t in tags if t not in self.current]
        removed = [one_line(t, 30) for t in self.current if t not in tags]
        parts = [_("erbij: {tags}").format(tags=", ".join(added))] if added else []
        parts += [_("eraf: {tags}").format(tags=", ".join(removed))] if removed else []
        return " · ".join(parts) or _("geen wijziging")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """The new tags (None when nothing changed)."""
        tags = parse_tags(event.value)
        changed = tuple(self._raw_tags.get(t, t) for t in tags)
        self.dismiss(None if tags == self.current else changed)


@dataclass(frozen=True, slots=True)
class SnoozeChoice:
    """Snooze until ``until`` (None: wake the question now)."""

    until: date | None


class SnoozeScreen(_InputDialog[SnoozeChoice]):
    """Snooze (uitstellen) until a day typed in Dutch; empty ends the snooze."""

    title_text = _("Uitstellen tot (morgen, vr, +3, 3-12, 3 dec; leeg: niet meer)")
    placeholder = _("bijvoorbeeld: maandag")

    def __init__(self, today: date, current: date | None = None) -> None:
        """Days are counted from ``today``; ``current`` is the snooze now."""
        super().__init__(f"{current:%d-%m-%Y}" if current else "")
        self.today = today

    def describe(self, value: str) -> str:
        """The day the text means, or why it means none."""
        try:
            day = parse_day(value, self.today)
        except ValueError as err:
            return str(err)
        if day is None:
            return _("niet uitstellen: de vraag staat weer in de inbox")
        return _("→ uitgesteld tot {day}").format(
            day=format_day(day, "EEEE dd-MM-yyyy")
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Dismiss with the day, or say why the text is not a day."""
        try:
            day = parse_day(event.value, self.today)
        except ValueError as err:
            self.notify(str(err), severity="warning", markup=False)
            return
        self.dismiss(SnoozeChoice(day))


class ReasonScreen(_InputDialog[str]):
    """Why a finding is not personal data: a reason is required."""

    placeholder = _("bijvoorbeeld: algemeen telefoonnummer van het Werkplein")

    def __init__(self, finding: Finding) -> None:
        """Ask about ``finding`` (its text is forum text: shown cleaned)."""
        super().__init__()
        label = finding.kind.label
        self.title_text = _("Waarom is ‘{text}’ geen {kind}?").format(
            text=one_line(finding.text, 40), kind=label
        )

    def describe(self, value: str) -> str:
        """Whether enter will take the reason."""
        if not value.strip():
            return _("een reden is verplicht")
        return _("enter: niet weglakken, met deze reden")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Dismiss with the reason, or say one is needed."""
        reason = one_line(event.value, 200)
        if not reason:
            self.notify(_("Geef een reden op."), severity="warning")
            return
        self.dismiss(reason)


GUARDED = frozenset({Kind.BSN, Kind.IBAN})
"""Kinds of personal data that make sending a reply ask first."""


def guard_lines(findings: Sequence[Finding]) -> tuple[str, list[str]]:
    """The warning's headline and one line per finding (kind and text)."""
    labels = list(dict.fromkeys(f.kind.label for f in findings))
    first = labels[0] if len(labels) == 1 else "persoonsgegevens"
    if len(labels) == 1:
        head = _("Uw antwoord bevat een {kind}: {text}").format(
            kind=first, text=one_line(findings[0].text, 40)
        )
        if len(findings) > 1:
            head = _("Uw antwoord bevat {n} keer een {kind}").format(
                n=len(findings), kind=first
            )
    else:
        head = _("Uw antwoord bevat persoonsgegevens: {kinds}").format(
            kinds=", ".join(labels)
        )
    lines = [f"{f.kind.label}: {one_line(f.text, 50)}" for f in findings[:6]]
    if len(findings) > 6:
        lines.append(_("en nog {n}").format(n=len(findings) - 6))
    return head, lines


class GuardScreen(ModalScreen[bool]):
    """Personal data in a reply: send anyway (True) or back to edit (False)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "answer(True)", _("Toch versturen"), id="guard.send",
                tooltip=_("Verstuur het antwoord met deze gegevens")),
        Binding("b,escape", "answer(False)", _("Bewerken"), id="guard.edit",
                tooltip=_("Terug naar het antwoord om de gegevens weg te halen")),
    ]  # fmt: skip

    def __init__(self, findings: Sequence[Finding], where: str = "") -> None:
        """Warn about ``findings`` in a reply to ``where`` (a thread title)."""
        super().__init__()
        self.findings = list(findings)
        self.where = where

    def compose(self) -> ComposeResult:
        """Headline, the findings, what the forum is, two buttons."""
        head, lines = guard_lines(self.findings)
        public = _("Het forum is openbaar: iedereen kan dit lezen.")
        if self.where:
            public = _("‘{title}’ staat op het openbare forum.").format(
                title=one_line(self.where, 60)
            )
        with Vertical(id="guard-panel", classes="dialog"):
            yield Static(f"⚠ {head}", id="guard-title", markup=False)
            yield Static("\n".join(lines), id="guard-findings", markup=False)
            yield Static(public, classes="dialog-live", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Toch versturen"), id="guard-send", variant="error")
                yield Button(_("Bewerken"), id="guard-edit", variant="primary")
            yield Static("", classes="dialog-keys")

    def on_mount(self) -> None:
        """The safe choice has the focus; the buttons and the hint name the
        keys as configured."""
        self.query_one("#guard-edit", Button).focus()
        self.call_after_refresh(self._name_keys)

    def _name_keys(self) -> None:
        """The keys on the buttons and the key line ([keys] applied)."""
        send, edit = keys_for(self, "answer(True)"), keys_for(self, "answer(False)")
        for button, keys in (("#guard-send", send), ("#guard-edit", edit)):
            shown = self.query_one(button, Button)
            label_keys(shown, str(shown.label), keys)
        self.query_one(".dialog-keys", Static).update(
            hint([(["enter", *edit], _("bewerken")), (send, _("toch versturen"))])
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A button answers."""
        self.dismiss(event.button.id == "guard-send")

    def action_answer(self, send: bool) -> None:
        """Answer with a key."""
        self.dismiss(send)
