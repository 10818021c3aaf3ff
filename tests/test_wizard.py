"""deskapp setup: scripted answers in, a valid 0600 config (or nothing) out."""

from __future__ import annotations

import stat
from collections.abc import Iterable
from pathlib import Path

import pytest

from deskapp.config import ForumProfile, default_config_path, load_config
from deskapp.errors import AuthError
from deskapp.models import Category
from deskapp.wizard import Probe, run_setup


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the developer's real config and data."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("DESKAPP_CONFIG", raising=False)
    monkeypatch.delenv("DESKAPP_API_KEY", raising=False)


class Terminal:
    """Scripted answers; records what the wizard asked and said."""

    def __init__(
        self,
        answers: Iterable[str],
        overwrite: bool | None = None,
        probe: Probe | None = None,
    ) -> None:
        self.answers = list(answers)
        self.overwrite = overwrite
        self.probe = probe or (lambda profile: [])  # connects, no categories
        self.probed: list[ForumProfile] = []
        self.prompts: list[str] = []
        self.lines: list[str] = []
        self.confirms: list[tuple[str, bool]] = []

    def ask(self, prompt: str, default: str | None) -> str:
        """Answer the next scripted answer ("" takes the default)."""
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)

    def say(self, text: str) -> None:
        """Record a line."""
        self.lines.append(text)

    def confirm(self, prompt: str, default: bool) -> bool:
        """Answer yes/no as scripted; the default when nothing is scripted."""
        self.confirms.append((prompt, default))
        return default if self.overwrite is None else self.overwrite

    @property
    def output(self) -> str:
        """Everything said, one line each."""
        return "\n".join(self.lines)

    def run(self, path: Path) -> int:
        """Run the wizard against this terminal."""

        def probe(profile: ForumProfile) -> list[Category]:
            self.probed.append(profile)
            return self.probe(profile)

        return run_setup(
            path, ask=self.ask, say=self.say, confirm=self.confirm, probe=probe
        )


def mode(path: Path) -> int:
    """The permission bits of ``path``."""
    return stat.S_IMODE(path.stat().st_mode)


def test_demo_with_all_defaults(tmp_path: Path) -> None:
    path = default_config_path()
    term = Terminal(["", "", ""])
    assert term.run(path) == 0
    config = load_config()
    assert config.path == path
    assert config.forum().kind == "demo"
    assert config.default_forum == "demo"
    assert config.language == "en"  # the language setup speaks (LANGUAGE=en)
    assert mode(path) == 0o600
    assert f"Config written to {path}" in term.output
    assert "`deskapp doctor`" in term.output
    assert "`deskapp`" in term.output
    assert "--config" not in term.output


def test_discourse_with_key_in_environment(tmp_path: Path) -> None:
    path = tmp_path / "werk.toml"
    answers = [
        "discourse",
        "",
        "https://forum.example.nl/",
        "jdevries",
        "env",
        "",
        "en",
    ]
    term = Terminal(answers)
    assert term.run(path) == 0
    config = load_config(path)
    forum = config.forum()
    assert forum.name == "werkplein"
    assert forum.url == "https://forum.example.nl"
    assert forum.api_username == "jdevries"
    assert forum.api_key_env == "DESKAPP_API_KEY"
    assert forum.api_key is None
    assert config.language == "en"
    assert mode(path) == 0o600
    assert "export DESKAPP_API_KEY=<your API key>" in term.output
    assert f"deskapp --config {path} doctor" in term.output
    assert "API key" not in term.prompts, "never asks for the key itself"


