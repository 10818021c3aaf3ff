"""Hostile forum text through the text gate and every command that prints it.

Property tests: whatever strangers write (tests/hostile.py), the gate's
output and ``deskapp backlog`` (table, --json, --csv), ``deskapp privacy
check`` and ``deskapp doctor`` hold nothing that can act on a terminal, and
markup stays literal.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deskapp import cli
from deskapp.store import Store
from deskapp.text import clean, csv_cell, one_line
from tests.hostile import (
    CORPUS,
    LITERAL,
    PAYLOAD,
    assert_output_safe,
    hostile_text,
    hostile_threads,
    read_terminal,
    unsafe_at,
)

FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n")
CLI_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- the gate itself ------------------------------------------------------------


@given(hostile_text(surrogates=True))
@settings(max_examples=300, deadline=None)
def test_the_gate_lets_nothing_unsafe_through(text: str) -> None:
    """clean, one_line and csv_cell never return a control, ESC, C1, bidi,
    invisible format character or lone surrogate (by the tests' own
    definition, tests/hostile.unsafe_at); cleaning twice changes nothing;
    one_line is one line; what comes out can be written as UTF-8."""
    cleaned = clean(text)
    assert_output_safe(cleaned, "clean")
    cleaned.encode("utf-8")
    assert clean(cleaned) == cleaned
    line = one_line(text, 60)
    assert "\n" not in line and len(line) <= 60
    assert_output_safe(line, "one_line")
    cell = csv_cell(text)
    assert not cell.startswith(FORMULA)
    assert_output_safe(cell, "csv_cell")


@pytest.mark.parametrize("entry", CORPUS)
def test_every_corpus_entry_is_neutralised_and_visible(entry: str) -> None:
    """No payload survives, and text around a sequence is kept."""
    out = clean(entry)
    assert_output_safe(out, repr(entry))
    if unsafe_at(entry) is not None:
        assert out != "" and out != entry


# --- a store full of hostile text ----------------------------------------------


def backlog_config(folder: Path, texts: Sequence[str]) -> Path:
    """A config whose (synced) store holds :func:`hostile_threads`."""
    from deskapp.triage import TriageRules

    categories, threads = hostile_threads(texts)
    store = Store(folder / "store.sqlite")
    store.save_categories("proef", categories)
    store.save_threads("proef", threads, TriageRules())
    store.record_sync("proef", at=datetime.now(UTC) - timedelta(minutes=5))
    store.record_sync("proef", at=datetime.now(UTC), error=texts[0])
    store.close()
    (folder / "forum.sqlite").touch()
    config = folder / "c.toml"
    config.write_text(
        f'default_forum = "proef"\nstore = "{folder / "store.sqlite"}"\n'
        f'[forums.proef]\nkind = "demo"\npath = "{folder / "forum.sqlite"}"\n'
    )
    return config


@pytest.fixture
def folder() -> Iterator[Path]:
    """A fresh folder per Hypothesis example (tmp_path is one per test)."""
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``deskapp ARGV`` in this process: status, stdout, stderr."""
    capsys.readouterr()
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _strings(value: Any) -> Iterator[str]:
    """Every string (keys too) in a parsed JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


TEXTS = st.lists(hostile_text(), min_size=1, max_size=6)


@given(texts=TEXTS)
@example(texts=list(CORPUS))
@CLI_SETTINGS
def test_backlog_table_json_and_csv_are_inert(
    texts: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The three formats of ``deskapp backlog`` over hostile questions."""
    with tempfile.TemporaryDirectory() as name:
        config = str(backlog_config(Path(name), texts))
        status, out, err = run_cli(capsys, "--config", config, "backlog")
        assert status == 0, err
        assert_output_safe(out, "backlog")
        assert_output_safe(err, "backlog stderr")
        assert "[SOLVED] [bold]vet[/bold]" in out

        status, out, err = run_cli(capsys, "--config", config, "backlog", "--json")
        assert status == 0, err
        assert_output_safe(out, "backlog --json")
        data = json.loads(out)
        for text in _strings(data):
            assert_output_safe(text, "backlog --json value")
        assert LITERAL in [q["title"] for q in data["questions"]]

        status, out, err = run_cli(capsys, "--config", config, "backlog", "--csv")
        assert status == 0, err
        assert_output_safe(out, "backlog --csv")
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) == len(texts) + 2
        for row in rows:
            for cell in row:
                assert not cell.startswith(FORMULA), cell
        assert_no_formula(out)


def assert_no_formula(out: str) -> None:
    """Read as a spreadsheet reads it, split on ``,`` or on ``;`` (Dutch
    Excel), no cell starts a formula, leading whitespace skipped."""
    for delimiter in (",", ";"):
        for row in csv.reader(io.StringIO(out), delimiter=delimiter):
            for cell in row:
                assert not cell.lstrip().startswith(FORMULA[:4]), (delimiter, row)


SPLIT_FORMULAS = [
    "Vraag;=1+2",
    'Huur;"=HYPERLINK(""https://evil.example"")"',
    " =1+2",
    "  +cmd|' /C calc'!A0",
    "	@SUM(1+1)",
    "＝1+2",
    "ok; -2+3",
]


