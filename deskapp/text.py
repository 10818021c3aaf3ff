"""The one gate for untrusted forum text on its way to any output.

Forum text (titles, posts, usernames, category names, tags, forum templates,
error bodies) is written by strangers. Before it reaches a screen, a table, a
CSV file or a log it goes through :func:`clean` (or one of the helpers built
on it). Nothing in it can act on a terminal afterwards, and nothing is hidden
silently: what was neutralised stays visible as a marker.

- An escape sequence becomes one ``␛`` (U+241B): CSI (``ESC [``, e.g. colours
  or clearing the screen), OSC (``ESC ]``: window titles, ``52`` clipboard
  writes, ``8`` hyperlinks), DCS, SOS, PM and APC up to their terminator, and
  every other ``ESC`` with its final byte; likewise their 8-bit forms and any
  other C1 control (U+0080–U+009F; each is "ESC plus a letter" in one byte).
  The payload of a terminated string sequence goes with it: it was an
  instruction to the terminal, not text for the reader. An unterminated one
  loses only its introducer, so the rest of the post stays readable.
- Another C0 control becomes its Control Picture (``\\x00`` → ``␀``, BEL →
  ``␇``, U+2400–U+241F) and DEL becomes ``␡``. Tab and newline stay;
  ``\\r\\n`` and a lone ``\\r`` become a newline (a CR cannot overwrite a line).
- A bidi override or isolate (U+202A–U+202E, U+2066–U+2069), which can make
  text read differently from what it is ("Trojan Source"), becomes
  ``⟪U+202E⟫``. A byte-order mark (U+FEFF) is dropped.
- So does an invisible character that can hide or disguise text: a
  zero-width space (U+200B), word joiner and invisible operators
  (U+2060–U+2064), LRM/RLM/ALM (U+200E, U+200F, U+061C), Hangul fillers
  (U+115F, U+1160, U+3164, U+FFA0: blank, yet two cells wide), tag characters
  (U+E0000–U+E007F) and the other format controls. Joiners doing their job
  stay: a zero-width joiner (U+200D) after an emoji or a combining mark (👩‍💻,
  Indic conjuncts), a zero-width non-joiner (U+200C) between letters of a
  script that uses it (Persian, Arabic, Indic), and tag characters inside a
  flag (🏴 + tags + U+E007F). Elsewhere they are made visible too. The soft
  hyphen and the Arabic number signs (U+0600–U+0605), which are drawn, stay.
- A lone surrogate (U+D800–U+DFFF, half of a UTF-16 pair that JSON can spell
  as ``\\ud800``) becomes ``�`` (U+FFFD): it cannot be written as UTF-8.
  The forum adapter replaces them as it reads JSON (:func:`without_surrogates`).

Cleaning does not make Rich/Textual markup harmless: ``[@click=app.quit]`` or
``[SOLVED]`` are ordinary characters. The UI shows forum text with markup off
(``Content``/``Text`` objects, ``markup=False``), so both stay literal.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

__all__ = [
    "ESC_MARK",
    "UNSAFE",
    "clean",
    "csv_cell",
    "one_line",
    "without_surrogates",
    "write_csv",
]

ESC_MARK = "\u241b"
"""What an escape sequence (or a C1 control) looks like once cleaned: ``␛``."""

_INVISIBLE = (
    "\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2060-\u2064\u206a-\u206f"
    "\u3164\uffa0\ufff9-\ufffb\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e001f\U000e0080-\U000e00ff"
)
"""Invisible format characters and fillers: zero-width space, word joiner,
invisible operators, LRM/RLM/ALM, Hangul fillers (which terminals draw as two
empty cells), annotation and other format controls."""
UNSAFE = re.compile(
    f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069{_INVISIBLE}]"
)
"""Characters that never leave :func:`clean` (tests search outputs for them)."""
_JOINERS = "\u200c\u200d\U000e0020-\U000e007f"
"""Kept where they join (see :func:`_joins`), else made visible."""
_HIDDEN = re.compile(f"{UNSAFE.pattern[:-1]}{_JOINERS}]")
_EMOJI_TAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")

# A string sequence (OSC, DCS, SOS, PM, APC) runs to ST (ESC \ or 0x9C) or BEL.
_STRING_SEQ = (
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x9c\x1b]*(?:\x07|\x9c|\x1b\\)"
)
# CSI: parameters, intermediates, one final byte.
_CSI_SEQ = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
# Any other escape: ESC plus intermediates plus one final byte (e.g. ESC c,
# ESC (B, or the introducer of an unterminated OSC); any other C1 control.
_ESC_SEQ = r"\x1b[\x20-\x2f]*[\x30-\x7e]?|[\x80-\x9f]"
_SEQUENCES = re.compile(f"{_STRING_SEQ}|{_CSI_SEQ}|{_ESC_SEQ}")
_WHITESPACE_RUN = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FILLER = re.compile("[\u115f\u1160\u3164\uffa0]")
"""Invisible characters that Python counts as printable (Hangul fillers)."""
_FORMULA = "[=+\\-@\uff1d\uff0b\uff0d\uff20]"
"""What starts a spreadsheet formula, also in its full-width form."""
_CSV_FORMULA_START = re.compile(rf'[\t\n]|[\s"]*{_FORMULA}')
"""A cell a spreadsheet may take for a formula: Excel skips whitespace (no-break
spaces too) and quotes before ``=``; a tab or line break starts one as well."""
_CSV_SPLIT_FORMULA = re.compile(rf'([;\t\n][\s"]*)(?={_FORMULA})')


def _joins(text: str, at: int) -> bool:
    """True when the joiner or tag character at ``text[at]`` is doing its
    job: a zero-width joiner after an emoji or a combining mark (👩‍💻, Indic
    conjuncts), a non-joiner between letters of a script that uses it
    (Persian, Arabic, Indic: U+0590 and up), a tag character inside a flag
    (🏴 + tags + cancel tag)."""
    code = ord(text[at])
    before = text[at - 1] if at else " "
    if code == 0x200D:
        return unicodedata.category(before) in ("So", "Sk", "Mn", "Mc")
    if code == 0x200C:
        after = text[at + 1] if at + 1 < len(text) else " "
        return all(
            ord(c) >= 0x590 and unicodedata.category(c)[0] in "LM"
            for c in (before, after)
        )
    return any(m.start() < at < m.end() for m in _EMOJI_TAG_SEQUENCE.finditer(text))


def _marker(match: re.Match[str]) -> str:
    """The visible stand-in of one unsafe character."""
    code = ord(match.group())
    joiner = code in (0x200C, 0x200D) or 0xE0020 <= code <= 0xE007F
    if joiner and _joins(match.string, match.start()):
        return match.group()
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"⟪U+{code:04X}⟫"


def without_surrogates(value: Any) -> Any:
    """``value`` (JSON: dicts, lists, strings, numbers) with every lone
    surrogate in its strings and keys replaced by U+FFFD.

    JSON can spell half of a UTF-16 pair (``"\\ud800"``); Python keeps it as
    a code point that no UTF-8 file, database or terminal accepts.
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            without_surrogates(key): without_surrogates(item)
            for key, item in value.items()
        }
    return value


