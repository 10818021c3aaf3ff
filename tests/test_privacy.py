"""The personal-data guard: what it finds in Dutch forum text, and what not."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from deskapp.forum import demo_content
from deskapp.forum.demo_text import bsn as demo_bsn
from deskapp.forum.demo_text import iban as demo_iban
from deskapp.forum.demo_text import phone as demo_phone
from deskapp.forum.demo_text import postcode as demo_postcode
from deskapp.models import Person, Role
from deskapp.privacy import Finding, Kind, find_personal_data, kinds_in, redact

JAN = Person("jdevries", "Jan de Vries", Role.CLIENT)
SANNE = Person("sanne_b", "Sanne Bakker", Role.PEER)


def found(text: str, people: tuple[Person, ...] = ()) -> list[tuple[str, str]]:
    """(kind, matched text) of every finding, in order."""
    return [(f.kind.value, f.text) for f in find_personal_data(text, people)]


def only(kind: Kind, text: str) -> list[str]:
    """The matched texts of one kind."""
    return [f.text for f in find_personal_data(text) if f.kind is kind]


# --- BSN ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Mijn BSN is 111222333, kunt u kijken?", "111222333"),
        ("bsn-nummer: 123 456 782", "123 456 782"),
        ("burgerservicenummer 123.456.782.", "123.456.782"),
        ("Mijn sofinummer was 1234.56.782", "1234.56.782"),
        ("BSN123456782", "123456782"),
        ("123456782 is mijn bsn", "123456782"),
        ("klantnummer weet ik niet, BSN: 123456782", "123456782"),
        ("Zie 123456782 hierboven.", "123456782"),  # alone: no context needed
        ("Mijn oude sofinummer: 12345672", "12345672"),  # eight digits, old
        ("Gegevens:\nNaam: Jan\nTel: 0612345678\n123456782", "123456782"),
        ("tel 0612345678, 123456782 is mijn bsn", "123456782"),
        ("Mijn BSN en telefoonnummer: 123456782, 0612345678", "123456782"),
        ("Mijn gegevens: Jan, 06-12345678, 123456782", "123456782"),
        ("1. 123456782", "123456782"),  # a numbered list
        ("Het dossiernummer is 4471 en 123456782 is mijn bsn", "123456782"),
    ],
)
def test_a_valid_bsn_is_found_with_a_bsn_word_or_standing_alone(
    text: str, number: str
) -> None:
    """The 11-proof plus a BSN word nearby, or a number that is nothing else;
    a number word labels only the first number after it."""
    assert only(Kind.BSN, text) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Mijn BSN is 123456789.",  # wrong check digit
        "Mijn BSN is 111222334.",
        "Het kostte € 123456782 in totaal.",  # amounts
        "Dat is 123456782 euro.",
        "Een bedrag van 123.456.782,- of €123.456.782,00",
        "Dossiernummer 123456782.",  # other numbers
        "Mijn klantnummer: 123456782",
        "BSN weet ik niet, kenmerk 123456782",
        "factuur nr. 123456782",
        "Bel +31 612345671 maar",  # a phone number, not a BSN
        "Het getal 1234567823 is te lang.",
        "reeks 12 123456782 34",
        "Los getal 12345672 van acht cijfers.",
        "Zie https://forum.example.nl/t/123456782 voor meer.",
        "123456782 is mijn klantnummer",
    ],
)
def test_nine_digits_that_are_not_a_bsn(text: str) -> None:
    """A wrong check digit, an amount or a dossier number is no BSN."""
    assert only(Kind.BSN, text) == []


# --- IBAN --------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "NL91ABNA0417164300",
        "NL91 ABNA 0417 1643 00",
        "nl91abna0417164300",
        "nl91 abna 0417 1643 00",
        "DE89 3704 0044 0532 0130 00",
        "GB82WEST12345698765432",
        "FR14 2004 1010 0505 0001 3M02 606",
    ],
)
def test_an_iban_is_found_spaced_or_not_in_any_case(number: str) -> None:
    """The mod-97 check decides, and the words after it stay out."""
    assert found(f"Het moet naar {number} en niet ergens anders.") == [("iban", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Rekening NL92ABNA0417164300 graag.",  # wrong check digits
        "Rekening NL91 ABNA 0417 1643 01 graag.",
        "Code XNL91ABNA0417164300 is geen rekening.",
    ],
)
def test_an_iban_with_a_wrong_check_digit_is_no_finding(text: str) -> None:
    """Not an IBAN, and not taken for anything else either."""
    assert found(text) == []


# --- phone -------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "+31 6 1234 5678", "+31612345678", "+31 (0)6 12345678", "0031 6 12345678",
        "0031-6-12345678", "06-12345678", "06 1234 5678", "0612345678",
        "06 12 34 56 78", "(06) 12345678", "06-96669725", "020-1234567",
        "(020) 123 4567", "+31 (0)20 123 4567", "010 - 123 45 67", "+49 30 1234567",
        "06 \u2013 12345678", "06\u201412345678",
    ],
)  # fmt: skip
def test_phone_numbers_in_every_common_notation(number: str) -> None:
    """+31, 0031, 06, landlines, spaces, dashes and brackets."""
    assert found(f"Bel me op {number} als het kan.") == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Ik kreeg € 1.234,56 en later 1234,56 euro.",
        "Bel de gemeente op 14 020 of 0800-1234 of 0900-8844.",
        "Het Werkplein: 088-1234567.",
        "Op 12-03-1985 en 01.02.2026 om 09.30-10.30 uur.",
        "Mijn nummer 06-1234567 is te kort.",
        "Klantnummer 2024-58812.",
        "Periode 06-12-2024 - 06-01-2025 en 06-12-2024 \u2013 31-12-2024.",
    ],
)
def test_amounts_dates_and_service_numbers_are_no_phone(text: str) -> None:
    """Amounts, dates, service numbers and half numbers are left alone."""
    assert only(Kind.PHONE, text) == []


def test_the_digits_of_an_iban_or_a_bsn_are_not_a_phone_number() -> None:
    """Each number is found once, as what it is."""
    text = "BSN 111222333, rekening NL91 ABNA 0417 1643 00, fout NL91 ABNA 0417 1643 01"
    assert found(text) == [("bsn", "111222333"), ("iban", "NL91 ABNA 0417 1643 00")]


# --- e-mail ------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "jan.jansen@gmail.com",
        "j.de-vries+forum@mail.example.nl",
        "jan [at] voorbeeld [dot] nl",
        "jan(at)voorbeeld.nl",
        "jan apenstaartje hotmail punt com",
        "j.devries @ gmail.com",
        "jdevries@ hotmail.com",
        "j.devries at gmail dot com",
        "jan_devries at hotmail.com",
        "jdevries[at]hotmail[.]com",
    ],
)
def test_email_addresses_also_written_out(address: str) -> None:
    """The usual shape and the [at]/[dot] and apenstaartje/punt spellings."""
    assert found(f"Mail me: <{address}>, graag.") == [("email", address)]


@pytest.mark.parametrize(
    "text", ["Dank @werkplein!", "jan@ is leeg", "info@localhost", "a @ b.nl"]
)
def test_no_email_without_a_full_address(text: str) -> None:
    """A mention, a bare @ or a host without a domain is no address."""
    assert only(Kind.EMAIL, text) == []


# --- address -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Ik woon op 1234 AB 12 in Delfzijl.", "1234 AB 12"),
        ("Postcode 1234AB 12a, graag.", "1234AB 12a"),
        ("Stuur het naar Kerkstr. 12, graag.", "Kerkstr. 12"),
        ("Het is Kerkstraat nr 12 hier.", "Kerkstraat nr 12"),
        ("Ik woon Kerkstraat 12-3.", "Kerkstraat 12-3"),
        ("Ik woon Kerkstraat 12 app. 3.", "Kerkstraat 12 app. 3"),
        ("Mijn adres is Spui 21, Den Haag.", "Spui 21"),
        ("ik woon aan de Lange Voorhout 8.", "Lange Voorhout 8"),
        ("Postcode 9934 XZ huisnummer 12.", "9934 XZ huisnummer 12"),
        ("Mijn postcode is 1234 ab.", "1234 ab"),
        ("Mijn postcode is 1234AB.", "1234AB"),
        ("Stuur het naar Kerkstraat 12.", "Kerkstraat 12"),
        ("Mijn adres: Dorpsweg 3-II.", "Dorpsweg 3-II"),
        ("Op de Beatrixlaan 12a.", "Beatrixlaan 12a"),
        ("Mijn adres is kerkstraat 12 hoor.", "kerkstraat 12"),
    ],
)
def test_postcodes_with_and_without_a_space_and_streets(
    text: str, address: str
) -> None:
    """Postcode with or without house number, and street with number."""
    finding = find_personal_data(text)
    assert [(f.kind, f.text, f.replacement) for f in finding] == [
        (Kind.POSTCODE, address, "[adres]")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 is het gebeurd, in 2020 en 2021 ook.",
        "Ik reed 1500 km en kreeg 1200 kg hout.",
        "Ik zat 3 uur op de Rijksweg 3 uur lang.",
        "Via de snelweg 12 minuten.",
        "Postcode 1234 SS bestaat niet.",
        "Dat kost € 1234 per maand.",
        "Mijn adres is Spui en ik heb 3 kinderen.",
        "Ik woon aan de Kerkweg 3 jaar.",
    ],
)
def test_years_amounts_and_durations_are_no_address(text: str) -> None:
    """Numbers followed by words or units are not a postcode or street."""
    assert only(Kind.POSTCODE, text) == []


# --- birth date --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Ik ben geboren op 12-03-1985.", "12-03-1985"),
        ("Geboortedatum: 12/03/1985", "12/03/1985"),
        ("geb. 12.03.1985", "12.03.1985"),
        ("geb. 12-03-85", "12-03-85"),
        ("Geboortedatum 1985-03-12", "1985-03-12"),
        ("Ik ben geboren in Leiden, op 12 maart 1985.", "12 maart 1985"),
        ("Mijn verjaardag is 3 mrt. 1990 hoor.", "3 mrt. 1990"),
        ("Mijn dochter is geboren op 02-01-2026.", "02-01-2026"),
        ("Mijn zoon is op 3 maart 2024 geboren", "3 maart 2024"),
        ("ik ben van 12 mei 1975", "12 mei 1975"),
        ("ik ben van 03-01-1980", "03-01-1980"),
        ("mijn dochter is van 14 februari 2010", "14 februari 2010"),
    ],
)
def test_birth_dates_in_dutch_notations(text: str, when: str) -> None:
    """Dates with a birth word, in numeric and written-out notation."""
    assert found(text) == [("birthdate", when)]


@pytest.mark.parametrize(
    "text",
    [
        "Mijn afspraak is op 12-03-2026.",
        "Sinds 01-01-1990 werk ik daar.",
        "Ik ben geboren in 1985 en op 01-02-2024 begon ik.",
        "Ik ben jarig op 12-03-2026.",
        "Geboren op 31-02-1985 kan niet.",
        "Geboren op 12-03-2999 ook niet.",
        "De brief is van 12 mei 2025.",
    ],
)
def test_ordinary_dates_are_no_birth_date(text: str) -> None:
    """Appointments, start dates, impossible and future dates."""
    assert only(Kind.BIRTHDATE, text) == []


# --- names -------------------------------------------------------------------


def test_names_and_usernames_of_the_thread_as_whole_words() -> None:
    """Full name, name parts, surname with prefix and usernames, any case."""
    text = (
        "Hoi Jan de Vries! Groet, SANNE. @jdevries en sanne_b weten het. "
        "Meneer De Vries belde. Janssen, januari, Bakker en bakkerij niet."
    )
    assert found(text, (JAN, SANNE)) == [
        ("name", "Jan de Vries"), ("name", "SANNE"), ("name", "jdevries"),
        ("name", "sanne_b"), ("name", "De Vries"),
    ]  # fmt: skip


def test_a_role_in_the_display_name_is_not_a_name() -> None:
    """``Ahmed Bouzid, onafhankelijk arbeidsadviseur``: the role words stay."""
    adviser = Person(
        "abouzid", "Ahmed Bouzid, onafhankelijk arbeidsadviseur", Role.ADVISER
    )
    text = "Vraag een onafhankelijk arbeidsadviseur, zegt Ahmed Bouzid (abouzid)."
    assert found(text, (adviser,)) == [("name", "Ahmed Bouzid"), ("name", "abouzid")]


def test_names_only_of_the_people_passed() -> None:
    """Without people no names; odd names are taken literally."""
    assert found("Hoi Jan de Vries") == []
    odd = (Person("a.*b", "(", Role.CLIENT), Person("", "", Role.CLIENT))
    assert found("Hoi a.*b en aXXb", odd) == [("name", "a.*b")]


# --- overlaps, redaction, counts ---------------------------------------------


def test_the_stronger_kind_wins_an_overlap() -> None:
    """An e-mail address holding a name is an e-mail address; a street that
    is also a username is an address."""
    street = Person("Kerkstraat", "Jan Jansen", Role.CLIENT)
    text = "Mail jan.jansen@gmail.com of kom naar Kerkstraat 12, Jan."
    assert found(text, (street,)) == [
        ("email", "jan.jansen@gmail.com"),
        ("postcode", "Kerkstraat 12"),
        ("name", "Jan"),
    ]


def test_redact_replaces_each_finding_and_leaves_the_rest() -> None:
    """Findings in any order; the text around them stays as it was."""
    text = "BSN 111222333, bel 06-12345678."
    findings = find_personal_data(text)
    assert redact(text, reversed(findings)) == "BSN [BSN], bel [telefoonnummer]."
    assert redact(text, []) == text


def test_redact_joins_overlapping_findings_and_refuses_stale_ones() -> None:
    """Overlaps become one replacement; a finding of other text is an error."""
    text = "abcdef"
    a = Finding(Kind.NAME, 0, 4, "abcd", "[naam]")
    b = Finding(Kind.NAME, 2, 6, "cdef", "[naam]")
    assert redact(text, [b, a]) == "[naam]"
    with pytest.raises(ValueError, match="does not match"):
        redact("xbcdef", [a])
    with pytest.raises(ValueError, match="does not match"):
        redact(text, [replace(a, start=10, end=14)])


def test_kinds_have_dutch_labels_and_placeholders() -> None:
    """Each kind says what it is and what replaces it; counts go by value."""
    assert Kind.BSN.placeholder == "[BSN]" and Kind.NAME.placeholder == "[naam]"
    assert Kind.PHONE.label == "telefoonnummer" and Kind.EMAIL.value == "email"
    assert all(k.placeholder.startswith("[") and k.label for k in Kind)
    text = "BSN 111222333 en 123456782, mail a@b.nl"
    assert kinds_in(find_personal_data(text)) == {"bsn": 2, "email": 1}
    assert kinds_in([]) == {}


FORUM_POST = """\
Hallo allemaal,

