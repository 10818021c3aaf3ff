"""Check the fake Discourse's requests and answers against Discourse's OpenAPI spec.

A compact validator for the JSON Schema subset ``openapi.json`` uses: ``type``
(one or a list), ``properties``, ``required``, ``additionalProperties`` (bool
or schema), ``items``, ``enum``, ``minItems``, ``uniqueItems``, ``pattern``,
``format`` (date-time, email), plus ``anyOf`` for our overlay. ``integer``
refuses booleans and floats, so a wrong field type fails.

The spec is strict (``additionalProperties: false`` nearly everywhere) but
incomplete: it documents only the 200 answers of core routes, without plugin
fields, error bodies or the plugin routes. What API-NOTES.md documents beyond
it is added here, each entry naming its section: ``OVERLAY`` widens or extends
a spec schema, ``EXTRA`` gives schemas for answers the spec lacks, ``ALIASES``
maps a route to the spec route whose schema it shares. An answer with no schema
at all fails: the fake cannot serve something nobody documented.

:func:`complete` fills the *required* fields the fake leaves out with neutral
values (``null`` where allowed, else ``""``/``0``/``false``/``[]``/``{}``), so
the fake spells out only what the adapter reads; every field it does send is
checked as it is.
"""

from __future__ import annotations

import copy
import json
import os
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

Schema = dict[str, Any]

SPEC_FILE = Path(
    os.environ.get(
        "DESKAPP_OPENAPI", Path(__file__).parent / "data" / "discourse-openapi.json"
    )
)
"""Discourse's published spec (discourse/discourse_api_docs, commit 6737ac2,
MIT licence beside it in tests/data)."""


def _t(*kinds: str) -> Schema:
    """A schema of one JSON type, or of any of several."""
    return {"type": kinds[0] if len(kinds) == 1 else list(kinds)}


def _obj(props: dict[str, Schema], *required: str, closed: bool = True) -> Schema:
    """An object schema; ``closed`` forbids fields not listed."""
    schema: Schema = {"type": "object", "properties": props, "required": list(required)}
    return {**schema, "additionalProperties": False} if closed else schema


def _enum(*values: str) -> Schema:
    """One of these strings."""
    return {"enum": list(values)}


STR, INT, BOOL = _t("string"), _t("integer"), _t("boolean")
_USER = _obj({"id": INT, "username": STR, "name": _t("string", "null"),
              "avatar_template": STR}, "id", "username", closed=False)  # fmt: skip
_TAG = _obj({"id": INT, "name": STR, "slug": STR}, "name", closed=False)
_TAGS = {"type": "array", "items": {"anyOf": [STR, _TAG]}}
_STRINGS = {"type": "array", "items": STR}

ALIASES: dict[tuple[str, str], tuple[str, str]] = {
    # §3: a filter inside a category serves the category's topic list
    ("GET", "/c/{path}/{id}/l/latest.json"): ("GET", "/c/{slug}/{id}.json"),
}

_LIST_ITEM = {
    "tags": _TAGS,  # §3: strings on older cores, objects on current ones
    "has_accepted_answer": BOOL,  # §3, §10 solved
    "assigned_to_user": _USER,  # §3, §10 assign
}
_POST = {
    "raw": STR,  # §5 include_raw=true
    # the spec says string; core sends a number
    "reply_to_post_number": _t("integer", "null"),
    "accepted_answer": BOOL,  # §5 solved
    "can_accept_answer": BOOL,
    "can_unaccept_answer": BOOL,
    "topic_accepted_answer": BOOL,
}
_ACCEPTED = {**_obj({"post_number": INT, "username": STR, "name": _t("string", "null"),
             "excerpt": STR}, "post_number", closed=False), "type": ["object", "null"]}  # fmt: skip
_MORE = ("topic_list", {"more_topics_url": STR})  # §3

