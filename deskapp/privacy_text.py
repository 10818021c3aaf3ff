"""Word-shaped detectors of the personal-data guard: e-mail addresses,
addresses (postcode, street and number) and dates of birth.

Each yields the ``(start, end)`` spans it finds; :mod:`deskapp.privacy`
documents the rules. Every pattern starts at the start of a run of its
characters or at a fixed word, so none backtracks into a long run.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from datetime import date

__all__ = ["address_spans", "birthdate_spans", "email_spans"]

Span = tuple[int, int]

# E-mail: local@domain.tld, and "naam [at] domein [dot] nl" written out
_LOCAL_CHAR = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_LOCAL = (
    rf"(?<![A-Za-z0-9!#$%&'*+/=?^_`{{|}}~.-]){_LOCAL_CHAR}++(?:\.{_LOCAL_CHAR}++)*+"
)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_TLD = r"[A-Za-z]{2,24}(?![A-Za-z0-9-])"
_EMAIL = re.compile(rf"{_LOCAL}@(?:{_LABEL}\.){{1,8}}{_TLD}")
_AT = r"\s*[\[({<]\s*(?:at|@|apenstaartje)\s*[\])}>]\s*|\s+apenstaartje\s+"
_DOT = r"\s*[\[({<]\s*(?:dot|punt|\.)\s*[\])}>]\s*|\s+(?:dot|punt)\s+|\."
_WRITTEN_AT = re.compile(
    r"[\[({<]\s*(?:at|@|apenstaartje)\s*[\])}>]|apenstaartje", re.IGNORECASE
)
_WRITTEN_EMAIL = re.compile(
    rf"{_LOCAL}(?:{_AT})(?:{_LABEL}(?:{_DOT})){{1,4}}{_TLD}", re.IGNORECASE
)

_KNOWN_TLD = (
    r"(?:nl|com|net|org|be|eu|de|info|biz|live|online|me|io|uk|fr|es|tr|ma)"
    r"(?![A-Za-z0-9-])"
)
_SPACED_AT = re.compile(r"[ \u00a0]@|@[ \u00a0]|[ \u00a0]at[ \u00a0]", re.IGNORECASE)
_SPACED_EMAIL = re.compile(
    rf"(?P<local>{_LOCAL})(?:[ \u00a0]{{1,3}}@[ \u00a0]{{0,3}}|@[ \u00a0]{{1,3}}"
    rf"|[ \u00a0]+at[ \u00a0]+)(?:{_LABEL}(?:{_DOT})){{1,4}}{_KNOWN_TLD}",
    re.IGNORECASE,
)
"""Spaces around the @, or a bare "at", before a domain in a known TLD."""

# Address: postcode (+ house number), street + house number
_HOUSE_NUMBER = (
    r"[0-9]{1,5}(?![0-9])(?:[ -]?(?:[A-Za-z](?![A-Za-z])|I{1,3}\b|IV\b|hs\b|bis\b))?"
)
_POSTCODE = re.compile(
    r"(?<![0-9A-Za-z€$.,/-])[1-9][0-9]{3}[ \u00a0]?(?P<letters>[A-Za-z]{2})"
    r"(?![A-Za-z0-9])"
    rf"(?:[ \u00a0,]{{1,3}}(?:(?:huisnummer|huisnr|nr)\.?[ \u00a0]?)?{_HOUSE_NUMBER}"
    r"(?![-/.:][0-9]))?"
)
_NO_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})
_NOT_POSTCODE = frozenset({
    "al", "an", "at", "da", "de", "en", "ex", "ga", "ik", "in", "is", "je", "ja",
    "me", "na", "nu", "of", "om", "op", "pm", "te", "to", "vs", "we", "ze", "zo",
    "km", "kg", "cm", "mm", "mg", "ml", "kb", "mb", "gb", "tb", "kw", "pk", "cc",
    "ct", "eu", "nl", "tv", "pc", "uu", "hr", "pp", "st", "nr",
})  # fmt: skip
"""Words and units that follow a number in running text (in lower case)."""
_PO_BOX_BEFORE = re.compile(
    r"(?<![a-z])(?:postbus|antwoordnummer)[ \u00a0]*[0-9]{1,6}[ \u00a0]*,?[ \u00a0]*\Z",
    re.IGNORECASE,
)
"""An organisation's address: a postcode after "Postbus 1234,"."""
_STREET_ENDS = (
    "straat", "weg", "laan", "plein", "dijk", "gracht", "kade", "singel", "steeg",
    "pad", "dreef", "hof", "plantsoen", "markt", "diep", "ring", "baan", "wal",
    "erf", "brink", "boulevard", "allee", "hoven", "hove",
)  # fmt: skip
_HOUSE_SUFFIX = (
    r"(?:[-/][0-9]{1,4}(?![0-9])|[ \u00a0,]{1,2}(?:app|apt)\.?[ \u00a0]?[0-9]{1,4}"
    r"(?![0-9]))?"
)
"""After a house number: ``12-3``, ``12/3``, ``12 app. 3``."""
_NUMBER_LABEL = r"(?:(?:nr|no|nummer|huisnummer)\.?[ \u00a0]?)?"
_NOT_HOUSE = (
    r"(?![ \u00a0]*(?:uur|jaar|km|min|minuten|keer|dagen|weken|maanden|euro"
    r"|procent|%)(?![a-z]))"
)
_STREET = re.compile(
    rf"(?<![\w'-])(?P<street>[^\W\d_][\w'-]{{0,40}}+)"
    rf"(?:{'|'.join(f'(?<=.{end})' for end in _STREET_ENDS)}|(?<=str)\.)"
    rf"[ \u00a0]{_NUMBER_LABEL}{_HOUSE_NUMBER}{_HOUSE_SUFFIX}{_NOT_HOUSE}",
    re.IGNORECASE,
)
_NAMED_STREET = re.compile(
    r"(?<![A-Za-z])(?i:(?:woon)?adres(?:[ \u00a0]+is)?[: \u00a0]+"
    r"|(?:woon|woont|wonen)[ \u00a0]+(?:op|aan)[ \u00a0]+"
    r"(?:de[ \u00a0]+|het[ \u00a0]+)?)"
    r"(?P<street>[A-Z\u00c0-\u00de][\w'-]{0,40}+"
    r"(?:[ \u00a0](?:[A-Z\u00c0-\u00de][\w'.-]{0,40}+|van|de|der|den|het|'t)){0,4}+)"
    rf"[ \u00a0](?i:{_NUMBER_LABEL}{_HOUSE_NUMBER}{_HOUSE_SUFFIX}{_NOT_HOUSE})"
)
"""After "adres" or "woon op/aan": capitalised words and a number."""
_ADDRESS_WORD = re.compile(r"adres|woon|wonen|woont|verhuis|huisnummer", re.IGNORECASE)

