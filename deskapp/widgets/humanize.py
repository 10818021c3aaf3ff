"""Short, humanised durations for narrow columns ("12 m", "3 u", "2 d")."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from deskapp import i18n

__all__ = ["short_age"]


def short_age(since: datetime, now: datetime, language: str | None = None) -> str:
    """How long ago ``since`` was, in at most four characters, as Babel's
    narrow units write it in ``language`` (default: the desk's language):
    ``3 u`` in Dutch, ``3h`` in English."""
    seconds = max((now - since).total_seconds(), 0)
    if seconds < 3600:
        value, unit = int(seconds // 60), "minute"
    elif seconds < 48 * 3600:
        value, unit = int(seconds // 3600), "hour"
    elif seconds < 14 * 86400:
        value, unit = int(seconds // 86400), "day"
    else:
        value, unit = int(seconds // (7 * 86400)), "week"
    wanted = language if language in i18n.LANGUAGES else i18n.language()
    return _narrow(value, unit, wanted)


@lru_cache(maxsize=1024)
def _narrow(value: int, unit: str, language: str) -> str:
    """``value`` ``unit``s in Babel's narrow form (Babel loads on first use)."""
    from babel.units import format_unit

    return format_unit(value, f"duration-{unit}", length="narrow", locale=language)
