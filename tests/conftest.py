"""Shared fixtures: no test reads or writes the developer's real config or data."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskapp import i18n


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point config and data dirs at a temporary home for every test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("DESKAPP_CONFIG", raising=False)
    monkeypatch.delenv("DESKAPP_API_KEY", raising=False)
    return home


@pytest.fixture(autouse=True)
def pinned_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Render local times in one timezone wherever the tests run."""
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


ENGLISH_MODULES = frozenset({
    "test_cli", "test_cli_backlog", "test_cli_privacy", "test_config",
    "test_configdesk", "test_data_explorer", "test_demo_answering",
    "test_demo_forum", "test_discourse_adapter", "test_discourse_e2e",
    "test_hostile_cli", "test_secrets", "test_serve", "test_setup_secret",
    "test_wizard",
})  # fmt: skip
"""Tests that read what the commands and the config checks write (their
strings are written in English): they run on an English machine. A test
marked ``@pytest.mark.language("nl")`` runs on a machine of that language."""


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``language`` marker."""
    config.addinivalue_line(
        "markers", "language(code): the locale language the test runs with"
    )


@pytest.fixture(autouse=True)
def pinned_language(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The same language whatever the machine's locale: the command tests
    (:data:`ENGLISH_MODULES`) run as on an English machine (LANGUAGE=en, for
    the commands they start too), every other test as on a Dutch one (or as
    its ``language`` marker says), and
    each test starts in that language (a command run in the test process
    may switch it)."""
    module = request.node.module.__name__.rpartition(".")[2]
    marker = request.node.get_closest_marker("language")
    if marker is not None:
        wanted = str(marker.args[0])
    else:
        wanted = "en" if module in ENGLISH_MODULES else "nl"
    monkeypatch.setenv("LANGUAGE", wanted)
    i18n.set_language(wanted)
    yield wanted
    i18n.set_language("nl")
