"""Drafts and sending while writes are on their way.

The screen hands its store writes to the desk's writer thread; these tests
hold or break those writes (a busy store, a failure, a bug) and act in the
meantime — type on, leave the question, press n, press i twice — and check
that nothing typed is lost, nothing is sent but what was confirmed, and
every outcome is told, also after the screen has gone.
"""

# ruff: noqa: F811 (the fixtures imported from test_draft_sessions, as arguments)

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest
from textual import events

from deskapp.desk import Desk
from deskapp.draftmerge import merge
from deskapp.errors import StoreError
from deskapp.models import ActionKind, Draft
from deskapp.screens.question import QuestionScreen
from deskapp.store import Store
from tests.inbox_app import QuestionHarness
from tests.test_composer import notices, opened
from tests.test_draft_sessions import desk, other  # noqa: F401 (the fixtures)
from tests.test_inbox import settle

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def held(monkeypatch: pytest.MonkeyPatch, desk: Desk, name: str) -> threading.Event:
    """Make ``desk.<name>`` wait (in the writer thread) until the returned
    event is set, as a store held by another session would."""
    real = getattr(desk, name)
    release = threading.Event()

    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(desk, name, slow)
    return release


class StepHarness(QuestionHarness):
    """The question screen with n/p to the next question (1 -> 2 -> 3)."""

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not the harness's own screen as well
        screen = QuestionScreen(
            self.desk,
            self.question_id,
            step=lambda qid, d: qid + d if 1 <= qid + d <= 3 else None,
        )
        self.push_screen(screen, callback=self.results.append)


def test_emptying_it_here_keeps_a_sentence_the_other_put_in_the_middle() -> None:
    """This session empties the draft (to start again) while the other one
    added a sentence inside it: that sentence is kept, whole, not cut."""
    merged = merge(
        "Eerste zin. Tweede zin.", "Eerste zin. Bel ons gerust. Tweede zin.", ""
    )
    assert "Bel ons gerust." in merged
    base = (
        "Beste klant,\n\nU krijgt binnen twee weken bericht van ons over uw"
        " aanvraag.\n\nMet vriendelijke groet"
    )
    theirs = base.replace("aanvraag.", "aanvraag. Bel gerust als u vragen hebt.")
    assert "Bel gerust als u vragen hebt." in merge(base, theirs, "")


async def test_r_does_not_bring_back_a_draft_sent_in_the_other_session(
    desk: Desk, other: Store
) -> None:
    """Both sessions show the draft; the other one sends it (its draft goes).
    Pressing r here must not store the sent text as a new draft."""
    desk.save_draft(1, "Beste klant, wij bellen u.", reply_to=None, seen_post=3)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        other.delete_draft("demo", 1)  # queued (sent) over there
        await pilot.press("r")
        screen.composer.flush()
        await opened(pilot)
        assert screen.composer.text == ""
    assert desk.store.drafts("demo", 1) == []


