"""The success figures of the backlog screen, from their JSON form."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

__all__ = ["success_table"]

FIRST_BY_NL = {
    "staff": "Werkplein-medewerker",
    "adviser": "onafhankelijk adviseur",
    "peer": "andere deelnemer",
    "none": "nog niemand",
}


def _hours(value: float | None) -> str:
    """Working hours, or a dash when there is nothing to measure."""
    return "-" if value is None else f"{value:.2f} werkuren"


def _share(value: float | None) -> str:
    """A share as a percentage with one decimal."""
    return "-" if value is None else f"{value * 100:.1f}%"


def success_rows(figures: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) rows of ``SuccessFigures.as_dict()``: the same values as
    ``deskapp backlog --json`` carries under ``success``."""
    first, solved, kb = (
        figures["first_answer"],
        figures["solved"],
        figures["knowledge_base"],
    )
    rows = [
        ("Vragen gesteld", str(figures["questions"])),
        ("Beantwoord door Werkplein/adviseur", str(first["answered"])),
        ("Eerste antwoord, mediaan", _hours(first["median_hours"])),
        ("Eerste antwoord, p90", _hours(first["p90_hours"])),
    ]
    for key, label in FIRST_BY_NL.items():
        got = figures["first_by"][key]
        rows.append((f"Eerst beantwoord door {label}",
                     f"{got['count']} ({_share(got['share'])})"))  # fmt: skip
    rows += [
        ("Opgelost", f"{solved['count']} ({_share(solved['rate'])})"),
        ("Tijd tot oplossing, mediaan", _hours(solved["median_hours"])),
        ("Kennisbankartikelen gepubliceerd", str(kb["published"])),
        ("Kennisbank hergebruikt in antwoorden", str(kb["links"])),
        ("Doorverwezen", f"{figures['referred']['count']}"
         f" ({_share(figures['referred']['share'])})"),
        ("Te laat (open)", str(figures["overdue"]["count"])),
    ]  # fmt: skip
    return rows


def success_table(figures: dict[str, Any], period: str) -> Table:
    """The success figures of ``period`` as a two-column table."""
    table = Table(box=None, expand=True, pad_edge=False, show_header=False)
    table.add_column("Cijfer", ratio=3)
    table.add_column("Waarde", ratio=2, justify="right")
    table.title = period
    table.title_justify = "left"
    for label, value in success_rows(figures):
        table.add_row(Text(label), Text(value, style="bold"))
    return table
