"""The personal-data guard, continued: role words, rules about birth dates,
organisation addresses, other numbers, loose date notations and names."""

from __future__ import annotations

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
