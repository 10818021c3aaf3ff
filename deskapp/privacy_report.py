"""``deskapp privacy check``: the personal data in any text, for people,
scripts and editors.

Each finding is one line ``SOURCE:LINE:COLUMN: KIND START-END EXCERPT`` (the
form editors read as a list of places), or an object in ``--json``. The
excerpt never repeats the data: all but its first and last character are
masked (``1*******3``), so the check is safe in a logged terminal or a CI
job. START and END are character offsets into the text as read (UTF-8).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from deskapp.i18n import _, ngettext
from deskapp.models import Person, Role
from deskapp.privacy import Finding, find_personal_data, kinds_in
from deskapp.text import clean, one_line

__all__ = ["EXIT_CLEAN", "EXIT_FOUND", "EXIT_NO_FILE", "mask", "run_check"]

EXIT_CLEAN, EXIT_FOUND, EXIT_NO_FILE = 0, 1, 2
STDIN = "-"


def run_check(
    source: str,
    *,
    as_json: bool = False,
    names: Sequence[str] = (),
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Check the file ``source`` (``-`` for stdin), print the findings and
    return 1 when there were any, 0 when clean, 2 when it cannot be read."""
    out, err = out or sys.stdout, err or sys.stderr
    label = "<stdin>" if source == STDIN else one_line(source)
    try:
        text = _read(source, err)
    except OSError as error:
        reason = (
            _("no such file")
            if isinstance(error, FileNotFoundError)
            else _("cannot read")
        )
        err.write(f"deskapp: {reason}: {label} ({clean(error.strerror or '')})\n")
        return EXIT_NO_FILE
    people = [Person(name, name, Role.CLIENT) for name in names]
    findings = find_personal_data(text, people)
    if as_json:
        json.dump(as_dict(label, text, findings), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.writelines(f"{line}\n" for line in as_lines(label, text, findings))
    err.write(f"{label}: {_summary(findings)}\n")
    return EXIT_FOUND if findings else EXIT_CLEAN


def _read(source: str, err: TextIO) -> str:
    """The text of a file or of stdin; bytes that are not UTF-8 become U+FFFD."""
    if source != STDIN:
        return Path(source).read_bytes().decode("utf-8", errors="replace")
    if sys.stdin.isatty():
        err.write(_("Reading the text from standard input; end it with Ctrl-D.") + "\n")
    return sys.stdin.buffer.read().decode("utf-8", errors="replace")


def mask(found: str) -> str:
    """``found`` with every character but the first and last masked."""
    if len(found) <= 2:
        return "*" * len(found)
    ends = clean(found[0] + found[-1]).replace("\n", "")
    if len(ends) != 2:
        return "*" * len(found)
    return ends[0] + "*" * (len(found) - 2) + ends[1]


def as_lines(label: str, text: str, findings: Sequence[Finding]) -> Iterator[str]:
    """One line per finding, ``SOURCE:LINE:COLUMN: KIND START-END EXCERPT``."""
    for f, (line, column) in zip(findings, _positions(text, findings), strict=True):
        where = f"{label}:{line}:{column}"
        yield f"{where}: {f.kind.value} {f.start}-{f.end} {mask(f.text)}"


def as_dict(label: str, text: str, findings: Sequence[Finding]) -> dict[str, Any]:
    """The findings as a JSON-ready object: source, findings and counts."""
    places = zip(findings, _positions(text, findings), strict=True)
    rows = [_row(f, line, column) for f, (line, column) in places]
    return {"source": label, "findings": rows, "counts": kinds_in(findings)}


def _row(f: Finding, line: int, column: int) -> dict[str, Any]:
    """One finding as a JSON object, its text masked."""
    return {
        "kind": f.kind.value, "label": f.kind.label, "start": f.start, "end": f.end,
        "line": line, "column": column, "excerpt": mask(f.text),
        "replacement": f.replacement,
    }  # fmt: skip


def _positions(text: str, findings: Sequence[Finding]) -> Iterator[tuple[int, int]]:
    """(line, column), both from 1, of each finding's start, in one pass."""
    line, line_start, at = 1, 0, 0
    for f in findings:
        line += text.count("\n", at, f.start)
        line_start = max(line_start, text.rfind("\n", at, f.start) + 1)
        at = f.start
        yield line, f.start - line_start + 1


def _summary(findings: Sequence[Finding]) -> str:
    """``3 findings (bsn 1, phone 2)`` or ``no personal data found``."""
    if not findings:
        return _("no personal data found")
    counts = ", ".join(f"{kind} {n}" for kind, n in kinds_in(findings).items())
    said = ngettext("{n} finding ({counts})", "{n} findings ({counts})", len(findings))
    return said.format(n=len(findings), counts=counts)
