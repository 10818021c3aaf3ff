"""The installed `deskapp` command, run as a user runs it from a shell."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from deskapp.forum.demo import DemoForum

DESKAPP = str(Path(sys.executable).with_name("deskapp"))


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run the installed console script with the test's environment."""
    return subprocess.run(
        [DESKAPP, *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
        env=os.environ.copy(),
    )


@pytest.fixture
def demo_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config with one small demo forum, selected through DESKAPP_CONFIG."""
    forum = tmp_path / "forum.sqlite"
    done = run("demo", "seed", "--questions", "80", "--path", str(forum))
    assert done.returncode == 0, done.stderr
    config = tmp_path / "config.toml"
    config.write_text(
        f'default_forum = "proef"\nstore = "{tmp_path / "store.sqlite"}"\n'
        f'[forums.proef]\nkind = "demo"\npath = "{forum}"\n'
    )
    monkeypatch.setenv("DESKAPP_CONFIG", str(config))
    return config


def test_version_and_help_list_every_command() -> None:
    """--version names the version; --help gives each subcommand one line."""
    version = run("--version")
    assert version.returncode == 0
    assert version.stdout.startswith("deskapp ")
    helptext = run("--help").stdout
    for command in ("sync", "backlog", "demo", "doctor", "setup"):
        lines = [ln for ln in helptext.splitlines() if ln.strip().startswith(command)]
        assert len(lines) == 1, command
        assert len(lines[0].split()) > 2, command


def test_demo_help_lists_its_commands() -> None:
    """`deskapp demo --help` names seed, post and typing, one line each."""
    helptext = run("demo", "--help").stdout
    for command in ("seed", "post", "typing"):
        lines = [ln for ln in helptext.splitlines() if ln.strip().startswith(command)]
        assert len(lines) == 1, command


def test_python_dash_m_is_the_same_command() -> None:
    """`python -m deskapp` works where the console script does."""
    out = subprocess.run(
        [sys.executable, "-m", "deskapp", "--version"], capture_output=True, text=True
    )
    assert out.returncode == 0
    assert out.stdout.startswith("deskapp ")


def test_backlog_json_has_the_documented_fields(demo_config: Path) -> None:
    """The JSON carries forum, time, total and one object per open question."""
    out = run("backlog", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["forum"] == "proef"
    assert data["open_total"] == len(data["questions"]) > 0
    first = data["questions"][0]
    assert set(first) >= {
        "id", "title", "category", "state", "urgency", "age_hours",
        "assigned_to", "url",
    }  # fmt: skip
    assert first["state"] in ("new", "waiting_staff", "waiting_client")
    urgent = [q for q in data["questions"] if q["urgency"] == "urgent"]
    assert data["summary"]["urgent"] == len(urgent)
    assert data["questions"][: len(urgent)] == urgent  # urgent first


def test_backlog_csv_and_table_agree_with_json(demo_config: Path) -> None:
    """CSV has a row per open question; the table names the totals."""
    total = json.loads(run("backlog", "--json").stdout)["open_total"]
    rows = list(csv.DictReader(io.StringIO(run("backlog", "--csv").stdout)))
    assert len(rows) == total
    assert {"id", "title", "urgency", "age_hours", "url"} <= set(rows[0])
    table = run("backlog")
    assert table.returncode == 0
    assert f"{total} open" in table.stdout
    assert "Traceback" not in table.stderr


def test_sync_is_quiet_without_a_terminal(demo_config: Path) -> None:
    """From cron, an unchanged sync prints nothing and exits 0."""
    run("sync")
    again = run("sync")
    assert again.returncode == 0
    assert again.stdout == ""
    assert again.stderr == ""


def test_first_run_without_config_builds_the_demo_forum(isolated_home: Path) -> None:
    """No config at all: the demo forum is created once and then reused."""
    out = run("backlog", "--json")
    assert out.returncode == 0, out.stderr
    assert "demo forum" in out.stderr
    data = json.loads(out.stdout)
    assert data["forum"] == "demo"
    assert data["open_total"] > 20
    forum = isolated_home / ".local/share/deskapp/demo-forum.sqlite"
    assert forum.exists()
    second = run("backlog", "--json")
    assert "demo forum" not in second.stderr
    assert json.loads(second.stdout)["open_total"] == data["open_total"]


def test_demo_seed_never_overwrites_without_asking(tmp_path: Path) -> None:
    """Without --force and without a terminal to ask on, nothing is replaced."""
    forum = tmp_path / "f.sqlite"
    assert (
        run("demo", "seed", "--questions", "20", "--path", str(forum)).returncode == 0
    )
    before = forum.stat().st_mtime_ns
    again = run("demo", "seed", "--questions", "20", "--path", str(forum))
    assert again.returncode == 1
    assert "Nothing changed" in again.stderr
    assert forum.stat().st_mtime_ns == before


def test_doctor_on_the_demo_forum(demo_config: Path) -> None:
    """doctor names the config and the account and finds the plugins."""
    out = run("doctor")
    assert out.returncode == 0, out.stdout + out.stderr
    assert str(demo_config) in out.stdout
    assert "FAIL" not in out.stdout
    assert "solved" in out.stdout
    assert "present" in out.stdout
    plugins = [ln.split()[:2] for ln in out.stdout.splitlines()]
    assert ["ok", "presence"] in plugins


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("default_forum = \n", "line 1"),
        ("defualt_forum = 'x'\n[forums.x]\nkind='demo'\n", "default_forum"),
        ("[forums.x]\nkind = 'discource'\n", "discourse"),
        ("default_forum = 'y'\n[forums.x]\nkind = 'demo'\n", "'y'"),
    ],
)
def test_bad_config_is_one_clear_message_and_exit_2(
    tmp_path: Path, text: str, needle: str
) -> None:
    """Every command refuses a bad config the same way: no traceback."""
    config = tmp_path / "bad.toml"
    config.write_text(text)
    for args in (("backlog",), ("sync",), ("doctor",), ()):
        out = run("--config", str(config), *args)
        assert out.returncode == 2, (args, out.stderr)
        assert "Traceback" not in out.stderr
        assert str(config) in out.stderr
        assert needle in out.stderr


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    """--config naming a file that is not there is an error, not the demo."""
    out = run("--config", str(tmp_path / "nope.toml"), "backlog")
    assert out.returncode == 2
    assert "nope.toml" in out.stderr


def test_discourse_profile_without_its_key_says_which_variable(tmp_path: Path) -> None:
    """A Discourse profile whose key variable is unset: exit 2, and what to export."""
    config = tmp_path / "c.toml"
    config.write_text(
        '[forums.w]\nkind = "discourse"\nurl = "https://forum.example.nl"\n'
        'api_username = "jan"\napi_key_env = "DESKAPP_API_KEY"\n'
    )
    out = run("--config", str(config), "backlog")
    assert out.returncode == 2
    assert "export DESKAPP_API_KEY" in out.stderr
    assert "Traceback" not in out.stderr


def test_doctor_reports_the_problems_of_keys(demo_config: Path) -> None:
    """doctor says what the desk would say of [keys] at start: an unknown
    id with the nearest one, and a key two bindings of one screen share;
    without [keys] it says the default keys are used."""
    assert "the default keys" in run("doctor").stdout
    with demo_config.open("a") as config:
        config.write("[keys]\n")
        config.write('"inbox.serch" = "f2"\n')
        config.write('"question.reply" = "a"\n')  # a: accept, on that screen
    out = run("doctor")
    (line,) = [ln for ln in out.stdout.splitlines() if ln.split()[1:2] == ["keys"]]
    assert line.startswith("warn"), line
    assert "inbox.serch" in line and "inbox.search" in line
    assert "question.reply" in line
    assert out.returncode == 0  # the desk still starts: a warning


def test_doctor_names_a_missing_category(tmp_path: Path) -> None:
    """A watched category the forum lacks is a FAIL that names the known ones."""
    forum = tmp_path / "forum.sqlite"
    assert (
        run("demo", "seed", "--questions", "20", "--path", str(forum)).returncode == 0
    )
    config = tmp_path / "c.toml"
    config.write_text(
        f'[forums.d]\nkind = "demo"\npath = "{forum}"\n'
        'watched_categories = ["zorg-wmo", "wonen"]\nkb_category = "kb"\n'
    )
    out = run("--config", str(config), "doctor")
    assert out.returncode == 1
    failed = [ln for ln in out.stdout.splitlines() if ln.startswith("FAIL")]
    assert len(failed) == 1
    assert "wonen" in failed[0]
    assert "zorg-wmo" in failed[0]  # listed among the known ones
    assert "watched_categories" in failed[0]
    assert any(
        ln.startswith("warn") and "kb_category" in ln for ln in out.stdout.splitlines()
    )


def test_output_cut_short_by_head_is_not_an_error(tmp_path: Path) -> None:
    """`deskapp backlog --csv | head -1`: one line, and no traceback."""
    forum = tmp_path / "big.sqlite"
    assert (
        run("demo", "seed", "--questions", "3000", "--path", str(forum)).returncode == 0
    )
    config = tmp_path / "big.toml"
    config.write_text(
        f'store = "{tmp_path / "s.sqlite"}"\n[forums.d]\nkind = "demo"\npath = "{forum}"\n'
    )
    assert run("--config", str(config), "sync").returncode == 0
    # far more than a pipe holds (64 KiB), so head closes it while we write
    out = subprocess.run(
        f"'{DESKAPP}' --config '{config}' backlog --csv | head -1",
        shell=True, capture_output=True, text=True, timeout=60, env=os.environ.copy(),
    )  # fmt: skip
    assert out.stdout.startswith("id,title,")
    assert "Traceback" not in out.stderr
    assert "BrokenPipe" not in out.stderr


@pytest.fixture
def two_forums(tmp_path: Path) -> tuple[Path, Path]:
    """A config whose default is a Discourse forum, with a demo profile beside it."""
    forum = tmp_path / "forum.sqlite"
    done = run("demo", "seed", "--questions", "30", "--path", str(forum))
    assert done.returncode == 0, done.stderr
    config = tmp_path / "two.toml"
    config.write_text(
        f'default_forum = "werkplein"\nstore = "{tmp_path / "store.sqlite"}"\n'
        '[forums.werkplein]\nkind = "discourse"\nurl = "https://forum.example.nl"\n'
        'api_username = "jan"\napi_key_env = "DESKAPP_TEST_KEY"\n'
        f'[forums.proef]\nkind = "demo"\npath = "{forum}"\n'
    )
    return config, forum


def _open_question(forum: Path) -> tuple[int, int]:
    """(id, posts_count) of an open question of the demo file."""
    conn = sqlite3.connect(forum)
    try:
        row = conn.execute(
            "SELECT id, posts_count FROM topics WHERE closed = 0 AND archived = 0"
            " AND is_kb = 0 ORDER BY id LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return row[0], row[1]


def _replying(forum: Path, qid: int) -> list[str]:
    """Who the demo forum shows as replying in ``qid``."""

    async def ask() -> list[str]:
        demo = DemoForum(forum)
        try:
            return [p.username for p in await demo.replying(qid)]
        finally:
            await demo.aclose()

    return asyncio.run(ask())


def test_a_colleague_types_then_posts_in_the_demo_forum(
    two_forums: tuple[Path, Path],
) -> None:
    """`demo typing` shows the first other staff member replying; `demo post`
    lands their reply with the next post number and ends the typing."""
    config, forum = two_forums
    qid, count = _open_question(forum)
    typing = run(
        "--config", str(config), "demo", "typing", str(qid), "--forum", "proef"
    )
    assert typing.returncode == 0, typing.stderr
    assert "Mark Jansen (mark.werkplein)" in typing.stderr
    assert "60 s" in typing.stderr
    assert _replying(forum, qid) == ["mark.werkplein"]
    post = run(
        "--config", str(config), "--demo", "demo", "post", str(qid), "Ik pak dit op."
    )
    assert post.returncode == 0, post.stderr
    assert (
        f"Mark Jansen (mark.werkplein) posted #{count + 1} in question #{qid}"
        in post.stderr
    )
    assert _replying(forum, qid) == []
    conn = sqlite3.connect(forum)
    (raw,) = conn.execute(
        "SELECT raw FROM posts WHERE topic_id = ? AND number = ?", (qid, count + 1)
    ).fetchone()
    conn.close()
    assert raw == "Ik pak dit op."


def test_demo_post_and_typing_as_someone_else(
    two_forums: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--as picks the colleague and --seconds the time; a client is refused."""
    config, forum = two_forums
    monkeypatch.setenv("DESKAPP_CONFIG", str(config))
    qid, _ = _open_question(forum)
    out = run("demo", "typing", str(qid), "--forum", "proef",
              "--as", "linda.clientondersteuner", "--seconds", "5")  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "linda.clientondersteuner" in out.stderr
    assert "5 s" in out.stderr
    assert _replying(forum, qid) == ["linda.clientondersteuner"]
    conn = sqlite3.connect(forum)
    (client,) = conn.execute(
        "SELECT username FROM users WHERE role = 'client'"
    ).fetchone()
    conn.close()
    refused = run("demo", "post", str(qid), "Hallo", "--forum", "proef", "--as", client)
    assert refused.returncode == 1
    assert "staff or adviser" in refused.stderr
    assert "Traceback" not in refused.stderr
    missing = run("demo", "typing", "99999", "--forum", "proef")
    assert missing.returncode == 1
    assert "99999" in missing.stderr


@pytest.mark.parametrize("command", [("post", "1", "Hallo"), ("typing", "1")])
def test_demo_commands_refuse_a_real_forum(
    two_forums: tuple[Path, Path], command: tuple[str, ...]
) -> None:
    """The default forum is Discourse: exit 2 and say how to pick the demo."""
    config, forum = two_forums
    before = forum.stat().st_mtime_ns
    out = run("--config", str(config), "demo", *command)
    assert out.returncode == 2
    assert "demo forum only" in out.stderr
    assert "'werkplein'" in out.stderr
    assert "--demo" in out.stderr
    assert "Traceback" not in out.stderr
    assert forum.stat().st_mtime_ns == before


def test_sync_sends_what_the_desk_queued_and_says_so(
    demo_config: Path, tmp_path: Path
) -> None:
    """A reply queued in the desk reaches the forum with `deskapp sync`, once."""
    from deskapp.config import load_config
    from deskapp.desk import Desk

    assert run("sync").returncode == 0
    config = load_config(demo_config)
    desk = Desk(config, config.forum("proef"))
    qid, posts = _open_question(tmp_path / "forum.sqlite")
    desk.queue_reply(qid, "Wij nemen vandaag contact op.", reply_to=None,
                     seen_post=posts + 10)  # fmt: skip
    desk.store.close()
    doctor = run("doctor")
    assert "1 queued; `deskapp sync` or the open desk sends them" in doctor.stdout
    out = run("sync")
    assert out.returncode == 0, out.stderr
    assert "1 reply or action sent" in out.stderr + out.stdout
    assert "outbox         empty" in run("doctor").stdout
    conn = sqlite3.connect(tmp_path / "forum.sqlite")
    (count,) = conn.execute(
        "SELECT count(*) FROM posts WHERE topic_id = ? AND raw = ?",
        (qid, "Wij nemen vandaag contact op."),
    ).fetchone()
    conn.close()
    assert count == 1
    assert run("sync").stdout == ""  # nothing left to send
