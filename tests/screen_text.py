"""What a Pilot-driven app shows: the top screen's lines, as text or strips."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.strip import Strip


def strips(app: App[Any]) -> list[Strip]:
    """The top screen as drawn: one strip (styled segments) a line."""
    return app.screen._compositor.render_strips()


def screen_text(app: App[Any]) -> str:
    """The top screen as plain text, one line a row."""
    return "\n".join(strip.text for strip in strips(app))