def test_csv_starts_no_formula_in_a_spreadsheet_that_splits_on_semicolons(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``backlog --csv`` and ``--csv figures`` quote every cell: a title
    with ``;`` stays one cell, and a formula after spaces is defused."""
    config = str(backlog_config(tmp_path, SPLIT_FORMULAS))
    for extra in ([], ["figures"]):
        status, out, err = run_cli(
            capsys, "--config", config, "backlog", "--csv", *extra
        )
        assert status == 0, err
        assert_no_formula(out)
    status, out, err = run_cli(capsys, "--config", config, "backlog", "--csv")
    titles = [row["title"] for row in csv.DictReader(io.StringIO(out))]
    assert "Vraag;'=1+2" in titles and "'\xa0=1+2" in titles, titles


@given(text=hostile_text(max_pieces=8), name=hostile_text(max_pieces=2))
@example(text="\n".join(CORPUS) + "\nBSN 111222333", name=CORPUS[0])
@CLI_SETTINGS
def test_privacy_check_output_is_inert(
    text: str, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``deskapp privacy check`` (lines and --json) on a hostile text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "post.txt"
        path.write_text(text + " BSN 111222333", encoding="utf-8", errors="replace")
        for extra in ([], ["--json"]):
            status, out, err = run_cli(
                capsys, "privacy", "check", str(path), f"--name={name or 'x'}", *extra
            )
            assert status == 1, err
            assert_output_safe(out + err, f"privacy check {extra}")


def test_doctor_shows_a_hostile_sync_error_inertly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last sync error (text from the forum) in ``deskapp doctor``."""
    from deskapp.forum.demo_seed import seed_demo_forum

    config = backlog_config(tmp_path, ["\n".join(CORPUS)])
    seed_demo_forum(tmp_path / "forum.sqlite", 3)
    status, out, err = run_cli(capsys, "--config", str(config), "doctor")
    assert "last sync failed: clipboard\u241bwrite" in out
    assert_output_safe(out + err, "doctor")
    assert PAYLOAD not in out
    assert status in (0, 1)


def test_lines_for_the_user_on_stderr_are_inert(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """cliout.info carries forum errors (a failed success query): cleaned."""
    from deskapp import cliout

    cliout.info("deskapp: the query failed (\x1b]52;c;payload\x07 [bold]x[/bold])")
    err = capsys.readouterr().err
    assert_output_safe(err, "info")
    assert "(\u241b [bold]x[/bold])" in err


def test_backlog_on_a_terminal_is_inert(tmp_path: Path) -> None:
    """``deskapp backlog`` writing to a terminal (a pty): rich's colours and
    layout are the only escape sequences in what the terminal receives."""
    import os
    import pty
    import subprocess
    import sys

    config = backlog_config(tmp_path, list(CORPUS))
    main_fd, child_fd = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "LINES": "40", "TERM": "xterm-256color"}
    done = subprocess.run(
        [str(Path(sys.executable).with_name("deskapp")), "--config", str(config),
         "backlog"],
        stdout=child_fd, stderr=child_fd, stdin=subprocess.DEVNULL, env=env,
        timeout=60, check=False,
    )  # fmt: skip
    os.close(child_fd)
    output = read_terminal(main_fd)
    assert done.returncode == 0, output
    assert "\x1b[" in output  # it did think it wrote to a terminal
    assert_output_safe(output, "backlog on a terminal")
    assert "[SOLVED] [bold]vet[/bold]" in output


# --- what the forum sends ------------------------------------------------------


def test_a_lone_surrogate_from_the_forum_is_stored_as_a_replacement_character(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """JSON can spell half a UTF-16 pair (``"\\ud800"``); no UTF-8 store or
    terminal takes it. A title, post and name holding one sync and show as
    U+FFFD, and ``sync`` and ``backlog`` keep working."""
    import httpx

    from tests.discourse_fake import API_KEY, werkplein_forum
    from tests.discourse_server import serve

    fake = werkplein_forum()
    topic = fake.topics[1]
    topic.title = "LONE Uitkering niet ontvangen LONE"
    topic.posts[0].raw += " LONE"
    serve_json = fake.handle

    def handle(request: httpx.Request) -> httpx.Response:
        answer = serve_json(request)
        body = answer.read().replace(b"LONE", b"\\ud800X\\udfff")
        headers = {k: v for k, v in answer.headers.items() if k != "content-length"}
        return httpx.Response(answer.status_code, content=body, headers=headers)

    monkeypatch.setattr(fake, "handle", handle)
    with serve(fake) as url:
        config = tmp_path / "config.toml"
        config.write_text(
            f'store = "{tmp_path / "store.sqlite"}"\n'
            f'[forums.werkplein]\nkind = "discourse"\nurl = "{url}"\n'
            'api_username = "sanne"\napi_key_env = "DESKAPP_API_KEY"\n'
            'staff_groups = ["werkplein-medewerkers"]\nrequests_per_minute = 600\n'
        )
        monkeypatch.setenv("DESKAPP_API_KEY", API_KEY)
        for _ in range(2):  # the first sync and the next one
            status, out, err = run_cli(capsys, "--config", str(config), "sync")
            assert status == 0, err
        status, out, err = run_cli(capsys, "--config", str(config), "backlog", "--json")
    assert status == 0, err
    titles = [q["title"] for q in json.loads(out)["questions"]]
    assert "\ufffdX\ufffd Uitkering niet ontvangen \ufffdX\ufffd" in titles, titles
    store = Store(tmp_path / "store.sqlite")
    thread = store.thread("werkplein", 1)
    store.close()
    assert thread is not None and thread.posts[0].raw.endswith("\ufffdX\ufffd")