# Dates: 12-03-1985, 12/03/1985, 12.03.1985, 1985-03-12, 12 maart 1985
_NUMERIC_DATE = re.compile(
    r"(?:(?<![0-9A-Za-z./-])|(?<=[Gg][Ee][Bb]\.))(?P<d>[0-3]?[0-9])"
    r"(?P<sp>[ \u00a0]?)(?P<sep>[-/.])(?P=sp)(?P<m>[01]?[0-9])(?P=sp)(?P=sep)(?P=sp)"
    r"(?P<y>[0-9]{4}|[0-9]{2})(?![0-9A-Za-z]|[-/.][0-9])"
)
"""Also spaced (``03 - 01 - 1980``) and glued to "geb." (``geb.03-01-1980``)."""
_COMPACT_DATE = re.compile(
    r"(?<![0-9])(?P<d>[0-3][0-9])(?P<m>[01][0-9])(?P<y>(?:19|20)[0-9]{2})(?![0-9])"
)
_COMPACT_AFTER = re.compile(
    r"(?<![a-z])(?:geboortedatum|geboren(?:[ \u00a0]+op)?|geb\.?)[: \u00a0]*\Z",
    re.IGNORECASE,
)
"""``03011980`` is a date only right after "geboortedatum" or "geboren"."""
_ISO_DATE = re.compile(
    r"(?<![0-9A-Za-z./-])(?P<y>(?:19|20)[0-9]{2})-(?P<m>[01]?[0-9])-(?P<d>[0-3]?[0-9])"
    r"(?![0-9A-Za-z]|[-/.][0-9])"
)
_MONTHS = {
    "jan": 1, "feb": 2, "maa": 3, "mrt": 3, "mar": 3, "apr": 4, "mei": 5,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11,
    "dec": 12,
}  # fmt: skip
_WRITTEN_DATE = re.compile(
    r"(?<![0-9A-Za-z])(?P<d>[0-3]?[0-9])(?:e|ste|de)?[ \u00a0]+(?P<m>januari|februari"
    r"|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?,?[ \u00a0]+"
    r"(?P<y>[0-9]{4})(?![0-9A-Za-z])",
    re.IGNORECASE,
)
_BIRTH_WORDS = (
    r"(?<![a-z])(?:(?P<strong>geboren|geboortedatum|geboorte[- ]datum|geboortedag"
    r"|geb\.|geb(?![a-z])|d\.o\.b\.?|date of birth)|verjaardag|jarig)"
)
_BIRTH_WORD = re.compile(_BIRTH_WORDS, re.IGNORECASE)
_BIRTH_WORD_LOWER = re.compile(_BIRTH_WORDS)
"""The same, for text in lower case (much faster than ignoring case)."""
_DIGIT = re.compile("[0-9]")
_BORN = re.compile(r"(?<![a-z])geboren(?![a-z])", re.IGNORECASE)
_BORN_AFTER = re.compile(r"[^0-9\n]{0,10}?(?<![a-z])geboren(?![a-z])", re.IGNORECASE)
"""A date "geboren" follows closely ("op 3 maart 2024 geboren")."""
_OF_DATE = re.compile(
    r"(?<![a-z])(?:ik ben|is|zijn|was)[ \u00a0]+van[ \u00a0]+\Z", re.IGNORECASE
)
"""Right before a full date: "ik ben van 12 mei 1975", "zij is van ..."."""
_OF_DATE_WORDS = re.compile(r"(?:ben|is|zijn|was)[ \u00a0]+van[ \u00a0]", re.IGNORECASE)
_RULE_BEFORE = re.compile(
    r"(?<![a-z])(?:v[oó]{2}r|na|tussen|vanaf|tot|t/m)[ \u00a0]+"
    r"(?:[^\n]{1,25}?[ \u00a0](?:en|of|tot|t/m)[ \u00a0]+)?\Z",
    re.IGNORECASE,
)
"""A comparison word right before a date makes it a rule ("geboren vóór 1
januari 1960", "tussen 1 januari 1958 en 1 oktober 1958"), not a birth date."""
_JUST_BEFORE, _NEAR_BEFORE, _NEAR_AFTER, _BORN_BEFORE = 20, 40, 20, 120
_YOUNGEST = 12
"""A plausible birth year is at least this many years ago."""


