"""DemoForum's answering side: undoing, flags, colleagues, templates and presence."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from deskapp.errors import AuthError, NotFoundError
from deskapp.forum.base import Forum
from deskapp.forum.demo import DemoForum
from deskapp.forum.demo_seed import seed_demo_forum
from deskapp.models import Role, TemplateSource
from tests.test_demo_forum import NOW, everything, topic_ids


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A freshly generated 120-question forum file."""
    target = tmp_path / "forum.sqlite"
    seed_demo_forum(target, 120, now=NOW)
    return target


@pytest.fixture
async def forum(path: Path) -> AsyncIterator[DemoForum]:
    """The demo forum over ``path``, acting as the default staff account."""
    demo = DemoForum(path)
    yield demo
    await demo.aclose()


async def test_it_is_a_forum_with_every_answering_aid(forum: DemoForum) -> None:
    """The demo forum offers solved, assign, templates and presence."""
    assert isinstance(forum, Forum)
    caps = await forum.capabilities()
    assert (caps.solved, caps.assign, caps.templates, caps.presence) == (True,) * 4


async def test_unaccept_undoes_only_the_accepted_answer(
    forum: DemoForum, path: Path
) -> None:
    """Unaccepting the answer clears it and moves the cursor; another post: no change."""
    target = topic_ids(path, "closed = 0 AND is_kb = 0 AND accepted_post_id IS NULL")[0]
    post = await forum.reply(target, "Zo zit het.")
    await forum.accept_answer(post.id)
    latest = (await everything(forum))[0].updated_at
    (thread,) = await forum.threads([target])
    await forum.unaccept_answer(thread.posts[0].id)  # not the accepted one
    assert await everything(forum, latest) == []
    await forum.unaccept_answer(post.id)
    (changed,) = await everything(forum, latest)
    assert changed.id == target
    assert changed.accepted_post_id is None
    with pytest.raises(NotFoundError):
        await forum.unaccept_answer(10_000_000)


async def test_reopen_lets_replies_in_again(forum: DemoForum, path: Path) -> None:
    """A closed question reopened takes replies; an open one is left alone."""
    target = topic_ids(path, "closed = 0 AND is_kb = 0")[0]
    await forum.close(target)
    latest = (await everything(forum))[0].updated_at
    await forum.reopen(target)
    (changed,) = await everything(forum, latest)
    assert (changed.id, changed.closed) == (target, False)
    await forum.reopen(target)
    assert await everything(forum, changed.updated_at) == []
    assert (await forum.reply(target, "Weer open.")).question_id == target
    with pytest.raises(NotFoundError):
        await forum.reopen(99_999)


def _flags(path: Path) -> list[tuple[int, str, str]]:
    """(post_id, username, message) of every flag in the file."""
    conn = sqlite3.connect(path)
    rows = conn.execute("SELECT post_id, username, message FROM flags").fetchall()
    conn.close()
    return [(int(p), str(u), str(m)) for p, u, m in rows]


async def test_a_flag_is_kept_once_per_post_and_user(
    forum: DemoForum, path: Path
) -> None:
    """The desk's flag is stored with its message; again is fine and adds nothing;
    another staff member's flag of the same post is theirs; no topic changes."""
    target = topic_ids(path, "closed = 0 AND is_kb = 0")[0]
    (thread,) = await forum.threads([target])
    post = thread.posts[0].id
    latest = (await everything(forum))[0].updated_at
    await forum.flag_post(post, "BSN in de vraag")
    await forum.flag_post(post, "Nogmaals")
    mark = DemoForum(path, username="mark.werkplein")
    await mark.flag_post(post, "Adres zichtbaar")
    await mark.aclose()
    assert sorted(_flags(path)) == [
        (post, "mark.werkplein", "Adres zichtbaar"),
        (post, "sanne.werkplein", "BSN in de vraag"),
    ]
    assert await everything(forum, latest) == []
    with pytest.raises(NotFoundError):
        await forum.flag_post(10_000_000, "Weg")


