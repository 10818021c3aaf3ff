"""The API key never shows: not in logs, output, crash reports or error messages.

The desk runs with a known key against a Discourse served on 127.0.0.1, with
the right key, a wrong one (403), a forum that echoes the key back, a forum
that is down, and a bug; every output is searched for the key. The log file
itself: where it lives, its permissions, its rotation and its level.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskapp import cli, logs
from deskapp.config import load_config
from deskapp.errors import ConfigError
from tests.discourse_fake import API_KEY, FakeDiscourse, werkplein_forum
from tests.discourse_server import serve

DESKAPP = str(Path(sys.executable).with_name("deskapp"))
WRONG_KEY = "dk-wrong-7c3e91d0aa55"


def log_text(home: Path) -> str:
    """Every log file of the desk (current and rotated) under ``home``."""
    folder = home / ".local" / "state" / "deskapp" / "log"
    return "".join(p.read_text("utf-8") for p in sorted(folder.glob("deskapp.log*")))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, with the test's environment."""
    return subprocess.run(
        [DESKAPP, *args], capture_output=True, text=True, timeout=90,
        env=os.environ.copy(),
    )  # fmt: skip


def write_config(folder: Path, url: str, level: str = "debug") -> Path:
    """A config for the forum at ``url``, the key from $DESKAPP_API_KEY."""
    path = folder / "config.toml"
    path.write_text(
        f'store = "{folder / "store.sqlite"}"\n'
        f'[forums.werkplein]\nkind = "discourse"\nurl = "{url}"\n'
        'api_username = "sanne"\napi_key_env = "DESKAPP_API_KEY"\n'
        'staff_groups = ["werkplein-medewerkers"]\n'
        "requests_per_minute = 600\n"
        f'[log]\nlevel = "{level}"\n'
    )
    return path


@pytest.fixture
def fake() -> FakeDiscourse:
    """The standard small Werkplein forum."""
    return werkplein_forum()


