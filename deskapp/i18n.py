"""The desk's languages: gettext catalogs (managed with Babel) and Babel's
formats for numbers, dates and durations.

The desk speaks Dutch (``nl``) and English (``en``). Every string a user sees
is written in the code inside :func:`_` (or :func:`ngettext` for a count).
The screens and the core write their strings in Dutch, the commands in
English; each language's catalog translates every string, so both languages
are complete. The catalogs live in ``deskapp/locale/<language>/LC_MESSAGES``,
one per part of the code (:data:`DOMAINS`), as ``.po`` sources with their
compiled ``.mo``; ``python -m deskapp.i18n_catalogs`` extracts, updates and
compiles them (README.md, "Languages").

The language comes from the config's ``language``; without one, from the
locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``): English for an
``en`` locale, Dutch otherwise. Strings evaluated when a module is imported
(key descriptions, for one) take the language set at that moment: the
commands set it before they import the screens.
"""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from pathlib import Path

__all__ = [
    "DOMAINS",
    "LANGUAGES",
    "_",
    "format_day",
    "format_decimal",
    "format_hours",
    "format_percent",
    "language",
    "locale_language",
    "ngettext",
    "set_language",
]

LANGUAGES = ("nl", "en")
"""The languages the desk speaks."""

DOMAINS = ("screens", "widgets", "cli", "core")
"""One catalog per part of the code (see :mod:`deskapp.i18n_catalogs`)."""

LOCALE_DIR = Path(__file__).with_name("locale")

_current = "nl"
_catalog: gettext.NullTranslations = gettext.NullTranslations()


def locale_language(environ: dict[str, str] | None = None) -> str:
    """``en`` when the locale asks for English first, else ``nl``."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            first = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return "en" if first == "en" else "nl"
    return "nl"


def set_language(wanted: str | None) -> str:
    """Speak ``wanted`` (``nl``/``en``; None: the locale's); returns it."""
    global _current, _catalog
    chosen = wanted if wanted in LANGUAGES else locale_language()
    catalog: gettext.NullTranslations = gettext.NullTranslations()
    for domain in reversed(DOMAINS):
        part = gettext.translation(domain, LOCALE_DIR, [chosen], fallback=True)
        part.add_fallback(catalog)
        catalog = part
    _catalog, _current = catalog, chosen
    return chosen


def language() -> str:
    """The language the desk speaks now."""
    return _current


def _(message: str) -> str:
    """``message`` in the desk's language."""
    return _catalog.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n``, in the desk's language."""
    return _catalog.ngettext(singular, plural, n)


def format_decimal(value: float, pattern: str = "#,##0.##") -> str:
    """A number as the desk's language writes it (``2,74`` in Dutch)."""
    from babel.numbers import format_decimal as babel_decimal

    return babel_decimal(value, pattern, locale=_current)


def format_percent(value: float, pattern: str = "#,##0.0%") -> str:
    """A share as a percentage (``47,1%`` in Dutch, ``47.1%`` in English)."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(value, pattern, locale=_current)


def format_hours(hours: float) -> str:
    """Working hours with two decimals: ``2,74 werkuren`` / ``2.74 working hours``."""
    return _("{hours} werkuren").format(hours=format_decimal(hours, "#,##0.00"))


def format_day(day: date | datetime, pattern: str = "EEE d MMM") -> str:
    """A day as the desk's language writes it: ``di 3 nov`` / ``Tue 3 Nov``."""
    from babel.dates import format_date

    return format_date(day, pattern, locale=_current)


set_language("nl")  # until a command sets the configured language