def email_spans(text: str) -> Iterator[Span]:
    """E-mail addresses, also written out as ``naam [at] domein [dot] nl``,
    ``naam at domein dot nl`` or with spaces around the ``@``."""
    if "@" in text:
        yield from (m.span() for m in _EMAIL.finditer(text))
    if _WRITTEN_AT.search(text):
        yield from (m.span() for m in _WRITTEN_EMAIL.finditer(text))
    if _SPACED_AT.search(text):
        for m in _SPACED_EMAIL.finditer(text):
            if len(m.group("local")) > 1:
                yield m.span()


def address_spans(text: str) -> Iterator[Span]:
    """Postcodes (with the house number after them), street + number, and
    capitalised words + number after "adres" or "woon op/aan"."""
    for m in _POSTCODE.finditer(text):
        letters = m.group("letters")
        if letters.upper() in _NO_POSTCODE_LETTERS or _PO_BOX_BEFORE.search(
            text, max(0, m.start() - 30), m.start()
        ):
            continue
        if letters.isupper() or letters.lower() not in _NOT_POSTCODE:
            yield m.span()
    for m in _STREET.finditer(text):
        if m.group("street")[0].isupper() or _ADDRESS_WORD.search(
            text, max(0, m.start() - 60), m.start()
        ):
            yield m.span()
    for m in _NAMED_STREET.finditer(text):
        yield m.start("street"), m.end()


