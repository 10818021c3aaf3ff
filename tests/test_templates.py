"""Answer templates: loading, rendering, ranking and saving personal ones."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest

from deskapp.config import Config, TemplatesConfig, demo_config
from deskapp.models import Person, Role, Template, TemplateSource
from deskapp.templates import (
    EXAMPLE_FILE,
    Scope,
    TemplateContext,
    TemplateError,
    TemplateLibrary,
    is_stale,
    load_library,
    personal_dir,
)

TODAY = date(2026, 11, 29)
CLIENT = Person("fatima_y", "Fatima Yilmaz", Role.CLIENT)
STAFF = Person("sanne.werkplein", "Sanne de Vries", Role.STAFF)
PEER = Person("bas77", "", Role.PEER)
CONTEXT = TemplateContext(
    today=TODAY, client=CLIENT, staff=STAFF, werkplein="Werkplein Eemsdelta",
    question_title="Hoe lang duurt mijn aanvraag?", url="https://forum.example.nl/t/7",
    category_slug="inkomen-uitkering", reply_to=PEER, last_poster=CLIENT,
)  # fmt: skip

TEAM = """\
[[template]]
slug = "wachttijd"
name = "Wachttijd aanvraag"
categories = ["inkomen-uitkering"]
tags = ["participatiewet"]
review_by = 2026-12-31
body = "Beste {client}, uw aanvraag van {datum} is in behandeling."

[[template]]
name = "Afspraak voorbereiden"
categories = ["gesprekken-voorbereiden"]
body = "Neem uw identiteitsbewijs mee."

[[template]]
name = "Kapot"
bodyy = "typo"
"""


class FakeUsage:
    """A dict-backed usage log, as the store keeps it."""

    def __init__(self, uses: dict[str, int] | None = None) -> None:
        self.uses = dict(uses or {})

    def template_uses(self) -> dict[str, int]:
        return dict(self.uses)

    def record_template_use(self, key: str) -> None:
        self.uses[key] = self.uses.get(key, 0) + 1


def config_for(tmp_path: Path, team: tuple[Path, ...] | None = ()) -> Config:
    """A config file in ``tmp_path`` naming ``team`` files (None: none named)."""
    templates = TemplatesConfig(team=team, werkplein="Werkplein Eemsdelta")
    return dataclasses.replace(
        demo_config(), path=tmp_path / "config.toml", templates=templates
    )


def personal(tmp_path: Path, slug: str, text: str) -> Path:
    """Write a personal template file beside the config in ``tmp_path``."""
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    path = folder / f"{slug}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def team_file(tmp_path: Path, text: str = TEAM, name: str = "team.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def library(tmp_path: Path, **kwargs: object) -> TemplateLibrary:
    """The library of ``tmp_path``'s config with the team file of TEAM."""
    config = config_for(tmp_path, (team_file(tmp_path),))
    return load_library(config, FakeUsage(), **kwargs)  # type: ignore[arg-type]


def plain(body: str, key: str = "personal:x", **kwargs: object) -> Template:
    return Template(key=key, name="x", body=body, **kwargs)  # type: ignore[arg-type]


# --- loading ---------------------------------------------------------------------


def test_personal_templates_load_from_the_config_folder(tmp_path: Path) -> None:
    personal(
        tmp_path, "reiskosten",
        'name = "Reiskosten"\nbody = """\nBeste {client},\n"""\n'
        'categories = ["werk-reintegratie"]\ntags = ["ww"]\nreview_by = 2027-01-01\n',
    )  # fmt: skip
    lib = library(tmp_path)
    template = lib.get("personal:reiskosten")
    assert template == Template(
        key="personal:reiskosten", name="Reiskosten", body="Beste {client},",
        source=TemplateSource.PERSONAL, categories=("werk-reintegratie",),
        tags=("ww",), review_by=date(2027, 1, 1),
    )  # fmt: skip
    assert [p.path.name for p in lib.problems] == ["team.toml"]  # its 3rd template


