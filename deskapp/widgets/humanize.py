"""Short, humanised durations for narrow columns ("12 m", "3 u", "2 d")."""

from __future__ import annotations

from datetime import datetime

__all__ = ["short_age"]

_UNITS = {"nl": ("m", "u", "d", "w"), "en": ("m", "h", "d", "w")}


def short_age(since: datetime, now: datetime, language: str = "nl") -> str:
    """How long ago ``since`` was, in at most four characters."""
    minute, hour, day, week = _UNITS.get(language, _UNITS["en"])
    seconds = max((now - since).total_seconds(), 0)
    if seconds < 3600:
        return f"{int(seconds // 60)} {minute}"
    if seconds < 48 * 3600:
        return f"{int(seconds // 3600)} {hour}"
    if seconds < 14 * 86400:
        return f"{int(seconds // 86400)} {day}"
    return f"{int(seconds // (7 * 86400))} {week}"
