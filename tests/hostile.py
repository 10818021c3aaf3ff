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
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import strategies as st
from rich.segment import Segment
from textual.app import App

from deskapp.models import Category, Person, Role, Thread
from deskapp.text import UNSAFE
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

_DANGEROUS = (
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + ["\x1b[", "\x1b]", "\x1b]52;c;", "\x1b]8;;", "\x1bP", "\x1b\\", "\x07", "\x9c"]
    + ["[", "]", "[/]", "[@click=app.pwned]", "[link=https://pwned.example]", "\\"]
)


def hostile_text(max_pieces: int = 4) -> st.SearchStrategy[str]:
    """Strings made of corpus entries, dangerous characters and sequences,
    markup fragments and ordinary text, in any order."""
    piece = st.one_of(
        st.sampled_from(CORPUS),
        st.lists(st.sampled_from(_DANGEROUS), max_size=6).map("".join),
        st.text(
            st.characters(max_codepoint=0x2FFF, exclude_categories=("Cs",)),
            max_size=12,
        ),
    )
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
    control or bidi override, and no escape payload.
    """
    rest = _APP_CSI.sub("", output).replace("\r\n", "\n")
    bad = UNSAFE.search(rest)
    assert bad is None, f"{where}: {bad.group()!r} near {_near(rest, bad.start())}"
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


def screen_text(app: App[object]) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_screen_safe(app: App[object], where: str = "screen") -> str:
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
