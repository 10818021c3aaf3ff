"""Number detectors of the personal-data guard: BSN, IBAN and phone numbers.

Each yields the ``(start, end)`` spans it finds; :mod:`deskapp.privacy` turns
them into findings, settles overlaps and documents the rules. Every pattern
starts at the start of a run of its characters, so none backtracks into a
long run; the library checks are capped per text (:data:`MAX_CHECKS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from phonenumbers import Leniency, PhoneNumberMatcher, PhoneNumberType, number_type
from stdnum import iban, numdb
from stdnum.nl import bsn

__all__ = ["MAX_CHECKS", "bsn_spans", "iban_spans", "phone_spans"]

Span = tuple[int, int]

MAX_CHECKS = 3000
"""Candidates checked per detector and text; past that many, the rest of the
text is searched by shape alone (a flood of numbers errs towards flagging)."""

_SEP = "[ \u00a0]"
_ALNUM = re.compile("[0-9A-Za-z]")

# BSN: 123456782, 123 456 782, 123.456.782, 123-456-782, 1234.56.782, and an
# old one of eight digits (read with a leading zero) after a BSN word
_BSN = re.compile(
    r"(?:(?<![0-9A-Za-z])|(?<=[Bb][Ss][Nn]))(?<![0-9][.,-])"
    r"(?:[0-9]{9}|[0-9]{3}([ .\u00a0-])[0-9]{3}\1[0-9]{3}"
    r"|[0-9]{4}([ .\u00a0])[0-9]{2}\2[0-9]{3}|(?P<short>[0-9]{8}))"
    r"(?![0-9A-Za-z])(?![.,-][0-9])"
)
_BSN_WORD = (
    r"bsn(?:[- ]?(?:nummer|nr))?|burger[- ]?service[- ]?(?:nummer|nr)"
    r"|sofi[- ]?(?:nummer|nr)|so-fi[- ]?nummer|persoons[- ]?(?:nummer|nr)"
)
_OTHER_WORD = (
    r"(?:dossier|zaak|klant|kenmerk|referentie|ref|factuur|polis|relatie|contract"
    r"|aanvraag|debiteur|registratie|abonnee|kvk|btw|rsin|ticket|rekening"
    r"|telefoon|tel|mobiel|gsm|fax|iban|account)(?:[- ]?(?:nummer|nr))?"
    r"|(?:pas|lid|order|volg|huis|postbus)[- ]?(?:nummer|nr)"
    r"|[a-z]+-?(?:nummer|nr)"
)
"""Any other ``<word>nummer`` or ``<word>nr`` (transactienummer, factuurnr)."""
_NUMBER_WORD = re.compile(
    rf"(?<![a-z])(?:(?P<bsn>{_BSN_WORD})|{_OTHER_WORD})(?![a-z])", re.IGNORECASE
)
_WORD_BEFORE, _WORD_AFTER = 40, 25
_NOT_ALONE_BEFORE = re.compile(
    r"(?:[€$£+#/=&?]|(?<![a-z])(?:eur|euro|nr|no|nummer)\.?|\(0\)"
    r"|[0-9](?:[.\- \u00a0]|,(?![ \u00a0]))?)"
    r"[ \u00a0]*\Z",
    re.IGNORECASE,
)
_NOT_LABEL_GAP = re.compile("[0-9\n]")
"""A number or a line break between a word and a number: not its label."""
_WORD_LIST_GAP = re.compile(
    r"[ \u00a0,/&+]*(?:(?:en|of)[ \u00a0]+)?(?:(?:mijn|m'n|het|de)[ \u00a0]+)?",
    re.IGNORECASE,
)
_OWN_NUMBER = re.compile(r"[^0-9\n]{0,12}[0-9]")
_LIST_MARKER = re.compile(r"(?:^|(?<=\n))[ \t]*[0-9]{1,3}[.)][ \u00a0]+\Z")
"""A numbered list item ("1. ") before a number at the start of a line."""
_NOT_ALONE_AFTER = re.compile(
    r"[ \u00a0]*(?:[.,\- \u00a0]?[0-9]|,-|€|%|(?:eur|euro|cent)(?![a-z]))",
    re.IGNORECASE,
)

# IBAN: country, check digits, then groups; the check picks the right length
_IBAN_START = re.compile(
    rf"(?<![0-9A-Za-z])[A-Za-z]{{2}}[0-9]{{2}}(?={_SEP}?[0-9A-Za-z])"
)
_IBAN_GROUPS = re.compile(rf"[0-9A-Za-z]{{1,34}}(?:{_SEP}[0-9A-Za-z]{{1,34}}){{0,9}}")
_IBAN_TOKEN = re.compile("[0-9A-Za-z]+")
_IBAN_REGISTRY = numdb.get("iban")
_IBAN_SHAPE = re.compile(
    rf"(?<![0-9A-Za-z])[A-Za-z]{{2}}[0-9]{{2}}(?:{_SEP}?[0-9A-Za-z]{{4}}){{2,7}}"
    rf"(?:{_SEP}?[0-9A-Za-z]{{1,3}})?(?![0-9A-Za-z])"
)

# Phone: runs that start like a number (0, + or a bracket) of digits and separators
_PHONE_RUN = re.compile(r"(?<![\w+(])(?<![0-9][-./])[+(0][0-9 \u00a0()\-./]*+")
_PHONE_SHAPE = re.compile(
    r"(?:\+|00)[1-9][0-9 \u00a0()\-]{6,18}[0-9]|0[1-9](?:[ \u00a0\-./]?[0-9]){8}"
)
_MOBILE = re.compile(
    r"(?<![0-9])(?:(?:\+31|0031)[ \u00a0-]?(?:\(0\)[ \u00a0-]?)?6|\(?06\)?)"
    r"(?:[ \u00a0.-]{0,3}[0-9]){8}(?![0-9])"
)
"""A Dutch mobile number by its shape, also in a range not (yet) in use."""
_IBAN_PART_BEFORE = re.compile(rf"[A-Za-z]{{2}}[0-9]{{2}}{_SEP}[A-Za-z]{{4}}{_SEP}$")
_DASHES = str.maketrans("\u2010\u2011\u2012\u2013\u2014\u2212", "------")
"""Hyphens, en and em dashes and the minus sign read as "-"."""
_DATE_AT = re.compile(r"[0-3]?[0-9]([-/.])[01]?[0-9]\1(?:19|20)[0-9]{2}(?![0-9])")
"""A date where a number starts ("06-12-2024 - 06-01-2025"): no phone."""
_NOBODYS = frozenset({
    PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST, PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL,
})  # fmt: skip
"""Service numbers (0800, 0900, 14 0xx, 088): nobody's personal data."""
_MATCHER_CHARS = 20_000
"""The phone cap is counted in characters the matcher reads (some 1,500
numbers), as dense runs of numbers cost it most."""
_WINDOW, _STEP = 48, 24
"""Long runs go to the matcher in overlapping windows (a number fits in one)."""


