"""Answer templates: load, rank, render placeholders, save personal ones.

Three sources, each a :class:`~deskapp.models.Template`:

- personal: one TOML file per template (``<slug>.toml``) in ``templates/``
  beside the config file (or ``[templates] personal_dir``); the desk creates,
  edits, duplicates and deletes them, writing atomically;
- team: TOML files named by ``[templates] team``, many ``[[template]]`` tables
  each; read-only. Without that key the built-in example set
  (``deskapp/data/templates/werkplein.toml``) is offered;
- forum: the forum's own templates (Discourse's templates plugin), read-only.

A broken file never stops the desk: it is skipped and described in
:attr:`TemplateLibrary.problems`. Placeholders are ``{client}``, ``{staff}``,
``{werkplein}``, ``{today}`` and ``{question_title}``; Discourse's
``%{name}``/``%{name,fallback:text}`` are filled from the same context; any
other name is a custom field the picker asks for. ``{{``/``}}`` are braces.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum
from pathlib import Path
from typing import Any, Protocol

import tomli_w
from rapidfuzz import fuzz, utils

from deskapp import i18n
from deskapp.config import Config, default_config_path, write_atomic
from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.models import Person, Template, TemplateSource, Thread
from deskapp.text import clean, one_line

__all__ = [
    "BUILTINS",
    "EXAMPLE_FILE",
    "Ranked",
    "Scope",
    "TemplateContext",
    "TemplateError",
    "TemplateLibrary",
    "TemplateProblem",
    "UsageLog",
    "cleaned",
    "is_stale",
    "load_library",
    "long_date",
    "personal_dir",
]

EXAMPLE_FILE = Path(__file__).parent / "data" / "templates" / "werkplein.toml"
"""The example team file offered when the config names no team files."""
PERSONAL = "personal:"
BUILTINS = ("client", "staff", "werkplein", "today", "question_title")
MIN_SCORE = 70.0
"""Templates scoring below this for a typed query are left out of the list."""
BODY_HIT = 85.0
"""A body counts only where it holds (nearly) the query itself: short queries
match some three letters of every long text."""

_TOKEN = re.compile(
    r"%\{(?P<forum>\w+)(?:,\s*fallback:(?P<fallback>[^}]*))?\}"
    r"|\{\{|\}\}|\{(?P<name>[^\W\d]\w*)\}"
)
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_KEYS = ("name", "body", "categories", "tags", "review_by")


def _name_rule() -> str:
    """What a personal template's file name may hold."""
    return _("bestandsnaam: alleen a-z, 0-9 en -, bijv. wachttijd-bijstand.toml")


def _not_mine(name: str, source: TemplateSource) -> str:
    """Why template ``name`` from a team file or the forum cannot be changed."""
    if source is TemplateSource.TEAM:
        text = _(
            "'{name}' is een teamsjabloon: het team beheert die in het"
            " teambestand. Maak een kopie om hem zelf aan te passen."
        )
    else:
        text = _(
            "'{name}' is een sjabloon van het forum: die past u op het forum aan."
            " Maak een kopie om hem zelf aan te passen."
        )
    return text.format(name=name)


class TemplateError(DeskError):
    """A template cannot be saved, changed or removed; the message says why."""

    @property
    def title(self) -> str:  # type: ignore[override]
        """``Sjabloon`` in the desk's language."""
        return _("Sjabloon")


class UsageLog(Protocol):
    """Where template use is counted (the store)."""

    def template_uses(self) -> dict[str, int]:
        """How often each template key was used."""
        ...

    def record_template_use(self, key: str) -> None:
        """Count one use of template ``key``."""
        ...


@dataclass(frozen=True)
class TemplateProblem:
    """A template file (or one template in it) that was skipped, and why."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"


@dataclass(frozen=True, kw_only=True)
class TemplateContext:
    """What a template's placeholders are filled in from."""

    today: date
    client: Person | None = None
    staff: Person | None = None
    werkplein: str = ""
    """Empty: the name from the config (``[templates] werkplein``)."""
    question_title: str = ""
    url: str = ""
    category_slug: str = ""
    tags: tuple[str, ...] = ()
    reply_to: Person | None = None
    last_poster: Person | None = None

    @classmethod
    def for_thread(
        cls, thread: Thread, *, today: date, staff: Person | None,
        category_slug: str = "", reply_to: int | None = None, werkplein: str = "",
    ) -> TemplateContext:  # fmt: skip
        """The context of a reply in ``thread`` (to post number ``reply_to``)."""
        question = thread.question
        post = next((p for p in thread.posts if p.number == reply_to), None)
        return cls(
            today=today, client=question.author, staff=staff, werkplein=werkplein,
            question_title=question.title, url=question.url,
            category_slug=category_slug, tags=question.tags,
            reply_to=post.author if post else None, last_poster=question.last_poster,
        )  # fmt: skip


