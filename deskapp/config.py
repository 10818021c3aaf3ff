"""TOML config: the config objects, load (tomllib), write (tomli-w), paths, secrets.

The file is parsed once and checked by :mod:`deskapp.configschema` (the value
checks, the declarative schema and its messages, re-exported here), then turned
into frozen dataclasses. Every problem becomes one
:class:`~deskapp.errors.ConfigError` that names the file, the dotted key and
the fix. API keys never appear in a message or a ``repr``.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import platformdirs
import tomli_w

from deskapp import logs
from deskapp.configdesk import DeskSettings, check_desk
from deskapp.configschema import (
    EXAMPLE_URL,
    FORUM_KINDS,
    KEY_SOURCE_FIX,
    LANGUAGES,
    LOG_LEVELS,
    MIN_INTERVAL_SECONDS,
    ForumKind,
    InvalidValue,
    check_choice,
    check_command,
    check_config,
    check_env_name,
    check_forum_name,
    check_interval,
    check_kind,
    check_language,
    check_text,
    check_urgency,
    check_url,
    dotted,
    forum_fix,
    key_source_fix,
    parse_toml,
)
from deskapp.errors import ConfigError
from deskapp.i18n import _, language, locale_language, set_language
from deskapp.models import Urgency

__all__ = [
    "APP_NAME",
    "CONFIG_ENV",
    "EXAMPLE_URL",
    "FORUM_KINDS",
    "KEY_COMMAND_TIMEOUT",
    "KEY_SOURCE_FIX",
    "LANGUAGES",
    "LOG_LEVELS",
    "MIN_INTERVAL_SECONDS",
    "Config",
    "DataExplorerQueries",
    "ForumKind",
    "ForumProfile",
    "InvalidValue",
    "LogConfig",
    "SyncConfig",
    "TemplatesConfig",
    "TriageConfig",
    "check_choice",
    "check_command",
    "check_env_name",
    "check_forum_name",
    "check_interval",
    "check_kind",
    "check_language",
    "check_text",
    "check_urgency",
    "check_url",
    "data_dir",
    "default_config_path",
    "demo_config",
    "load_config",
    "resolve_config_path",
    "write_atomic",
    "write_config",
]

APP_NAME = "deskapp"
CONFIG_ENV = "DESKAPP_CONFIG"
KEY_COMMAND_TIMEOUT = 10.0


# --- paths -----------------------------------------------------------------


def default_config_path() -> Path:
    """The per-user config file (``~/.config/deskapp/config.toml`` on Linux)."""
    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def data_dir() -> Path:
    """The per-user data directory; callers create it when they write to it."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def resolve_config_path(cli_path: str | Path | None) -> tuple[Path, bool]:
    """Pick the config file: --config, then $DESKAPP_CONFIG, then the default."""
    if cli_path is not None and str(cli_path) != "":
        return Path(cli_path).expanduser(), True
    from_env = os.environ.get(CONFIG_ENV, "")
    if from_env:
        return Path(from_env).expanduser(), True
    return default_config_path(), False


# --- the config objects ----------------------------------------------------


@dataclass(frozen=True)
class DataExplorerQueries:
    """The ``[forums.NAME.data_explorer]`` table: ids of saved queries."""

    success_query: int | None = None
    """The query of deskapp/sql/success_figures.sql; None: figures come from
    the local store."""