Ik ben Fatima El Idrissi (geboren 14-07-1986) en woon op de Julianastraat 23-II,
9934 AB Delfzijl. Mijn uitkering van € 1.234,56 is deze maand niet op
NL91 ABNA 0417 1643 00 gestort!! Mijn BSN is 111 222 333, klantnummer 2024-58812.
Bel me op 06 1234 5678 of mail fatima.elidrissi@hotmail.com. Mijn afspraak bij
het Werkplein is op 12-03-2026, @werkplein_anna weet ervan.

Groetjes, Fatima
"""


def test_a_realistic_forum_post_with_several_kinds() -> None:
    """Every particular is found, the amount, case number and appointment are
    not, and the redacted post has nothing left to find."""
    people = (Person("fatima86", "Fatima El Idrissi", Role.CLIENT),)
    findings = find_personal_data(FORUM_POST, people)
    assert [(f.kind.value, f.text) for f in findings] == [
        ("name", "Fatima El Idrissi"), ("birthdate", "14-07-1986"),
        ("postcode", "Julianastraat 23-II"), ("postcode", "9934 AB"),
        ("iban", "NL91 ABNA 0417 1643 00"), ("bsn", "111 222 333"),
        ("phone", "06 1234 5678"), ("email", "fatima.elidrissi@hotmail.com"),
        ("name", "Fatima"),
    ]  # fmt: skip
    assert all(FORUM_POST[f.start : f.end] == f.text for f in findings)
    clean = redact(FORUM_POST, findings)
    assert "€ 1.234,56" in clean and "12-03-2026" in clean and "2024-58812" in clean
    assert find_personal_data(clean, people) == []


def test_every_particular_of_the_demo_forum_is_caught() -> None:
    """The personal data the demo forum puts in client posts never survives
    redaction (the acceptance test promotes demo answers)."""
    rng = random.Random(6)
    for _ in range(300):
        values = {
            "bsn": demo_bsn(rng), "iban": demo_iban(rng), "phone": demo_phone(rng),
            "email": f"anouk{rng.randrange(10, 99)}@ziggo.nl",
            "postcode": demo_postcode(rng), "huisnr": str(rng.randrange(1, 180)),
            "straat": rng.choice(demo_content.STREETS), "gemeente": "Delfzijl",
        }  # fmt: skip
        text = rng.choice(demo_content.PII_SENTENCES).format_map(values)
        clean = redact(text, find_personal_data(text))
        for key in ("bsn", "iban", "phone", "email", "postcode"):
            assert values[key] not in clean, text


# --- hostile text ------------------------------------------------------------


def test_control_and_invisible_characters_neither_crash_nor_hide_data() -> None:
    """Escapes and NULs are just text; zero-width characters inside a number
    do not hide it, and redaction takes them along."""
    text = "\x1b[31mBSN\x00: 111\u200b222\u00ad333\x1b[0m \ud800 06-1234\u200d5678\x7f"
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == [Kind.BSN, Kind.PHONE]
    assert findings[0].text == "111\u200b222\u00ad333"
    assert (
        redact(text, findings)
        == "\x1b[31mBSN\x00: [BSN]\x1b[0m \ud800 [telefoonnummer]\x7f"
    )


@pytest.mark.parametrize(
    ("unit", "per_unit"),
    [
        ("06-12345678 ", 1),  # a flood of numbers: capped, and still all found
        ("BSN 111222333 ", 1),
        ("NL91ABNA0417164300 ", 1),
        ("1", 0), ("0 ", 0), ("a.", 0), ("a@", 0), (" ", 0), ("€ 1.234,56 ", 0),
        ("[at] ", 0), ("Kerkstraat ", 0), ("AB12 ", 0),
        ("adres Ab ", 0), ("Kerkstr. ", 0), ("ab at ", 0), ("a @ ", 0),
    ],
)  # fmt: skip
def test_a_megabyte_of_hostile_text_is_handled(unit: str, per_unit: int) -> None:
    """Huge repetitive input finishes (every pattern is linear, library checks
    are capped) and finds what is there."""
    repeat = 1_000_000 // len(unit)
    findings = find_personal_data(unit * repeat, (JAN,))
    assert len(findings) == per_unit * repeat