def bsn_spans(text: str) -> Iterator[Span]:
    """Nine-digit numbers (eight after a BSN word) that pass the 11-proof and
    read as a BSN."""
    for checks, m in enumerate(_BSN.finditer(text)):
        if checks == MAX_CHECKS:
            yield from (rest.span() for rest in _BSN.finditer(text, m.start()))
            return
        digits = re.sub("[^0-9]", "", m.group())
        short = m.group("short") is not None
        if bsn.is_valid(digits) and _reads_as_bsn(text, m.start(), m.end(), short):
            yield m.span()


def _reads_as_bsn(text: str, start: int, end: int, short: bool) -> bool:
    """The number word that labels it decides; without one a nine-digit
    number must stand alone (not an amount, a phone number or part of a
    longer number)."""
    label = _label_before(text, start)
    if label is None:
        label = _label_after(text, end)
    if label is not None:
        return label
    return not (
        short
        or (
            _NOT_ALONE_BEFORE.search(text, max(0, start - 10), start)
            and not _LIST_MARKER.search(text, max(0, start - 12), start)
        )
        or _NOT_ALONE_AFTER.match(text, end, end + 10)
    )


def _label_before(text: str, start: int) -> bool | None:
    """Whether the nearest number word before ``start`` is a BSN word (or one
    of a list of words: "BSN en telefoonnummer:"); None when there is none,
    or it labels an earlier number or stands on an earlier line."""
    words = list(_NUMBER_WORD.finditer(text, max(0, start - _WORD_BEFORE), start))
    if not words or _NOT_LABEL_GAP.search(text, words[-1].end(), start):
        return None
    listed = [words[-1]]
    for word in reversed(words[:-1]):
        if not _WORD_LIST_GAP.fullmatch(text, word.end(), listed[-1].start()):
            break
        listed.append(word)
    return any(word.group("bsn") is not None for word in listed)


