"""The keys a dialog names on its buttons and its hint line, as ``[keys]``
set them: a remapped key is named where the default one was."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.keys import key_to_character
from textual.screen import Screen
from textual.widgets import Button

from deskapp.i18n import _

__all__ = ["either", "hint", "keys_for", "label_keys", "labelled"]


def keys_for(screen: Screen[Any], action: str) -> list[str]:
    """The keys that run ``action`` on ``screen`` now, as the footer writes
    them (``j``, ``esc``, ``^s``), the config's ``[keys]`` applied; a key
    the focused widget takes itself (a letter in an input, enter on a
    button) is left out, as it does not run ``action``. Ask once the focus
    is where the dialog puts it."""
    focused = screen.focused
    return [
        screen.app.get_key_display(active.binding)
        for key, active in screen.active_bindings.items()
        if active.node is screen
        and active.binding.action == action
        and not (  # Textual checks this before [keys] moves a key: again here
            focused is not None
            and focused.check_consume_key(key, key_to_character(key))
        )
    ]


def labelled(text: str, keys: Sequence[str]) -> str:
    """A button's label with its first key: ``Ja (j)``; just ``text`` when
    no key runs it."""
    return _("{text} ({key})").format(text=text, key=keys[0]) if keys else text


def either(keys: Sequence[str]) -> str:
    """``n of esc``: the keys, any of which will do."""
    return _(" of ").join(keys)


def hint(parts: Sequence[tuple[Sequence[str], str]]) -> str:
    """The key line of a dialog: ``enter of j: ja · n of esc: nee``, a part
    left out when no key does it."""
    return " · ".join(
        _("{keys}: {what}").format(keys=either(keys), what=what)
        for keys, what in parts
        if keys
    )


def label_keys(button: Button, text: str, keys: Sequence[str]) -> None:
    """Label ``button`` with ``text`` and its first key, and let it grow to
    fit (a Button's label does not lay the button out again itself)."""
    button.label = labelled(text, keys)
    button.refresh(layout=True)