def clean(text: str | None) -> str:
    """Return ``text`` with every escape sequence, unsafe control and bidi
    override replaced by a visible marker (see the module docstring).

    Newlines and tabs survive; ``\\r\\n`` and lone ``\\r`` become ``\\n``.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isprintable() and not _FILLER.search(text):
        return text
    text = _SEQUENCES.sub(ESC_MARK, text).replace("\ufeff", "")
    return _HIDDEN.sub(_marker, _SURROGATE.sub("\ufffd", text))


def one_line(text: str | None, limit: int | None = None) -> str:
    """Clean ``text`` and fold it to a single line, cut to ``limit`` characters
    with a visible ``…``."""
    line = _WHITESPACE_RUN.sub(" ", clean(text)).strip()
    if limit is not None and len(line) > limit:
        return line[: max(limit - 1, 0)] + "…"
    return line


def csv_cell(text: str | None) -> str:
    """Clean ``text`` for a CSV cell, defusing spreadsheet formulas: a cell
    that starts with ``= + - @`` (after any whitespace, no-break spaces
    included, or quotes) or with a tab or line break gets a leading ``'``.

    A spreadsheet may split a line where the writer did not mean it to: Dutch
    Excel splits on ``;``, other imports on tabs, and one that ignores the
    quotes on line breaks. So a formula start after a ``;``, tab or line
    break inside the text gets a ``'`` before it too: ``Vraag;'=1+2``.
    """
    cell = _CSV_SPLIT_FORMULA.sub(r"\1'", clean(text))
    return "'" + cell if _CSV_FORMULA_START.match(cell) else cell


def write_csv(
    out: TextIO, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> None:
    """Write a CSV table to ``out``: the header as it is, then every row with
    each text cell through :func:`csv_cell` and every cell quoted.

    Quoting every cell keeps a spreadsheet that splits on ``;`` (Dutch Excel)
    from splitting ``Vraag;=1+2`` into a cell that starts a formula.
    """
    csv.writer(out, lineterminator="\n").writerow(header)
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        quoted.writerow([csv_cell(v) if isinstance(v, str) else v for v in row])
