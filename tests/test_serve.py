"""``deskapp serve``: the desk in a web browser.

The end-to-end test starts ``deskapp serve --demo`` as a user would, opens
the page in headless Chromium, reads the inbox from the page's terminal,
opens the question under the cursor with enter and goes back with escape.
It keeps screenshots of the inbox and the question in ``$DESKAPP_ARTIFACTS``
(default ``tests/artifacts/``, which git ignores). Without Chromium
(/usr/bin/chromium, or $DESKAPP_CHROMIUM) or Playwright it is skipped;
.ci/run installs Chromium.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from deskapp import cli, serve

CHROMIUM = os.environ.get("DESKAPP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(
    os.environ.get("DESKAPP_ARTIFACTS") or Path(__file__).parent / "artifacts"
)
VIEWPORT = {"width": 920, "height": 650}
"""About 100 x 30 cells at the page's 16 px font."""

# textual-serve's page keeps its xterm.js terminal in a local variable; the
# test's copy of the page's script also hands it to window, to read the screen
TERMINAL_HOOK = ("t.fit(),s||t.connect()", "window.deskTerminal=t.terminal,")
READ_SCREEN = """() => {
  const t = window.deskTerminal;
  if (!t) return null;
  const lines = [];
  for (let i = 0; i < t.rows; i++)
    lines.push(t.buffer.active.getLine(i).translateToString(true));
  return lines.join("\\n");
}"""


def _args(*argv: str) -> argparse.Namespace:
    return cli.build_parser().parse_args(["serve", *argv])


# -- the command line ----------------------------------------------------


