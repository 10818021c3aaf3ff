"""The outbox: replies and actions reach the forum exactly once, or say why not."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from deskapp.desk import Desk
from deskapp.deskwork import ActionUnavailable
from deskapp.errors import (
    AuthError,
    ConflictError,
    DeskError,
    RateLimitedError,
    UnavailableError,
)
from deskapp.models import ActionKind, Capabilities, OutboxState, Post, State
from deskapp.outbox import OWNER
from deskapp.views import DEFAULT_SECTIONS, ViewFilter
from deskapp.widgets.outgoing import state_text
from tests.factories import ADVISER, MemoryForum
from tests.inbox_app import NOW, make_desk, threads


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def forum(clock: Clock) -> MemoryForum:
    forum = MemoryForum(threads(), clock=clock)
    forum.name = "demo"  # the desk's profile
    return forum


@pytest.fixture
def desk(tmp_path: Path, forum: MemoryForum, clock: Clock) -> Desk:
    desk = make_desk(tmp_path)
    desk.now = clock
    desk._forum = forum  # the forum the desk pushes to
    return desk


def posts_by_me(forum: MemoryForum, qid: int, text: str) -> list[Post]:
    return [
        p
        for p in forum.data[qid].posts
        if p.author.username == "j.devries" and p.raw == text
    ]


def push(desk: Desk):  # type: ignore[no-untyped-def]
    return asyncio.run(desk.push())


# -- drafts and queueing --------------------------------------------------------


def test_a_draft_is_kept_per_question_and_replaced_while_typing(desk: Desk) -> None:
    desk.save_draft(1, "Beste An", reply_to=None, seen_post=1)
    desk.save_draft(1, "Beste Anouk,", reply_to=None, seen_post=1)
    desk.save_draft(4, "Hallo", reply_to=2, seen_post=2)
    draft = desk.draft(1)
    assert draft is not None and draft.body == "Beste Anouk,"
    assert [d.question_id for d in desk.drafts()] == [4, 1] or len(desk.drafts()) == 2
    assert {d.title for d in desk.drafts()} >= {"Mijn uitkering is gestopt, wat nu?"}
    desk.save_draft(1, "   ", reply_to=None, seen_post=1)
    assert desk.draft(1) is None


def test_queueing_a_reply_moves_it_from_draft_to_outbox_at_once(desk: Desk) -> None:
    desk.save_draft(1, "Uw uitkering loopt door.", reply_to=None, seen_post=1)
    entry = desk.queue_reply(1, "Uw uitkering loopt door.", reply_to=None, seen_post=1)
    assert desk.draft(1) is None
    [out] = desk.outgoing(1)
    assert (out.id, out.state, out.body) == (
        entry,
        OutboxState.QUEUED,
        "Uw uitkering loopt door.",
    )
    assert out.title == "Mijn uitkering is gestopt, wat nu?"


def test_an_empty_reply_is_refused(desk: Desk) -> None:
    with pytest.raises(DeskError, match="leeg"):
        desk.queue_reply(1, "  \n", reply_to=None, seen_post=1)


# -- sending ----------------------------------------------------------------------


def test_a_pushed_reply_is_in_the_forum_and_in_the_stored_thread(
    desk: Desk, forum: MemoryForum
) -> None:
    entry = desk.queue_reply(1, "Wij bellen u morgen.", reply_to=None, seen_post=1)
    report = push(desk)
    assert report.sent == [entry]
    assert len(posts_by_me(forum, 1, "Wij bellen u morgen.")) == 1
    thread = desk.thread(1)
    assert thread is not None and thread.posts[-1].raw == "Wij bellen u morgen."
    item = desk.item(1)
    assert item is not None and item.state is State.WAITING_CLIENT
    assert desk.outgoing(1) == []  # the thread shows it now


def test_a_reply_whose_answer_was_lost_is_not_posted_again(
    desk: Desk, forum: MemoryForum, clock: Clock
) -> None:
    forum.fail_next("reply", UnavailableError("timed out"), after_effect=True)
    desk.queue_reply(1, "Eén keer, graag.", reply_to=None, seen_post=1)
    report = push(desk)
    [out] = desk.outgoing(1)
    assert out.state is OutboxState.QUEUED
    assert out.error is not None and "niet bereikbaar" in out.error
    assert "nieuwe poging om 10:00" in state_text(out, desk.timezone)
    assert report.retry_in == pytest.approx(30.0)
    clock.tick(minutes=2)
    report = push(desk)
    assert len(report.sent) == 1
    assert len(posts_by_me(forum, 1, "Eén keer, graag.")) == 1


def test_a_lost_reply_edited_on_the_forum_is_held_not_posted_again(
    desk: Desk, forum: MemoryForum, clock: Clock
) -> None:
    """The reply landed, its answer was lost, and someone edited it on the
    forum before the retry: a post of this account after the thread as read
    before sending, with other words. Held for the user, not sent twice."""
    forum.fail_next("reply", UnavailableError("timed out"), after_effect=True)
    desk.queue_reply(1, "Eén keer, graag.", reply_to=None, seen_post=1)
    push(desk)
    thread = forum.data[1]
    edited = replace(thread.posts[-1], raw="Eén keer graag!")
    forum.data[1] = replace(thread, posts=(*thread.posts[:-1], edited))
    clock.tick(minutes=2)
    report = push(desk)
    assert report.sent == [] and [c.theirs for c in report.collisions] == [(edited,)]
    assert posts_by_me(forum, 1, "Eén keer, graag.") == []
    assert len(posts_by_me(forum, 1, "Eén keer graag!")) == 1
    [out] = desk.outgoing(1)
    assert out.state is OutboxState.HELD
    assert out.error is not None and "andere tekst" in out.error


def test_a_reply_that_did_not_land_is_sent_on_the_next_push(
    desk: Desk, forum: MemoryForum, clock: Clock
) -> None:
    forum.fail_next("reply", UnavailableError("connection refused"))
    desk.queue_reply(1, "Tweede poging.", reply_to=None, seen_post=1)
    push(desk)
    assert posts_by_me(forum, 1, "Tweede poging.") == []
    assert push(desk).sent == []  # not due yet: it waits for its time
    clock.tick(minutes=2)
    push(desk)
    assert len(posts_by_me(forum, 1, "Tweede poging.")) == 1


def dead_desk() -> str:
    """The owner mark of a desk process on this machine that has ended."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return f"{socket.gethostname()}:{proc.stdout.strip()}"


