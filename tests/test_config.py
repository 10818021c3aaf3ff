"""Config: paths, loading, one clear message per mistake, secrets, writing."""

from __future__ import annotations

import os
import shlex
import stat
import sys
from pathlib import Path

import pytest

from deskapp.config import (
    Config,
    ForumProfile,
    data_dir,
    default_config_path,
    demo_config,
    load_config,
    resolve_config_path,
    write_config,
)
from deskapp.errors import ConfigError
from deskapp.models import Urgency

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"
KEY = "d0c5e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e"

DISCOURSE = """\
[forums.werkplein]
kind = "discourse"
url = "https://forum.example.nl"
api_username = "jdevries"
api_key_env = "DESKAPP_API_KEY"
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the developer's real config and data."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("DESKAPP_CONFIG", raising=False)
    monkeypatch.delenv("DESKAPP_API_KEY", raising=False)


def write(tmp_path: Path, text: str, mode: int = 0o600) -> Path:
    """Write a config file with the given permissions."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def error_for(tmp_path: Path, text: str, mode: int = 0o600) -> ConfigError:
    """The ConfigError that loading ``text`` raises."""
    path = write(tmp_path, text, mode)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value


def message(tmp_path: Path, text: str) -> str:
    """The text a user sees for a bad config."""
    return str(error_for(tmp_path, text))


# --- paths and precedence ---------------------------------------------------


def test_default_paths_follow_platformdirs(tmp_path: Path) -> None:
    assert default_config_path() == tmp_path / "xdg-config/deskapp/config.toml"
    assert data_dir() == tmp_path / "xdg-data/deskapp"


def test_cli_path_beats_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKAPP_CONFIG", str(tmp_path / "env.toml"))
    assert resolve_config_path(tmp_path / "cli.toml") == (tmp_path / "cli.toml", True)


def test_environment_beats_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKAPP_CONFIG", str(tmp_path / "env.toml"))
    assert resolve_config_path(None) == (tmp_path / "env.toml", True)


def test_default_is_not_explicit() -> None:
    assert resolve_config_path(None) == (default_config_path(), False)


def test_tilde_is_expanded(tmp_path: Path) -> None:
    assert resolve_config_path("~/d.toml")[0] == tmp_path / "home/d.toml"


def test_environment_file_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, DISCOURSE)
    monkeypatch.setenv("DESKAPP_CONFIG", str(path))
    assert load_config().forum().name == "werkplein"


def test_default_file_is_loaded() -> None:
    path = default_config_path()
    path.parent.mkdir(parents=True)
    path.write_text('[forums.x]\nkind = "demo"\n', encoding="utf-8")
    config = load_config()
    assert config.path == path
    assert config.default_forum == "x"


def test_no_file_at_all_opens_the_demo_forum() -> None:
    config = load_config()
    assert config.path is None
    assert config.forum().kind == "demo"
    assert config == demo_config()


def test_demo_config_defaults(tmp_path: Path) -> None:
    config = demo_config()
    assert config.default_forum == "demo"
    assert config.language == "en"  # no config file: the locale's (LANGUAGE=en)
    assert config.sync.interval_seconds == 120
    assert config.store_path == tmp_path / "xdg-data/deskapp/store.sqlite"
    assert config.forum().demo_path() == data_dir() / "demo-forum.sqlite"
    assert config.forum().resolve_api_key() == ""


def test_missing_file_given_with_cli_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.toml")
    text = str(info.value)
    assert "nope.toml" in text
    assert "not found (given by --config)" in text
    assert "deskapp setup" in text


def test_missing_file_given_by_environment_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESKAPP_CONFIG", str(tmp_path / "nope.toml"))
    with pytest.raises(ConfigError, match=r"given by \$DESKAPP_CONFIG"):
        load_config()


# --- the example file and a full config ------------------------------------


