"""The Discourse adapter: :class:`~deskapp.forum.base.Forum` over the REST API.

One long-lived httpx client per forum. One private :meth:`_request` is the only
code that sees httpx errors and HTTP statuses; it turns each into a
:class:`~deskapp.errors.ForumError` (STYLE.md §2). Endpoints and payloads
follow ``shared/discourse/API-NOTES.md``:

- changes: ``/c/{path}/{id}/l/latest.json?order=activity`` per watched
  category (``/latest.json`` when none is configured), following
  ``more_topics_url``, until a page holds an unpinned topic bumped at or before
  the cursor (pinned topics lead page 0 out of order, §3);
- threads: ``/t/{id}.json?include_raw=true``, then ``/t/{id}/posts.json`` for
  the rest of ``post_stream.stream`` in ``chunk_size`` batches (§5): of a
  topic of more than ``FULL_READ_POSTS`` posts the store holds, only the posts
  it lacks and the newest chunk. A mega topic's view has no stream (core:
  10,000 posts or more); its posts are read by number, ``post_number=N`` with
  ``asc=true`` (§5), from the store's newest chunk on;
- finding a reply: with the topic's highest post number read before it was
  sent, the posts above that number, forward by post number; else (a reply
  queued by an older desk) the topic view, then its stream backwards from the
  newest post in ``chunk_size`` batches, down to the time the reply was sent;
- roles: admin/moderator/staff flags, primary groups, and the members of the
  configured groups (fetched when first needed, kept ``group_ttl`` seconds);
  those members are also the colleagues a question can be assigned to;
- writes: §6-§10; ``enabled`` and ``wiki`` go as the strings ``"true"`` and
  ``"false"`` (§2); a flag to the moderators is ``POST /post_actions.json``
  with type 7 (notify_moderators) and a message [spec, core
  PostActionsController];
- server-side figures: ``POST /admin/plugins/explorer/queries/{id}/run.json``
  with ``params`` as a JSON string and ``limit=ALL`` (§10 data explorer);
- answering: the templates plugin's ``/discourse_templates.json`` and the
  reply channel of ``/presence/get`` (§10, §13); a forum without them gives
  empty lists, not errors.

The API key is resolved on the first request, sent per request, and never
written into a message, a repr or a log line.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import httpx

from deskapp import __version__
from deskapp.errors import (
    AuthError,
    BadResponseError,
    ConflictError,
    ForumError,
    NotFoundError,
    PartlyDoneError,
    RateLimitedError,
)
from deskapp.forum import discourse_bus as bus
from deskapp.forum import discourse_extras as extras
from deskapp.forum import discourse_http as http
from deskapp.forum import discourse_lists as lists
from deskapp.forum import discourse_parse as parse
from deskapp.forum.base import landed_reply, same_text
from deskapp.forum.pacing import RequestBudget
from deskapp.i18n import _
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

if TYPE_CHECKING:
    from deskapp.config import ForumProfile

__all__ = ["USER_AGENT", "DiscourseForum", "fetch_plan"]

USER_AGENT = f"deskapp/{__version__} (terminal desk for Werkplein staff; httpx)"
"""Names the desk and its version to the forum's admins (their logs show it)."""
TIMEOUT = httpx.Timeout(20.0, connect=5.0)
QUERY_TIMEOUT = httpx.Timeout(120.0, connect=5.0)
"""A data explorer query may run long on a large forum."""
REFRESH_CHUNKS = 1
"""How many chunks of a topic's newest posts a thread fetch reads again, known
or not, so that recent edits are seen: one, so that a new reply costs the
topic view and one posts.json batch however long the topic."""
FULL_READ_POSTS = 200
"""A topic of at most this many posts is read in full on every fetch (at most
the view and 9 batches of 20), so that an edit anywhere in it is seen; only
longer topics reuse the posts the store holds."""
CLOCK_SKEW = timedelta(minutes=2)
"""Slack for ``find_post``: the forum's clock, not ours, stamps a post."""
PER_PAGE = 100
"""Topics per list page: the most Discourse serves (API-NOTES §3), so a first
sync costs as few of the site's 60 requests a minute as it can."""

Pairs = list[tuple[str, str | int | float | bool | None]]
Params = Mapping[str, str | int] | Pairs
"""Query parameters: a mapping, or pairs for Rails arrays (``post_ids[]``)."""


