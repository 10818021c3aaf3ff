"""Discourse JSON to deskapp models, liberal in what it accepts.

Pure functions, no I/O: :mod:`deskapp.forum.discourse` fetches, this module
reads. Optional fields may be missing or null, unknown fields are ignored,
tags may be strings or ``{id, name, slug}`` objects, timestamps may carry
milliseconds, ``Z`` or an offset. A single unreadable topic or post is skipped
(``None``); only a payload without its top-level structure raises
:class:`~deskapp.errors.BadResponseError`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from deskapp.errors import BadResponseError, ConflictError
from deskapp.i18n import _
from deskapp.models import Category, Person, Post, Question, Role, Thread

__all__ = [
    "CategoryIndex",
    "Context",
    "Json",
    "RoleBook",
    "as_int",
    "as_list",
    "as_obj",
    "as_str",
    "categories_from",
    "chunk_size",
    "created_post",
    "current_user",
    "has_stream",
    "maybe_time",
    "me_from",
    "must_int",
    "parse_time",
    "person_from",
    "post_from",
    "stream_ids",
    "tag_names",
    "text_of",
    "thread_from",
    "view_posts",
    "with_author",
]

log = logging.getLogger(__name__)

Json = Mapping[str, Any]
SKIPPED_POST_TYPES = frozenset({3, 4})
"""small_action (status notices) and whisper (staff-only): not part of the
conversation with the client (API-NOTES §2)."""


# --- small readers -------------------------------------------------------------


def parse_time(value: object) -> datetime:
    """An aware UTC datetime from an ISO 8601 string; ValueError otherwise."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a timestamp: {value!r}")
    stamp = datetime.fromisoformat(value.strip())
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC)


def maybe_time(value: object) -> datetime | None:
    """``parse_time`` for optional fields: None when missing or unreadable."""
    try:
        return parse_time(value)
    except ValueError:
        return None


def as_obj(value: object) -> Json:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def as_list(value: object) -> list[Any]:
    """``value`` if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def as_int(value: object) -> int | None:
    """An integer from a number or a numeric string (not from a bool)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def must_int(value: object, what: str) -> int:
    """An integer, or ValueError naming ``what``."""
    number = as_int(value)
    if number is None:
        raise ValueError(f"{what} is not an integer: {value!r}")
    return number


def as_str(value: object) -> str:
    """``value`` if it is a string, else ""."""
    return value if isinstance(value, str) else ""


def tag_names(value: object) -> tuple[str, ...]:
    """Tag names from strings or objects (``name``, else ``slug``, else ``id``)."""
    names: list[str] = []
    for tag in as_list(value):
        if isinstance(tag, Mapping):
            tag = tag.get("name") or tag.get("slug") or tag.get("id")
        if isinstance(tag, str | int) and not isinstance(tag, bool) and str(tag):
            names.append(str(tag))
    return tuple(names)


