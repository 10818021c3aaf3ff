"""Config validation: value checks, the declarative schema and its messages.

Every value in the file is checked against a small declarative schema; every
problem becomes one :class:`~deskapp.errors.ConfigError` that names the file,
the dotted key and the fix. The checks are shared with the setup wizard. This
module returns plain checked values; :mod:`deskapp.config` builds the frozen
dataclasses from them, so it imports this module and never the other way round.
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
import shlex
import stat
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast
from urllib.parse import urlsplit

from deskapp.errors import ConfigError
from deskapp.i18n import _
from deskapp.models import Urgency

FORUM_KINDS = ("demo", "discourse")
LANGUAGES = ("nl", "en")
LOG_LEVELS = ("debug", "info", "warning", "error")
MIN_INTERVAL_SECONDS = 10
EXAMPLE_URL = "https://forum.example.nl"
KEY_SOURCE_FIX = (
    'add api_key_env = "DESKAPP_API_KEY" (then export DESKAPP_API_KEY=<key>) '
    'or api_key_command = "pass show deskapp/werkplein"'
)
"""The fix for a forum without an API key (in English; :func:`key_source_fix`
in the desk's language)."""


def key_source_fix() -> str:
    """:data:`KEY_SOURCE_FIX` in the desk's language."""
    return _(
        'add api_key_env = "DESKAPP_API_KEY" (then export DESKAPP_API_KEY=<key>) '
        'or api_key_command = "pass show deskapp/werkplein"'
    )


ForumKind = Literal["demo", "discourse"]


# --- value checks (shared with the setup wizard) ----------------------------


class InvalidValue(ValueError):
    """One value failed a check; the caller adds the file and the key."""

    def __init__(self, message: str, fix: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def check_choice(value: str, choices: Sequence[str], what: str) -> str:
    """Return ``value`` if it is one of ``choices``, else suggest the closest."""
    if value in choices:
        return value
    close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.6)
    hint = _('did you mean "{value}"? ').format(value=close[0]) if close else ""
    allowed = ", ".join(f'"{c}"' for c in choices)
    raise InvalidValue(
        _("'{value}' is not a valid {what}").format(value=value, what=what),
        hint + _("valid: {choices}").format(choices=allowed),
    )


def check_kind(value: str) -> ForumKind:
    """A forum kind: demo or discourse."""
    return cast(ForumKind, check_choice(value, FORUM_KINDS, _("forum kind")))


def check_language(value: str) -> str:
    """A desk language: nl (Dutch) or en (English)."""
    return check_choice(value, LANGUAGES, _("language (nl = Dutch, en = English)"))


def check_urgency(value: str) -> Urgency:
    """An urgency: urgent, normal or low."""
    return Urgency(check_choice(value, [u.value for u in Urgency], _("urgency")))


def check_forum_name(value: str) -> str:
    """A forum profile name usable on the command line (``--forum NAME``)."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", value):
        return value
    raise InvalidValue(
        _("'{value}' is not a usable forum name").format(value=value),
        _("use letters, digits, '-' and '_' only, e.g. [forums.werkplein]"),
    )


def check_text(value: str) -> str:
    """Any text that is not empty."""
    if value.strip():
        return value.strip()
    raise InvalidValue(_("must not be empty"), _("fill in a value or remove the line"))


def check_url(value: str) -> str:
    """A forum address: https, or http on this machine (localhost) only."""
    parts = urlsplit(value.strip())
    if "@" in parts.netloc:
        fix = _("remove the user name and password; the API key goes elsewhere")
        raise InvalidValue(
            _("the address must not contain a user name or password"), fix
        )
    if parts.scheme not in ("http", "https") or not parts.hostname:
        guess = f"https://{value.strip()}" if "." in value and "/" not in value else ""
        fix = (
            _('did you mean "{value}"?').format(value=guess)
            if guess
            else _("e.g. {example}").format(example=f'url = "{EXAMPLE_URL}"')
        )
        raise InvalidValue(
            _("'{value}' is not a web address starting with https://").format(
                value=value
            ),
            fix,
        )
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as err:
        raise InvalidValue(
            _("'{value}' has a bad port number").format(value=value), EXAMPLE_URL
        ) from err
    if parts.query or parts.fragment:
        raise InvalidValue(
            _("the address must not contain '?' or '#'"),
            _("e.g. {example}").format(example=EXAMPLE_URL),
        )
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        https = "https://" + value.strip().split("://", 1)[1].rstrip("/")
        msg = _("must be https: plain http:// would send the API key unencrypted")
        fix = _("use {setting} (http only works for localhost)").format(
            setting=f'url = "{https}"'
        )
        raise InvalidValue(msg, fix)
    return value.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_env_name(value: str) -> str:
    """The name of an environment variable (never echoed: it may be a key)."""
    fix = _('e.g. api_key_env = "DESKAPP_API_KEY", then export DESKAPP_API_KEY=<key>')
    if re.fullmatch(r"[0-9a-f]{32,}", value):
        msg = _("this looks like the API key itself, not the name of a variable")
        raise InvalidValue(msg, fix)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
        msg = _("must be the name of an environment variable (letters, digits, _)")
        raise InvalidValue(msg, fix)
    return value


def check_command(value: str) -> str:
    """A command line that prints the key (split like a shell, never run by one)."""
    fix = _("e.g. {example}").format(
        example='api_key_command = "pass show deskapp/werkplein"'
    )
    try:
        argv = shlex.split(value)
    except ValueError as err:
        msg = _("cannot split the command: {error}").format(error=err)
        raise InvalidValue(msg, fix) from err
    if not argv:
        raise InvalidValue(_("the command is empty"), fix)
    return value


def check_rate(value: int) -> int:
    """This desk's share of the forum's API requests per minute: 1 to 600."""
    if not 1 <= value <= 600:
        raise InvalidValue(
            _("must be between 1 and 600 requests a minute, got {value}").format(
                value=value
            ),
            _("all admin API keys of a Discourse site share 60 a minute by default;"
              " leave room for colleagues, e.g. requests_per_minute = 20"),
        )  # fmt: skip
    return value


def check_query_id(value: int) -> int:
    """The id of a saved data explorer query: a positive whole number."""
    if value >= 1:
        return value
    raise InvalidValue(
        _("must be the id of a saved data explorer query (1 or more), got {value}")
        .format(value=value),
        _("install deskapp/sql/success_figures.sql as a new query (see README) and"
          " use the number in its address, e.g. success_query = 12"),
    )  # fmt: skip


def check_interval(value: int) -> int:
    """A sync interval of at least 10 seconds."""
    if value >= MIN_INTERVAL_SECONDS:
        return value
    raise InvalidValue(
        _("must be at least {least} seconds, got {value}").format(
            least=MIN_INTERVAL_SECONDS, value=value
        ),
        _("use 60 or more: all admin API keys of a Discourse site share "
          "60 requests a minute (e.g. interval_seconds = 120)"),
    )  # fmt: skip


THEMES = (
    "textual-dark", "textual-light", "nord", "gruvbox", "catppuccin-mocha", "dracula",
    "tokyo-night", "monokai", "flexoki", "catppuccin-latte", "catppuccin-frappe",
    "catppuccin-macchiato", "solarized-light", "solarized-dark", "rose-pine",
    "rose-pine-moon", "rose-pine-dawn", "atom-one-dark", "atom-one-light",
    "ansi-dark", "ansi-light", "deskapp-mono",
)  # fmt: skip
"""Textual's themes and the desk's monochrome one (without importing textual)."""


def check_theme(value: str) -> str:
    """A theme name: one of :data:`THEMES`."""
    return check_choice(value, THEMES, _("theme"))


def check_log_level(value: str) -> str:
    """A log level: debug, info, warning or error."""
    return check_choice(value, LOG_LEVELS, _("log level"))


# --- the schema --------------------------------------------------------------

_Type = Literal[
    "text", "whole number", "list of texts", "table", "true or false", "list of tables"
]


def _expected(kind: _Type) -> str:
    """What a value of ``kind`` looks like, for 'expected X' messages."""
    return {
        "text": _("text in double quotes"),
        "whole number": _("a whole number"),
        "list of texts": _('a list of texts such as ["a", "b"]'),
        "table": _("a table"),
        "true or false": _("true or false (without quotes)"),
        "list of tables": _("a list of tables, each written as [[name]]"),
    }[kind]


@dataclass(frozen=True)
class _Field:
    """One key of a table: its type, a value check and whether it is secret."""

    type: _Type
    check: Callable[[Any], Any] | None = None
    secret: bool = False


_TEXT = _Field("text", check_text)
_TEXTS = _Field("list of texts")
_TABLE = _Field("table")

_TOP: dict[str, _Field] = {
    "default_forum": _TEXT,
    "language": _Field("text", check_language),
    "store": _TEXT,
    "theme": _Field("text", check_theme),
    "plain": _Field("true or false"),
    "forums": _TABLE,
    "sync": _TABLE,
    "triage": _TABLE,
    "keys": _TABLE,
    "working_hours": _TABLE,
    "targets": _TABLE,
    "sections": _Field("list of tables"),
    "templates": _TABLE,
    "log": _TABLE,
}
_FORUM: dict[str, _Field] = {
    "kind": _Field("text", check_kind),
    "url": _Field("text", check_url),
    "api_username": _Field("text"),
    "api_key_env": _Field("text", check_env_name, secret=True),
    "api_key_command": _Field("text", check_command, secret=True),
    "api_key": _Field("text", check_text, secret=True),
    "path": _TEXT,
    "watched_categories": _TEXTS,
    "kb_category": _TEXT,
    "staff_groups": _TEXTS,
    "adviser_groups": _TEXTS,
    "requests_per_minute": _Field("whole number", check_rate),
    "data_explorer": _TABLE,
}
_DATA_EXPLORER: dict[str, _Field] = {
    "success_query": _Field("whole number", check_query_id),
}
_SYNC: dict[str, _Field] = {"interval_seconds": _Field("whole number", check_interval)}
_TRIAGE: dict[str, _Field] = {
    "urgent_keywords": _TEXTS,
    "low_keywords": _TEXTS,
    "category_urgency": _TABLE,
}
_TEMPLATES: dict[str, _Field] = {
    "team": _TEXTS,
    "personal_dir": _TEXT,
    "werkplein": _TEXT,
}
_LOG: dict[str, _Field] = {"level": _Field("text", check_log_level)}
_KEY_SOURCES = ("api_key_env", "api_key_command", "api_key")
_DISCOURSE_ONLY = ("url", *_KEY_SOURCES, "data_explorer")


def dotted(*parts: str) -> str:
    """Join key parts the way TOML writes them, quoting parts that need it."""
    bare = re.compile(r"[A-Za-z0-9_-]+")
    return ".".join(p if bare.fullmatch(p) else f'"{p}"' for p in parts)


def _describe(value: Any, secret: bool = False) -> str:
    """Say what a TOML value is, for 'expected X, got Y' messages."""
    kinds: list[tuple[type | tuple[type, ...], str, str]] = [
        (bool, _("a true/false value"), _("the true/false value {value}")),
        (int, _("a whole number"), _("the whole number {value}")),
        (float, _("a number"), _("the number {value}")),
        (str, _("a text"), _("the text {value}")),
        (list, _("a list"), ""),
        (dict, _("a table"), ""),
        ((datetime, date, time), _("a date/time"), _("the date/time {value}")),
    ]
    some, this = next((a, t) for cls, a, t in kinds if isinstance(value, cls))
    if secret or isinstance(value, list | dict):
        return some
    if isinstance(value, bool):
        return this.format(value=str(value).lower())
    shown = f"'{value}'" if isinstance(value, str) else str(value)
    return this.format(value=shown)


def _type_fix(leaf: str, spec: _Field, value: Any) -> str:
    """Show how the value should be written."""
    plain = isinstance(value, str | int | float) and not spec.secret
    if (
        spec.type == "whole number"
        and isinstance(value, str)
        and value.strip().isdigit()
    ):
        return _("write it without quotes: {setting}").format(
            setting=f"{leaf} = {value.strip()}"
        )
    if spec.type == "text" and plain:
        return _("write it in double quotes: {setting}").format(
            setting=f'{leaf} = "{value}"'
        )
    if spec.type == "list of texts" and isinstance(value, str):
        return _("write it as a list: {setting}").format(
            setting=f'{leaf} = ["{value}"]'
        )
    if spec.type == "table":
        return _(
            "write it as a table: [{key}] on a line of its own, keys below it"
        ).format(key=leaf)
    return _("write {key} as {expected}").format(
        key=leaf, expected=_expected(spec.type)
    )


@dataclass(frozen=True)
class _Ctx:
    """Where the values come from, to build errors that name the file."""

    path: Path | None

    def error(self, key: str, message: str, fix: str | None = None) -> ConfigError:
        """A ConfigError for ``key`` in this file."""
        return ConfigError(message, path=self.path, key=key, fix=fix)

    def type_error(self, key: str, spec: _Field, value: Any) -> ConfigError:
        """'expected X, got Y' for ``key``."""
        got = _describe(value, spec.secret)
        leaf = key.rsplit(".", 1)[-1]
        fix = _type_fix(leaf, spec, value)
        msg = _("expected {expected}, got {got}").format(
            expected=_expected(spec.type), got=got
        )
        return self.error(key, msg, fix)

    def resolve(self, value: str) -> Path:
        """A path from the file: ~ expanded, relative to the file's directory."""
        path = Path(value).expanduser()
        if path.is_absolute() or self.path is None:
            return path
        return self.path.absolute().parent / path


def _check_table(
    ctx: _Ctx, table: Mapping[str, Any], schema: Mapping[str, _Field], prefix: str
) -> dict[str, Any]:
    """Check every key of a table against its schema; return the clean values."""
    out: dict[str, Any] = {}
    for name, value in table.items():
        key = f"{prefix}.{dotted(name)}" if prefix else dotted(name)
        spec = schema.get(name)
        if spec is None:
            raise _unknown_key(ctx, key, name, schema, prefix)
        out[name] = _check_value(ctx, key, spec, value)
    return out


def _check_value(ctx: _Ctx, key: str, spec: _Field, value: Any) -> Any:
    """Check one value's type, then its content."""
    types: dict[_Type, type] = {
        "text": str,
        "list of texts": list,
        "table": dict,
        "true or false": bool,
        "list of tables": list,
    }
    if spec.type == "whole number":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ctx.type_error(key, spec, value)
    elif not isinstance(value, types[spec.type]):
        raise ctx.type_error(key, spec, value)
    if spec.type == "list of texts":
        return _check_texts(ctx, key, value)
    if spec.check is None:
        return value
    try:
        return spec.check(value)
    except InvalidValue as err:
        raise ctx.error(key, err.message, err.fix) from err


def _check_texts(ctx: _Ctx, key: str, items: list[Any]) -> tuple[str, ...]:
    """A list of non-empty texts."""
    for number, item in enumerate(items, start=1):
        if not isinstance(item, str) or not item.strip():
            got = _describe(item)
            msg = _(
                "item {number} should be non-empty text in double quotes, got {got}"
            ).format(number=number, got=got)
            example = f'{key.rsplit(".", 1)[-1]} = ["a", "b"]'
            raise ctx.error(key, msg, _("e.g. {example}").format(example=example))
    return tuple(item.strip() for item in items)


def _unknown_key(
    ctx: _Ctx, key: str, name: str, schema: Mapping[str, _Field], prefix: str
) -> ConfigError:
    """An 'unknown key' error with the nearest valid key."""
    valid = ", ".join(schema)
    close = difflib.get_close_matches(name, list(schema), n=1, cutoff=0.6)
    if prefix and name in _TOP:
        fix = _(
            "'{name}' is a top-level key: move it above the first [table] "
            "header (keys below a [header] belong to that table)"
        ).format(name=name)
    elif not prefix and name in _FORUM:
        fix = _("'{name}' belongs in a forum table: put it under [forums.NAME]").format(
            name=name
        )
    elif close:
        fix = _("did you mean '{name}'? Valid keys here: {valid}").format(
            name=close[0], valid=valid
        )
    else:
        fix = _("remove it; valid keys here: {valid}").format(valid=valid)
    return ctx.error(key, _("unknown key '{name}'").format(name=name), fix)


# --- the validation walk -------------------------------------------------------


@dataclass(frozen=True)
class CheckedConfig:
    """The file's values after every check: keyword arguments for the dataclasses."""

    default_forum: str
    language: str
    forums: dict[str, dict[str, Any]]
    sync: dict[str, Any]
    triage: dict[str, Any]
    keys: dict[str, str]
    store: Path | None
    theme: str | None
    plain: bool
    templates: dict[str, Any]
    log: dict[str, Any]


def check_config(data: Mapping[str, Any], path: Path | None) -> CheckedConfig:
    """Walk parsed TOML through the schema; the first problem is a ConfigError."""
    ctx = _Ctx(path)
    top = _check_table(ctx, data, _TOP, "")
    forums = _check_forums(ctx, top.get("forums", {}))
    store = top.get("store")
    store_path = ctx.resolve(store) if store else None
    return CheckedConfig(
        default_forum=_default_forum(ctx, top.get("default_forum"), forums),
        language=top.get("language", "nl"),
        forums=forums,
        sync=_check_table(ctx, top.get("sync", {}), _SYNC, "sync"),
        triage=_check_triage(ctx, top.get("triage", {})),
        keys=_check_keys(ctx, top.get("keys", {})),
        store=store_path,
        theme=top.get("theme"),
        plain=top.get("plain", False),
        templates=_check_templates(ctx, top.get("templates", {})),
        log=_check_table(ctx, top.get("log", {}), _LOG, "log"),
    )


def _check_forums(ctx: _Ctx, tables: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """All [forums.NAME] tables; at least one."""
    forums = {name: _check_forum(ctx, name, raw) for name, raw in tables.items()}
    if not forums:
        raise ctx.error(
            "forums",
            "no forums defined: deskapp needs at least one [forums.NAME] table",
            'add e.g. [forums.demo] with kind = "demo", or run `deskapp setup`',
        )
    return forums


def _check_forum(ctx: _Ctx, name: str, raw: Any) -> dict[str, Any]:
    """One [forums.NAME] table, with the rules that span its keys."""
    key = dotted("forums", name)
    if not isinstance(raw, dict):
        raise ctx.type_error(key, _TABLE, raw)
    try:
        check_forum_name(name)
    except InvalidValue as err:
        raise ctx.error(key, err.message, err.fix) from err
    values = _check_table(ctx, raw, _FORUM, key)
    if "data_explorer" in values:
        queries, at = values["data_explorer"], f"{key}.data_explorer"
        values["data_explorer"] = _check_table(ctx, queries, _DATA_EXPLORER, at)
    kind = values.get("kind")
    if kind is None:
        fix = _('add kind = "discourse" (a real forum) or kind = "demo"')
        raise ctx.error(f"{key}.kind", _("missing required key 'kind'"), fix)
    if kind == "discourse":
        _check_discourse(ctx, key, values)
    else:
        _check_demo(ctx, key, values)
    if "api_key" in values:
        _check_private(ctx, f"{key}.api_key")
    values["path"] = ctx.resolve(values["path"]) if "path" in values else None
    return values


def _check_discourse(ctx: _Ctx, key: str, values: Mapping[str, Any]) -> None:
    """A discourse forum needs url, api_username and exactly one key source."""
    examples = {
        "url": f'url = "{EXAMPLE_URL}"',
        "api_username": 'api_username = "jdevries"',
    }
    for leaf, example in examples.items():
        if not values.get(leaf, "").strip():
            msg = _("missing required key '{key}' (a discourse forum needs it)").format(
                key=leaf
            )
            fix = _("add {setting}").format(setting=example)
            raise ctx.error(f"{key}.{leaf}", msg, fix)
    if "path" in values:
        fix = _("remove it (path is the demo forum's file)")
        raise ctx.error(f"{key}.path", _("a discourse forum has no path"), fix)
    sources = [leaf for leaf in _KEY_SOURCES if leaf in values]
    if not sources:
        msg = _(
            "missing API key: a discourse forum needs api_key_env or api_key_command"
        )
        raise ctx.error(key, msg, key_source_fix())
    if len(sources) > 1:
        msg = _("more than one API key source ({keys})").format(keys=", ".join(sources))
        raise ctx.error(f"{key}.{sources[1]}", msg, _("keep exactly one of them"))


def _check_demo(ctx: _Ctx, key: str, values: Mapping[str, Any]) -> None:
    """A demo forum takes no address and no key."""
    for leaf in _DISCOURSE_ONLY:
        if leaf in values:
            msg = _("a demo forum does not use '{key}'").format(key=leaf)
            fix = _('remove it, or set kind = "discourse" for a real forum')
            raise ctx.error(f"{key}.{leaf}", msg, fix)


def _check_private(ctx: _Ctx, key: str) -> None:
    """Refuse a key in a file that others can read, as ssh does."""
    if os.name != "posix" or ctx.path is None:
        return
    mode = stat.S_IMODE(ctx.path.stat().st_mode)
    if mode & 0o077:
        msg = _(
            "an API key is written in this file, but other users can read it "
            "(permissions {mode}); deskapp refuses it, like ssh refuses "
            "a readable private key"
        ).format(mode=f"{mode:04o}")
        fix = _(
            "{command}, or move the key out of the file with api_key_env or"
            " api_key_command"
        ).format(command=f"chmod 600 {shlex.quote(str(ctx.path))}")
        raise ctx.error(key, msg, fix)


def _default_forum(ctx: _Ctx, name: str | None, forums: Mapping[str, Any]) -> str:
    """The default forum: as given, or the only one there is."""
    if name is None:
        if len(forums) == 1:
            return next(iter(forums))
        first, names = next(iter(forums)), ", ".join(forums)
        msg = _(
            "missing required key: which of the forums ({names}) opens by default?"
        ).format(names=names)
        raise ctx.error(
            "default_forum",
            msg,
            _("add {setting} at the top, before any [table]").format(
                setting=f'default_forum = "{first}"'
            ),
        )
    if name not in forums:
        msg = _("there is no forum named '{name}'").format(name=name)
        raise ctx.error("default_forum", msg, forum_fix(name, list(forums)))
    return name


def forum_fix(name: str, known: Sequence[str]) -> str:
    """'did you mean' plus the known forum names."""
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = _("did you mean '{name}'? ").format(name=close[0]) if close else ""
    names = ", ".join(known) or _("(none)")
    return hint + _("known forums: {names}").format(names=names)


def _check_triage(ctx: _Ctx, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The [triage] table and its [triage.category_urgency] table."""
    values = _check_table(ctx, raw, _TRIAGE, "triage")
    table = values.pop("category_urgency", {})
    spec = _Field("text", check_urgency)
    urgency = {
        slug: _check_value(ctx, dotted("triage", "category_urgency", slug), spec, v)
        for slug, v in table.items()
    }
    return values | {"category_urgency": MappingProxyType(urgency)}


def _check_keys(ctx: _Ctx, raw: Mapping[str, Any]) -> dict[str, str]:
    """The [keys] table: binding id -> key, both text (ids are checked later)."""
    spec = _Field("text", check_text)
    return {b: _check_value(ctx, dotted("keys", b), spec, k) for b, k in raw.items()}


def _check_templates(ctx: _Ctx, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The [templates] table: team files and the personal folder, as paths."""
    values = _check_table(ctx, raw, _TEMPLATES, "templates")
    if "team" in values:
        values["team"] = tuple(ctx.resolve(p) for p in values["team"])
    if "personal_dir" in values:
        values["personal_dir"] = ctx.resolve(values["personal_dir"])
    return values


# --- TOML syntax errors ------------------------------------------------------


_TOML_POS = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """tomllib.loads, with syntax errors turned into a ConfigError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _syntax_error(str(err), text, path) from err


def _syntax_error(detail: str, text: str, path: Path) -> ConfigError:
    """A syntax error with its line and column, and the line itself."""
    match = _TOML_POS.search(detail)
    reason = detail[: match.start()] if match else detail
    lines = text.splitlines()
    if match and match.group(1):
        line_no, col = int(match.group(1)), int(match.group(2))
        where = _("line {line}, column {column}").format(line=line_no, column=col)
    else:
        line_no = len(lines)
        where = _("the end of the file (line {line})").format(line=line_no)
    source = lines[line_no - 1].strip() if 0 < line_no <= len(lines) else ""
    shown = _(" in `{line}`").format(line=source[:80]) if source else ""
    if not _may_quote(source, lines[: line_no - 1]):
        source = ""  # it may hold an API key: say where, not what
        shown = _(" (the line is not shown: it may hold an API key)")
    msg = _("TOML syntax error at {where}: {reason}{shown}").format(
        where=where, reason=reason, shown=shown
    )
    return ConfigError(msg, path=path, fix=_syntax_fix(reason, source, match))


_SECRET_RUN = re.compile(r"[A-Za-z0-9_-]{16,}")
_PLAIN_SETTING = re.compile(r"([a-z_]+)\s*=.*")


def _may_quote(source: str, before: list[str]) -> bool:
    """True when a syntax error may show the line ``source`` (``before`` are
    the lines above it): never one with a run of 16 or more letters, digits,
    ``-`` or ``_`` (a key pasted anywhere), and in a ``[forums.…]`` table
    only a ``name = value`` line of a setting that is no key or secret (not
    a key on a line of its own, or inside an unclosed ``api_key = \"\"\"``)."""
    if _SECRET_RUN.search(source):
        return False
    tables = [ln.strip() for ln in before if ln.strip().startswith("[")]
    if not tables or not re.match(r"\[\s*forums\b", tables[-1]):
        return True
    setting = _PLAIN_SETTING.fullmatch(source)
    return bool(setting) and not re.search(
        "key|secret|token|pass", setting.group(1) if setting else ""
    )


def _syntax_fix(reason: str, source: str, match: re.Match[str] | None) -> str:
    """A hint for the commonest TOML mistakes."""
    bare = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*=\s*([^\s\"'\[{]\S*)", source)
    if reason == "Invalid value" and bare and "api_key" not in source:
        return _("text needs double quotes: {setting}").format(
            setting=f'{bare.group(1)} = "{bare.group(2)}"'
        )
    if reason.startswith(("Cannot overwrite", "Cannot declare")):
        return _("a key or [table] is written twice; keep one")
    if reason.startswith(("Unterminated string", "Illegal character '\\n'")):
        return _("close the text with a double quote on the same line")
    if match and not match.group(1):
        return _("a quote, [ or { opened earlier is never closed")
    return _(
        "write keys as name = value, text in double quotes, tables as [forums.NAME]"
    )