def never(owner: str | None, since: object) -> bool:
    return False


def test_a_desk_killed_mid_send_checks_before_sending_again(
    desk: Desk, forum: MemoryForum, clock: Clock
) -> None:
    entry = desk.queue_reply(1, "Na een crash.", reply_to=None, seen_post=1)
    # the dead desk had claimed the entry and its request reached the forum
    assert desk.store.claim(entry, clock.now, dead_desk(), abandoned=never)
    asyncio.run(forum.reply(1, "Na een crash."))
    assert push(desk).sent == [entry]  # its process is gone: taken over at once
    assert len(posts_by_me(forum, 1, "Na een crash.")) == 1


def test_an_entry_a_live_desk_is_sending_is_left_to_it(
    desk: Desk, forum: MemoryForum, clock: Clock
) -> None:
    """However long the forum makes that desk wait (a long Retry-After)."""
    entry = desk.queue_reply(1, "Van de andere desk.", reply_to=None, seen_post=1)
    other = f"{socket.gethostname()}:{os.getppid()}"  # a process that runs
    assert desk.store.claim(entry, clock.now, other, abandoned=never)
    clock.tick(minutes=20)
    assert push(desk).sent == []
    assert posts_by_me(forum, 1, "Van de andere desk.") == []
    clock.tick(minutes=11)  # past the lease: that desk is taken to be gone
    assert push(desk).sent == [entry]


def test_a_refused_check_keeps_the_reply_marked_as_maybe_sent(
    desk: Desk, forum: MemoryForum, clock: Clock
) -> None:
    """A timeout that landed, then a 403 while checking: a retry checks again
    and does not post a second copy; withdrawing is refused meanwhile."""
    forum.fail_next("reply", UnavailableError("timed out"), after_effect=True)
    entry = desk.queue_reply(1, "Maar één keer.", reply_to=None, seen_post=1)
    push(desk)
    clock.tick(minutes=2)
    forum.fail_next("find_post", AuthError("403 Forbidden", status=403))
    push(desk)
    [out] = desk.outgoing(1)
    assert out.state is OutboxState.FAILED and "h kijkt dat na" in (out.error or "")
    with pytest.raises(DeskError, match="misschien al aangekomen"):
        desk.cancel(entry)
    desk.retry(entry)
    assert push(desk).sent == [entry]
    assert len(posts_by_me(forum, 1, "Maar één keer.")) == 1


