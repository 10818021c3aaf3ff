"""What each ``deskapp`` subcommand does; argument parsing lives in cli.py."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from deskapp import cliout
from deskapp.config import Config, ForumProfile, load_config
from deskapp.desk import Desk
from deskapp.errors import DeskError
from deskapp.i18n import _, set_language
from deskapp.models import Person, Post
from deskapp.successfigures import SuccessFigures, report_period
from deskapp.text import one_line

if TYPE_CHECKING:
    from deskapp.forum.demo import DemoForum

__all__ = [
    "backlog",
    "demo_help",
    "demo_post",
    "demo_seed",
    "demo_typing",
    "doctor",
    "privacy_check",
    "privacy_help",
    "run_desk",
    "select_forum",
    "serve",
    "setup",
    "sync",
]

FIRST_RUN_QUESTIONS = 400
"""Size of the demo forum built on the first run without a config."""


def select_forum(args: argparse.Namespace) -> tuple[Config, ForumProfile]:
    """The config and the forum profile that the options select; from here
    on the command speaks the config's language."""
    config = _load(args)
    if getattr(args, "demo", False):
        return config, config.demo_forum()
    return config, config.forum(getattr(args, "forum", None))


def _load(args: argparse.Namespace) -> Config:
    """The config the options name, its language spoken from now on (before
    any screen is imported: their key descriptions are read at import)."""
    config = load_config(getattr(args, "config", None))
    set_language(config.language)
    return config


def _ensure_demo_forum(profile: ForumProfile) -> None:
    """Build the demo forum on first use, saying so."""
    if profile.kind != "demo" or profile.demo_path().exists():
        return
    from deskapp.forum.demo_seed import seed_demo_forum

    path = profile.demo_path()
    cliout.info(
        _("Building a demo forum of {n} questions in {path}").format(
            n=FIRST_RUN_QUESTIONS, path=path
        )
    )
    seed_demo_forum(path, FIRST_RUN_QUESTIONS)


def _open_desk(args: argparse.Namespace) -> Desk:
    """Config, profile, demo forum if needed, and the desk over the store."""
    config, profile = select_forum(args)
    _ensure_demo_forum(profile)
    return Desk(config, profile)


async def _sync(desk: Desk, *, show_progress: bool) -> None:
    """One sync with a progress bar on a terminal; closes the adapter."""
    try:
        doing = _("Syncing {forum}").format(forum=desk.forum_name)
        with cliout.progress(doing, show_progress) as step:
            report = await desk.sync(progress=step)
    finally:
        await desk.aclose()
    cliout.sync_summary(report, quiet=not show_progress)


def _sync_if_never(desk: Desk) -> None:
    """Run a first sync when the store has never seen this forum."""
    if desk.status().last_success_at is None:
        asyncio.run(_sync(desk, show_progress=sys.stderr.isatty()))


def run_desk(args: argparse.Namespace) -> int:
    """Open the desk (the Textual app)."""
    desk = _open_desk(args)
    _sync_if_never(desk)
    from deskapp.app import DeskApp

    return DeskApp(desk, plain=getattr(args, "plain", False)).run() or 0


def serve(args: argparse.Namespace) -> int:
    """``deskapp serve``: the desk in a web browser. The demo forum and the
    first sync are done here, once, before the first page opens."""
    from deskapp import serve as web

    desk = _open_desk(args)
    _sync_if_never(desk)
    desk.store.close()  # each page's desk opens its own
    if not web.is_loopback(args.host):
        cliout.info(web.lan_warning(args.host))
    from deskapp.serve_web import DeskServer

    urls = web.page_urls(args.host, args.port)
    try:
        DeskServer(web.desk_command(args), args.host, args.port, urls).run()
    except OSError as err:
        said = _("cannot listen on {host} port {port}: {error}").format(
            host=args.host, port=args.port, error=err.strerror or err
        )
        raise DeskError(said) from None
    return 0


def sync(args: argparse.Namespace) -> int:
    """``deskapp sync``: one pull into the store."""
    desk = _open_desk(args)
    asyncio.run(_sync(desk, show_progress=sys.stderr.isatty()))
    return 0


def backlog(args: argparse.Namespace) -> int:
    """``deskapp backlog``: what is open and whether the forum works, as a
    table, JSON or CSV; 1 with ``--fail-on-overdue`` when anything is overdue."""
    desk = _open_desk(args)
    try:
        since, until = report_period(args.since, desk.now(), desk.timezone)
    except ValueError as err:
        cliout.info(f"deskapp: --since {err}")
        return 2
    _sync_if_never(desk)
    report, success = desk.backlog_figures(since, until)
    if args.csv != "questions":  # the question rows hold no success figure
        success = _from_server(desk, success)
    if args.json:
        cliout.backlog_json(report, success, desk.team_figures(report, until))
    elif args.csv == "figures":
        from deskapp.cliteam import figures_csv

        team = desk.team_figures(report, until)
        figures_csv(cliout.backlog_data(report, success, team))
    elif args.csv:
        cliout.backlog_csv(report)
    else:
        from deskapp.cliteam import team_tables

        cliout.backlog_table(report)
        team_tables(report, desk.team_figures(report, until), desk.timezone)
        cliout.success_table(success, desk.timezone)
    return 1 if args.fail_on_overdue and report.overdue() else 0


def _from_server(desk: Desk, local: SuccessFigures) -> SuccessFigures:
    """The server-side figures where the config names a Data Explorer query;
    the local ones (with a note) when the forum cannot run it."""

    async def ask() -> SuccessFigures | None:
        try:
            return await desk.server_figures(local)
        finally:
            await desk.aclose()

    try:
        return asyncio.run(ask()) or local
    except DeskError as err:
        cliout.info(_("deskapp: the forum's success query failed ({error}); the"
                      " figures below are computed from the local store")
                    .format(error=err))  # fmt: skip
        return local


