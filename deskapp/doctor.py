"""``deskapp doctor``: is the config valid, can we reach the forum, what has it.

Each check prints one line with ``ok``, ``warn`` or ``FAIL`` and what to do;
the exit status is 1 when any check failed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from deskapp.config import Config, ForumProfile
from deskapp.errors import DeskError, shown_title
from deskapp.forum import open_forum
from deskapp.i18n import _, ngettext
from deskapp.models import Category, OutboxState
from deskapp.store import Store
from deskapp.storework import OutboxEntry
from deskapp.text import one_line

__all__ = ["Check", "run_doctor"]


@dataclass(frozen=True, slots=True)
class Check:
    """The outcome of one check."""

    name: str
    status: str
    """``ok``, ``warn`` or ``FAIL``."""
    detail: str


def _statuses() -> dict[str, str]:
    """Each status as the desk's language writes it."""
    return {"ok": _("ok"), "warn": _("warn"), "FAIL": _("FAIL")}


def _say(check: Check) -> None:
    """Print one check as an aligned line."""
    shown = _statuses()
    width = max(len(s) for s in shown.values())
    status = shown.get(check.status, check.status)
    sys.stdout.write(f"{status:>{width}}  {check.name:<14} {one_line(check.detail)}\n")


def _profile(args: argparse.Namespace) -> tuple[Config, ForumProfile, Check]:
    """Load the config and pick the forum; raises ConfigError when it cannot."""
    from deskapp.commands import select_forum

    config, profile = select_forum(args)
    where = str(config.path) if config.path else _("none (built-in demo forum)")
    return config, profile, Check(_("config"), "ok", where)


async def _forum_checks(profile: ForumProfile) -> list[Check]:
    """Reach the forum, prove the account, list the plugins."""
    checks = [Check(_("forum"), "ok", f"{profile.name} ({profile.kind})")]
    try:
        forum = open_forum(profile)
    except DeskError as err:
        return [Check(_("forum"), "FAIL", str(err))]
    try:
        me = await forum.whoami()
        checks.append(Check(_("account"), "ok", f"{me.username} ({me.role.value})"))
        caps = await forum.capabilities()
        plugins = {
            "solved": caps.solved,
            "assign": caps.assign,
            "templates": caps.templates,
            "data explorer": caps.data_explorer,
            "presence": caps.presence,
        }
        for name, present in plugins.items():
            checks.append(
                Check(name, "ok" if present else "warn",
                      _("present") if present else _("not installed"))
            )  # fmt: skip
        categories = await forum.categories()
        visible = ngettext("{n} visible", "{n} visible", len(categories))
        checks.append(Check(_("categories"), "ok", visible.format(n=len(categories))))
        checks += _category_checks(profile, categories)
    except DeskError as err:
        checks.append(Check(shown_title(err).lower(), "FAIL", str(err)))
    finally:
        await forum.aclose()
    return checks


def _category_checks(
    profile: ForumProfile, categories: Sequence[Category]
) -> list[Check]:
    """The watched categories and the knowledge-base category must exist."""
    slugs = {c.slug for c in categories}
    known = ", ".join(sorted(slugs)) or _("none")
    checks = []
    missing = [s for s in profile.watched_categories if s not in slugs]
    if missing:
        checks.append(
            Check(_("watched"), "FAIL",
                  _("no category {slugs} on the forum; fix {key} (known: {known})")
                  .format(slugs=", ".join(missing), known=known,
                          key=f"forums.{profile.name}.watched_categories"))
        )  # fmt: skip
    elif profile.watched_categories:
        watched = ", ".join(profile.watched_categories)
        checks.append(Check(_("watched"), "ok", watched))
    if profile.kb_category in slugs:
        checks.append(Check(_("knowledge base"), "ok", profile.kb_category))
    else:
        checks.append(
            Check(_("knowledge base"), "warn",
                  _("no category '{slug}': promoting answers will not work;"
                    " set {key} (known: {known})")
                  .format(slug=profile.kb_category, known=known,
                          key=f"forums.{profile.name}.kb_category"))
        )  # fmt: skip
    if profile.kind == "discourse":
        checks.append(
            Check(_("rate limit"), "ok",
                  _("this desk uses at most {n} of the site's requests a minute"
                    " (requests_per_minute)").format(n=profile.requests_per_minute))
        )  # fmt: skip
    return checks


def _store_checks(config: Config, profile: ForumProfile) -> list[Check]:
    """Can the store be opened, when did it last sync, what waits to be sent."""
    try:
        store = Store(config.store_path)
    except DeskError as err:
        return [Check(_("store"), "FAIL", str(err))]
    try:
        status = store.sync_status(profile.name)
        waiting = [OutboxState.QUEUED, OutboxState.SENDING, OutboxState.FAILED,
                   OutboxState.HELD]  # fmt: skip
        entries = store.entries(profile.name, waiting)
    finally:
        store.close()
    if status.last_error:
        failed = _("last sync failed: {error}").format(error=status.last_error)
        checks = [Check(_("store"), "warn", failed)]
    else:
        last = status.last_success_at
        when = last.strftime("%Y-%m-%d %H:%M UTC") if last else _("never synced")
        where = _("{path} (last sync: {when})").format(
            path=config.store_path, when=when
        )
        checks = [Check(_("store"), "ok", where)]
    return [*checks, _outbox_check(entries)]


def _outbox_check(entries: list[OutboxEntry]) -> Check:
    """Replies and actions not yet on the forum: a line saying what needs whom."""
    if not entries:
        return Check(_("outbox"), "ok", _("empty: everything was sent"))
    count = Counter(e.state for e in entries)
    parts = [
        f"{count[state]} {label}"
        for state, label in (
            (OutboxState.QUEUED, _("queued")), (OutboxState.SENDING, _("being sent")),
            (OutboxState.FAILED, _("refused by the forum")),
            (OutboxState.HELD, _("held (a colleague answered first)")),
        )
        if count[state]
    ]  # fmt: skip
    needs_you = count[OutboxState.FAILED] or count[OutboxState.HELD]
    advice = (
        _("; open the desk: each question shows why and what to do")
        if needs_you
        else _("; `deskapp sync` or the open desk sends them")
    )
    return Check(_("outbox"), "warn", ", ".join(parts) + advice)


def _keys_check(config: Config) -> Check:
    """The config's ``[keys]``: what the desk would report when it starts
    (an unknown id, a key Textual does not know, two bindings on one key)."""
    if not config.keys:
        return Check(_("keys"), "ok", _("the default keys (no [keys] in the config)"))
    from deskapp.screens.keymap import check_keymap

    checked = check_keymap(config.keys)
    if checked.problems:
        return Check(_("keys"), "warn", " · ".join(checked.problems))
    n = len(checked.keymap)
    said = ngettext("{n} key remapped", "{n} keys remapped", n).format(n=n)
    return Check(_("keys"), "ok", said)


async def run_doctor(args: argparse.Namespace) -> int:
    """Run every check, print them, return 0 when none failed."""
    config, profile, first = _profile(args)
    checks = [first, _keys_check(config), *await _forum_checks(profile),
              *_store_checks(config, profile)]  # fmt: skip
    for check in checks:
        _say(check)
    return 1 if any(c.status == "FAIL" for c in checks) else 0
