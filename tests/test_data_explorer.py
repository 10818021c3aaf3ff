"""Success figures from the Data Explorer: the adapter's run_query against the
fake forum, and the query's rows turned into the same figures as the local
store's, over a timeline computed by hand.

Working hours are the defaults: 08:30-17:00 Monday to Friday in
Europe/Amsterdam, minus Dutch public holidays (Koningsdag: Monday 27 April
2026). Times below are Amsterdam wall-clock time (CEST, UTC+2).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from deskapp.config import DataExplorerQueries
from deskapp.errors import BadResponseError, ConflictError, NotFoundError
from deskapp.forum.discourse import DiscourseForum
from deskapp.forum.pacing import RequestBudget
from deskapp.models import Role, State
from deskapp.successfigures import AskedQuestion, KbActivity, PostMark, success_figures
from deskapp.successfigures_server import (
    COLUMNS,
    asked_from_rows,
    query_params,
    server_success_figures,
    success_sql,
)
from deskapp.workhours import WorkingHours
from tests.discourse_fake import API_KEY, FakeDiscourse, werkplein_forum
from tests.test_discourse_adapter import PROFILE

AMS = ZoneInfo("Europe/Amsterdam")
HOURS = WorkingHours()
QUERY = 12
EXPLORED = replace(PROFILE, data_explorer=DataExplorerQueries(success_query=QUERY))


def at(local: str) -> datetime:
    """A moment written as Amsterdam wall-clock time, in UTC."""
    return datetime.fromisoformat(local).replace(tzinfo=AMS).astimezone(UTC)


def dx(local: str | None) -> str | None:
    """A timestamp as the Data Explorer writes it: UTC, milliseconds, Z."""
    return None if local is None else at(local).strftime("%Y-%m-%dT%H:%M:%S.000Z")


SINCE, UNTIL = at("2026-04-24 00:00"), at("2026-04-30 12:00")

# (id, asked, first reply, its role, first staff/adviser reply, its role,
#  accepted post written at, referred)
TIMELINE: list[tuple[Any, ...]] = [
    # Friday 16:00; answered by staff on Tuesday 09:30 after the weekend and
    # Koningsdag: 1 h on Friday + 1 h on Tuesday; that answer is accepted
    (1, "2026-04-24 16:00", "2026-04-28 09:30", "staff",
     "2026-04-28 09:30", "staff", "2026-04-28 09:30", False),
    # Tuesday 08:00, before opening; an adviser at 10:30: 2 h; referred
    (2, "2026-04-28 08:00", "2026-04-28 10:30", "adviser",
     "2026-04-28 10:30", "adviser", None, True),
    # Wednesday 12:00; nobody but the asker replied
    (3, "2026-04-29 12:00", None, None, None, None, None, False),
    # Wednesday 13:00; a peer at 14:00 (accepted: solved in 1 h), staff at 16:00: 3 h
    (4, "2026-04-29 13:00", "2026-04-29 14:00", "peer",
     "2026-04-29 16:00", "staff", "2026-04-29 14:00", False),
    # Thursday 23:30 the day before the period: in the query's whole UTC days,
    # not in the period
    (5, "2026-04-23 23:30", "2026-04-24 09:00", "staff",
     "2026-04-24 09:00", "staff", None, False),
    # Thursday 09:00; staff answered at 13:00, after the report's moment
    (6, "2026-04-30 09:00", "2026-04-30 13:00", "staff",
     "2026-04-30 13:00", "staff", None, False),
]  # fmt: skip


def rows() -> list[list[Any]]:
    """The timeline as the query's rows (column order of COLUMNS)."""
    return [
        [qid, dx(asked), dx(reply), who, dx(answer), pro, dx(accepted), referred]
        for qid, asked, reply, who, answer, pro, accepted, referred in TIMELINE
    ]


def as_dicts() -> list[dict[str, Any]]:
    return [dict(zip(COLUMNS, row, strict=True)) for row in rows()]


@pytest.fixture
def fake() -> FakeDiscourse:
    forum = werkplein_forum()
    forum.queries[QUERY] = (list(COLUMNS), rows())
    return forum


@pytest.fixture
async def forum(fake: FakeDiscourse) -> AsyncIterator[DiscourseForum]:
    adapter = DiscourseForum(
        EXPLORED, transport=fake.transport(), api_key=API_KEY,
        budget=RequestBudget(10_000),
    )  # fmt: skip
    yield adapter
    await adapter.aclose()


