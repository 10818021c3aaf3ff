"""MemoryForum: the in-memory forum other tests write to and make fail."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from deskapp.errors import ConflictError, NotFoundError, UnavailableError
from deskapp.forum.base import Forum
from tests.factories import (
    ADVISER,
    CLIENT,
    STAFF,
    T0,
    MemoryForum,
    make_thread,
)


def _forum() -> MemoryForum:
    """Two open questions; the clock stands one day after T0."""
    return MemoryForum(
        [make_thread(1, "Uitkering", [CLIENT]), make_thread(2, "Wmo", [CLIENT, STAFF])],
        clock=lambda: T0 + timedelta(days=1),
    )


async def _changed(forum: MemoryForum, since: datetime) -> list[int]:
    """Ids of the questions changed after ``since``."""
    return [q.id async for page in forum.changed_questions(since) for q in page]


async def test_it_is_a_forum_with_fixed_colleagues() -> None:
    """The protocol, the fixed colleagues, no templates, nobody replying."""
    forum = _forum()
    assert isinstance(forum, Forum)
    assert await forum.colleagues() == [ADVISER, STAFF]
    assert await forum.templates() == []
    assert await forum.replying(1) == []


async def test_a_reply_lands_and_bumps_its_question() -> None:
    """The post is added as the desk's; the question moves past the cursor."""
    forum = _forum()
    cursor = forum.data[2].question.updated_at
    post = await forum.reply(1, "Wij kijken ernaar.", reply_to=1)
    (thread,) = await forum.threads([1])
    assert thread.posts[-1] == post
    assert (post.number, post.author, post.reply_to) == (2, STAFF, 1)
    assert post.created_at == T0 + timedelta(days=1)
    assert (thread.question.posts_count, thread.question.last_poster) == (2, STAFF)
    assert await _changed(forum, cursor) == [1]
    found = await forum.find_post(1, "J.DeVries", "Wij kijken ernaar.\r\n", T0)
    assert found == post
    assert await forum.find_post(1, STAFF.username, "Anders", T0) is None


async def test_actions_change_the_stored_thread() -> None:
    """Accept, unaccept, assign, tags, close and reopen are kept, each a change."""
    forum = _forum()
    answer = forum.data[2].posts[1].id
    await forum.accept_answer(answer)
    assert forum.data[2].question.accepted_post_id == answer
    assert [p.accepted for p in forum.data[2].posts] == [False, True]
    await forum.unaccept_answer(answer)
    assert forum.data[2].question.accepted_post_id is None
    await forum.assign(2, "adviseur.kim")
    await forum.set_tags(2, ["wmo", "spoed"])
    await forum.close(2)
    q = forum.data[2].question
    assert (q.assigned_to, q.tags, q.closed) == ("adviseur.kim", ("wmo", "spoed"), True)
    with pytest.raises(ConflictError):
        await forum.reply(2, "Te laat")
    before = q.updated_at
    await forum.reopen(2)
    assert forum.data[2].question.closed is False
    assert forum.data[2].question.updated_at > before
    with pytest.raises(NotFoundError):
        await forum.accept_answer(999)
    assert [name for name, _ in forum.calls][:2] == ["accept_answer", "unaccept_answer"]


async def test_a_flag_is_kept_once_and_changes_no_thread() -> None:
    """flags holds (post, message); flagging again is fine and adds nothing."""
    forum = _forum()
    post, before = forum.data[2].posts[0].id, forum.data[2]
    await forum.flag_post(post, "BSN in de vraag")
    await forum.flag_post(post, "Nogmaals")
    assert forum.flags == [(post, "BSN in de vraag")]
    assert forum.data[2] == before
    with pytest.raises(NotFoundError):
        await forum.flag_post(999, "Weg")
    assert forum.flags == [(post, "BSN in de vraag")]


async def test_a_flag_goes_through_the_fault_hook() -> None:
    """A flag can fail before its effect, or land and still report an error."""
    forum = _forum()
    post = forum.data[1].posts[0].id
    forum.fail_next("flag_post", UnavailableError("time-out"))
    with pytest.raises(UnavailableError):
        await forum.flag_post(post, "Adres in bericht")
    assert forum.flags == []
    forum.fail_next("flag_post", UnavailableError("time-out"), after_effect=True)
    with pytest.raises(UnavailableError):
        await forum.flag_post(post, "Adres in bericht")
    assert forum.flags == [(post, "Adres in bericht")]
    assert [name for name, _ in forum.calls] == ["flag_post", "flag_post"]


async def test_fail_next_fails_before_the_effect() -> None:
    """The next call raises and changes nothing; the one after works."""
    forum = _forum()
    forum.fail_next("reply", UnavailableError("time-out"))
    with pytest.raises(UnavailableError):
        await forum.reply(1, "Eerste poging")
    assert len(forum.data[1].posts) == 1
    await forum.reply(1, "Tweede poging")
    assert len(forum.data[1].posts) == 2


async def test_fail_next_after_the_effect_is_a_lost_answer() -> None:
    """The reply lands, the caller still gets the error: find_post tells."""
    forum = _forum()
    forum.fail_next("reply", UnavailableError("time-out"), after_effect=True)
    with pytest.raises(UnavailableError):
        await forum.reply(1, "Beste Anouk,\n\nHet is geregeld.")
    assert forum.data[1].posts[-1].raw == "Beste Anouk,\n\nHet is geregeld."
    found = await forum.find_post(
        1, STAFF.username, "Beste Anouk,\n\nHet is geregeld.", T0
    )
    assert found is not None
    assert [name for name, _ in forum.calls] == ["reply", "find_post"]


def test_fail_next_refuses_an_unknown_method() -> None:
    """A typo in the method name is an error, not a fault that never fires."""
    with pytest.raises(AttributeError, match="replay"):
        _forum().fail_next("replay", UnavailableError("x"))
