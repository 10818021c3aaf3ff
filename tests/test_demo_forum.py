"""DemoForum: the whole Forum protocol over the generated SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from deskapp.errors import AuthError, ConflictError, NotFoundError, UnavailableError
from deskapp.forum.base import Forum
from deskapp.forum.demo import DemoForum
from deskapp.forum.demo_seed import seed_demo_forum
from deskapp.models import Question, Role

NOW = datetime(2025, 3, 14, 10, 30, tzinfo=UTC)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A freshly generated 300-question forum file."""
    target = tmp_path / "forum.sqlite"
    seed_demo_forum(target, 300, now=NOW)
    return target


@pytest.fixture
async def forum(path: Path) -> AsyncIterator[DemoForum]:
    """The demo forum over ``path``, acting as the default staff account."""
    demo = DemoForum(path)
    yield demo
    await demo.aclose()


async def everything(forum: DemoForum, since: datetime | None = None) -> list[Question]:
    """Every question changed_questions yields, pages joined."""
    return [q async for page in forum.changed_questions(since) for q in page]


def topic_ids(path: Path, where: str) -> list[int]:
    """Topic ids from the file itself, for picking test subjects."""
    conn = sqlite3.connect(path)
    try:
        return [
            i
            for (i,) in conn.execute(f"SELECT id FROM topics WHERE {where} ORDER BY id")
        ]
    finally:
        conn.close()


async def test_is_a_forum(forum: DemoForum) -> None:
    assert isinstance(forum, Forum)
    assert forum.name == "demo"
    assert forum.base_url == "demo://werkplein"


async def test_whoami_defaults_to_the_first_staff_account(forum: DemoForum) -> None:
    me = await forum.whoami()
    assert me.username == "sanne.werkplein"
    assert me.role is Role.STAFF
    assert me.id


async def test_whoami_with_another_staff_or_adviser(path: Path) -> None:
    for username, role in (
        ("mark.werkplein", Role.STAFF),
        ("linda.clientondersteuner", Role.ADVISER),
    ):
        demo = DemoForum(path, username=username)
        assert (await demo.whoami()).role is role
        await demo.aclose()


@pytest.mark.parametrize("username", ["nobody", "lucas_helpt_not_there"])
async def test_unknown_username_is_an_auth_error(path: Path, username: str) -> None:
    demo = DemoForum(path, username=username)
    with pytest.raises(AuthError, match=username):
        await demo.whoami()
    with pytest.raises(AuthError):
        await demo.capabilities()
    await demo.aclose()


async def test_a_client_account_cannot_run_the_desk(path: Path) -> None:
    conn = sqlite3.connect(path)
    (client,) = conn.execute(
        "SELECT username FROM users WHERE role = 'client'"
    ).fetchone()
    conn.close()
    demo = DemoForum(path, username=client)
    with pytest.raises(AuthError, match="staff or adviser"):
        await demo.reply(1, "Hallo")
    await demo.aclose()


async def test_capabilities(forum: DemoForum) -> None:
    caps = await forum.capabilities()
    assert (caps.solved, caps.assign, caps.templates, caps.data_explorer) == (
        True, True, True, False,
    )  # fmt: skip
    assert caps.version == "demo"
    assert caps.extra["seed"] == "1"


async def test_categories(forum: DemoForum) -> None:
    categories = await forum.categories()
    assert [c.slug for c in categories] == [
        "inkomen-uitkering", "werk-reintegratie", "zorg-wmo", "schulden-toeslagen",
        "gesprekken-voorbereiden", "kennisbank",
    ]  # fmt: skip
    assert [c.is_kb for c in categories] == [False] * 5 + [True]
    assert all(c.description for c in categories)


def test_missing_file_says_how_to_create_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.sqlite"
    with pytest.raises(UnavailableError, match="deskapp demo seed") as info:
        DemoForum(missing)
    assert str(missing) in str(info.value)


