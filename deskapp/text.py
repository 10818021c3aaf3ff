"""The one gate for untrusted forum text on its way to any output.

Forum text (titles, posts, usernames, category names, error bodies) is written
by strangers. Before it reaches a screen, a table, a CSV file or a log it goes
through :func:`clean` (or one of the helpers built on it), which removes:

- whole escape sequences: CSI (``ESC [``), OSC (``ESC ]``, e.g. clipboard
  writes and hyperlinks), DCS, SOS, PM and APC, in their 7-bit and 8-bit forms;
- any other ``ESC`` and the C0 controls except tab and newline, DEL and C1;
- bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make
  text read differently from what it is ("Trojan Source").

The UI must still show the result with markup off (``Text``/``Content``
objects, ``markup=False``): cleaning does not make ``[@click=...]`` harmless.
"""

from __future__ import annotations

import re

__all__ = ["clean", "csv_cell", "one_line"]

# A string sequence (OSC, DCS, SOS, PM, APC) runs to ST (ESC \ or 0x9C) or BEL;
# an unterminated one runs to the end of the text.
_STRING_SEQ = (
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x9c\x1b]*(?:\x07|\x9c|\x1b\\|$)"
)
# CSI: parameters, intermediates, one final byte.
_CSI_SEQ = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
# Any other escape: ESC plus intermediates plus one final byte (e.g. ESC c, ESC (B).
_ESC_SEQ = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"
_SEQUENCES = re.compile(f"{_STRING_SEQ}|{_CSI_SEQ}|{_ESC_SEQ}")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_WHITESPACE_RUN = re.compile(r"\s+")
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str | None) -> str:
    """Return ``text`` with escape sequences and unsafe controls removed.

    Newlines and tabs survive; ``\\r\\n`` and lone ``\\r`` become ``\\n``.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def one_line(text: str | None, limit: int | None = None) -> str:
    """Clean ``text`` and fold it to a single line, cut to ``limit`` characters."""
    line = _WHITESPACE_RUN.sub(" ", clean(text)).strip()
    if limit is not None and len(line) > limit:
        return line[: max(limit - 1, 0)] + "…"
    return line


def csv_cell(text: str | None) -> str:
    """Clean ``text`` for a CSV cell, defusing spreadsheet formulas."""
    cell = clean(text)
    if cell.startswith(_CSV_FORMULA_START):
        return "'" + cell
    return cell