def test_example_file_loads_as_shipped(monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(EXAMPLE)
    werkplein = config.forum()
    assert werkplein.kind == "discourse"
    assert werkplein.api_key_env == "DESKAPP_API_KEY"
    assert werkplein.staff_groups
    assert werkplein.adviser_groups
    assert config.forum("demo").kind == "demo"
    assert config.triage.category_urgency["toeslagen"] is Urgency.NORMAL
    assert next(s.name for s in config.desk.sections) == "Urgent, niet toegewezen"
    monkeypatch.setenv("DESKAPP_API_KEY", KEY)
    assert werkplein.resolve_api_key() == KEY


def test_full_config_is_read_into_dataclasses(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """\
default_forum = "oefen"
language = "en"
store = "data/store.sqlite"

[forums.oefen]
kind = "demo"
path = "demo.sqlite"
api_username = "medewerker"
watched_categories = ["werk", "inkomen"]

[sync]
interval_seconds = 30

[triage]
urgent_keywords = ["geen inkomen"]
low_keywords = ["bedankt"]

[triage.category_urgency]
inkomen = "urgent"

[keys]
"inbox.refresh" = "f5"
""",
    )
    config = load_config(path)
    forum = config.forum()
    assert forum.path == tmp_path / "demo.sqlite"
    assert forum.demo_path() == tmp_path / "demo.sqlite"
    assert forum.api_username == "medewerker"
    assert forum.watched_categories == ("werk", "inkomen")
    assert config.store_path == tmp_path / "data/store.sqlite"
    assert config.language == "en"
    assert config.sync.interval_seconds == 30
    assert config.triage.urgent_keywords == ("geen inkomen",)
    assert config.triage.category_urgency == {"inkomen": Urgency.URGENT}
    assert config.keys == {"inbox.refresh": "f5"}


def test_relative_paths_follow_the_config_file_not_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cfg").mkdir()
    path = tmp_path / "cfg/c.toml"
    path.write_text('store = "s.sqlite"\n[forums.d]\nkind = "demo"\n')
    monkeypatch.chdir(tmp_path)
    assert load_config("cfg/c.toml").store_path == tmp_path / "cfg/s.sqlite"


def test_home_in_paths_is_expanded(tmp_path: Path) -> None:
    path = write(tmp_path, '[forums.d]\nkind = "demo"\npath = "~/demo.sqlite"\n')
    assert load_config(path).forum().path == tmp_path / "home/demo.sqlite"


def test_config_is_frozen(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, DISCOURSE))
    with pytest.raises(AttributeError):
        config.language = "en"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.forums["x"] = config.forum()  # type: ignore[index]


# --- one clear message per mistake -------------------------------------------


def test_error_names_file_key_and_fix(tmp_path: Path) -> None:
    err = error_for(tmp_path, DISCOURSE.replace("kind", "knd"))
    assert err.path == tmp_path / "config.toml"
    assert err.key == "forums.werkplein.knd"
    assert err.fix is not None
    assert str(err).startswith(f"{tmp_path / 'config.toml'}: [forums.werkplein.knd]")
    assert "\n  fix: " in str(err)


def test_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    text = message(tmp_path, 'language = "nl"\n[forums.d]\nkind = demo\n')
    assert "TOML syntax error at line 3, column 8" in text
    assert "kind = demo" in text
    assert 'text needs double quotes: kind = "demo"' in text


def test_unclosed_string_says_how_to_close_it(tmp_path: Path) -> None:
    text = message(tmp_path, '[forums.d]\nkind = "demo\n')
    assert "line 2" in text
    assert "close the text with a double quote" in text


def test_unclosed_list_at_end_of_file(tmp_path: Path) -> None:
    text = message(tmp_path, '[forums.d]\nkind = "demo"\nstaff_groups = ["a",\n')
    assert "at the end of the file (line 3)" in text
    assert "never closed" in text


def test_toml_error_never_shows_a_key_line(tmp_path: Path) -> None:
    text = message(tmp_path, f"[forums.d]\napi_key = {KEY}\n")
    assert "line 2" in text
    assert KEY not in text


def test_duplicate_table_is_a_syntax_error(tmp_path: Path) -> None:
    text = message(tmp_path, '[forums.d]\nkind = "demo"\n[forums.d]\n')
    assert "line 3" in text
    assert "written twice" in text


def test_unknown_key_suggests_the_nearest(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace("api_key_env", "api_key_enf"))
    assert "[forums.werkplein.api_key_enf] unknown key 'api_key_enf'" in text
    assert "did you mean 'api_key_env'?" in text


def test_unknown_top_level_table_suggests_forums(tmp_path: Path) -> None:
    text = message(tmp_path, '[forum.d]\nkind = "demo"\n')
    assert "unknown key 'forum'" in text
    assert "did you mean 'forums'?" in text


def test_unknown_key_without_near_match_lists_valid_keys(tmp_path: Path) -> None:
    text = message(tmp_path, '[forums.d]\nkind = "demo"\n[sync]\nzzz = 1\n')
    assert "[sync.zzz] unknown key 'zzz'" in text
    assert "valid keys here: interval_seconds" in text


