"""The async interface every forum adapter implements.

Only :mod:`deskapp.sync` (and ``deskapp doctor``) call an adapter. Every method
returns :mod:`deskapp.models` types and raises only
:class:`deskapp.errors.ForumError` subclasses:

- ``AuthError`` when the forum refuses our credentials,
- ``NotFoundError`` for a missing topic or post,
- ``RateLimitedError`` (with ``retry_after``) when asked to slow down,
- ``ConflictError`` when the forum refuses a change,
- ``UnavailableError`` when it cannot be reached,
- ``BadResponseError`` when its answer cannot be read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from deskapp.models import (
    Capabilities,
    Category,
    KbArticle,
    Person,
    Post,
    Question,
    Template,
    Thread,
)

__all__ = ["Forum", "landed_reply", "same_text"]

_ODD_SPACES = re.compile(
    "[\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
"""The spaces Discourse turns into plain ones when it stores a post."""


def same_text(raw: str) -> str:
    """Markdown as :meth:`Forum.find_post` compares it.

    Forums store a post a little differently from how it was sent: Discourse
    turns unusual spaces into plain ones and drops trailing whitespace, and
    line ends may arrive as CRLF. Two texts are the same post when these forms
    are equal.
    """
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _ODD_SPACES.sub(" ", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def landed_reply(posts: Iterable[Post], username: str, raw: str) -> Post | None:
    """Of the posts after the mark a reply was sent above, the one it became.

    The oldest by ``username`` with this text (as :func:`same_text`), else
    the oldest by ``username`` at all: edited on the forum since it landed,
    perhaps, so not to be taken for absent. None when ``username`` has none.
    """
    name, text = username.lower(), same_text(raw)
    mine = sorted(
        (p for p in posts if p.author.username.lower() == name), key=lambda p: p.number
    )
    return next((p for p in mine if same_text(p.raw) == text), None) or next(
        iter(mine), None
    )


@runtime_checkable
class Forum(Protocol):
    """A forum the desk can read from and write to."""

    name: str
    """The profile name from the config (``[forums.NAME]``)."""
    base_url: str
    """Where people open a topic in a browser (``{base_url}/t/{id}``)."""

    async def whoami(self) -> Person:
        """The account the desk acts as."""
        ...

    async def capabilities(self) -> Capabilities:
        """Which plugins the forum has; also proves the credentials work."""
        ...

    async def categories(self) -> list[Category]:
        """Every category the desk can see."""
        ...

    def changed_questions(
        self, since: datetime | None
    ) -> AsyncIterator[list[Question]]:
        """Pages of questions changed after ``since`` (all when None).

        Pages come newest change first; the adapter stops paging once it
        reaches questions unchanged since ``since``, so an unchanged forum
        costs one cheap request. Questions of the pages it fetched may come
        along even when older than ``since``: sync compares each one's
        ``listing_key`` with the store and fetches only what differs.
        """
        ...

    async def threads(
        self,
        question_ids: Sequence[int],
        *,
        known: Mapping[int, Sequence[Post]] | None = None,
    ) -> list[Thread]:
        """The full threads of the given questions (missing ones left out).

        ``known`` holds, per question, the posts the desk already has (the
        store's). An adapter whose threads are costly may reuse those instead
        of reading them again, so that a long thread with one new reply costs
        about what the reply does; it still returns every post, drops known
        ones the forum no longer has, and marks the accepted answer as the
        forum says. Others ignore it.
        """
        ...

    async def reply(
        self, question_id: int, raw: str, *, reply_to: int | None = None
    ) -> Post:
        """Post ``raw`` (Markdown) in a question, optionally to a post number."""
        ...

    async def find_post(
        self,
        question_id: int,
        username: str,
        raw: str,
        after: datetime,
        *,
        above: int | None = None,
    ) -> Post | None:
        """A post by ``username`` with this text created after ``after``.

        The outbox asks this before retrying a reply whose first attempt timed
        out, so that a reply is never posted twice. Texts are compared as
        :func:`same_text` forms; the question's posts are searched from the
        newest back to those created before ``after`` (allowing for clocks).

        With ``above`` (the question's highest post number read just before
        the reply was sent) only the posts numbered above it are searched,
        whatever their time (posts moved in keep theirs), and the answer is
        :func:`landed_reply` of them: a post by ``username`` whose text
        differs is returned too, for the caller to compare.
        """
        ...

    async def accept_answer(self, post_id: int) -> None:
        """Mark a post as the accepted answer of its question."""
        ...

    async def unaccept_answer(self, post_id: int) -> None:
        """Undo the accepted answer of a post's question."""
        ...

    async def assign(self, question_id: int, username: str | None) -> None:
        """Assign a question to ``username``; ``None`` unassigns it."""
        ...

    async def set_tags(self, question_id: int, tags: Sequence[str]) -> None:
        """Replace the tags of a question."""
        ...

    async def close(self, question_id: int) -> None:
        """Close a question."""
        ...

    async def flag_post(self, post_id: int, message: str) -> None:
        """Flag a post to the forum's moderators with ``message`` (e.g. personal
        data in a public post)."""
        ...

    async def reopen(self, question_id: int) -> None:
        """Open a closed question again."""
        ...

    async def colleagues(self) -> list[Person]:
        """Staff and advisers a question can be assigned to."""
        ...

    async def templates(self) -> list[Template]:
        """The forum's own answer templates; empty when it has none."""
        ...

    async def replying(self, question_id: int) -> list[Person]:
        """Who is writing a reply in a question now; empty when unknown."""
        ...

    async def create_kb_article(
        self, title: str, raw: str, tags: Sequence[str]
    ) -> KbArticle:
        """Publish a knowledge-base article (a wiki post in the KB category)."""
        ...

    async def aclose(self) -> None:
        """Release connections and files."""
        ...
