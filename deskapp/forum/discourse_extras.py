"""Discourse JSON for answering: group members, answer templates, presence.

Pure readers like :mod:`deskapp.forum.discourse_parse`, liberal in what they
accept: an unreadable entry is skipped (and logged), never the whole answer.

- ``/groups/{name}/members.json``: ``{members, owners, meta: {total}}`` [spec];
- ``/discourse_templates.json``: ``{templates: [{id, title, slug, content,
  tags?, usages}]}`` (API-NOTES §10; older plugins answer with the bare list);
- ``/presence/get``: ``{channel: {users, count, last_message_id} | null}``
  (§13; ``null`` when the caller may not see the channel or it does not exist);
- ``/posts/{id}.json``: ``actions_summary: [{id, count?, acted?, can_act?}]``
  [spec], where ``acted`` marks the caller's own like or flag of that type;
- ``/admin/plugins/explorer/queries/{id}/run.json``: ``{success, columns,
  rows: [[...]], result_count, ...}`` (§10 data explorer).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from deskapp.errors import BadResponseError
from deskapp.forum.discourse_parse import (
    Json,
    as_int,
    as_list,
    as_obj,
    as_str,
    tag_names,
)
from deskapp.i18n import _
from deskapp.models import Template, TemplateSource

__all__ = [
    "NOTIFY_MODERATORS",
    "acted",
    "group_people",
    "presence_users",
    "query_rows",
    "templates_from",
]

log = logging.getLogger(__name__)

NOTIFY_MODERATORS = 7
"""The post action type of a flag to the moderators with a message [spec]."""


def group_people(payload: object) -> tuple[dict[str, Json], int]:
    """One page of group members (and owners) by lower-cased username, and the total."""
    body = as_obj(payload)
    people: dict[str, Json] = {}
    for entry in as_list(body.get("members")) + as_list(body.get("owners")):
        user = as_obj(entry)
        name = as_str(user.get("username")).lower()
        if name:
            people.setdefault(name, user)
    return people, as_int(as_obj(body.get("meta")).get("total")) or 0


def templates_from(payload: object) -> list[Template]:
    """The forum's answer templates, in the forum's order (by title)."""
    entries = payload if isinstance(payload, list) else as_obj(payload).get("templates")
    found: list[Template] = []
    for entry in as_list(entries):
        data = as_obj(entry)
        tid, title = as_int(data.get("id")), as_str(data.get("title")).strip()
        body = data.get("content")
        if tid is None or not title or not isinstance(body, str):
            log.warning("skipping an unreadable forum template: %r", data.get("id"))
            continue
        found.append(
            Template(
                key=f"forum:{tid}",
                name=title,
                body=body,
                source=TemplateSource.FORUM,
                tags=tag_names(data.get("tags")),
                forum_id=tid,
            )
        )
    return found


def presence_users(payload: object, channel: str) -> list[Json]:
    """The user objects present on ``channel``; empty when it is null or absent."""
    state = as_obj(payload).get(channel)
    if not isinstance(state, Mapping):
        return []
    users = [as_obj(u) for u in as_list(state.get("users"))]
    return [u for u in users if as_str(u.get("username"))]


def acted(payload: object, action_type: int) -> bool:
    """True when a post's ``actions_summary`` marks ``action_type`` as ours."""
    for entry in as_list(as_obj(payload).get("actions_summary")):
        data = as_obj(entry)
        if as_int(data.get("id")) == action_type and data.get("acted") is True:
            return True
    return False


def query_rows(payload: object, where: str) -> list[dict[str, object]]:
    """A data explorer result as one dict per row, keyed by column name."""
    body = as_obj(payload)
    columns = body.get("columns")
    if body.get("success") is False or not isinstance(columns, list):
        raise BadResponseError(
            _("{where} answered without a result (no columns).").format(where=where)
        )
    names = [as_str(c) for c in columns]
    rows = []
    for row in as_list(body.get("rows")):
        if not isinstance(row, list) or len(row) != len(names):
            raise BadResponseError(
                _("{where} answered a row that fits no column list.").format(
                    where=where
                )
            )
        rows.append(dict(zip(names, row, strict=True)))
    return rows