def test_personal_folder_defaults_beside_the_config(tmp_path: Path) -> None:
    assert personal_dir(config_for(tmp_path)) == tmp_path / "templates"
    moved = dataclasses.replace(
        config_for(tmp_path), templates=TemplatesConfig(personal_dir=tmp_path / "x")
    )
    assert personal_dir(moved) == tmp_path / "x"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('name = "A"\nbody = "b\n', "TOML-fout"),
        ('name = "A"\nbdy = "b"\n', "onbekende sleutel 'bdy' (bedoelt u 'body'?"),
        ('name = "A"\n', "body ontbreekt of is leeg"),
        ('name = "A"\nbody = "b"\nreview_by = "2027-01-01"\n',
         "zonder aanhalingstekens: review_by = 2027-01-01"),
        ('name = "A"\nbody = "b"\ntags = "ww"\n', 'tags = ["a", "b"]'),
    ],
)  # fmt: skip
def test_a_broken_personal_file_is_skipped_and_reported(
    tmp_path: Path, text: str, problem: str
) -> None:
    personal(tmp_path, "goed", 'name = "Goed"\nbody = "Prima."\n')
    personal(tmp_path, "kapot", text)
    lib = library(tmp_path)
    assert lib.get("personal:goed") is not None
    assert lib.get("personal:kapot") is None
    assert [p.path.name for p in lib.problems] == ["kapot.toml", "team.toml"]
    assert problem in str(lib.problems[0])


def test_a_file_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    personal(tmp_path, "latin", "")
    (tmp_path / "templates" / "latin.toml").write_bytes(b'name = "Caf\xe9"\n')
    assert "geen UTF-8" in str(library(tmp_path).problems[0])


def test_a_file_name_that_is_not_a_slug_is_reported(tmp_path: Path) -> None:
    personal(tmp_path, "Mijn Groet", 'name = "Groet"\nbody = "Hoi"\n')
    lib = library(tmp_path)
    assert lib.get("personal:Mijn Groet") is None
    assert str(lib.problems[0]).startswith("Mijn Groet.toml: bestandsnaam: alleen a-z")


def test_team_file_templates_load_read_only(tmp_path: Path) -> None:
    lib = library(tmp_path)
    keys = sorted(t.key for t in lib.templates if t.source is TemplateSource.TEAM)
    assert keys == ["team:team:afspraak-voorbereiden", "team:team:wachttijd"]
    assert str(lib.problems[0]) == (
        "team.toml: sjabloon 3: onbekende sleutel 'bodyy' (bedoelt u 'body'? "
        "geldig: name, body, categories, tags, review_by, slug)"
    )
    wachttijd = lib.get("team:team:wachttijd")
    assert wachttijd is not None
    assert wachttijd.review_by == date(2026, 12, 31)
    assert not lib.is_editable(wachttijd)


def test_a_missing_team_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    config = config_for(tmp_path, (tmp_path / "weg.toml",))
    lib = load_library(config, FakeUsage())
    assert [str(p) for p in lib.problems] == [
        "weg.toml: niet gevonden (genoemd in [templates] team)"
    ]


def test_same_key_twice_keeps_the_first(tmp_path: Path) -> None:
    one = team_file(tmp_path, TEAM)
    (tmp_path / "b").mkdir()
    two = team_file(tmp_path / "b", TEAM)
    lib = load_library(config_for(tmp_path, (one, two)), FakeUsage())
    assert len([t for t in lib.templates if t.key == "team:team:wachttijd"]) == 1
    assert any("komt al eerder voor" in str(p) for p in lib.problems)


def test_no_team_files_named_offers_the_example_set(tmp_path: Path) -> None:
    lib = load_library(config_for(tmp_path, team=None), FakeUsage())
    assert len(lib.templates) >= 6
    assert {t.source for t in lib.templates} == {TemplateSource.TEAM}
    assert lib.problems == ()
    none = load_library(config_for(tmp_path, team=()), FakeUsage())
    assert none.templates == ()