# -- the adapter --------------------------------------------------------------


async def test_run_query_answers_rows_by_column(
    forum: DiscourseForum, fake: FakeDiscourse
) -> None:
    found = await forum.run_query(QUERY, {"since": "2026-04-23", "until": "2026-05-01"})
    assert found == as_dicts()
    assert fake.query_params == [{"since": "2026-04-23", "until": "2026-05-01"}]
    method, path, body = fake.bodies[-1]
    assert (method, path) == (
        "POST",
        f"/admin/plugins/explorer/queries/{QUERY}/run.json",
    )
    assert body["limit"] == "ALL"  # the plugin's default would cut at 1000 rows


async def test_a_sql_error_is_refused_with_the_forums_words(
    forum: DiscourseForum, fake: FakeDiscourse
) -> None:
    error = {"success": False, "errors": ['relation "discourse_solved" does not exist']}
    fake.fail("POST", r"/admin/plugins/explorer/.*", 422, error,
              route="/admin/plugins/explorer/queries/{id}/run.json")  # fmt: skip
    with pytest.raises(ConflictError, match='discourse_solved" does not exist'):
        await forum.run_query(QUERY, {})


async def test_an_unknown_query_names_the_config_key(forum: DiscourseForum) -> None:
    with pytest.raises(NotFoundError, match=r"forums\.werkplein\.data_explorer"):
        await forum.run_query(99, {})


async def test_a_forum_without_the_plugin_names_the_config_key(
    forum: DiscourseForum, fake: FakeDiscourse
) -> None:
    fake.plugins_off.add("explorer")
    with pytest.raises(NotFoundError, match="no data explorer query 12"):
        await forum.run_query(QUERY, {})


# -- the figures --------------------------------------------------------------


async def test_server_figures_match_the_hand_computed_ones(
    forum: DiscourseForum, fake: FakeDiscourse
) -> None:
    kb = KbActivity(published=(40,), links=((2, 40),))
    figures = await server_success_figures(
        forum, EXPLORED, HOURS, since=SINCE, until=UNTIL, kb=kb, overdue_ids=[3]
    )
    out = figures.as_dict()
    assert out["questions"] == 5  # 1, 2, 3, 4, 6: not 5, asked the day before
    assert out["first_answer"] == {"answered": 3, "median_hours": 2.0, "p90_hours": 3.0}
    assert {k: v["count"] for k, v in out["first_by"].items()} == {
        "staff": 1, "adviser": 1, "peer": 1, "none": 2,
    }  # fmt: skip
    assert out["solved"] == {"count": 2, "rate": 0.4, "timed": 2, "median_hours": 1.0}
    assert figures.solve_hours == (2.0, 1.0)
    assert out["referred"]["count"] == 1
    assert out["knowledge_base"]["published"] == 1
    assert out["overdue"] == {"count": 1, "ids": [3]}
    assert fake.query_params[0]["since"] == "2026-04-23"  # local midnight is 22:00 UTC
    assert fake.query_params[0]["until"] == "2026-05-01"


def _full_threads() -> list[AskedQuestion]:
    """The same timeline as whole threads in the local store, with the
    asker's own follow-ups that the query leaves out."""
    client = Role.CLIENT

    def q(qid: int, asked: str, *posts: PostMark, **kw: Any) -> AskedQuestion:
        first = PostMark(1, client, at(asked))
        return AskedQuestion(qid, at(asked), kw.pop("state", State.WAITING_STAFF),
                             (first, *posts), **kw)  # fmt: skip

    return [
        q(1, "2026-04-24 16:00", PostMark(2, client, at("2026-04-25 10:00")),
          PostMark(3, Role.STAFF, at("2026-04-28 09:30"), accepted=True),
          state=State.SOLVED),
        q(2, "2026-04-28 08:00", PostMark(2, Role.ADVISER, at("2026-04-28 10:30")),
          PostMark(3, Role.PEER, at("2026-04-28 11:00")), tags=("Doorverwezen",)),
        q(3, "2026-04-29 12:00", PostMark(2, client, at("2026-04-29 12:30"))),
        q(4, "2026-04-29 13:00", PostMark(2, Role.PEER, at("2026-04-29 14:00"),
          accepted=True), PostMark(3, client, at("2026-04-29 15:00")),
          PostMark(4, Role.STAFF, at("2026-04-29 16:00")), state=State.SOLVED),
        q(5, "2026-04-23 23:30", PostMark(2, Role.STAFF, at("2026-04-24 09:00"))),
        q(6, "2026-04-30 09:00", PostMark(2, Role.STAFF, at("2026-04-30 13:00"))),
    ]  # fmt: skip


