"""The desk's screens in English: no Dutch left on the inbox, a question, the
help and the backlog at 80x24.

Key descriptions are read when the screens are imported, so the desk runs in
a fresh interpreter that speaks English before it imports them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
import asyncio, json, sys
from pathlib import Path

from deskapp import i18n
i18n.set_language(sys.argv[2])

from deskapp.app import DeskApp
from deskapp.screens.backlog import BacklogScreen
from deskapp.screens.help import HelpScreen
from deskapp.screens.question import QuestionScreen
from tests.inbox_app import quiet_desk


async def settle(app):
    for _round in range(3):
        busy = [w for w in app.workers
                if (w.is_running or w.state.name == "PENDING") and w.group != "listen"]
        await asyncio.gather(*(w.wait() for w in busy), return_exceptions=True)
        await asyncio.sleep(0.05)


def text(app):
    return "\n".join(s.text for s in app.screen._compositor.render_strips())


async def main():
    app = DeskApp(quiet_desk(Path(sys.argv[1])))
    shown = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause()
        shown["inbox"] = text(app)
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen), app.screen
        shown["question"] = text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen), app.screen
        shown["help"] = text(app)
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(app)
        await pilot.press("B")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, BacklogScreen), app.screen
        shown["backlog"] = text(app)
    print(json.dumps(shown))


asyncio.run(main())
"""

DUTCH = ["Antwoord", "Zoek", "Achterstand", "wacht op ons", "Concepten", "Terug",
         "Toetsen", "Sluiten", "Volgende", "Vorige", "van mij", "te laat",
         "Werkt het forum", "Sorteer"]  # fmt: skip


def screens(tmp_path: Path, language: str) -> dict[str, str]:
    """What the inbox, a question, its help and the backlog show."""
    root = Path(__file__).parent.parent
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), language],
        capture_output=True, text=True, env=env, cwd=root, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    shown: dict[str, str] = json.loads(done.stdout.strip().splitlines()[-1])
    return shown


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The four screens of a desk that speaks English."""
    return screens(tmp_path_factory.mktemp("en"), "en")


@pytest.mark.parametrize(
    ("screen", "words"),
    [
        ("inbox", ["Search", "Drafts", "Help", "open", "mine"]),
        ("question", ["Reply", "Back", "Assign to me", "Accept"]),
        ("help", ["Key", "Does", "Keys for a question", "Reply to post", "Withdraw"]),
        ("backlog", ["Backlog", "waiting for us", "Open questions by category",
                     "Back", "Refresh"]),
    ],
)  # fmt: skip
def test_screens_speak_english(
    english: dict[str, str], screen: str, words: list[str]
) -> None:
    """English words on the screen, none of the Dutch ones."""
    text = english[screen]
    for word in words:
        assert word in text, f"{word!r} missing on the {screen}:\n{text}"
    for word in DUTCH:
        assert word not in text, f"Dutch {word!r} on the {screen}:\n{text}"


def test_snooze_days_in_english_and_dutch() -> None:
    """English day words are understood next to the Dutch ones, and the
    snooze dialog says the day in the desk's language."""
    from datetime import date

    from deskapp import i18n
    from deskapp.screens.question_dialogs import SnoozeScreen, parse_day

    today = date(2026, 11, 4)  # a Wednesday
    assert parse_day("tomorrow", today) == date(2026, 11, 5)
    assert parse_day("fri", today) == parse_day("vr", today) == date(2026, 11, 6)
    assert parse_day("monday", today) == parse_day("ma", today) == date(2026, 11, 9)
    assert parse_day("sun", today) == parse_day("zo", today) == date(2026, 11, 8)
    before = i18n.language()
    try:
        i18n.set_language("en")
        assert (
            SnoozeScreen(today).describe("fri") == "→ snoozed until Friday 06-11-2026"
        )
        with pytest.raises(ValueError, match="Unknown date: someday"):
            parse_day("someday", today)
        i18n.set_language("nl")
        assert (
            SnoozeScreen(today).describe("vr") == "→ uitgesteld tot vrijdag 06-11-2026"
        )
    finally:
        i18n.set_language(before)