def test_discourse_with_key_command(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    answers = ["discourse", "wp", "https://forum.example.nl", "jdevries", "command", ""]
    assert Terminal([*answers, "nl"]).run(path) == 0
    forum = load_config(path).forum()
    assert forum.api_key_command == "pass show deskapp/wp"
    assert forum.api_key_env is None


def test_key_in_file_only_when_chosen_and_then_0600(tmp_path: Path) -> None:
    path = tmp_path / "k.toml"
    key = "abc123" * 10
    answers = ["discourse", "", "https://forum.example.nl", "jdevries", "file", key]
    term = Terminal([*answers, "nl"])
    assert term.run(path) == 0
    assert mode(path) == 0o600
    assert load_config(path).forum().resolve_api_key() == key
    assert "readable by you only" in term.output
    assert key not in term.output


def test_bad_url_is_asked_again_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "u.toml"
    answers = [
        "discourse",
        "",
        "http://forum.example.nl",
        "forum.example.nl",
        "https://forum.example.nl",
        "jdevries",
        "",
        "",
        "",
    ]
    term = Terminal(answers)
    assert term.run(path) == 0
    url_prompts = [p for p in term.prompts if p.startswith("Forum address")]
    assert len(url_prompts) == 3
    assert any("must be https" in line for line in term.lines)
    assert any(
        'did you mean "https://forum.example.nl"?' in line for line in term.lines
    )
    assert load_config(path).forum().url == "https://forum.example.nl"


def test_misspelt_kind_is_asked_again(tmp_path: Path) -> None:
    term = Terminal(["discource", "demo", "", ""])
    assert term.run(tmp_path / "d.toml") == 0
    assert any('did you mean "discourse"?' in line for line in term.lines)


def test_existing_file_is_kept_by_default(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n")
    term = Terminal(["", "", ""])
    assert term.run(path) == 1
    assert path.read_text() == "# mine\n"
    assert [default for _, default in term.confirms] == [False], "default is No"
    assert term.prompts == [], "no questions before the user agrees to overwrite"
    assert "Nothing written" in term.output


def test_existing_file_is_overwritten_when_confirmed_and_backed_up(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("# mine\n")
    term = Terminal(["", "", ""], overwrite=True)
    assert term.run(path) == 0
    assert load_config(path).forum().kind == "demo"
    backup = tmp_path / "config.toml.bak"
    assert backup.read_text() == "# mine\n"
    assert mode(backup) == 0o600
    assert str(backup) in term.output


def test_end_of_input_aborts_without_writing(tmp_path: Path) -> None:
    path = tmp_path / "e.toml"
    term = Terminal(["discourse", ""])
    assert term.run(path) == 1
    assert not path.exists()
    assert "nothing was written" in term.output


def test_endless_bad_answers_give_up(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    term = Terminal(["nonsense"] * 10)
    assert term.run(path) == 1
    assert not path.exists()


def test_directory_is_refused(tmp_path: Path) -> None:
    term = Terminal([])
    assert term.run(tmp_path) == 1
    assert "is a directory" in term.output


CATEGORIES = [
    Category(1, "Werk", "werk"),
    Category(2, "Inkomen", "inkomen"),
    Category(3, "Kennisbank", "kennisbank", is_kb=True),
]


def test_discourse_connection_is_tried_and_categories_picked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the key at hand, setup connects, lists categories and writes picks."""
    monkeypatch.setenv("DESKAPP_API_KEY", "k" * 64)
    path = tmp_path / "w.toml"
    answers = ["discourse", "", "https://forum.example.nl", "jan", "env", "",
               "1, inkomen", "", "nl"]  # fmt: skip
    term = Terminal(answers, probe=lambda profile: CATEGORIES)
    assert term.run(path) == 0
    assert term.probed[0].url == "https://forum.example.nl"
    assert "Connected: 3 categories visible." in term.output
    forum = load_config(path).forum()
    assert forum.watched_categories == ("werk", "inkomen")
    assert forum.kb_category == "kennisbank"


def test_failed_connection_writes_nothing_unless_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong key is reported with the forum's reason; the default is to stop."""
    monkeypatch.setenv("DESKAPP_API_KEY", "wrong")

    def refuse(profile: ForumProfile) -> list[Category]:
        raise AuthError("the forum refused the API key (invalid_access)")

    path = tmp_path / "w.toml"
    answers = ["discourse", "", "https://forum.example.nl", "jan", "env", ""]
    term = Terminal(answers, probe=refuse)
    assert term.run(path) == 1
    assert not path.exists()
    assert "invalid_access" in term.output
    assert "Setup stopped; nothing was written." in term.output


def test_connection_not_tried_without_the_key_in_the_shell(tmp_path: Path) -> None:
    """An unset key variable is said plainly; the config is still written."""
    path = tmp_path / "w.toml"
    answers = ["discourse", "", "https://forum.example.nl", "jan", "env", "", "nl"]
    term = Terminal(answers, probe=lambda p: pytest.fail("must not connect"))
    assert term.run(path) == 0
    assert "$DESKAPP_API_KEY is not set in this shell" in term.output
