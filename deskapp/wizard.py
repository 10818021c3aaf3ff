"""The interactive ``deskapp setup``: a few questions, then a config that loads.

The caller supplies the terminal: ``ask(prompt, default)`` returns an answer,
``say(text)`` shows a line and ``confirm(prompt, default)`` returns yes or no;
``ask_secret`` (if given) asks for the API key without showing it.
Each answer goes through the same checks as :func:`deskapp.config.load_config`
(those of :mod:`deskapp.configschema`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskapp.config import (
    ForumProfile,
    load_config,
    resolve_config_path,
    write_config,
)
from deskapp.configschema import (
    InvalidValue,
    check_choice,
    check_command,
    check_env_name,
    check_forum_name,
    check_kind,
    check_language,
    check_text,
    check_url,
)
from deskapp.errors import ConfigError, DeskError
from deskapp.i18n import _, language, ngettext
from deskapp.models import Category

Ask = Callable[[str, str | None], str]
Say = Callable[[str], None]
Confirm = Callable[[str, bool], bool]
Probe = Callable[[ForumProfile], list[Category]]
"""Connect with a profile and list its categories; raises DeskError."""

MAX_TRIES = 5
KEY_SOURCES = ("env", "command", "file")


class _Stop(Exception):
    """The user gave up (too many bad answers)."""


def probe_forum(profile: ForumProfile) -> list[Category]:
    """Connect to the forum of ``profile``, prove the key, list the categories."""
    import asyncio

    from deskapp.forum import open_forum

    async def run() -> list[Category]:
        forum = open_forum(profile)
        try:
            await forum.capabilities()
            return await forum.categories()
        finally:
            await forum.aclose()

    return asyncio.run(run())


@dataclass(frozen=True)
class _Prompter:
    """Asks one question until the answer passes its check."""

    ask: Ask
    say: Say
    confirm: Confirm
    probe: Probe
    ask_secret: Ask | None = None
    """Asks without showing what is typed (the API key); None: ``ask``."""

    def question(
        self,
        prompt: str,
        default: str | None,
        check: Callable[[str], Any],
        *,
        secret: bool = False,
    ) -> str:
        """Ask until ``check`` accepts the answer; return the checked answer.
        A ``secret`` answer is asked for with ``ask_secret``."""
        ask = (self.ask_secret or self.ask) if secret else self.ask
        for _attempt in range(MAX_TRIES):
            answer = ask(prompt, default).strip() or (default or "")
            try:
                return str(check(answer))
            except InvalidValue as err:
                fix = f" ({err.fix})" if err.fix else ""
                self.say(f"  {err.message}{fix}")
        raise _Stop


def run_setup(
    path: Path,
    *,
    ask: Ask,
    say: Say,
    confirm: Confirm,
    probe: Probe = probe_forum,
    ask_secret: Ask | None = None,
) -> int:
    """Write a config at ``path`` interactively; 0 when written, 1 when not.

    A Discourse forum is tried (``probe``) before anything is written. The
    API key is asked for with ``ask_secret`` (not shown as it is typed) when
    given.
    """
    try:
        prompter = _Prompter(ask, say, confirm, probe, ask_secret)
        return _run(path, prompter, confirm)
    except (EOFError, KeyboardInterrupt, _Stop):
        say(_("Setup stopped; nothing was written."))
        return 1


def _run(path: Path, prompter: _Prompter, confirm: Confirm) -> int:
    """The setup steps: permission to write, questions, write, load back."""
    say = prompter.say
    if not _may_write(path, say, confirm):
        return 1
    data = _answers(prompter)
    try:
        backup = _backup(path)
        write_config(path, data)
    except (ConfigError, OSError) as err:
        say(_("Could not write the config: {error}").format(error=err))
        return 1
    try:
        load_config(path)
    except ConfigError as err:
        say(
            _(
                "The config was written but does not load; please report this:\n{error}"
            ).format(error=err)
        )
        return 1
    _goodbye(path, data, backup, say)
    return 0


def _may_write(path: Path, say: Say, confirm: Confirm) -> bool:
    """False for a directory, or an existing file the user wants to keep."""
    if path.is_dir():
        say(
            _("{path} is a directory; give the path of a .toml file instead.").format(
                path=path
            )
        )
        return False
    if not path.exists():
        return True
    say(_("There is already a config at {path}.").format(path=path))
    if confirm(_("Overwrite it? The old file is kept as a .bak copy."), False):
        return True
    say(_("Nothing written; your config is unchanged."))
    return False


def _answers(p: _Prompter) -> dict[str, Any]:
    """Ask the questions; return the config as a TOML-ready mapping."""
    p.say(
        _("deskapp setup: a few questions; press Enter to take the suggested answer.")
    )
    kind = p.question(
        _("Forum kind: demo (try deskapp, no forum needed) or discourse"),
        "demo",
        check_kind,
    )
    default_name = "werkplein" if kind == "discourse" else "demo"
    name = p.question(
        _("A short name for this forum (used with --forum)"),
        default_name,
        check_forum_name,
    )
    forum: dict[str, Any] = {"kind": kind}
    if kind == "discourse":
        forum |= _discourse(p, name)
    chosen = p.question(
        _("Language of the desk: nl (Nederlands) or en (English)"),
        language(),
        check_language,
    )
    return {"default_forum": name, "language": chosen, "forums": {name: forum}}


def _discourse(p: _Prompter, name: str) -> dict[str, Any]:
    """The questions for a Discourse forum: address, account and key source."""
    url = p.question(_("Forum address, e.g. https://forum.example.nl"), None, check_url)
    user = p.question(
        _("Your username on the forum (deskapp acts as it)"), None, check_text
    )
    source = p.question(
        _("Where does the API key come from? env (an environment variable), "
          "command (e.g. a password manager) or file (written in this config)"),
        "env",
        lambda v: check_choice(v, KEY_SOURCES, _("key source")),
    )  # fmt: skip
    forum: dict[str, Any] = {"url": url, "api_username": user}
    forum |= _key_source(p, name, source)
    categories = _try_connection(p, name, forum)
    if categories:
        forum |= _pick_categories(p, categories)
    return forum


def _try_connection(
    p: _Prompter, name: str, forum: dict[str, Any]
) -> list[Category] | None:
    """Connect once with the answers; None when it could not be tried or failed."""
    var = forum.get("api_key_env")
    if var and not os.environ.get(var):
        p.say(
            _(
                "${var} is not set in this shell, so the connection is not tried now."
            ).format(var=var)
        )
        return None
    p.say(
        _("Trying {url} as {user}…").format(
            url=forum["url"], user=forum["api_username"]
        )
    )
    try:
        categories = p.probe(ForumProfile(name=name, kind="discourse", **forum))
    except DeskError as err:
        p.say("  " + _("That did not work: {error}").format(error=err))
        if not p.confirm(_("Write the config anyway (and fix it later)?"), False):
            raise _Stop from err
        return None
    connected = ngettext(
        "Connected: {n} category visible.",
        "Connected: {n} categories visible.",
        len(categories),
    )
    p.say("  " + connected.format(n=len(categories)))
    return categories


def _pick_categories(p: _Prompter, categories: list[Category]) -> dict[str, Any]:
    """Choose the categories to watch and the knowledge-base category."""
    slugs = [c.slug for c in categories]
    for number, c in enumerate(categories, 1):
        p.say(f"  {number:>2}. {c.slug:<28} {c.name}")

    def pick(answer: str) -> str:
        chosen = [_one_category(part.strip(), slugs) for part in answer.split(",")]
        return ",".join(s for s in chosen if s)

    picked = p.question(
        _("Categories to watch (numbers or slugs, comma-separated; Enter for all)"),
        "",
        pick,
    )
    kb_default = next((s for s in slugs if "kennis" in s or s == "kb"), None)
    kb = p.question(
        _("The knowledge-base category (number or slug)"),
        kb_default,
        lambda a: _one_category(a, slugs) or "",
    )
    values: dict[str, Any] = {"watched_categories": [s for s in picked.split(",") if s]}
    if kb:
        values["kb_category"] = kb
    return values


def _one_category(answer: str, slugs: list[str]) -> str:
    """A category slug from its number or slug ("" for an empty answer)."""
    if not answer:
        return ""
    if answer.isdigit() and 1 <= int(answer) <= len(slugs):
        return slugs[int(answer) - 1]
    if answer in slugs:
        return answer
    raise InvalidValue(
        _("'{answer}' is not one of the categories listed").format(answer=answer),
        _("give a number or a slug from the list"),
    )


def _key_source(p: _Prompter, name: str, source: str) -> dict[str, str]:
    """The one key-source entry for the chosen kind of source."""
    if source == "env":
        var = p.question(
            _("Name of the environment variable"), "DESKAPP_API_KEY", check_env_name
        )
        return {"api_key_env": var}
    if source == "command":
        default = f"pass show deskapp/{name}"
        return {
            "api_key_command": p.question(
                _("Command that prints the key"), default, check_command
            )
        }
    p.say(_("The key will be written in the config file, readable by you only (0600)."))
    return {"api_key": p.question(_("API key"), None, check_text, secret=True)}


def _backup(path: Path) -> Path | None:
    """Copy an existing config to NAME.bak (0600) before it is overwritten."""
    if not path.exists():
        return None
    backup = path.with_name(path.name + ".bak")
    backup.unlink(missing_ok=True)
    fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(path.read_bytes())
    return backup


def _goodbye(path: Path, data: dict[str, Any], backup: Path | None, say: Say) -> None:
    """Say where the config went and what to run next."""
    say(_("Config written to {path} (readable by you only).").format(path=path))
    if backup is not None:
        say(_("The old config is kept in {path}.").format(path=backup))
    forum = data["forums"][data["default_forum"]]
    if "api_key_env" in forum:
        var = forum["api_key_env"]
        say(
            _("Before you start deskapp, set the key: export {var}=<your API key>")
            .format(var=var)
        )  # fmt: skip
    flag = ""
    if path != resolve_config_path(None)[0]:
        flag = f" --config {path}"
        say(
            _("This is not the default location: pass --config (or set"
              " DESKAPP_CONFIG).")
        )  # fmt: skip
    say(_("Next: run `{command}` to check it,").format(command=f"deskapp{flag} doctor"))
    say(_("then `{command}` to open the desk.").format(command=f"deskapp{flag}"))
