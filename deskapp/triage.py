"""Triage: the state and urgency of a question, derived from its thread.

State comes from who posted last: a client or a peer leaves the question
waiting for the Werkplein; a Werkplein employee or an independent adviser
leaves it waiting for the client. Urgency comes from keyword rules (income
stopped, payment missing, eviction, debt collection, ...) and per-category
rules, both extendable in the config's ``[triage]`` table.

A question whose thread has not been fetched yet (a sync that may fetch only
a few threads saves the rest from the topic list) is triaged from its listing
by :func:`triage_listing`; the approximations it makes are listed there.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from deskapp.models import Post, Question, Role, State, Urgency
from deskapp.workhours import WorkingHours

if TYPE_CHECKING:
    from deskapp.config import TriageConfig

__all__ = [
    "DEFAULT_LOW_KEYWORDS",
    "DEFAULT_URGENT_KEYWORDS",
    "TriageRules",
    "Triaged",
    "derive_state",
    "first_staff_answer_at",
    "listing_state",
    "triage",
    "triage_listing",
    "waiting_since",
]

DEFAULT_URGENT_KEYWORDS: tuple[str, ...] = (
    # income stopped or missing
    "uitkering gestopt",
    "uitkering stopgezet",
    "uitkering is gestopt",
    "uitkering beëindigd",
    "geen uitkering",
    "uitkering niet ontvangen",
    "niet uitbetaald",
    "niet betaald",
    "niet ontvangen",
    "nog steeds niet",
    "betaling ontbreekt",
    "betaling is niet",
    "geld is niet",
    "geen geld",
    "geen inkomen",
    "zonder inkomen",
    "opgeschort",
    "stopzetting",
    # housing, debt collection, shut-offs
    "huisuitzetting",
    "uitzetting",
    "ontruiming",
    "huurachterstand",
    "deurwaarder",
    "beslag",
    "loonbeslag",
    "incasso",
    "dwangbevel",
    "afsluiting",
    "afgesloten",
    "wordt afgesloten",
    "dakloos",
    # no food, acute need
    "geen eten",
    "voedselbank",
    "noodfonds",
    "voorschot",
    "spoed",
    "vandaag nog",
    "met spoed",
    # claw-backs and fines that hit income at once
    "terugvordering",
    "boete",
    "terugbetalen",
)
"""Phrases that make a question urgent: the client's income or home is at stake."""

DEFAULT_LOW_KEYWORDS: tuple[str, ...] = (
    "ter informatie",
    "uit nieuwsgierigheid",
    "geen haast",
    "algemene vraag",
)
"""Phrases that mark a question as not pressing."""


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching any phrase at a word start."""
    parts = [
        r"\s+".join(re.escape(word) for word in phrase.split())
        for phrase in phrases
        if phrase.strip()
    ]
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)


DEFAULT_TARGETS: Mapping[Urgency, float] = {
    Urgency.URGENT: 4.0,
    Urgency.NORMAL: 16.0,
    Urgency.LOW: 40.0,
}
"""Working hours to the first staff answer: half a day, two days, a week."""


class TriageRules:
    """Compiled urgency rules (keywords, categories) and response targets."""

    def __init__(
        self,
        urgent_keywords: Sequence[str] = DEFAULT_URGENT_KEYWORDS,
        low_keywords: Sequence[str] = DEFAULT_LOW_KEYWORDS,
        category_urgency: Mapping[str, Urgency] | None = None,
        *,
        targets: Mapping[Urgency, float] | None = None,
        hours: WorkingHours | None = None,
    ) -> None:
        """Compile the keyword patterns once."""
        self.urgent_keywords = tuple(urgent_keywords)
        self.low_keywords = tuple(low_keywords)
        self.category_urgency = dict(category_urgency or {})
        self.targets = dict(targets or DEFAULT_TARGETS)
        self.hours = hours or WorkingHours()
        self._urgent = _phrase_pattern(self.urgent_keywords)
        self._low = _phrase_pattern(self.low_keywords)

    @classmethod
    def from_config(
        cls,
        config: TriageConfig | None,
        *,
        targets: Mapping[Urgency, float] | None = None,
        hours: WorkingHours | None = None,
    ) -> TriageRules:
        """The built-in rules extended by the config's ``[triage]`` table."""
        if config is None:
            return cls(targets=targets, hours=hours)
        return cls(
            urgent_keywords=DEFAULT_URGENT_KEYWORDS + tuple(config.urgent_keywords),
            low_keywords=DEFAULT_LOW_KEYWORDS + tuple(config.low_keywords),
            category_urgency=config.category_urgency,
            targets=targets,
            hours=hours,
        )

    @property
    def fingerprint(self) -> str:
        """A short hash that changes whenever the rules or targets change."""
        categories = sorted(self.category_urgency.items())
        targets = sorted(self.targets.items())
        parts = (self.urgent_keywords, self.low_keywords, categories, targets)
        blob = repr(parts) + self.hours.fingerprint
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def due(self, urgency: Urgency, since: datetime | None) -> datetime | None:
        """When a staff answer is due: the target in working hours after ``since``."""
        if since is None:
            return None
        return self.hours.add(since, self.targets[urgency])

    def urgency(self, category_slug: str, texts: Iterable[str]) -> Urgency:
        """Urgency of a question in ``category_slug`` whose client wrote ``texts``."""
        text = "\n".join(texts)
        if self._urgent is not None and self._urgent.search(text):
            return Urgency.URGENT
        by_category = self.category_urgency.get(category_slug)
        if by_category is not None:
            return by_category
        if self._low is not None and self._low.search(text):
            return Urgency.LOW
        return Urgency.NORMAL