OVERLAY: dict[tuple[str, str, str], list[tuple[str, Schema]]] = {
    ("GET", "/c/{slug}/{id}.json", "200"): [_MORE, ("topic_list.topics[]", _LIST_ITEM)],
    ("GET", "/latest.json", "200"): [_MORE, ("topic_list.topics[]", _LIST_ITEM)],
    ("GET", "/t/{id}.json", "200"): [
        ("", {"tags": _TAGS, "accepted_answer": _ACCEPTED, "assigned_to_user": _USER}),
        ("post_stream.posts[]", _POST),
    ],
    ("GET", "/t/{id}/posts.json", "200"): [("post_stream.posts[]", _POST)],
    ("POST", "/posts.json", "200"): [("", _POST)],
    ("GET", "/posts/{id}.json", "200"): [("", _POST)],
    ("POST", "/post_actions.json", "200"): [("", _POST)],
    # request bodies: §6 tags of a new topic, §8 tags through the topic update
    ("POST", "/posts.json", "request"): [("", {"tags": _STRINGS})],
    ("PUT", "/t/-/{id}.json", "request"): [("", {"tags": _STRINGS})],
    # core PostActionsController#create passes message on to PostActionCreator:
    # the text of a flag to the moderators (notify_moderators, type 7)
    ("POST", "/post_actions.json", "request"): [("", {"message": STR})],
}

# §12 core JsonError; §11 the extras of a 429
_ERROR = _obj({
    "errors": {"type": "array", "minItems": 1, "items": STR},
    "error_type": STR,
    "extras": {**_obj({"wait_seconds": INT, "time_left": STR}, closed=False),
               "type": ["object", "null"]},
    "action": STR,
}, "errors")  # fmt: skip
_OK = _obj({"success": _enum("OK")}, "success")
_TARGET = {"target_id": INT, "target_type": _enum("Topic", "Post"), "username": STR}
# §13 PresenceChannelStateSerializer: users are BasicUsers (absent when hidden)
_PRESENCE = {**_obj({"users": {"type": "array", "items": _USER}, "count": INT,
             "last_message_id": INT}, "count", "last_message_id"),
             "type": ["object", "null"]}  # fmt: skip
# §10 discourse-templates TemplatesSerializer; tags only when tagging is on
_TEMPLATE = _obj({"id": INT, "title": STR, "slug": STR, "content": STR, "tags": _STRINGS,
                  "usages": _t("integer", "null")},
                 "id", "title", "slug", "content", "usages")  # fmt: skip
_CURRENT = _obj({"id": INT, "username": STR, "name": _t("string", "null"), "admin": BOOL,
                 "moderator": BOOL, "can_assign": BOOL, "can_use_templates": BOOL},
                "id", "username", "admin", "moderator", closed=False)  # fmt: skip

_RUN = "/admin/plugins/explorer/queries/{id}/run.json"

EXTRA: dict[tuple[str, str, str], Schema | None] = {
    # Routes absent from the spec (plugins, presence, message bus): their
    # schemas are written from API-NOTES and the serializers it names, as
    # closed as those are known; bodies of errors fall back to _ERROR.
    # §1 the current user; can_assign / can_use_templates are added by the
    # assign and templates plugins to CurrentUserSerializer
    ("GET", "/session/current.json", "200"): _obj({"current_user": _CURRENT}, "current_user"),
    ("GET", "/solution/by_user.json", "200"): _obj({"user_solved_posts": _t("array")}, "user_solved_posts"),  # §10
    ("GET", "/presence/get", "200"): {"type": "object", "additionalProperties": _PRESENCE},  # §13
    ("POST", "/solution/accept.json", "200"): _OK,  # §10
    ("POST", "/solution/unaccept.json", "200"): _OK,  # §10
    ("GET", "/discourse_templates.json", "200"): _obj(
        {"templates": {"type": "array", "items": _TEMPLATE}}, "templates"),  # §10
    ("PUT", "/assign/assign.json", "200"): _OK,  # §10
    ("PUT", "/assign/unassign.json", "200"): _OK,
    ("PUT", "/assign/assign.json", "400"): _obj({"error": STR}, "error"),  # §10, §12
    ("PUT", "/posts/{id}/wiki", "200"): None,  # §7: 200 with an empty body
    # §13 message bus: an array of {global_id, message_id, channel, data}
    ("POST", "/message-bus/{client_id}/poll", "200"): {"type": "array", "items": _obj(
        {"global_id": INT, "message_id": INT, "channel": STR, "data": {}},
        "global_id", "message_id", "channel", "data", closed=False)},
    ("POST", "/message-bus/{client_id}/poll", "request"): {
        "type": "object", "additionalProperties": INT},
    # §10 data explorer: a result, or 422 {success: false, errors} on a SQL error
    ("POST", _RUN, "200"): _obj({
        "success": BOOL, "errors": _STRINGS, "duration": _t("number"),
        "result_count": INT, "params": _t("object"), "columns": _STRINGS,
        "default_limit": INT, "relations": _t("object"), "colrender": _t("object"),
        "rows": {"type": "array", "items": _t("array")},
    }, "success", "errors", "result_count", "columns", "rows"),
    ("POST", _RUN, "422"): _obj({"success": {"enum": [False]}, "errors": {
        "type": "array", "minItems": 1, "items": STR}}, "success", "errors"),
    ("POST", _RUN, "request"): _obj({"params": STR, "limit": {"anyOf": [INT, _enum("ALL")]},
                                     "explain": _enum("true"), "download": _enum("true")},
                                    "params"),
    # request bodies the spec does not describe
    ("POST", "/solution/accept.json", "request"): _obj({"id": INT}, "id"),
    ("POST", "/solution/unaccept.json", "request"): _obj({"id": INT}, "id"),
    ("PUT", "/assign/assign.json", "request"): _obj(_TARGET, "target_id", "target_type", "username"),
    ("PUT", "/assign/unassign.json", "request"): _obj(_TARGET, "target_id", "target_type"),
    ("PUT", "/posts/{id}/wiki", "request"): _obj({"wiki": _enum("true", "false")}, "wiki"),  # §2, §7
}  # fmt: skip