def test_the_example_set_asks_for_amounts_instead_of_stating_them() -> None:
    data = tomllib.loads(EXAMPLE_FILE.read_text(encoding="utf-8"))
    for table in data["template"]:
        assert "€" not in table["body"], table["name"]
        assert "{staff}" in table["body"] and "{client}" in table["body"]


def test_forum_templates_are_listed_read_only(tmp_path: Path) -> None:
    forum = Template("forum:12", "Welkom", "Hoi %{reply_to_username}",
                     source=TemplateSource.FORUM, forum_id=12)  # fmt: skip
    lib = library(tmp_path, forum_templates=[forum])
    assert lib.get("forum:12") == forum
    with pytest.raises(TemplateError, match="die past u op het forum aan"):
        lib.save(forum)


# --- rendering ---------------------------------------------------------------------


def test_render_fills_in_the_context(tmp_path: Path) -> None:
    lib = library(tmp_path)
    body = "Beste {client},\n{question_title}\n{today}\n{staff}, {werkplein}"
    assert lib.render(plain(body), CONTEXT) == (
        "Beste Fatima Yilmaz,\nHoe lang duurt mijn aanvraag?\n29 november 2026\n"
        "Sanne de Vries, Werkplein Eemsdelta"
    )


def test_render_uses_the_config_werkplein_and_language(tmp_path: Path) -> None:
    config = dataclasses.replace(config_for(tmp_path), language="en")
    lib = load_library(config, FakeUsage())
    context = dataclasses.replace(CONTEXT, werkplein="")
    assert lib.render(plain("{werkplein} {today}"), context) == (
        "Werkplein Eemsdelta November 29, 2026"
    )


def test_double_braces_are_literal_braces(tmp_path: Path) -> None:
    lib = library(tmp_path)
    template = plain("{{client}} is {client}; {{ }} and {} and { x }")
    assert lib.render(template, CONTEXT) == (
        "{client} is Fatima Yilmaz; { } and {} and { x }"
    )
    assert lib.fields(template, CONTEXT) == []


def test_custom_fields_are_asked_once_in_order(tmp_path: Path) -> None:
    lib = library(tmp_path)
    template = plain("{bedrag} per {periode}, dus {bedrag}. {client} {today}")
    assert lib.fields(template, CONTEXT) == ["bedrag", "periode"]
    assert lib.render(template, CONTEXT, {"bedrag": "€ 12", "periode": "maand"}) == (
        "€ 12 per maand, dus € 12. Fatima Yilmaz 29 november 2026"
    )
    # a field not yet given stays visible as a placeholder (the preview)
    assert lib.render(template, CONTEXT, {"bedrag": "€ 12"}).startswith(
        "€ 12 per {periode}"
    )


def test_discourse_placeholders_come_from_the_same_context(tmp_path: Path) -> None:
    lib = library(tmp_path)
    body = (
        "@%{reply_to_username} %{my_name} (%{my_username}) over "
        "%{topic_title} %{topic_url} aan %{original_poster_name}"
        " / %{last_poster_username} / %{reply_to_name,fallback:daar}"
    )
    assert lib.render(plain(body), CONTEXT) == (
        "@bas77 Sanne de Vries (sanne.werkplein) over Hoe lang duurt mijn aanvraag?"
        " https://forum.example.nl/t/7 aan Fatima Yilmaz / fatima_y / bas77"
    )


def test_discourse_fallbacks_and_unknown_names(tmp_path: Path) -> None:
    lib = library(tmp_path)
    context = dataclasses.replace(CONTEXT, reply_to=None)
    template = plain(
        "Hoi %{reply_to_username,fallback:allemaal}%{reply_to_name}, "
        "%{loket,fallback:het loket} %{termijn} %{termijn}"
    )
    assert lib.fields(template, context) == ["termijn"]
    assert lib.render(template, context, {"termijn": "6 weken"}) == (
        "Hoi allemaal, het loket 6 weken 6 weken"
    )
    assert lib.render(template, context).endswith("%{termijn} %{termijn}")


