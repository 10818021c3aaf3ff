"""Knowledge-base articles from answered questions (pure functions).

An article starts as a :class:`~deskapp.models.KbDraft` built from a thread:
the title as a general question, the client's question summarised, the
staff answer, regulation tags. Personal data is still in the draft; the
promote panel has staff redact or dismiss every finding of
:mod:`deskapp.privacy`, and :func:`check_publishable` refuses a draft where
one is left. Only the kinds of data redacted are ever recorded, never the
values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskapp.errors import DeskError
from deskapp.i18n import _, ngettext
from deskapp.models import KbArticle, KbDraft, Person, Role, Thread
from deskapp.text import clean, one_line

if TYPE_CHECKING:  # the guard loads phonenumbers: only when it is used
    from deskapp.privacy import Finding

__all__ = [
    "Dismissal",
    "UnredactedError",
    "article_body",
    "check_publishable",
    "draft_from",
    "general_title",
    "link_markdown",
    "regulation_tags",
    "summary_line",
]

KB_TAG = "kennisbank"
"""The tag a source question gets once its answer is in the knowledge base."""

_REGULATIONS: tuple[tuple[str, str], ...] = (
    ("participatiewet", r"bijstand|participatiewet|kostendeler|levensonderhoud"),
    ("ww", r"\bww\b|werkloosheid|\buwv\b"),
    ("wmo", r"\bwmo\b|keukentafel|huishoudelijke hulp|mantelzorg|dagbesteding"),
    ("toeslagen", r"toeslag|kindgebonden budget"),
    ("schulden", r"schuld|beslag|deurwaarder|incasso|achterstand|afsluit"),
    ("re-integratie", r"re-?integratie|traject|sollicit|werkervaring"),
    ("inkomen", r"uitkering|inkomensverklaring|vakantiegeld|inkomsten"),
    ("jeugdwet", r"jeugdwet|jeugdhulp"),
)
"""Regulation tags and the words that call for them (on title and question)."""

_TITLE_NOISE = re.compile(
    r"^\s*(?:\[?(?:spoed|urgent|dringend|help)\]?[!:.\s-]*)+", re.IGNORECASE
)
_TITLE_TAIL = re.compile(
    r"\s*(?:[-–(]\s*(?:alleenstaand|samenwonend|gemeente|werk|\d+\s*jaar)[^)]*\)?)+\s*$",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^\s*(?:beste|hallo|hoi|hey|dag|goedemiddag|goedemorgen|goedenavond|geachte)"
    r"\b[^\n]{0,60}$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^\s*(?:met vriendelijke groet|vriendelijke groet|groet(?:en|jes)?|mvg|"
    r"alvast bedankt|bedankt|dank(?:je|u)?(?: wel)?|thanks)\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"(?:€\s?\d[\d.]*(?:,\d{1,2}|,-)?|\b\d[\d.]*(?:,\d{1,2})?\s?(?:euro|eur)\b)",
    re.IGNORECASE,
)
"""An amount of money: the client's own figure, not the general question."""
_SUMMARY_LIMIT = 700


class UnredactedError(DeskError):
    """A draft still holds personal data nobody redacted or dismissed."""

    @property
    def title(self) -> str:  # type: ignore[override]
        """``Persoonsgegevens`` in the desk's language."""
        return _("Persoonsgegevens")

    def __init__(self, findings: Sequence[Finding]) -> None:
        kinds = sorted({f.kind.label for f in findings})
        text = ngettext(
            "Nog {n} persoonsgegeven niet weggehaald of afgewezen ({kinds}):"
            " publiceren kan pas als alles is nagelopen.",
            "Nog {n} persoonsgegevens niet weggehaald of afgewezen ({kinds}):"
            " publiceren kan pas als alles is nagelopen.",
            len(findings),
        )
        super().__init__(text.format(n=len(findings), kinds=", ".join(kinds)))
        self.findings = list(findings)


@dataclass(frozen=True, slots=True)
class Dismissal:
    """A finding staff judged not to be personal data, and why."""

    kind: str
    text: str
    """The matched text (only to recognise the finding; never recorded)."""
    reason: str


def general_title(title: str) -> str:
    """The title as a general question: no "Spoed!", no personal tail."""
    text = one_line(title, 200)
    text = _TITLE_NOISE.sub("", text)
    text = _TITLE_TAIL.sub("", text).strip(" -–")
    text = _AMOUNT.sub("geld", text)
    text = re.sub(r"([!?])[!?]+", r"\1", text).rstrip("!. ")
    if not text:
        return one_line(title, 200)
    text = text[0].upper() + text[1:]
    return text if text.endswith("?") else f"{text}?"


