"""Small builders of models and an in-memory forum for core tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from deskapp.errors import ConflictError, DeskError, NotFoundError
from deskapp.forum.base import landed_reply, same_text
from deskapp.models import (
    Capabilities,
    Category,
    KbArticle,
    Person,
    Post,
    Question,
    Role,
    Template,
    Thread,
)

T = TypeVar("T")

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
CLIENT = Person("anouk", "Anouk", Role.CLIENT)
OTHER_CLIENT = Person("mo", "Mo", Role.CLIENT)
STAFF = Person("j.devries", "Jan de Vries", Role.STAFF)
ADVISER = Person("adviseur.kim", "Kim", Role.ADVISER)
PEER = Person("buurman", "Buurman", Role.PEER)
CATEGORIES = [
    Category(1, "Inkomen & uitkering", "inkomen-uitkering"),
    Category(2, "Zorg & Wmo", "zorg-wmo"),
    Category(9, "Kennisbank", "kennisbank", is_kb=True),
]


def make_thread(
    qid: int,
    title: str,
    authors: Sequence[Person],
    *,
    texts: Sequence[str] | None = None,
    start: datetime = T0,
    step: timedelta = timedelta(hours=1),
    category_id: int = 1,
    **question: object,
) -> Thread:
    """A thread whose posts are written by ``authors`` one ``step`` apart."""
    texts = texts or [f"bericht {n}" for n in range(len(authors))]
    posts = tuple(
        Post(
            id=qid * 100 + n,
            question_id=qid,
            number=n + 1,
            author=author,
            created_at=start + n * step,
            raw=texts[n],
        )
        for n, author in enumerate(authors)
    )
    last = posts[-1]
    q = Question(
        id=qid,
        title=title,
        category_id=category_id,
        author=authors[0],
        created_at=start,
        last_posted_at=last.created_at,
        updated_at=last.created_at,
        posts_count=len(posts),
        last_poster=last.author,
        url=f"demo://t/{qid}",
    )
    return Thread(replace(q, **question), posts)  # type: ignore[arg-type]


class MemoryForum:
    """A forum held in memory that counts what it is asked.

    Writes are real: a reply adds a post and bumps its question; accepting,
    assigning, tagging, closing and their undoing change the stored thread
    (and move ``updated_at``, so a sync sees them); a flag to the moderators
    is kept in ``flags`` and changes no thread. ``calls`` lists every
    method called, with its arguments. :meth:`fail_next` makes the next call
    of a method fail, before or after its effect.
    """

    def __init__(
        self,
        threads: Sequence[Thread],
        page_size: int = 2,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Serve ``threads`` in pages of ``page_size``; new posts stamped by ``clock``."""
        self.name = "mem"
        self.base_url = "demo://mem"
        self.data = {t.question.id: t for t in threads}
        self.page_size = page_size
        self.pages_served = 0
        self.threads_served = 0
        self.categories_served = 0
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        self.flags: list[tuple[int, str]] = []
        """(post id, message) of each post flagged to the moderators, once each."""
        self._clock = clock or (lambda: datetime.now(UTC))
        self._faults: dict[str, list[tuple[DeskError, bool]]] = {}

    # -- faults ---------------------------------------------------------------

    def fail_next(
        self, method: str, error: DeskError, *, after_effect: bool = False
    ) -> None:
        """Make the next call of ``method`` raise ``error``.

        With ``after_effect`` the call does its work first and then raises: a
        reply that landed but whose answer was lost to a timeout. Several
        faults for one method are used up in order.
        """
        if not callable(getattr(self, method, None)) or method.startswith("_"):
            raise AttributeError(f"MemoryForum has no method {method!r}")
        self._faults.setdefault(method, []).append((error, after_effect))

    def _do(self, method: str, args: tuple[object, ...], effect: Callable[[], T]) -> T:
        """Record the call and run ``effect``, failing as :meth:`fail_next` asked."""
        self.calls.append((method, args))
        faults = self._faults.get(method)
        error, after = faults.pop(0) if faults else (None, False)
        if error is not None and not after:
            raise error
        result = effect()
        if error is not None:
            raise error
        return result

    # -- reading --------------------------------------------------------------

    async def whoami(self) -> Person:
        """The staff account."""
        return self._do("whoami", (), lambda: STAFF)

    async def capabilities(self) -> Capabilities:
        """Solved and assign, no templates or presence."""
        return self._do(
            "capabilities", (), lambda: Capabilities(solved=True, assign=True)
        )

    async def categories(self) -> list[Category]:
        """The fixed categories."""
        self.categories_served += 1
        return self._do("categories", (), lambda: list(CATEGORIES))

    async def changed_questions(
        self, since: datetime | None
    ) -> AsyncIterator[list[Question]]:
        """Pages of changed questions, newest first, stopping at ``since``."""
        self._do("changed_questions", (since,), lambda: None)
        ordered = sorted(
            (t.question for t in self.data.values()),
            key=lambda q: q.updated_at,
            reverse=True,
        )
        for start in range(0, max(len(ordered), 1), self.page_size):
            self.pages_served += 1
            page = ordered[start : start + self.page_size]
            fresh = [q for q in page if since is None or q.updated_at > since]
            if fresh:
                yield fresh
            if len(fresh) < len(page) or not page:
                return

    async def threads(
        self,
        question_ids: Sequence[int],
        *,
        known: Mapping[int, Sequence[Post]] | None = None,
    ) -> list[Thread]:
        """The requested threads that still exist (whole: ``known`` is ignored)."""
        self.threads_served += len(question_ids)
        wanted = tuple(question_ids)
        return self._do(
            "threads",
            (wanted,),
            lambda: [self.data[i] for i in wanted if i in self.data],
        )

    def change(self, thread: Thread) -> None:
        """Add or replace a thread, as if someone posted."""
        self.data[thread.question.id] = thread

    async def find_post(
        self,
        question_id: int,
        username: str,
        raw: str,
        after: datetime,
        *,
        above: int | None = None,
    ) -> Post | None:
        """The first post by ``username`` with this text at or after ``after``;
        with ``above``, :func:`landed_reply` of the posts numbered above it."""

        def find() -> Post | None:
            posts = self.data[question_id].posts if question_id in self.data else ()
            if above is not None:
                return landed_reply(
                    (p for p in posts if p.number > above), username, raw
                )
            return next(
                (p for p in posts if p.author.username.lower() == username.lower()
                 and p.created_at >= after and same_text(p.raw) == same_text(raw)),
                None,
            )  # fmt: skip

        return self._do("find_post", (question_id, username, raw, after), find)

    async def colleagues(self) -> list[Person]:
        """The fixed staff member and adviser, by username."""
        return self._do("colleagues", (), lambda: [ADVISER, STAFF])

    async def templates(self) -> list[Template]:
        """None: this forum has no templates of its own."""
        return self._do("templates", (), list)

    async def replying(self, question_id: int) -> list[Person]:
        """Nobody is known to be replying."""
        return self._do("replying", (question_id,), list)

    # -- writing --------------------------------------------------------------

    def _thread(self, question_id: int) -> Thread:
        """A stored thread, or NotFoundError."""
        if question_id not in self.data:
            raise NotFoundError(f"Question #{question_id} does not exist.", status=404)
        return self.data[question_id]

    def _now(self, thread: Thread) -> datetime:
        """The clock, but later than every change of ``thread``."""
        q = thread.question
        return max(self._clock(), q.updated_at + timedelta(seconds=1))

    def _save(self, thread: Thread, **question: Any) -> None:
        """Store ``thread`` with its question changed and ``updated_at`` moved."""
        q = replace(thread.question, updated_at=self._now(thread), **question)
        self.data[q.id] = replace(thread, question=q)

    def _with_post(self, post_id: int) -> Thread:
        """The thread holding post ``post_id``, or NotFoundError."""
        for thread in self.data.values():
            if any(p.id == post_id for p in thread.posts):
                return thread
        raise NotFoundError(f"Post {post_id} does not exist.", status=404)

    async def reply(
        self, question_id: int, raw: str, *, reply_to: int | None = None
    ) -> Post:
        """Add a post by :data:`STAFF` and bump the question."""
        return self._do(
            "reply", (question_id, raw, reply_to),
            lambda: self.post_as(STAFF, question_id, raw, reply_to=reply_to),
        )  # fmt: skip

    def post_as(
        self, author: Person, question_id: int, raw: str, *, reply_to: int | None = None
    ) -> Post:
        """Add a post by ``author`` (a colleague, the client) and bump the question."""
        thread = self._thread(question_id)
        if thread.question.closed:
            raise ConflictError(f"Question #{question_id} is closed.", status=422)
        now, number = self._now(thread), len(thread.posts) + 1
        next_id = max((p.id for t in self.data.values() for p in t.posts), default=0)
        new = Post(next_id + 1, question_id, number, author, now, raw, reply_to)
        self.data[question_id] = replace(thread, posts=(*thread.posts, new))
        self._save(
            self.data[question_id], posts_count=number, last_posted_at=now,
            last_poster=author,
        )  # fmt: skip
        return new

    async def accept_answer(self, post_id: int) -> None:
        """Mark a post as the accepted answer."""
        self._do("accept_answer", (post_id,), lambda: self._accept(post_id, True))

    async def unaccept_answer(self, post_id: int) -> None:
        """Undo the accepted answer of a post's question."""
        self._do("unaccept_answer", (post_id,), lambda: self._accept(post_id, False))

    def _accept(self, post_id: int, accepted: bool) -> None:
        """Set or clear the accepted answer."""
        thread = self._with_post(post_id)
        posts = tuple(
            replace(p, accepted=accepted and p.id == post_id) for p in thread.posts
        )
        self._save(
            replace(thread, posts=posts), accepted_post_id=post_id if accepted else None,
            has_accepted_answer=accepted,
        )  # fmt: skip

    async def assign(self, question_id: int, username: str | None) -> None:
        """Assign a question to ``username``; ``None`` unassigns it."""
        self._do("assign", (question_id, username),
                 lambda: self._save(self._thread(question_id), assigned_to=username))  # fmt: skip

    async def set_tags(self, question_id: int, tags: Sequence[str]) -> None:
        """Replace the tags of a question."""
        self._do("set_tags", (question_id, tuple(tags)),
                 lambda: self._save(self._thread(question_id), tags=tuple(tags)))  # fmt: skip

    async def close(self, question_id: int) -> None:
        """Close a question."""
        self._do("close", (question_id,),
                 lambda: self._save(self._thread(question_id), closed=True))  # fmt: skip

    async def reopen(self, question_id: int) -> None:
        """Open a closed question again."""
        self._do("reopen", (question_id,),
                 lambda: self._save(self._thread(question_id), closed=False))  # fmt: skip

    async def flag_post(self, post_id: int, message: str) -> None:
        """Flag a post; a post flagged before keeps its first flag (no error)."""
        self._do("flag_post", (post_id, message), lambda: self._flag(post_id, message))

    def _flag(self, post_id: int, message: str) -> None:
        """Record the flag of an existing post, once."""
        self._with_post(post_id)
        if all(flagged != post_id for flagged, _ in self.flags):
            self.flags.append((post_id, message))

    async def create_kb_article(
        self, title: str, raw: str, tags: Sequence[str]
    ) -> KbArticle:
        """A wiki topic in the Kennisbank category, by :data:`STAFF`."""

        def create() -> KbArticle:
            qid = max(self.data, default=0) + 1
            now = self._clock()
            post_id = max((p.id for t in self.data.values() for p in t.posts),
                          default=0) + 1  # fmt: skip
            post = Post(post_id, qid, 1, STAFF, now, raw, wiki=True)
            question = Question(
                id=qid, title=title, category_id=9, author=STAFF, created_at=now,
                last_posted_at=now, updated_at=now, posts_count=1, last_poster=STAFF,
                tags=tuple(tags), url=f"demo://t/{qid}", is_kb=True,
            )  # fmt: skip
            self.data[qid] = Thread(question, (post,))
            return KbArticle(qid, title, raw, tuple(tags), url=question.url,
                             created_at=now)  # fmt: skip

        return self._do("create_kb_article", (title, raw, tuple(tags)), create)

    async def aclose(self) -> None:
        """Nothing to close."""
