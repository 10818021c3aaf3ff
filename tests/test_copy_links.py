"""Copying with OSC 52 (works over SSH) and links shown, not opened, without
a display."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from deskapp.screens.clipboard import OSC52_NOTE, has_display
from deskapp.widgets.thread_view import ThreadView
from tests.inbox_app import make_desk
from tests.test_question_screen import QuestionApp, notices, settle

NO_DISPLAY = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "SSH_CONNECTION": ""}


def last(app: QuestionApp) -> str:
    """The newest notification, title and message."""
    note = list(app._notifications)[-1]
    return f"{note.title}: {note.message}"


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "linux", False),  # a server console, or a container
        ({"DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.2 5 10.0.0.1 22"}, "linux", False),
        ({"SSH_TTY": "/dev/pts/3"}, "darwin", False),
        ({}, "darwin", True),
    ],
)
def test_a_display_is_one_the_user_sits_at(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], platform: str, expected: bool
) -> None:
    monkeypatch.setattr("sys.platform", platform)
    assert has_display(env) is expected


async def test_y_copies_the_topic_link_and_o_still_shows_it(tmp_path: Path) -> None:
    """y puts the URL on the clipboard (OSC 52 to the terminal) and says so,
    naming the link and that a terminal may refuse it."""
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        written: list[str] = []
        assert app._driver is not None
        app._driver.write = written.append  # type: ignore[method-assign]
        await pilot.press("y")
        assert app.clipboard == "demo://t/2"
        osc = base64.b64encode(b"demo://t/2").decode()
        assert f"\x1b]52;c;{osc}\a" in written
        said = last(app)
        assert said.startswith("Gekopieerd: Link naar de vraag: demo://t/2")
        assert OSC52_NOTE in said
        await pilot.press("o")
        assert notices(app)[-1] == "demo://t/2"
        assert app.opened == []


async def test_shift_y_copies_the_post_under_the_cursor(tmp_path: Path) -> None:
    """Y copies the post the post cursor is on, its text as written."""
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ThreadView)
        await pilot.press("g", "Y")
        assert app.clipboard == "Hoe bereid ik me voor?"
        await pilot.press("right_square_bracket")
        post = view.current_post
        assert post is not None and post.number == 2
        await pilot.press("Y")
        assert app.clipboard == "Neem uw **loonstroken** mee."
        assert f"Bericht #2 van {post.author.name}" in last(app)


async def test_f8_copies_the_reply_while_typing_it(tmp_path: Path) -> None:
    """f8 in the composer copies the reply; the letters stay text."""
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        assert app.clipboard == ""
        assert notices(app)[-1] == "Er is nog geen antwoord om te kopiëren."
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"Dag y", "enter", *"Y")
        await pilot.press("f8")
        assert app.clipboard == "Dag y\nY"
        assert "Uw antwoord (7 tekens, 2 regels)" in last(app)


async def test_a_copied_post_carries_no_escape_sequences(tmp_path: Path) -> None:
    """A post with a terminal escape is copied with the escape made visible, so
    pasting it cannot drive the terminal it lands in."""
    from tests.factories import CLIENT, make_thread

    desk = make_desk(tmp_path)
    evil = make_thread(
        77, "Vraag", [CLIENT], texts=["a\x1b]52;c;ZXZpbA==\x07b\x1b[2Jc"]
    )
    from deskapp.triage import TriageRules

    desk.store.save_threads("demo", [evil], TriageRules())
    app = QuestionApp(desk, 77)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("Y")
        assert "\x1b" not in app.clipboard and "\x07" not in app.clipboard
        assert app.clipboard.startswith("a") and app.clipboard.endswith("c")


async def test_shift_o_shows_the_link_over_ssh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over SSH (even with X forwarding) O shows the URL and opens nothing."""
    monkeypatch.setenv("DISPLAY", "localhost:10.0")
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 51000 10.0.0.1 22")
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("O")
        assert app.opened == []
        assert "demo://t/2" in notices(app)[-1]
        assert "Niet geopend: geen scherm" in notices(app)[-1]


async def test_shift_o_opens_the_link_at_a_desktop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a display and no SSH, O opens the topic in the browser."""
    for var in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr("sys.platform", "linux")
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("O")
        assert app.opened == ["demo://t/2"]


async def test_the_desk_never_starts_a_browser_without_a_display(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any link the desk would open (a Markdown link in a preview, say) is
    shown instead when there is no display; with one it reaches the driver."""
    from deskapp.app import DeskApp
    from tests.inbox_app import quiet_desk

    for var in ("DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_CLIENT"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    app = DeskApp(quiet_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        opened: list[str] = []
        assert app._driver is not None
        monkeypatch.setattr(
            app._driver, "open_url", lambda url, tab: opened.append(url)
        )
        app.open_url("https://forum.example/t/1")
        await pilot.pause()
        assert opened == []
        said = [n.message for n in app._notifications]
        assert any(
            m.startswith("https://forum.example/t/1\nNiet geopend") for m in said
        )
        monkeypatch.setenv("DISPLAY", ":0")
        app.open_url("https://forum.example/t/1")
        assert opened == ["https://forum.example/t/1"]