@pytest.mark.parametrize("content", [b"this is not a database at all" * 200, b""])
def test_corrupt_file_says_how_to_recreate_it(tmp_path: Path, content: bytes) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(content)
    with pytest.raises(UnavailableError, match="deskapp demo seed") as info:
        DemoForum(broken)
    assert str(broken) in str(info.value)


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.executescript(
        "CREATE TABLE meta (key TEXT, value TEXT); CREATE TABLE topics (id);"
    )
    conn.close()
    with pytest.raises(UnavailableError, match="deskapp demo seed"):
        DemoForum(other)


async def test_changed_questions_pages_everything_newest_first(tmp_path: Path) -> None:
    seed_demo_forum(tmp_path / "big.sqlite", 1200, now=NOW)
    demo = DemoForum(tmp_path / "big.sqlite")
    pages = [page async for page in demo.changed_questions(None)]
    await demo.aclose()
    assert [len(p) for p in pages] == [500, 500, 230]  # 1200 questions + 30 KB articles
    questions = [q for page in pages for q in page]
    assert len({q.id for q in questions}) == 1230
    stamps = [q.updated_at for q in questions]
    assert stamps == sorted(stamps, reverse=True)
    assert sum(q.is_kb for q in questions) == 30
    assert all(q.updated_at.tzinfo is not None for q in questions)
    assert all(q.url == f"demo://werkplein/t/{q.id}" for q in questions)