def test_top_level_key_below_a_table_explains_toml(tmp_path: Path) -> None:
    text = message(tmp_path, '[forums.d]\nkind = "demo"\ndefault_forum = "d"\n')
    assert "[forums.d.default_forum] unknown key" in text
    assert "move it above the first [table] header" in text


def test_forum_key_at_top_level_says_where_it_belongs(tmp_path: Path) -> None:
    text = message(tmp_path, 'url = "https://x.nl"\n[forums.d]\nkind = "demo"\n')
    assert "put it under [forums.NAME]" in text


def test_wrong_type_says_expected_and_got(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE + '[sync]\ninterval_seconds = "60"\n')
    assert "[sync.interval_seconds]" in text
    assert "expected a whole number, got the text '60'" in text
    assert "interval_seconds = 60" in text


def test_true_is_not_a_whole_number(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE + "[sync]\ninterval_seconds = true\n")
    assert "expected a whole number, got the true/false value true" in text


def test_number_where_text_is_expected(tmp_path: Path) -> None:
    text = message(tmp_path, 'language = 1\n[forums.d]\nkind = "demo"\n')
    assert "expected text in double quotes, got the whole number 1" in text
    assert 'language = "1"' in text


def test_text_where_a_list_is_expected(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE + 'staff_groups = "medewerkers"\n')
    assert "[forums.werkplein.staff_groups] expected a list of texts" in text
    assert 'staff_groups = ["medewerkers"]' in text


def test_bad_list_item_is_named(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE + 'watched_categories = ["werk", 3]\n')
    assert "item 2 should be non-empty text" in text
    assert "got the whole number 3" in text


def test_value_where_a_table_is_expected(tmp_path: Path) -> None:
    text = message(tmp_path, 'sync = 5\n[forums.d]\nkind = "demo"\n')
    assert "[sync] expected a table, got the whole number 5" in text


def test_wrong_type_for_a_secret_does_not_echo_it(tmp_path: Path) -> None:
    text = message(tmp_path, '[forums.w]\nkind = "discourse"\napi_key = 123456789\n')
    assert "expected text in double quotes, got a whole number" in text
    assert "123456789" not in text


def test_misspelt_kind_suggests_discourse(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace('"discourse"', '"discource"'))
    assert "[forums.werkplein.kind] 'discource' is not a valid forum kind" in text
    assert 'did you mean "discourse"?' in text


def test_bad_language_lists_the_choices(tmp_path: Path) -> None:
    text = message(tmp_path, 'language = "NL"\n' + DISCOURSE)
    assert "[language] 'NL' is not a valid language" in text
    assert 'did you mean "nl"?' in text
    assert '"nl", "en"' in text


def test_bad_urgency_value(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE + '[triage.category_urgency]\nwerk = "urgnet"\n')
    assert "[triage.category_urgency.werk] 'urgnet' is not a valid urgency" in text
    assert 'did you mean "urgent"?' in text


def test_plain_http_is_refused_for_a_remote_forum(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace("https://", "http://"))
    assert "[forums.werkplein.url] must be https" in text
    assert 'url = "https://forum.example.nl"' in text


@pytest.mark.parametrize(
    "url", ["http://localhost:3000", "http://127.0.0.1:4200", "http://[::1]:3000"]
)
def test_plain_http_is_fine_on_this_machine(tmp_path: Path, url: str) -> None:
    path = write(tmp_path, DISCOURSE.replace("https://forum.example.nl", url))
    assert load_config(path).forum().url == url


def test_url_without_scheme_suggests_https(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace("https://", ""))
    assert "'forum.example.nl' is not a web address" in text
    assert 'did you mean "https://forum.example.nl"?' in text


def test_url_with_credentials_is_refused_without_echo(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace("https://", "https://jan:geheim@"))
    assert "must not contain a user name or password" in text
    assert "geheim" not in text


def test_url_with_bad_port(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace(".nl", ".nl:abc"))
    assert "has a bad port number" in text


def test_trailing_slash_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, DISCOURSE.replace(".nl", ".nl/"))
    assert load_config(path).forum().url == "https://forum.example.nl"


def test_interval_too_small(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE + "[sync]\ninterval_seconds = 5\n")
    assert "[sync.interval_seconds] must be at least 10 seconds, got 5" in text


