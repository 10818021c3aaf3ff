"""The success figures of the backlog screen, from their JSON form.

Numbers are written as the desk's language writes them (Babel): ``2,74
werkuren``, ``47,1%`` in Dutch; ``2.74 working hours``, ``47.1%`` in English.
"""

from __future__ import annotations

from typing import Any

from deskapp.i18n import _, format_decimal, format_percent

__all__ = ["SuccessRow", "first_by_labels", "success_rows"]


def first_by_labels() -> dict[str, str]:
    """Who answered a question first, by the key ``first_by`` uses."""
    return {
        "staff": _("Eerst beantwoord door Werkplein-medewerker"),
        "adviser": _("Eerst beantwoord door onafhankelijk adviseur"),
        "peer": _("Eerst beantwoord door andere deelnemer"),
        "none": _("Eerst beantwoord door nog niemand"),
    }


SuccessRow = tuple[str, str, str | None]
"""Label, value, and which questions enter opens: ``asked``, ``answered``,
``referred`` or ``overdue`` (None: not a list of questions)."""


def _hours(value: float | None) -> str:
    """Working hours with two decimals, or a dash when nothing was measured."""
    if value is None:
        return "-"
    return _("{hours} werkuren").format(hours=format_decimal(value, "#,##0.00"))


def _share(value: float | None) -> str:
    """A share as a percentage with one decimal."""
    return "-" if value is None else format_percent(value)


def _count(got: dict[str, Any], share: str = "share") -> str:
    """``12 (4,5%)``."""
    return f"{got['count']} ({_share(got[share])})"


def success_rows(figures: dict[str, Any]) -> list[SuccessRow]:
    """The rows of ``SuccessFigures.as_dict()``: the same values as
    ``deskapp backlog --json`` carries under ``success``."""
    first, solved, kb = (
        figures["first_answer"],
        figures["solved"],
        figures["knowledge_base"],
    )
    rows: list[SuccessRow] = [
        (_("Vragen gesteld"), str(figures["questions"]), "asked"),
        (_("Beantwoord door Werkplein/adviseur"), str(first["answered"]), "answered"),
        (_("Eerste antwoord, mediaan"), _hours(first["median_hours"]), None),
        (_("Eerste antwoord, p90"), _hours(first["p90_hours"]), None),
    ]
    for key, label in first_by_labels().items():
        rows.append((label, _count(figures["first_by"][key]), None))
    rows += [
        (_("Opgelost"), _count(solved, "rate"), None),
        (_("Tijd tot oplossing, mediaan"), _hours(solved["median_hours"]), None),
        (_("Kennisbankartikelen gepubliceerd"), str(kb["published"]), None),
        (_("Kennisbank hergebruikt in antwoorden"), str(kb["links"]), None),
        (_("Doorverwezen"), _count(figures["referred"]), "referred"),
        (_("Te laat (open)"), str(figures["overdue"]["count"]), "overdue"),
    ]  # fmt: skip
    if figures["partial"]:
        rows.append((_("Nog niet volledig opgehaald (telt als onbeantwoord)"),
                     str(figures["partial"]), None))  # fmt: skip
    return rows
