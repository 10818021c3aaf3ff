"""The success figures of the backlog screen, from their JSON form.

Numbers are written the Dutch way (Babel): ``2,74 werkuren``, ``47,1%``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FIRST_BY_NL", "SuccessRow", "success_rows"]

FIRST_BY_NL = {
    "staff": "Werkplein-medewerker",
    "adviser": "onafhankelijk adviseur",
    "peer": "andere deelnemer",
    "none": "nog niemand",
}

SuccessRow = tuple[str, str, str | None]
"""Label, value, and which questions enter opens: ``asked``, ``answered``,
``referred`` or ``overdue`` (None: not a list of questions)."""


def _hours(value: float | None) -> str:
    """Working hours with two decimals, or a dash when nothing was measured."""
    if value is None:
        return "-"
    from babel.numbers import format_decimal

    return f"{format_decimal(value, '#,##0.00', locale='nl')} werkuren"


def _share(value: float | None) -> str:
    """A share as a percentage with one decimal."""
    if value is None:
        return "-"
    from babel.numbers import format_percent

    return format_percent(value, "#,##0.0%", locale="nl")


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
        ("Vragen gesteld", str(figures["questions"]), "asked"),
        ("Beantwoord door Werkplein/adviseur", str(first["answered"]), "answered"),
        ("Eerste antwoord, mediaan", _hours(first["median_hours"]), None),
        ("Eerste antwoord, p90", _hours(first["p90_hours"]), None),
    ]
    for key, label in FIRST_BY_NL.items():
        rows.append((f"Eerst beantwoord door {label}",
                     _count(figures["first_by"][key]), None))  # fmt: skip
    rows += [
        ("Opgelost", _count(solved, "rate"), None),
        ("Tijd tot oplossing, mediaan", _hours(solved["median_hours"]), None),
        ("Kennisbankartikelen gepubliceerd", str(kb["published"]), None),
        ("Kennisbank hergebruikt in antwoorden", str(kb["links"]), None),
        ("Doorverwezen", _count(figures["referred"]), "referred"),
        ("Te laat (open)", str(figures["overdue"]["count"]), "overdue"),
    ]  # fmt: skip
    if figures["partial"]:
        rows.append(("Nog niet volledig opgehaald (telt als onbeantwoord)",
                     str(figures["partial"]), None))  # fmt: skip
    return rows
