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
from deskapp.errors import DeskError
from deskapp.forum import open_forum
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


def _say(check: Check) -> None:
    """Print one check as an aligned line."""
    sys.stdout.write(f"{check.status:>4}  {check.name:<14} {one_line(check.detail)}\n")


def _profile(args: argparse.Namespace) -> tuple[Config, ForumProfile, Check]:
    """Load the config and pick the forum; raises ConfigError when it cannot."""
    from deskapp.commands import select_forum

    config, profile = select_forum(args)
    where = str(config.path) if config.path else "none (built-in demo forum)"
    return config, profile, Check("config", "ok", where)


async def _forum_checks(profile: ForumProfile) -> list[Check]:
    """Reach the forum, prove the account, list the plugins."""
    checks = [Check("forum", "ok", f"{profile.name} ({profile.kind})")]
    try:
        forum = open_forum(profile)
    except DeskError as err:
        return [Check("forum", "FAIL", str(err))]
    try:
        me = await forum.whoami()
        checks.append(Check("account", "ok", f"{me.username} ({me.role.value})"))
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
                      "present" if present else "not installed")
            )  # fmt: skip
        categories = await forum.categories()
        checks.append(Check("categories", "ok", f"{len(categories)} visible"))
        checks += _category_checks(profile, categories)
    except DeskError as err:
        checks.append(Check(err.title.lower(), "FAIL", str(err)))
    finally:
        await forum.aclose()
    return checks


def _category_checks(
    profile: ForumProfile, categories: Sequence[Category]
) -> list[Check]:
    """The watched categories and the knowledge-base category must exist."""
    slugs = {c.slug for c in categories}
    known = ", ".join(sorted(slugs)) or "none"
    checks = []
    missing = [s for s in profile.watched_categories if s not in slugs]
    if missing:
        checks.append(
            Check("watched", "FAIL",
                  f"no category {', '.join(missing)} on the forum; fix "
                  f"forums.{profile.name}.watched_categories (known: {known})")
        )  # fmt: skip
    elif profile.watched_categories:
        checks.append(Check("watched", "ok", ", ".join(profile.watched_categories)))
    if profile.kb_category in slugs:
        checks.append(Check("kennisbank", "ok", profile.kb_category))
    else:
        checks.append(
            Check("kennisbank", "warn",
                  f"no category '{profile.kb_category}': promoting answers will not "
                  f"work; set forums.{profile.name}.kb_category (known: {known})")
        )  # fmt: skip
    if profile.kind == "discourse":
        checks.append(
            Check("rate limit", "ok",
                  f"this desk uses at most {profile.requests_per_minute} of the site's"
                  " requests a minute (requests_per_minute)")
        )  # fmt: skip
    return checks


def _store_checks(config: Config, profile: ForumProfile) -> list[Check]:
    """Can the store be opened, when did it last sync, what waits to be sent."""
    try:
        store = Store(config.store_path)
    except DeskError as err:
        return [Check("store", "FAIL", str(err))]
    try:
        status = store.sync_status(profile.name)
        waiting = [OutboxState.QUEUED, OutboxState.SENDING, OutboxState.FAILED,
                   OutboxState.HELD]  # fmt: skip
        entries = store.entries(profile.name, waiting)
    finally:
        store.close()
    if status.last_error:
        checks = [Check("store", "warn", f"last sync failed: {status.last_error}")]
    else:
        last = status.last_success_at
        when = last.strftime("%Y-%m-%d %H:%M UTC") if last else "never synced"
        checks = [Check("store", "ok", f"{config.store_path} (last sync: {when})")]
    return [*checks, _outbox_check(entries)]


def _outbox_check(entries: list[OutboxEntry]) -> Check:
    """Replies and actions not yet on the forum: a line saying what needs whom."""
    if not entries:
        return Check("outbox", "ok", "empty: everything was sent")
    count = Counter(e.state for e in entries)
    parts = [
        f"{count[state]} {label}"
        for state, label in (
            (OutboxState.QUEUED, "queued"), (OutboxState.SENDING, "being sent"),
            (OutboxState.FAILED, "refused by the forum"),
            (OutboxState.HELD, "held (a colleague answered first)"),
        )
        if count[state]
    ]  # fmt: skip
    needs_you = count[OutboxState.FAILED] or count[OutboxState.HELD]
    advice = (
        "; open the desk: each question shows why and what to do"
        if needs_you
        else "; `deskapp sync` or the open desk sends them"
    )
    return Check("outbox", "warn", ", ".join(parts) + advice)


async def run_doctor(args: argparse.Namespace) -> int:
    """Run every check, print them, return 0 when none failed."""
    config, profile, first = _profile(args)
    checks = [first, *await _forum_checks(profile), *_store_checks(config, profile)]
    for check in checks:
        _say(check)
    return 1 if any(c.status == "FAIL" for c in checks) else 0