# --- the validator ------------------------------------------------------------


def _is(value: Any, kind: str) -> bool:
    """JSON type test; booleans are not numbers."""
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "boolean": isinstance(value, bool),
        "null": value is None,
    }.get(kind, False)


def _format_ok(value: str, fmt: str) -> bool:
    """The two string formats the spec uses."""
    if fmt == "date-time":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return False
    return fmt != "email" or "@" in value


def errors(value: Any, schema: Schema, at: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema``, as ``path: problem`` lines."""
    if "anyOf" in schema and all(errors(value, s, at) for s in schema["anyOf"]):
        return [f"{at}: matches none of anyOf"]
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if kinds and not any(_is(value, k) for k in kinds):
        return [f"{at}: {type(value).__name__} {value!r:.60} is not {kinds}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{at}: {value!r} not in {schema['enum']}"]
    if isinstance(value, str):
        return _string_errors(value, schema, at)
    if isinstance(value, list):
        return _array_errors(value, schema, at)
    if isinstance(value, dict):
        return _object_errors(value, schema, at)
    return []


def _string_errors(value: str, schema: Schema, at: str) -> list[str]:
    """pattern and format."""
    found = []
    if "pattern" in schema and not re.search(schema["pattern"], value):
        found.append(f"{at}: {value!r} does not match {schema['pattern']}")
    if "format" in schema and not _format_ok(value, schema["format"]):
        found.append(f"{at}: {value!r} is not a {schema['format']}")
    return found


def _array_errors(value: list[Any], schema: Schema, at: str) -> list[str]:
    """minItems, uniqueItems and items."""
    found = []
    if len(value) < schema.get("minItems", 0):
        found.append(f"{at}: fewer than {schema['minItems']} items")
    if schema.get("uniqueItems") and len({json.dumps(v) for v in value}) < len(value):
        found.append(f"{at}: items are not unique")
    for n, item in enumerate(value):
        found += errors(item, schema.get("items") or {}, f"{at}[{n}]")
    return found


def _object_errors(value: dict[str, Any], schema: Schema, at: str) -> list[str]:
    """required, properties and additionalProperties."""
    props = schema.get("properties", {})
    found = [
        f"{at}: missing {k!r}" for k in schema.get("required", []) if k not in value
    ]
    extra = schema.get("additionalProperties", True)
    for key, item in value.items():
        if key in props:
            found += errors(item, props[key], f"{at}.{key}")
        elif extra is False:
            found.append(f"{at}: unexpected field {key!r}")
        elif isinstance(extra, dict):
            found += errors(item, extra, f"{at}.{key}")
    return found


# --- schemas for routes -------------------------------------------------------


@cache
def _spec() -> dict[str, Any]:
    """The OpenAPI document (fails loudly when it is not where expected)."""
    if not SPEC_FILE.is_file():
        raise FileNotFoundError(
            f"Discourse's openapi.json is not at {SPEC_FILE}: set DESKAPP_OPENAPI"
        )
    data: dict[str, Any] = json.loads(SPEC_FILE.read_text(encoding="utf-8"))
    return data


def _patch(schema: Schema, patches: list[tuple[str, Schema]]) -> Schema:
    """A copy of ``schema`` with overlay properties set at dotted pointers."""
    schema = copy.deepcopy(schema)
    for pointer, props in patches:
        node = schema
        for part in filter(None, pointer.split(".")):
            name, is_items = part.removesuffix("[]"), part.endswith("[]")
            node = node["properties"][name] if name else node
            node = node["items"] if is_items else node
        node.setdefault("properties", {}).update(copy.deepcopy(props))
    return schema


@cache
def _schema(method: str, route: str, status: str) -> Schema | None:
    """The schema of one answer (status) or request body (``"request"``)."""
    if (method, route, status) in EXTRA:
        return EXTRA[method, route, status]
    m, r = ALIASES.get((method, route), (method, route))
    operation = _spec()["paths"].get(r, {}).get(m.lower())
    if operation is None and status == "request":
        raise AssertionError(f"no documented request body for {method} {route}")
    if status == "request":
        body = operation.get("requestBody", {}) if operation else {}
        found = body.get("content", {}).get("application/json", {}).get("schema")
    else:
        answer = (operation or {}).get("responses", {}).get(status, {})
        found = answer.get("content", {}).get("application/json", {}).get("schema")
    if found is None:
        if status.startswith(("4", "5")):
            return _ERROR
        raise AssertionError(f"no documented schema for {method} {route} {status}")
    return _patch(found, OVERLAY.get((m, r, status), []))


# --- what the fake calls ------------------------------------------------------


def _default(schema: Schema) -> Any:
    """A neutral value of the schema's type, its required fields filled."""
    kinds = schema.get("type") or ["object"]
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if "enum" in schema:
        return schema["enum"][0]
    if "null" in kinds:
        return None
    neutral = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": []}
    if kinds[0] in neutral:
        return copy.copy(neutral[kinds[0]])
    return _fill({}, schema)


def _fill(value: Any, schema: Schema) -> Any:
    """``value`` with every missing required field added, at every depth."""
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                value[key] = _default(props.get(key, {}))
        for key, item in value.items():
            if key in props:
                _fill(item, props[key])
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            _fill(item, schema["items"])
    return value


def response_schema(method: str, route: str, status: int) -> Schema:
    """The documented schema of an answer with a body."""
    schema = _schema(method, route, str(status))
    assert schema is not None, f"{method} {route} {status} has no body"
    return schema


def complete(method: str, route: str, status: int, body: Any) -> Any:
    """``body`` with the required fields the fake left out filled in."""
    schema = _schema(method, route, str(status))
    return body if schema is None else _fill(body, schema)


def check_response(
    method: str, route: str, status: int, body: Any, headers: dict[str, str]
) -> None:
    """Fail unless the answer matches its documented schema and headers."""
    schema = _schema(method, route, str(status))
    if schema is None:
        assert body is None, f"{method} {route} {status} must have an empty body"
        return
    if status == 429 and "Retry-After" in headers:
        assert re.fullmatch(r"\d+", headers["Retry-After"]), "Retry-After: seconds"
    problems = errors(body, schema)
    assert not problems, f"{method} {route} {status}:\n" + "\n".join(problems[:20])


def mega_post_stream_schema() -> Schema:
    """The ``post_stream`` of a mega topic's view (10,000 posts or more, core
    TopicView#is_mega_topic?): PostStreamSerializerMixin sends ``isMegaTopic``,
    ``firstId`` and ``lastId`` instead of ``stream``, which the published spec
    does not know; its posts are the spec's posts."""
    view = response_schema("GET", "/t/{id}.json", 200)
    posts = view["properties"]["post_stream"]["properties"]["posts"]
    return _obj(
        {"posts": posts, "isMegaTopic": {"type": "boolean", "enum": [True]},
         "firstId": INT, "lastId": INT},
        "posts", "isMegaTopic", "firstId", "lastId",
    )  # fmt: skip


def check_mega_post_stream(value: Any) -> None:
    """Fail unless ``value`` is a mega topic's ``post_stream`` as core sends it."""
    problems = errors(value, mega_post_stream_schema())
    assert not problems, "mega post_stream:\n" + "\n".join(problems[:20])


def check_request(method: str, route: str, body: Any) -> None:
    """Fail unless a request body matches its documented schema."""
    schema = _schema(method, route, "request")
    problems = errors(body, schema or {})
    assert not problems, f"{method} {route} request:\n" + "\n".join(problems[:20])


def check_malformed(content: bytes) -> None:
    """Fail unless a deliberately broken answer really is not JSON."""
    try:
        json.loads(content)
    except ValueError:
        return
    raise AssertionError(f"meant to be malformed, but is JSON: {content[:60]!r}")