def test_serve_listens_on_this_machine_only_unless_told() -> None:
    args = _args()
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert serve.is_loopback(args.host)
    assert not serve.is_loopback("0.0.0.0")
    assert not serve.is_loopback("192.168.1.20")


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_serve_refuses_a_port_that_is_none(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        _args("--port", port)
    assert exited.value.code == 2
    assert "--port" in capsys.readouterr().err


def test_each_page_runs_the_desk_with_the_same_forum_options(tmp_path: Path) -> None:
    config = tmp_path / "my config.toml"
    command = serve.desk_command(
        _args("--config", str(config), "--forum", "werkplein", "--demo")
    )
    assert shlex.split(command) == [
        sys.executable, "-m", "deskapp",
        "--config", str(config), "--forum", "werkplein", "--demo",
    ]  # fmt: skip
    assert shlex.split(serve.desk_command(_args())) == [sys.executable, "-m", "deskapp"]


@pytest.mark.parametrize(
    "argv", [("serve", "--plain"), ("--plain", "serve")], ids=["after", "before"]
)
def test_plain_reaches_the_desk_each_page_runs(argv: tuple[str, ...]) -> None:
    """``deskapp serve --plain`` (or ``deskapp --plain serve``) opens every
    browser page's desk in the plain layout."""
    args = cli.build_parser().parse_args(list(argv))
    assert shlex.split(serve.desk_command(args))[-1] == "--plain"


def test_the_other_commands_do_not_load_the_web_server() -> None:
    code = (
        "import sys, deskapp.cli\n"
        "deskapp.cli.build_parser()\n"
        "heavy = ('textual_serve', 'aiohttp', 'textual')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


@pytest.fixture
def no_listening(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """DeskServer.run records where it would listen instead of listening."""
    from deskapp.serve_web import DeskServer

    calls: list[tuple[str, int]] = []
    monkeypatch.setattr(
        DeskServer, "run", lambda self: calls.append((self.host, self.port))
    )
    return calls


def test_listening_on_the_network_warns_about_the_api_key(
    no_listening: list[tuple[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", "seed", "--questions", "20"]) == 0
    capsys.readouterr()
    assert cli.main(["serve", "--demo", "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert no_listening == [("0.0.0.0", 8123)]
    assert "WARNING: listening on 0.0.0.0" in err
    assert "Anyone who can reach this port opens the desk" in err
    assert "API key" in err


def test_listening_on_localhost_says_nothing_about_the_network(
    no_listening: list[tuple[str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", "seed", "--questions", "20"]) == 0
    capsys.readouterr()
    assert cli.main(["serve", "--demo", "--port", "8123"]) == 0
    assert no_listening == [("127.0.0.1", 8123)]
    assert "WARNING" not in capsys.readouterr().err


def test_a_port_in_use_is_an_error_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["demo", "seed", "--questions", "20"]) == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = cli.main(["serve", "--demo", "--port", str(port)])
    assert status == 1
    err = capsys.readouterr().err
    assert f"cannot listen on 127.0.0.1 port {port}" in err
    assert "Traceback" not in err


def test_the_page_gives_wildcard_listeners_a_usable_address() -> None:
    assert serve.page_urls("127.0.0.1", 8000) == ["http://127.0.0.1:8000/"]
    assert serve.page_urls("::1", 8000) == ["http://[::1]:8000/"]
    urls = serve.page_urls("0.0.0.0", 8000)
    assert urls
    assert all("0.0.0.0" not in url for url in urls)


# -- the server's guards -------------------------------------------------


@pytest.fixture
async def client() -> Any:
    """A test client of the server, whose desk command is a no-op."""
    from aiohttp.test_utils import TestClient, TestServer

    from deskapp.serve_web import DeskServer

    server = DeskServer(f"{shlex.quote(sys.executable)} -c pass", "127.0.0.1", 0, [])
    async with TestClient(TestServer(await server._make_app())) as test_client:
        yield test_client


async def test_the_page_connects_back_to_the_address_the_browser_used(
    client: Any,
) -> None:
    page = await client.get("/", headers={"Host": "192.168.1.20:8000"})
    assert page.status == 200
    html = await page.text()
    assert 'data-session-websocket-url="ws://192.168.1.20:8000/ws"' in html
    assert 'src="http://192.168.1.20:8000/static/js/textual.js"' in html


async def test_the_page_loads_nothing_from_the_internet(client: Any) -> None:
    """Its font comes from the desk's server, not from Google Fonts."""
    html = await (await client.get("/")).text()
    assert re.findall(r'(?:href|src)="(https?://[^"]+)"', html) == [
        f"http://127.0.0.1:{client.port}/static/css/xterm.css",
        f"http://127.0.0.1:{client.port}/static/js/textual.js",
    ]
    assert '"/static/fonts/RobotoMono-VariableFont_wght.ttf"' in html
    font = await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
    assert font.status == 200


async def test_a_name_that_is_not_this_machines_is_refused(client: Any) -> None:
    """A web page that points its own DNS name here (DNS rebinding) gets
    neither the page nor the websocket."""
    for path in ("/", "/ws", "/static/js/textual.js"):
        answer = await client.get(path, headers={"Host": "desk.evil.example:8000"})
        assert answer.status == 403, path


async def test_a_websocket_from_another_sites_page_is_refused(client: Any) -> None:
    """Browsers let any site open a websocket to 127.0.0.1: only the desk's
    own page may drive the desk."""
    import aiohttp

    host = f"127.0.0.1:{client.port}"
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "http://evil.example"})
    assert refused.value.status == 403
    socket_ = await client.ws_connect("/ws", headers={"Origin": f"http://{host}"})
    await socket_.close()
    # let the server end the (no-op) desk process while the loop still runs
    await asyncio.sleep(0.5)
    gc.collect()


# -- in a browser --------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Served:
    """A running ``deskapp serve``: its page's address and its process."""

    url: str
    process: subprocess.Popen[str]


@pytest.fixture
def served_desk() -> Iterator[Served]:
    """``deskapp serve --demo`` on a free port, as a first run (it builds the
    demo forum and syncs it before it listens)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "deskapp", "serve", "--demo", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    guard = threading.Timer(60, process.kill)  # a hang fails, not blocks
    guard.start()
    said = []
    for line in process.stderr:  # the server says where it is once it listens
        said.append(line)
        if f"http://127.0.0.1:{port}/" in line:
            break
    guard.cancel()
    if not said or f"http://127.0.0.1:{port}/" not in said[-1]:
        process.kill()
        pytest.fail(f"deskapp serve did not start: {''.join(said)}")
    assert f"http://127.0.0.1:{port}/" in said[-1]
    threading.Thread(target=process.stderr.read, daemon=True).start()  # drain
    try:
        yield Served(f"http://127.0.0.1:{port}/", process)
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def browser_page() -> Iterator[Any]:
    """A page of headless Chromium, the terminal of textual-serve's page
    handed to window.deskTerminal."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport=VIEWPORT)
        page.route("**/static/js/textual.js", _hook_terminal)
        try:
            yield page
        finally:
            browser.close()


def _hook_terminal(route: Any) -> None:
    """Serve textual-serve's script with the terminal handed to window."""
    response = route.fetch()
    script = response.text()
    needle, hook = TERMINAL_HOOK
    assert needle in script, "textual-serve's page script changed: update the hook"
    route.fulfill(response=response, body=script.replace(needle, hook + needle))


def _wait_for(page: Any, what: str, shown: Callable[[str], bool]) -> str:
    """The page's screen once ``shown`` holds for it (within 30 s)."""
    deadline = time.monotonic() + 30
    screen = ""
    while time.monotonic() < deadline:
        screen = page.evaluate(READ_SCREEN) or ""
        if shown(screen):
            return screen
        page.wait_for_timeout(100)
    pytest.fail(f"the browser never showed {what}; it showed:\n{screen}")


def _first_title(inbox: str) -> str:
    """The title of the first question row, as far as the column shows it."""
    lines = inbox.splitlines()
    header = next(i for i, line in enumerate(lines) if "Titel" in line)
    column = lines[header].index("Titel")
    cell = lines[header + 1][column:]
    return re.split(r"…|\s{2,}", cell)[0].strip()


def _keep(page: Any, tmp_path: Path, name: str) -> Path:
    """A screenshot in tmp_path, and a copy kept in ARTIFACTS."""
    shot = tmp_path / name
    page.screenshot(path=str(shot))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    kept = ARTIFACTS / name
    shutil.copyfile(shot, kept)
    print(f"screenshot: {kept}")
    return kept


@pytest.mark.language("nl")  # the desk in the page speaks Dutch
def test_the_desk_in_a_browser_reads_the_inbox_and_opens_a_question(
    served_desk: Served, browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    page.goto(served_desk.url)

    def inbox_shown(screen: str) -> bool:
        return bool(re.search(r"Alles \d+", screen)) and "Titel" in screen

    inbox = _wait_for(page, "the inbox", inbox_shown)
    cols, rows = page.evaluate("() => [deskTerminal.cols, deskTerminal.rows]")
    assert cols >= 90 and rows >= 28, (cols, rows)
    assert re.search(r"\d+ open · \d+ urgent", inbox), inbox
    title = _first_title(inbox)
    assert len(title) > 5, inbox
    _keep(page, tmp_path, "serve-inbox.png")

    page.focus("textarea.xterm-helper-textarea")  # where a click would put keys
    page.keyboard.press("Enter")
    question = _wait_for(
        page, f"question {title!r}", lambda s: s.lstrip().startswith(title)
    )
    assert "[klant]" in question, question
    assert "esc Terug" in question, question
    assert "Alles" not in question, question
    _keep(page, tmp_path, "serve-question.png")

    page.keyboard.press("Escape")
    _wait_for(page, "the inbox again", inbox_shown)

    # ctrl+c on the server ends the open page's desk at once (not after the
    # web server's grace period for open connections) and the page says so
    served_desk.process.send_signal(signal.SIGINT)
    page.wait_for_selector("body.-closed", timeout=15_000)
    assert (
        page.locator(".closed-dialog").inner_text().strip().startswith("Session ended.")
    )
    assert served_desk.process.wait(timeout=30) == 0