def test_retry_and_withdraw_lose_to_a_push_that_took_the_entry(
    desk: Desk, clock: Clock
) -> None:
    """The user's choice never overwrites an attempt under way."""
    entry = desk.queue_reply(1, "Onderweg.", reply_to=None, seen_post=1)
    assert desk.store.claim(entry, clock.now, OWNER, abandoned=never)
    assert not desk.store.settle(entry, OutboxState.QUEUED, at=clock.now,
                                 expect=[OutboxState.QUEUED])  # fmt: skip
    with pytest.raises(DeskError, match="wordt nu verstuurd"):
        desk.retry(entry)
    with pytest.raises(DeskError):
        desk.cancel(entry)
    assert desk.draft(1) is None  # the text is not in two places


def test_queueing_claiming_and_withdrawing_are_on_disk_before_they_return(
    desk: Desk, clock: Clock
) -> None:
    """A power cut right after cannot undo them (the unsure mark above all:
    without it on disk, a reply already at the forum would go again)."""
    said: list[str] = []
    desk.store._conn.set_trace_callback(said.append)

    def durable() -> bool:
        """The calls since the last look ran in FULL mode, and set it back."""
        sql = [" ".join(s.split()) for s in said]
        said.clear()
        full = sql.index("PRAGMA synchronous = FULL")
        return sql[full + 1] == "BEGIN IMMEDIATE" and sql[-1] == (
            "PRAGMA synchronous = NORMAL"
        )

    first = desk.queue_reply(1, "Op schijf.", reply_to=None, seen_post=1)
    assert durable()
    assert desk.store.claim(first, clock.now, OWNER, abandoned=never)
    assert durable()
    second = desk.queue_reply(1, "Toch niet.", reply_to=None, seen_post=1)
    said.clear()
    desk.cancel(second)
    assert durable()
    desk.save_draft(1, "Gewoon typen.", reply_to=None, seen_post=1)
    assert "PRAGMA synchronous = FULL" not in said  # typing stays quick


def test_two_pushes_at_once_send_a_reply_once(desk: Desk, forum: MemoryForum) -> None:
    desk.queue_reply(1, "Gelijktijdig.", reply_to=None, seen_post=1)

    async def both():  # type: ignore[no-untyped-def]
        return await asyncio.gather(desk.push(), desk.push())

    asyncio.run(both())
    assert len(posts_by_me(forum, 1, "Gelijktijdig.")) == 1


def test_a_rate_limit_says_when_and_stops_the_push(
    desk: Desk, forum: MemoryForum, clock: Clock
) -> None:
    forum.fail_next("reply", RateLimitedError("slow down", retry_after=42))
    desk.queue_reply(1, "Eerste.", reply_to=None, seen_post=1)
    desk.queue_reply(4, "Tweede.", reply_to=None, seen_post=2)
    report = push(desk)
    assert report.retry_in == pytest.approx(42)
    first, second = desk.outgoing()
    assert first.state is OutboxState.QUEUED and "wachten" in (first.error or "")
    # the time of the next attempt, in the Werkplein's time (not UTC), once
    assert state_text(first, desk.timezone).count("nieuwe poging om 10:00") == 1
    assert second.attempts == 0  # not tried while the forum asks to wait
    clock.tick(seconds=43)
    assert len(push(desk).sent) == 2


def test_a_refused_key_fails_the_reply_keeps_the_text_and_says_what_to_fix(
    desk: Desk, forum: MemoryForum
) -> None:
    forum.fail_next("reply", AuthError("invalid api key", status=403))
    entry = desk.queue_reply(1, "Bewaard.", reply_to=None, seen_post=1)
    assert push(desk).failed == [entry]
    [out] = desk.outgoing(1)
    assert out.state is OutboxState.FAILED and out.body == "Bewaard."
    assert "API-sleutel" in (out.error or "") and "deskapp doctor" in (out.error or "")
    desk.retry(entry)
    assert push(desk).sent == [entry]


def test_a_rejected_reply_carries_the_forums_message(
    desk: Desk, forum: MemoryForum
) -> None:
    forum.fail_next("reply", ConflictError("Body is too similar", status=422))
    entry = desk.queue_reply(1, "Kort.", reply_to=None, seen_post=1)
    push(desk)
    [out] = desk.outgoing(1)
    assert out.error is not None and "Body is too similar" in out.error
    desk.cancel(entry)  # withdraw it: the text comes back as the draft
    draft = desk.draft(1)
    assert draft is not None and draft.body == "Kort."
    assert desk.outgoing(1) == []


