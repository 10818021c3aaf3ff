"""The personal-data guard, continued: role words, rules about birth dates,
organisation addresses, other numbers, loose date notations and names."""

from __future__ import annotations

import pytest

from deskapp.models import Person, Role
from deskapp.privacy import find_personal_data


def found(text: str, people: tuple[Person, ...] = ()) -> list[tuple[str, str]]:
    """(kind, matched text) of every finding, in order."""
    return [(f.kind.value, f.text) for f in find_personal_data(text, people)]


# --- names: role and organisation words --------------------------------------


def test_role_and_organisation_words_in_names_are_no_name() -> None:
    """A staff account's role words stay; its real name parts do not."""
    staff = (
        Person("werkplein_eemsdelta", "Werkplein Eemsdelta", Role.STAFF),
        Person("pwelder", "Adviseur Welder", Role.ADVISER),
        Person("klantmanager1", "Klantmanager", Role.STAFF),
        Person("uwv", "UWV Support Team", Role.STAFF),
    )
    text = (
        "Het Werkplein en je adviseur of klantmanager helpen. Bel het UWV, "
        "team support of de gemeente. Groet, Welder, Werkplein Eemsdelta"
    )
    assert found(text, staff) == [("name", "Welder"), ("name", "Eemsdelta")]


# --- birth dates: rules ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ben je geboren tussen 1 januari 1958 en 1 oktober 1958, dan is je "
        "AOW-leeftijd 66 jaar en 4 maanden.",
        "Als je geboren bent vóór 1 januari 1960 heb je recht op IOAW.",
        "Wie geboren is na 31 december 1964 valt onder de nieuwe regeling.",
        "Geboren op of na 1 januari 1961: AOW-leeftijd 67 jaar.",
        "Ben je geboren in of na 1-1-1961? Dan geldt dit.",
        "Voor wie geboren is vanaf 01-01-1970 tot 31-12-1979.",
        "Wie voor 1 januari 1960 geboren is, krijgt het.",
    ],
)
def test_a_date_after_a_comparison_word_is_a_rule_no_birth_date(text: str) -> None:
    assert found(text) == []


def test_a_birth_date_without_a_comparison_word_stays() -> None:
    assert found("Ik ben geboren op 3 januari 1980, en na 1 mei verhuisd.") == [
        ("birthdate", "3 januari 1980")
    ]


# --- addresses: an organisation's post box -----------------------------------


def test_a_postcode_after_a_post_box_is_no_address() -> None:
    text = (
        "Stuur je formulier naar Postbus 1234, 9700 AA Groningen of "
        "UWV, postbus 58285 1040 HG Amsterdam; ik woon op 9712 AB 3."
    )
    assert found(text) == [("postcode", "9712 AB 3")]


# --- BSN: other number words -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "transactienummer 123456782",
        "Mijn dossiernummer: 123456782",
        "factuurnr. 123456782",
        "zaaknummer 123 456 782",
        "Het aanslag-nummer is 123456782",
    ],
)
def test_a_number_after_another_number_word_is_no_bsn(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "persoonsnummer 123456782",
        "burgerservicenummer: 123456782",
        "sofinummer 123456782",
        "BSN-nummer 123456782",
        "Burgerservicenr: 123456782",
    ],
)
def test_bsn_words_still_label_a_bsn(text: str) -> None:
    assert found(text) == [("bsn", "123456782")]


# --- birth dates: loose notations --------------------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("geb.03-01-1980", "03-01-1980"),
        ("Geb.3/1/1980, Assen", "3/1/1980"),
        ("ik ben geboren op 03 - 01 - 1980", "03 - 01 - 1980"),
        ("geboortedatum: 03011980", "03011980"),
        ("Geboortedatum 31121975.", "31121975"),
    ],
)
def test_loose_birth_date_notations_after_a_birth_word(text: str, when: str) -> None:
    assert found(text) == [("birthdate", when)]


@pytest.mark.parametrize(
    "text",
    [
        "kenmerk 03011980",  # eight digits without a birth word
        "geboortedatum: 99999999",  # no such day
        "Afspraak op 03 - 01 - 2020",
        "geboren in Assen, kenmerk 03011980",  # not right after the word
    ],
)
def test_loose_notations_without_a_birth_word_are_no_birth_date(text: str) -> None:
    assert found(text) == []


# --- names: diacritics, double surnames, titles --------------------------------

OZLEM = Person("ozlem", "Özlem Yılmaz", Role.CLIENT)
JOSE = Person("jose", "José Müller", Role.CLIENT)
ANNE = Person("annemarie", "Anne-Marie Jansen-Smit", Role.CLIENT)
KEES = Person("kv", "Kees Visser", Role.CLIENT)
PIET = Person("pb", "Piet Bakker", Role.CLIENT)


def test_names_match_with_or_without_diacritics() -> None:
    text = "Ozlem Yilmaz en JOSE MULLER; groet, Yılmaz en Müller."
    assert found(text, (OZLEM, JOSE)) == [
        ("name", "Ozlem Yilmaz"), ("name", "JOSE MULLER"), ("name", "Yılmaz"),
        ("name", "Müller"),
    ]  # fmt: skip


def test_each_part_of_a_hyphenated_name_is_a_name() -> None:
    text = "Anne belde; mevrouw Smit en Jansen-Smit ook. Een smid niet."
    assert found(text, (ANNE,)) == [
        ("name", "Anne"), ("name", "Smit"), ("name", "Jansen-Smit"),
    ]  # fmt: skip


def test_a_common_word_surname_is_a_name_after_a_title_or_initial() -> None:
    text = (
        "De bakker en de visser. Mevrouw Visser, dhr. Bakker, mw Visser, "
        "meneer bakker, K. Visser en J.P. Bakker belden. Visser alleen niet."
    )
    assert found(text, (KEES, PIET)) == [
        ("name", "Visser"), ("name", "Bakker"), ("name", "Visser"),
        ("name", "bakker"), ("name", "K. Visser"), ("name", "J.P. Bakker"),
    ]  # fmt: skip


def test_a_megabyte_of_titles_and_diacritics_is_handled() -> None:
    text = "mevrouw Ö. J. Vissers Müll " * 40_000
    assert find_personal_data(text, (KEES, JOSE)) == []