async def test_a_failed_save_then_a_good_one_loses_no_word(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first of two saves in flight fails (store busy too long); the
    second one is written from a base the store never held: what the first
    one carried must not be lost."""
    desk.save_draft(1, "Beste klant,", reply_to=None, seen_post=3)
    real = desk.merge_draft
    release = threading.Event()
    calls = 0

    def flaky(*args: Any, **kwargs: Any) -> tuple[str | None, str | None]:
        nonlocal calls
        calls += 1
        if calls == 1:
            release.wait(timeout=5)
            raise StoreError("cannot write the local store: database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(desk, "merge_draft", flaky)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", *" wij")
        screen.composer.flush()  # save 1 asked: it hangs, then fails
        await pilot.press(*" bellen u")
        screen.composer.flush()  # save 2 asked behind it
        await pilot.pause()
        release.set()
        await opened(pilot)
        screen.composer.flush()  # whatever is still unsaved
        await opened(pilot)
        assert screen.composer.text == "Beste klant, wij bellen u"
        assert not any("andere sessie" in n for n in notices(app))
    (stored,) = desk.store.drafts("demo", 1)
    assert stored.body == "Beste klant, wij bellen u"


async def test_a_withdraw_answered_after_n_does_not_open_the_next_composer(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """i, then n while the store is busy: when the withdraw is done, the
    keyboard is not suddenly in the composer of the question shown now (the
    next letters typed would become its draft)."""
    desk.queue_reply(1, "Wij bellen u morgen.", reply_to=None, seen_post=1)
    release = held(monkeypatch, desk, "cancel")
    app = StepHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("i", "n")
        release.set()
        await opened(pilot)
        assert screen.question_id == 2
        await pilot.press("n")  # a key for the screen, not text
        await opened(pilot)
        assert screen.question_id == 3
        assert not screen.editing()
    assert desk.store.drafts("demo", 2) == []
    (back,) = desk.store.drafts("demo", 1)
    assert back.body == "Wij bellen u morgen."


async def test_a_reply_queued_after_leaving_is_still_pushed(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+s, j, then esc esc while the store is busy: the queued reply is
    handed to the app to push (queued()), and nothing raises in a callback."""
    release = held(monkeypatch, desk, "queue_reply")
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("r", *"Wij bellen u.", "ctrl+s", "j")
        await pilot.pause()
        await pilot.press("escape", "escape")  # composer, then the question
        await pilot.pause()
        assert app.results == [1]  # the question screen has gone
        before = app.queued_calls
        release.set()
        await pilot.pause(0.3)
        await pilot.pause()
        assert app.queued_calls > before
        assert any("wachtrij" in n for n in notices(app))
    assert [o.body for o in desk.outgoing(1)] == ["Wij bellen u."]


async def test_i_twice_while_the_store_is_busy_says_no_false_thing(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """i pressed twice before the first withdraw is done: the second one
    must not say the reply "is al verstuurd" (it was withdrawn, not sent)."""
    desk.queue_reply(1, "Wij bellen u morgen.", reply_to=None, seen_post=1)
    release = held(monkeypatch, desk, "cancel")
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("i", "i")
        release.set()
        await opened(pilot)
        assert not any("al verstuurd" in n for n in notices(app))


async def test_a_save_failing_after_leaving_the_question_is_told(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """esc esc while the draft's save waits on a busy store, which then
    fails: the adviser is told the draft was not kept (the text is gone
    from the screen)."""
    release = threading.Event()

    def busy(*args: Any, **kwargs: Any) -> tuple[str | None, str | None]:
        release.wait(timeout=5)
        raise StoreError("cannot write the local store: database is locked")

    monkeypatch.setattr(desk, "merge_draft", busy)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("r", *"Wij bellen u.", "escape", "escape")
        await pilot.pause()
        assert app.results == [1]
        release.set()
        await settle(app)
        await pilot.pause()
        assert any("niet bewaard" in n for n in notices(app))


async def test_an_unexpected_failure_while_queueing_frees_the_editor(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Queueing fails with something other than a DeskError (a bug): the
    editor is not left read-only for good, and the adviser is told."""

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(desk, "queue_reply", broken)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", *"Wij bellen u.", "ctrl+s", "j")
        await opened(pilot)
        assert not screen.composer.editor.read_only
        assert any("verstuurd" in n.lower() for n in notices(app))


async def test_the_text_sent_is_the_text_confirmed_and_the_rest_stays(
    desk: Desk, other: Store
) -> None:
    """The save made on ctrl+s merges another session's text in while the
    confirmation is open: j sends what the adviser saw, not the merged text
    they have not read, and that other text stays the draft (here and in the
    store)."""
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r")
        other.save_draft("demo", Draft(1, "Tekst van de collega-sessie.", None, 3, NOW))
        await pilot.press(*"Wij bellen u.", "ctrl+s")
        await settle(app)  # the save's answer arrives under the dialog
        await pilot.pause()
        await pilot.press("j")
        await opened(pilot)
        (sent,) = desk.outgoing(1)
        assert sent.body == "Wij bellen u."
        kept = desk.store.drafts("demo", 1)
        assert [d.body for d in kept] == ["Tekst van de collega-sessie."]
        assert "collega-sessie" in screen.composer.text


async def test_ctrl_s_again_while_the_reply_is_being_queued_sends_it_once(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store is busy (up to 10 s) while the confirmed reply is queued:
    the editor takes no typing, and ctrl+s, j again does not queue the same
    text a second time."""
    release = held(monkeypatch, desk, "queue_reply")
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", *"Wij bellen u.", "ctrl+s", "j")
        await pilot.pause()
        await pilot.press(*" en", "ctrl+s", "j")  # nothing seemed to happen
        await pilot.pause()
        assert screen.composer.text == "Wij bellen u."  # read-only meanwhile
        release.set()
        await settle(app)
        await pilot.pause()
    assert [o.body for o in desk.outgoing(1)] == ["Wij bellen u."]


async def test_a_twice_while_the_store_is_busy_queues_one_accept(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """] a, and a again before the first accept is answered (store busy):
    one accept is queued, and the second a is told to wait."""
    release = held(monkeypatch, desk, "accept")
    app = QuestionHarness(desk, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("]", "a")
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        release.set()
        await settle(app)
        await pilot.pause()
        said = [n for n in notices(app) if "geaccepteerd" in n]
        assert any("vorige handeling" in n for n in notices(app))
    kinds = [o.kind for o in desk.outgoing(2)]
    assert kinds.count(ActionKind.ACCEPT) == 1, (kinds, said)
    assert len(said) == 1


async def test_ctrl_s_on_a_draft_the_other_session_sent_asks_first(
    desk: Desk, other: Store
) -> None:
    """Both sessions have the draft open in the composer; the other one sends
    it (its draft goes, its outbox entry is there). Here nothing was typed
    since: ctrl+s, j does not queue the same text again but says why; a
    second ctrl+s, j sends it after all."""
    desk.save_draft(1, "Wij bellen u morgen.", reply_to=None, seen_post=3)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("r")
        await opened(pilot)
        other.enqueue_reply(
            "demo", 1, {"body": "Wij bellen u morgen.", "reply_to": None,
                        "seen_post": 3},
            at=NOW, draft_from="Wij bellen u morgen.",
        )  # fmt: skip
        await pilot.press("ctrl+s", "j")
        await settle(app)
        await pilot.pause()
        assert any("andere sessie verstuurd of weggegooid" in n for n in notices(app))
        assert [o.body for o in desk.outgoing(1)] == ["Wij bellen u morgen."]
        await pilot.press("ctrl+s", "j")  # after all
        await settle(app)
        await pilot.pause()
    bodies = [o.body for o in desk.outgoing(1)]
    assert bodies == ["Wij bellen u morgen.", "Wij bellen u morgen."]


async def test_ctrl_z_after_a_merge_keeps_the_colleagues_text(
    desk: Desk, other: Store
) -> None:
    """ctrl+z after a merge, meant for one's own last words, does not take
    the other session's sentence out (the next save would delete it for
    both)."""
    desk.save_draft(1, "Beste klant.", reply_to=None, seen_post=3)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", *" Wij bellen u.")
        other.save_draft(
            "demo", Draft(1, "Beste klant. PS van de collega.", None, 3, NOW)
        )
        await pilot.press("!")  # a save after the other's, however slow the typing
        screen.composer.flush()
        await settle(app)
        await pilot.pause()
        assert "PS van de collega." in screen.composer.text  # merged
        await pilot.press("ctrl+z")  # undo "my last typing"
        screen.composer.flush()
        await settle(app)
        await pilot.pause()
    (stored,) = desk.store.drafts("demo", 1)
    assert "PS van de collega." in stored.body, stored.body


async def test_a_bug_in_a_writes_answer_is_told_not_lost(desk: Desk) -> None:
    """A bug in the answer to a write (not only in the write) is logged and
    told on screen, not lost to asyncio's exception handler."""
    from textual.app import App

    from deskapp.screens.writes import write_beside

    app: App[None] = App()
    async with app.run_test() as pilot:

        def done(result: int) -> None:
            raise ValueError("a bug in the answer")

        write_beside(desk, lambda: 1, done, lambda err: app.notify(str(err)))
        await pilot.pause(0.2)
        await pilot.pause()
        assert any("ValueError" in n.message for n in app._notifications)


async def test_the_other_sessions_text_met_by_the_first_of_two_saves_stays(
    desk: Desk, other: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two saves on their way (the store busy); the other session's text is
    met by the first of them: the second merges from what it was typed on,
    so the composer and the store end with both sessions' words."""
    desk.save_draft(1, "Beste klant,", reply_to=None, seen_post=3)
    release = held(monkeypatch, desk, "merge_draft")
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", *" wij")
        screen.composer.flush()  # save 1: waits
        other.save_draft(
            "demo", Draft(1, "Beste klant,\n\nPS: bel gerust.", None, 3, NOW)
        )
        await pilot.press(*" bellen u")
        screen.composer.flush()  # save 2: behind it
        release.set()
        await opened(pilot)
        text = screen.composer.text
        assert "wij bellen u" in text and "PS: bel gerust." in text
        await pilot.press("escape", "escape")
        await pilot.pause()
    (stored,) = desk.store.drafts("demo", 1)
    assert stored.body == text


async def test_leaving_after_a_failed_save_saves_the_words_again(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The save fails (the store held too long); esc esc right after: leaving
    saves the text again, so nothing typed is lost."""
    real = desk.merge_draft
    calls = 0

    def once_busy(*args: Any, **kwargs: Any) -> tuple[str | None, str | None]:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise StoreError("De lokale opslag is bezet door een andere deskapp.")
        return real(*args, **kwargs)

    monkeypatch.setattr(desk, "merge_draft", once_busy)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", *"Wij bellen u")
        screen.composer.flush()
        await opened(pilot)
        assert any("niet bewaard" in n for n in notices(app))
        await pilot.press("escape", "escape")
        await pilot.pause()
    (stored,) = desk.store.drafts("demo", 1)
    assert stored.body == "Wij bellen u"


async def test_a_reply_queued_after_n_leaves_the_next_composer_alone(
    desk: Desk, other: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+s, j, then n while the reply waits on a busy store: when it is
    queued, what stays of the first question's draft (the other session's
    addition) stays with that question, not in the next one's composer."""
    release = held(monkeypatch, desk, "queue_reply")
    app = StepHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", *"Wij bellen u.", "ctrl+s", "j")
        await pilot.pause()
        other.save_draft(
            "demo", Draft(1, "Wij bellen u. PS van de collega.", None, 3, NOW)
        )
        await pilot.press("escape", "n")
        release.set()
        await opened(pilot)
        assert screen.question_id == 2
        assert screen.composer.text == ""
        assert not screen.composer.editor.read_only
    assert [d.body for d in desk.store.drafts("demo", 1)] == ["PS van de collega."]
    assert desk.store.drafts("demo", 2) == []