# -- the collision guard ------------------------------------------------------------


def colleague_answers(forum: MemoryForum, qid: int) -> Post:
    return forum.post_as(ADVISER, qid, "Ik heb het al uitgelegd.")


def test_a_colleagues_reply_holds_mine_until_i_decide(
    desk: Desk, forum: MemoryForum
) -> None:
    entry = desk.queue_reply(1, "Mijn antwoord.", reply_to=None, seen_post=1)
    theirs = colleague_answers(forum, 1)
    report = push(desk)
    [collision] = report.collisions
    assert collision.outbox_id == entry and collision.theirs[0].id == theirs.id
    assert posts_by_me(forum, 1, "Mijn antwoord.") == []
    assert [c.outbox_id for c in desk.collisions()] == [entry]
    thread = desk.thread(1)
    assert thread is not None and thread.posts[-1].raw == "Ik heb het al uitgelegd."
    desk.resolve_collision(entry, "send")
    assert push(desk).sent == [entry]
    assert len(posts_by_me(forum, 1, "Mijn antwoord.")) == 1


def test_editing_after_a_collision_puts_the_text_back_in_the_draft(
    desk: Desk, forum: MemoryForum
) -> None:
    entry = desk.queue_reply(1, "Aan te passen.", reply_to=None, seen_post=1)
    colleague_answers(forum, 1)
    push(desk)
    desk.resolve_collision(entry, "edit")
    draft = desk.draft(1)
    assert draft is not None and draft.body == "Aan te passen."
    assert draft.seen_post == 2  # the colleague's post has been seen now
    assert desk.collisions() == []


def test_discarding_after_a_collision_sends_nothing(
    desk: Desk, forum: MemoryForum
) -> None:
    entry = desk.queue_reply(1, "Weg ermee.", reply_to=None, seen_post=1)
    desk.close(1)  # queued after the reply: must wait behind it
    colleague_answers(forum, 1)
    push(desk)
    assert not forum.data[1].question.closed
    desk.resolve_collision(entry, "discard")
    push(desk)
    assert posts_by_me(forum, 1, "Weg ermee.") == []
    assert forum.data[1].question.closed


def test_my_own_and_client_posts_do_not_trigger_the_guard(
    desk: Desk, forum: MemoryForum
) -> None:
    entry = desk.queue_reply(2, "Graag gedaan.", reply_to=None, seen_post=1)
    assert push(desk).sent == [entry]  # posts 2 (mine) and 3 (the client's)


# -- actions ------------------------------------------------------------------------


def test_assigning_shows_at_once_and_reaches_the_forum(
    desk: Desk, forum: MemoryForum
) -> None:
    desk.assign(1, "adviseur.kim")
    item = desk.item(1)
    assert item is not None and item.assigned_to == "adviseur.kim"
    push(desk)
    assert forum.data[1].question.assigned_to == "adviseur.kim"


def test_a_waiting_action_still_shows_when_the_forums_thread_is_stored(
    desk: Desk, forum: MemoryForum
) -> None:
    """The assignment waits behind a held reply; the thread the guard stored
    from the forum must not make the inbox forget it."""
    desk.queue_reply(1, "Mijn antwoord.", reply_to=None, seen_post=1)
    desk.assign(1, "j.devries")
    colleague_answers(forum, 1)
    push(desk)
    item = desk.item(1)
    assert item is not None and item.assigned_to == "j.devries"
    asyncio.run(desk.sync(push=False))
    item = desk.item(1)
    assert item is not None and item.assigned_to == "j.devries"


def test_a_refused_action_is_rolled_back_with_the_reason(
    desk: Desk, forum: MemoryForum
) -> None:
    forum.fail_next("assign", ConflictError("user cannot be assigned", status=422))
    entry = desk.assign(1, "buurman")
    push(desk)
    item = desk.item(1)
    assert item is not None and item.assigned_to is None
    [out] = desk.outgoing(1)
    assert out.state is OutboxState.FAILED and "teruggedraaid" in (out.error or "")
    assert "user cannot be assigned" in (out.error or "")
    assert out.id == entry


