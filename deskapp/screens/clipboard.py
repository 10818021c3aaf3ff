"""Copying over SSH (OSC 52) and links: shown, opened only where a browser can be.

Textual's ``App.copy_to_clipboard`` sends the text to the terminal as an OSC 52
sequence, so the copy lands on the clipboard of the machine the adviser sits
at, also over SSH. A terminal may refuse it (some ask first, some never
allow it); the desk cannot tell, so the notification says so.

A link is opened in a browser only when this machine has a display and the
desk does not run over SSH (there a browser would start on the far side, or a
text browser would take over the terminal), or when the desk runs in a web
page (``deskapp serve``: the page opens it). Everywhere else it is shown, to
copy or to read out.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from textual.app import App

from deskapp.i18n import _, ngettext
from deskapp.text import clean, one_line

__all__ = [
    "NO_DISPLAY",
    "OSC52_NOTE",
    "can_open",
    "copy",
    "has_display",
    "open_or_show",
]

OSC52_NOTE = _(
    "Via de terminal (OSC 52): staat uw terminal dat niet toe, dan is er niets"
    " gekopieerd."
)
NO_DISPLAY = _("Niet geopend: geen scherm voor een browser (SSH of geen DISPLAY).")
_SSH = ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY")


def has_display(environ: Mapping[str, str] | None = None) -> bool:
    """Whether a browser opened here would appear on the user's screen."""
    env = os.environ if environ is None else environ
    if any(env.get(var) for var in _SSH):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def can_open(app: App[Any]) -> bool:
    """Whether ``app.open_url`` would show a browser to the user."""
    return app.is_web or has_display()


def copy(app: App[Any], text: str, what: str) -> None:
    """Put ``text`` (cleaned of escapes and controls) on the user's clipboard
    and say ``what`` was copied."""
    cleaned = clean(text)
    app.copy_to_clipboard(cleaned)
    lines = cleaned.count("\n") + 1
    size = ngettext("{n} teken", "{n} tekens", len(cleaned)).format(n=len(cleaned))
    if lines > 1:
        size += ngettext(", {lines} regel", ", {lines} regels", lines).format(
            lines=lines
        )
    app.notify(f"{what} ({size}).\n{OSC52_NOTE}", title=_("Gekopieerd"), timeout=6,
               markup=False)  # fmt: skip


def open_or_show(app: App[Any], url: str, title: str) -> bool:
    """Open ``url`` in a browser where one can appear, else show it; True
    when it was opened."""
    url = one_line(url, 500)
    if can_open(app):
        app.open_url(url)
        app.notify(
            url,
            title=_("{title}: geopend in de browser").format(title=title),
            timeout=6,
            markup=False,
        )
        return True
    app.notify(f"{url}\n{NO_DISPLAY}", title=title, timeout=12, markup=False)
    return False