async def test_an_older_demo_file_gets_its_flags_table(path: Path) -> None:
    """A file from before flags can be flagged in once opened."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE flags")
    (post,) = conn.execute("SELECT MIN(id) FROM posts").fetchone()
    conn.close()
    demo = DemoForum(path)
    await demo.flag_post(post, "Telefoonnummer")
    await demo.aclose()
    assert _flags(path) == [(post, "sanne.werkplein", "Telefoonnummer")]


async def test_colleagues_are_the_staff_and_advisers(forum: DemoForum) -> None:
    """Eight Werkplein employees and three advisers, by username."""
    people = await forum.colleagues()
    assert len(people) == 11
    assert [p.username for p in people] == sorted(p.username for p in people)
    assert {p.role for p in people} == {Role.STAFF, Role.ADVISER}
    assert "sanne.werkplein" in {p.username for p in people}


async def test_templates_are_dutch_answers_with_placeholders(
    forum: DemoForum,
) -> None:
    """A handful of forum templates, each with Discourse-style placeholders."""
    found = await forum.templates()
    assert 4 <= len(found) <= 6
    slugs = {c.slug for c in await forum.categories()}
    for template in found:
        assert template.key == f"forum:{template.forum_id}"
        assert template.source is TemplateSource.FORUM
        assert set(template.categories) <= slugs
        names = set(re.findall(r"%\{(\w+)\}", template.body))
        assert names <= {"topic_title", "original_poster_name", "my_name"}
        assert "my_name" in names
        assert "Werkplein" in template.body
    assert any("%{topic_title}" in t.body for t in found)
    assert [t.name for t in found] == sorted(t.name for t in found)


async def test_an_older_demo_file_gets_its_templates_once(path: Path) -> None:
    """A file from before templates and presence gains them when opened."""
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE templates; DROP TABLE presence;")
    conn.close()
    first = DemoForum(path)
    count = len(await first.templates())
    assert count >= 4
    assert await first.replying(1) == []
    second = DemoForum(path)
    assert len(await second.templates()) == count
    for demo in (first, second):
        await demo.aclose()


def test_the_seed_writes_the_templates(path: Path) -> None:
    """A new file has its templates before anyone opens it."""
    conn = sqlite3.connect(path)
    (count,) = conn.execute("SELECT COUNT(*) FROM templates").fetchone()
    conn.close()
    assert count >= 4


async def test_a_colleague_typing_shows_until_it_expires(
    forum: DemoForum, path: Path
) -> None:
    """mark_replying shows who writes, only in that question and only until then."""
    first, other = topic_ids(path, "closed = 0 AND is_kb = 0")[:2]
    mark = await forum.mark_replying("mark.werkplein", first, 60)
    assert mark.role is Role.STAFF
    await forum.mark_replying("linda.clientondersteuner", first, 60)
    people = await forum.replying(first)
    assert [(p.username, p.role) for p in people] == [
        ("linda.clientondersteuner", Role.ADVISER), ("mark.werkplein", Role.STAFF)]  # fmt: skip
    assert await forum.replying(other) == []
    await forum.mark_replying("linda.clientondersteuner", first, -1)
    assert [p.username for p in await forum.replying(first)] == ["mark.werkplein"]


async def test_posting_ends_typing(forum: DemoForum, path: Path) -> None:
    """A colleague's post lands as theirs, and they no longer show as replying."""
    target = topic_ids(path, "closed = 0 AND is_kb = 0")[0]
    await forum.mark_replying("mark.werkplein", target, 60)
    post = await forum.post_as("mark.werkplein", target, "Ik pak dit op.")
    assert post.author.username == "mark.werkplein"
    assert await forum.replying(target) == []
    (thread,) = await forum.threads([target])
    assert thread.posts[-1].id == post.id


async def test_typing_and_posting_refuse_strangers(
    forum: DemoForum, path: Path
) -> None:
    """Unknown users, clients and missing questions are refused."""
    target = topic_ids(path, "closed = 0 AND is_kb = 0")[0]
    conn = sqlite3.connect(path)
    (client,) = conn.execute("SELECT username FROM users WHERE role = 'client'").fetchone()  # fmt: skip
    conn.close()
    with pytest.raises(AuthError, match="staff or adviser"):
        await forum.mark_replying(client, target, 60)
    with pytest.raises(AuthError, match="no user"):
        await forum.post_as("niemand", target, "Hallo")
    with pytest.raises(NotFoundError):
        await forum.mark_replying("mark.werkplein", 99_999, 60)


async def test_the_stand_in_is_the_first_other_staff_member(path: Path) -> None:
    """Mark stands in for Sanne's desk; Sanne for Mark's."""
    for me, other in (("sanne.werkplein", "mark.werkplein"),
                      ("mark.werkplein", "sanne.werkplein")):  # fmt: skip
        demo = DemoForum(path, username=me)
        assert (await demo.stand_in()).username == other
        await demo.aclose()


async def test_find_post_compares_text_as_stored(forum: DemoForum, path: Path) -> None:
    """CRLF and trailing blanks in what was sent still find the stored reply."""
    target = topic_ids(path, "closed = 0 AND is_kb = 0")[0]
    before = datetime.now(UTC) - timedelta(seconds=1)
    post = await forum.reply(target, "Beste client,\r\n\r\nDat klopt.  \r\n")
    found = await forum.find_post(
        target, "sanne.werkplein", "Beste client,\n\nDat klopt.", before
    )
    assert found is not None
    assert found.id == post.id
