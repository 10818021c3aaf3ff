"""Config for the desk: working hours, targets and sections, with clear errors."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest

from deskapp.config import load_config
from deskapp.errors import ConfigError
from deskapp.models import State, Urgency
from deskapp.views import DEFAULT_SECTIONS, Sort

BASE = '[forums.demo]\nkind = "demo"\n'


def load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    """Write and load a config with one demo forum plus ``text``."""
    path = tmp_path / "config.toml"
    path.write_text(BASE + text)
    return load_config(path)


def test_defaults_without_tables(tmp_path: Path) -> None:
    """No tables: 08:30-17:00 Mon-Fri in Amsterdam, NL holidays, default tabs."""
    desk = load(tmp_path, "").desk
    assert desk.working_hours.start == time(8, 30)
    assert desk.working_hours.days == frozenset(range(5))
    assert desk.targets[Urgency.URGENT] == 4.0
    assert desk.sections == DEFAULT_SECTIONS


def test_tables_are_read(tmp_path: Path) -> None:
    """Hours, targets and sections from the file."""
    desk = load(
        tmp_path,
        '[working_hours]\nstart = "09:00"\nend = "16:30"\ndays = ["ma", "di", "do"]\n'
        "[targets]\nurgent = 2\n"
        '[[sections]]\nname = "Zorg & Wmo"\ncategories = ["zorg-wmo"]\n'
        '[[sections]]\nname = "Mijn achterstand"\nmine = true\noverdue = true\n'
        'sort = "due"\nstates = ["new", "waiting_staff"]\nurgency = ["urgent"]\n',
    ).desk
    assert desk.working_hours.days == frozenset({0, 1, 3})
    assert desk.working_hours.end == time(16, 30)
    assert desk.targets[Urgency.URGENT] == 2.0
    assert desk.targets[Urgency.NORMAL] == 16.0
    zorg, mine = desk.sections
    assert zorg.filter.categories == ("zorg-wmo",)
    assert mine.sort is Sort.DUE
    assert mine.filter.mine and mine.filter.overdue
    assert mine.filter.states == (State.NEW, State.WAITING_STAFF)
    assert mine.filter.urgencies == (Urgency.URGENT,)


@pytest.mark.parametrize(
    ("text", "key", "needle"),
    [
        ('[working_hours]\nstart = "8.30"\n', "working_hours.start", '"08:30"'),
        (
            '[working_hours]\nstart = "17:00"\nend = "09:00"\n',
            "working_hours.end",
            "before it starts",
        ),
        ('[working_hours]\ndays = ["maandag"]\n', "working_hours.days", "mon, tue"),
        (
            '[working_hours]\ntimezone = "Europe/Amsterdm"\n',
            "working_hours.timezone",
            "Europe/Amsterdam",
        ),
        ('[working_hours]\nholidays = "Nederland"\n', "working_hours.holidays", '"NL"'),
        ("[targets]\nurgent = 0\n", "targets.urgent", "between 1 and 400"),
        ("[targets]\nurgnt = 4\n", "targets.urgnt", "did you mean 'urgent'"),
        (
            '[[sections]]\ncategories = ["x"]\n',
            "sections[1].name",
            "missing required key",
        ),
        (
            '[[sections]]\nname = "x"\nsort = "oldest"\n',
            "sections[1].sort",
            "valid: urgent",
        ),
        (
            '[[sections]]\nname = "x"\nstates = ["open"]\n',
            "sections[1].states",
            "valid: new",
        ),
        (
            '[[sections]]\nname = "x"\nmine = "yes"\n',
            "sections[1].mine",
            "true or false",
        ),
        (
            "".join(f'[[sections]]\nname = "s{n}"\n' for n in range(10)),
            "sections",
            "1..9",
        ),
    ],
)
def test_mistakes_name_the_key_and_the_fix(
    tmp_path: Path, text: str, key: str, needle: str
) -> None:
    """Each mistake in the desk tables is one ConfigError naming key and fix."""
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    assert caught.value.key == key
    assert needle in str(caught.value)


def test_request_budget_per_forum(tmp_path: Path) -> None:
    """A Discourse profile's share of the site's rate limit, 20 by default."""
    path = tmp_path / "c.toml"
    base = (
        '[forums.w]\nkind = "discourse"\nurl = "https://forum.example.nl"\n'
        'api_username = "jan"\napi_key_env = "DESKAPP_API_KEY"\n'
    )
    path.write_text(base)
    assert load_config(path).forum().requests_per_minute == 20
    path.write_text(base + "requests_per_minute = 0\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.key == "forums.w.requests_per_minute"
    assert "leave room for colleagues" in str(caught.value)
