"""Small builders of models and an in-memory forum for core tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from deskapp.errors import NotFoundError
from deskapp.models import (
    Capabilities,
    Category,
    KbArticle,
    Person,
    Post,
    Question,
    Role,
    Thread,
)

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
    """A forum held in memory that counts what it is asked."""

    def __init__(self, threads: Sequence[Thread], page_size: int = 2) -> None:
        """Serve ``threads`` in pages of ``page_size``."""
        self.name = "mem"
        self.base_url = "demo://mem"
        self.data = {t.question.id: t for t in threads}
        self.page_size = page_size
        self.pages_served = 0
        self.threads_served = 0
        self.categories_served = 0

    async def whoami(self) -> Person:
        """The staff account."""
        return STAFF

    async def capabilities(self) -> Capabilities:
        """Nothing special."""
        return Capabilities()

    async def categories(self) -> list[Category]:
        """The fixed categories."""
        self.categories_served += 1
        return list(CATEGORIES)

    async def changed_questions(
        self, since: datetime | None
    ) -> AsyncIterator[list[Question]]:
        """Pages of changed questions, newest first, stopping at ``since``."""
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

    async def threads(self, question_ids: Sequence[int]) -> list[Thread]:
        """The requested threads that still exist."""
        self.threads_served += len(question_ids)
        return [self.data[i] for i in question_ids if i in self.data]

    def change(self, thread: Thread) -> None:
        """Add or replace a thread, as if someone posted."""
        self.data[thread.question.id] = thread

    async def reply(
        self, question_id: int, raw: str, *, reply_to: int | None = None
    ) -> Post:
        """Not used by these tests."""
        raise NotFoundError("read-only")

    async def find_post(
        self, question_id: int, username: str, raw: str, after: datetime
    ) -> Post | None:
        """Not used by these tests."""
        return None

    async def accept_answer(self, post_id: int) -> None:
        """Not used by these tests."""

    async def assign(self, question_id: int, username: str | None) -> None:
        """Not used by these tests."""

    async def set_tags(self, question_id: int, tags: Sequence[str]) -> None:
        """Not used by these tests."""

    async def close(self, question_id: int) -> None:
        """Not used by these tests."""

    async def create_kb_article(
        self, title: str, raw: str, tags: Sequence[str]
    ) -> KbArticle:
        """Not used by these tests."""
        raise NotFoundError("read-only")

    async def aclose(self) -> None:
        """Nothing to close."""
