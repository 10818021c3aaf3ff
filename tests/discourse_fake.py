"""A fake Discourse: an ``httpx.MockTransport`` handler over a small in-memory forum.

It serves the routes the adapter uses, the way API-NOTES.md describes them
(topic lists by ``bumped_at`` with pinned topics first and ``more_topics_url``
without ``.json``; ``post_stream.stream`` beyond the first chunk; the plugins'
routes), counts every request, and checks every request body and answer it
sends against Discourse's OpenAPI spec (:mod:`tests.openapi_check`). Faults
(error statuses, broken bodies, transport exceptions) are queued per route.

A topic of ``mega_posts`` posts or more is a mega topic, as in core
(TopicView#is_mega_topic?): its view sends ``isMegaTopic``, ``firstId`` and
``lastId`` instead of ``stream`` (PostStreamSerializerMixin), and its posts
are read by post number (``/t/{id}/posts.json?post_number=N&asc=true|false``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests import openapi_check as spec

API_KEY = "dk-secret-4f1c9a7e2b"
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
FLAGGED = "Oops! You already performed this action. Can you try something different?"
NOTIFY_MODERATORS = 7
DENIED = "You are not permitted to view the requested resource. The API username or key is invalid."  # fmt: skip
MISSING = "The requested URL or resource could not be found."
MEGA_TOPIC_POSTS = 10_000
"""TopicView::MEGA_TOPIC_POSTS_COUNT: a topic's view sends no stream from here."""


def stamp(when: datetime, style: str = "ms") -> str:
    """Discourse's timestamp (``…T09:00:00.000Z``), or another accepted style."""
    if style == "plain":
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == "offset":
        return when.isoformat()
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


@dataclass
class User:
    """A forum account."""

    id: int
    username: str
    name: str
    admin: bool = False
    moderator: bool = False
    groups: tuple[str, ...] = ()
    primary_group: str | None = None


@dataclass
class Cat:
    """A category; ``about`` is its "About this category" topic."""

    id: int
    name: str
    slug: str
    about: int
    parent: int | None = None


@dataclass
class FPost:
    """A post."""

    id: int
    topic_id: int
    number: int
    user: str
    created_at: datetime
    raw: str
    reply_to: int | None = None
    post_type: int = 1
    wiki: bool = False
    flags: dict[str, str] = field(default_factory=dict)
    """Flags to the moderators: the message of each flagging username."""


@dataclass
class Topic:
    """A topic; ``date_style`` "broken" sends an unreadable bumped_at."""

    id: int
    title: str
    category_id: int
    user: str
    created_at: datetime
    bumped_at: datetime
    posts: list[FPost] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    closed: bool = False
    archived: bool = False
    pinned: bool = False
    assigned_to: str | None = None
    accepted_post: int | None = None
    date_style: str = "ms"
    gone: list[FPost] = field(default_factory=list)
    """Deleted posts: out of the stream, their numbers never used again."""


@dataclass
class FTemplate:
    """An answer template of the templates plugin.

    On a real forum each is a topic in the templates category; the fake keeps
    them apart so that the topic lists stay as they are.
    """

    id: int
    title: str
    content: str
    tags: list[str] = field(default_factory=list)
    usages: int = 0


Fault = Callable[[httpx.Request], httpx.Response]
Route = Callable[..., httpx.Response]
ROUTES = [
    ("GET", r"/categories\.json", "_categories"),
    ("GET", r"/latest\.json", "_latest"),
    ("GET", r"/c/(?P<path>.+)/(?P<cid>\d+)/l/latest\.json", "_category_list"),
    ("GET", r"/t/(?P<tid>\d+)\.json", "_topic"),
    ("GET", r"/t/(?P<tid>\d+)/posts\.json", "_posts"),
    ("GET", r"/groups/(?P<name>[^/]+)/members\.json", "_members"),
    ("GET", r"/u/(?P<name>[^/]+)\.json", "_user"),
    ("GET", r"/session/current\.json", "_session"),
    ("GET", r"/solution/by_user\.json", "_solved_by"),
    ("GET", r"/presence/get", "_presence"),
    ("POST", r"/posts\.json", "_create"),
    ("PUT", r"/posts/(?P<pid>\d+)/wiki", "_wiki"),
    ("GET", r"/posts/(?P<pid>\d+)\.json", "_post"),
    ("POST", r"/post_actions\.json", "_flag"),
    ("POST", r"/solution/accept\.json", "_accept"),
    ("POST", r"/solution/unaccept\.json", "_unaccept"),
    ("GET", r"/discourse_templates\.json", "_templates"),
    ("PUT", r"/assign/(?P<op>assign|unassign)\.json", "_assign"),
    ("PUT", r"/t/-/(?P<tid>\d+)\.json", "_update"),
    ("PUT", r"/t/(?P<tid>\d+)/status\.json", "_status"),
    ("POST", r"/message-bus/(?P<client>[^/]+)/poll", "_poll"),
    ("POST", r"/admin/plugins/explorer/queries/(?P<qid>\d+)/run\.json", "_run_query"),
]
"""(method, path regex, handler): every route the fake serves; the rest is 404."""