@dataclass(frozen=True)
class ForumProfile:
    """One ``[forums.NAME]`` table: which forum, and how to authenticate."""

    name: str
    kind: ForumKind
    url: str = ""
    api_username: str = ""
    api_key_env: str | None = None
    api_key_command: str | None = None
    api_key: str | None = field(default=None, repr=False)
    path: Path | None = None
    watched_categories: tuple[str, ...] = ()
    kb_category: str = "kennisbank"
    staff_groups: tuple[str, ...] = ()
    adviser_groups: tuple[str, ...] = ()
    requests_per_minute: int = 20
    """This desk's share of the site's API requests a minute (Discourse: 60)."""
    data_explorer: DataExplorerQueries = field(default_factory=DataExplorerQueries)
    config_path: Path | None = field(default=None, repr=False, compare=False)

    def demo_path(self) -> Path:
        """The demo forum's SQLite file."""
        return self.path if self.path is not None else data_dir() / "demo-forum.sqlite"

    def resolve_api_key(self) -> str:
        """The API key from the file, the environment or a command ("" for
        demo); from now on the log masks it."""
        key = self._find_api_key()
        logs.remember_secret(key)
        return key

    def _find_api_key(self) -> str:
        if self.api_key is not None:
            return self.api_key
        if self.api_key_env is not None:
            return self._key_from_env(self.api_key_env)
        if self.api_key_command is not None:
            return self._key_from_command(self.api_key_command)
        if self.kind == "demo":
            return ""
        raise self._error("", _("missing API key"), key_source_fix())

    def _error(self, leaf: str, message: str, fix: str) -> ConfigError:
        key = dotted("forums", self.name, leaf) if leaf else dotted("forums", self.name)
        text = _("forum '{name}': {message}").format(name=self.name, message=message)
        return ConfigError(text, path=self.config_path, key=key, fix=fix)

    def _key_from_env(self, var: str) -> str:
        value = os.environ.get(var, "").strip()
        if not value:
            fix = _(
                "export {var}=<your API key> in the shell that starts deskapp, "
                "or use api_key_command"
            ).format(var=var)
            msg = _(
                "the API key should come from ${var}, but that variable is not set"
            ).format(var=var)
            raise self._error("api_key_env", msg, fix)
        return value

    def _key_from_command(self, command: str) -> str:
        try:
            argv = shlex.split(command)
        except ValueError as err:
            msg = _("cannot split the command: {error}").format(error=err)
            raise self._error("api_key_command", msg, _("check its quotes")) from err
        if not argv:
            raise self._error(
                "api_key_command", _("the command is empty"), key_source_fix()
            )
        done = self._run_key_command(argv)
        lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
        if done.returncode != 0:
            raise self._error(
                "api_key_command", _exit_text(argv[0], done, lines), _cmd_fix()
            )
        if not lines:
            msg = _("api_key_command '{program}' printed nothing").format(
                program=argv[0]
            )
            raise self._error("api_key_command", msg, _cmd_fix())
        return lines[0]

    def _run_key_command(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        prog = argv[0]
        try:
            return subprocess.run(
                argv,
                capture_output=True,
                encoding="utf-8",
                errors="replace",
                stdin=subprocess.DEVNULL,
                timeout=KEY_COMMAND_TIMEOUT,
                check=False,
            )
        except FileNotFoundError as err:
            msg = _("api_key_command: program '{program}' not found").format(
                program=prog
            )
            fix = _("install it, or write its full path in api_key_command")
            raise self._error("api_key_command", msg, fix) from err
        except subprocess.TimeoutExpired as err:
            secs = f"{KEY_COMMAND_TIMEOUT:g}"
            msg = _(
                "api_key_command '{program}' did not finish within {seconds} seconds"
            ).format(program=prog, seconds=secs)
            fix = _("run it yourself: is it waiting for a passphrase? Unlock it first")
            raise self._error("api_key_command", msg, fix) from err
        except OSError as err:
            msg = _("api_key_command '{program}' cannot run: {error}").format(
                program=prog, error=err.strerror
            )
            raise self._error("api_key_command", msg, _cmd_fix()) from err


def _cmd_fix() -> str:
    """The fix for a key command that fails."""
    return _(
        "run the command yourself; it must print the API key and exit with status 0"
    )


def _exit_text(
    prog: str, done: subprocess.CompletedProcess[str], secrets: list[str]
) -> str:
    """Describe a failed key command by its status and first stderr line."""
    code = done.returncode
    how = (
        _("was killed by signal {signal}").format(signal=-code)
        if code < 0
        else _("exited with status {status}").format(status=code)
    )
    first = next((ln.strip() for ln in done.stderr.splitlines() if ln.strip()), "")
    for secret in secrets:
        if len(secret) >= 4:
            first = first.replace(secret, "[redacted]")
    text = f"api_key_command '{prog}' {how}"
    return f"{text}: {first[:200]}" if first else text


@dataclass(frozen=True)
class SyncConfig:
    """The ``[sync]`` table."""

    interval_seconds: int = 120


@dataclass(frozen=True)
class TriageConfig:
    """The ``[triage]`` table: keyword and category rules for urgency."""

    urgent_keywords: tuple[str, ...] = ()
    low_keywords: tuple[str, ...] = ()
    category_urgency: Mapping[str, Urgency] = field(
        default_factory=lambda: MappingProxyType({})
    )


@dataclass(frozen=True)
class LogConfig:
    """The ``[log]`` table: how much goes into the log file."""

    level: str = "info"
    """debug, info, warning or error."""


@dataclass(frozen=True)
class TemplatesConfig:
    """The ``[templates]`` table: where answer templates come from."""

    team: tuple[Path, ...] | None = None
    """Team files (read-only to the desk); None when the file names none, and
    the built-in example set is offered instead."""
    personal_dir: Path | None = None
    """The folder of personal templates; None: ``templates/`` beside the config."""
    werkplein: str = "Werkplein"
    """What ``{werkplein}`` in a template becomes."""


@dataclass(frozen=True, kw_only=True)
class Config:
    """The whole config file, validated."""

    path: Path | None
    default_forum: str
    language: str = "nl"
    """The desk's language: the file's ``language``, else the locale's."""
    forums: Mapping[str, ForumProfile]
    sync: SyncConfig = field(default_factory=SyncConfig)
    triage: TriageConfig = field(default_factory=TriageConfig)
    keys: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    store_path: Path = field(default_factory=lambda: data_dir() / "store.sqlite")
    desk: DeskSettings = field(default_factory=DeskSettings)
    """Working hours, response targets and the inbox sections."""
    templates: TemplatesConfig = field(default_factory=TemplatesConfig)
    """Answer templates: team files, the personal folder, the Werkplein's name."""
    log: LogConfig = field(default_factory=LogConfig)
    """The log file's level (see :mod:`deskapp.logs`)."""
    theme: str | None = None
    """A Textual theme or ``deskapp-mono``; None: chosen by the terminal."""
    plain: bool = False
    """Plain mode: no box drawing, spinners or animation (as ``--plain``)."""

    def demo_forum(self) -> ForumProfile:
        """The first demo profile of the file, else the built-in one (--demo)."""
        demos = [p for p in self.forums.values() if p.kind == "demo"]
        return demos[0] if demos else demo_config().forum()

    def forum(self, name: str | None = None) -> ForumProfile:
        """The named forum profile, or the default one."""
        wanted = self.default_forum if name is None else name
        if wanted in self.forums:
            return self.forums[wanted]
        key = "default_forum" if name is None else None
        raise ConfigError(
            _("there is no forum named '{name}'").format(name=wanted),
            path=self.path,
            key=key,
            fix=forum_fix(wanted, list(self.forums)),
        )


def demo_config() -> Config:
    """The built-in config used when there is no config file: the demo forum."""
    demo = ForumProfile(name="demo", kind="demo")
    return Config(
        path=None,
        default_forum="demo",
        language=locale_language(),
        forums=MappingProxyType({"demo": demo}),
    )


# --- reading and writing -----------------------------------------------------


def _profile_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """A checked forum table as ForumProfile's keyword arguments."""
    out = dict(values)
    if "data_explorer" in out:
        out["data_explorer"] = DataExplorerQueries(**out["data_explorer"])
    return out


def _build(data: Mapping[str, Any], path: Path | None) -> Config:
    """Turn parsed TOML into a validated Config."""
    with _speaking(data):
        checked = check_config(data, path)
    forums = {
        name: ForumProfile(name=name, config_path=path, **_profile_values(values))
        for name, values in checked.forums.items()
    }
    store = checked.store
    store_path = store if store is not None else data_dir() / "store.sqlite"
    return Config(
        path=path,
        default_forum=checked.default_forum,
        language=checked.language if "language" in data else locale_language(),
        forums=MappingProxyType(forums),
        sync=SyncConfig(**checked.sync),
        triage=TriageConfig(**checked.triage),
        keys=MappingProxyType(checked.keys),
        store_path=store_path,
        desk=check_desk(data, path),
        templates=TemplatesConfig(**checked.templates),
        log=LogConfig(**checked.log),
        theme=checked.theme,
        plain=checked.plain,
    )


def load_config(cli_path: str | Path | None = None) -> Config:
    """Load and validate the config; no default file means the demo config.

    Its messages come in the file's language when it names one; the command
    then speaks ``config.language`` (:func:`deskapp.i18n.set_language`).
    """
    path, explicit = resolve_config_path(cli_path)
    given = cli_path is not None and str(cli_path) != ""
    via = (
        "--config" if given else f"${CONFIG_ENV}" if explicit else _("the default path")
    )
    text = _read_text(path, explicit, via)
    config = demo_config() if text is None else _build(parse_toml(text, path), path)
    logs.set_level(config.log.level)
    return config


@contextmanager
def _speaking(data: Mapping[str, Any]) -> Iterator[None]:
    """Speak the file's language (when it names a valid one) while the rest
    of the file is checked, so its messages come in that language; a problem
    found keeps it, for the whole message about it."""
    wanted, before = data.get("language"), language()
    if not (isinstance(wanted, str) and wanted in LANGUAGES):
        yield
        return
    set_language(wanted)
    yield  # an error raised here leaves the file's language on
    set_language(before)


def _read_text(path: Path, explicit: bool, via: str) -> str | None:
    """The file as text; None when the default file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as err:
        if not explicit:
            return None
        fix = _("check the path, or run `deskapp setup` to write a config")
        raise ConfigError(
            _("config file not found (given by {via})").format(via=via),
            path=path,
            fix=fix,
        ) from err
    except IsADirectoryError as err:
        inner = path / "config.toml"
        fix = (
            _("use the file inside it: {path}").format(path=inner)
            if inner.is_file()
            else _("name a .toml file")
        )
        raise ConfigError(
            _("this is a directory, not a config file"), path=path, fix=fix
        ) from err
    except PermissionError as err:
        fix = _("as its owner, run: {command}").format(
            command=f"chmod 600 {shlex.quote(str(path))}"
        )
        raise ConfigError(
            _("cannot read the config file: permission denied"), path=path, fix=fix
        ) from err
    except OSError as err:
        msg = _("cannot read the config file: {error}").format(error=err.strerror)
        raise ConfigError(msg, path=path, fix=_("check the path")) from err
    return _decode(raw, path)


def _decode(raw: bytes, path: Path) -> str:
    """UTF-8 text (a leading byte-order mark is allowed)."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        msg = _("the file is not UTF-8 text (byte {byte} on line {line})").format(
            byte=f"0x{raw[err.start]:02x}", line=line
        )
        fix = _("save it as UTF-8 in your editor (in vim: :set fileencoding=utf-8 | w)")
        raise ConfigError(msg, path=path, fix=fix) from err


def write_config(path: Path, data: Mapping[str, Any]) -> None:
    """Write ``data`` as TOML: atomically, readable by the owner only (0600)."""
    content = tomli_w.dumps(data).encode("utf-8")
    try:
        write_atomic(path, content)
    except OSError as err:
        msg = _("cannot write the config: {error}").format(error=err.strerror)
        raise ConfigError(
            msg, path=path, fix=_("check free disk space and permissions")
        ) from err


def write_atomic(path: Path, content: bytes) -> None:
    """Replace ``path`` by ``content`` all at once: a temp file in the same
    folder, flushed to disk, then renamed over it (mode 0600; folders 0700).

    A crash leaves the old file or the new one, never half of one. A symlink
    is followed, so the file it points at is replaced. Raises OSError.
    """
    target = path.resolve() if path.is_symlink() else path
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        raise
