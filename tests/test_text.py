"""The untrusted-text gate: nothing that steers a terminal gets through."""

from __future__ import annotations

import pytest

from deskapp.text import clean, csv_cell, one_line

HOSTILE = {
    "osc52 clipboard write": "a\x1b]52;c;Y3VybCBldmlsIHwgYmFzaAo=\x1b\\b",
    "osc 0 title, BEL end": "a\x1b]0;owned\x07b",
    "osc 8 hyperlink": "a\x1b]8;;https://evil.example\x1b\\b\x1b]8;;\x1b\\",
    "clear screen": "a\x1b[2Jb",
    "colour": "a\x1b[5;31mb\x1b[0m",
    "8-bit CSI": "a\x9b31mb",
    "8-bit OSC": "a\x9d0;title\x9cb",
    "DCS": "a\x1bPqpayload\x1b\\b",
    "APC": "a\x1b_payload\x1b\\b",
    "reset terminal": "a\x1bcb",
    "unterminated OSC": "ab\x1b]52;c;AAAA",
}


@pytest.mark.parametrize("payload", HOSTILE.values(), ids=HOSTILE.keys())
def test_escape_sequences_are_removed_whole(payload: str) -> None:
    """The visible text stays; no ESC, C1 byte or sequence payload remains."""
    out = clean(payload)
    assert out == "ab"


def test_bidi_overrides_and_controls_are_dropped() -> None:
    """Trojan-source bidi characters and NUL/DEL never reach the screen."""
    assert clean("factuur\u202egnp.exe") == "factuurgnp.exe"
    assert clean("a\u2066b\u2069c\x00d\x7fe") == "abcde"


def test_ordinary_dutch_text_and_brackets_are_untouched() -> None:
    """Accents, euro signs, newlines, tabs and [brackets] survive as written."""
    text = "[OPGELOST] Uitkering €1.200,-\n\tcoöperatie café [@click=app.quit]x"
    assert clean(text) == text


def test_carriage_returns_become_newlines() -> None:
    """A CR cannot be used to overwrite a line on the terminal."""
    assert clean("line1\r\nline2\rline3") == "line1\nline2\nline3"


def test_one_line_folds_and_cuts() -> None:
    """Table cells get one line, cut with an ellipsis."""
    assert one_line("Hoe  zit\n\nhet?\x1b[2J", 8) == "Hoe zit…"
    assert one_line(None) == ""


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)"])
def test_csv_cells_cannot_start_a_formula(cell: str) -> None:
    """Spreadsheets must not execute a title as a formula."""
    assert csv_cell(cell) == "'" + cell