def test_unknown_default_forum_suggests_the_closest(tmp_path: Path) -> None:
    text = message(tmp_path, 'default_forum = "werkpelin"\n' + DISCOURSE)
    assert "[default_forum] there is no forum named 'werkpelin'" in text
    assert "did you mean 'werkplein'? known forums: werkplein" in text


def test_unknown_forum_from_the_command_line(tmp_path: Path) -> None:
    text = 'default_forum = "demo"\n' + DISCOURSE + '[forums.demo]\nkind = "demo"\n'
    config = load_config(write(tmp_path, text))
    with pytest.raises(ConfigError) as info:
        config.forum("werkpleinn")
    text = str(info.value)
    assert "there is no forum named 'werkpleinn'" in text
    assert "did you mean 'werkplein'? known forums: werkplein, demo" in text


def test_two_forums_need_a_default(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE + '[forums.demo]\nkind = "demo"\n')
    assert "[default_forum] missing required key: which of the forums" in text
    assert "(werkplein, demo)" in text
    assert 'default_forum = "werkplein"' in text


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('url = "https://forum.example.nl"\n', "url"),
        ('api_username = "jdevries"\n', "api_username"),
    ],
)
def test_discourse_without_required_key(tmp_path: Path, line: str, key: str) -> None:
    text = message(tmp_path, DISCOURSE.replace(line, ""))
    assert f"[forums.werkplein.{key}] missing required key '{key}'" in text
    assert f"add {key} = " in text


def test_missing_kind(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace('kind = "discourse"\n', ""))
    assert "[forums.werkplein.kind] missing required key 'kind'" in text


def test_discourse_without_key_source(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace('api_key_env = "DESKAPP_API_KEY"\n', ""))
    assert "[forums.werkplein] missing API key" in text
    assert 'api_key_env = "DESKAPP_API_KEY"' in text
    assert "api_key_command" in text


def test_two_key_sources_are_refused(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE + 'api_key_command = "pass show x"\n')
    assert "more than one API key source (api_key_env, api_key_command)" in text
    assert "keep exactly one" in text


def test_key_in_env_name_is_caught_without_echo(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace("DESKAPP_API_KEY", KEY))
    assert "looks like the API key itself" in text
    assert KEY not in text


def test_bad_env_name(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE.replace("DESKAPP_API_KEY", "$DESKAPP"))
    assert "must be the name of an environment variable" in text


def test_unsplittable_command(tmp_path: Path) -> None:
    bad = 'api_key_command = "pass show \'x"\n'
    text = message(
        tmp_path, DISCOURSE.replace('api_key_env = "DESKAPP_API_KEY"\n', bad)
    )
    assert "[forums.werkplein.api_key_command] cannot split the command" in text


def test_demo_forum_refuses_discourse_keys(tmp_path: Path) -> None:
    text = message(tmp_path, '[forums.d]\nkind = "demo"\nurl = "https://x.nl"\n')
    assert "[forums.d.url] a demo forum does not use 'url'" in text


def test_discourse_forum_refuses_a_path(tmp_path: Path) -> None:
    text = message(tmp_path, DISCOURSE + 'path = "x.sqlite"\n')
    assert "[forums.werkplein.path] a discourse forum has no path" in text


def test_bad_forum_name(tmp_path: Path) -> None:
    text = message(tmp_path, '[forums."mijn forum"]\nkind = "demo"\n')
    assert "[forums.\"mijn forum\"] 'mijn forum' is not a usable forum name" in text


def test_no_forums_defined(tmp_path: Path) -> None:
    text = message(tmp_path, 'language = "nl"\n')
    assert "[forums] no forums defined" in text
    assert "deskapp setup" in text


def test_empty_file_has_no_forums(tmp_path: Path) -> None:
    assert "no forums defined" in message(tmp_path, "")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, DISCOURSE)

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "cannot read the config file: permission denied" in str(info.value)
    assert f"chmod 600 {path}" in str(info.value)


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root reads every file"
)
def test_unreadable_file_for_real(tmp_path: Path) -> None:
    path = write(tmp_path, DISCOURSE, mode=0o000)
    with pytest.raises(ConfigError, match="permission denied"):
        load_config(path)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf/config.toml").write_text(DISCOURSE)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "conf")
    text = str(info.value)
    assert "this is a directory, not a config file" in text
    assert f"use the file inside it: {tmp_path / 'conf/config.toml'}" in text


