"""Name detector of the personal-data guard: the names and usernames of the
people of a thread, as whole words in any case.

For each person it looks for the username, the full name, the surname with
its prefix (``de Vries``, ``van der Meer``) and every name part of three
letters or more that is not a common Dutch word (``Jan`` and ``Vries``, but
not ``de``, ``Bakker`` or ``Groot``, which would flag half the forum), also
each part of a hyphenated name (``Jansen-Smit``). A common-word surname is a
name right after a title or initials (``mevrouw Visser``, ``K. Visser``).
Role and organisation words (``Werkplein``, ``adviseur``) are never names.
Terms and text are compared in lower case without diacritics (``Yilmaz``
matches ``Yılmaz``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from functools import lru_cache

from deskapp.models import Person

__all__ = ["COMMON_WORDS", "ROLE_WORDS", "fold", "name_spans", "name_terms"]

Span = tuple[int, int]

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_NOT_WORD = re.compile(r"\W")

MAX_PEOPLE, MAX_TERM = 200, 80
"""Hostile input: at most this many people, and names this long, are used."""

COMMON_WORDS = frozenset({
    "aal", "aan", "alle", "als", "and", "are", "bak", "bakker", "bal", "bed", "bel",
    "ben", "berg", "best", "bij", "bijl", "bloem", "blok", "boer", "bok", "bol",
    "bom", "boog", "boom", "boon", "boor", "bos", "bot", "bril", "brood", "bruin",
    "bus", "but", "can", "dag", "dak", "dal", "dam", "dan", "das", "dat", "deel",
    "den", "der", "des", "die", "dier", "dijk", "dik", "dit", "doe", "dom", "don",
    "door", "dorp", "duif", "duin", "dus", "een", "eer", "eik", "elk", "ene", "for",
    "gans", "geen", "gel", "goed", "goud", "graaf", "gras", "groen", "grond",
    "groot", "haan", "haas", "had", "hak", "hal", "hals", "ham", "hand", "hart",
    "has", "heer", "hek", "hem", "hen", "her", "het", "hier", "hij", "hof", "hoek",
    "hol", "hond", "hoog", "hoop", "hop", "hout", "huis", "hun", "jacht", "jong",
    "kaas", "kam", "kamp", "kan", "kant", "kat", "kerk", "kers", "klein", "klok",
    "koe", "kok", "kom", "koning", "kool", "koop", "kop", "kort", "kost", "laan",
    "lam", "land", "lang", "last", "lat", "lid", "lief", "lijn", "lof", "lust",
    "maan", "man", "mast", "meer", "mei", "melk", "men", "met", "mis", "mol",
    "molen", "mooi", "mos", "muis", "mus", "naar", "nacht", "net", "niet", "nog",
    "noord", "not", "now", "olie", "oost", "orde", "oud", "over", "paard", "pad",
    "pan", "pas", "pauw", "peer", "pen", "per", "pier", "pijl", "plas", "plein",
    "pol", "poort", "post", "pot", "prins", "put", "raaf", "rad", "ram", "rand",
    "ree", "reus", "riet", "rijk", "rood", "roos", "rots", "ruim", "rust", "schaap",
    "schip", "school", "schuur", "slot", "snel", "som", "spek", "staal", "stal",
    "stam", "steen", "ster", "stok", "straat", "stroo", "tak", "tas", "ten", "ter",
    "the", "tol", "toren", "tuin", "uil", "uit", "van", "vaart", "veen", "veld",
    "ven", "ver", "vis", "visser", "vlag", "vlam", "vliet", "voet", "vogel", "vos",
    "vrij", "wal", "want", "was", "water", "weg", "wel", "wie", "wiel", "wijk",
    "wil", "wind", "winter", "wit", "wol", "zand", "zee", "zeven", "zijn", "zilver",
    "zoet", "zomer", "zon", "zoon", "zout", "zuid", "zwaan", "zwart",
})  # fmt: skip
"""Common Dutch (and a few English) words that are also name parts."""
ROLE_WORDS = frozenset({
    "werkplein", "adviseur", "klantmanager", "consulent", "medewerker",
    "medewerkster", "moderator", "admin", "administrator", "system", "systeem",
    "beheer", "beheerder", "werk", "uwv", "gemeente", "team", "info", "support",
    "helpdesk", "redactie", "werkcoach", "jobcoach",
})  # fmt: skip
"""Role and organisation words in display names and usernames: never a name."""
_LETTERS = re.compile(r"[^\W\d_]+")
_ROLE_AFTER_NAME = re.compile(r"(?:[,(|/]| - ).*", re.DOTALL)
_PARTICLES = frozenset({
    "van", "de", "der", "den", "het", "ter", "ten", "te", "op", "in", "'t", "d'",
    "la", "le", "du", "da", "di", "dos", "von", "el", "al",
})  # fmt: skip


def name_spans(text: str, people: Sequence[Person]) -> Iterator[Span]:
    """Where the names and usernames of ``people`` occur in ``text`` (spans
    may overlap: the caller keeps the longest)."""
    terms = name_terms(people)
    index = _index(tuple(fold(term) for term in terms))
    titled = _titled(tuple(fold(term) for term in _titled_terms(people)))
    if not index and titled is None:
        return
    folded = fold(text)
    for first, pattern in index.items():
        yield from _spans_of(folded, first, pattern)
    if titled is not None:
        for m in titled.finditer(folded):
            yield m.start("initials" if m.group("initials") else "name"), m.end()


def fold(text: str) -> str:
    """``text`` in lower case without diacritics ("Yılmaz" and "Müller" as
    "yilmaz" and "muller"), one character for each, so offsets still fit."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLDS)


