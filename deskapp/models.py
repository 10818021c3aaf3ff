"""Frozen domain models shared by adapters, store, desk and UI.

Models do no I/O and know nothing about rendering. Adapters build them at the
edge (``from_api``-style constructors live in the adapter modules); everything
above the adapters only ever sees these types.

All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum


class Role(StrEnum):
    """Who someone is on the forum, as far as the desk is concerned."""

    CLIENT = "client"
    """A client of the Werkplein asking questions."""
    STAFF = "staff"
    """A Werkplein employee: the answer that counts."""
    ADVISER = "adviser"
    """An independent (labour/client) adviser."""
    PEER = "peer"
    """Another forum member answering a client."""

    @property
    def answers_for_werkplein(self) -> bool:
        """True when a post by this role counts as a professional answer."""
        return self in (Role.STAFF, Role.ADVISER)


class State(StrEnum):
    """Where a question stands, derived by :mod:`deskapp.triage`."""

    NEW = "new"
    """Only the client has posted."""
    WAITING_STAFF = "waiting_staff"
    """Replies exist, but the last word is the client's or a peer's."""
    WAITING_CLIENT = "waiting_client"
    """Staff or an adviser posted last: the ball is with the client."""
    SOLVED = "solved"
    """An answer is accepted."""
    CLOSED = "closed"
    """Closed or archived on the forum."""

    @property
    def is_open(self) -> bool:
        """True for questions the desk still has to deal with."""
        return self in (State.NEW, State.WAITING_STAFF, State.WAITING_CLIENT)

    @property
    def needs_staff(self) -> bool:
        """True when a Werkplein employee or adviser is expected to act."""
        return self in (State.NEW, State.WAITING_STAFF)


class Urgency(StrEnum):
    """How fast a question needs an answer, derived by :mod:`deskapp.triage`."""

    URGENT = "urgent"
    NORMAL = "normal"
    LOW = "low"

    @property
    def rank(self) -> int:
        """Sort key: urgent first."""
        return {Urgency.URGENT: 0, Urgency.NORMAL: 1, Urgency.LOW: 2}[self]


@dataclass(frozen=True, slots=True)
class Person:
    """A forum account."""

    username: str
    name: str
    role: Role
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Category:
    """A forum category; ``is_kb`` marks the knowledge-base category."""

    id: int
    name: str
    slug: str
    is_kb: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class Post:
    """One post of a thread, with its Markdown source in ``raw``."""

    id: int
    question_id: int
    number: int
    author: Person
    created_at: datetime
    raw: str
    reply_to: int | None = None
    """The post number this post replies to, if any."""
    accepted: bool = False
    """True when this post is the accepted answer."""
    wiki: bool = False


@dataclass(frozen=True, slots=True)
class Question:
    """A forum topic as listed: enough to triage without reading the thread."""

    id: int
    title: str
    category_id: int
    author: Person
    created_at: datetime
    last_posted_at: datetime
    updated_at: datetime
    """Last change of any kind (post, assignment, tag, close); sync cursor."""
    posts_count: int
    last_poster: Person
    tags: tuple[str, ...] = ()
    closed: bool = False
    archived: bool = False
    assigned_to: str | None = None
    accepted_post_id: int | None = None
    has_accepted_answer: bool = False
    """The forum says an answer is accepted (a topic list does not say which)."""
    url: str = ""
    is_kb: bool = False
    """True for knowledge-base articles (topics in the KB category)."""

    @property
    def listing_key(self) -> str:
        """What a topic list says of this question, as one comparable text.

        Some changes (assigning, tagging, accepting, closing) do not move the
        activity time a forum sorts by; comparing this key finds them too.
        """
        return "|".join(
            str(part)
            for part in (
                self.updated_at.timestamp(), self.posts_count, self.closed,
                self.archived, self.assigned_to, self.accepted_post_id,
                self.has_accepted_answer,
                ",".join(self.tags), self.category_id, self.title,
            )
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Thread:
    """A question with every post, in order."""

    question: Question
    posts: tuple[Post, ...]


@dataclass(frozen=True, slots=True)
class KbArticle:
    """A knowledge-base article as published on the forum."""

    id: int
    title: str
    body: str
    tags: tuple[str, ...] = ()
    source_question_id: int | None = None
    url: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a forum offers beyond core topics and posts (for ``doctor``)."""

    solved: bool = False
    assign: bool = False
    templates: bool = False
    data_explorer: bool = False
    presence: bool = False
    """The forum reports who is replying (Discourse's presence channels)."""
    version: str = ""
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class InboxItem:
    """A question as the inbox and the backlog show it: triaged, flat."""

    id: int
    title: str
    category: str
    category_slug: str
    state: State
    urgency: Urgency
    created_at: datetime
    last_posted_at: datetime
    waiting_since: datetime | None
    """Since when the client waits for staff; None when nobody waits."""
    posts_count: int
    last_poster_role: Role
    assigned_to: str | None
    tags: tuple[str, ...]
    url: str
    due_at: datetime | None = None
    """When a staff answer is due under the response targets; None if not waiting."""
    first_staff_at: datetime | None = None
    """When a Werkplein employee or adviser first answered; None if never."""

    def is_overdue(self, now: datetime) -> bool:
        """True when a staff answer was due before ``now``."""
        return self.due_at is not None and self.due_at <= now

    def is_due_soon(self, now: datetime, within: timedelta) -> bool:
        """True when a staff answer is due after ``now`` but within ``within``."""
        return self.due_at is not None and now < self.due_at <= now + within


