"""Hostile forum text, and the checks that none of it acts on a terminal.

:data:`CORPUS` is tests/data/hostile.txt (escape sequences, OSC 52 and 8,
8-bit C1, bidi overrides, Rich/Textual markup, HTML, spreadsheet formulas);
:func:`hostile_text` is a Hypothesis strategy that mixes corpus entries with
generated control, format and markup characters. The ``assert_*`` helpers
look at what reaches the user: a screen's rendered segments, the bytes a
full repaint writes to the terminal, or a command's output.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from rich.segment import Segment
from textual.app import App

from deskapp.models import Category, Person, Role, Thread
from tests.factories import make_thread

__all__ = [
    "CORPUS",
    "LITERAL",
    "MARKUP",
    "PAYLOAD",
    "assert_output_safe",
    "assert_screen_safe",
    "assert_segments_safe",
    "hostile_text",
    "hostile_threads",
    "read_terminal",
    "screen_text",
    "unsafe_at",
]


def _load() -> tuple[str, ...]:
    """The corpus entries, their ``\\x1b``-style escapes decoded."""
    path = Path(__file__).parent / "data" / "hostile.txt"
    lines = path.read_text(encoding="ascii").splitlines()
    return tuple(
        line.encode("ascii").decode("unicode_escape")
        for line in lines
        if line and not line.startswith("#")
    )


CORPUS = _load()
PAYLOAD = "payload"
"""Only escape-sequence payloads in the corpus carry this word: it must never
reach an output (the sequence shows as one ␛, without its payload)."""
MARKUP = ("pwned", "app.quit")
"""Only markup in the corpus carries these: a style, action or link holding
one came from forum text (as literal text they are fine)."""
LITERAL = "[SOLVED] [bold]vet[/bold] [@click=app.quit]stop[/]"
"""Markup that must reach the screen exactly as written."""

# What may not reach a terminal, defined here by Unicode category and not
# taken from deskapp.text: a control (Cc, but tab and newline), a lone
# surrogate (Cs), an invisible format character (Cf) or a Hangul filler
# (blank, two cells wide). Allowed Cf: those a terminal draws (soft hyphen,
# Arabic number signs) and joiners doing their job: ZWJ after an emoji or a
# combining mark, ZWNJ between letters of a script from Hebrew on, tag
# characters inside a flag (🏴 tags U+E007F).
_DRAWN_FORMAT = {0xAD, *range(0x600, 0x606), 0x6DD, 0x70F, 0x890, 0x891, 0x8E2,
                 0x110BD, 0x110CD}  # fmt: skip
_FILLERS = {0x115F, 0x1160, 0x3164, 0xFFA0}
_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")


def _allowed_format(text: str, at: int) -> bool:
    """The Cf character at ``text[at]`` is drawn or joins as it should."""
    code = ord(text[at])
    before = unicodedata.category(text[at - 1]) if at else "Zs"
    if code in _DRAWN_FORMAT:
        return True
    if code == 0x200D:
        return before in ("So", "Sk", "Mn", "Mc")
    if code == 0x200C:
        near = text[at - 1 : at + 2] if at else ""
        return len(near) == 3 and all(
            ord(c) >= 0x590 and unicodedata.category(c)[0] in "LM" for c in near[::2]
        )
    return any(m.start() < at < m.end() for m in _FLAG.finditer(text))


def unsafe_at(text: str) -> int | None:
    """Where the first character that must not reach a terminal is in
    ``text``, or None."""
    plain = text.replace("\t", "").replace("\n", "")
    if plain.isprintable() and not any(ord(c) in _FILLERS for c in plain):
        return None
    for at, char in enumerate(text):
        if char in "\t\n":
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or ord(char) in _FILLERS:
            return at
        if category == "Cf" and not _allowed_format(text, at):
            return at
    return None


_INVISIBLE = [
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\u2060",
    "\u2064", "\u115f", "\u3164", "\uffa0", "\ufff9", "\U000e0001", "\U000e0041",
    "\U000e007f", "\U0001f3f4", "\U0001f469", "\u0915\u094d", "\u0645", "\u00ad",
]  # fmt: skip
_DANGEROUS = (
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + _INVISIBLE
    + ["\x1b[", "\x1b]", "\x1b]52;c;", "\x1b]8;;", "\x1bP", "\x1b\\", "\x07", "\x9c"]
    + ["[", "]", "[/]", "[@click=app.pwned]", "[link=https://pwned.example]", "\\"]
)


def hostile_text(
    max_pieces: int = 4, *, surrogates: bool = False
) -> st.SearchStrategy[str]:
    """Strings made of corpus entries, dangerous characters and sequences,
    markup fragments and text from all of Unicode, in any order.

    With ``surrogates``, lone surrogates too (JSON can spell them; the
    adapter replaces them before anything is stored).
    """
    excluded = () if surrogates else ("Cs",)
    piece = st.one_of(
        st.sampled_from(CORPUS),
        st.lists(st.sampled_from(_DANGEROUS), max_size=6).map("".join),
        st.text(st.characters(exclude_categories=excluded), max_size=12),
        st.text(st.characters(max_codepoint=0x2FFF, exclude_categories=excluded),
                max_size=12),
    )  # fmt: skip
    return st.lists(piece, min_size=1, max_size=max_pieces).map("".join)


# The app's own writes: SGR colours, cursor moves, modes (all CSI).
_APP_CSI = re.compile(r"\x1b\[[0-9;:?<=>]*[ -/]*[@-~]")


def _near(text: str, at: int) -> str:
    """A little of ``text`` around ``at``, for a failure message."""
    return repr(text[max(0, at - 40) : at + 40])


def assert_output_safe(output: str, where: str = "output") -> None:
    """Nothing in ``output`` can act on a terminal.

    ``output`` is what a command printed or what a repaint writes. The
    app's own CSI sequences (colours, cursor moves) are allowed; nothing
    else is: no OSC (clipboard, hyperlink, title), DCS, other ESC, C0/C1
    control, bidi override or other invisible format character (see
    :func:`unsafe_at`), and no escape payload.
    """
    rest = _APP_CSI.sub("", output).replace("\r\n", "\n")
    bad = unsafe_at(rest)
    assert bad is None, f"{where}: {rest[bad]!r} near {_near(rest, bad)}"
    at = output.lower().find(PAYLOAD)
    assert at < 0, f"{where}: an escape payload got through: {_near(output, at)}"


def assert_segments_safe(segments: Iterable[Segment], where: str = "screen") -> None:
    """No unsafe character or escape payload in any segment's text, and no
    style, action or link that forum text's markup could have made."""
    for segment in segments:
        assert_output_safe(segment.text, where)
        style = segment.style
        if style is None:
            continue
        action = str(style.meta.get("@click", "")) if style._meta else ""
        if action.startswith("link("):
            action = ""  # a Markdown link in a post: shown, and only reported
        for word in MARKUP:
            assert word not in action, f"{where}: action {action} on {segment.text!r}"
            assert word not in (style.link or ""), f"{where}: link {style.link}"