def _label_after(text: str, end: int) -> bool | None:
    """Whether a number word just after ``end`` ("123456782 is mijn bsn") is
    a BSN word; None when there is none, or another word has a number of
    its own after it."""
    word = _NUMBER_WORD.search(text, end, end + _WORD_AFTER)
    if word is None or _NOT_LABEL_GAP.search(text, end, word.start()):
        return None
    if word.group("bsn") is not None:
        return True
    return None if _OWN_NUMBER.match(text, word.end(), word.end() + 15) else False


def iban_spans(text: str) -> Iterator[Span]:
    """IBANs of any country whose mod-97 check holds, spaced or not."""
    checks = 0
    for m in _IBAN_START.finditer(text):
        if not _iban_country(m.group()[:2].upper()):
            continue
        checks += 1
        if checks > MAX_CHECKS:
            yield from _shaped_ibans(text, m.start())
            return
        groups = _IBAN_GROUPS.match(text, m.start())
        assert groups is not None  # the start pattern guarantees a group
        for end, compact in _iban_prefixes(text, groups):
            if iban.is_valid(compact):
                yield m.start(), end
                break


def _shaped_ibans(text: str, start: int) -> Iterator[Span]:
    """Past the cap: anything shaped like an IBAN of a known country."""
    for m in _IBAN_SHAPE.finditer(text, start):
        if _iban_country(m.group()[:2].upper()):
            yield m.span()


@lru_cache(maxsize=1024)
def _iban_country(code: str) -> bool:
    """True for a country that has IBANs (python-stdnum's registry)."""
    return bool(_IBAN_REGISTRY.info(code)[0][1])


def _iban_prefixes(text: str, groups: re.Match[str]) -> list[tuple[int, str]]:
    """(end, compact) for each run of whole groups that could be an IBAN,
    longest first."""
    found: list[tuple[int, str]] = []
    compact = ""
    for token in _IBAN_TOKEN.finditer(text, groups.start(), groups.end()):
        compact += token.group()
        if len(compact) > 34:
            break
        if len(compact) >= 15 and not _ALNUM.match(text, token.end()):
            found.append((token.end(), compact))
    return found[::-1]


def phone_spans(text: str) -> Iterator[Span]:
    """Phone numbers that phonenumbers finds valid (region NL) and Dutch
    mobile numbers by shape, except service numbers and IBAN digits."""
    text = text.translate(_DASHES)  # the same length: the spans still fit
    seen: set[Span] = set()
    budget = _MATCHER_CHARS
    for run in _PHONE_RUN.finditer(text):
        start, end = run.start(), _last_digit(run.group()) + run.start() + 1
        if end - start < 7 or _IBAN_PART_BEFORE.search(text, max(0, start - 11), start):
            continue
        for w_start, w_end in _windows(start, end):
            budget -= w_end - w_start
            if budget < 0:
                yield from (m.span() for m in _PHONE_SHAPE.finditer(text, w_start))
                return
            found = [*_matched_phones(text, w_start, w_end)]
            found += (m.span() for m in _MOBILE.finditer(text, w_start, w_end))
            for span in found:
                if span not in seen and not _DATE_AT.match(text, span[0]):
                    seen.add(span)
                    yield span


def _last_digit(run: str) -> int:
    """Index of the last digit in ``run`` (-1 when there is none)."""
    return max(run.rfind(d) for d in "0123456789")


def _windows(start: int, end: int) -> Iterator[Span]:
    """The run itself, or overlapping windows over a long one."""
    if end - start <= _WINDOW:
        yield start, end
        return
    for w_start in range(start, end - _STEP, _STEP):
        yield w_start, min(w_start + _WINDOW, end)


def _matched_phones(text: str, start: int, end: int) -> Iterator[Span]:
    """Numbers phonenumbers' matcher finds in ``text[start:end]``."""
    for match in PhoneNumberMatcher(text[start:end], "NL", leniency=Leniency.VALID):
        if number_type(match.number) not in _NOBODYS:
            yield start + match.start, start + match.end