async def test_since_yields_only_strictly_newer_changes(forum: DemoForum) -> None:
    questions = await everything(forum)
    middle = questions[len(questions) // 2].updated_at
    newer = await everything(forum, middle)
    assert newer
    assert all(q.updated_at > middle for q in newer)
    assert {q.id for q in newer} == {q.id for q in questions if q.updated_at > middle}


async def test_unchanged_forum_yields_nothing_then_exactly_the_changed_question(
    forum: DemoForum, path: Path
) -> None:
    latest = (await everything(forum))[0].updated_at
    assert await everything(forum, latest) == []
    target = topic_ids(path, "closed = 0 AND is_kb = 0")[3]
    await forum.reply(target, "Dank voor uw vraag, ik kijk ernaar.")
    changed = await everything(forum, latest)
    assert [q.id for q in changed] == [target]
    assert changed[0].last_poster.username == "sanne.werkplein"


async def test_every_write_moves_the_cursor(forum: DemoForum, path: Path) -> None:
    latest = (await everything(forum))[0].updated_at
    ids = topic_ids(path, "closed = 0 AND is_kb = 0")[:4]
    writes = [
        forum.assign(ids[0], "mark.werkplein"),
        forum.set_tags(ids[1], ["wmo"]),
        forum.close(ids[2]),
        forum.reply(ids[3], "Bel ons op werkdagen tussen 9 en 17 uur."),
    ]
    for topic_id, write in zip(ids, writes, strict=True):
        await write
        changed = await everything(forum, latest)
        assert [q.id for q in changed] == [topic_id]
        latest = changed[0].updated_at


async def test_threads_in_the_order_asked_without_missing_ones(
    forum: DemoForum,
) -> None:
    threads = await forum.threads([5, 99_999, 2, 5])
    assert [t.question.id for t in threads] == [5, 2]
    for thread in threads:
        assert [p.number for p in thread.posts] == list(
            range(1, thread.question.posts_count + 1)
        )
        assert thread.posts[0].author == thread.question.author
        assert all(p.question_id == thread.question.id for p in thread.posts)


async def test_threads_mark_the_accepted_answer_and_roles(
    forum: DemoForum, path: Path
) -> None:
    solved = topic_ids(path, "accepted_post_id IS NOT NULL")[:20]
    threads = await forum.threads(solved)
    assert len(threads) == 20
    for thread in threads:
        accepted = [p for p in thread.posts if p.accepted]
        assert [p.id for p in accepted] == [thread.question.accepted_post_id]
        assert accepted[0].author.role.answers_for_werkplein


async def test_kb_topics_are_wiki_posts(forum: DemoForum, path: Path) -> None:
    kb = topic_ids(path, "is_kb = 1")
    threads = await forum.threads(kb)
    assert threads
    assert all(t.question.is_kb and t.posts[0].wiki for t in threads)


async def test_reply_appends_a_post_by_me(forum: DemoForum, path: Path) -> None:
    target = topic_ids(path, "closed = 0 AND is_kb = 0 AND posts_count >= 2")[0]
    (before,) = await forum.threads([target])
    post = await forum.reply(
        target, "  **Goed nieuws:** het is geregeld.\n", reply_to=2
    )
    assert post.number == before.question.posts_count + 1
    assert post.reply_to == 2
    assert post.raw == "**Goed nieuws:** het is geregeld."
    assert post.author.username == "sanne.werkplein"
    assert post.author.role is Role.STAFF
    (after,) = await forum.threads([target])
    assert after.posts[-1] == post
    assert after.question.posts_count == post.number
    assert after.question.last_posted_at == post.created_at == after.question.updated_at


async def test_reply_is_stored_in_the_file(forum: DemoForum, path: Path) -> None:
    target = topic_ids(path, "closed = 0 AND is_kb = 0")[0]
    await forum.reply(target, "Blijft bewaard.")
    again = DemoForum(path)
    (thread,) = await again.threads([target])
    await again.aclose()
    assert thread.posts[-1].raw == "Blijft bewaard."


@pytest.mark.parametrize("raw", ["", "   \n\t "])
async def test_empty_reply_is_refused(forum: DemoForum, raw: str) -> None:
    with pytest.raises(ConflictError, match="blank"):
        await forum.reply(1, raw)


async def test_reply_to_a_missing_question_or_post(
    forum: DemoForum, path: Path
) -> None:
    with pytest.raises(NotFoundError):
        await forum.reply(99_999, "Hallo")
    target = topic_ids(path, "closed = 0 AND is_kb = 0 AND posts_count = 1")[0]
    with pytest.raises(ConflictError, match="no post #5"):
        await forum.reply(target, "Hallo", reply_to=5)


async def test_reply_to_a_closed_question_is_refused(
    forum: DemoForum, path: Path
) -> None:
    closed = topic_ids(path, "closed = 1")[0]
    with pytest.raises(ConflictError, match="closed"):
        await forum.reply(closed, "Nog een vraag")


async def test_concurrent_replies_get_their_own_numbers(
    forum: DemoForum, path: Path
) -> None:
    target = topic_ids(path, "closed = 0 AND is_kb = 0 AND posts_count = 1")[0]
    posts = await asyncio.gather(
        *(forum.reply(target, f"Antwoord {i}") for i in range(8))
    )
    assert sorted(p.number for p in posts) == list(range(2, 10))


async def test_find_post_finds_only_that_reply(forum: DemoForum, path: Path) -> None:
    target = topic_ids(path, "closed = 0 AND is_kb = 0")[0]
    before = datetime.now(UTC) - timedelta(seconds=1)
    post = await forum.reply(target, "Uw uitkering wordt vandaag betaald.")
    found = await forum.find_post(
        target, "sanne.werkplein", "Uw uitkering wordt vandaag betaald.", before
    )
    assert found is not None
    assert found.id == post.id
    assert await forum.find_post(target, "mark.werkplein", post.raw, before) is None
    assert (
        await forum.find_post(target, "sanne.werkplein", "iets anders", before) is None
    )
    later = post.created_at + timedelta(seconds=1)
    assert await forum.find_post(target, "sanne.werkplein", post.raw, later) is None


async def test_accept_answer(forum: DemoForum, path: Path) -> None:
    target = topic_ids(path, "closed = 0 AND is_kb = 0 AND accepted_post_id IS NULL")[0]
    post = await forum.reply(target, "Zo zit het.")
    (before,) = await forum.threads([target])
    await forum.accept_answer(post.id)
    (after,) = await forum.threads([target])
    assert after.question.accepted_post_id == post.id
    assert [p.id for p in after.posts if p.accepted] == [post.id]
    assert after.question.updated_at > before.question.updated_at


async def test_accept_answer_errors(forum: DemoForum) -> None:
    with pytest.raises(NotFoundError):
        await forum.accept_answer(10_000_000)
    (thread,) = await forum.threads([1])
    with pytest.raises(ConflictError):
        await forum.accept_answer(thread.posts[0].id)


async def test_assign_and_unassign(forum: DemoForum, path: Path) -> None:
    target = topic_ids(path, "is_kb = 0")[0]
    await forum.assign(target, "ahmed.arbeidsadviseur")
    assert (await forum.threads([target]))[
        0
    ].question.assigned_to == "ahmed.arbeidsadviseur"
    await forum.assign(target, None)
    assert (await forum.threads([target]))[0].question.assigned_to is None


async def test_assign_errors(forum: DemoForum, path: Path) -> None:
    conn = sqlite3.connect(path)
    (peer,) = conn.execute("SELECT username FROM users WHERE role = 'peer'").fetchone()
    conn.close()
    with pytest.raises(ConflictError, match="no user"):
        await forum.assign(1, "onbekend")
    with pytest.raises(ConflictError, match="only staff and advisers"):
        await forum.assign(1, peer)
    with pytest.raises(NotFoundError):
        await forum.assign(99_999, "mark.werkplein")


async def test_set_tags_replaces_and_normalises(forum: DemoForum) -> None:
    await forum.set_tags(3, ["Urgent-Geld", " bijzondere bijstand ", "urgent-geld"])
    assert (await forum.threads([3]))[0].question.tags == (
        "urgent-geld",
        "bijzondere-bijstand",
    )
    await forum.set_tags(3, [])
    assert (await forum.threads([3]))[0].question.tags == ()


async def test_set_tags_errors(forum: DemoForum) -> None:
    with pytest.raises(NotFoundError):
        await forum.set_tags(99_999, ["wmo"])
    with pytest.raises(ConflictError):
        await forum.set_tags(3, ["a,b"])


async def test_close(forum: DemoForum, path: Path) -> None:
    target = topic_ids(path, "closed = 0 AND is_kb = 0")[0]
    await forum.close(target)
    assert (await forum.threads([target]))[0].question.closed
    with pytest.raises(ConflictError):
        await forum.reply(target, "Te laat")
    with pytest.raises(NotFoundError):
        await forum.close(99_999)


async def test_create_kb_article(forum: DemoForum) -> None:
    article = await forum.create_kb_article(
        "Wat doe ik bij een betalingsachterstand?",
        "- Bel ons\n- Maak een regeling",
        ["Schulden"],
    )
    assert article.url == f"demo://werkplein/t/{article.id}"
    assert article.tags == ("schulden",)
    assert article.created_at is not None
    (thread,) = await forum.threads([article.id])
    kb = [c.id for c in await forum.categories() if c.is_kb]
    assert thread.question.category_id in kb
    assert thread.question.is_kb
    assert thread.posts[0].wiki
    assert thread.posts[0].raw == article.body
    assert thread.question.author.username == "sanne.werkplein"


async def test_create_kb_article_errors(forum: DemoForum) -> None:
    with pytest.raises(ConflictError, match="already been used"):
        await forum.create_kb_article("Wat is de kostendelersnorm?", "Uitleg", [])
    with pytest.raises(ConflictError):
        await forum.create_kb_article("  ", "Uitleg", [])
    with pytest.raises(ConflictError):
        await forum.create_kb_article("Titel", "", [])


async def test_closed_forum_is_unavailable(path: Path) -> None:
    demo = DemoForum(path)
    await demo.aclose()
    await demo.aclose()  # twice is fine
    with pytest.raises(UnavailableError, match="closed"):
        await demo.categories()


async def test_custom_name_and_base_url(path: Path) -> None:
    demo = DemoForum(path, name="oefen", base_url="https://forum.example/")
    (thread,) = await demo.threads([1])
    await demo.aclose()
    assert demo.name == "oefen"
    assert thread.question.url == "https://forum.example/t/1"