class Scope(IntEnum):
    """How a template fits the question at hand (lower sorts first)."""

    MATCH = 0
    """Meant for the question's category or one of its tags."""
    GENERAL = 1
    """Meant for every category."""
    OTHER = 2
    """Meant for other categories."""


@dataclass(frozen=True)
class Ranked:
    """A template as the picker lists it."""

    template: Template
    scope: Scope
    score: float
    uses: int
    fit: int = 0
    """How closely an in-scope template fits: 2 for the category, 1 per tag."""


def cleaned(template: Template) -> Template:
    """``template`` with its name, body, categories and tags through the text
    gate: what an Input or TextArea shows reaches the terminal as it is."""
    return dataclasses.replace(
        template,
        name=one_line(template.name),
        body=clean(template.body),
        categories=tuple(one_line(c) for c in template.categories),
        tags=tuple(one_line(t) for t in template.tags),
    )


def is_stale(template: Template, today: date) -> bool:
    """True when the template's ``review_by`` date has passed."""
    return template.review_by is not None and template.review_by < today


def long_date(day: date, language: str | None = None) -> str:
    """``day`` written out by Babel in ``language`` (default: the desk's
    language), e.g. "29 november 2026" in Dutch, "November 29, 2026" in English."""
    from babel.dates import format_date  # imported on first use: not at startup

    wanted = language if language in i18n.LANGUAGES else i18n.language()
    return format_date(day, format="long", locale=wanted)


def personal_dir(config: Config) -> Path:
    """The folder of personal templates: configured, else beside the config."""
    if config.templates.personal_dir is not None:
        return config.templates.personal_dir
    home = config.path.parent if config.path else default_config_path().parent
    return home / "templates"


# --- reading files -----------------------------------------------------------


class _Bad(ValueError):
    """One template or file is unusable; the message is for the problem list."""


def _read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's tables; every failure becomes :class:`_Bad`."""
    try:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        return tomllib.loads(text)
    except OSError as err:
        why = _("kan niet worden gelezen ({reason})").format(reason=err.strerror)
        raise _Bad(why) from err
    except UnicodeDecodeError as err:
        raise _Bad(_("is geen UTF-8-tekst; sla het op als UTF-8")) from err
    except tomllib.TOMLDecodeError as err:
        raise _Bad(_("TOML-fout: {error}").format(error=err)) from err


