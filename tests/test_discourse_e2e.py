"""The desk against a Discourse served over HTTP on 127.0.0.1: CLI and TUI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from deskapp.app import DeskApp
from deskapp.config import load_config
from deskapp.desk import Desk
from tests.discourse_fake import API_KEY, FakeDiscourse, werkplein_forum
from tests.discourse_server import serve

DESKAPP = str(Path(sys.executable).with_name("deskapp"))


@pytest.fixture
def fake() -> FakeDiscourse:
    """The standard small Werkplein forum."""
    return werkplein_forum()


@pytest.fixture
def config(
    tmp_path: Path, fake: FakeDiscourse, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A config for the served forum, its key in $DESKAPP_API_KEY."""
    with serve(fake) as url:
        path = tmp_path / "config.toml"
        path.write_text(
            f'store = "{tmp_path / "store.sqlite"}"\n'
            f'[forums.werkplein]\nkind = "discourse"\nurl = "{url}"\n'
            'api_username = "sanne"\napi_key_env = "DESKAPP_API_KEY"\n'
            'watched_categories = ["werk-en-inkomen", "zorg"]\n'
            'staff_groups = ["werkplein-medewerkers"]\n'
            'adviser_groups = ["clientondersteuners"]\n'
            "requests_per_minute = 600\n"
        )
        monkeypatch.setenv("DESKAPP_API_KEY", API_KEY)
        monkeypatch.setenv("DESKAPP_CONFIG", str(path))
        yield path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, with the test's environment."""
    return subprocess.run(
        [DESKAPP, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
    )


def test_backlog_json_from_a_served_forum(config: Path) -> None:
    """`deskapp backlog --json` syncs over HTTP and reports the open questions."""
    out = run("backlog", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["forum"] == "werkplein"
    assert data["open_total"] > 0
    assert all(q["url"].startswith("http://127.0.0.1:") for q in data["questions"])
    assert API_KEY not in out.stdout + out.stderr


def test_doctor_against_a_served_forum(config: Path) -> None:
    """doctor: the account, plugins and categories, one line each."""
    out = run("doctor")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "sanne" in out.stdout
    assert "werk-en-inkomen, zorg" in out.stdout
    assert ["ok", "presence"] in [ln.split()[:2] for ln in out.stdout.splitlines()]
    assert API_KEY not in out.stdout


def test_doctor_says_what_is_wrong_with_a_bad_key(
    config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong key: FAIL naming the key and the username, and no key shown."""
    monkeypatch.setenv("DESKAPP_API_KEY", "wrong-key-123")
    out = run("doctor")
    assert out.returncode == 1
    failed = [ln for ln in out.stdout.splitlines() if ln.startswith("FAIL")]
    assert failed
    assert "key" in failed[0].lower()
    assert "wrong-key-123" not in out.stdout


def test_doctor_says_what_is_wrong_with_a_wrong_url(tmp_path: Path) -> None:
    """Nothing listening at the URL: FAIL saying to check the address."""
    path = tmp_path / "c.toml"
    path.write_text(
        '[forums.w]\nkind = "discourse"\nurl = "http://127.0.0.1:9"\n'
        'api_username = "sanne"\napi_key_env = "DESKAPP_API_KEY"\n'
    )
    env = os.environ | {"DESKAPP_API_KEY": "x", "DESKAPP_CONFIG": str(path)}
    out = subprocess.run(
        [DESKAPP, "doctor"], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 1
    assert any(
        ln.startswith("FAIL") and "127.0.0.1:9" in ln for ln in out.stdout.splitlines()
    )


async def test_the_desk_on_a_served_forum(config: Path) -> None:
    """The TUI syncs over HTTP and lists the forum's open questions."""
    from tests.test_inbox import rows, settle

    cfg = load_config(config)
    app = DeskApp(Desk(cfg, cfg.forum()))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause()
        assert rows(app)
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        assert app.screen.__class__.__name__ == "QuestionScreen"


async def test_a_reply_reaches_a_served_forum_once_through_a_lost_answer(
    config: Path, fake: FakeDiscourse
) -> None:
    """The outbox over HTTP: the first POST lands but its answer times out; the
    next push finds the post (find_post) instead of posting it again."""
    import httpx

    from deskapp.models import OutboxState

    def lost(request: httpx.Request) -> httpx.Response:
        fake.handle(request)  # the forum stores the post ...
        raise httpx.ReadTimeout("simulated", request=request)  # ... we never hear

    cfg = load_config(config)
    desk = Desk(cfg, cfg.forum())
    try:
        await desk.sync()
        # the forum stamps the post with its own clock: let it read today's
        # time, as a live forum does, so the desk's "did it land?" check (posts
        # since the attempt) finds it whatever day the test runs
        fake.now = datetime.now(UTC)
        text = "Beste Anouk,\r\n\r\nUw uitkering wordt vandaag betaald.  "
        entry = desk.queue_reply(1, text, reply_to=None, seen_post=1)
        fake._faults.append(("POST", "/posts.json", lost))
        await desk.push()
        first = desk.store.entry(entry)
        assert first is not None and first.state is OutboxState.QUEUED
        assert first.unsure
        desk.store.settle(
            entry,
            OutboxState.QUEUED,
            at=desk.now(),
            expect=[OutboxState.QUEUED],
            unsure=True,
        )  # due now
        report = await desk.push()
        assert report.sent == [entry]
        mine = [p for p in fake.topics[1].posts if p.user == "sanne"]
        assert len(mine) == 1
        thread = desk.thread(1)
        assert thread is not None and thread.posts[-1].author.username == "sanne"
    finally:
        await desk.aclose()


async def test_accepting_without_the_solved_plugin_is_refused_in_the_desk(
    config: Path, fake: FakeDiscourse
) -> None:
    """A forum without solved: the desk says so instead of failing later."""
    from deskapp.deskwork import ActionUnavailable
    from deskapp.models import Capabilities

    cfg = load_config(config)
    desk = Desk(cfg, cfg.forum())
    try:
        await desk.sync()
        desk.store.save_capabilities("werkplein", Capabilities(assign=True), desk.now())
        with pytest.raises(ActionUnavailable, match="solved"):
            desk.accept(2, fake.topics[2].posts[-1].id)
        desk.assign(2, "sanne")
        await desk.push()
        assert fake.topics[2].assigned_to == "sanne"
    finally:
        await desk.aclose()


def test_backlog_takes_the_success_figures_from_the_data_explorer(
    config: Path, fake: FakeDiscourse
) -> None:
    """With a success query configured, the figures come from the forum's
    query (one request), not from downloading every topic."""
    from deskapp.successfigures_server import COLUMNS
    from tests.test_data_explorer import rows

    with config.open("a") as out:
        out.write("[forums.werkplein.data_explorer]\nsuccess_query = 12\n")
    fake.queries[12] = (list(COLUMNS), rows())
    out = run("backlog", "--json", "--since", "2026-04-24")
    assert out.returncode == 0, out.stderr
    success = json.loads(out.stdout)["success"]
    assert success["questions"] == 5  # the timeline's questions asked since then
    assert success["first_by"]["adviser"]["count"] == 1
    assert fake.count(r"POST /admin/plugins/explorer/queries/12/run") == 1


def test_backlog_falls_back_to_local_figures_without_the_plugin(
    config: Path, fake: FakeDiscourse
) -> None:
    with config.open("a") as out:
        out.write("[forums.werkplein.data_explorer]\nsuccess_query = 12\n")
    fake.plugins_off.add("explorer")
    out = run("backlog", "--json")
    assert out.returncode == 0, out.stderr
    assert "success query failed" in out.stderr
    assert json.loads(out.stdout)["success"]["questions"] >= 0
