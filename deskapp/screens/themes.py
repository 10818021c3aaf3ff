"""Themes: Textual's own, a monochrome one, and which one the desk starts with.

Over SSH the terminal often says ``TERM=xterm`` and no ``COLORTERM``: it
offers 16 colours, and Textual's truecolor themes, squeezed into those, wash
out (the cursor row as light as the rest). So when no theme is chosen and the
terminal offers no more than 16 colours, the desk starts with ``ansi-dark``:
the terminal's own 16 colours. ``deskapp-mono`` uses the terminal's own
foreground and background only: bold, reverse and underline carry the focus
and the cursor row.

A theme picked in the command palette sticks: it is kept in a small state file
in the data directory (never in the user's config). A theme in the config
wins again once the config names another theme than when the pick was made.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from textual.theme import BUILTIN_THEMES, Theme

from deskapp.config import data_dir, write_atomic

__all__ = [
    "ANSI_THEME",
    "MONO",
    "MONO_THEME",
    "STATE_FILE",
    "all_theme_names",
    "choose_theme",
    "load_choice",
    "save_choice",
]

log = logging.getLogger(__name__)

MONO_THEME = "deskapp-mono"
ANSI_THEME = "ansi-dark"
STATE_FILE = "ui-state.json"
"""In the data directory: the theme picked in the command palette."""

_FEW_COLOURS = ("standard", "windows", None)
"""Rich's colour systems of a terminal with 16 colours or fewer (None: no
colour at all, as for TERM=dumb)."""

_PLAIN = "ansi_default"
MONO = Theme(
    name=MONO_THEME,
    ansi=True,
    primary=_PLAIN,
    secondary=_PLAIN,
    warning=_PLAIN,
    error=_PLAIN,
    success=_PLAIN,
    accent=_PLAIN,
    foreground=_PLAIN,
    background=_PLAIN,
    surface=_PLAIN,
    panel=_PLAIN,
    boost=_PLAIN,
    dark=True,
    variables={
        "ansi-background": _PLAIN,
        "ansi-foreground": _PLAIN,
        "block-cursor-foreground": _PLAIN,
        "block-cursor-background": _PLAIN,
        "block-cursor-text-style": "reverse bold",
        "block-cursor-blurred-foreground": _PLAIN,
        "block-cursor-blurred-background": _PLAIN,
        "block-cursor-blurred-text-style": "underline",
        "block-hover-background": _PLAIN,
        "border": _PLAIN,
        "border-blurred": _PLAIN,
        "footer-key-foreground": _PLAIN,
        "footer-key-background": _PLAIN,
        "footer-description-foreground": _PLAIN,
        "footer-description-background": _PLAIN,
        "footer-item-background": _PLAIN,
        "input-cursor-foreground": _PLAIN,
        "input-cursor-background": _PLAIN,
        "input-cursor-text-style": "reverse",
        "input-selection-foreground": _PLAIN,
        "input-selection-background": _PLAIN,
        "screen-selection-foreground": _PLAIN,
        "screen-selection-background": _PLAIN,
        "scrollbar": _PLAIN,
        "scrollbar-hover": _PLAIN,
        "scrollbar-active": _PLAIN,
        "scrollbar-background": _PLAIN,
        "scrollbar-background-hover": _PLAIN,
        "scrollbar-background-active": _PLAIN,
        "button-focus-text-style": "bold reverse",
    },
)
"""The terminal's own foreground and background; reverse marks the cursor."""

ANSI_CURSOR = {
    "block-cursor-blurred-foreground": "ansi_default",
    "block-cursor-blurred-background": "ansi_default",
    "block-cursor-blurred-text-style": "underline",
}
"""Textual's ANSI themes hide the cursor row of a list without the focus; an
underline keeps it in sight."""


def desk_themes() -> list[Theme]:
    """The themes the desk registers: mono, and the ANSI ones with a visible
    cursor row in a list without the focus."""
    themes = [MONO]
    for name in ("ansi-dark", "ansi-light"):
        base = BUILTIN_THEMES[name]
        variables = {**base.variables, **ANSI_CURSOR}
        themes.append(
            Theme(**{**base.__dict__, "variables": variables})  # same name: replaces
        )
    return themes


def all_theme_names() -> list[str]:
    """Every theme a config or the palette can name."""
    return [*BUILTIN_THEMES, MONO_THEME]


def choose_theme(
    configured: str | None, choice: dict[str, str] | None, colours: str | None
) -> str | None:
    """The theme to start with, or None for Textual's default.

    ``choice`` is the palette pick as saved (it holds the config's theme at
    the time); ``colours`` the terminal's colour system as Rich names it.
    """
    if choice and choice.get("config_theme", "") == (configured or ""):
        picked = choice.get("theme", "")
        if picked in all_theme_names():
            return picked
    if configured:
        return configured
    return ANSI_THEME if colours in _FEW_COLOURS else None


def _state_path() -> Path:
    return data_dir() / STATE_FILE


def load_choice() -> dict[str, str] | None:
    """The saved palette pick, or None (missing or unreadable: not an error)."""
    try:
        data = json.loads(_state_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    theme = data.get("theme") if isinstance(data, dict) else None
    if not isinstance(theme, str):
        return None
    return {"theme": theme, "config_theme": str(data.get("config_theme", ""))}


def save_choice(theme: str, configured: str | None) -> None:
    """Keep the palette pick (and the config's theme at the time)."""
    data = {"theme": theme, "config_theme": configured or ""}
    try:
        write_atomic(_state_path(), json.dumps(data).encode("utf-8"))
    except OSError as err:
        log.warning("could not keep the theme choice: %s", err)