def test_default_path_that_is_a_directory_is_an_error() -> None:
    default_config_path().mkdir(parents=True)
    with pytest.raises(ConfigError, match="is a directory"):
        load_config()


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[forums.d]\nkind = "demo"\n# caf\xe9\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert "not UTF-8 text (byte 0xe9 on line 3)" in text
    assert "save it as UTF-8" in text


def test_utf8_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'\xef\xbb\xbf[forums.d]\nkind = "demo"\n')
    assert load_config(path).default_forum == "d"


# --- API keys -----------------------------------------------------------------


def key_in_file(tmp_path: Path, mode: int) -> Path:
    """A config with the key written in it, with the given permissions."""
    text = DISCOURSE.replace('api_key_env = "DESKAPP_API_KEY"', f'api_key = "{KEY}"')
    return write(tmp_path, text, mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_key_in_readable_file_is_refused(tmp_path: Path, mode: int) -> None:
    path = key_in_file(tmp_path, mode)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    text = str(info.value)
    assert f"{path}: [forums.werkplein.api_key]" in text
    assert f"other users can read it (permissions {mode:04o})" in text
    assert f"chmod 600 {path}" in text
    assert KEY not in text


def test_key_in_private_file_is_used(tmp_path: Path) -> None:
    forum = load_config(key_in_file(tmp_path, 0o600)).forum()
    assert forum.resolve_api_key() == KEY


def test_repr_hides_the_key(tmp_path: Path) -> None:
    config = load_config(key_in_file(tmp_path, 0o600))
    assert KEY not in repr(config.forum())
    assert KEY not in repr(config)


def test_key_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DESKAPP_API_KEY", f"  {KEY}\n")
    assert load_config(write(tmp_path, DISCOURSE)).forum().resolve_api_key() == KEY


def test_unset_environment_variable(tmp_path: Path) -> None:
    forum = load_config(write(tmp_path, DISCOURSE)).forum()
    with pytest.raises(ConfigError) as info:
        forum.resolve_api_key()
    text = str(info.value)
    assert f"{tmp_path / 'config.toml'}: [forums.werkplein.api_key_env]" in text
    assert "forum 'werkplein'" in text
    assert "$DESKAPP_API_KEY, but that variable is not set" in text
    assert "export DESKAPP_API_KEY=" in text


def command_forum(code: str) -> ForumProfile:
    """A discourse profile whose key comes from ``python -c code``."""
    command = shlex.join([sys.executable, "-c", code])
    return ForumProfile(
        name="werkplein",
        kind="discourse",
        url="https://forum.example.nl",
        api_username="jdevries",
        api_key_command=command,
    )


def test_key_from_command() -> None:
    forum = command_forum(f"print('  {KEY}  '); print('login: jdevries')")
    assert forum.resolve_api_key() == KEY


def test_key_command_loaded_from_file(tmp_path: Path) -> None:
    command = shlex.join([sys.executable, "-c", f"print({KEY!r})"])
    forum = {
        "kind": "discourse",
        "url": "https://forum.example.nl",
        "api_username": "jdevries",
        "api_key_command": command,
    }
    path = tmp_path / "config.toml"
    write_config(path, {"forums": {"werkplein": forum}})
    assert load_config(path).forum().resolve_api_key() == KEY


def test_failing_command_names_status_and_stderr_but_not_the_key() -> None:
    code = (
        "import sys; print('half-a-key-1234'); "
        "print('gpg: decryption failed: No secret key', file=sys.stderr); "
        "print('second line', file=sys.stderr); sys.exit(2)"
    )
    with pytest.raises(ConfigError) as info:
        command_forum(code).resolve_api_key()
    text = str(info.value)
    assert "forum 'werkplein'" in text
    assert "exited with status 2" in text
    assert "gpg: decryption failed: No secret key" in text
    assert "second line" not in text
    assert "half-a-key-1234" not in text


def test_stderr_that_repeats_the_output_is_redacted() -> None:
    code = f"import sys; print({KEY!r}); sys.exit('bad key {KEY}')"
    with pytest.raises(ConfigError) as info:
        command_forum(code).resolve_api_key()
    assert KEY not in str(info.value)
    assert "[redacted]" in str(info.value)


def test_command_that_prints_nothing() -> None:
    with pytest.raises(ConfigError, match="printed nothing"):
        command_forum("pass").resolve_api_key()


def test_command_not_found() -> None:
    forum = ForumProfile(
        name="w", kind="discourse", api_key_command="no-such-program-xyz show"
    )
    with pytest.raises(ConfigError) as info:
        forum.resolve_api_key()
    assert "program 'no-such-program-xyz' not found" in str(info.value)


def test_command_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("deskapp.config.KEY_COMMAND_TIMEOUT", 0.5)
    with pytest.raises(ConfigError, match="did not finish within"):
        command_forum("import time; time.sleep(5)").resolve_api_key()


# --- writing ----------------------------------------------------------------


def test_write_config_round_trips_with_mode_0600(tmp_path: Path) -> None:
    path = tmp_path / "new/dir/config.toml"
    data = {"language": "en", "forums": {"d": {"kind": "demo"}}}
    write_config(path, data)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    config = load_config(path)
    assert isinstance(config, Config)
    assert config.language == "en"


def test_write_config_tightens_an_existing_file(tmp_path: Path) -> None:
    path = write(tmp_path, "old", mode=0o644)
    write_config(path, {"forums": {"d": {"kind": "demo"}}})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_write_config_is_atomic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, DISCOURSE)

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ConfigError, match="No space left on device"):
        write_config(path, {"forums": {"d": {"kind": "demo"}}})
    assert path.read_text() == DISCOURSE
    assert not list(tmp_path.glob(".config.toml.*")), "temporary file left behind"


