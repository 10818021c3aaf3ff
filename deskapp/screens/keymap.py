"""The ``[keys]`` table: every binding remapped by its id, checked at start.

Every key binding of the desk has an id (``inbox.search``, ``question.reply``,
``app.backlog``, ...). The config maps ids to keys; :func:`check_keymap`
turns that into the keymap Textual applies (``App.set_keymap``) and a list of
problems the desk reports when it starts: an id that does not exist (with the
nearest one), a key Textual does not know, and a key that two bindings of one
screen (or a screen and the whole app) would share.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache

from textual.binding import Binding, BindingsMap, BindingType, Keymap, KeymapApplyResult
from textual.dom import DOMNode
from textual.keys import Keys, _character_to_key, _normalize_key_list, key_to_character

from deskapp.i18n import _

__all__ = ["KeyCheck", "binding_ids", "check_keymap", "keep_binding_order", "scopes"]

_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
_PACKAGES = ("deskapp.screens", "deskapp.widgets")
_APP = "app"
"""The scope of the app's own bindings: active on every screen."""


@dataclass(frozen=True)
class KeyCheck:
    """The keymap to apply and what was wrong with the config's ``[keys]``."""

    keymap: dict[str, str]
    """Binding id -> keys (Textual's long key names), the known ids only."""
    problems: list[str] = field(default_factory=list)
    """One Dutch line per problem, naming the id and the fix."""


def _bindings(owner: type[DOMNode]) -> Iterator[Binding]:
    """The bindings ``owner`` declares itself (not inherited), as Binding objects."""
    raw: list[BindingType] = list(owner.__dict__.get("BINDINGS", []))
    for item in raw:
        yield item if isinstance(item, Binding) else Binding(*item)


def _classes() -> Iterator[type[DOMNode]]:
    """Every DOMNode class of deskapp that declares bindings."""
    for package in _PACKAGES:
        pkg = importlib.import_module(package)
        for info in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{package}.{info.name}")
    from deskapp.app import DeskApp

    seen: set[type[DOMNode]] = set()
    todo: list[type[DOMNode]] = [DOMNode]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    found = [c for c in seen if c.__module__.startswith("deskapp.")]
    if DeskApp not in found:
        found.append(DeskApp)
    yield from sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


@cache
def scopes() -> dict[str, dict[str, str]]:
    """Binding id -> default keys, grouped by the class whose bindings are
    active together (a screen with its mixins; ``app`` for the app's own).

    Each class counts with the bindings it inherits, so a screen built from
    mixins is one scope.
    """
    from deskapp.app import DeskApp

    out: dict[str, dict[str, str]] = {}
    for cls in _classes():
        name = _APP if cls is DeskApp else f"{cls.__module__}.{cls.__qualname__}"
        ids: dict[str, str] = {}
        for base in reversed(cls.__mro__):
            if issubclass(base, DOMNode) and base.__module__.startswith("deskapp"):
                for b in _bindings(base):
                    if b.id is not None:
                        ids[b.id] = b.key
        if ids:
            out[name] = ids
    return out


@cache
def binding_ids() -> dict[str, str]:
    """Every binding id of the desk with its default keys."""
    return {i: k for ids in scopes().values() for i, k in ids.items()}


@cache
def _key_names() -> frozenset[str]:
    """Key names Textual can report (without modifiers)."""
    names = {k.value for k in Keys if "+" not in k.value and "<" not in k.value}
    names.update(_character_to_key(chr(c)) for c in range(33, 127))
    return frozenset(names)


def _bad_key(key: str) -> bool:
    """Whether Textual would never report ``key`` (``ctrl+s``, ``f5``, ``r``...)."""
    *mods, base = key.split("+")
    if any(m not in _MODIFIERS for m in mods) or not base:
        return True
    return not (len(base) == 1 and base.isprintable()) and base not in _key_names()


def check_keymap(wanted: Mapping[str, str]) -> KeyCheck:
    """The config's ``[keys]`` as a keymap, and its problems in Dutch."""
    if not wanted:  # nothing to check: binding_ids() imports every screen
        return KeyCheck({})
    known = binding_ids()
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for ident, keys in wanted.items():
        if ident not in known:
            near = difflib.get_close_matches(ident, list(known), n=1, cutoff=0.6)
            hint = (
                _("; bedoelt u '{near}'?").format(near=near[0])
                if near
                else _("; ? toont alle ids")
            )
            problems.append(
                _("[keys] '{ident}' is geen bekende toets-id{hint}").format(
                    ident=ident, hint=hint
                )
            )
            continue
        normal = _normalize_key_list(keys)
        parts = [k.strip() for k in normal.split(",") if k.strip()]
        bad = [k for k in parts if _bad_key(k)]
        if bad or not parts:
            shown = ", ".join(bad) or _("(leeg)")
            problems.append(
                _(
                    "[keys] '{ident}': onbekende toets {shown}; schrijf "
                    'bijvoorbeeld "f5", "ctrl+s" of "r"'
                ).format(ident=ident, shown=shown)
            )
            continue
        keymap[ident] = ",".join(parts)
    problems.extend(_conflicts(keymap))
    problems.extend(_taken(keymap))
    return KeyCheck(keymap, problems)


