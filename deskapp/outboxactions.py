"""What outbox entries do to a thread, and what follows a published article.

Pure thread changes (:func:`apply_action`, :func:`landed`) serve three ends:
the inbox shows an action at once, a refused one is rolled back, and an
unsure attempt is checked against the forum's thread before it is repeated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from deskapp.forum.base import Forum
from deskapp.kb import KB_TAG, link_reply
from deskapp.models import (
    ActionKind,
    KbArticle,
    OutboxState,
    Person,
    Post,
    Question,
    Role,
    Thread,
)
from deskapp.store import Store
from deskapp.storework import OutboxEntry
from deskapp.triage import TriageRules

__all__ = [
    "after_publishing",
    "apply_action",
    "landed",
    "perform",
    "reapply_pending",
    "with_post",
]


async def perform(
    forum: Forum, kind: ActionKind, qid: int, payload: dict[str, Any]
) -> None:
    """Ask the forum to do one action."""
    match kind:
        case ActionKind.ACCEPT:
            await forum.accept_answer(int(payload["post_id"]))
        case ActionKind.UNACCEPT:
            await forum.unaccept_answer(int(payload["post_id"]))
        case ActionKind.ASSIGN:
            await forum.assign(qid, payload.get("username"))
        case ActionKind.TAGS:
            await forum.set_tags(qid, list(payload["tags"]))
        case ActionKind.CLOSE:
            await forum.close(qid)
        case ActionKind.REOPEN:
            await forum.reopen(qid)
        case ActionKind.FLAG:
            await forum.flag_post(int(payload["post_id"]), str(payload["message"]))
        case ActionKind.REPLY | ActionKind.PUBLISH:  # pragma: no cover
            raise ValueError(f"{kind} is not a simple action")


def after_publishing(
    store: Store,
    forum: str,
    rules: TriageRules,
    entry: OutboxEntry,
    article: KbArticle,
    *,
    me: str,
    now: datetime,
) -> None:
    """What follows a published article (blocking store work): the article in
    the mirror, the audit record (kinds of data redacted, never values), and
    through the outbox a reply linking it, the source tagged, the answer
    accepted where the forum can."""
    qid, payload = entry.question_id, entry.payload
    thread = store.thread(forum, qid)
    _mirror_article(store, forum, rules, article, payload, me, now)
    if store.has_followups(forum, entry.id):
        return  # a desk that stopped right after queueing them did this already
    store.audit(
        forum, me, "publish", now, question_id=qid, article_id=article.id,
        outbox_id=entry.id, redacted=payload.get("redacted", {}),
        dismissed=payload.get("dismissed", []),
    )  # fmt: skip
    at = now
    body = link_reply(article)
    store.enqueue(forum, ActionKind.REPLY, qid,
                  {"body": body, "reply_to": None, "seen_post": 0, "force": True,
                   "after": entry.id},
                  at=at)  # fmt: skip
    if thread is None:
        return
    follow: list[tuple[ActionKind, dict[str, Any]]] = []
    if KB_TAG not in thread.question.tags:
        tags = [*thread.question.tags, KB_TAG]
        follow.append(
            (ActionKind.TAGS, {"tags": tags, "before": list(thread.question.tags)})
        )
    caps = store.capabilities(forum)
    solved = caps is None or caps[0].solved
    post_id = int(payload.get("source_post_id", 0))
    if solved and thread.question.accepted_post_id is None and post_id:
        number = next((x.number for x in thread.posts if x.id == post_id), None)
        follow.append(
            (
                ActionKind.ACCEPT,
                {"post_id": post_id, "post_number": number, "before": None},
            )
        )
    for kind, data in follow:
        data["after"] = entry.id
        store.enqueue(forum, kind, qid, data, at=at)
        store.patch_thread(forum, qid, partial(_apply_to, kind, data), rules)


def _apply_to(kind: ActionKind, payload: dict[str, Any], thread: Thread) -> Thread:
    """:func:`apply_action` with the thread last (for :func:`functools.partial`)."""
    return apply_action(kind, payload, thread)


def _mirror_article(
    store: Store,
    forum: str,
    rules: TriageRules,
    article: KbArticle,
    payload: dict[str, Any],
    me: str,
    now: datetime,
) -> None:
    """Put a just-published article in the store, so it is found at once."""
    category = store.kb_category_id(forum)
    if category is None:
        return  # the next sync brings it
    author = Person(me, me, Role.STAFF)
    created = article.created_at or now
    question = Question(
        id=article.id, title=article.title, category_id=category, author=author,
        created_at=created, last_posted_at=created, updated_at=created,
        posts_count=1, last_poster=author, tags=tuple(article.tags),
        url=article.url, is_kb=True,
    )  # fmt: skip
    post = Post(-article.id, article.id, 1, author, created,  # until the sync
                article.body or str(payload.get("body", "")), wiki=True)  # fmt: skip
    store.save_threads(forum, [Thread(question, (post,))], rules, {article.id: ""})


def reapply_pending(
    store: Store, forum: str, rules: TriageRules, question_ids: Iterable[int]
) -> None:
    """Show the actions still on their way again in threads just stored from
    the forum (which does not have them yet), so the inbox keeps showing them."""
    wanted = set(question_ids)
    if not wanted:
        return
    waiting = [OutboxState.QUEUED, OutboxState.SENDING, OutboxState.HELD]
    only = next(iter(wanted)) if len(wanted) == 1 else None  # (a push's check)
    for entry in store.entries(forum, waiting, only):
        if entry.kind is ActionKind.REPLY or entry.question_id not in wanted:
            continue

        def redo(thread: Thread, e: OutboxEntry = entry) -> Thread:
            return apply_action(e.kind, e.payload, thread)

        store.patch_thread(forum, entry.question_id, redo, rules)


def apply_action(
    kind: ActionKind, payload: dict[str, Any], thread: Thread, *, undo: bool = False
) -> Thread:
    """``thread`` as it is once the action is done (or undone, with ``undo``)."""
    q = thread.question
    before = payload.get("before")
    match kind:
        case ActionKind.ACCEPT | ActionKind.UNACCEPT:
            done = payload["post_id"] if kind is ActionKind.ACCEPT else None
            accepted = before if undo else done
            posts = tuple(replace(p, accepted=p.id == accepted) for p in thread.posts)
            q = replace(q, accepted_post_id=accepted,
                        has_accepted_answer=accepted is not None)  # fmt: skip
            return Thread(q, posts)
        case ActionKind.ASSIGN:
            q = replace(q, assigned_to=before if undo else payload.get("username"))
        case ActionKind.TAGS:
            q = replace(q, tags=tuple((before or []) if undo else payload["tags"]))
        case ActionKind.CLOSE | ActionKind.REOPEN:
            q = replace(q, closed=(kind is ActionKind.CLOSE) != undo)
    return Thread(q, thread.posts)


def landed(kind: ActionKind, payload: dict[str, Any], thread: Thread) -> bool:
    """True when ``thread`` already shows the action done."""
    q = thread.question
    match kind:
        case ActionKind.ACCEPT:
            return bool(q.accepted_post_id == payload["post_id"])
        case ActionKind.UNACCEPT:
            return bool(q.accepted_post_id != payload["post_id"])
        case ActionKind.ASSIGN:
            return q.assigned_to == payload.get("username")
        case ActionKind.TAGS:
            return sorted(q.tags) == sorted(payload["tags"])
        case ActionKind.CLOSE:
            return q.closed
        case ActionKind.REOPEN:
            return not q.closed
    return False


def with_post(thread: Thread, post: Post) -> Thread:
    """``thread`` with our sent reply in it (unless it is there already)."""
    if any(p.id == post.id for p in thread.posts):
        return thread
    q = thread.question
    q = replace(q, posts_count=q.posts_count + 1, last_posted_at=post.created_at,
                last_poster=post.author)  # fmt: skip
    return Thread(q, (*thread.posts, post))