def test_write_config_follows_a_symlink(tmp_path: Path) -> None:
    real = write(tmp_path, DISCOURSE)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    write_config(link, {"forums": {"d": {"kind": "demo"}}})
    assert link.is_symlink()
    assert 'kind = "demo"' in real.read_text()


# --- answer templates ----------------------------------------------------------


def test_templates_table_paths_follow_the_config_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[forums.d]\nkind = "demo"\n[templates]\n'
        'team = ["sjablonen/team.toml", "/srv/wmo.toml"]\n'
        'personal_dir = "~/mijn-sjablonen"\nwerkplein = "Werkplein Eemsdelta"\n',
    )
    templates = load_config(path).templates
    assert templates.team == (tmp_path / "sjablonen/team.toml", Path("/srv/wmo.toml"))
    assert templates.personal_dir == tmp_path / "home/mijn-sjablonen"
    assert templates.werkplein == "Werkplein Eemsdelta"


def test_without_templates_table_no_team_is_named(tmp_path: Path) -> None:
    templates = load_config(write(tmp_path, DISCOURSE)).templates
    assert (templates.team, templates.personal_dir) == (None, None)
    assert templates.werkplein == "Werkplein"
    empty = write(tmp_path, DISCOURSE + "[templates]\nteam = []\n")
    assert load_config(empty).templates.team == ()


def test_templates_mistakes_name_the_key(tmp_path: Path) -> None:
    typo = message(tmp_path, DISCOURSE + '[templates]\nteams = ["a.toml"]\n')
    assert "[templates.teams] unknown key 'teams'" in typo
    assert "did you mean 'team'?" in typo
    text = message(tmp_path, DISCOURSE + '[templates]\nteam = "a.toml"\n')
    assert "[templates.team] expected a list of texts" in text
    assert 'team = ["a.toml"]' in text
    empty = message(tmp_path, DISCOURSE + '[templates]\nwerkplein = " "\n')
    assert "[templates.werkplein] must not be empty" in empty


def test_example_file_names_the_werkplein() -> None:
    assert load_config(EXAMPLE).templates.werkplein == "Werkplein Eemsdelta"


# --- [forums.NAME.data_explorer] ----------------------------------------------


def test_data_explorer_query_ids_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path, DISCOURSE + "[forums.werkplein.data_explorer]\nsuccess_query = 12\n"
    )
    assert load_config(path).forum().data_explorer.success_query == 12
    plain = load_config(write(tmp_path, DISCOURSE))
    assert plain.forum().data_explorer.success_query is None


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "success_query = 0",
            "must be the id of a saved data explorer query (1 or more), got 0",
        ),
        ('success_query = "12"', "expected a whole number, got the text '12'"),
        ("sucess_query = 12", "did you mean 'success_query'?"),
    ],
)
def test_data_explorer_keys_are_checked(
    tmp_path: Path, table: str, expected: str
) -> None:
    text = message(tmp_path, DISCOURSE + f"[forums.werkplein.data_explorer]\n{table}\n")
    assert "forums.werkplein.data_explorer." in text
    assert expected in text


def test_a_demo_forum_has_no_data_explorer(tmp_path: Path) -> None:
    text = message(tmp_path, '[forums.d]\nkind = "demo"\n[forums.d.data_explorer]\n')
    assert "a demo forum does not use 'data_explorer'" in text
