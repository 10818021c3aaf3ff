"""`deskapp privacy check`, run as staff run it from a shell, script or editor."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from deskapp.privacy_report import mask
from tests.test_cli import run

POST = (
    "Hallo,\n"
    "Mijn BSN is 111222333, rekening NL91 ABNA 0417 1643 00.\n"
    "Bel 06-12345678 of mail anouk84@ziggo.nl. Groet, Anouk Jansen\n"
)
SECRETS = ("111222333", "NL91 ABNA", "12345678", "anouk84", "ziggo")


@pytest.fixture
def post(tmp_path: Path) -> Path:
    """A forum post with personal data in a file."""
    path = tmp_path / "post.txt"
    path.write_text(POST, encoding="utf-8")
    return path


def assert_not_repeated(*outputs: str) -> None:
    """None of the personal data reaches the screen or a log."""
    for output in outputs:
        for secret in SECRETS:
            assert secret not in output


def test_findings_of_a_file_one_line_each_masked(post: Path) -> None:
    """Place, kind, offsets and a masked excerpt; exit 1 because it found data."""
    done = run("privacy", "check", str(post))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{post}:2:13: bsn 19-28 1*******3",
        f"{post}:2:33: iban 39-61 N********************0",
        f"{post}:3:5: phone 67-78 0*********8",
        f"{post}:3:25: email 87-103 a**************l",
    ]
    assert "4 findings (bsn 1, iban 1, phone 1, email 1)" in done.stderr
    assert_not_repeated(done.stdout, done.stderr)


def test_the_offsets_point_at_the_data(post: Path) -> None:
    """START-END cut exactly the finding out of the text."""
    done = run("privacy", "check", str(post))
    spans = [line.split()[2].split("-") for line in done.stdout.splitlines()]
    texts = [POST[int(start) : int(end)] for start, end in spans]
    assert texts == [
        "111222333", "NL91 ABNA 0417 1643 00", "06-12345678", "anouk84@ziggo.nl"
    ]  # fmt: skip


def test_stdin_with_or_without_a_dash(post: Path) -> None:
    """No FILE, or -, reads standard input."""
    for args in (("privacy", "check"), ("privacy", "check", "-")):
        done = run(*args, stdin=POST)
        assert done.returncode == 1
        assert done.stdout.splitlines()[0] == "<stdin>:2:13: bsn 19-28 1*******3"


def test_json_for_scripts(post: Path) -> None:
    """--json: source, one object per finding (masked) and counts."""
    done = run("privacy", "check", str(post), "--json")
    assert done.returncode == 1
    data = json.loads(done.stdout)
    assert data["source"] == str(post)
    assert data["counts"] == {"bsn": 1, "iban": 1, "phone": 1, "email": 1}
    first = data["findings"][0]
    assert first == {
        "kind": "bsn", "label": "BSN", "start": 19, "end": 28, "line": 2,
        "column": 13, "excerpt": "1*******3", "replacement": "[BSN]",
    }  # fmt: skip
    assert_not_repeated(done.stdout, done.stderr)


def test_clean_text_exits_0(tmp_path: Path) -> None:
    """Nothing found: no lines, a short note on stderr, status 0; JSON too."""
    clean = "Mijn uitkering van € 1.234,56 komt op 12-03-2026, klantnr 2024-58812."
    done = run("privacy", "check", stdin=clean)
    assert (done.returncode, done.stdout) == (0, "")
    assert "no personal data found" in done.stderr
    as_json = run("privacy", "check", "--json", stdin=clean)
    assert as_json.returncode == 0
    assert json.loads(as_json.stdout)["findings"] == []


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    """A file that is not there, or a folder, says so with status 2."""
    missing = run("privacy", "check", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2
    assert "no such file" in missing.stderr and "nope.txt" in missing.stderr
    folder = run("privacy", "check", str(tmp_path))
    assert folder.returncode == 2 and "cannot read" in folder.stderr


def test_names_given_on_the_command_line_count(post: Path) -> None:
    """--name adds a person whose name and name parts are personal data."""
    done = run("privacy", "check", str(post), "--name", "Anouk Jansen")
    kinds = [line.split()[1] for line in done.stdout.splitlines()]
    assert kinds == ["bsn", "iban", "phone", "email", "name"]
    assert done.stdout.splitlines()[-1].endswith(" A**********n")


def test_hostile_bytes_neither_crash_nor_reach_the_terminal(tmp_path: Path) -> None:
    """Invalid UTF-8, escape sequences and NULs: the data is still found and
    the output holds no control characters."""
    path = tmp_path / "hostile.txt"
    path.write_bytes(b"\xff\xfe\x1b]52;c;aGk=\x07BSN \x00111222333\x1b[2J\n\x9b")
    done = run("privacy", "check", str(path))
    assert done.returncode == 1
    assert " bsn " in done.stdout
    assert "\x1b" not in done.stdout + done.stderr and "\x00" not in done.stdout


def test_needs_no_config_or_forum(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken config does not matter: the check reads no config."""
    broken = tmp_path / "broken.toml"
    broken.write_text("this is [ not toml")
    monkeypatch.setenv("DESKAPP_CONFIG", str(broken))
    done = run("privacy", "check", stdin="BSN 111222333")
    assert done.returncode == 1, done.stderr


def test_privacy_without_a_subcommand_says_how() -> None:
    """`deskapp privacy` prints the usage and exits 2; --help names check."""
    done = run("privacy")
    assert done.returncode == 2 and "privacy check" in done.stderr
    assert "check" in run("privacy", "--help").stdout


def test_the_check_loads_no_ui() -> None:
    """The command's modules import neither textual nor rich."""
    code = (
        "import sys, deskapp.privacy, deskapp.privacy_report\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_masks_keep_only_the_first_and_last_character() -> None:
    """Short findings are masked whole, and so are unprintable ends."""
    assert mask("111222333") == "1*******3"
    assert (mask("Jo"), mask("J"), mask("")) == ("**", "*", "")
    assert mask("\x1bABC\x07") == "\u241b***\u2407"  # markers, not data