def demo_help(args: argparse.Namespace) -> int:
    """``deskapp demo`` without a subcommand: say what there is."""
    usage = _("usage: ").rstrip()
    pad = " " * len(usage)
    cliout.info(
        f"{usage} deskapp demo seed --questions N [--path P] [--force]\n"
        f"{pad} deskapp demo post QUESTION_ID TEXT [--as USERNAME]\n"
        f"{pad} deskapp demo typing QUESTION_ID [--as USERNAME] [--seconds S]"
    )
    return 2


def demo_seed(args: argparse.Namespace) -> int:
    """``deskapp demo seed``: build a demo forum of N questions."""
    from deskapp.forum.demo_seed import seed_demo_forum

    config, profile = _demo_target(args)
    path = Path(args.path).expanduser() if args.path else profile.demo_path()
    if (
        path.exists()
        and not args.force
        and not cliout.confirm(
            _("{path} exists. Replace it with a new demo forum?").format(path=path)
        )
    ):
        cliout.info(_("Nothing changed."))
        return 1
    doing = _("Generating {n} questions").format(n=args.questions)
    with cliout.progress(doing, True) as step:
        seed_demo_forum(path, args.questions, seed=args.seed, progress=_seed_step(step))
    _forget_mirror(config, profile, path)
    cliout.info(
        _("Demo forum with {n} questions written to {path}").format(
            n=args.questions, path=path
        )
    )
    return 0


def _seed_step(step: cliout.Step) -> cliout.SeedProgress:
    """Adapt the generator's (done, total) callback to a progress step."""
    return lambda done, total: step(done, total)


def _demo_target(args: argparse.Namespace) -> tuple[Config, ForumProfile]:
    """The config and the demo profile that ``demo seed`` writes for."""
    config = _load(args)
    return config, config.demo_forum()


def _forget_mirror(config: Config, profile: ForumProfile, path: Path) -> None:
    """Drop the store's mirror of ``profile`` when its forum file was replaced."""
    from deskapp.store import Store

    if not _same_file(profile.demo_path(), path) or not config.store_path.exists():
        return
    store = Store(config.store_path)
    try:
        store.forget_forum(profile.name)
    finally:
        store.close()


def _same_file(a: Path, b: Path) -> bool:
    """True when two paths name the same file."""
    return os.path.abspath(a.expanduser()) == os.path.abspath(b.expanduser())


def _demo_forum(args: argparse.Namespace, command: str) -> DemoForum | None:
    """The demo forum the options select; None (said why) for another kind."""
    from deskapp.forum.demo import DemoForum

    _config, profile = select_forum(args)
    if profile.kind != "demo":
        cliout.info(
            _("deskapp: demo {command} works on the embedded demo forum only, and"
              " forum {name} is a {kind} forum. Use --demo, or"
              " --forum with a demo profile.")
            .format(command=command, name=repr(profile.name), kind=profile.kind)
        )  # fmt: skip
        return None
    path, me = profile.demo_path(), profile.api_username or None
    return DemoForum(path, name=profile.name, username=me)


def demo_post(args: argparse.Namespace) -> int:
    """``deskapp demo post``: a colleague replies in the demo forum."""
    forum = _demo_forum(args, "post")
    if forum is None:
        return 2

    async def post() -> Post:
        try:
            who = args.as_user or (await forum.stand_in()).username
            return await forum.post_as(who, args.question, args.text)
        finally:
            await forum.aclose()

    done = asyncio.run(post())
    cliout.info(
        _("{who} posted #{number} in question #{question}.").format(
            who=_who(done.author), number=done.number, question=args.question
        )
    )
    return 0


def demo_typing(args: argparse.Namespace) -> int:
    """``deskapp demo typing``: show a colleague as replying for a while."""
    forum = _demo_forum(args, "typing")
    if forum is None:
        return 2

    async def mark() -> Person:
        try:
            who = args.as_user or (await forum.stand_in()).username
            return await forum.mark_replying(who, args.question, args.seconds)
        finally:
            await forum.aclose()

    person = asyncio.run(mark())
    cliout.info(
        _("{who} shows as replying in question #{question} for {seconds} s.").format(
            who=_who(person), question=args.question, seconds=args.seconds
        )
    )
    return 0


def _who(person: Person) -> str:
    """``Name (username)``, safe for a terminal."""
    return f"{one_line(person.name)} ({one_line(person.username)})"


def doctor(args: argparse.Namespace) -> int:
    """``deskapp doctor``: check config, forum, key and plugins."""
    from deskapp.doctor import run_doctor

    return asyncio.run(run_doctor(args))


def privacy_help(args: argparse.Namespace) -> int:
    """``deskapp privacy`` without a subcommand: say what there is."""
    usage = _("usage: ").rstrip()
    cliout.info(f"{usage} deskapp privacy check [FILE | -] [--json] [--name NAME]")
    return 2


def privacy_check(args: argparse.Namespace) -> int:
    """``deskapp privacy check``: the personal data in a text; 1 when found."""
    from deskapp.privacy_report import run_check

    return run_check(args.file, as_json=args.json, names=args.name)


def setup(args: argparse.Namespace) -> int:
    """``deskapp setup``: write a config interactively."""
    from deskapp.config import resolve_config_path
    from deskapp.wizard import run_setup

    path, _explicit = resolve_config_path(getattr(args, "config", None))
    return run_setup(path, ask=cliout.ask, ask_secret=cliout.ask_secret,
                     say=cliout.info, confirm=cliout.confirm)  # fmt: skip
