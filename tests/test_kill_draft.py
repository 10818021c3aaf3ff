"""kill -9 while typing a reply: the draft is in the store, and comes back.

The real app runs in a pseudo-terminal (80x24) on a small demo forum; keys
are written to the terminal as a user types them. After SIGKILL the store
holds what was typed up to about a second before. A second run opens the
draft from the drafts list (d, enter), types on, and is killed again: the
draft then holds the old text with the new after it, so the composer had
the draft in it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskapp.models import Draft
from deskapp.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

FORUM = "proef"
TYPED = "Beste klant, bel ons morgen even."


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config with a small seeded demo forum and a store in ``tmp_path``."""
    forum = tmp_path / "forum.sqlite"
    seed = [sys.executable, "-m", "deskapp", "demo", "seed", "--questions", "12",
            "--path", str(forum)]  # fmt: skip
    done = subprocess.run(seed, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    path = tmp_path / "config.toml"
    path.write_text(
        f'default_forum = "{FORUM}"\nstore = "{tmp_path / "store.sqlite"}"\n'
        f'[forums.{FORUM}]\nkind = "demo"\npath = "{forum}"\n'
    )
    monkeypatch.setenv("DESKAPP_CONFIG", str(path))
    return path


class Terminal:
    """The app in a pseudo-terminal; output is read (and dropped) as it comes."""

    def __init__(self) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the app
            os.environ["TERM"] = "xterm-256color"
            os.execv(sys.executable, [sys.executable, "-m", "deskapp"])
        self.pid, self.fd = pid, fd
        self.alive = True
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.output = bytearray()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        """Keep the pty from filling up."""
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def shows(self, text: str, after: int = 0) -> bool:
        """True once ``text`` was drawn (after output position ``after``)."""
        return text.encode() in self.output[after:]

    def press_until(self, keys: str, text: str) -> None:
        """Type ``keys``, then wait until the screen draws ``text``."""
        mark = len(self.output)
        self.type(keys)
        wait_for(lambda: self.shows(text, mark))
        time.sleep(0.3)

    def type(self, keys: str, pause: float = 0.05) -> None:
        """Type ``keys`` one by one, as a person would."""
        for key in keys:
            os.write(self.fd, key.encode())
            time.sleep(pause)

    def kill(self) -> None:
        """SIGKILL: no handler, no flush, no goodbye (once)."""
        if self.alive:
            self.alive = False
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self.fd)


@pytest.fixture
def terminal() -> Iterator[list[Terminal]]:
    """Terminals started by a test; any left running are killed."""
    started: list[Terminal] = []
    yield started
    for term in started:
        term.kill()


def wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Poll ``condition`` until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def drafts(store_path: Path) -> list[Draft]:
    """The drafts in the store, read as the next run would."""
    store = Store(store_path)
    try:
        return store.drafts(FORUM)
    finally:
        store.close()


def synced(store_path: Path) -> bool:
    """True once the app's first sync stored questions."""
    if not store_path.exists():
        return False
    store = Store(store_path)
    try:
        return bool(store.open_questions(FORUM))
    finally:
        store.close()


def start(terminal: list[Terminal], store_path: Path) -> Terminal:
    """Start the app and wait until its inbox has questions."""
    term = Terminal()
    terminal.append(term)
    wait_for(lambda: synced(store_path))
    wait_for(lambda: term.shows("Concepten"))
    time.sleep(1.0)  # the inbox shows the synced rows
    return term


def test_draft_survives_sigkill_and_comes_back(
    config: Path, tmp_path: Path, terminal: list[Terminal]
) -> None:
    """Type, wait 1.5 s, kill -9: the draft is stored; reopened, it is in the editor."""
    store_path = tmp_path / "store.sqlite"
    term = start(terminal, store_path)
    term.press_until("\r", "Accepteer")  # the question under the cursor
    term.press_until("r", "Versturen")  # the composer
    term.type(TYPED)
    time.sleep(1.5)
    term.kill()
    found = drafts(store_path)
    assert [d.body for d in found] == [TYPED]
    question = found[0].question_id

    term = start(terminal, store_path)
    term.press_until("d", "Open concepten")
    term.press_until("\r", "Versturen")  # the draft in the composer, cursor at end
    term.type(" Groet, Jan")
    time.sleep(1.5)
    term.kill()
    again = drafts(store_path)
    assert [(d.question_id, d.body) for d in again] == [
        (question, TYPED + " Groet, Jan")
    ]
