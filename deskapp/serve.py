"""``deskapp serve``: the desk in a web browser, through textual-serve.

Each browser tab that opens the page starts its own desk process, ``python -m
deskapp`` with the same ``--demo``/``--forum``/``--config``, which draws the
desk in the page through Textual's web driver: the screens and the keys are
the desk's own. The server listens on 127.0.0.1 unless told otherwise; on
another address anyone who can reach the port gets the desk, with the rights
of the forum key in the config, and the command says so.

This module holds what needs no web server (options, the desk's command line,
the warning, which names the page answers to), so ``deskapp --help`` stays
fast; :mod:`deskapp.serve_web` imports textual-serve and aiohttp when the
server starts.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys
from collections.abc import Iterable
from pathlib import Path

from deskapp.i18n import _

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "add_options",
    "desk_command",
    "help_text",
    "host_names",
    "is_known_host",
    "is_loopback",
    "lan_warning",
    "page_urls",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def help_text() -> str:
    """The one-line help of ``deskapp serve``."""
    return _(
        "use the desk in a web browser (this machine only, unless --host says"
        " otherwise)"
    )


def add_options(parser: argparse.ArgumentParser) -> None:
    """``--host``, ``--port`` and ``--plain`` of ``deskapp serve``."""
    parser.add_argument(
        "--host", default=DEFAULT_HOST, metavar="ADDRESS",
        help=_("address to listen on (default 127.0.0.1: this machine only; "
        "0.0.0.0 or a LAN address: every machine that can reach the port)"),
    )  # fmt: skip
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, metavar="PORT",
        help=_("port to listen on (default {port})").format(port=DEFAULT_PORT),
    )  # fmt: skip
    parser.add_argument(
        "--plain", action="store_true", default=argparse.SUPPRESS,
        help=_("open the desk in the browser in its plain layout (as deskapp"
        " --plain)"),
    )  # fmt: skip


def _port(text: str) -> int:
    """argparse type: a TCP port, 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a port number, got {text}").format(text=repr(text))
        ) from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(_("a port is a number from 1 to 65535"))
    return value


def desk_command(args: argparse.Namespace) -> str:
    """The shell command that opens the desk the options select, as each
    browser session runs it (textual-serve runs it through the shell)."""
    argv = [sys.executable, "-m", "deskapp"]
    config = getattr(args, "config", None)
    if config is not None:
        argv += ["--config", str(Path(config).expanduser().absolute())]
    forum = getattr(args, "forum", None)
    if forum is not None:
        argv += ["--forum", forum]
    if getattr(args, "demo", False):
        argv.append("--demo")
    if getattr(args, "plain", False):
        argv.append("--plain")
    return shlex.join(argv)


def is_loopback(host: str) -> bool:
    """True when listening on ``host`` reaches this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def lan_warning(host: str) -> str:
    """What listening beyond this machine means, for stderr."""
    return _(
        "deskapp serve: WARNING: listening on {host}, not only on this machine."
        " Anyone who can reach this port opens the desk, with every right the"
        " forum's API key in your config has: reading every question, replying,"
        " assigning and publishing under your name. There is no login. Use this"
        " only on a network you trust (or keep the default, 127.0.0.1, and use"
        " an SSH tunnel: ssh -L PORT:127.0.0.1:PORT this-machine)."
    ).format(host=host)


def page_urls(host: str, port: int) -> list[str]:
    """Where a browser finds the desk: the address itself, or for a wildcard
    (0.0.0.0, ::) this machine's name and LAN address."""
    if host not in ("0.0.0.0", "::", ""):
        return [f"http://{_bracketed(host)}:{port}/"]
    names = [socket.gethostname(), _lan_address()]
    return [
        f"http://{_bracketed(name)}:{port}/" for name in dict.fromkeys(names) if name
    ]


def _bracketed(host: str) -> str:
    """An IPv6 address in brackets, as a URL writes it."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _lan_address() -> str:
    """This machine's address on the network with the default route; empty
    when there is none. (Connecting a UDP socket sends nothing.)"""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never answers
            return str(probe.getsockname()[0])
        except OSError:
            return ""


def host_names(host: str) -> frozenset[str]:
    """The names (besides IP addresses) under which the page may be asked
    for: localhost, this machine's names, and the listening address."""
    names = {"localhost", host, socket.gethostname(), socket.getfqdn()}
    names |= {f"{name.split('.')[0]}.local" for name in list(names)}
    return frozenset(name.lower() for name in names if name)


def is_known_host(requested: str | None, names: Iterable[str]) -> bool:
    """True when the host a browser asked for (the Host header, without its
    port) is an IP address or one of ``names``. A name an outside web page
    made point here (DNS rebinding) is none of those."""
    if not requested:
        return False
    try:
        ipaddress.ip_address(requested.strip("[]"))
    except ValueError:
        return requested.lower().rstrip(".") in names
    return True