def _paragraphs(raw: str) -> list[str]:
    """Paragraphs of a post without greetings and closing lines."""
    out = []
    for block in re.split(r"\n\s*\n", clean(raw)):
        lines = [ln for ln in block.splitlines() if not _GREETING.match(ln)]
        if lines and _CLOSING.match(lines[0]):
            break  # the signature and what follows it
        if lines:
            out.append("\n".join(lines).strip())
    return [p for p in out if p]


def _summary(raw: str) -> str:
    """The question's paragraphs up to about :data:`_SUMMARY_LIMIT` characters."""
    kept: list[str] = []
    size = 0
    for paragraph in _paragraphs(raw):
        if kept and size + len(paragraph) > _SUMMARY_LIMIT:
            break
        kept.append(paragraph)
        size += len(paragraph)
    return "\n\n".join(kept)


def regulation_tags(text: str, existing: Iterable[str] = ()) -> tuple[str, ...]:
    """The regulation tags ``text`` calls for, after those it already has."""
    found = [tag for tag, words in _REGULATIONS if re.search(words, text, re.I)]
    regulations = {tag for tag, _ in _REGULATIONS}
    kept = [t for t in existing if t in regulations]
    return tuple(dict.fromkeys([*kept, *found]))


def draft_from(thread: Thread, post_id: int) -> KbDraft:
    """An article draft from a thread and the answer chosen in it.

    Raises :class:`DeskError` when the post is not a Werkplein answer of this
    thread.
    """
    post = next((p for p in thread.posts if p.id == post_id), None)
    if post is None:
        raise DeskError(_("Dat bericht hoort niet bij deze vraag."))
    if post.number == 1 or not post.author.role.answers_for_werkplein:
        raise DeskError(
            _(
                "Alleen een antwoord van een Werkplein-medewerker of adviseur kan"
                " naar de kennisbank."
            )
        )
    q = thread.question
    asked = "\n\n".join(
        p.raw for p in thread.posts if p.author.role is Role.CLIENT and p.number == 1
    ) or (thread.posts[0].raw if thread.posts else "")
    return KbDraft(
        source_question_id=q.id, source_post_id=post.id,
        title=general_title(q.title), question=_summary(asked),
        answer="\n\n".join(_paragraphs(post.raw)),
        tags=regulation_tags(f"{q.title}\n{asked}\n{post.raw}", q.tags),
        source_url=q.url,
    )  # fmt: skip


def people_of(thread: Thread) -> list[Person]:
    """Everyone in a thread (the names the guard looks for)."""
    found = {thread.question.author.username: thread.question.author}
    found.update((p.author.username, p.author) for p in thread.posts)
    return list(found.values())


def check_publishable(
    draft: KbDraft, people: Sequence[Person], dismissed: Sequence[Dismissal]
) -> None:
    """Raise :class:`UnredactedError` for personal data left in the draft
    that no dismissal covers."""
    from deskapp.privacy import find_personal_data

    allowed = {(d.kind, d.text.casefold()) for d in dismissed}
    left = [
        f
        for text in (draft.title, draft.question, draft.answer, " ".join(draft.tags))
        for f in find_personal_data(text, people)
        if (f.kind.value, f.text.casefold()) not in allowed
    ]
    if left:
        raise UnredactedError(left)


def article_body(draft: KbDraft) -> str:
    """The article as Markdown: question, answer, and where it came from."""
    parts = [f"## Vraag\n\n{draft.question.strip()}",
             f"## Antwoord\n\n{draft.answer.strip()}"]  # fmt: skip
    if draft.source_url:
        parts.append(f"*Uit een vraag op het forum: {draft.source_url}*")
    return "\n\n".join(parts) + "\n"


def summary_line(article: KbArticle) -> str:
    """One line on what an article answers (its answer's first sentence)."""
    body = article.body
    if "## Antwoord" in body:
        body = body.split("## Antwoord", 1)[1]
    for line in clean(body).splitlines():
        text = line.strip(" #*>-")
        if text and not text.startswith(("## ", "*Uit een vraag")):
            first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
            return one_line(first, 100)
    return ""


def link_markdown(article: KbArticle) -> str:
    """A Markdown link to an article with its one-line summary, for a reply."""
    title = one_line(article.title, 120).replace("]", ")").replace("[", "(")
    summary = summary_line(article)
    link = f"[{title}]({article.url})" if article.url else title
    return f"{link} — {summary}" if summary else link


def link_reply(article: KbArticle) -> str:
    """The short reply in the source thread pointing to the new article."""
    return (
        "Het antwoord op deze vraag staat nu ook in de kennisbank, zodat anderen"
        f" het ook kunnen vinden: {link_markdown(article)}"
    )