class _TextOnly(HTMLParser):
    """Collects the text of cooked HTML, with line breaks at block ends."""

    BLOCKS = frozenset({"p", "div", "li", "blockquote", "pre", "tr", "aside"})
    BLOCKS |= {"ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Line break for ``<br>``; a dash for list items."""
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")

    def handle_endtag(self, tag: str) -> None:
        """Paragraph break after block elements."""
        if tag in self.BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        """Keep text as is."""
        self.parts.append(data)


def text_of(cooked: str) -> str:
    """Plain text from cooked HTML (the fallback when ``raw`` is absent)."""
    parser = _TextOnly()
    parser.feed(cooked)
    parser.close()
    text = re.sub(r"[ \t]+\n", "\n", "".join(parser.parts))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- site ------------------------------------------------------------------------


def current_user(payload: object) -> Json:
    """The ``current_user`` object of ``/session/current.json``."""
    return as_obj(as_obj(payload).get("current_user"))


# --- people ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleBook:
    """Who is staff or adviser: group names from the config, members from the forum."""

    staff_groups: frozenset[str] = frozenset()
    """Lower-cased names of the config's staff_groups."""
    adviser_groups: frozenset[str] = frozenset()
    """Lower-cased names of the config's adviser_groups."""
    staff: frozenset[str] = frozenset()
    """Lower-cased usernames of staff group members."""
    advisers: frozenset[str] = frozenset()
    """Lower-cased usernames of adviser group members."""

    def role(
        self, username: str, op: str, *, staff_flag: bool = False, group: str = ""
    ) -> Role:
        """Staff first, then adviser, then the topic's author (client), else peer."""
        name, group = username.lower(), group.lower()
        if staff_flag or name in self.staff or group in self.staff_groups:
            return Role.STAFF
        if name in self.advisers or group in self.adviser_groups:
            return Role.ADVISER
        return Role.CLIENT if name == op.lower() else Role.PEER

    def member_role(self, username: str) -> Role | None:
        """STAFF or ADVISER for a member of the configured groups; else None
        (the book cannot tell: a flag or primary group may still make staff)."""
        name = username.lower()
        if name in self.staff:
            return Role.STAFF
        return Role.ADVISER if name in self.advisers else None


def _staff_flag(user: Json) -> bool:
    """True when a user or post object says admin, moderator or staff."""
    return any(user.get(key) is True for key in ("admin", "moderator", "staff"))


def person_from(user: Json, book: RoleBook, op: str, group: str = "") -> Person:
    """A Person from a user-like object (user, poster, post author)."""
    username = as_str(user.get("username"))
    if not username:
        raise ValueError("user without a username")
    group = group or as_str(user.get("primary_group_name"))
    role = book.role(username, op, staff_flag=_staff_flag(user), group=group)
    name = as_str(user.get("name")) or username
    return Person(username, name, role, as_int(user.get("id")))


def me_from(
    payload: object, staff_groups: Iterable[str], adviser_groups: Iterable[str]
) -> Person:
    """The acting account from ``/u/{username}.json``: flags and group names."""
    user = as_obj(as_obj(payload).get("user"))
    username = as_str(user.get("username"))
    if not username:
        raise BadResponseError(_("The forum's user record has no username."))
    names = [as_obj(g).get("name") for g in as_list(user.get("groups"))]
    names.append(user.get("primary_group_name"))
    groups = {as_str(n).lower() for n in names} - {""}
    if _staff_flag(user) or groups & {g.lower() for g in staff_groups}:
        role = Role.STAFF
    elif groups & {g.lower() for g in adviser_groups}:
        role = Role.ADVISER
    else:
        role = Role.PEER
    return Person(
        username, as_str(user.get("name")) or username, role, as_int(user.get("id"))
    )


# --- categories -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryIndex:
    """The forum's categories with what the adapter needs to page them."""

    categories: tuple[Category, ...] = ()
    paths: Mapping[int, str] = field(default_factory=dict)
    """Category id to its URL slug path, e.g. ``zorg/wmo``."""
    about_topics: frozenset[int] = frozenset()
    """Ids of the "About this category" topics: not questions."""

    def find(self, slug: str) -> Category | None:
        """The category whose slug (or ``parent/child`` path) is ``slug``."""
        wanted = slug.strip("/").lower()
        for category in self.categories:
            path = self.paths.get(category.id, category.slug)
            if wanted in (category.slug.lower(), path.lower()):
                return category
        return None

    def kb_id(self) -> int | None:
        """The knowledge-base category id, if the forum has it."""
        return next((c.id for c in self.categories if c.is_kb), None)


def _walk(items: object, parent: str) -> Iterator[tuple[Json, str]]:
    """Every category object with its slug path, subcategories included."""
    for item in as_list(items):
        data = as_obj(item)
        slug = as_str(data.get("slug"))
        path = f"{parent}/{slug}" if parent else slug
        yield data, path
        yield from _walk(data.get("subcategory_list"), path)


def categories_from(payload: object, kb_slug: str) -> CategoryIndex:
    """The category index from ``/categories.json``."""
    listing = as_obj(payload).get("category_list")
    if not isinstance(listing, Mapping):
        raise BadResponseError(_("The forum's category list has no 'category_list'."))
    found: dict[int, Category] = {}
    paths: dict[int, str] = {}
    about: set[int] = set()
    for data, path in _walk(listing.get("categories"), ""):
        cid, name, slug = as_int(data.get("id")), data.get("name"), data.get("slug")
        if cid is None or not isinstance(name, str) or not isinstance(slug, str):
            log.warning("skipping an unreadable category: %r", data.get("id"))
            continue
        text = as_str(data.get("description_text")) or text_of(
            as_str(data.get("description"))
        )
        found[cid] = Category(cid, name, slug, slug == kb_slug, text)
        paths[cid] = path
        topic = re.search(r"/(\d+)/?$", as_str(data.get("topic_url")))
        if topic:
            about.add(int(topic.group(1)))
    return CategoryIndex(tuple(found.values()), paths, frozenset(about))


@dataclass(frozen=True, slots=True)
class Context:
    """What turning a topic into a Question needs besides its JSON."""

    base_url: str
    book: RoleBook
    kb_id: int | None = None

    def url(self, topic_id: int) -> str:
        """Where a topic opens in a browser."""
        return f"{self.base_url}/t/{topic_id}"


# --- topics and posts -----------------------------------------------------------


def post_from(
    data: Json, op: str, book: RoleBook, accepted_number: int | None = None
) -> Post | None:
    """A Post, or None for whispers, status notices, deleted or unreadable posts."""
    try:
        if as_int(data.get("post_type")) in SKIPPED_POST_TYPES or data.get(
            "deleted_at"
        ):
            return None
        number = must_int(data.get("post_number"), "post_number")
        raw = data.get("raw")
        return Post(
            id=must_int(data.get("id"), "post id"),
            question_id=must_int(data.get("topic_id"), "topic_id"),
            number=number,
            author=person_from(data, book, op),
            created_at=parse_time(data.get("created_at")),
            raw=raw if isinstance(raw, str) else text_of(as_str(data.get("cooked"))),
            reply_to=as_int(data.get("reply_to_post_number")),
            accepted=data.get("accepted_answer") is True or number == accepted_number,
            wiki=data.get("wiki") is True,
        )
    except ValueError as err:
        log.warning("skipping post %r: %s", data.get("id"), err)
        return None


def has_stream(view: Json) -> bool:
    """True when a topic view lists its post ids (``post_stream.stream``).

    A mega topic's view (core: ``posts_count`` of 10,000 or more) sends
    ``isMegaTopic``, ``firstId`` and ``lastId`` instead; its posts are read
    by post number.
    """
    return isinstance(as_obj(view.get("post_stream")).get("stream"), list)


def stream_ids(view: Json) -> list[int]:
    """Every visible post id of a topic view, in order."""
    stream = as_obj(view.get("post_stream")).get("stream")
    return [i for i in (as_int(v) for v in as_list(stream)) if i is not None]


def view_posts(payload: object) -> list[Json]:
    """The post objects of a topic view or a ``/t/{id}/posts.json`` answer."""
    return [
        as_obj(p)
        for p in as_list(as_obj(as_obj(payload).get("post_stream")).get("posts"))
    ]


def chunk_size(view: Json, default: int = 20) -> int:
    """How many post ids to ask for at once (the view's chunk_size, 1-50)."""
    return max(1, min(50, as_int(view.get("chunk_size")) or default))


def thread_from(
    view: Json,
    posts: Iterable[Json],
    ctx: Context,
    listed: Question | None,
    known: Iterable[Post] = (),
) -> Thread | None:
    """A Thread from a topic view and its post objects; None when unreadable.

    ``known`` are posts of the topic read before and not fetched again (the
    store's): they fill the post numbers ``posts`` lack, take their author's
    role from ``ctx.book`` when it knows the author (a member of the staff or
    adviser groups; else the role stays as stored), and are accepted when the
    view's ``accepted_answer`` names them.
    """
    try:
        return _thread(view, posts, ctx, listed, known)
    except (ValueError, IndexError) as err:
        log.warning("skipping topic %r: %s", view.get("id"), err)
        return None


def _numbered(posts: Iterable[Json]) -> dict[int, Json]:
    """Post objects by post number, duplicates and unnumbered ones dropped."""
    found = {as_int(p.get("post_number")): p for p in posts}
    return {n: found[n] for n in sorted(n for n in found if n is not None)}


def _merged(
    by_number: Mapping[int, Json],
    known: Iterable[Post],
    op: str,
    book: RoleBook,
    accepted: int | None,
) -> tuple[Post, ...]:
    """The posts read now and the known ones for the numbers not read, in order."""
    found = {
        p.number: _refreshed(p, book, accepted)
        for p in known
        if p.number not in by_number
    }
    for data in by_number.values():
        post = post_from(data, op, book, accepted)
        if post is not None:
            found[post.number] = post
    return tuple(found[n] for n in sorted(found))


def _refreshed(post: Post, book: RoleBook, accepted: int | None) -> Post:
    """A known post with its role as the current book has it, and accepted
    when ``accepted`` is its number."""
    role = book.member_role(post.author.username) or post.author.role
    author = (
        post.author if role is post.author.role else replace(post.author, role=role)
    )
    return replace(post, author=author, accepted=post.number == accepted)


def _thread(
    view: Json,
    posts: Iterable[Json],
    ctx: Context,
    listed: Question | None,
    known: Iterable[Post],
) -> Thread:
    """A Thread, or ValueError."""
    tid = must_int(view.get("id"), "topic id")
    details = as_obj(view.get("details"))
    by_number = _numbered(posts)
    op_user = as_obj(details.get("created_by")) or by_number.get(1, {})
    op = as_str(op_user.get("username"))
    accepted = as_int(as_obj(view.get("accepted_answer")).get("post_number"))
    thread_posts = _merged(by_number, known, op, ctx.book, accepted)
    last_user = as_obj(details.get("last_poster"))
    newest = thread_posts[-1] if thread_posts else None
    if not last_user and newest and newest.number > max(by_number, default=0):
        last_poster = newest.author  # a known post, not read again, is the newest
    else:
        last_user = last_user or (
            list(by_number.values())[-1] if by_number else op_user
        )
        last_poster = person_from(last_user, ctx.book, op)
    created = parse_time(view.get("created_at"))
    last_at = maybe_time(view.get("last_posted_at")) or created
    bumped = maybe_time(view.get("bumped_at")) or last_at
    category = must_int(view.get("category_id"), "category_id")
    question = Question(
        id=tid,
        title=as_str(view.get("title")) or as_str(view.get("fancy_title")),
        category_id=category,
        author=person_from(op_user, ctx.book, op),
        created_at=created,
        last_posted_at=last_at,
        updated_at=listed.updated_at if listed else max(bumped, last_at),
        posts_count=as_int(view.get("posts_count")) or len(thread_posts),
        last_poster=last_poster,
        tags=tag_names(view.get("tags")),
        closed=view.get("closed") is True,
        archived=view.get("archived") is True,
        assigned_to=as_str(as_obj(view.get("assigned_to_user")).get("username"))
        or None,
        accepted_post_id=next((p.id for p in thread_posts if p.accepted), None),
        url=ctx.url(tid),
        is_kb=category == ctx.kb_id,
    )
    return Thread(question, thread_posts)


def created_post(payload: object, forum: str) -> Post:
    """The post a create answered with (§6); ConflictError when it awaits review."""
    data = as_obj(payload)
    if data.get("action") == "enqueued":
        raise ConflictError(
            _(
                "{forum} put the post in its review queue: it appears once a"
                " moderator approves it. Do not send it again."
            ).format(forum=forum)
        )
    post = post_from(data, "", RoleBook())
    if post is None:
        raise BadResponseError(
            _(
                "{forum} took the post, but its answer cannot be read: sync to see"
                " it before sending it again."
            ).format(forum=forum)
        )
    return post


def with_author(post: Post, author: Person) -> Post:
    """The same post, attributed to ``author`` (our own replies)."""
    return replace(post, author=author)
