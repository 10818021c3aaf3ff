"""The success figures from a server-side query (Discourse Data Explorer).

On a large forum, downloading every topic of a period to count it is what the
desk must not do. When ``[forums.NAME.data_explorer] success_query`` names a
saved query holding ``deskapp/sql/success_figures.sql``, the forum's database
answers with one small row per question asked in the period: when it was
asked, its first reply by someone other than the asker and that person's
role, its first reply by staff or an adviser, when the accepted answer was
written, and whether a referral tag marks it.

The rows carry timestamps, not durations: working hours (weekends, Dutch
public holidays, the edges of the day) are computed here, exactly as for the
local figures. Each row becomes an :class:`AskedQuestion` with the few posts
that decide its figures, so :func:`deskapp.successfigures.success_figures`
computes both kinds the same way. The query's period is in whole UTC days
around ``[since, until)``; that function trims it to the minute.
Knowledge-base activity and overdue questions stay local: they come from the
desk's own store and the backlog.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any, Protocol

from deskapp.config import ForumProfile
from deskapp.errors import BadResponseError
from deskapp.forum.discourse_parse import parse_time
from deskapp.models import Role, State
from deskapp.successfigures import (
    REFERRAL_TAGS,
    AskedQuestion,
    KbActivity,
    PostMark,
    SuccessFigures,
    success_figures,
)
from deskapp.workhours import WorkingHours

__all__ = [
    "COLUMNS",
    "QueryRunner",
    "asked_from_rows",
    "query_params",
    "server_success_figures",
    "success_sql",
]

COLUMNS = (
    "topic_id", "created_at", "first_reply_at", "first_reply_role",
    "first_answer_at", "first_answer_role", "accepted_at", "referred",
)  # fmt: skip
"""The columns the query answers with (deskapp/sql/success_figures.sql)."""
NONE = "-"
"""The query's word for an empty list of groups."""
_ROLES = {"staff": Role.STAFF, "adviser": Role.ADVISER, "peer": Role.PEER}


class QueryRunner(Protocol):
    """What runs a saved query: :meth:`DiscourseForum.run_query`."""

    name: str

    async def run_query(
        self, query_id: int, params: Mapping[str, str]
    ) -> list[dict[str, Any]]: ...


def success_sql() -> str:
    """The query to install in the Data Explorer."""
    sql = resources.files("deskapp") / "sql" / "success_figures.sql"
    return sql.read_text(encoding="utf-8")


def _listed(values: Sequence[str], empty: str) -> str:
    """Names as the query takes them: comma-separated, or ``empty``."""
    return ",".join(values) or empty


def query_params(
    profile: ForumProfile, since: datetime, until: datetime
) -> dict[str, str]:
    """The query's parameters: whole UTC days covering ``[since, until)``."""
    first = since.astimezone(UTC).date()
    after = until.astimezone(UTC).date() + timedelta(days=1)
    return {
        "since": first.isoformat(),
        "until": after.isoformat(),
        "staff_groups": _listed(profile.staff_groups, NONE),
        "adviser_groups": _listed(profile.adviser_groups, NONE),
        "categories": _listed(profile.watched_categories, "*"),
        "kb_category": profile.kb_category,
        "referral_tags": _listed(REFERRAL_TAGS, NONE),
    }


def _when(row: Mapping[str, Any], column: str) -> datetime | None:
    """A timestamp column (naive ones are UTC, as Discourse stores them)."""
    value = row[column]
    return None if value is None else parse_time(value)


def _role(row: Mapping[str, Any], column: str) -> Role:
    """A role column: staff, adviser or peer."""
    role = _ROLES.get(row[column])
    if role is None:
        raise ValueError(f"{column} {row[column]!r} is not staff, adviser or peer")
    return role


def _question(row: Mapping[str, Any]) -> AskedQuestion:
    """One row as a question with the posts that decide its figures.

    Post 2 is the first reply by anyone but the asker, post 3 the first by
    staff or an adviser (possibly the same reply), post 4 the accepted answer
    (marked as the asker's, so that it never counts as a first reply).
    """
    asked, posts = parse_time(row["created_at"]), []
    posts.append(PostMark(1, Role.CLIENT, asked))
    if (at := _when(row, "first_reply_at")) is not None:
        posts.append(PostMark(2, _role(row, "first_reply_role"), at))
    if (at := _when(row, "first_answer_at")) is not None:
        posts.append(PostMark(3, _role(row, "first_answer_role"), at))
    accepted = _when(row, "accepted_at")
    if accepted is not None:
        posts.append(PostMark(4, Role.CLIENT, accepted, accepted=True))
    if not isinstance(row["topic_id"], int) or not isinstance(row["referred"], bool):
        raise ValueError("topic_id must be a number and referred true or false")
    return AskedQuestion(
        id=row["topic_id"],
        created_at=asked,
        state=State.SOLVED if accepted is not None else State.WAITING_STAFF,
        posts=tuple(posts),
        tags=REFERRAL_TAGS[:1] if row["referred"] else (),
    )


def asked_from_rows(
    rows: Sequence[Mapping[str, Any]], where: str
) -> list[AskedQuestion]:
    """The questions of the query's rows; BadResponseError when the saved
    query is not (this version of) deskapp's."""
    fix = "install deskapp/sql/success_figures.sql again (see README)."
    questions = []
    for row in rows:
        missing = [c for c in COLUMNS if c not in row]
        if missing:
            raise BadResponseError(f"{where}: no column {missing[0]}: {fix}")
        try:
            questions.append(_question(row))
        except (TypeError, ValueError) as err:
            shown = json.dumps(row.get("topic_id"))
            raise BadResponseError(f"{where}: row {shown}: {err}; {fix}") from err
    return questions


async def server_success_figures(
    forum: QueryRunner,
    profile: ForumProfile,
    hours: WorkingHours,
    *,
    since: datetime,
    until: datetime,
    kb: KbActivity,
    overdue_ids: Sequence[int] = (),
) -> SuccessFigures:
    """The figures of ``[since, until)`` from the profile's success query."""
    query = profile.data_explorer.success_query
    if query is None:
        raise ValueError(f"forums.{profile.name} names no data explorer query")
    rows = await forum.run_query(query, query_params(profile, since, until))
    asked = asked_from_rows(rows, f"{forum.name}: data explorer query {query}")
    return success_figures(
        asked, kb, hours, since=since, until=until, overdue_ids=overdue_ids
    )