class _Folds(dict[int, str]):
    """One folded character per character, worked out when first met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        lower = char.lower()[:1] or char
        base = unicodedata.normalize("NFKD", lower)[:1] or lower
        folded = _SPECIAL_FOLDS.get(base, base)
        self[code] = folded
        return folded


_SPECIAL_FOLDS = {"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "t"}
_FOLDS = _Folds()


def _spans_of(folded: str, first: str, pattern: re.Pattern[str]) -> Iterator[Span]:
    """Matches of ``pattern`` where ``first`` starts a word."""
    at = folded.find(first)
    while at != -1:
        if at and _WORD_CHAR.match(folded, at - 1):  # inside a word: skip it
            gap = _NOT_WORD.search(folded, at)
            at = -1 if gap is None else folded.find(first, gap.end())
            continue
        if (m := pattern.match(folded, at)) is not None:
            yield m.span()
        at = folded.find(first, at + 1)


def name_terms(people: Sequence[Person]) -> tuple[str, ...]:
    """What to look for, longest first, without duplicates."""
    terms: dict[str, str] = {}
    for person in people[:MAX_PEOPLE]:
        for term in _terms_of(person):
            if 3 <= len(term) <= MAX_TERM:
                terms.setdefault(term.casefold(), term)
    return tuple(sorted(terms.values(), key=lambda t: (-len(t), t)))


def _terms_of(person: Person) -> Iterator[str]:
    """The username, full name, surname with prefix and name parts.

    A display name is cut at a comma, bracket, slash or dash (``Ahmed Bouzid,
    onafhankelijk adviseur``); when it has capitals, only the capitalised
    parts are names.
    """
    username = person.username[:MAX_TERM].strip()
    if not _only_role_words(username):
        yield username
    words = [
        word
        for word in _ROLE_AFTER_NAME.sub("", person.name[:MAX_TERM]).split()
        if word.casefold().strip(".,'()") not in ROLE_WORDS
    ]
    if len(words) > 1:
        yield " ".join(words)
    for i in range(1, len(words) - 1):
        if words[i].casefold() in _PARTICLES:
            yield " ".join(words[i:])  # "de Vries", "van der Meer"
            break
    for part in _parts(words):
        if _is_name_part(part):
            yield part
            if "-" in part:  # "Jansen-Smit": "Jansen" and "Smit" too
                yield from (p for p in part.split("-") if _is_name_part(p))


def _titled_terms(people: Sequence[Person]) -> tuple[str, ...]:
    """Name parts that are common words ("Bakker", "Visser"): names only
    after a title or an initial."""
    found: set[str] = set()
    for person in people[:MAX_PEOPLE]:
        words = _ROLE_AFTER_NAME.sub("", person.name[:MAX_TERM]).split()
        for part in _parts(words):
            for piece in part.split("-"):
                if piece.casefold() in COMMON_WORDS and len(piece) >= 3:
                    found.add(piece.casefold())
    return tuple(sorted(found))


def _parts(words: list[str]) -> Iterator[str]:
    """The words of a name that may be name parts: when the name has
    capitals, only the capitalised ones."""
    capitalised = any(word[:1].isupper() for word in words)
    for word in words:
        part = word.strip(".,'()")
        if part[:1].isupper() or not capitalised:
            yield part


def _only_role_words(username: str) -> bool:
    """True when a username's words are all common or role words
    ("klantmanager1", "werkplein_team")."""
    words = _LETTERS.findall(username.casefold())
    return bool(words) and all(w in COMMON_WORDS or w in ROLE_WORDS for w in words)


def _is_name_part(part: str) -> bool:
    """Letters (inner hyphens or apostrophes allowed), not a common, role or
    particle word."""
    folded = part.casefold()
    return (
        folded not in COMMON_WORDS
        and folded not in ROLE_WORDS
        and folded not in _PARTICLES
        and _is_word(part)
    )


def _is_word(part: str) -> bool:
    """A name part made of letters (and inner hyphens or apostrophes)."""
    return part.replace("-", "").replace("'", "").isalpha()


@lru_cache(maxsize=64)
def _titled(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for the common-word names after a title ("mevrouw
    Visser", "dhr. Bakker") or initials ("K. Visser", "J.P. Bakker")."""
    if not names:
        return None
    return re.compile(
        r"(?<![\w.])(?:(?:dhr|mevr|mw|meneer|mevrouw|heer)\.?\s+"
        r"|(?P<initials>(?:[^\W\d_]\.[ \u00a0]?){1,4}))"
        rf"(?P<name>{'|'.join(map(re.escape, names))})(?!\w)"
    )


@lru_cache(maxsize=64)
def _index(terms: tuple[str, ...]) -> dict[str, re.Pattern[str]]:
    """For each first word, one pattern for the terms that start with it
    (longest first), each ending at a word end; spaces match any whitespace."""
    by_first: dict[str, list[str]] = {}
    for term in terms:
        if (first := _WORD.match(term)) is not None:
            by_first.setdefault(first.group().lower(), []).append(term)
    return {
        first: re.compile(
            "(?:"
            + "|".join(r"\s+".join(map(re.escape, t.split())) for t in group)
            + r")(?!\w)"
        )
        for first, group in by_first.items()
    }