def test_forum_text_in_the_context_cannot_smuggle_escapes(tmp_path: Path) -> None:
    lib = library(tmp_path)
    hostile = Person("x", "Eve\x1b]52;c;ZXZpbA==\x07\u202e\nDrop", Role.CLIENT)
    context = dataclasses.replace(CONTEXT, client=hostile, question_title="a\x1b[2Jb")
    assert lib.render(plain("{client}|{question_title}"), context) == (
        "Eve\u241b⟪U+202E⟫ Drop|a\u241bb"  # neutralised, and visible
    )
    forum = plain("Hoi\x1b[2J %{topic_title}\u202e", source=TemplateSource.FORUM)
    assert lib.render(forum, context) == "Hoi\u241b a\u241bb⟪U+202E⟫"


def test_context_for_a_thread_names_who_is_replied_to() -> None:
    from tests.factories import ADVISER, make_thread
    from tests.factories import CLIENT as ASKER

    thread = make_thread(7, "Kostendelersnorm", [ASKER, ADVISER])
    context = TemplateContext.for_thread(
        thread, today=TODAY, staff=STAFF, category_slug="inkomen-uitkering",
        reply_to=2,
    )  # fmt: skip
    assert context.client == ASKER
    assert context.reply_to == ADVISER
    assert context.last_poster == thread.question.last_poster
    assert context.question_title == "Kostendelersnorm"


def test_stale_after_the_review_date() -> None:
    template = plain("x", review_by=date(2026, 11, 28))
    assert is_stale(template, TODAY)
    assert not is_stale(template, date(2026, 11, 28))
    assert not is_stale(plain("x"), TODAY)


# --- ranking ---------------------------------------------------------------------


def test_rank_puts_the_question_scope_first(tmp_path: Path) -> None:
    personal(tmp_path, "algemeen", 'name = "Meer informatie nodig"\nbody = "b"\n')
    lib = library(tmp_path)
    ranked = lib.rank("", "inkomen-uitkering", ())
    assert [(r.template.name, r.scope) for r in ranked] == [
        ("Wachttijd aanvraag", Scope.MATCH),
        ("Meer informatie nodig", Scope.GENERAL),
        ("Afspraak voorbereiden", Scope.OTHER),
    ]
    by_tag = lib.rank("", "zorg-wmo", ("participatiewet",))
    assert by_tag[0].template.name == "Wachttijd aanvraag"


def test_a_template_of_the_category_ranks_above_one_sharing_a_tag(
    tmp_path: Path,
) -> None:
    personal(tmp_path, "a", 'name = "Aa tag"\nbody = "b"\ntags = ["spoed"]\n')
    personal(tmp_path, "z", 'name = "Zz schulden"\nbody = "b"\n'
             'categories = ["schulden"]\n')  # fmt: skip
    ranked = library(tmp_path).rank("", "schulden", ("spoed",))
    assert [r.template.name for r in ranked[:2]] == ["Zz schulden", "Aa tag"]


def test_rank_filters_by_fuzzy_query_with_typos(tmp_path: Path) -> None:
    lib = library(tmp_path)
    assert [r.template.name for r in lib.rank("afsprak", "zorg-wmo")] == [
        "Afspraak voorbereiden"
    ]
    assert [r.template.name for r in lib.rank("identiteitsbewijs")] == [
        "Afspraak voorbereiden"
    ]
    assert lib.rank("xyzzy") == []


def test_rank_breaks_ties_by_usage_and_counts_use(tmp_path: Path) -> None:
    personal(tmp_path, "a", 'name = "Aanvraag A"\nbody = "b"\n')
    personal(tmp_path, "b", 'name = "Aanvraag B"\nbody = "b"\n')
    usage = FakeUsage({"personal:b": 2})
    lib = load_library(config_for(tmp_path), usage)
    assert [r.template.key for r in lib.rank("aanvraag")] == [
        "personal:b", "personal:a"
    ]  # fmt: skip
    for _ in range(3):
        lib.record_use("personal:a")
    assert usage.uses == {"personal:b": 2, "personal:a": 3}
    assert lib.rank("aanvraag")[0].template.key == "personal:a"


# --- saving -----------------------------------------------------------------------


