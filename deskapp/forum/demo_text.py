"""The words of the demo forum: usernames, titles and posts composed from parts.

:class:`Writer` turns the phrase tables of :mod:`deskapp.forum.demo_content`
into varied Dutch forum texts, using one seeded :class:`random.Random` so the
generator stays deterministic.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from stdnum import iban as stdnum_iban

from deskapp.forum import demo_content as content
from deskapp.models import Role

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY = 86_400
PII_RATE = 0.08
"""Share of client posts that carry a piece of personal data."""
AMOUNTS = {"bedrag": (150, 4000), "bedrag_klein": (15, 400), "huur": (420, 1150)}
BANKS = ("INGB", "ABNA", "RABO", "SNSB", "ASNB", "TRIO", "KNAB", "BUNQ")
MAIL_HOSTS = (
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "live.nl",
    "ziggo.nl",
    "kpnmail.nl",
)
CLIENT_WORDS = (
    "hulpnodig", "bezorgd", "zonderwerk", "werkzoekende", "alleenstaand",
    "doorzetter", "nieuwhier", "vragensteller", "mantelzorger", "starter",
    "moeder_van_", "vader_van_",
)  # fmt: skip
MORE_INFO = (
    "**Meer weten?** Bel ons op werkdagen tussen 9 en 17 uur of stel uw vraag hier."
)


@dataclass(frozen=True, slots=True)
class Account:
    """A generated forum account (the generator's view of a person)."""

    id: int
    username: str
    name: str
    role: Role
    first: str


def ascii_fold(text: str) -> str:
    """Drop accents and spaces so a name can be part of a username."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.replace(" ", "")


def link_host(url: str) -> str:
    """The host of an https URL, for a Markdown link label."""
    return url.split("/")[2].removeprefix("www.")


def bsn(rng: random.Random) -> str:
    """A fake BSN that passes the 11-proof."""
    while True:
        digits = [rng.randrange(1, 10)] + [rng.randrange(10) for _ in range(7)]
        check = sum((9 - i) * d for i, d in enumerate(digits)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def iban(rng: random.Random) -> str:
    """A fake Dutch IBAN with valid check digits, sometimes grouped by four."""
    bban = rng.choice(BANKS) + "".join(str(rng.randrange(10)) for _ in range(10))
    number = f"NL{stdnum_iban.calc_check_digits(f'NL00{bban}')}{bban}"
    return stdnum_iban.format(number) if rng.random() < 0.5 else number


def phone(rng: random.Random) -> str:
    """A Dutch 06 mobile number in one of the usual notations."""
    digits = "".join(str(rng.randrange(10)) for _ in range(8))
    return rng.choice((f"06-{digits}", f"06 {digits[:4]} {digits[4:]}", f"06{digits}"))


def postcode(rng: random.Random) -> str:
    """A Dutch postcode such as ``9934 AB``."""
    letters = "ABCDEFGHJKLMNPRTVWXZ"
    return f"{rng.randrange(1000, 10000)} {rng.choice(letters)}{rng.choice(letters)}"


def euro(rng: random.Random, low: int, high: int) -> str:
    """An amount in euros, written the way people write it."""
    whole, cents, style = rng.randrange(low, high), rng.randrange(100), rng.randrange(5)
    dotted = f"{whole:,}".replace(",", ".")
    if style == 0:
        return f"€ {dotted},{cents:02d}"
    if style == 1:
        return f"€{whole}"
    if style == 2:
        return f"{whole} euro"
    return f"€ {dotted},-" if style == 3 else f"ongeveer {round(whole, -1)} euro"


class Writer:
    """Composes usernames, titles and posts for one question at a time."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.theme = content.THEMES[0]
        self.slots: dict[str, str] = {}
        self.answer = ""
        """The staff answer that fits the last follow-up, if it was a generic one."""
        self.texts = {
            "Q": self.question, "P": self.peer, "B": self.bump, "S": self.staff_answer,
            "R": self.staff_second, "A": self.adviser, "F": self.followup,
            "T": self.thanks, "C": self.close_note,
        }  # fmt: skip

    def member(self, user_id: int, role: Role) -> Account:
        """A new client or peer with a unique, realistic username."""
        rng = self.rng
        first, last = rng.choice(content.FIRST_NAMES), rng.choice(content.LAST_NAMES)
        f, lastname = ascii_fold(first).lower(), ascii_fold(last).lower()
        n = rng.randrange(1, 100)
        options: tuple[str, ...]
        if role is Role.PEER:
            options = (
                f"{f}_helpt", f"ervaringsdeskundige_{f}", f"oudklant_{f}{n}",
                f"{f}{lastname}", f"vrijwilliger_{f}", f"buurthuis_{f}",
            )  # fmt: skip
        else:
            options = (
                f"{f}{n}", f"{first}_{lastname[0].upper()}", f"{f}.{lastname}",
                f"{f[0]}{lastname}{n}", f"{f}{rng.randrange(1958, 2006)}",
                f"{rng.choice(CLIENT_WORDS)}{n}", f"{first}{lastname[0].upper()}{n}",
            )  # fmt: skip
        username = rng.choice(options)
        while username in self.names:
            username += str(rng.randrange(10))
        self.names.add(username)
        initial = last.split()[-1][0]
        return Account(user_id, username, f"{first} {initial}.", role, first)

    def start(
        self, theme: content.Theme, client: Account, staff: Account, created: int
    ) -> None:
        """Fill the slots for a new question."""
        rng, choice = self.rng, self.rng.choice
        day = datetime.fromtimestamp(created - rng.randrange(0, 20) * DAY, AMSTERDAM)
        later = datetime.fromtimestamp(created + rng.randrange(3, 30) * DAY, AMSTERDAM)
        source = choice(content.BRONNEN)
        self.theme, self.answer = theme, ""
        self.slots = {name: euro(rng, *span) for name, span in AMOUNTS.items()}
        self.slots.update(
            gemeente=choice(content.GEMEENTEN), afspraak=choice(content.AFSPRAKEN),
            datum=f"{day.day} {content.MONTHS[day.month - 1]}",
            later=f"{later.day} {content.MONTHS[later.month - 1]}",
            dag=choice(content.WEEKDAYS[:5]), weken=str(rng.randrange(2, 13)),
            maanden=str(rng.randrange(2, 37)), jaar=str(rng.randrange(2, 26)),
            werkgever=choice(content.WERKGEVERS), km=choice(content.KLANTMANAGERS),
            rib=choice(content.RE_INTEGRATIE), kinderen=choice(content.KINDEREN),
            leeftijd=str(rng.randrange(19, 67)), huisgenoot=choice(content.HUISGENOTEN),
            uren=str(rng.randrange(4, 33)), bron=source,
            Bron=source[0].upper() + source[1:],
            voornaam=client.first, opleiding=choice(content.OPLEIDINGEN),
            beroep=choice(content.BEROEPEN), energie=choice(content.ENERGIE),
            schuldeiser=choice(content.SCHULDEISERS), toeslag=choice(content.TOESLAGEN),
            hulp=choice(content.HULP), aandoening=choice(content.AANDOENINGEN),
            staff=staff.first, client=client.username,
        )  # fmt: skip

    def fill(self, options: tuple[str, ...]) -> str:
        """One of ``options`` with its slots filled in."""
        return self.rng.choice(options).format_map(self.slots)

    def some(self, options: tuple[str, ...], count: int) -> list[str]:
        """``count`` different phrases from ``options``, slots filled in."""
        return [p.format_map(self.slots) for p in self.rng.sample(options, count)]

    def text(self, letter: str, author: Account) -> str:
        """The Markdown of a post of the given kind (see ``SHAPES``)."""
        if letter == "A":
            self.slots["staff"] = author.first
        return self.texts[letter]()

    def title(self, *, solved: bool) -> str:
        """A title for the current question."""
        rng, theme = self.rng, self.theme
        template = rng.choice(theme.titles)
        text = template.format_map(self.slots)
        text = text[0].upper() + text[1:]
        plain = "{" not in template
        if rng.random() < (0.85 if plain else 0.3):
            text += self.fill(content.TITLE_CONTEXTS)
        elif rng.random() < 0.2:
            suffix = self.fill(content.TITLE_SUFFIXES)
            text = text.rstrip("?!") + suffix if suffix[0] in "?!" else text + suffix
        if theme.reason == content.URGENT and rng.random() < 0.15:
            text = f"{rng.choice(content.URGENT_PREFIXES)} {text}"
        if solved and rng.random() < 0.06:
            return f"[OPGELOST] {text}"
        return text.lower() if rng.random() < 0.05 else text

    def sloppy(self, text: str) -> str:
        """Informal spelling: a few typos, maybe no capitals or final stop."""
        rng = self.rng
        for _ in range(rng.randrange(1, 4)):
            wrong, right = rng.choice(content.TYPOS)
            text = text.replace(wrong, right, 1)
        if rng.random() < 0.15:
            return text.lower()
        return text.rstrip(".") if rng.random() < 0.4 else text

    def pii(self) -> str:
        """A sentence with one piece of personal data in it."""
        rng = self.rng
        first = ascii_fold(self.slots["voornaam"]).lower()
        values = {
            "bsn": bsn(rng), "iban": iban(rng), "phone": phone(rng),
            "email": f"{first}{rng.randrange(10, 99)}@{rng.choice(MAIL_HOSTS)}",
            "postcode": postcode(rng), "huisnr": str(rng.randrange(1, 180)),
            "straat": rng.choice(content.STREETS), "gemeente": self.slots["gemeente"],
        }  # fmt: skip
        return rng.choice(content.PII_SENTENCES).format_map(values)

    def question(self) -> str:
        """The first post: the client's question."""
        rng, theme, roll = self.rng, self.theme, self.rng.random
        if roll() < 0.08:
            text = f"{self.fill(theme.situations)} {self.fill(theme.asks)}"
            return self.sloppy(text) if roll() < 0.6 else text
        long = roll() < 0.12
        body = [self.fill(content.OPENINGS)] if roll() < 0.4 or long else []
        body += self.some(content.BACKGROUNDS, 2 if long else int(roll() < 0.45))
        count = min(4 if long else 1 + (roll() < 0.4), len(theme.situations))
        situations = self.some(theme.situations, count)
        listed = count > 1 and roll() < 0.1
        if listed:
            body.append(
                "Even op een rijtje:\n" + "\n".join(f"- {s}" for s in situations)
            )
        else:
            body.extend(situations)
        body.append(self.fill(theme.asks))
        body += self.some(content.EXTRAS, 2 if long else int(roll() < 0.3))
        if roll() < PII_RATE:
            body.append(self.pii())
        text = ("\n\n" if listed or roll() < 0.35 else " ").join(body)
        if roll() < 0.55:
            text = f"{rng.choice(content.GREETINGS)}\n\n{text}"
        if roll() < 0.6:
            text = f"{text}\n\n{self.fill(content.CLOSINGS)}"
        return self.sloppy(text) if roll() < 0.22 else text

    def staff_answer(self) -> str:
        """A Werkplein employee's answer to the question."""
        roll, theme = self.rng.random, self.theme
        parts = [self.fill(content.STAFF_GREETINGS)] if roll() < 0.85 else []
        core = self.fill(theme.staff)
        parts.append(
            f"{self.fill(content.STAFF_INTROS)} {core}" if roll() < 0.5 else core
        )
        if roll() < 0.6:
            parts.append(self.fill(content.STAFF_REFERRALS))
        link = content.REG_LINKS.get(theme.tags[0])
        if link and "](" not in core and roll() < 0.3:
            parts.append(f"Meer informatie: [{link_host(link)}]({link})")
        if roll() < 0.9:
            parts.append(self.fill(content.STAFF_SIGNOFFS))
        return "\n\n".join(parts)

    def staff_second(self) -> str:
        """A Werkplein employee's answer to a follow-up question."""
        roll = self.rng.random
        parts = [self.fill(content.STAFF_GREETINGS)] if roll() < 0.5 else []
        parts.append(self.answer or self.fill(content.STAFF_SECOND))
        if roll() < 0.6:
            parts.append(self.fill(content.STAFF_SIGNOFFS))
        return "\n\n".join(parts)

    def close_note(self) -> str:
        """The note a Werkplein employee leaves when closing a question."""
        note = self.fill(content.CLOSE_NOTES)
        if self.rng.random() < 0.7:
            return f"{note}\n\n{self.fill(content.STAFF_SIGNOFFS)}"
        return note

    def adviser(self) -> str:
        """An independent adviser's answer."""
        roll = self.rng.random
        parts = [self.fill(content.ADVISER_INTROS)] if roll() < 0.6 else []
        parts.append(self.fill(self.theme.adviser))
        if roll() < 0.6:
            parts.append(self.fill(content.ADVISER_OUTROS))
        parts.append(f"Groet,\n{self.slots['staff']}")
        return "\n\n".join(parts)

    def peer(self) -> str:
        """Another member's answer: well meant, not always right."""
        roll = self.rng.random
        parts = [self.fill(content.PEER_INTROS)] if roll() < 0.6 else []
        parts.append(self.fill(self.theme.peer))
        if roll() < 0.5:
            parts.append(self.fill(content.PEER_OUTROS))
        text = " ".join(parts)
        return self.sloppy(text) if roll() < 0.3 else text

    def followup(self) -> str:
        """The client's follow-up question."""
        roll = self.rng.random
        if roll() < 0.5:
            text, self.answer = self.fill(self.theme.followups), ""
        else:
            question, answer = self.rng.choice(content.FOLLOWUP_PAIRS)
            text = question.format_map(self.slots)
            self.answer = answer.format_map(self.slots)
        if roll() < 0.4:
            text = f"Dank voor het antwoord! {text}"
        if roll() < PII_RATE:
            text = f"{text} {self.pii()}"
        return self.sloppy(text) if roll() < 0.25 else text

    def thanks(self) -> str:
        """The client's thank-you."""
        text = self.fill(content.THANKS)
        if self.rng.random() < 0.3:
            text = f"{text}\n\n{self.fill(content.CLOSINGS)}"
        return self.sloppy(text) if self.rng.random() < 0.2 else text

    def bump(self) -> str:
        """The client asking again because nobody answered."""
        return self.fill(content.BUMPS)

    def kb_body(self, seed: content.KbSeed, source: int | None) -> str:
        """The wiki post of a knowledge-base article."""
        parts = [seed.intro, "\n".join(f"- {point}" for point in seed.points)]
        link = next(
            (content.REG_LINKS[t] for t in seed.tags if t in content.REG_LINKS), ""
        )
        more = (
            f"{MORE_INFO} Algemene informatie: [{link_host(link)}]({link})."
            if link
            else MORE_INFO
        )
        parts.append(more)
        if source is not None:
            parts.append(
                f"_Dit artikel is gebaseerd op een vraag op het forum: "
                f"[vraag #{source}](/t/{source})._"
            )
        return "\n\n".join(parts)