def screen_text(app: App[Any]) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_screen_safe(app: App[Any], where: str = "screen") -> str:
    """The current screen, segment by segment and as the bytes a full
    repaint writes, is safe; returns its plain text."""
    strips = app.screen._compositor.render_strips()
    for strip in strips:
        assert_segments_safe(strip, where)
    update = app.screen._compositor.render_full_update()
    assert_output_safe(update.render_segments(app.console), f"{where} (terminal)")
    return "\n".join(strip.text for strip in strips)


def hostile_threads(texts: Sequence[str]) -> tuple[list[Category], list[Thread]]:
    """Categories, titles, tags, names, usernames, assignees and bodies, each
    one of ``texts`` (cycled), plus a question titled :data:`LITERAL`. Each thread: a client's
    question and a staff answer."""

    def pick(n: int) -> str:
        return texts[n % len(texts)] or "x"

    categories = [Category(1, pick(0), "cat-a"), Category(2, pick(1), "cat-b")]
    threads = []
    for n in range(len(texts) + 1):
        client = Person(pick(n + 2), pick(n + 3), Role.CLIENT)
        staff = Person(pick(n + 9), pick(n + 10), Role.STAFF)
        title = LITERAL if n == 0 else pick(n)
        threads.append(
            make_thread(
                n + 1, title, [client, staff], texts=[pick(n + 4), pick(n + 11)],
                start=datetime(2026, 11, 2, 9, tzinfo=UTC) + timedelta(hours=n),
                category_id=1 + n % 2, tags=(pick(n + 5), pick(n + 6)),
                assigned_to=pick(n + 7) if n % 3 else None,
                url=f"https://forum.example/t/{pick(n + 8)}",
            )
        )  # fmt: skip
    return categories, threads


def read_terminal(main_fd: int) -> str:
    """Everything a pty's other side wrote until it closed; closes ``main_fd``."""
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the child side is closed: everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    return b"".join(chunks).decode("utf-8", errors="replace")