_TYPED_IN = ("dialog.",)
"""Ids of the dialogs with an input that has the keyboard."""
_BUTTONS = ("confirm.", "guard.", "collision.")
"""Ids of the dialogs whose focused button takes enter."""


def _taken(keymap: Mapping[str, str]) -> list[str]:
    """Keys the config put on a dialog's binding that the focused widget
    takes first, so the binding would never run: a letter (or any key of
    Textual's input) in a dialog with an input, enter on a dialog's button."""
    from textual.widgets import Input

    input_keys = {k for b in _bindings(Input) for k in b.key.split(",")}
    out: list[str] = []
    for ident, keys in keymap.items():
        for key in keys.split(","):
            char = key_to_character(key.removeprefix("alt+"))  # alt+x: ESC x, an x
            typed = (char is not None and char.isprintable()) or key in input_keys
            if ident.startswith(_TYPED_IN) and typed:
                out.append(
                    _("[keys] '{ident}': {key} gaat naar het invoerveld van de"
                      " dialoog; kies een toets als escape of ctrl+g").format(
                        ident=ident, key=_shown(key))
                )  # fmt: skip
            elif ident.startswith(_BUTTONS) and key == "enter":
                out.append(
                    _("[keys] '{ident}': enter drukt in de dialoog de knop met de"
                      " focus in; kies een andere toets").format(ident=ident)
                )  # fmt: skip
    return out


_WHILE_TYPING = ("question.back", "question.help", "question.kb", "question.copy_reply")
"""The question screen's keys that work while the reply is being typed."""


def _editor_scope() -> dict[str, str]:
    """The keys active while typing a reply: the editor's own (Textual's text
    area: undo, select all, ...), the composer's, and the question screen's
    few that work while typing."""
    from textual.widgets import TextArea

    out = {f"editor.{b.action.split('(')[0]}": b.key for b in _bindings(TextArea)}
    for name, ids in scopes().items():
        if name.endswith((".Composer", ".QuestionScreen")):
            out.update(
                {i: k for i, k in ids.items()
                 if i.startswith("composer.") or i in _WHILE_TYPING}
            )  # fmt: skip
    return out


def _conflicts(keymap: Mapping[str, str]) -> list[str]:
    """Keys that two bindings active together would share, where the config
    put at least one of them there."""
    app_ids = scopes().get(_APP, {})
    out: dict[tuple[str, ...], str] = {}
    for name, ids in [*scopes().items(), ("editor", _editor_scope())]:
        merged = ids if name == _APP else {**app_ids, **ids}
        by_key: dict[str, list[str]] = {}
        for ident, default in merged.items():
            keys = keymap.get(ident) or _normalize_key_list(default)
            for key in dict.fromkeys(k.strip() for k in keys.split(",")):
                by_key.setdefault(key, []).append(ident)
        for key, idents in by_key.items():
            if len(idents) > 1 and any(_moved(keymap, merged, i, key) for i in idents):
                pair = tuple(sorted(idents))
                out.setdefault(
                    pair,
                    _(
                        "[keys] toets {key} staat op {pair}; geef één van beide een "
                        "andere toets"
                    ).format(key=_shown(key), pair=_(" en ").join(pair)),
                )
    return list(out.values())


def _shown(key: str) -> str:
    """A key as the user writes it: ``?`` for question_mark, ``f5`` as is."""
    char = key_to_character(key)
    return char if char and char.isprintable() and char != " " else key


def _moved(keymap: Mapping[str, str], defaults: Mapping[str, str], ident: str,
           key: str) -> bool:  # fmt: skip
    """Whether the config put ``key`` on ``ident`` (it was not there already)."""
    if ident not in keymap:
        return False
    return key not in _normalize_key_list(defaults[ident]).split(",")


_apply_keymap = BindingsMap.apply_keymap


def _apply_in_order(self: BindingsMap, keymap: Keymap) -> KeymapApplyResult:
    """Textual's apply_keymap, with a remapped binding kept in its place."""
    place: dict[str, int] = {}
    for n, found in enumerate(self.key_to_bindings.values()):
        for b in found:
            place.setdefault(b.id or b.action, n)
    result = _apply_keymap(self, keymap)
    last = len(place)
    self.key_to_bindings = dict(
        sorted(
            self.key_to_bindings.items(),
            key=lambda item: min(place.get(b.id or b.action, last) for b in item[1]),
        )
    )
    return result


def keep_binding_order() -> None:
    """Keep a remapped binding where the screen declares it.

    Textual moves every remapped binding to the end of its screen's bindings,
    so the footer (which is cut at the terminal's width) would show it last,
    or not at all at 80 columns.
    """
    BindingsMap.apply_keymap = _apply_in_order  # type: ignore[method-assign]