@pytest.fixture
def served(
    tmp_path: Path, fake: FakeDiscourse, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A served forum, its config in $DESKAPP_CONFIG, the right key set."""
    with serve(fake) as url:
        monkeypatch.setenv("DESKAPP_CONFIG", str(write_config(tmp_path, url)))
        monkeypatch.setenv("DESKAPP_API_KEY", API_KEY)
        yield tmp_path


def assert_no_key(key: str, *outputs: str) -> None:
    """``key`` (or a long piece of it) is in none of ``outputs``."""
    for text in outputs:
        assert key not in text
        assert key[3:15] not in text


# --- the CLI against a served forum ---------------------------------------------


def test_every_command_with_the_right_key(served: Path, isolated_home: Path) -> None:
    """sync, backlog (all formats) and doctor, at log level debug."""
    outputs: list[str] = []
    for args in (["sync"], ["backlog"], ["backlog", "--json"], ["backlog", "--csv"],
                 ["doctor"]):  # fmt: skip
        done = run(*args)
        assert done.returncode == 0, done.stderr
        outputs += [done.stdout, done.stderr]
    log = log_text(isolated_home)
    assert "DEBUG" in log  # the level of the config's [log] table
    assert_no_key(API_KEY, log, *outputs)


def test_a_wrong_key_is_refused_without_showing_it(
    served: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """403: the message says what to do; neither key shows anywhere."""
    monkeypatch.setenv("DESKAPP_API_KEY", WRONG_KEY)
    for args in (["sync"], ["doctor"]):
        done = run(*args)
        assert done.returncode == 1
        assert "Traceback" not in done.stderr
        assert_no_key(WRONG_KEY, done.stdout, done.stderr)
    assert "not authorised" in done.stdout.lower() + done.stderr.lower()
    assert_no_key(WRONG_KEY, log_text(isolated_home))


def test_a_forum_that_echoes_the_key_is_scrubbed(
    served: Path, fake: FakeDiscourse, isolated_home: Path
) -> None:
    """A forum (or a proxy) that repeats the request's headers in an error."""
    echo = {"errors": [f"bad request, headers: Api-Key: {API_KEY} Api-Username: sanne"]}
    fake.fail("GET", r".*", 500, echo)  # the first request of sync
    fake.fail("GET", r".*", 422, echo)  # the first request of doctor
    outputs = []
    for args in (["sync"], ["doctor"]):
        done = run(*args)
        outputs += [done.stdout, done.stderr]
    assert "headers: Api-Key" in "".join(outputs)  # the forum's words are shown
    assert_no_key(API_KEY, log_text(isolated_home), *outputs)


def test_a_forum_that_is_down(
    tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing listens: a clear message, no key, no traceback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = write_config(tmp_path, f"http://127.0.0.1:{port}")
    monkeypatch.setenv("DESKAPP_CONFIG", str(config))
    monkeypatch.setenv("DESKAPP_API_KEY", API_KEY)
    done = run("sync")
    assert done.returncode == 1
    assert "cannot connect" in done.stderr and "Traceback" not in done.stderr
    assert_no_key(API_KEY, done.stdout, done.stderr, log_text(isolated_home))


def test_a_key_in_a_readable_config_file_is_refused_without_showing_it(
    tmp_path: Path, isolated_home: Path
) -> None:
    """As ssh refuses a readable private key; the message names chmod 600."""
    path = tmp_path / "config.toml"
    path.write_text(
        '[forums.w]\nkind = "discourse"\nurl = "https://forum.example.nl"\n'
        f'api_username = "sanne"\napi_key = "{API_KEY}"\n'
    )
    path.chmod(0o644)
    done = run("--config", str(path), "doctor")
    assert done.returncode == 2
    assert f"chmod 600 {path}" in done.stderr
    assert_no_key(API_KEY, done.stdout, done.stderr, log_text(isolated_home))


LONG_KEY = "4f1c9a7e2bdk5e3a9c0d7b1f2e4a6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b"


@pytest.mark.parametrize(
    "broken",
    [f'api_key_env = "DESKAPP_API_KEY"\n{LONG_KEY}\n',
     f'api_key = """\n{LONG_KEY}\n', f'kind = "discourse"\n  {LONG_KEY[:20]} = 1 2\n',
     f'api_key = "{LONG_KEY}\n'],
    ids=["a key on a line of its own", "an unclosed api_key string",
         "a key as a setting's name", "an unclosed key"],
)  # fmt: skip
def test_a_toml_syntax_error_never_quotes_a_key(
    tmp_path: Path, isolated_home: Path, broken: str
) -> None:
    """The error names the line and what is wrong, but does not show a line
    of a forum's table or any line holding something that looks like a key."""
    path = tmp_path / "config.toml"
    path.write_text(
        'default_forum = "w"\n[forums.w]\nurl = "https://forum.example"\n'
        f'api_username = "x"\n{broken}'
    )
    path.chmod(0o600)
    done = run("--config", str(path), "doctor")
    assert done.returncode == 2, done.stderr
    assert "TOML syntax error at " in done.stderr and "line " in done.stderr
    assert "not shown" in done.stderr
    assert_no_key(LONG_KEY, done.stdout, done.stderr, log_text(isolated_home))
    assert LONG_KEY[:16] not in done.stderr + log_text(isolated_home)


def test_a_toml_syntax_error_elsewhere_still_quotes_its_line(tmp_path: Path) -> None:
    """Outside a forum's table the line is shown, to find the mistake."""
    path = tmp_path / "config.toml"
    path.write_text('language = "nl"\n[log]\nlevel = debug\n')
    with pytest.raises(ConfigError, match="in `level = debug`"):
        load_config(path)


# --- crashes ----------------------------------------------------------------------


def _buggy_doctor(args: argparse.Namespace) -> int:
    """A command with a bug, after it resolved the key (kept in a local)."""
    key = load_config().forum().resolve_api_key()
    headers = {"Api-Key": key, "Api-Username": "sanne"}
    raise RuntimeError(f"bug while sending {headers}")


def test_a_crash_in_a_command_goes_to_the_log_without_the_key(
    served: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """One line on stderr saying where the details are; the traceback in the
    log; the key in neither."""
    from deskapp import commands

    monkeypatch.setattr(commands, "doctor", _buggy_doctor)
    assert cli.main(["doctor"]) == cli.EXIT_BUG
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "unexpected error (RuntimeError" in err
    log = log_text(isolated_home)
    assert "Traceback" in log and "_buggy_doctor" in log
    assert "'Api-Key': '[redacted]'" in log
    assert str(logs.log_path()) in err
    assert_no_key(API_KEY, out, err, log)


async def test_a_crash_in_the_desk_goes_to_the_log_without_the_key(
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Textual would print a traceback with local variables when the app
    stops on a bug; the desk prints one line and logs the rest, masked."""
    from deskapp.app import DeskApp
    from tests.inbox_app import quiet_desk

    monkeypatch.setenv("DESKAPP_API_KEY", API_KEY)
    logs.setup()
    app = DeskApp(quiet_desk(tmp_path))

    def bug() -> None:
        key = os.environ["DESKAPP_API_KEY"]
        logs.remember_secret(key)
        raise RuntimeError(f"bug with {key}")

    async def crash() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            app.call_later(bug)
            await pilot.pause()

    with pytest.raises(RuntimeError):
        await crash()
    out, err = capsys.readouterr()
    shown = out + err + "".join(str(r) for r in app._exit_renderables)
    assert "unexpected error (RuntimeError" in shown
    log = log_text(isolated_home)
    assert "Traceback" in log and "bug with [redacted]" in log
    assert_no_key(API_KEY, shown, log)


# --- the log file -------------------------------------------------------------------


def test_the_log_masks_keys_headers_and_cleans_forum_text(tmp_path: Path) -> None:
    """Remembered keys, Api-Key headers and api_key= values; escape sequences
    in a logged forum error are shown as ␛; the file is the owner's alone."""
    path = logs.setup("info", tmp_path / "logs" / "deskapp.log")
    logs.remember_secret("dk-remembered-123456")
    log = logging.getLogger("deskapp.test")
    log.info("resolved %s", "dk-remembered-123456")
    log.warning("sent {'Api-Key': 'dk-unknown-999888', 'Api-Username': 'x'}")
    log.warning("GET /x.json?api_key=dk-query-555444&api_username=x")
    log.error("forum said: \x1b]52;c;cGF5bG9hZA==\x07 [bold]x[/bold]")
    try:
        raise ValueError("dk-remembered-123456 in a traceback")
    except ValueError:
        log.exception("failed")
    log.debug("not at info")
    text = path.read_text("utf-8")
    for secret in ("dk-remembered-123456", "dk-unknown-999888", "dk-query-555444"):
        assert secret not in text
    assert text.count("[redacted]") == 5
    assert "forum said: \u241b [bold]x[/bold]" in text and "\x1b" not in text
    assert "not at info" not in text
    fix = 'api_key_env = "DESKAPP_API_KEY", then export DESKAPP_API_KEY=<key>'
    assert logs.mask(fix) == fix  # advice with a placeholder stays readable
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_log_rotates_at_a_megabyte(tmp_path: Path) -> None:
    """Four files at most, each the owner's alone."""
    path = logs.setup("info", tmp_path / "deskapp.log")
    log = logging.getLogger("deskapp.test")
    for _ in range(5000):
        log.info("x" * 999)
    files = sorted(tmp_path.glob("deskapp.log*"))
    assert [p.name for p in files] == [
        "deskapp.log", "deskapp.log.1", "deskapp.log.2", "deskapp.log.3"
    ]  # fmt: skip
    assert all(p.stat().st_size <= logs.MAX_BYTES for p in files)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert path == files[0]


def test_the_level_comes_from_the_config(tmp_path: Path) -> None:
    """[log] level sets the level; a wrong one names the key and the choices."""
    logs.setup("info", tmp_path / "deskapp.log")
    path = tmp_path / "c.toml"
    path.write_text('[forums.d]\nkind = "demo"\n[log]\nlevel = "warning"\n')
    assert load_config(path).log.level == "warning"
    assert logging.getLogger().level == logging.WARNING
    path.write_text('[forums.d]\nkind = "demo"\n[log]\nlevel = "warn"\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "[log.level]" in str(info.value) and 'did you mean "warning"' in str(
        info.value
    )
    load_config(None)
    assert logging.getLogger().level == logging.INFO  # the default


def test_the_log_lives_in_the_platform_log_folder(isolated_home: Path) -> None:
    """XDG_STATE_HOME/deskapp/log/deskapp.log on Linux."""
    assert logs.log_path() == (
        isolated_home / ".local" / "state" / "deskapp" / "log" / "deskapp.log"
    )
