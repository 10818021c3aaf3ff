"""Topic lists: pages read, questions built, and several lists paged newest first.

``/latest.json`` and ``/c/{path}/{id}/l/latest.json`` with ``order=activity``
list topics by ``bumped_at``, newest first, except that pinned topics lead page
0 (API-NOTES §3). A :class:`TopicFeed` follows ``more_topics_url`` (adding the
``.json`` it lacks, §2) until a page holds an unpinned topic bumped at or
before the cursor; :func:`newest_first` merges several feeds into one stream.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from deskapp.errors import BadResponseError
from deskapp.forum import discourse_parse as p
from deskapp.i18n import _
from deskapp.models import Question

__all__ = [
    "ListItem",
    "TopicFeed",
    "TopicPage",
    "list_question",
    "newest_first",
    "topic_page",
]

log = logging.getLogger(__name__)

MAX_PAGES = 2000
"""Pages per topic list at most: a guard against a ``more_topics_url`` loop."""

Query = dict[str, str | int]
Fetch = Callable[[str, Query], Awaitable[Any]]
"""GET a path with query parameters; the decoded JSON."""


# --- pages ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListItem:
    """One topic-list item: its dates read, its people not yet."""

    id: int
    bumped_at: datetime
    """The list order (``order=activity``)."""
    updated_at: datetime
    """max(bumped_at, last_posted_at): the sync cursor."""
    pinned: bool
    data: p.Json
    users: Mapping[int, p.Json]
    groups: Mapping[int, str]


@dataclass(frozen=True, slots=True)
class TopicPage:
    """One page of a topic list."""

    items: tuple[ListItem, ...]
    more: str | None
    """``more_topics_url`` (without ``.json``), None on the last page."""


def _list_item(
    data: p.Json, users: Mapping[int, p.Json], groups: Mapping[int, str]
) -> ListItem:
    """Read the id and dates of one list item (ValueError when unreadable)."""
    tid = p.must_int(data.get("id"), "topic id")
    bumped = p.parse_time(data.get("bumped_at") or data.get("last_posted_at"))
    last = p.maybe_time(data.get("last_posted_at")) or bumped
    pinned = data.get("pinned") is True or data.get("pinned_globally") is True
    return ListItem(tid, bumped, max(bumped, last), pinned, data, users, groups)


def topic_page(payload: object) -> TopicPage:
    """A page of ``/latest.json`` or ``/c/…/l/latest.json``; bad items skipped."""
    body = p.as_obj(payload)
    listing = body.get("topic_list")
    if not isinstance(listing, Mapping):
        raise BadResponseError(_("The forum's topic list has no 'topic_list'."))
    users = {
        uid: p.as_obj(u)
        for u in p.as_list(body.get("users"))
        if (uid := p.as_int(p.as_obj(u).get("id"))) is not None
    }
    groups = {
        gid: p.as_str(p.as_obj(g).get("name"))
        for g in p.as_list(body.get("primary_groups"))
        if (gid := p.as_int(p.as_obj(g).get("id"))) is not None
    }
    items: list[ListItem] = []
    for raw in p.as_list(listing.get("topics")):
        try:
            items.append(_list_item(p.as_obj(raw), users, groups))
        except ValueError as err:
            log.warning("skipping topic %r: %s", p.as_obj(raw).get("id"), err)
    more = listing.get("more_topics_url")
    return TopicPage(tuple(items), more if isinstance(more, str) and more else None)


def _posters(item: ListItem) -> list[tuple[p.Json, str, str]]:
    """(user, extras+description, primary group) per poster, OP first."""
    out: list[tuple[p.Json, str, str]] = []
    for poster in p.as_list(item.data.get("posters")):
        info = p.as_obj(poster)
        user = p.as_obj(info.get("user")) or item.users.get(
            p.as_int(info.get("user_id")) or -1, {}
        )
        group = item.groups.get(p.as_int(info.get("primary_group_id")) or -1, "")
        label = f"{p.as_str(info.get('extras'))} {p.as_str(info.get('description'))}"
        if user:
            out.append((user, label.lower(), group))
    return out


def _last_poster(
    item: ListItem, posters: list[tuple[p.Json, str, str]]
) -> tuple[p.Json, str]:
    """The most recent poster: marked ``latest``, else by last_poster_username."""
    for user, label, group in posters:
        if "latest" in label or "most recent" in label:
            return user, group
    name = p.as_str(item.data.get("last_poster_username"))
    if not name:
        return posters[-1][0], posters[-1][2]
    for user, _label, group in posters:
        if p.as_str(user.get("username")) == name:
            return user, group
    known = (u for u in item.users.values() if u.get("username") == name)
    return next(known, {"username": name}), ""


def list_question(item: ListItem, ctx: p.Context) -> Question | None:
    """A Question from a list item; None (logged) when it cannot be read."""
    try:
        return _list_question(item, ctx)
    except (ValueError, IndexError) as err:
        log.warning("skipping topic %s: %s", item.id, err)
        return None


def _list_question(item: ListItem, ctx: p.Context) -> Question:
    """A Question from a list item, or ValueError."""
    data = item.data
    if data.get("archetype", "regular") not in ("regular", None):
        raise ValueError(f"not a regular topic: {data.get('archetype')!r}")
    posters = _posters(item)
    if not posters:
        raise ValueError("no original poster")
    op_user, _label, op_group = posters[0]
    op = p.as_str(op_user.get("username"))
    last_user, last_group = _last_poster(item, posters)
    category = p.must_int(data.get("category_id"), "category_id")
    return Question(
        id=item.id,
        title=p.as_str(data.get("title")) or p.as_str(data.get("fancy_title")),
        category_id=category,
        author=p.person_from(op_user, ctx.book, op, op_group),
        created_at=p.parse_time(data.get("created_at")),
        last_posted_at=p.maybe_time(data.get("last_posted_at")) or item.bumped_at,
        updated_at=item.updated_at,
        posts_count=p.as_int(data.get("posts_count")) or 1,
        last_poster=p.person_from(last_user, ctx.book, op, last_group),
        tags=p.tag_names(data.get("tags")),
        closed=data.get("closed") is True,
        archived=data.get("archived") is True,
        has_accepted_answer=data.get("has_accepted_answer") is True,
        assigned_to=p.as_str(p.as_obj(data.get("assigned_to_user")).get("username"))
        or None,
        url=ctx.url(item.id),
        is_kb=category == ctx.kb_id,
    )


# --- paging ----------------------------------------------------------------------


def follow(more: str, params: Query, base_path: str = "") -> tuple[str, Query] | None:
    """``more_topics_url`` as a ``.json`` path below the base URL (None if unusable)."""
    try:
        url = urlsplit(more)
        query = dict(parse_qsl(url.query))
    except ValueError:
        log.warning("ignoring an unreadable more_topics_url: %r", more[:200])
        return None
    path, prefix = url.path, base_path.rstrip("/")
    if prefix and path.startswith(prefix + "/"):
        path = path[len(prefix) :]
    if not path.startswith("/"):
        return None
    if not path.endswith(".json"):
        path += ".json"
    return path, {**params, **query}


class TopicFeed:
    """One topic list, paged newest activity first, stopping at the cursor."""

    def __init__(
        self,
        fetch: Fetch,
        path: str,
        params: Query,
        since: datetime | None,
        base_path: str = "",
    ) -> None:
        self._fetch = fetch
        self._next: tuple[str, Query] | None = (path, params)
        self._since = since
        self._base_path = base_path
        self._items: deque[ListItem] = deque()
        self._visited: set[str] = set()

    @property
    def pages(self) -> int:
        """How many pages this feed has fetched."""
        return len(self._visited)

    async def head(self) -> ListItem | None:
        """The newest item not yet taken, fetching pages as needed."""
        while not self._items and self._next is not None:
            await self._load(*self._next)
        return self._items[0] if self._items else None

    def take(self) -> ListItem:
        """Remove and return the head."""
        return self._items.popleft()

    async def _load(self, path: str, params: Query) -> None:
        """Fetch one page; decide whether another is needed."""
        self._visited.add(_key(path, params))
        page = topic_page(await self._fetch(path, params))
        self._items.extend(page.items)
        since = self._since
        reached = since is not None and any(
            not i.pinned and i.bumped_at <= since for i in page.items
        )
        after = None if reached or page.more is None else page.more
        nxt = None if after is None else follow(after, params, self._base_path)
        if nxt is None or _key(*nxt) in self._visited or self.pages >= MAX_PAGES:
            self._next = None
        else:
            self._next = nxt


def _key(path: str, params: Query) -> str:
    """One page's identity, to notice a loop."""
    return f"{path}?{sorted((k, str(v)) for k, v in params.items())}"


async def newest_first(feeds: list[TopicFeed]) -> AsyncIterator[ListItem]:
    """Every item of every feed, the most recently changed head first."""
    while True:
        heads = [(item, feed) for feed in feeds if (item := await feed.head())]
        if not heads:
            return
        # pinned heads are out of order anyway (§3): take them first
        item, feed = max(heads, key=lambda h: (h[0].pinned, h[0].updated_at))
        feed.take()
        yield item