class DiscourseForum:
    """A Discourse forum, read and written as the profile's ``api_username``."""

    def __init__(
        self,
        profile: ForumProfile,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        api_key: str | None = None,
        per_page: int = PER_PAGE,
        group_ttl: float = 900.0,
        budget: RequestBudget | None = None,
    ) -> None:
        """The forum of ``profile``; nothing is sent until the first call.

        Every request waits its turn in ``budget`` (by default the profile's
        ``requests_per_minute``), and a 429 holds all requests for as long
        as the forum asks.
        """
        self.name = profile.name
        self.budget = budget or RequestBudget(profile.requests_per_minute)
        self.bus_pause = bus.BUS_PAUSE
        """Seconds between message-bus polls that come back at once, empty."""
        self.base_url = profile.url.rstrip("/")
        self._profile = profile
        self._key = api_key
        self._per_page = per_page
        self._group_ttl = group_ttl
        self._client = httpx.AsyncClient(
            base_url=self.base_url,
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            timeout=TIMEOUT,
            transport=transport,
            follow_redirects=False,  # a redirect elsewhere must not get the key
            limits=httpx.Limits(max_connections=4, keepalive_expiry=60.0),
        )
        self._index: parse.CategoryIndex | None = None
        self._book: tuple[float, parse.RoleBook, dict[str, parse.Json]] | None = None
        self._me: Person | None = None
        self._listed: dict[int, Question] = {}
        self._read_so_far: dict[int, dict[object, Mapping[str, Any]]] = {}
        """Posts of a topic whose read was cut off, by id: the next read goes
        on from there."""
        self._not_conversation: dict[int, set[int]] = {}
        """Per topic, the ids of its whispers and status notices seen so far:
        never part of a thread, so not fetched again outside the newest chunk."""

    def __repr__(self) -> str:
        return f"DiscourseForum(name={self.name!r}, url={self.base_url!r})"

    # -- HTTP ---------------------------------------------------------------

    async def _api_key(self) -> str:
        """The key, resolved once (a key command may block: run it in a thread)."""
        if self._key is None:
            self._key = await asyncio.to_thread(self._profile.resolve_api_key)
        return self._key

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        extra_headers: Mapping[str, str] | None = None,
        http_timeout: httpx.Timeout | None = None,
    ) -> Any:
        """Send one request; its JSON (None when empty), or our error for it."""
        key, user = await self._api_key(), self._profile.api_username
        where = http.Where(self.name, self.base_url, user, f"{method} {path}", key)
        headers = {"Api-Key": key, "Api-Username": user, **(extra_headers or {})}
        try:
            async with self.budget.turn():
                response = await self._client.request(
                    method,
                    path,
                    params=params,
                    json=json,
                    headers=headers,
                    timeout=http_timeout or TIMEOUT,
                )
        except (httpx.HTTPError, httpx.InvalidURL) as err:
            raise http.transport_failure(err, where) from err
        if not response.is_success:
            error = http.failure(response, where)
            if isinstance(error, RateLimitedError):
                self.budget.pause(error.retry_after)
            raise error
        return http.decode(response, where)

    # -- identity -------------------------------------------------------------

    async def whoami(self) -> Person:
        """The account the desk acts as (fetched once); a staff or adviser account.

        A member of a staff group whose members were already read (a sync
        reads them first) costs no request; otherwise ``/u/{username}.json``.
        """
        if self._me is None:
            me = self._member_me() or await self._fetch_me()
            if not me.role.answers_for_werkplein:
                raise AuthError(
                    _("{forum}: {user} is neither an admin or moderator nor in"
                      " staff_groups or adviser_groups; the desk needs a staff or"
                      " adviser account (check api_username and those groups).")
                    .format(forum=self.name, user=repr(me.username))
                )  # fmt: skip
            self._me = me
        return self._me

    def _member_me(self) -> Person | None:
        """The account as a member of a staff group already read, if it is one."""
        if self._book is None:
            return None
        name = self._profile.api_username.lower()
        record = self._book[2].get(name)
        if record is None or name not in self._book[1].staff:
            return None
        return parse.person_from(record, self._book[1], "")

    async def _fetch_me(self) -> Person:
        """The account from ``/u/{username}.json``: flags and groups."""
        user = self._profile.api_username
        data = await self._request("GET", f"/u/{quote(user, safe='')}.json")
        staff, advisers = self._profile.staff_groups, self._profile.adviser_groups
        return parse.me_from(data, staff, advisers)

    async def capabilities(self) -> Capabilities:
        """Plugins, from the current user's plugin flags and a few cheap probes."""
        session = await self._request("GET", "/session/current.json")
        user = parse.current_user(session)
        name = str(user.get("username") or self._profile.api_username)
        solved = await self._probe(
            "/solution/by_user.json", {"username": name, "limit": 1}
        )
        explorer = await self._probe(
            "/admin/plugins/discourse-data-explorer/queries.json"
        ) or await self._probe("/admin/plugins/explorer/queries.json")
        # no topic 0: its channel is null, but an answer shows the presence API
        presence = await self._probe(
            "/presence/get", {"channels[]": "/discourse-presence/reply/0"}
        )
        assign, templates = user.get("can_assign"), user.get("can_use_templates")
        extra = {"account": name, "presence": "yes" if presence else "no"}
        if assign is False:
            extra["assign"] = "installed, but this account may not assign"
        if templates is False:
            extra["templates"] = "installed, but this account may not use them"
        return Capabilities(
            solved=solved,
            assign=isinstance(assign, bool),
            templates=isinstance(templates, bool),
            data_explorer=explorer,
            presence=presence,
            extra=extra,
        )

    async def _probe(self, path: str, params: Params | None = None) -> bool:
        """True when a plugin route answers; False when it is missing or closed."""
        try:
            await self._request("GET", path, params=params)
        except (NotFoundError, AuthError):
            return False
        return True

    # -- categories and roles -------------------------------------------------

    async def categories(self) -> list[Category]:
        """Every category the account can see, subcategories included."""
        self._index = await self._fetch_categories()
        return list(self._index.categories)

    async def _fetch_categories(self) -> parse.CategoryIndex:
        """The category index from ``/categories.json``."""
        params = {"include_subcategories": "true"}
        data = await self._request("GET", "/categories.json", params=params)
        return parse.categories_from(data, self._profile.kb_category)

    async def _categories(self) -> parse.CategoryIndex:
        """The category index, fetched once."""
        if self._index is None:
            self._index = await self._fetch_categories()
        return self._index

    async def _roles(self) -> parse.RoleBook:
        """Who is staff or adviser (see :meth:`_groups`)."""
        return (await self._groups())[0]

    async def _groups(self) -> tuple[parse.RoleBook, dict[str, parse.Json]]:
        """Roles, and the member records of the configured groups by username.

        Fetched when first needed and again after ``group_ttl`` seconds.
        """
        now = time.monotonic()
        if self._book is not None and now - self._book[0] < self._group_ttl:
            return self._book[1], self._book[2]
        profile = self._profile
        staff = await self._members(profile.staff_groups, "staff_groups")
        advisers = await self._members(profile.adviser_groups, "adviser_groups")
        book = parse.RoleBook(
            frozenset(g.lower() for g in profile.staff_groups),
            frozenset(g.lower() for g in profile.adviser_groups),
            frozenset(staff),
            frozenset(advisers),
        )
        self._book = (now, book, {**advisers, **staff})
        return book, self._book[2]

    async def _members(self, groups: Sequence[str], key: str) -> dict[str, parse.Json]:
        """Every member of ``groups`` by lower-cased username (paged by 50)."""
        people: dict[str, parse.Json] = {}
        for group in groups:
            path = f"/groups/{quote(group, safe='')}/members.json"
            offset = 0
            while True:
                params = {"limit": 50, "offset": offset}
                try:
                    data = await self._request("GET", path, params=params)
                except NotFoundError as err:
                    raise NotFoundError(
                        _("{forum} has no group {group}: check {key} in the config.")
                        .format(forum=self.name, group=repr(group),
                                key=f"forums.{self.name}.{key}"),
                        status=err.status,
                    ) from err  # fmt: skip
                page, total = extras.group_people(data)
                people = {**page, **people}
                offset += 50
                if not page or offset >= total:
                    break
        return people

    async def colleagues(self) -> list[Person]:
        """Members of staff_groups and adviser_groups, by username (staff wins)."""
        book, members = await self._groups()
        people = (parse.person_from(user, book, "") for user in members.values())
        return sorted(
            (p for p in people if p.role.answers_for_werkplein),
            key=lambda p: p.username.lower(),
        )

    async def _context(self) -> parse.Context:
        """Base URL, roles and the KB category: what parsing a topic needs."""
        index = await self._categories()
        return parse.Context(self.base_url, await self._roles(), index.kb_id())

    # -- changed questions ----------------------------------------------------

    async def _feed_paths(self) -> list[str]:
        """One topic-list path per watched category, or ``/latest.json`` for all."""
        watched = self._profile.watched_categories
        if not watched:
            return ["/latest.json"]
        index = await self._categories()
        if any(index.find(slug) is None for slug in watched):
            await self.categories()  # maybe new since the last look
            index = await self._categories()
        paths = []
        for slug in watched:
            category = index.find(slug)
            if category is None:
                raise NotFoundError(
                    _("{forum} has no category {slug}: check {key} in the config.")
                    .format(forum=self.name, slug=repr(slug),
                            key=f"forums.{self.name}.watched_categories")
                )  # fmt: skip
            paths.append(f"/c/{index.paths[category.id]}/{category.id}/l/latest.json")
        return paths

    async def changed_questions(
        self, since: datetime | None
    ) -> AsyncIterator[list[Question]]:
        """Pages of questions changed after ``since``, newest change first."""
        params: lists.Query = {"order": "activity", "per_page": self._per_page}
        base_path = httpx.URL(self.base_url).path
        feeds = [
            lists.TopicFeed(self._get, path, dict(params), since, base_path)
            for path in await self._feed_paths()
        ]
        seen = set((await self._categories()).about_topics)
        self._listed.clear()
        ctx: parse.Context | None = None
        batch: list[Question] = []
        async for item in lists.newest_first(feeds):
            # Items of pages already fetched are passed on even when older than
            # the cursor: assigning, tagging or accepting does not bump a topic,
            # and sync compares each listing with the store (no extra request).
            if item.id in seen:
                continue
            seen.add(item.id)
            ctx = ctx or await self._context()
            question = lists.list_question(item, ctx)
            if question is not None:
                self._listed[question.id] = question
                batch.append(question)
            if len(batch) >= self._per_page:
                yield batch
                batch = []
        if batch:
            yield batch

    async def watch(self) -> AsyncIterator[None]:
        """Yield whenever the forum announces new activity (message bus).

        Long-polls ``/latest`` on Discourse's message bus, one request per
        answer (the forum holds it up to about 25 s), each paced like any
        other. Ends quietly when the forum does not offer the message bus to
        this key; the desk's regular sync goes on either way.
        """
        async for _change in bus.listen(self._request, lambda: self.bus_pause):
            yield None

    async def _get(self, path: str, params: lists.Query) -> Any:
        """GET with query parameters (what a topic feed fetches with)."""
        return await self._request("GET", path, params=params)

    # -- threads --------------------------------------------------------------

    async def threads(
        self,
        question_ids: Sequence[int],
        *,
        known: Mapping[int, Sequence[Post]] | None = None,
    ) -> list[Thread]:
        """The full threads, in the order asked; deleted or unreadable ones left out.

        A topic of at most ``FULL_READ_POSTS`` posts is read in full. Of a
        longer one with ``known`` posts, the topic view and the posts.json
        batches of what is new are read, plus the newest ``REFRESH_CHUNKS``
        chunks again for edits; known posts elsewhere in the stream are
        reused, and those no longer in it (deleted) dropped. The price of
        that: an edit to a post outside the newest chunk of such a topic is
        not seen (the store keeps the text it read).

        A mega topic (no stream in its view) is read by post number from the
        known posts' newest chunk on (from its first chunk when none are
        known) to the end; known posts outside what was read are reused, as
        the forum has no list of what was deleted among them.
        """
        if not question_ids:
            return []
        ctx = await self._context()
        found: list[Thread] = []
        for qid in dict.fromkeys(question_ids):
            try:
                thread = await self._thread(qid, ctx, (known or {}).get(qid, ()))
            except NotFoundError:
                continue
            except ForumError as err:  # a 429 on the k-th: keep the k-1 read
                err.read_so_far = tuple(found)
                raise
            if thread is not None:
                found.append(thread)
        return found

    async def _thread(
        self, qid: int, ctx: parse.Context, stored: Sequence[Post]
    ) -> Thread | None:
        """One topic's thread (None: not a question the desk shows)."""
        view = await self._view(qid)
        if parse.has_stream(view):
            posts, reused = await self._streamed(qid, view, stored)
        else:
            posts, reused = await self._numbered(qid, view, stored)
        listed = self._listed.get(qid)
        return parse.thread_from(view, posts, ctx, listed, reused)

    async def _streamed(
        self, qid: int, view: Mapping[str, Any], known: Sequence[Post]
    ) -> tuple[list[Mapping[str, Any]], list[Post]]:
        """A topic's posts read by its view's stream, and the known ones reused.

        A read of a long topic cut off (a 429, the network) keeps the
        batches it got: the next read of the topic by this desk (the next
        sync, after the wait) goes on from there instead of starting over,
        reading the newest chunk again.
        """
        posts = parse.view_posts(view)
        size = parse.chunk_size(view)
        stream = parse.stream_ids(view)
        in_view = {p.get("id") for p in posts}
        long = len(stream) > FULL_READ_POSTS  # else read in full: edits seen
        newest = set(stream[-REFRESH_CHUNKS * size :])
        earlier = {
            i: p
            for i, p in self._read_so_far.pop(qid, {}).items()
            if long and i not in in_view and i not in newest  # newest: again
        }
        wanted, reused = fetch_plan(
            stream,
            in_view | set(earlier),
            known if long else (),
            REFRESH_CHUNKS * size,
            self._not_conversation.get(qid, set()),
        )
        stream_ids = set(stream)
        posts += [p for i, p in earlier.items() if i in stream_ids]
        try:
            for start in range(0, len(wanted), size):
                posts += await self._posts(qid, wanted[start : start + size])
        except ForumError:
            self._read_so_far[qid] = {
                i: p for p in posts if (i := p.get("id")) not in in_view
            }
            raise
        return posts, reused

    async def _numbered(
        self, qid: int, view: Mapping[str, Any], known: Sequence[Post]
    ) -> tuple[list[Mapping[str, Any]], list[Post]]:
        """A mega topic's posts: its view's chunk, then forward by post number
        from the newest known chunk; the known posts outside those reused
        (but none numbered above the view's highest post number: deleted)."""
        posts = parse.view_posts(view)
        first = max(_numbers(posts), default=0)
        later = sorted(p.number for p in known if p.number > first)
        tail = REFRESH_CHUNKS * parse.chunk_size(view)
        start = later[-tail] if len(later) >= tail else first
        posts += await self._forward(qid, view, start)
        read = max([start, *_numbers(posts)])
        end = parse.as_int(view.get("highest_post_number")) or read
        reused = [
            p for p in known if first < p.number <= start or read < p.number <= end
        ]
        return posts, reused

    async def _forward(
        self, qid: int, view: Mapping[str, Any], number: int
    ) -> list[Mapping[str, Any]]:
        """The posts after post ``number``, forward in chunks by post number,
        to the view's highest post number (or a batch that ends short)."""
        size = parse.chunk_size(view)
        highest = parse.as_int(view.get("highest_post_number"))
        found: list[Mapping[str, Any]] = []
        while highest is None or number < highest:
            batch = await self._posts_by_number(qid, number, asc=True)
            numbers = _numbers(batch)
            if not numbers or max(numbers) <= number:
                break
            found += batch
            number = max(numbers)
            if len(batch) < size:
                break
        return found

    async def _view(self, qid: int) -> Mapping[str, Any]:
        """A topic view (``/t/{id}.json``), raw included: its first chunk and stream."""
        raw = {"include_raw": "true"}
        view = await self._request("GET", f"/t/{qid}.json", params=raw)
        if not isinstance(view, Mapping):
            raise BadResponseError(
                _("{forum}: topic {id} is not a JSON object.").format(
                    forum=self.name, id=qid
                )
            )
        self._note_skipped(qid, parse.view_posts(view))
        return view

    async def _posts(self, qid: int, ids: Sequence[int]) -> list[Mapping[str, Any]]:
        """One ``/t/{id}/posts.json`` batch of posts by id, raw included."""
        pairs: Pairs = [("post_ids[]", i) for i in ids]
        pairs.append(("include_raw", "true"))
        data = await self._request("GET", f"/t/{qid}/posts.json", params=pairs)
        posts = parse.view_posts(data)
        self._note_skipped(qid, posts)
        return posts

    async def _posts_by_number(
        self, qid: int, number: int, *, asc: bool
    ) -> list[Mapping[str, Any]]:
        """One chunk of posts after (``asc``) or before post ``number``, raw
        included (``post_number`` with ``asc``, §5; how core reads a mega topic)."""
        params = {"post_number": number, "asc": "true" if asc else "false",
                  "include_raw": "true"}  # fmt: skip
        data = await self._request("GET", f"/t/{qid}/posts.json", params=params)
        posts = parse.view_posts(data)
        self._note_skipped(qid, posts)
        return posts

    def _note_skipped(self, qid: int, posts: Sequence[Mapping[str, Any]]) -> None:
        """Remember the topic's whispers and status notices: never fetched again."""
        ids = {
            i
            for p in posts
            if parse.as_int(p.get("post_type")) in parse.SKIPPED_POST_TYPES
            and (i := parse.as_int(p.get("id"))) is not None
        }
        if ids:
            self._not_conversation.setdefault(qid, set()).update(ids)

    async def find_post(
        self,
        question_id: int,
        username: str,
        raw: str,
        after: datetime,
        *,
        above: int | None = None,
    ) -> Post | None:
        """A post by ``username`` with this text, created after ``after``.

        With ``above``: the topic view, then the posts numbered above it,
        forward by post number (no time stop: posts moved in keep their old
        time); the answer is :func:`~deskapp.forum.base.landed_reply` of
        them, which may differ in text. A reply among the newest posts costs
        two requests.

        Without: the topic view, then the rest of its post stream backwards
        in ``chunk_size`` batches from the newest post (of a mega topic, by
        post number), until a batch reaches posts created before ``after``
        (less ``CLOCK_SKEW`` for the forum's clock) or the stream ends: a
        reply found in the newest chunk costs two requests however long the
        topic. Texts are compared as :func:`~deskapp.forum.base.same_text`
        forms; of several matches in what was read, the oldest is returned.
        """
        view = await self._view(question_id)
        details = parse.as_obj(view.get("details"))
        op = parse.as_str(parse.as_obj(details.get("created_by")).get("username"))
        book = self._book[1] if self._book else parse.RoleBook()  # no extra requests

        def parsed(posts: Iterable[Mapping[str, Any]]) -> list[Post]:
            return [p for data in posts if (p := parse.post_from(data, op, book))]

        if above is not None:
            posts = parse.view_posts(view)
            start = max(above, max(_numbers(posts), default=0))
            posts += await self._forward(question_id, view, start)
            newer = [p for p in parsed(posts) if p.number > above]
            found = landed_reply(newer, username, raw)
        else:
            floor = after.astimezone(UTC) - CLOCK_SKEW
            name, text = username.lower(), same_text(raw)
            found = None
            async for batch in self._newest_first(question_id, view, floor):
                found = next(
                    (
                        p
                        for p in sorted(parsed(batch), key=lambda p: p.number)
                        if p.author.username.lower() == name
                        and p.created_at >= floor
                        and same_text(p.raw) == text
                    ),
                    None,
                )
                if found is not None:
                    break
        if found is None:
            return None
        me = await self.whoami()
        mine = me.username.lower() == found.author.username.lower()
        return parse.with_author(found, me) if mine else found

    async def _newest_first(
        self, qid: int, view: Mapping[str, Any], floor: datetime
    ) -> AsyncIterator[list[Mapping[str, Any]]]:
        """The view's posts, then the rest of the topic in chunks from the
        newest back, until a chunk holds a post created before ``floor``.

        A mega topic's newest chunk is read forward from ``chunk_size`` posts
        before its highest number (to its end), the older ones backwards by
        post number (``asc=false``).
        """
        posts = parse.view_posts(view)
        yield posts
        size = parse.chunk_size(view)
        first = max(_numbers(posts), default=0)
        if parse.has_stream(view):
            have = {p.get("id") for p in posts}
            rest = [i for i in parse.stream_ids(view) if i not in have]
            batches = (
                rest[max(0, end - size) : end] for end in range(len(rest), 0, -size)
            )
            for ids in batches:
                batch = await self._posts(qid, ids)
                yield batch
                if _older(batch, floor):
                    return
            return
        highest = parse.as_int(view.get("highest_post_number")) or first
        batch = await self._forward(qid, view, max(first, highest - size))
        while batch:
            yield batch
            low = min(_numbers(batch), default=first)
            if low <= first or _older(batch, floor):
                return
            batch = await self._posts_by_number(qid, low, asc=False)
            batch = [
                p for p in batch if (parse.as_int(p.get("post_number")) or 0) > first
            ]

    # -- writing --------------------------------------------------------------

    async def reply(
        self, question_id: int, raw: str, *, reply_to: int | None = None
    ) -> Post:
        """Post ``raw`` as the desk's account, optionally to a post number."""
        me = await self.whoami()
        body: dict[str, Any] = {"topic_id": question_id, "raw": raw}
        if reply_to is not None:
            body["reply_to_post_number"] = reply_to
        data = await self._request("POST", "/posts.json", json=body)
        return parse.with_author(parse.created_post(data, self.name), me)

    async def accept_answer(self, post_id: int) -> None:
        """Mark a post as the accepted answer (discourse-solved)."""
        await self._request("POST", "/solution/accept.json", json={"id": post_id})

    async def unaccept_answer(self, post_id: int) -> None:
        """Undo the accepted answer of a post's topic (discourse-solved)."""
        await self._request("POST", "/solution/unaccept.json", json={"id": post_id})

    async def assign(self, question_id: int, username: str | None) -> None:
        """Assign a question to ``username``; ``None`` unassigns it (assign plugin)."""
        body: dict[str, Any] = {"target_id": question_id, "target_type": "Topic"}
        if username is None:
            await self._request("PUT", "/assign/unassign.json", json=body)
        else:
            body["username"] = username
            await self._request("PUT", "/assign/assign.json", json=body)

    async def set_tags(self, question_id: int, tags: Sequence[str]) -> None:
        """Replace the tags of a question."""
        body = {"tags": list(tags)}
        await self._request("PUT", f"/t/-/{question_id}.json", json=body)

    async def close(self, question_id: int) -> None:
        """Close a question."""
        body = {"status": "closed", "enabled": "true"}
        await self._request("PUT", f"/t/{question_id}/status.json", json=body)

    async def reopen(self, question_id: int) -> None:
        """Open a closed question again."""
        body = {"status": "closed", "enabled": "false"}
        await self._request("PUT", f"/t/{question_id}/status.json", json=body)

    async def flag_post(self, post_id: int, message: str) -> None:
        """Flag a post to the moderators (notify_moderators) with ``message``.

        ``message`` is not in the published spec's request body, but
        PostActionsController#create passes it on: it opens a message to the
        moderators about the post. A post we flagged before counts as flagged.
        """
        body = {"id": post_id, "post_action_type_id": extras.NOTIFY_MODERATORS,
                "message": message, "flag_topic": False}  # fmt: skip
        try:
            await self._request("POST", "/post_actions.json", json=body)
        except (AuthError, ConflictError) as err:
            # A post this account flagged before is refused (403 or 422, "You
            # already performed this action"). The post is flagged, which is what
            # we wanted: success. Those words follow the forum's locale (Dutch
            # here), so the post's own actions_summary decides, not the message.
            if err.status not in (403, 422) or not await self._flagged(post_id):
                raise

    async def _flagged(self, post_id: int) -> bool:
        """True when this account's moderator flag on the post stands."""
        try:
            data = await self._request("GET", f"/posts/{post_id}.json")
        except (AuthError, ConflictError, NotFoundError):
            return False  # the refusal of the flag itself is the better answer
        return extras.acted(data, extras.NOTIFY_MODERATORS)

    # -- answering aids -------------------------------------------------------

    async def templates(self) -> list[Template]:
        """The templates plugin's answer templates; [] when it is missing or closed."""
        try:
            data = await self._request("GET", "/discourse_templates.json")
        except (NotFoundError, AuthError):
            return []
        return extras.templates_from(data)

    async def replying(self, question_id: int) -> list[Person]:
        """Who has the reply composer of a topic open (presence); [] when unknown."""
        channel = f"/discourse-presence/reply/{question_id}"
        params = {"channels[]": channel}
        try:
            data = await self._request("GET", "/presence/get", params=params)
        except (NotFoundError, AuthError):
            return []
        users = extras.presence_users(data, channel)
        if not users:
            return []
        book = await self._roles()
        listed = self._listed.get(question_id)
        op = listed.author.username if listed else ""
        return [parse.person_from(user, book, op) for user in users]

    async def create_kb_article(
        self, title: str, raw: str, tags: Sequence[str]
    ) -> KbArticle:
        """Publish a new topic in the KB category and make its first post a wiki."""
        kb = (await self._categories()).kb_id()
        if kb is None:
            await self.categories()
            kb = (await self._categories()).kb_id()
        if kb is None:
            raise NotFoundError(
                _("{forum} has no category {slug}: check {key} in the config.")
                .format(forum=self.name, slug=repr(self._profile.kb_category),
                        key=f"forums.{self.name}.kb_category")
            )  # fmt: skip
        body: dict[str, Any] = {"title": title, "raw": raw, "category": kb}
        if tags:
            body["tags"] = list(tags)
        data = await self._request("POST", "/posts.json", json=body)
        post = parse.created_post(data, self.name)
        url = f"{self.base_url}/t/{post.question_id}"
        article = KbArticle(
            post.question_id, title, raw, tuple(tags), None, url, post.created_at
        )
        try:
            await self._request("PUT", f"/posts/{post.id}/wiki", json={"wiki": "true"})
        except ForumError as err:
            raise PartlyDoneError(
                _(
                    "The article is published at {url}, but it could not be made a"
                    " wiki ({error}). Make it a wiki on the forum; do not publish it"
                    " again."
                ).format(url=url, error=err),
                article,
                status=err.status,
            ) from err
        return article

    # -- server-side queries --------------------------------------------------

    async def run_query(
        self, query_id: int, params: Mapping[str, str]
    ) -> list[dict[str, Any]]:
        """Run a saved data explorer query; its rows as dicts by column name.

        A SQL error is a ConflictError (422, the forum's words); an unknown
        query or a forum without the plugin a NotFoundError naming the key.
        """
        path = f"/admin/plugins/explorer/queries/{query_id}/run.json"
        body = {"params": json.dumps(dict(params)), "limit": "ALL"}
        try:
            data = await self._request(
                "POST", path, json=body, http_timeout=QUERY_TIMEOUT
            )
        except NotFoundError as err:
            raise NotFoundError(
                _("{forum} has no data explorer query {id} (or no data explorer"
                  " plugin): check {key} in the config.").format(
                    forum=self.name, id=query_id,
                    key=f"forums.{self.name}.data_explorer"),
                status=err.status,
            ) from err  # fmt: skip
        return extras.query_rows(data, f"{self.name}: POST {path}")

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


