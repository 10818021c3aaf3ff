"""Pure helpers of the inbox list: labels, column plan, cell fitting, matching.

Columns, left to right: waiting time, urgency, state, category, title,
replies, last poster's role, assignee. As the width shrinks, category and
assignee first give up their spare width, then whole columns go, in this
order: last poster's role, replies, assignee, category, state, urgency,
waiting time. The title is never dropped and keeps at least 28 cells while
anything else is shown. Widths (preferred/minimum): waiting 6, urgency and
state as wide as their longest label, category 16/9, title rest/28 (it is
served first up to 40), replies 3, role as wide as its longest label,
assignee 14/10, one space between columns. With its 1-cell scrollbar, an
80-column list shows waiting, urgency, state, category, title and assignee
(exactly: 79 cells, the title gets 28); replies appear from 84 columns and the
last poster's role from 94. ``plan_columns`` is the whole rule.

Nothing here knows about Textual: these are plain functions over text and
cell widths, so they can be tested without an app.
"""

from __future__ import annotations

import gettext
import unicodedata
from collections.abc import Callable

from rich.cells import cell_len, get_character_cell_size

from deskapp import i18n
from deskapp.i18n import LANGUAGES, LOCALE_DIR

__all__ = [
    "LABELS",
    "RIGHT_ALIGNED",
    "Plan",
    "cut",
    "fit",
    "fold",
    "labels_for",
    "marks",
    "plan_columns",
]


def _table(_: Callable[[str], str]) -> dict[str, str]:
    """Every label the list shows, each put through ``_`` (one language's gettext)."""
    return {
        "col.wait": _("Wacht"), "col.urgency": _("Urg."), "col.state": _("Status"),
        "col.category": _("Categorie"), "col.title": _("Titel"), "col.replies": "#",
        "col.role": _("Laatste"), "col.assignee": _("Toegewezen"),
        "state.new": _("nieuw"), "state.waiting_staff": _("wacht op ons"),
        "state.waiting_client": _("wacht op klant"), "state.solved": _("opgelost"),
        "state.closed": _("gesloten"),
        "role.client": _("klant"), "role.staff": "Werkplein",
        "role.adviser": _("adviseur"), "role.peer": _("peer"),
        "urgency.urgent": _("urgent"), "urgency.normal": _("normaal"),
        "urgency.low": _("laag"),
        "unassigned": "-", "gone": _("(vraag niet meer beschikbaar)"),
        "empty": _("Geen vragen in deze weergave."),
    }  # fmt: skip


LABELS: dict[str, dict[str, str]] = {
    language: _table(
        gettext.translation("widgets", LOCALE_DIR, [language], fallback=True).gettext
    )
    for language in LANGUAGES
}
"""Every label the list shows, one table per language (from the catalogs)."""


def labels_for(language: str | None = None) -> dict[str, str]:
    """The label table of ``language`` (default: the desk's language now);
    Dutch when it is unknown."""
    return LABELS.get(language or i18n.language(), LABELS["nl"])


_ORDER = ("wait", "urgency", "state", "category", "title", "replies", "role",
          "assignee")  # fmt: skip
_PRIORITY = ("title", "wait", "urgency", "state", "category", "assignee",
             "replies", "role")  # fmt: skip
RIGHT_ALIGNED = frozenset({"wait", "replies"})
"""Columns whose cells are padded on the left."""
_SHRINKS = {"category": (16, 9), "assignee": (14, 10)}  # preferred, minimum
_TITLE_MIN, _TITLE_COMFORT = 28, 40
Plan = tuple[tuple[str, int], ...]
"""(column, width) pairs in display order, as ``plan_columns`` returns them."""


def _label_width(labels: dict[str, str], prefix: str) -> int:
    """The widest label whose key starts with ``prefix``."""
    return max(cell_len(text) for key, text in labels.items() if key.startswith(prefix))


def plan_columns(width: int, language: str | None = None) -> Plan:
    """The (column, width) pairs that fit ``width`` cells, in display order."""
    minimum = _minimum_widths(labels_for(language))
    for count in range(len(_PRIORITY), 1, -1):
        keys = _PRIORITY[:count]
        needed = sum(minimum[key] for key in keys) + count - 1
        if needed <= width:
            return _share(keys, minimum, width - needed)
    return (("title", max(width, 0)),)


def _minimum_widths(labels: dict[str, str]) -> dict[str, int]:
    """The narrowest each column may get."""
    minimum = {"wait": 6, "title": _TITLE_MIN, "replies": 3}
    minimum |= {key: low for key, (_, low) in _SHRINKS.items()}
    return minimum | {
        k: _label_width(labels, f"{k}.") for k in ("urgency", "state", "role")
    }


def _share(keys: tuple[str, ...], minimum: dict[str, int], spare: int) -> Plan:
    """Hand ``spare`` cells to the title, then category and assignee, then title."""
    sizes = {key: minimum[key] for key in keys}
    grow = min(spare, _TITLE_COMFORT - sizes["title"])
    sizes["title"], spare = sizes["title"] + grow, spare - grow
    for key, (preferred, _) in _SHRINKS.items():
        if key in sizes:
            grow = min(spare, preferred - sizes[key])
            sizes[key], spare = sizes[key] + grow, spare - grow
    sizes["title"] += spare
    return tuple((key, sizes[key]) for key in _ORDER if key in sizes)


def cut(text: str, width: int) -> tuple[str, bool]:
    """The longest prefix of ``text`` that fits ``width`` cells, with room for …."""
    if cell_len(text) <= width:
        return text, False
    used, limit = 0, width - 1
    for position, char in enumerate(text):
        used += get_character_cell_size(char)
        if used > limit:
            return text[:position].rstrip(), True
    return text, False


def fit(text: str, width: int, right: bool = False) -> str:
    """``text`` cut with … or padded to exactly ``width`` cells."""
    prefix, was_cut = cut(text, width)
    shown = prefix + "…" if was_cut and width > 0 else prefix
    pad = " " * (width - cell_len(shown))
    return pad + shown if right else shown + pad


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` lower-cased without accents, and each folded char's source index."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        bare = "".join(
            c
            for c in unicodedata.normalize("NFKD", char)
            if not unicodedata.combining(c)
        ).casefold()
        folded.append(bare)
        where.extend([index] * len(bare))
    return "".join(folded), where


def marks(text: str, needles: tuple[str, ...]) -> list[bool]:
    """Which characters of ``text`` are part of a match of any needle."""
    folded, where = fold(text)
    hits = [False] * len(text)
    for needle in needles:
        start = folded.find(needle)
        while start >= 0:
            for index in range(where[start], where[start + len(needle) - 1] + 1):
                hits[index] = True
            start = folded.find(needle, start + 1)
    return hits
