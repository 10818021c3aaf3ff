"""The desk's languages: complete Dutch and English catalogs, the language
from the config or the locale, and Babel's formats."""

from __future__ import annotations

from datetime import date

import pytest

from deskapp import i18n
from deskapp.i18n_catalogs import DOMAINS, check, files


@pytest.fixture(autouse=True)
def dutch_after() -> object:
    """Every test leaves the desk speaking Dutch, as the others expect."""
    yield
    i18n.set_language("nl")


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_marked_string_is_translated_in_both_languages(domain: str) -> None:
    """Each string marked with _() in the code has a Dutch and an English
    translation, and the compiled catalogs match their sources (run
    `python -m deskapp.i18n_catalogs` after changing strings)."""
    assert files(domain), f"no source files for {domain}"
    assert check(domain) == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANGUAGE": "en:nl", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "nl"),
        ({}, "nl"),
    ],
)
def test_without_a_configured_language_the_locale_decides(
    environ: dict[str, str], expected: str
) -> None:
    """English for an English locale; Dutch for the rest (the desk's home)."""
    assert i18n.locale_language(environ) == expected


def test_numbers_and_days_follow_the_language() -> None:
    """Babel writes numbers, shares and days as each language does."""
    i18n.set_language("nl")
    assert i18n.format_decimal(2.746, "#,##0.00") == "2,75"
    assert i18n.format_percent(0.471) == "47,1%"
    assert i18n.format_day(date(2026, 11, 3)) == "di 3 nov"
    i18n.set_language("en")
    assert i18n.format_decimal(1234.5, "#,##0.00") == "1,234.50"
    assert i18n.format_percent(0.471) == "47.1%"
    assert i18n.format_day(date(2026, 11, 3)) == "Tue 3 Nov"