def birthdate_spans(text: str) -> Iterator[Span]:
    """Dates that are a date of birth by the words around them."""
    words = _BirthWords(text)
    if not words.starts and _OF_DATE_WORDS.search(text) is None:
        return
    today = date.today()
    for pattern in (_NUMERIC_DATE, _ISO_DATE, _WRITTEN_DATE):
        for m in pattern.finditer(text):
            when = _date_of(m)
            if when is not None and _is_birthdate(words, m, when, today):
                yield m.span()
    for m in _COMPACT_DATE.finditer(text):
        when = _date_of(m)
        if (
            when is not None
            and when <= today
            and _COMPACT_AFTER.search(text, max(0, m.start() - 25), m.start())
        ):
            yield m.span()


class _BirthWords:
    """Where the birth words of a text are, for quick look-ups by offset."""

    def __init__(self, text: str) -> None:
        lower = text.lower()
        if len(lower) == len(text):  # the same offsets
            found = list(_BIRTH_WORD_LOWER.finditer(lower))
        else:
            found = list(_BIRTH_WORD.finditer(text))
        self.text = text
        self.starts = [m.start() for m in found]
        self.ends = [m.end() for m in found]
        self.strong = [m.group("strong") is not None for m in found]

    def near(self, start: int, end: int) -> bool:
        """True when a birth word stands just before or after ``[start, end)``."""
        before = bisect.bisect_left(self.ends, start - _NEAR_BEFORE)
        after = bisect.bisect_left(self.starts, end)
        return before < bisect.bisect_right(self.ends, start) or (
            after < len(self.starts) and self.starts[after] < end + _NEAR_AFTER
        )

    def strong_just_before(self, start: int) -> bool:
        """True when "geboren", "geboortedatum" or "geb." leads up to ``start``
        (with no other number in between)."""
        i = bisect.bisect_right(self.ends, start) - 1
        if i < 0 or not self.strong[i] or self.ends[i] < start - _JUST_BEFORE:
            return False
        return _DIGIT.search(self.text, self.ends[i], start) is None

    def born_before(self, start: int) -> bool:
        """True when "geboren" comes shortly before ``start`` in the line."""
        from_ = max(0, start - _BORN_BEFORE)
        from_ = max(from_, self.text.rfind("\n", from_, start) + 1)
        return _BORN.search(self.text, from_, start) is not None


def _date_of(m: re.Match[str]) -> date | None:
    """The date a match stands for; None for no such day."""
    day, month, year = m.group("d", "m", "y")
    number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
    full = int(year) if len(year) == 4 else _century(int(year))
    try:
        return date(full, number, int(day))
    except ValueError:
        return None


def _century(year: int) -> int:
    """A two-digit year as the latest year that is not in the future."""
    return 2000 + year if 2000 + year <= date.today().year else 1900 + year


def _is_birthdate(
    words: _BirthWords, m: re.Match[str], when: date, today: date
) -> bool:
    """Birth context: "geboren (op)", "geboortedatum" or "geb." right before
    a date that is not in the future; any birth word near a plausible birth
    year, or "geboren" earlier in the line; "geboren" just after a date that
    is not in the future; "ik ben van" or "is van" right before a full date
    in a plausible birth year. A two-digit year counts only
    right after such a word ("geb. 12-03-85"). A date right after a
    comparison word ("vóór", "na", "tussen ... en") is a rule."""
    if _RULE_BEFORE.search(words.text, max(0, m.start() - 45), m.start()):
        return False
    past = when.year >= 1900 and when <= today
    if past and (
        words.strong_just_before(m.start())
        or _BORN_AFTER.match(words.text, m.end(), m.end() + 20)
    ):
        return True
    plausible = 1900 <= when.year <= today.year - _YOUNGEST
    if len(m.group("y")) == 2 or not plausible:
        return False
    if _OF_DATE.search(words.text, max(0, m.start() - 16), m.start()):
        return True
    return words.near(m.start(), m.end()) or words.born_before(m.start())