class FakeDiscourse:
    """An in-memory Discourse forum behind an httpx MockTransport."""

    def __init__(
        self,
        *,
        per_page_max: int = 100,
        chunk_size: int = 4,
        tag_objects: bool = True,
        mega_posts: int = MEGA_TOPIC_POSTS,
    ) -> None:
        self.users: dict[str, User] = {}
        self.cats: dict[int, Cat] = {}
        self.topics: dict[int, Topic] = {}
        self.chunk_size = chunk_size
        self.mega_posts = mega_posts
        """From this many posts on a topic is a mega topic (tests scale it down)."""
        self.per_page_max = per_page_max
        self.tag_objects = tag_objects
        self.now = T0 + timedelta(days=30)
        self.requests: list[httpx.Request] = []
        self.bodies: list[tuple[str, str, Any]] = []
        self._faults: list[tuple[str, str, Fault]] = []
        self._next_post = 1000
        self.bus: list[tuple[int, str]] = []
        """Message-bus messages: (message_id, channel)."""
        self.templates: list[FTemplate] = []
        self.replying: dict[int, list[str]] = {}
        """Usernames with the reply composer of a topic open (presence)."""
        self.plugins_off: set[str] = set()
        """Plugins this forum lacks ("templates", "presence", "explorer"): their
        routes 404."""
        self.queries: dict[int, tuple[list[str], list[list[Any]]]] = {}
        """Saved data explorer queries: id -> (columns, rows) of their result."""
        self.query_params: list[dict[str, str]] = []
        """The ``params`` of every query run, decoded."""

    # -- building the forum --------------------------------------------------

    def user(self, uid: int, username: str, name: str, **kw: Any) -> User:
        """Add an account."""
        self.users[username] = User(uid, username, name, **kw)
        return self.users[username]

    def category(self, cid: int, name: str, slug: str, **kw: Any) -> Cat:
        """Add a category with its pinned "About" topic (id ``1000 + cid``)."""
        self.cats[cid] = Cat(cid, name, slug, 1000 + cid, **kw)
        admin = next((u for u in self.users.values() if u.admin), None)
        author = admin.username if admin else next(iter(self.users))
        about = self.topic(1000 + cid, f"Over {name}", cid, [(author, f"Over {name}")],
                           start=T0 - timedelta(days=300))  # fmt: skip
        about.pinned = True
        return self.cats[cid]

    def topic(
        self,
        tid: int,
        title: str,
        cid: int,
        posts: list[tuple[str, str]],
        *,
        start: datetime,
        step: timedelta = timedelta(minutes=30),
        **kw: Any,
    ) -> Topic:
        """Add a topic whose posts (author, raw) are ``step`` apart."""
        topic = Topic(tid, title, cid, posts[0][0], start, start, **kw)
        self.topics[tid] = topic
        for n, (author, raw) in enumerate(posts):
            self.post(tid, author, raw, at=start + n * step)
        return topic

    def post(
        self,
        tid: int,
        author: str,
        raw: str,
        *,
        at: datetime | None = None,
        reply_to: int | None = None,
        post_type: int = 1,
    ) -> FPost:
        """Add a post; regular posts bump the topic."""
        topic, when = self.topics[tid], at or self.now
        self._next_post += 1
        number = max((p.number for p in topic.posts + topic.gone), default=0) + 1
        post = FPost(self._next_post, tid, number, author, when, raw, reply_to,
                     post_type)  # fmt: skip
        topic.posts.append(post)
        if post_type == 1:
            topic.bumped_at = max(topic.bumped_at, when)
        return post

    def delete(self, pid: int) -> None:
        """Delete a post: it leaves the stream; its number is not used again."""
        post = self._find(pid)
        assert post is not None, pid
        topic = self.topics[post.topic_id]
        topic.posts.remove(post)
        topic.gone.append(post)

    # -- faults and counting -------------------------------------------------

    def fail(
        self,
        method: str,
        path: str,
        status: int,
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
        content_type: str = "text/html",
        route: str | None = None,
    ) -> None:
        """Answer the next ``method path`` (a regex) with this status and body."""

        def answer(request: httpx.Request) -> httpx.Response:
            if raw is not None:
                spec.check_malformed(raw)
                hdrs = {"Content-Type": content_type, **(headers or {})}
                return httpx.Response(status, content=raw, headers=hdrs)
            return self._json(method, route or request.url.path, status, body, headers)

        self._faults.append((method, path, answer))

    def raise_(self, method: str, path: str, error: type[httpx.TransportError]) -> None:
        """Make the next ``method path`` (a regex) raise a transport error."""

        def answer(request: httpx.Request) -> httpx.Response:
            raise error("simulated", request=request)

        self._faults.append((method, path, answer))

    def count(self, pattern: str = "") -> int:
        """Requests so far whose ``METHOD /path`` matches ``pattern``."""
        return sum(
            1 for r in self.requests if re.search(pattern, f"{r.method} {r.url.path}")
        )

    def post_ids_read(self, tid: int) -> list[int]:
        """The post ids asked of ``/t/{tid}/posts.json`` since the last reset."""
        path = f"/t/{tid}/posts.json"
        return [
            int(i)
            for r in self.requests
            if r.url.path == path
            for i in r.url.params.get_list("post_ids[]")
        ]

    def reset(self) -> None:
        """Forget the requests so far."""
        self.requests.clear()
        self.bodies.clear()

    def transport(self) -> httpx.MockTransport:
        """The transport to hand to the adapter."""
        return httpx.MockTransport(self.handle)

    # -- serving --------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Route one request (faults first), recording it."""
        self.requests.append(request)
        path = request.url.path
        for n, (method, pattern, answer) in enumerate(self._faults):
            if method == request.method and re.fullmatch(pattern, path):
                del self._faults[n]
                return answer(request)
        key, who = request.headers.get("Api-Key"), request.headers.get("Api-Username")
        if key != API_KEY or who not in self.users:
            body = {"errors": [DENIED], "error_type": "invalid_access"}
            return self._json(request.method, path, 403, body)
        for method, pattern, name in ROUTES:
            match = re.fullmatch(pattern, path)
            if match and method == request.method and not self._off(path):
                serve: Route = getattr(self, name)
                return serve(request, **match.groupdict())
        return self.error(request, path, 404, MISSING, "not_found")

    def _off(self, path: str) -> bool:
        """True when ``path`` belongs to a plugin this forum lacks."""
        prefixes = {"templates": "/discourse_templates", "presence": "/presence/",
                    "explorer": "/admin/plugins/explorer/"}  # fmt: skip
        return any(path.startswith(prefixes[p]) for p in self.plugins_off)

    def body(self, request: httpx.Request, route: str) -> dict[str, Any]:
        """The JSON body of a write, checked against its documented schema."""
        data: dict[str, Any] = json.loads(request.content or b"{}")
        spec.check_request(request.method, route, data)
        self.bodies.append((request.method, request.url.path, data))
        return data

    def _json(
        self,
        method: str,
        route: str,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """A JSON answer, completed and checked against the spec."""
        if body is not None:
            body = spec.complete(method, route, status, body)
        spec.check_response(method, route, status, body, headers or {})
        if body is None:
            return httpx.Response(status, content=b"", headers=headers)
        return httpx.Response(status, json=body, headers=headers)

    def answer(self, request: httpx.Request, route: str, body: Any) -> httpx.Response:
        """A 200 answer for a route template."""
        return self._json(request.method, route, 200, body)

    def error(
        self, request: httpx.Request, route: str, status: int, message: str, kind: str
    ) -> httpx.Response:
        """A core JSON error (API-NOTES §12)."""
        body = {"errors": [message], "error_type": kind}
        return self._json(request.method, route, status, body)

    # -- JSON shapes ----------------------------------------------------------

    def _person(self, username: str) -> dict[str, Any]:
        """BasicUser: id, username, name, avatar_template."""
        u = self.users[username]
        avatar = f"/letter_avatar_proxy/v4/letter/{u.username[0]}/{{size}}.png"
        return {"id": u.id, "username": u.username, "name": u.name,
                "avatar_template": avatar}  # fmt: skip

    def _group_id(self, name: str) -> int:
        """A stable id for a group name."""
        names = sorted({g for u in self.users.values() for g in u.groups})
        return 40 + names.index(name)

    def _tags(self, topic: Topic) -> list[Any]:
        """Tags as objects (current core) or strings (older cores)."""
        if not self.tag_objects:
            return list(topic.tags)
        return [{"id": 70 + n, "name": t, "slug": t} for n, t in enumerate(topic.tags)]

    def _post_json(self, post: FPost, raw: bool) -> dict[str, Any]:
        """One post as the topic view and posts.json show it."""
        u, topic = self.users[post.user], self.topics[post.topic_id]
        data = {
            **self._person(post.user), "id": post.id,
            "created_at": stamp(post.created_at),
            "cooked": f"<p>{html.escape(post.raw)}</p>", "post_number": post.number,
            "post_type": post.post_type, "updated_at": stamp(post.created_at),
            "reply_to_post_number": post.reply_to, "topic_id": post.topic_id,
            "topic_slug": slug(topic.title), "display_username": u.name,
            "primary_group_name": u.primary_group, "moderator": u.moderator,
            "admin": u.admin, "staff": u.admin or u.moderator, "user_id": u.id,
            "wiki": post.wiki, "deleted_at": None,
            "accepted_answer": topic.accepted_post == post.id,
            "topic_accepted_answer": topic.accepted_post is not None,
        }  # fmt: skip
        if raw:
            data["raw"] = post.raw
        return data

    def _posters(self, topic: Topic) -> tuple[list[dict[str, Any]], list[str]]:
        """The posters summary (OP first, latest marked) and their usernames."""
        regular = [p for p in topic.posts if p.post_type == 1]
        names = list(dict.fromkeys(p.user for p in regular))[:5]
        last = regular[-1].user
        posters = []
        for n, name in enumerate(names):
            desc = ["Original Poster"] if n == 0 else []
            desc += ["Most Recent Poster"] if name == last else []
            group = self.users[name].primary_group
            posters.append({
                "extras": "latest" if name == last else "",
                "description": ", ".join(desc) or "Frequent Poster",
                "user_id": self.users[name].id,
                "primary_group_id": self._group_id(group) if group else None,
            })  # fmt: skip
        return posters, names

    def _item(self, topic: Topic) -> dict[str, Any]:
        """One topic-list item."""
        regular = [p for p in topic.posts if p.post_type == 1]
        bumped = "gisteren" if topic.date_style == "broken" else stamp(
            topic.bumped_at, topic.date_style)  # fmt: skip
        item = {
            "id": topic.id, "title": topic.title, "fancy_title": topic.title,
            "slug": slug(topic.title), "posts_count": len(regular),
            "reply_count": len(regular) - 1, "highest_post_number": topic.posts[-1].number,
            "created_at": stamp(topic.created_at, topic.date_style),
            "last_posted_at": stamp(regular[-1].created_at, topic.date_style),
            "bumped": True, "bumped_at": bumped, "archetype": "regular",
            "pinned": topic.pinned, "pinned_globally": False, "visible": True,
            "closed": topic.closed, "archived": topic.archived,
            "last_poster_username": regular[-1].user, "category_id": topic.category_id,
            "posters": self._posters(topic)[0], "tags": self._tags(topic),
            "has_accepted_answer": topic.accepted_post is not None,
        }  # fmt: skip
        if topic.assigned_to:
            item["assigned_to_user"] = self._person(topic.assigned_to)
        return item

    def _list(self, request: httpx.Request, route: str, topics: list[Topic],
              more: str) -> httpx.Response:  # fmt: skip
        """A page of a topic list: pinned first, then by bumped_at, newest first."""
        q = request.url.params
        assert q.get("order") == "activity", "the adapter lists by activity"
        per_page = min(int(q.get("per_page", 30)), self.per_page_max)
        page = int(q.get("page", 0))
        ordered = sorted(topics, key=lambda t: (not t.pinned, -t.bumped_at.timestamp()))
        shown = ordered[page * per_page : (page + 1) * per_page]
        names = {n for t in shown for n in self._posters(t)[1]}
        groups = {g for n in names if (g := self.users[n].primary_group)}
        body: dict[str, Any] = {
            "users": [self._person(n) for n in sorted(names)],
            "primary_groups": [{"id": self._group_id(g), "name": g} for g in sorted(groups)],
            "topic_list": {"can_create_topic": True, "per_page": per_page,
                           "topics": [self._item(t) for t in shown]},
        }  # fmt: skip
        if len(ordered) > (page + 1) * per_page:
            body["topic_list"]["more_topics_url"] = (
                f"{more}?order=activity&page={page + 1}&per_page={per_page}")  # fmt: skip
        return self.answer(request, route, body)

    # -- reading routes -------------------------------------------------------

    def _categories(self, request: httpx.Request) -> httpx.Response:
        """``/categories.json``, subcategories nested when asked."""
        nested = request.url.params.get("include_subcategories") == "true"

        def one(c: Cat) -> dict[str, Any]:
            kids = [one(k) for k in self.cats.values() if k.parent == c.id]
            return {"id": c.id, "name": c.name, "slug": c.slug,
                    "description": f"<p>Vragen over {c.name}</p>",
                    "description_text": f"Vragen over {c.name}",
                    "topic_url": f"/t/{slug('Over ' + c.name)}/{c.about}",
                    "has_children": bool(kids), "subcategory_ids": [k["id"] for k in kids],
                    "subcategory_list": kids if nested else None}  # fmt: skip

        top = [one(c) for c in self.cats.values() if c.parent is None]
        body = {"category_list": {"can_create_category": True, "can_create_topic": True,
                                  "categories": top}}  # fmt: skip
        return self.answer(request, "/categories.json", body)

    def _latest(self, request: httpx.Request) -> httpx.Response:
        """``/latest.json``: every topic; category pins do not apply here."""
        topics = [t for t in self.topics.values() if not t.pinned]
        return self._list(request, "/latest.json", topics, "/latest")

    def _category_list(
        self, request: httpx.Request, path: str, cid: str
    ) -> httpx.Response:
        """``/c/{path}/{id}/l/latest.json``: a category and its subcategories."""
        c = int(cid)
        if c not in self.cats:
            return self.error(
                request, "/c/{path}/{id}/l/latest.json", 404, MISSING, "not_found"
            )
        ids = {c} | {k.id for k in self.cats.values() if k.parent == c}
        topics = [t for t in self.topics.values() if t.category_id in ids and (
            not t.pinned or t.id == self.cats[c].about)]  # fmt: skip
        route = "/c/{path}/{id}/l/latest.json"
        return self._list(request, route, topics, f"/c/{path}/{cid}/l/latest")

    def _topic(self, request: httpx.Request, tid: str) -> httpx.Response:
        """``/t/{id}.json``: the first chunk of posts and the whole stream (of a
        mega topic: ``isMegaTopic``, ``firstId`` and ``lastId`` instead)."""
        topic = self.topics.get(int(tid))
        if topic is None:
            return self.error(request, "/t/{id}.json", 404, MISSING, "not_found")
        raw = request.url.params.get("include_raw") == "true"
        regular = [p for p in topic.posts if p.post_type == 1]
        body: dict[str, Any] = {
            "id": topic.id, "title": topic.title, "fancy_title": topic.title,
            "posts_count": len(regular), "created_at": stamp(topic.created_at),
            "last_posted_at": stamp(regular[-1].created_at), "closed": topic.closed,
            "archived": topic.archived, "archetype": "regular", "slug": slug(topic.title),
            "category_id": topic.category_id, "user_id": self.users[topic.user].id,
            "pinned": topic.pinned, "highest_post_number": topic.posts[-1].number,
            "chunk_size": self.chunk_size, "tags": self._tags(topic), "visible": True,
            "post_stream": {
                "posts": [self._post_json(p, raw) for p in topic.posts[: self.chunk_size]],
                "stream": [p.id for p in topic.posts]},
            "details": {"created_by": self._person(topic.user),
                        "last_poster": self._person(regular[-1].user)},
        }  # fmt: skip
        accepted = next((p for p in topic.posts if p.id == topic.accepted_post), None)
        if accepted:
            body["accepted_answer"] = {"post_number": accepted.number,
                                       "username": accepted.user, "excerpt": "…"}  # fmt: skip
        if topic.assigned_to:
            body["assigned_to_user"] = self._person(topic.assigned_to)
        answer = self.answer(request, "/t/{id}.json", body)
        if len(regular) < self.mega_posts:
            return answer
        # The published spec knows only the stream; checked as that above,
        # then sent as core sends a mega topic (PostStreamSerializerMixin),
        # and checked as that (openapi_check.mega_post_stream_schema).
        mega: dict[str, Any] = answer.json()
        stream = mega["post_stream"].pop("stream")
        mega["post_stream"].update(
            isMegaTopic=True, firstId=stream[0], lastId=stream[-1]
        )
        spec.check_mega_post_stream(mega["post_stream"])
        return httpx.Response(200, json=mega)

    def _posts(self, request: httpx.Request, tid: str) -> httpx.Response:
        """``/t/{id}/posts.json``: ``post_ids[]=…``, or ``post_number=N`` with
        ``asc=true|false``: the chunk of posts after (before) post N, newest
        first when before, as core's TopicView#filter_posts_by_post_number. A
        number no post ever had stands for the nearest one (get_sort_order)."""
        topic = self.topics[int(tid)]
        q = request.url.params
        raw = q.get("include_raw") == "true"
        if "post_number" in q:
            chosen = self._after(topic, int(q["post_number"]), q.get("asc") == "true")
        else:
            wanted = {int(i) for i in q.get_list("post_ids[]")}
            chosen = [p for p in topic.posts if p.id in wanted]
        posts = [self._post_json(p, raw) for p in chosen]
        body = {"post_stream": {"posts": posts}, "id": topic.id}
        return self.answer(request, "/t/{id}/posts.json", body)

    def _after(self, topic: Topic, number: int, asc: bool) -> list[FPost]:
        """The chunk after (``asc``) or before post ``number``, as core picks it."""
        numbers = [p.number for p in topic.posts + topic.gone]
        if number not in numbers:  # ties go to the lower number
            number = min(numbers, key=lambda n: (abs(n - number), n))
        if asc:
            return [p for p in topic.posts if p.number > number][: self.chunk_size]
        before = [p for p in topic.posts if p.number < number]
        return before[::-1][: self.chunk_size]

    def _members(self, request: httpx.Request, name: str) -> httpx.Response:
        """``/groups/{name}/members.json``, paged by limit and offset."""
        route = "/groups/{name}/members.json"
        members = sorted(u.username for u in self.users.values() if name in u.groups)
        if not members:
            return self.error(request, route, 404, MISSING, "not_found")
        limit = int(request.url.params.get("limit", 50))
        offset = int(request.url.params.get("offset", 0))
        page = members[offset : offset + limit]
        body = {"members": [{**self._person(m), "title": None} for m in page],
                "owners": [], "meta": {"total": len(members), "limit": limit,
                                       "offset": offset}}  # fmt: skip
        return self.answer(request, route, body)

    def _user(self, request: httpx.Request, name: str) -> httpx.Response:
        """``/u/{username}.json`` with flags and groups."""
        u = self.users.get(name)
        if u is None:
            return self.error(request, "/u/{username}.json", 404, MISSING, "not_found")
        groups = [{"id": self._group_id(g), "name": g, "display_name": g,
                   "primary_group": g == u.primary_group} for g in u.groups]  # fmt: skip
        body = {"user_badges": [], "user": {**self._person(name), "admin": u.admin,
                "moderator": u.moderator, "primary_group_name": u.primary_group,
                "groups": groups}}  # fmt: skip
        return self.answer(request, "/u/{username}.json", body)

    def _session(self, request: httpx.Request) -> httpx.Response:
        """``/session/current.json`` with the assign and templates plugin flags."""
        u = self.users[request.headers["Api-Username"]]
        body = {"current_user": {**self._person(u.username), "admin": u.admin,
                "moderator": u.moderator, "can_assign": True,
                "can_use_templates": True}}  # fmt: skip
        return self.answer(request, "/session/current.json", body)

    def _solved_by(self, request: httpx.Request) -> httpx.Response:
        """``/solution/by_user.json``: the solved plugin is installed."""
        return self.answer(request, "/solution/by_user.json", {"user_solved_posts": []})

    def _presence(self, request: httpx.Request) -> httpx.Response:
        """``/presence/get``: who is replying; null for a channel of no topic."""
        out: dict[str, Any] = {}
        for channel in request.url.params.get_list("channels[]"):
            found = re.fullmatch(r"/discourse-presence/reply/(\d+)", channel)
            if found is None or int(found[1]) not in self.topics:
                out[channel] = None
                continue
            users = [self._person(u) for u in self.replying.get(int(found[1]), [])]
            out[channel] = {"users": users, "count": len(users), "last_message_id": 3}
        return self.answer(request, "/presence/get", out)

    def _templates(self, request: httpx.Request) -> httpx.Response:
        """``/discourse_templates.json``: every template, sorted by title."""
        rows = [{"id": t.id, "title": t.title, "slug": slug(t.title), "content": t.content,
                 "tags": sorted(t.tags), "usages": t.usages}
                for t in sorted(self.templates, key=lambda t: t.title)]  # fmt: skip
        return self.answer(request, "/discourse_templates.json", {"templates": rows})

    def _run_query(self, request: httpx.Request, qid: str) -> httpx.Response:
        """``POST /admin/plugins/explorer/queries/{id}/run.json`` (§10): the saved
        result of the query; ``params`` arrives as a JSON string."""
        route = "/admin/plugins/explorer/queries/{id}/run.json"
        data = self.body(request, route)
        if int(qid) not in self.queries:
            return self.error(request, route, 404, MISSING, "not_found")
        self.query_params.append(json.loads(data["params"]))
        columns, rows = self.queries[int(qid)]
        body = {"success": True, "errors": [], "duration": 12.5,
                "result_count": len(rows), "columns": columns, "rows": rows}  # fmt: skip
        return self.answer(request, route, body)

    def announce(self, channel: str = "/latest") -> None:
        """Publish a message on the bus, as the forum does on new activity."""
        self.bus.append((len(self.bus) + 1, channel))

    def _poll(self, request: httpx.Request, client: str) -> httpx.Response:
        """``POST /message-bus/{client_id}/poll`` (§13), answered at once."""
        route = "/message-bus/{client_id}/poll"
        wanted = self.body(request, route)
        out: list[dict[str, Any]] = []
        for channel, last in wanted.items():
            newest = max((m for m, c in self.bus if c == channel), default=0)
            if last == -1:
                out.append({"global_id": -1, "message_id": -1,
                            "channel": "/__status", "data": {channel: newest}})  # fmt: skip
                continue
            out += [
                {"global_id": m, "message_id": m, "channel": c, "data": {}}
                for m, c in self.bus
                if c == channel and m > last
            ]
        return self.answer(request, route, out)

    # -- writing routes -------------------------------------------------------

    def _create(self, request: httpx.Request) -> httpx.Response:
        """``POST /posts.json``: a reply, or a new topic when there is a title."""
        data, me = self.body(request, "/posts.json"), request.headers["Api-Username"]
        if "topic_id" in data:
            topic = self.topics.get(data["topic_id"])
            if topic is None:
                return self.error(request, "/posts.json", 404, MISSING, "not_found")
            if topic.closed:
                body = {"errors": ["Dit onderwerp is gesloten voor nieuwe reacties."]}
                return self._json("POST", "/posts.json", 422, body)
            post = self.post(
                topic.id, me, stored(data["raw"]),
                reply_to=data.get("reply_to_post_number"),
            )  # fmt: skip
        else:
            tid = max(self.topics) + 1
            topic = self.topic(tid, data["title"], data["category"], [(me, data["raw"])],
                               start=self.now, tags=list(data.get("tags", [])))  # fmt: skip
            post = topic.posts[0]
        return self.answer(request, "/posts.json", self._post_json(post, raw=True))

    def _find(self, pid: int) -> FPost | None:
        """A post by id."""
        posts = (p for t in self.topics.values() for p in t.posts if p.id == pid)
        return next(posts, None)

    def _summary(self, post: FPost, me: str) -> list[dict[str, Any]]:
        """``actions_summary`` as staff see it: the flag count, and ours."""
        flag: dict[str, Any] = {"id": NOTIFY_MODERATORS}
        if post.flags:
            flag["count"] = len(post.flags)
        if me in post.flags:
            flag["acted"] = True
        else:
            flag["can_act"] = True
        return [{"id": 2, "can_act": True}, flag]

    def _post(self, request: httpx.Request, pid: str) -> httpx.Response:
        """``GET /posts/{id}.json``: one post with raw and actions_summary."""
        post, me = self._find(int(pid)), request.headers["Api-Username"]
        if post is None:
            return self.error(request, "/posts/{id}.json", 404, MISSING, "not_found")
        body = {**self._post_json(post, raw=True),
                "actions_summary": self._summary(post, me)}  # fmt: skip
        return self.answer(request, "/posts/{id}.json", body)

    def _flag(self, request: httpx.Request) -> httpx.Response:
        """``POST /post_actions.json``: a flag to the moderators, once per user."""
        route, me = "/post_actions.json", request.headers["Api-Username"]
        data = self.body(request, route)
        assert data["post_action_type_id"] == NOTIFY_MODERATORS, "only this flag"
        post = self._find(data["id"])
        if post is None:
            return self.error(request, route, 404, MISSING, "not_found")
        if me in post.flags:  # PostActionCreator: forbidden, no error_type
            return self._json("POST", route, 403, {"errors": [FLAGGED]})
        post.flags[me] = data.get("message", "")
        body = {**self._post_json(post, raw=False),
                "actions_summary": self._summary(post, me)}  # fmt: skip
        return self.answer(request, route, body)

    def _wiki(self, request: httpx.Request, pid: str) -> httpx.Response:
        """``PUT /posts/{id}/wiki``: 200 with an empty body."""
        data, post = self.body(request, "/posts/{id}/wiki"), self._find(int(pid))
        assert post is not None
        post.wiki = data["wiki"] == "true"
        return self._json("PUT", "/posts/{id}/wiki", 200, None)

    def _accept(self, request: httpx.Request) -> httpx.Response:
        """``POST /solution/accept.json``."""
        post = self._find(self.body(request, "/solution/accept.json")["id"])
        if post is None:
            return self.error(
                request, "/solution/accept.json", 404, MISSING, "not_found"
            )
        self.topics[post.topic_id].accepted_post = post.id
        return self.answer(request, "/solution/accept.json", {"success": "OK"})

    def _unaccept(self, request: httpx.Request) -> httpx.Response:
        """``POST /solution/unaccept.json``."""
        post = self._find(self.body(request, "/solution/unaccept.json")["id"])
        if post is None:
            return self.error(
                request, "/solution/unaccept.json", 404, MISSING, "not_found"
            )
        topic = self.topics[post.topic_id]
        if topic.accepted_post == post.id:
            topic.accepted_post = None
        return self.answer(request, "/solution/unaccept.json", {"success": "OK"})

    def _assign(self, request: httpx.Request, op: str) -> httpx.Response:
        """``PUT /assign/assign.json`` and ``/assign/unassign.json``."""
        route = f"/assign/{op}.json"
        data = self.body(request, route)
        topic = self.topics[data["target_id"]]
        who = data.get("username")
        if op == "assign" and who not in self.users:
            return self.error(request, route, 404, MISSING, "not_found")
        if op == "assign" and topic.assigned_to == who:
            body = {"error": f"{who} is al toegewezen aan dit onderwerp."}
            return self._json("PUT", route, 400, body)
        topic.assigned_to = who if op == "assign" else None
        return self.answer(request, route, {"success": "OK"})

    def _update(self, request: httpx.Request, tid: str) -> httpx.Response:
        """``PUT /t/-/{id}.json`` with ``tags``."""
        data, topic = self.body(request, "/t/-/{id}.json"), self.topics[int(tid)]
        topic.tags = list(data.get("tags", topic.tags))
        basic = {"id": topic.id, "title": topic.title, "fancy_title": topic.title,
                 "slug": slug(topic.title), "posts_count": len(topic.posts)}  # fmt: skip
        return self.answer(request, "/t/-/{id}.json", {"basic_topic": basic})

    def _status(self, request: httpx.Request, tid: str) -> httpx.Response:
        """``PUT /t/{id}/status.json``: closing adds a small-action notice."""
        data, topic = self.body(request, "/t/{id}/status.json"), self.topics[int(tid)]
        if data["status"] == "closed":
            topic.closed = data["enabled"] == "true"
            self.post(topic.id, request.headers["Api-Username"], "", post_type=3)
        body = {"success": "OK", "topic_status_update": None}
        return self.answer(request, "/t/{id}/status.json", body)


def stored(raw: str) -> str:
    """A post's raw as Discourse stores it: odd spaces made plain, trailing
    whitespace dropped (PostCreator#setup_post), line ends as LF."""
    spaces = "[\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    return re.sub(spaces, " ", raw).replace("\r\n", "\n").rstrip()


def slug(title: str) -> str:
    """Discourse-like slug of a title."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "topic"


def werkplein_forum(**options: Any) -> FakeDiscourse:
    """A small Werkplein forum: two watched categories, roles, states, a long thread.

    Werk en inkomen (5): topics 1-7 and its pinned About topic (1005); Zorg (6)
    with its subcategory Wmo (8): topics 8-11, of which 10 has a broken date;
    Kennisbank (9, not watched): topic 12. Topic 7 runs past the first chunk.
    """
    f = FakeDiscourse(**options)
    f.user(1, "sanne", "Sanne Bakker", groups=("werkplein-medewerkers",))
    f.user(2, "beheer", "Beheerder", admin=True)
    f.user(3, "kim.adviseur", "Kim", groups=("clientondersteuners",),
           primary_group="clientondersteuners")  # fmt: skip
    for uid, name in ((4, "anouk"), (5, "mo"), (6, "buurman"), (7, "fatima")):
        f.user(uid, name, name.title())
    f.category(1, "Overig", "uncategorized")
    f.category(5, "Werk en inkomen", "werk-en-inkomen")
    f.category(6, "Zorg", "zorg")
    f.category(8, "Wmo", "wmo", parent=6)
    f.category(9, "Kennisbank", "kennisbank")
    day = timedelta(days=1)
    f.topic(
        1,
        "Uitkering niet ontvangen",
        5,
        [("anouk", "Mijn **uitkering** is niet betaald.\n\n- wat nu?")],
        start=T0,
    )
    f.topic(
        2,
        "Vraag over sollicitatieplicht",
        5,
        [("anouk", "Moet ik solliciteren?"), ("sanne", "Ja, vier keer per maand.")],
        start=T0 + 1 * day,
    )
    t3 = f.topic(
        3,
        "Bijverdienen",
        5,
        [("mo", "Mag ik bijverdienen?"), ("buurman", "Ik denk het wel.")],
        start=T0 + 2 * day,
    )
    f.post(3, "sanne", "Interne notitie", at=t3.bumped_at, post_type=4)  # a whisper
    t4 = f.topic(
        4,
        "Vakantiegeld",
        5,
        [("mo", "Wanneer komt het?"), ("sanne", "In mei."), ("mo", "Dank!")],
        start=T0 + 3 * day,
    )
    t4.accepted_post = t4.posts[1].id
    f.topic(5, "Re-integratie", 5, [("fatima", "Wie helpt mij?"),
            ("kim.adviseur", "Ik help je graag.")], start=T0 + 4 * day,
            date_style="plain")  # fmt: skip
    f.topic(6, "Oude vraag", 5, [("fatima", "Is dit opgelost?"),
            ("beheer", "Ja.")], start=T0 + 5 * day, closed=True)  # fmt: skip
    long = [("anouk" if n % 2 == 0 else "sanne", f"Bericht {n + 1}") for n in range(11)]
    t7 = f.topic(7, "Lange draad over toeslagen", 5, long, start=T0 + 6 * day,
                 tags=["toeslagen", "spoed"], assigned_to="sanne")  # fmt: skip
    for post in t7.posts[1:]:
        post.reply_to = post.number - 1
    f.topic(8, "Huishoudelijke hulp", 6, [("mo", "Hoe vraag ik dit aan?")],
            start=T0 + 7 * day, date_style="offset")  # fmt: skip
    f.topic(9, "Wmo-taxi", 8, [("anouk", "Kan ik een taxi krijgen?"),
            ("kim.adviseur", "Ja, via het Wmo-loket.")], start=T0 + 8 * day)  # fmt: skip
    f.topic(10, "Kapotte datum", 6, [("fatima", "Dit onderwerp is stuk.")],
            start=T0 + 9 * day, date_style="broken")  # fmt: skip
    f.topic(11, "Mantelzorg", 6, [("fatima", "Wie helpt mantelzorgers?"),
            ("buurman", "Het steunpunt.")], start=T0 + 10 * day)  # fmt: skip
    f.topic(12, "Zo vraag je bijzondere bijstand aan", 9,
            [("sanne", "Stap 1: ...")], start=T0 + 11 * day)  # fmt: skip
    f.templates = [
        FTemplate(501, "Wachttijd uitkering", "Beste %{original_poster_name},\n\n"
                  "Uw aanvraag is binnen. Binnen 8 weken hoort u meer.\n\n"
                  "Groet,\n%{my_name}", ["uitkering"], usages=4),
        FTemplate(502, "Doorverwijzen naar klantmanager", "Over *%{topic_title}* kan "
                  "uw klantmanager u het beste helpen.\n"),
    ]  # fmt: skip
    return f