def test_server_and_local_figures_agree() -> None:
    server = asked_from_rows(as_dicts(), "test")
    local = success_figures(
        _full_threads(), KbActivity(), HOURS, since=SINCE, until=UNTIL
    )
    assert (
        success_figures(server, KbActivity(), HOURS, since=SINCE, until=UNTIL) == local
    )


def test_rows_of_another_query_are_refused() -> None:
    old = [
        {k: v for k, v in row.items() if k != "first_answer_role"} for row in as_dicts()
    ]
    with pytest.raises(BadResponseError, match=r"no column first_answer_role.*install"):
        asked_from_rows(old, "werkplein")
    odd = [{**as_dicts()[0], "first_reply_role": "client"}]
    with pytest.raises(BadResponseError, match="row 1: first_reply_role 'client'"):
        asked_from_rows(odd, "werkplein")


def test_params_cover_the_period_in_whole_utc_days() -> None:
    params = query_params(EXPLORED, SINCE, UNTIL)
    assert params == {
        "since": "2026-04-23", "until": "2026-05-01",
        "staff_groups": "werkplein-medewerkers", "adviser_groups": "clientondersteuners",
        "categories": "werk-en-inkomen,zorg", "kb_category": "kennisbank",
        "referral_tags": "doorverwezen",
    }  # fmt: skip
    bare = replace(EXPLORED, adviser_groups=(), watched_categories=())
    assert query_params(bare, SINCE, UNTIL)["adviser_groups"] == "-"
    assert query_params(bare, SINCE, UNTIL)["categories"] == "*"


def test_the_installed_sql_declares_every_param_and_column() -> None:
    sql = success_sql()
    for name in query_params(EXPLORED, SINCE, UNTIL):
        assert f":{name} = " in sql.split("[params]")[1].split("WITH")[0]
    for column in COLUMNS:
        assert f"AS {column}" in sql or f"a.{column}" in sql


# -- the SQL itself, on PostgreSQL (set DESKAPP_TEST_PGHOST to a server) ------

PGHOST = os.environ.get("DESKAPP_TEST_PGHOST")
SCHEMA = """
CREATE TABLE users (id int PRIMARY KEY, username text, admin bool DEFAULT false,
                    moderator bool DEFAULT false);
CREATE TABLE groups (id int PRIMARY KEY, name text);
CREATE TABLE group_users (group_id int, user_id int);
CREATE TABLE categories (id int PRIMARY KEY, slug text, parent_category_id int,
                         topic_id int);
CREATE TABLE topics (id int PRIMARY KEY, user_id int, category_id int,
                     archetype text DEFAULT 'regular', created_at timestamp,
                     deleted_at timestamp);
CREATE TABLE posts (id serial PRIMARY KEY, topic_id int, user_id int,
                    post_number int, post_type int DEFAULT 1,
                    created_at timestamp, deleted_at timestamp);
CREATE TABLE tags (id int PRIMARY KEY, name text);
CREATE TABLE topic_tags (topic_id int, tag_id int);
CREATE TABLE discourse_solved_solved_topics (topic_id int, answer_post_id int);
INSERT INTO users (id, username, admin) VALUES (1, 'sanne', false), (2, 'beheer', true),
  (3, 'kim', false), (4, 'anouk', false), (5, 'mo', false), (6, 'buurman', false);
INSERT INTO groups VALUES (1, 'Werkplein-medewerkers'), (2, 'clientondersteuners');
INSERT INTO group_users VALUES (1, 1), (2, 3);
INSERT INTO categories VALUES (5, 'werk-en-inkomen', NULL, 1005), (6, 'zorg', NULL, NULL),
  (8, 'wmo', 6, NULL), (7, 'overig', NULL, NULL), (9, 'kennisbank', NULL, NULL);
INSERT INTO tags VALUES (1, 'Doorverwezen'), (2, 'spoed');
"""
# topic: (id, asker, category, asked, [(author, post type, written, deleted)],
#         accepted post number, tags, archetype)
TOPICS: list[tuple[Any, ...]] = [
    (1, 4, 5, "2026-04-24 16:00", [(4, 1, "2026-04-25 10:00", False),
     (1, 4, "2026-04-27 09:00", False), (1, 1, "2026-04-28 09:30", False)], 4, [2]),
    (2, 5, 8, "2026-04-28 08:00", [(6, 1, "2026-04-28 09:00", True),
     (3, 1, "2026-04-28 10:30", False), (6, 1, "2026-04-28 11:00", False)], None, [1]),
    (3, 4, 5, "2026-04-29 12:00", [(4, 1, "2026-04-29 12:30", False),
     (2, 3, "2026-04-29 12:40", False)], None, []),
    (4, 5, 6, "2026-04-29 13:00", [(6, 1, "2026-04-29 14:00", False),
     (5, 1, "2026-04-29 15:00", False), (2, 1, "2026-04-29 16:00", False)], 2, []),
    (5, 4, 5, "2026-04-23 23:30", [(1, 1, "2026-04-24 09:00", False)], None, []),
    (6, 5, 5, "2026-04-30 09:00", [(1, 1, "2026-04-30 13:00", False)], None, []),
    (7, 4, 9, "2026-04-28 10:00", [], None, []),  # in the knowledge base
    (8, 4, 7, "2026-04-28 10:00", [], None, []),  # not a watched category
    (1005, 2, 5, "2026-04-28 10:00", [], None, []),  # the category's About topic
    (9, 4, 5, "2026-04-22 10:00", [], None, []),  # before the query's days
]  # fmt: skip