def test_accepting_an_answer_solves_the_question_in_the_inbox(
    desk: Desk, forum: MemoryForum
) -> None:
    desk.accept(4, 401)
    item = desk.item(4)
    assert item is not None and item.state is State.SOLVED
    push(desk)
    assert forum.data[4].question.accepted_post_id == 401
    desk.unaccept(4, 401)
    push(desk)
    assert forum.data[4].question.accepted_post_id is None


def test_only_a_post_of_the_question_can_be_accepted(desk: Desk) -> None:
    with pytest.raises(DeskError, match="hoort niet bij"):
        desk.accept(4, 101)
    with pytest.raises(DeskError, match="niet het geaccepteerde"):
        desk.unaccept(4, 501)  # the accepted answer of question 5
    assert desk.outgoing(4) == [] and desk.outgoing(5) == []


def test_tags_close_and_reopen(desk: Desk, forum: MemoryForum) -> None:
    desk.set_tags(1, ["Bijstand", "spoed", "bijstand"])
    desk.close(1)
    item = desk.item(1)
    assert item is not None and item.tags == ("bijstand", "spoed")
    assert item.state is State.CLOSED
    push(desk)
    assert forum.data[1].question.tags == ("bijstand", "spoed")
    assert forum.data[1].question.closed
    desk.reopen(1)
    push(desk)
    assert not forum.data[1].question.closed


def test_an_action_times_out_after_landing_and_is_not_repeated(
    desk: Desk, forum: MemoryForum, clock: Clock
) -> None:
    forum.fail_next("close", UnavailableError("timed out"), after_effect=True)
    entry = desk.close(1)
    push(desk)
    clock.tick(minutes=2)
    assert push(desk).sent == [entry]
    assert [c for c, _ in forum.calls].count("close") == 1


def test_actions_without_the_plugin_are_refused_with_a_reason(desk: Desk) -> None:
    desk.store.save_capabilities("demo", Capabilities(solved=False), NOW)
    assert desk.can(ActionKind.CLOSE) is None
    reason = desk.can(ActionKind.ACCEPT)
    assert reason is not None and "solved" in reason
    with pytest.raises(ActionUnavailable, match="assign"):
        desk.assign(1, "j.devries")
    item = desk.item(1)
    assert item is not None and item.assigned_to is None


def test_withdrawing_a_queued_action_undoes_it(desk: Desk) -> None:
    entry = desk.assign(1, "j.devries")
    desk.cancel(entry)
    item = desk.item(1)
    assert item is not None and item.assigned_to is None


# -- snoozing -----------------------------------------------------------------------


def test_a_snoozed_question_leaves_the_inbox_until_its_day(
    desk: Desk, clock: Clock
) -> None:
    alles, uitgesteld = DEFAULT_SECTIONS[0], DEFAULT_SECTIONS[-1]
    assert uitgesteld.filter == ViewFilter(snoozed=True)
    desk.snooze(1, date(2026, 11, 6))
    assert 1 not in desk.view(alles).ids
    assert desk.view(uitgesteld).ids == [1]
    assert desk.snoozed_until(1) == date(2026, 11, 6)
    clock.now = NOW.replace(day=5, hour=23, minute=30)  # 00:30 on the 6th in NL
    assert 1 in desk.view(alles).ids
    assert desk.snoozed_until(1) is None


def test_snoozing_needs_a_day_after_today(desk: Desk) -> None:
    with pytest.raises(DeskError, match="na vandaag"):
        desk.snooze(1, NOW.date())
    desk.snooze(1, date(2026, 11, 9))
    desk.snooze(1, None)
    assert desk.snoozed_until(1) is None


def test_withdrawing_keeps_a_draft_another_session_just_saved(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Session A withdraws a queued reply while session B (another desk on the
    same store) has just saved a new draft for the question: both texts end up
    in the draft, B's first."""
    from deskapp.models import Draft
    from deskapp.store import Store

    entry = desk.queue_reply(1, "Uit de wachtrij.", reply_to=None, seen_post=1)
    other = Store(desk.store.path)
    try:
        text = "Net getypt in de andere sessie."
        other.save_draft("demo", Draft(1, text, None, 1, desk.now()))
    finally:
        other.close()
    # as if A had looked at the draft just before B saved it
    monkeypatch.setattr(desk, "draft", lambda qid: None)
    desk.cancel(entry)
    monkeypatch.undo()
    draft = desk.draft(1)
    assert draft is not None
    assert draft.body == "Net getypt in de andere sessie.\n\nUit de wachtrij."
