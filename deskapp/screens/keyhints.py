"""The keys a dialog names on its buttons and its hint line, as ``[keys]``
set them: a remapped key is named where the default one was."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.screen import Screen

from deskapp.i18n import _

__all__ = ["either", "keys_for", "labelled"]


def keys_for(screen: Screen[Any], action: str) -> list[str]:
    """The keys that run ``action`` on ``screen`` now, as the footer writes
    them (``j``, ``esc``, ``^s``), the config's ``[keys]`` applied."""
    return [
        screen.app.get_key_display(active.binding)
        for active in screen.active_bindings.values()
        if active.node is screen and active.binding.action == action
    ]


def labelled(text: str, keys: Sequence[str]) -> str:
    """A button's label with its first key: ``Ja (j)``; just ``text`` when
    no key runs it."""
    return _("{text} ({key})").format(text=text, key=keys[0]) if keys else text


def either(keys: Sequence[str]) -> str:
    """``n of esc``: the keys, any of which will do."""
    return _(" of ").join(keys)