def _utc(local: str) -> str:
    return at(local).strftime("'%Y-%m-%d %H:%M:%S'")


def _inserts() -> str:
    sql = [SCHEMA, "INSERT INTO topics VALUES (10, 4, 5, 'private_message', "
           f"{_utc('2026-04-28 10:00')}, NULL);"]  # fmt: skip
    for tid, asker, cat, asked, replies, accepted, tags in TOPICS:
        sql.append(
            f"INSERT INTO topics VALUES ({tid}, {asker}, {cat}, 'regular', {_utc(asked)}, NULL);"
        )
        posts = [(asker, 1, asked, False), *replies]
        for n, (who, kind, when, gone) in enumerate(posts, start=1):
            deleted = _utc(when) if gone else "NULL"
            sql.append(
                f"INSERT INTO posts VALUES ({tid * 100 + n}, {tid}, {who}, {n}, {kind}, {_utc(when)}, {deleted});"
            )
        if accepted:
            sql.append(
                f"INSERT INTO discourse_solved_solved_topics VALUES ({tid}, {tid * 100 + accepted});"
            )
        sql += [f"INSERT INTO topic_tags VALUES ({tid}, {tag});" for tag in tags]
    return "\n".join(sql)  # fmt: skip


def _bound(sql: str, params: dict[str, str]) -> str:
    """The query with its params bound as the Data Explorer binds them."""
    quoted = {k: "'" + v.replace("'", "''") + "'" for k, v in params.items()}
    return re.sub(r"(?<!:):(\w+)", lambda m: quoted.get(m[1], m[0]), sql)


@pytest.mark.skipif(PGHOST is None, reason="set DESKAPP_TEST_PGHOST to a PostgreSQL")
def test_the_sql_answers_the_rows_of_the_timeline() -> None:
    database = f"deskapp_test_{os.getpid()}"
    psql = [
        "psql",
        "-h",
        str(PGHOST),
        "-U",
        "postgres",
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
    ]
    subprocess.run([*psql, "-c", f"CREATE DATABASE {database}"], check=True)
    try:
        query = _bound(success_sql(), query_params(EXPLORED, SINCE, UNTIL))
        script = _inserts() + f"\nSELECT json_agg(q) FROM ({query}) q;"
        out = subprocess.run([*psql, "-d", database, "-At"], input=script,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    finally:
        subprocess.run([*psql, "-c", f"DROP DATABASE {database}"], check=True)
    answered = json.loads(out)
    assert [row["topic_id"] for row in answered] == [5, 1, 2, 3, 4, 6]
    by_id = sorted(asked_from_rows(answered, "pg"), key=lambda q: q.id)
    assert by_id == asked_from_rows(as_dicts(), "timeline")


def test_readme_shows_the_query_to_install() -> None:
    """The SQL an admin pastes is in README.md, exactly as the desk ships it."""
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    shipped = (root / "deskapp" / "sql" / "success_figures.sql").read_text("utf-8")
    block = readme.split("```sql\n", 1)[1].split("\n```", 1)[0]
    assert block == shipped.rstrip("\n")
