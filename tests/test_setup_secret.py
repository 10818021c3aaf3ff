"""deskapp setup asks for the API key without showing it as it is typed."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from deskapp.models import Category
from deskapp.wizard import run_setup
from tests.hostile import read_terminal

KEY = "dk-typed-5e3a9c0d7b1f2e4a"


def _typed_on_a_terminal(code: str, prompt: str, typed: str) -> str:
    """Run ``code`` with a terminal (a pty) as stdin, stdout and stderr, type
    ``typed`` once ``prompt`` shows and return everything the terminal showed."""
    main_fd, child_fd = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=child_fd, stdout=child_fd, stderr=child_fd, close_fds=True,
    )  # fmt: skip
    os.close(child_fd)
    chunks = [b""]
    deadline = time.monotonic() + 30
    while prompt.encode() not in b"".join(chunks) and time.monotonic() < deadline:
        if select.select([main_fd], [], [], 1)[0]:
            chunks.append(os.read(main_fd, 4096))
    os.write(main_fd, typed.encode())
    shown = b"".join(chunks).decode("utf-8", "replace") + read_terminal(main_fd)
    assert child.wait(timeout=30) == 0
    return shown


def test_the_key_prompt_does_not_echo_what_is_typed() -> None:
    """On a terminal the typed key is read but never shown."""
    shown = _typed_on_a_terminal(
        "from deskapp.cliout import ask_secret\n"
        "print('got', len(ask_secret('API key', None)))",
        "API key",
        KEY + "\n",
    )
    assert f"got {len(KEY)}" in shown, shown
    assert "API key" in shown
    assert KEY not in shown and KEY[:8] not in shown, shown


def test_the_plain_prompt_does_echo_it() -> None:
    """The check above can fail: an ordinary question shows the answer."""
    shown = _typed_on_a_terminal(
        "from deskapp.cliout import ask\nprint('got', len(ask('Naam', None)))",
        "Naam",
        KEY + "\n",
    )
    assert KEY in shown


def test_setup_asks_for_the_key_with_the_secret_prompt(tmp_path: Path) -> None:
    """Only the key question goes to ``ask_secret``; the rest to ``ask``."""
    answers = iter(["discourse", "werkplein", "https://forum.example.nl", "sanne",
                    "file"])  # fmt: skip
    asked, secret = [], []

    def ask(prompt: str, default: str | None) -> str:
        asked.append(prompt)
        return next(answers, "")

    def ask_secret(prompt: str, default: str | None) -> str:
        secret.append(prompt)
        return KEY

    def probe(profile: object) -> list[Category]:
        return [Category(5, "Werk en inkomen", "werk-en-inkomen")]

    run_setup(tmp_path / "config.toml", ask=ask, ask_secret=ask_secret,
              say=lambda _: None, confirm=lambda _, d=False: d,
              probe=probe)  # fmt: skip
    assert secret == ["API key"], (asked, secret)
    assert "API key" not in asked
