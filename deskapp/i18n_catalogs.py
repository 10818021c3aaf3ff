"""Keep the translation catalogs up to date (a developer's tool, with Babel).

``python -m deskapp.i18n_catalogs`` extracts the strings marked with ``_()``
and ``ngettext()`` from each part of the code (:data:`SOURCES`), adds new ones
to the Dutch and English ``.po`` files (keeping every translation), drops the
ones no longer in the code, and compiles the ``.mo`` files the desk reads.
``--check`` changes nothing and exits 1 when a string is missing or not
translated (the test suite runs the same check).

A string written in Dutch gets its Dutch catalog entry filled in with itself;
a string written in English likewise in the English catalog. What is left
empty is what a translator has to write.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from deskapp.i18n import DOMAINS, LANGUAGES, LOCALE_DIR

__all__ = ["SOURCES", "check", "extracted", "main", "update"]

PACKAGE = Path(__file__).parent

SOURCES: dict[str, tuple[str, ...]] = {
    "screens": ("screens/*.py", "app.py"),
    "widgets": ("widgets/*.py",),
    "cli": (
        "cli.py", "cliout.py", "cliteam.py", "commands.py", "doctor.py",
        "wizard.py", "serve.py", "serve_web.py", "privacy_report.py", "logs.py",
        "config*.py", "errors.py", "forum/*.py",
    ),
    "core": ("*.py",),
}  # fmt: skip
"""Which files each catalog covers (globs under ``deskapp/``); a file belongs
to the first domain that names it."""

SOURCE_LANGUAGE = {"screens": "nl", "widgets": "nl", "cli": "en", "core": "nl"}
"""The language each part of the code writes its strings in."""

KEYWORDS = {"_": None, "ngettext": (1, 2)}
_STAMP = datetime(2026, 1, 1, tzinfo=UTC)
_NAMES = {"nl": "Dutch", "en": "English"}
_SKIP = {"i18n.py", "i18n_catalogs.py", "__main__.py"}


def files(domain: str) -> list[Path]:
    """The source files of ``domain``."""
    taken: set[Path] = set()
    for earlier in DOMAINS[: DOMAINS.index(domain)]:
        for pattern in SOURCES[earlier]:
            taken.update(PACKAGE.glob(pattern))
    found = {
        f
        for pattern in SOURCES[domain]
        for f in PACKAGE.glob(pattern)
        if f not in taken and f.name not in _SKIP
    }
    return sorted(found)


def extracted(domain: str) -> Iterator[tuple[str | tuple[str, ...], str, int]]:
    """(message id, file, line) of every marked string of ``domain``."""
    for path in files(domain):
        for found in extract_from_file("python", path, keywords=KEYWORDS):
            lineno, message = found[0], found[1]
            yield message, str(path.relative_to(PACKAGE)), lineno


def _po_path(language: str, domain: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"


def _read(language: str, domain: str) -> Catalog:
    path = _po_path(language, domain)
    if not path.exists():
        return Catalog(locale=language, domain=domain, project="deskapp")
    with path.open("rb") as f:
        return read_po(f, locale=language, domain=domain)


def _template(domain: str) -> Catalog:
    template = Catalog(domain=domain, project="deskapp")
    for message, where, line in extracted(domain):
        template.add(message, locations=[(where, line)])
    return template


def update(domain: str) -> None:
    """Bring both catalogs of ``domain`` in line with the code; compile them."""
    for language in LANGUAGES:
        template = _template(domain)  # update() moves its entries: one each
        catalog = _read(language, domain)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == SOURCE_LANGUAGE[domain]:
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
        # a stable header: running the tool twice changes nothing
        catalog.creation_date = catalog.revision_date = _STAMP
        catalog.fuzzy = False
        catalog.header_comment = (
            f"# deskapp: the {domain} strings in {_NAMES[language]}.\n"
            "# Kept up to date by `python -m deskapp.i18n_catalogs`."
        )
        catalog.project, catalog.version = "deskapp", "1"
        catalog.language_team = catalog.last_translator = "deskapp"
        catalog.msgid_bugs_address = ""
        path = _po_path(language, domain)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=88, sort_output=True, omit_header=False)
        with path.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog)


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(bool(s) for s in strings)


def check(domain: str) -> list[str]:
    """What is wrong with ``domain``'s catalogs (empty: nothing)."""
    problems: list[str] = []
    wanted = {m.id for m in _template(domain) if m.id}
    for language in LANGUAGES:
        catalog = _read(language, domain)
        have = {m.id: m for m in catalog if m.id}
        for msgid in sorted(wanted - set(have), key=str):
            problems.append(f"{language}/{domain}: missing {msgid!r}")
        for msgid, message in have.items():
            if not _translated(message) or message.fuzzy:
                problems.append(f"{language}/{domain}: not translated {msgid!r}")
        mo = _po_path(language, domain).with_suffix(".mo")
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        if not mo.exists() or mo.read_bytes() != compiled.getvalue():
            problems.append(
                f"{language}/{domain}: {mo.name} is not compiled from the .po"
            )
    return problems


def main(argv: list[str] | None = None) -> int:
    """Update (or with ``--check`` only check) every catalog."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing")
    parser.add_argument("--domain", choices=DOMAINS, action="append",
                        help="only this catalog (repeatable)")  # fmt: skip
    args = parser.parse_args(argv)
    problems: list[str] = []
    for domain in args.domain or DOMAINS:
        if not args.check:
            update(domain)
        problems += check(domain)
    for problem in problems:
        print(problem, file=sys.stderr)  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