def test_save_writes_a_file_that_loads_back(tmp_path: Path) -> None:
    lib = library(tmp_path)
    new = Template(
        key="", name="Wachttijd Wmo", body='Beste {client},\n\n"Zes" weken.\n',
        categories=("zorg-wmo",), tags=("wmo",), review_by=date(2027, 3, 1),
    )  # fmt: skip
    saved = lib.save(new)
    assert saved.key == "personal:wachttijd-wmo"
    assert saved.source is TemplateSource.PERSONAL
    path = tmp_path / "templates" / "wachttijd-wmo.toml"
    assert os.stat(path).st_mode & 0o077 == 0
    assert [p.name for p in path.parent.iterdir()] == ["wachttijd-wmo.toml"]
    again = load_library(config_for(tmp_path, (tmp_path / "team.toml",)), FakeUsage())
    assert again.get(saved.key) == saved
    assert lib.get(saved.key) == saved


def test_save_edits_in_place_and_new_names_get_unique_files(tmp_path: Path) -> None:
    lib = library(tmp_path)
    first = lib.save(Template("", "Wachttijd", "een"))
    second = lib.save(Template("", "Wachttijd", "twee"))
    assert (first.key, second.key) == ("personal:wachttijd", "personal:wachttijd-2")
    edited = lib.save(dataclasses.replace(first, name="Wachttijd (oud)", body="drie"))
    assert edited.key == first.key
    text = (tmp_path / "templates" / "wachttijd.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["name"] == "Wachttijd (oud)"


def test_save_needs_a_name_and_a_body(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="naam en een tekst"):
        library(tmp_path).save(Template("", "  ", "tekst"))


def test_a_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lib = library(tmp_path)
    saved = lib.save(Template("", "Oud", "oude tekst"))

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(TemplateError, match="niet opslaan: No space left"):
        lib.save(dataclasses.replace(saved, body="nieuwe tekst"))
    folder = tmp_path / "templates"
    assert [p.name for p in folder.iterdir()] == ["oud.toml"]
    assert "oude tekst" in (folder / "oud.toml").read_text(encoding="utf-8")
    assert lib.get(saved.key) == saved


def test_team_templates_cannot_be_edited_or_deleted(tmp_path: Path) -> None:
    lib = library(tmp_path)
    team = lib.get("team:team:wachttijd")
    assert team is not None
    with pytest.raises(TemplateError, match=r"is een teamsjabloon.*Maak een kopie"):
        lib.save(dataclasses.replace(team, body="anders"))
    with pytest.raises(TemplateError, match="teamsjabloon"):
        lib.delete(team.key)
    assert "aanvraag van {datum}" in (tmp_path / "team.toml").read_text()


def test_duplicate_makes_a_personal_copy(tmp_path: Path) -> None:
    lib = library(tmp_path)
    team = lib.get("team:team:wachttijd")
    assert team is not None
    copy = lib.duplicate(team)
    again = lib.duplicate(team)
    assert (copy.name, again.name) == (
        "Wachttijd aanvraag (kopie)", "Wachttijd aanvraag (kopie 2)"
    )  # fmt: skip
    assert copy.key == "personal:wachttijd-aanvraag-kopie"
    assert (copy.body, copy.categories, copy.review_by) == (
        team.body, team.categories, team.review_by
    )  # fmt: skip
    assert lib.is_editable(copy)
    assert (tmp_path / "templates" / "wachttijd-aanvraag-kopie.toml").is_file()


def test_delete_removes_the_file(tmp_path: Path) -> None:
    lib = library(tmp_path)
    saved = lib.save(Template("", "Weg", "tekst"))
    lib.delete(saved.key)
    assert lib.get(saved.key) is None
    assert list((tmp_path / "templates").iterdir()) == []
    with pytest.raises(TemplateError, match="bestaat niet"):
        lib.delete(saved.key)


def test_the_core_module_loads_no_ui() -> None:
    code = (
        "import sys, datetime, deskapp.templates as t\n"
        "t.long_date(datetime.date(2026, 1, 1))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