class TemplateSource(StrEnum):
    """Where an answer template comes from."""

    PERSONAL = "personal"
    """The user's own file in the config dir: editable in the desk."""
    TEAM = "team"
    """A team file named in the config: read-only to the desk."""
    FORUM = "forum"
    """The forum's own templates (Discourse's templates plugin): read-only."""


@dataclass(frozen=True, slots=True)
class Template:
    """An answer template: wording to reuse, with ``{placeholders}``."""

    key: str
    """Unique among all sources, e.g. ``personal:wachttijd``, ``forum:123``."""
    name: str
    body: str
    """Markdown with placeholders: ``{client}`` style (files) or ``%{name}``
    style (Discourse templates)."""
    source: TemplateSource = TemplateSource.PERSONAL
    categories: tuple[str, ...] = ()
    """Category slugs the template is meant for; empty: every category."""
    tags: tuple[str, ...] = ()
    review_by: date | None = None
    """After this date the wording must be checked (rules and amounts change)."""
    forum_id: int | None = None
    """The forum's id for a forum template (to count its use there)."""


class OutboxState(StrEnum):
    """Where a reply or action on its way to the forum stands."""

    QUEUED = "queued"
    """Stored; the next push sends it (at ``next_attempt_at`` if set)."""
    SENDING = "sending"
    """A push is sending it, or was when the desk stopped: the next push
    first checks whether it landed."""
    SENT = "sent"
    """The forum has it."""
    FAILED = "failed"
    """The forum refused it or cannot take it as it is; needs the user."""
    HELD = "held"
    """A colleague replied after the thread was opened: the user decides."""
    CANCELLED = "cancelled"
    """The user withdrew it."""

    @property
    def is_pending(self) -> bool:
        """True while the entry has not reached an end state."""
        return self in (OutboxState.QUEUED, OutboxState.SENDING, OutboxState.HELD,
                        OutboxState.FAILED)  # fmt: skip


class ActionKind(StrEnum):
    """What an outbox entry asks of the forum."""

    REPLY = "reply"
    ACCEPT = "accept"
    UNACCEPT = "unaccept"
    ASSIGN = "assign"
    TAGS = "tags"
    CLOSE = "close"
    REOPEN = "reopen"
    PUBLISH = "publish"
    """A knowledge-base article from an answered question."""
    FLAG = "flag"
    """A post flagged to the moderators (personal data in a public post)."""


@dataclass(frozen=True, slots=True)
class Draft:
    """A reply being written: one per question, saved while typing."""

    question_id: int
    body: str
    reply_to: int | None
    """The post number replied to; None: the question as a whole."""
    seen_post: int
    """The highest post number on screen when the reply was begun: posts by
    colleagues after it trigger the collision guard."""
    updated_at: datetime
    title: str = ""
    """The question's title (for the list of drafts)."""


@dataclass(frozen=True, slots=True)
class Outgoing:
    """An outbox entry as the desk shows it: a reply or action underway."""

    id: int
    question_id: int | None
    kind: ActionKind
    state: OutboxState
    body: str
    """The reply text; for an action a short description (``"@jan"``)."""
    created_at: datetime
    attempts: int = 0
    error: str | None = None
    """Why the last attempt failed, in the user's terms."""
    next_attempt_at: datetime | None = None
    """When a waiting entry is tried again (rate limit, forum down)."""
    remote_id: int | None = None
    """The forum's id of the post once sent."""
    reply_to: int | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Collision:
    """A reply held back because a colleague answered after it was begun."""

    outbox_id: int
    question_id: int
    title: str
    body: str
    """The held reply."""
    theirs: tuple[Post, ...]
    """The colleagues' posts that came after the reply was begun."""


@dataclass(frozen=True, slots=True)
class KbDraft:
    """A knowledge-base article being prepared from an answered question."""

    source_question_id: int
    source_post_id: int
    """The staff answer the article is built from (accepted on publishing)."""
    title: str
    """The question as a general one, without the client's particulars."""
    question: str
    """The question summarised (Markdown)."""
    answer: str
    """The answer(s) (Markdown)."""
    tags: tuple[str, ...] = ()
    """Regulation tags: participatiewet, ww, wmo, toeslagen, schulden, ..."""
    source_url: str = ""
