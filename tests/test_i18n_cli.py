"""The commands speak the config's language, else the locale's: English or
Dutch, in their help, their reports, their checks and their errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DESKAPP = str(Path(sys.executable).with_name("deskapp"))
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def run(*args: str, lang: str) -> subprocess.CompletedProcess[str]:
    """``deskapp ARGS`` on a machine whose locale is ``lang``."""
    env = {k: v for k, v in os.environ.items() if k not in LOCALE_VARIABLES}
    env["LANG"] = lang
    return subprocess.run(
        [DESKAPP, *args], capture_output=True, text=True, timeout=120, env=env
    )


@pytest.fixture(scope="module")
def forum(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo forum, built once."""
    path = tmp_path_factory.mktemp("forum") / "forum.sqlite"
    done = run("demo", "seed", "--questions", "30", "--path", str(path), lang="C")
    assert done.returncode == 0, done.stderr
    return path


def config(tmp_path: Path, forum: Path, language: str | None) -> Path:
    """A config over ``forum``, with ``language = ...`` when given."""
    path = tmp_path / "config.toml"
    first = f'language = "{language}"\n' if language else ""
    path.write_text(
        f'{first}store = "{tmp_path / "store.sqlite"}"\n'
        f'[forums.proef]\nkind = "demo"\npath = "{forum}"\n'
    )
    return path


# (config language, locale, expected language): the config wins, else the locale
CASES = [
    ("en", "nl_NL.UTF-8", "en"),
    ("nl", "en_US.UTF-8", "nl"),
    (None, "en_US.UTF-8", "en"),
    (None, "nl_NL.UTF-8", "nl"),
]

DOCTOR = {
    "en": [
        "  ok  config",
        "not installed",
        "outbox         empty: everything was sent",
    ],
    "nl": ["  ok  configuratie", "niet geïnstalleerd", "leeg: alles is verstuurd"],
}
DOCTOR_NOT = {
    "en": ["configuratie", "geïnstalleerd"],
    "nl": ["not installed", "empty:"],
}


@pytest.mark.parametrize(("language", "lang", "expected"), CASES)
def test_doctor_speaks_the_configured_language_else_the_locales(
    tmp_path: Path, forum: Path, language: str | None, lang: str, expected: str
) -> None:
    out = run("--config", str(config(tmp_path, forum, language)), "doctor", lang=lang)
    assert out.returncode == 0, out.stdout + out.stderr
    for line in DOCTOR[expected]:
        assert line in out.stdout
    for word in DOCTOR_NOT[expected]:
        assert word not in out.stdout


BACKLOG = {
    "en": ["Waiting for staff", "By category", "Open questions (first", "Overdue now"],
    "nl": [
        "Wachten op Werkplein",
        "Per categorie",
        "Open vragen (eerste",
        "Nu te laat",
    ],
}


@pytest.mark.parametrize(("language", "lang", "expected"), CASES)
def test_the_backlog_report_speaks_the_configured_language_else_the_locales(
    tmp_path: Path, forum: Path, language: str | None, lang: str, expected: str
) -> None:
    out = run("--config", str(config(tmp_path, forum, language)), "backlog", lang=lang)
    assert out.returncode == 0, out.stderr
    for words in BACKLOG[expected]:
        assert words in out.stdout
    other = BACKLOG["nl" if expected == "en" else "en"]
    assert not any(words in out.stdout for words in other)


@pytest.mark.parametrize(("language", "lang", "expected"), CASES)
def test_a_config_error_speaks_the_configs_language_else_the_locales(
    tmp_path: Path, forum: Path, language: str | None, lang: str, expected: str
) -> None:
    path = config(tmp_path, forum, language)
    path.write_text('default_forum = "elders"\n' + path.read_text())
    out = run("--config", str(path), "backlog", lang=lang)
    assert out.returncode == 2
    said = {
        "en": ("deskapp: configuration error:", "there is no forum named 'elders'"),
        "nl": ("deskapp: fout in de configuratie:", "geen forum met de naam 'elders'"),
    }[expected]
    for words in said:
        assert words in out.stderr


@pytest.mark.parametrize(
    ("lang", "expected"), [("en_US.UTF-8", "en"), ("nl_NL.UTF-8", "nl")]
)
def test_help_speaks_the_locales_language(lang: str, expected: str) -> None:
    out = run("--help", lang=lang).stdout
    said = {
        "en": ["usage: deskapp", "options:", "print the open-question backlog report"],
        "nl": ["gebruik: deskapp", "opties:", "overzicht van de achterstand"],
    }[expected]
    for words in said:
        assert words in out
    other = "opties:" if expected == "en" else "options:"
    assert other not in out


def test_demo_without_a_config_speaks_the_locales_language() -> None:
    """``deskapp --demo`` (here: doctor) with no config file at all."""
    english = run("--demo", "doctor", lang="en_GB.UTF-8").stdout
    dutch = run("--demo", "doctor", lang="nl_BE.UTF-8").stdout
    assert "none (built-in demo forum)" in english
    assert "geen (ingebouwd demoforum)" in dutch


def test_a_usage_error_speaks_the_locales_language() -> None:
    out = run("backlog", "--since", "gisteren", lang="nl_NL.UTF-8")
    assert out.returncode == 2
    assert "verwacht een datum als 2026-01-31, niet 'gisteren'" in out.stderr