def derive_state(question: Question, posts: Sequence[Post]) -> State:
    """Where a question stands, from its flags and who posted last."""
    if question.closed or question.archived:
        return State.CLOSED
    if question.accepted_post_id is not None or any(p.accepted for p in posts):
        return State.SOLVED
    author = question.author.username
    if all(p.author.username == author for p in posts):
        return State.NEW
    last = posts[-1].author.role if posts else question.last_poster.role
    return State.WAITING_CLIENT if last.answers_for_werkplein else State.WAITING_STAFF


def waiting_since(posts: Sequence[Post], state: State) -> datetime | None:
    """Since when the client has waited for staff: the first post after the
    last professional answer. None when the question does not need staff."""
    if not state.needs_staff or not posts:
        return None
    since: datetime | None = None
    for post in posts:
        if post.author.role.answers_for_werkplein:
            since = None
        elif since is None:
            since = post.created_at
    return since or posts[0].created_at


def first_staff_answer_at(posts: Sequence[Post]) -> datetime | None:
    """When a Werkplein employee or adviser first answered, if ever."""
    for post in posts[1:]:
        if post.author.role.answers_for_werkplein:
            return post.created_at
    return None


@dataclass(frozen=True, slots=True)
class Triaged:
    """The derived fields the store keeps beside a question."""

    state: State
    urgency: Urgency
    waiting_since: datetime | None
    first_staff_at: datetime | None
    last_poster_role: Role
    due_at: datetime | None


def triage(
    question: Question, posts: Sequence[Post], category_slug: str, rules: TriageRules
) -> Triaged:
    """Derive state, urgency and waiting time of one question."""
    state = derive_state(question, posts)
    client_texts = [question.title] + [
        p.raw for p in posts if p.author.role is Role.CLIENT
    ]
    last_role = posts[-1].author.role if posts else question.last_poster.role
    urgency = rules.urgency(category_slug, client_texts)
    waiting = waiting_since(posts, state)
    return Triaged(
        state=state,
        urgency=urgency,
        waiting_since=waiting,
        first_staff_at=first_staff_answer_at(posts),
        last_poster_role=last_role,
        due_at=rules.due(urgency, waiting),
    )


# --- from the topic list alone -------------------------------------------------


def listing_state(question: Question, posts: Sequence[Post] = ()) -> State:
    """Where a question stands judged from its topic-list entry.

    ``posts`` are the posts stored from an earlier fetch, if any (they may
    lack the newest ones). Closed or archived is closed; an accepted answer
    is solved; one post, or the author posting last with nobody else known to
    have posted, is new; a Werkplein employee or adviser posting last leaves
    the question waiting for the client; anyone else, waiting for staff.
    """
    if question.closed or question.archived:
        return State.CLOSED
    if (
        question.accepted_post_id is not None
        or question.has_accepted_answer
        or any(p.accepted for p in posts)
    ):
        return State.SOLVED
    author = question.author.username
    others = any(p.author.username != author for p in posts)
    if question.posts_count <= 1 or (
        question.last_poster.username == author and not others
    ):
        return State.NEW
    if question.last_poster.role.answers_for_werkplein:
        return State.WAITING_CLIENT
    return State.WAITING_STAFF


def _listing_waiting(
    question: Question, posts: Sequence[Post], state: State
) -> datetime | None:
    """Since when the client waits, as far as the listing (and old posts) tell."""
    if not state.needs_staff:
        return None
    if state is State.NEW:
        return question.created_at
    if posts and not posts[-1].author.role.answers_for_werkplein:
        return waiting_since(posts, state)  # already waiting before the new posts
    return question.last_posted_at


def _listing_first_staff(
    question: Question, posts: Sequence[Post], state: State
) -> datetime | None:
    """The first staff answer from old posts; else the last post when staff wrote it."""
    known = first_staff_answer_at(posts)
    if known is None and state is State.WAITING_CLIENT:
        return question.last_posted_at
    return known


def triage_listing(
    question: Question,
    posts: Sequence[Post],
    category_slug: str,
    rules: TriageRules,
) -> Triaged:
    """Triage a question whose thread is not (or not fully) known yet.

    ``question`` is the topic-list entry; ``posts`` whatever posts an earlier
    fetch stored (none for a question never fetched). Exact where the listing
    is: closed, solved (when the listing carries the accepted answer), the
    last poster's role. The approximations, all corrected once the thread is
    fetched:

    - the author posting last with nobody else known to have posted counts as
      *new*, waiting since the question was asked. A client thanking staff
      after an answer is shown as waiting longer than it does: the error is on
      the side of answering too early, and such a question is fetched first;
    - *waiting for staff* (a client or a peer posted last) waits since the
      last post (``last_posted_at``), or since the client's first unanswered
      post among the stored posts when those end with one; the first post
      after the last staff answer may be earlier, so the wait may show short;
    - the first staff answer is unknown (None) unless the stored posts hold
      one, or staff posted last (then that post, an upper bound);
    - urgency reads the title and the client's stored posts only.
    """
    state = listing_state(question, posts)
    client_texts = [question.title] + [
        p.raw for p in posts if p.author.role is Role.CLIENT
    ]
    urgency = rules.urgency(category_slug, client_texts)
    waiting = _listing_waiting(question, posts, state)
    return Triaged(
        state=state,
        urgency=urgency,
        waiting_since=waiting,
        first_staff_at=_listing_first_staff(question, posts, state),
        last_poster_role=question.last_poster.role,
        due_at=rules.due(urgency, waiting),
    )