def _texts(value: Any, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        raise _Bad(
            _('{key} moet een lijst teksten zijn, bijv. {key} = ["a", "b"]').format(
                key=key
            )
        )
    return tuple(v.strip() for v in value)


def _text(table: Mapping[str, Any], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _Bad(
            _("{key} ontbreekt of is leeg (tekst tussen aanhalingstekens)").format(
                key=key
            )
        )
    return value.strip("\n") if key == "body" else value.strip()


def _review_by(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, str):
        raise _Bad(
            _(
                "review_by moet een datum zijn, bijv. review_by = 2027-01-01 zonder"
                " aanhalingstekens: review_by = {value}"
            ).format(value=value)
        )
    raise _Bad(_("review_by moet een datum zijn, bijv. review_by = 2027-01-01"))


def _template(
    table: Any, key: str, source: TemplateSource, extra: Sequence[str] = ()
) -> Template:
    """Build a template from one TOML table, strictly."""
    if not isinstance(table, dict):
        raise _Bad(_("is geen tabel"))
    for name in table:
        if name not in (*_KEYS, *extra):
            valid = [*_KEYS, *extra]
            close = difflib.get_close_matches(name, valid, n=1)
            if close:
                text = _(
                    "onbekende sleutel '{name}' (bedoelt u '{close}'? geldig: {valid})"
                )
            else:
                text = _("onbekende sleutel '{name}' (geldig: {valid})")
            raise _Bad(
                text.format(name=name, close=close[0] if close else "",
                            valid=", ".join(valid))
            )  # fmt: skip
    return Template(
        key=key, name=_text(table, "name"), body=_text(table, "body"), source=source,
        categories=_texts(table.get("categories", []), "categories"),
        tags=_texts(table.get("tags", []), "tags"),
        review_by=_review_by(table.get("review_by")),
    )  # fmt: skip


def slugify(name: str) -> str:
    """A file-name-safe id for ``name``: "Uitleg (kopie)" -> "uitleg-kopie"."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60] or "sjabloon"


def _load_personal(folder: Path, problems: list[TemplateProblem]) -> list[Template]:
    """One template per ``<slug>.toml`` in ``folder`` (missing folder: none)."""
    out = []
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    for path in files:
        if path.name.startswith(".") or not _SLUG.fullmatch(path.stem):
            problems.append(TemplateProblem(path, _name_rule()))
            continue
        try:
            table = _read_toml(path)
            out.append(_template(table, PERSONAL + path.stem, TemplateSource.PERSONAL))
        except _Bad as err:
            problems.append(TemplateProblem(path, str(err)))
    return out


def _load_team(path: Path, problems: list[TemplateProblem]) -> list[Template]:
    """The ``[[template]]`` tables of a team file; bad ones are skipped."""
    try:
        data = _read_toml(path)
    except _Bad as err:
        gone = _("niet gevonden (genoemd in [templates] team)")
        problems.append(TemplateProblem(path, str(err) if path.exists() else gone))
        return []
    for name in data.keys() - {"template"}:
        ignored = _("onbekende sleutel '{name}' genegeerd").format(name=name)
        problems.append(TemplateProblem(path, ignored))
    tables = data.get("template", [])
    if not isinstance(tables, list):
        problems.append(
            TemplateProblem(path, _("schrijf elke sjabloon als [[template]]"))
        )
        return []
    return [
        t
        for n, table in enumerate(tables, 1)
        if (t := _team_one(path, n, table, problems))
    ]


def _team_one(
    path: Path, number: int, table: Any, problems: list[TemplateProblem]
) -> Template | None:
    """Template ``number`` of a team file, or None after noting why not."""
    try:
        raw = table.get("slug") if isinstance(table, dict) else None
        name = table.get("name", "") if isinstance(table, dict) else ""
        slug = raw if isinstance(raw, str) else slugify(str(name))
        if not _SLUG.fullmatch(slug):
            raise _Bad(_("slug: gebruik a-z, 0-9 en -"))
        key = f"team:{path.stem}:{slug}"
        return _template(table, key, TemplateSource.TEAM, extra=("slug",))
    except _Bad as err:
        text = _("sjabloon {number}: {error}").format(number=number, error=err)
        problems.append(TemplateProblem(path, text))
        return None


def _unique(
    found: Iterable[tuple[Template, Path]], problems: list[TemplateProblem]
) -> list[Template]:
    """Drop every template whose key was seen before, noting where."""
    seen: dict[str, Template] = {}
    for template, path in found:
        if template.key in seen:
            msg = _("'{name}': de sleutel {key} komt al eerder voor").format(
                name=template.name, key=template.key
            )
            problems.append(TemplateProblem(path, msg))
        else:
            seen[template.key] = template
    return list(seen.values())


def load_library(
    config: Config, usage: UsageLog, forum_templates: Sequence[Template] = ()
) -> TemplateLibrary:
    """Every template the desk offers, with the problems met on the way."""
    problems: list[TemplateProblem] = []
    folder = personal_dir(config)
    found = [(t, folder / f"{t.key}.toml") for t in _load_personal(folder, problems)]
    team = config.templates.team
    for path in (EXAMPLE_FILE,) if team is None else team:
        found += [(t, path) for t in _load_team(path, problems)]
    found += [(t, Path("forum")) for t in forum_templates]
    return TemplateLibrary(
        _unique(found, problems), problems, usage, folder,
        language=config.language, werkplein=config.templates.werkplein,
    )  # fmt: skip


# --- the library ---------------------------------------------------------------


class TemplateLibrary:
    """The templates on offer: ranked for the picker, rendered, kept up to date."""

    def __init__(
        self, templates: Iterable[Template], problems: Iterable[TemplateProblem],
        usage: UsageLog, folder: Path, *, language: str = "nl",
        werkplein: str = "Werkplein",
    ) -> None:  # fmt: skip
        """``folder`` holds the personal templates; ``usage`` counts uses."""
        self._templates = {t.key: t for t in templates}
        self.problems: tuple[TemplateProblem, ...] = tuple(problems)
        """Files or templates that were skipped, and why."""
        self._usage = usage
        self._uses = dict(usage.template_uses())
        self.folder = folder
        self.language = language
        self.werkplein = werkplein

    @property
    def templates(self) -> tuple[Template, ...]:
        """Every template, by name."""
        return tuple(sorted(self._templates.values(), key=lambda t: t.name.lower()))

    def get(self, key: str) -> Template | None:
        """The template with ``key``, if there is one."""
        return self._templates.get(key)

    def uses(self, key: str) -> int:
        """How often template ``key`` was used."""
        return self._uses.get(key, 0)

    def record_use(self, key: str) -> None:
        """Count one use of template ``key``."""
        self._usage.record_template_use(key)
        self._uses[key] = self._uses.get(key, 0) + 1

    # ranking

    def rank(
        self, query: str, category_slug: str = "", tags: Sequence[str] = ()
    ) -> list[Ranked]:
        """Templates for the picker: in scope first, then best match, most used."""
        wanted = utils.default_process(query)
        ranked = [
            Ranked(
                t, _scope(t, category_slug, tags), _score(wanted, t),
                self.uses(t.key), _fit(t, category_slug, tags),
            )
            for t in self._templates.values()
        ]  # fmt: skip
        hits = [r for r in ranked if not wanted or r.score >= MIN_SCORE]
        return sorted(
            hits,
            key=lambda r: (r.scope, -r.score, -r.fit, -r.uses, r.template.name.lower()),
        )

    # rendering

    def render(
        self, template: Template, context: TemplateContext,
        fields: Mapping[str, str] | None = None,
    ) -> str:  # fmt: skip
        """The body with its placeholders filled in; missing fields stay as written."""
        given = fields or {}
        known = self._builtins(context)
        forum = _forum_values(context)

        def fill(match: re.Match[str]) -> str:
            token = match.group(0)
            if token in ("{{", "}}"):
                return token[0]
            if (name := match["name"]) is not None:
                return known.get(name, given.get(name, token))
            name, fallback = match["forum"], match["fallback"]
            if name in forum:
                return forum[name] or (fallback or "")
            return given.get(name, token if fallback is None else fallback)

        return clean(_TOKEN.sub(fill, template.body))

    def fields(self, template: Template, context: TemplateContext) -> list[str]:
        """The custom fields the user must fill in, in order of appearance."""
        known = _forum_values(context)
        names: dict[str, None] = {}
        for match in _TOKEN.finditer(template.body):
            name = match["name"]
            if name is not None and name not in BUILTINS:
                names[name] = None
            forum = match["forum"]
            if forum and forum not in known and match["fallback"] is None:
                names[forum] = None
        return list(names)

    def _builtins(self, context: TemplateContext) -> dict[str, str]:
        return {
            "client": _who(context.client),
            "staff": _who(context.staff),
            "werkplein": one_line(context.werkplein) or self.werkplein,
            "today": long_date(context.today, self.language),
            "question_title": one_line(context.question_title),
        }

    # personal templates

    def is_editable(self, template: Template) -> bool:
        """True for personal templates: the others are read-only here."""
        return template.source is TemplateSource.PERSONAL

    def save(self, template: Template) -> Template:
        """Create (empty key) or update a personal template; written atomically."""
        self._check_editable(template)
        name, body = template.name.strip(), template.body.strip("\n")
        if not name or not body.strip():
            raise TemplateError(_("Een sjabloon heeft een naam en een tekst nodig."))
        slug = (
            template.key.removeprefix(PERSONAL)
            if template.key
            else self._new_slug(name)
        )
        saved = dataclasses.replace(
            template, key=PERSONAL + slug, name=name, body=body,
            source=TemplateSource.PERSONAL, forum_id=None,
        )  # fmt: skip
        self._write(self._path(saved.key), saved)
        self._templates[saved.key] = saved
        return saved

    def duplicate(self, template: Template) -> Template:
        """A personal copy of any template, named "… (kopie)"; a forum or team
        template is cleaned first (:func:`cleaned`), so the copy on disk and
        in the editor holds no escape sequence."""
        template = cleaned(template)
        names = {t.name for t in self._templates.values()}
        name, n = _("{name} (kopie)").format(name=template.name), 2
        while name in names:
            name = _("{name} (kopie {n})").format(name=template.name, n=n)
            n += 1
        copy = dataclasses.replace(
            template, key="", name=name, source=TemplateSource.PERSONAL, forum_id=None
        )
        return self.save(copy)

    def delete(self, key: str) -> None:
        """Remove a personal template and its file."""
        template = self._templates.get(key)
        if template is None:
            raise TemplateError(_("Deze sjabloon bestaat niet (meer)."))
        self._check_editable(template)
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as err:
            raise TemplateError(
                _("Kan {path} niet verwijderen: {reason}").format(
                    path=self._path(key), reason=err.strerror
                )
            ) from err
        del self._templates[key]

    def _check_editable(self, template: Template) -> None:
        if not template.key or self.is_editable(template):
            return
        raise TemplateError(_not_mine(template.name, template.source))

    def _path(self, key: str) -> Path:
        slug = key.removeprefix(PERSONAL)
        if not key.startswith(PERSONAL) or not _SLUG.fullmatch(slug):
            raise TemplateError(
                _("'{key}' is geen persoonlijke sjabloon.").format(key=key)
            )
        return self.folder / f"{slug}.toml"

    def _new_slug(self, name: str) -> str:
        base, n = slugify(name), 2
        slug = base
        while (
            PERSONAL + slug in self._templates
            or (self.folder / f"{slug}.toml").exists()
        ):
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _write(self, path: Path, template: Template) -> None:
        data: dict[str, Any] = {
            "name": template.name, "categories": list(template.categories),
            "tags": list(template.tags), "body": template.body + "\n",
        }  # fmt: skip
        if template.review_by is not None:
            data["review_by"] = template.review_by
        try:
            write_atomic(path, tomli_w.dumps(data, multiline_strings=True).encode())
        except OSError as err:
            raise TemplateError(
                _("Kan {path} niet opslaan: {reason}").format(
                    path=path, reason=err.strerror
                )
            ) from err


def _who(person: Person | None) -> str:
    """A person's name, else their username ("" for nobody)."""
    return one_line(person.name or person.username) if person else ""


def _forum_values(ctx: TemplateContext) -> dict[str, str]:
    """Discourse's template variables from the context ("" when unknown)."""

    def user(p: Person | None) -> str:
        return one_line(p.username) if p else ""

    reply = user(ctx.reply_to)
    return {
        "my_username": user(ctx.staff), "my_name": _who(ctx.staff),
        "topic_title": one_line(ctx.question_title), "topic_url": clean(ctx.url),
        "context_title": one_line(ctx.question_title), "context_url": clean(ctx.url),
        "original_poster_username": user(ctx.client),
        "original_poster_name": _who(ctx.client),
        "reply_to_username": reply, "reply_to_name": _who(ctx.reply_to),
        "last_poster_username": user(ctx.last_poster),
        "reply_to_or_last_poster_username": reply or user(ctx.last_poster),
    }  # fmt: skip


def _scope(template: Template, category_slug: str, tags: Sequence[str]) -> Scope:
    if category_slug in template.categories or set(template.tags) & set(tags):
        return Scope.MATCH
    return Scope.OTHER if template.categories else Scope.GENERAL


def _fit(template: Template, category_slug: str, tags: Sequence[str]) -> int:
    """2 for a template of the question's category, plus 1 per shared tag."""
    home = 2 if category_slug and category_slug in template.categories else 0
    return home + len(set(template.tags) & set(tags))


def _score(query: str, template: Template) -> float:
    """How well ``query`` (processed) matches the name, and the body a bit less."""
    if not query:
        return 0.0
    name = fuzz.WRatio(query, template.name, processor=utils.default_process)
    body = fuzz.partial_ratio(query, template.body, processor=utils.default_process)
    return max(name, 0.85 * body if body >= BODY_HIT else 0.0)
