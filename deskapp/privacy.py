"""The personal-data guard: find BSN, IBAN, phone, e-mail, address, birth date
and the names of a thread's people in any text, and redact them.

Clients write their particulars into public forum posts; none of it may reach
a knowledge-base article. :func:`find_personal_data` returns one
:class:`Finding` per piece of data, with offsets into the text and a proposed
replacement such as ``[BSN]``; :func:`redact` applies them. The detectors:

- **BSN** (:mod:`deskapp.privacy_numbers`): nine digits, also written
  ``123 456 782``, ``123.456.782`` or ``1234.56.782``, that pass the 11-proof
  (python-stdnum). Roughly one random nine-digit number in eleven passes that
  test, so the number also needs context: a BSN word ("BSN", "bsn-nummer",
  "burgerservicenummer", "sofinummer", "persoonsnummer") within 40
  characters before it or 25 after it, or else it must stand alone: not
  after another kind of number word (dossier-, klant-, zaak-, factuur-,
  rekening-, telefoonnummer, kenmerk, any other ``<woord>nummer`` or
  ``<woord>nr``), a currency sign, a phone prefix or a URL, and not
  followed by ``euro``, ``,-`` or further digits. A number word labels only the
  first number after it on its line ("Tel: 06..., 123456782" leaves the
  second alone), or the number just before it ("123456782 is mijn bsn");
  in a list of words ("BSN en telefoonnummer:") a BSN word counts. A list
  marker ("1. ") or a ", " after a number does not make one longer number.
  An old eight-digit BSN counts only after a BSN word.
- **IBAN**: any country, with or without spaces, in any case; the mod-97 check
  (python-stdnum) must hold, so a wrong check digit is no finding.
- **Phone**: phonenumbers' matcher (region NL, leniency VALID) over the runs of
  digits that start like a phone number (``0``, ``+``, ``(``): ``+31 6 1234
  5678``, ``0031 6 ...``, ``06-12345678``, ``(020) 123 4567``; and any ``06``
  number by its shape, also in a range that is not in use (yet); en and em
  dashes count as "-", and a date ("06-12-2024 - 06-01-2025") is no phone
  number. Service
  numbers that are nobody's own (0800, 0900, 14 0xx, 088) are left alone.
- **E-mail**: the usual address shape, and the written-out ``naam [at] domein
  [dot] nl`` (``[.]`` too) or ``naam apenstaartje domein punt nl``; spaces
  around the ``@`` or a bare ``at`` count before a domain in a known
  top-level domain (``j.devries @ gmail.com``, ``jan at hotmail dot com``).
- **Address** (kind POSTCODE): a postcode (``1234 AB``, ``1234ab``) with or
  without a house number after it, and a street with a number
  (``Kerkstraat 12``, ``Dorpsweg 3-II``, ``Kerkstr. 12``, ``Kerkstraat nr
  12``, ``12-3``, ``12/3``, ``12 app. 3``; a street written in lower case
  only near a word like "adres" or "woon"); after "adres" or "woon op/aan"
  any capitalised words with a number (``Spui 21``, ``Lange Voorhout 8``).
  A postcode after ``Postbus 1234,`` is an organisation's: no finding.
- **Birth date**: ``12-03-1985``, ``12/03/1985``, ``12.03.1985``, ``12 maart
  1985``, ``1985-03-12`` (and ``12-03-85``, ``12 - 03 - 1985``,
  ``geb.12-03-1985``, and ``12031985`` only here) right after "geboren (op)",
  "geboortedatum" or "geb." and not in the future; or a date in a plausible
  birth year (1900 to twelve years ago) near any birth word ("verjaardag",
  "jarig" too) or after "geboren" in the same line; a past date with
  "geboren" just after it ("op 3 maart 2024 geboren"); a full date in a
  plausible birth year after "ik ben van" or "is van". An appointment date
  is no finding, nor is a date in a rule after a comparison word ("geboren
  vóór 1 januari 1960", "na", "tussen ... en ...", "vanaf", "tot").
- **Name** (:mod:`deskapp.privacy_names`): of the people the caller passes,
  the username, the full name (a display name cut before a role: "Ahmed
  Bouzid, onafhankelijk adviseur"), the surname with its prefix ("de Vries")
  and the capitalised name parts of three letters or more that are not
  common Dutch words ("Jan", "Vries", not "Bakker"; each part of "Jansen-Smit"),
  as whole words in any case, with or without diacritics ("Yilmaz" for
  "Yılmaz"); a common-word surname right after a title or initials
  ("mevrouw Bakker", "K. Bakker"). Role and organisation words
  ("Werkplein", "adviseur", a username "klantmanager1") are never names.

Where two findings overlap, the stronger kind wins (IBAN, BSN, e-mail, phone,
birth date, address, name). Invisible characters (zero-width spaces, soft
hyphens, direction marks) inside a number do not hide it. Forum text is
hostile: every pattern runs in linear time, and the library checks are capped
per text; past the cap a detector flags by shape alone, so a flood of numbers
errs towards flagging.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from deskapp import privacy_names, privacy_numbers, privacy_text
from deskapp.i18n import _
from deskapp.models import Person

__all__ = ["Finding", "Kind", "find_personal_data", "kinds_in", "redact"]


class Kind(StrEnum):
    """A kind of personal data; the value is its machine name."""

    BSN = "bsn"
    IBAN = "iban"
    PHONE = "phone"
    EMAIL = "email"
    POSTCODE = "postcode"
    """A postcode, with or without a house number, or a street and number."""
    BIRTHDATE = "birthdate"
    NAME = "name"
    """A name or username of one of the thread's people."""

    @property
    def label(self) -> str:
        """The name of this kind, for the screen, in the desk's language."""
        return _labels()[self]

    @property
    def placeholder(self) -> str:
        """What a finding of this kind is replaced with, e.g. ``[BSN]``: it
        goes into forum text, so it stays as the (Dutch) forum reads it."""
        return _PLACEHOLDERS[self]


