"""The ``deskapp`` command: the desk itself and its headless subcommands.

Headless commands (sync, backlog, demo, doctor, setup, privacy) never import
textual, so they start fast over SSH and run from cron.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date

from deskapp.errors import ConfigError, DeskError, shown_title
from deskapp.i18n import _, set_language

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BUG = 70
"""An unexpected error (EX_SOFTWARE): the log file holds its traceback."""

Handler = Callable[[argparse.Namespace], int]


def _common() -> argparse.ArgumentParser:
    """Options every subcommand accepts, before or after its name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help=_("config file (default: $DESKAPP_CONFIG, then the user config dir)"),
    )
    common.add_argument(
        "--forum",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help=_("forum profile from the config (default: default_forum)"),
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("use the embedded demo forum, whatever the config says"),
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``deskapp`` and every subcommand."""
    from deskapp import commands

    common = _common()
    parser = argparse.ArgumentParser(
        prog="deskapp",
        description=_(
            "A keyboard-driven desk for answering client questions on a "
            "Werkplein forum. Without a subcommand it opens the desk."
        ),
        parents=[common],
    )
    parser.add_argument(
        "--version", action=_Version, nargs=0, help=_("show the version")
    )
    parser.add_argument(
        "--plain", action="store_true", default=False,
        help=_("plain layout for screen readers and dumb terminals: no box drawing,"
        " spinners or animation (also: plain = true in the config)"),
    )  # fmt: skip
    parser.set_defaults(handler=commands.run_desk)
    sub = parser.add_subparsers(title=_("commands"), metavar="COMMAND")

    def add(name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
        """Register one subcommand with its one-line help."""
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    add(
        "sync",
        commands.sync,
        _("send the desk's outbox, then pull the forum's changes"),
    )
    backlog = add(
        "backlog", commands.backlog, _("print the open-question backlog report")
    )
    fmt = backlog.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help=_("print JSON"))
    fmt.add_argument(
        "--csv", nargs="?", const="questions", choices=("questions", "figures"),
        help=_("print CSV: one row a question (default), or with 'figures' every"
        " figure as a figure,value row"),
    )  # fmt: skip
    backlog.add_argument(
        "--since", type=_day, default=None, metavar="DATE",
        help=_("success figures of the questions asked from DATE (YYYY-MM-DD, local"
        " date) until now (default: the last 30 days)"),
    )  # fmt: skip
    backlog.add_argument(
        "--fail-on-overdue", action="store_true",
        help=_("exit 1 when an open question is past its due time (after printing)"),
    )  # fmt: skip
    demo = add("demo", commands.demo_help, _("manage the embedded demo forum"))
    _demo_commands(demo, common)
    add(
        "doctor", commands.doctor, _("check the config, the forum, the key and plugins")
    )
    privacy = add(
        "privacy",
        commands.privacy_help,
        _("find personal data (BSN, IBAN, ...) in a text"),
    )
    _privacy_commands(privacy, common)
    add("setup", commands.setup, _("write a config file by answering a few questions"))
    from deskapp import serve

    serve.add_options(add("serve", commands.serve, serve.help_text()))
    return parser


def _demo_commands(
    demo: argparse.ArgumentParser, common: argparse.ArgumentParser
) -> None:
    """``deskapp demo seed``, ``demo post`` and ``demo typing``."""
    from deskapp import commands

    sub = demo.add_subparsers(title=_("demo commands"), metavar="DEMO_COMMAND")

    def add(name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
        """Register one demo subcommand."""
        p = sub.add_parser(name, parents=[common], help=help_, description=help_)
        p.set_defaults(handler=handler)
        return p

    seed = add(
        "seed", commands.demo_seed, _("build a demo forum of N generated questions")
    )
    seed.description = _("Build a demo forum of N generated Dutch Werkplein questions.")
    seed.add_argument("--questions", type=_positive, default=400, metavar="N")
    seed.add_argument("--path", metavar="P", help=_("where to write the forum file"))
    seed.add_argument("--seed", type=int, default=1, help=_("random seed (default 1)"))
    seed.add_argument(
        "--force", action="store_true", help=_("overwrite without asking")
    )
    as_help = _("staff or adviser account (default: the first other staff member)")
    post = add("post", commands.demo_post, _("post a reply as a colleague"))
    post.add_argument("question", type=_positive, metavar="QUESTION_ID")
    post.add_argument("text", metavar="TEXT", help=_("the reply (Markdown)"))
    post.add_argument("--as", dest="as_user", metavar="USERNAME", help=as_help)
    typing = add("typing", commands.demo_typing, _("show a colleague as replying"))
    typing.add_argument("question", type=_positive, metavar="QUESTION_ID")
    typing.add_argument("--as", dest="as_user", metavar="USERNAME", help=as_help)
    typing.add_argument(
        "--seconds", type=_positive, default=60, metavar="S",
        help=_("how long they show as replying (default 60)"),
    )  # fmt: skip


def _privacy_commands(
    privacy: argparse.ArgumentParser, common: argparse.ArgumentParser
) -> None:
    """``deskapp privacy check``."""
    from deskapp import commands

    sub = privacy.add_subparsers(title=_("privacy commands"), metavar="PRIVACY_COMMAND")
    help_ = _("print the personal data found in a text; exit 1 when there is any")
    check = sub.add_parser("check", parents=[common], help=help_, description=help_)
    check.set_defaults(handler=commands.privacy_check)
    check.add_argument(
        "file", nargs="?", default="-", metavar="FILE",
        help=_("the text to check (default, or -: standard input)"),
    )  # fmt: skip
    check.add_argument("--json", action="store_true", help=_("print JSON"))
    check.add_argument(
        "--name", action="append", default=[], metavar="NAME",
        help=_("a name or username that counts as personal data (repeatable)"),
    )  # fmt: skip


class _Version(argparse.Action):
    """--version, reading the version only when asked."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        """Print ``deskapp X.Y.Z`` and exit."""
        import deskapp

        sys.stdout.write(f"deskapp {deskapp.__version__}\n")
        parser.exit()


def _positive(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a whole number, got {text}").format(text=repr(text))
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value


def _day(text: str) -> date:
    """argparse type: a date written YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a date like 2026-01-31, got {text}").format(text=repr(text))
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``deskapp``; returns (and, as a script, exits with) the exit status.

    Records go to the log file (:mod:`deskapp.logs`); an unexpected error
    (a bug) leaves its traceback there, secrets masked, and one line here.
    """
    from deskapp import logs

    set_language(None)  # the locale's, until the config names one
    _speak_argparse()
    args = build_parser().parse_args(argv)
    logs.setup()
    try:
        status = int(args.handler(args))
    except ConfigError as err:
        _fail(err)
        status = EXIT_USAGE
    except DeskError as err:
        _fail(err)
        status = EXIT_FAILURE
    except KeyboardInterrupt:
        sys.stderr.write("deskapp: " + _("interrupted") + "\n")
        status = EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (`deskapp backlog | head`): not an error; keep
        # Python from complaining while it flushes stdout on the way out
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = EXIT_OK
    except Exception as err:  # a bug: no traceback (or secret) on the screen
        sys.stderr.write(logs.crash(err, "deskapp.cli") + "\n")
        status = EXIT_BUG
    return status


def _fail(err: DeskError) -> None:
    """Write a user-facing error to stderr (and the log): no traceback, no
    secrets."""
    import logging

    from deskapp.logs import mask
    from deskapp.text import clean

    logging.getLogger("deskapp.cli").warning("%s: %s", err.title, err)
    title = shown_title(err).lower()
    sys.stderr.write(f"deskapp: {title}: {clean(mask(str(err)))}\n")


def _speak_argparse() -> None:
    """Let argparse's own words (usage, options, its errors) follow the
    desk's language: argparse looks its ``_`` up when it writes them."""
    argparse._ = _  # type: ignore[attr-defined]


def _argparse_words() -> tuple[str, ...]:
    """argparse's words that reach users, for the catalog (never called)."""
    return (
        _("usage: "),
        _("options"),
        _("positional arguments"),
        _("show this help message and exit"),
        _("the following arguments are required: %s"),
        _("unrecognized arguments: %s"),
        _("invalid choice: %(value)r (choose from %(choices)s)"),
        _("argument %(argument_name)s: %(message)s"),
        _("%(prog)s: error: %(message)s\n"),
        _("expected one argument"),
        _("not allowed with argument %s"),
        _("invalid %(type)s value: %(value)r"),
        _("ambiguous option: %(option)s could match %(matches)s"),
    )


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