def _numbers(posts: Iterable[Mapping[str, Any]]) -> list[int]:
    """The post numbers of post objects (unreadable ones left out)."""
    return [n for p in posts if (n := parse.as_int(p.get("post_number"))) is not None]


def _older(posts: Iterable[Mapping[str, Any]], floor: datetime) -> bool:
    """True when one of ``posts`` was created before ``floor``."""
    times = [parse.maybe_time(p.get("created_at")) for p in posts]
    return min((t for t in times if t), default=floor) < floor


def fetch_plan(
    stream: Sequence[int],
    in_view: Collection[object],
    known: Sequence[Post],
    tail: int,
    skip: Collection[int] = (),
) -> tuple[list[int], list[Post]]:
    """Which post ids of a topic's stream to fetch, and which known posts to reuse.

    Fetched: the ids not in the view's chunk that are not ``known`` (nor in
    ``skip``: not conversation), and every id among the newest ``tail`` (read
    again for edits). Reused: the known posts of the other ids; known posts no
    longer in the stream (deleted) are dropped.
    """
    stored = {p.id: p for p in known}
    newest = set(stream[-tail:]) if tail > 0 else set()
    wanted: list[int] = []
    reused: list[Post] = []
    for post_id in stream:
        if post_id in in_view:
            continue
        if post_id in newest or (post_id not in stored and post_id not in skip):
            wanted.append(post_id)
        elif post_id in stored:
            reused.append(stored[post_id])
    return wanted, reused