def _labels() -> dict[Kind, str]:
    """The name of each kind in the desk's language."""
    return {
        Kind.BSN: "BSN", Kind.IBAN: "IBAN", Kind.PHONE: _("telefoonnummer"),
        Kind.EMAIL: _("e-mailadres"), Kind.POSTCODE: _("adres"),
        Kind.BIRTHDATE: _("geboortedatum"), Kind.NAME: _("naam"),
    }  # fmt: skip


_PLACEHOLDERS = {
    Kind.BSN: "[BSN]", Kind.IBAN: "[IBAN]", Kind.PHONE: "[telefoonnummer]",
    Kind.EMAIL: "[e-mail]", Kind.POSTCODE: "[adres]",
    Kind.BIRTHDATE: "[geboortedatum]", Kind.NAME: "[naam]",
}  # fmt: skip
_STRENGTH = (
    Kind.IBAN, Kind.BSN, Kind.EMAIL, Kind.PHONE, Kind.BIRTHDATE, Kind.POSTCODE,
    Kind.NAME,
)  # fmt: skip
"""Which kind wins an overlap: the earlier one."""

Span = tuple[int, int]
_DETECTORS: dict[Kind, Callable[[str], Iterable[Span]]] = {
    Kind.IBAN: privacy_numbers.iban_spans,
    Kind.BSN: privacy_numbers.bsn_spans,
    Kind.EMAIL: privacy_text.email_spans,
    Kind.PHONE: privacy_numbers.phone_spans,
    Kind.BIRTHDATE: privacy_text.birthdate_spans,
    Kind.POSTCODE: privacy_text.address_spans,
}
_INVISIBLE = re.compile(
    "[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data in a text."""

    kind: Kind
    start: int
    """Offset of the first character in the text."""
    end: int
    """Offset just past the last character."""
    text: str
    """The matched text, ``text[start:end]``."""
    replacement: str
    """The proposed replacement, e.g. ``[BSN]``."""


def find_personal_data(text: str, people: Sequence[Person] = ()) -> list[Finding]:
    """Every piece of personal data in ``text``, sorted by start, none
    overlapping; ``people`` are the thread's people whose names count."""
    view, where = _visible(text)
    spans: list[tuple[Kind, int, int]] = []
    for kind, detect in _DETECTORS.items():
        spans += ((kind, start, end) for start, end in detect(view))
    spans += ((Kind.NAME, s, e) for s, e in privacy_names.name_spans(view, people))
    kept = _resolve(spans)
    return [_finding(text, kind, *_original(where, s, e)) for kind, s, e in kept]


def redact(text: str, findings: Iterable[Finding]) -> str:
    """``text`` with each finding's span replaced by its replacement.

    Overlapping findings are joined into one span (the first one's
    replacement). Raises ValueError for a finding that is not in ``text``.
    """
    parts: list[str] = []
    cursor = 0
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if text[f.start : f.end] != f.text or f.start >= f.end:
            raise ValueError(f"finding at {f.start}-{f.end} does not match the text")
        if f.start < cursor:  # overlaps the previous one: extend it
            cursor = max(cursor, f.end)
            continue
        parts += (text[cursor : f.start], f.replacement)
        cursor = f.end
    parts.append(text[cursor:])
    return "".join(parts)


def kinds_in(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each kind, by kind value (for the audit log)."""
    counts = Counter(f.kind for f in findings)
    return {kind.value: counts[kind] for kind in Kind if counts[kind]}


def _finding(text: str, kind: Kind, start: int, end: int) -> Finding:
    """A finding of ``kind`` over ``text[start:end]``."""
    return Finding(kind, start, end, text[start:end], kind.placeholder)


def _resolve(spans: list[tuple[Kind, int, int]]) -> list[tuple[Kind, int, int]]:
    """The spans without overlaps, sorted by start: the stronger kind wins,
    and within a kind the earlier (then the longer) span."""
    kept: list[tuple[int, int, Kind]] = []
    for kind in _STRENGTH:
        mine = sorted((s, e) for k, s, e in spans if k is kind)
        won: list[tuple[int, int, Kind]] = []
        j, reach = 0, -1
        for start, end in sorted(mine, key=lambda span: (span[0], -span[1])):
            while j < len(kept) and kept[j][1] <= start:
                j += 1  # kept[j] is now the first kept span ending after start
            if start < reach or (j < len(kept) and kept[j][0] < end):
                continue
            won.append((start, end, kind))
            reach = end
        kept = list(heapq.merge(kept, won))
    return [(kind, start, end) for start, end, kind in kept]


def _visible(text: str) -> tuple[str, list[int] | None]:
    """``text`` without invisible characters, and where each character of
    the result stands in ``text`` (None when nothing was removed)."""
    if _INVISIBLE.search(text) is None:
        return text, None
    where: list[int] = []
    kept_from = 0
    for hidden in _INVISIBLE.finditer(text):
        where.extend(range(kept_from, hidden.start()))
        kept_from = hidden.end()
    where.extend(range(kept_from, len(text)))
    return _INVISIBLE.sub("", text), where


def _original(where: list[int] | None, start: int, end: int) -> Span:
    """The span in the original text of ``view[start:end]``."""
    if where is None:
        return start, end
    return where[start], where[end - 1] + 1
