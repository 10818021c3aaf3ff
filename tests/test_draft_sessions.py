"""One question's draft typed in two sessions at once, and a busy store.

The second session is a second :class:`~deskapp.store.Store` on the same
file, as a second desk process has it. Nothing either session typed is lost:
a save that finds another text merges into it, and the composer shows the
merged text. And the screen keeps taking keys while another session holds
the store's write lock: the writes wait beside it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Static

from deskapp.desk import Desk
from deskapp.draftmerge import merge, moved_offset
from deskapp.models import Draft
from deskapp.store import Store
from tests.inbox_app import QuestionHarness, answering_desk
from tests.test_composer import notices, opened, type_reply

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


# -- the merge on its own -----------------------------------------------------


def test_edits_in_different_places_are_both_kept() -> None:
    base = "Beste klant,\n\nU krijgt bericht.\n\nMet vriendelijke groet"
    mine = base.replace("bericht.", "bericht van ons, binnen twee weken.")
    theirs = base.replace("Beste klant,", "Beste mevrouw Jansen,")
    merged = merge(base, theirs, mine)
    assert merged.startswith("Beste mevrouw Jansen,")
    assert "binnen twee weken." in merged


def test_a_draft_sent_or_thrown_away_elsewhere_keeps_this_text() -> None:
    assert merge("Hallo", None, "Hallo, hier ons antwoord") == (
        "Hallo, hier ons antwoord"
    )


def test_a_draft_untouched_here_and_gone_elsewhere_stays_gone() -> None:
    assert merge("Hallo", None, "Hallo") == ""


def test_emptying_it_here_leaves_what_the_other_added() -> None:
    merged = merge("Eerste zin.", "Eerste zin.\n\nPS: bel ons gerust.", "")
    assert merged.strip() == "PS: bel ons gerust."


def test_begun_in_both_at_once_both_stand_one_after_the_other() -> None:
    merged = merge(None, "Tekst van venster één", "Tekst van venster twee")
    assert merged == "Tekst van venster één\n\nTekst van venster twee"


def test_a_clash_in_the_same_words_loses_neither() -> None:
    merged = merge(
        "U krijgt 100 euro.", "Geheel anders: bel ons.", "U krijgt 250 euro."
    )
    assert "Geheel anders: bel ons." in merged and "250 euro" in merged


def test_the_cursor_moves_with_text_inserted_before_it() -> None:
    old = "Beste klant, tot ziens"
    new = "Beste mevrouw Jansen, tot ziens"
    assert new[moved_offset(old, new, old.index("tot")) :] == "tot ziens"


# -- two sessions in the question screen ----------------------------------------


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    desk = answering_desk(tmp_path)
    yield desk
    desk.store.close()


@pytest.fixture
def other(desk: Desk) -> Iterator[Store]:
    """The second session's store connection."""
    store = Store(desk.store.path)
    yield store
    store.close()


def draft(question_id: int, body: str) -> Draft:
    return Draft(question_id, body, None, 3, NOW)


async def test_typing_over_another_sessions_edit_merges_both(
    desk: Desk, other: Store
) -> None:
    """The other session adds a PS while this one types on: after the next
    save the composer and the store hold both, and the adviser is told on
    the composer's title line (a notice would cover the editor at 80×24)
    until the composer closes."""
    desk.save_draft(1, "Beste klant,", reply_to=None, seen_post=3)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert screen.composer.text == "Beste klant,"
        await pilot.press("r")
        other.save_draft("demo", draft(1, "Beste klant,\n\nPS: bel ons gerust."))
        await pilot.press(*" wij helpen u")
        screen.composer.flush()  # the save the quiet period would ask
        await opened(pilot)
        text = screen.composer.text
        assert "wij helpen u" in text and "PS: bel ons gerust." in text
        title = screen.query_one("#composer-title", Static)
        assert str(title.content).startswith("Samengevoegd met een andere sessie")
        assert title.has_class("-note")
        assert not notices(app)
        await pilot.press(*" snel")  # the cursor stayed where the typing was
        await opened(pilot)
        assert "wij helpen u snel" in screen.composer.text
        assert str(title.content).startswith("Samengevoegd")  # typing keeps it
        await pilot.press("escape", "r")
        await opened(pilot)
        assert str(title.content) == "Antwoord op de vraag"
    (stored,) = desk.store.drafts("demo", 1)
    assert stored.body == screen.composer.text


async def test_r_takes_up_the_draft_begun_in_the_other_session(
    desk: Desk, other: Store
) -> None:
    """The question was open here before the other session began a draft:
    r opens that draft, and typing goes on at its end."""
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert screen.composer.text == ""
        other.save_draft("demo", draft(1, "Beste klant, wij bellen u."))
        await pilot.press("r", *" Tot dan.")
        assert screen.composer.text == "Beste klant, wij bellen u. Tot dan."
        assert not notices(app)  # nothing clashed: nothing to tell


async def test_r_goes_on_at_the_end_of_what_the_other_session_added(
    desk: Desk, other: Store
) -> None:
    """A folded draft here; the other session added to it: r opens the
    merged draft with the cursor at its end, as going on with a draft does."""
    desk.save_draft(1, "Tot straks.", reply_to=None, seen_post=3)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        other.save_draft("demo", draft(1, "Tot straks. Groet, Sanne"))
        await pilot.press("r", *" (A)")
        assert screen.composer.text == "Tot straks. Groet, Sanne (A)"


async def test_leaving_right_after_the_other_session_saved_loses_neither(
    desk: Desk, other: Store
) -> None:
    """esc at once (the save on leaving finds the other's text): both kept."""
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("r")
        other.save_draft("demo", draft(1, "Uit het andere venster."))
        await pilot.press(*"Uit dit venster.", "escape", "escape")
        await pilot.pause()
    (stored,) = desk.store.drafts("demo", 1)
    assert "Uit het andere venster." in stored.body
    assert "Uit dit venster." in stored.body


async def test_a_draft_sent_from_the_other_session_stays_here_as_a_new_one(
    desk: Desk, other: Store
) -> None:
    desk.save_draft(1, "Concept", reply_to=None, seen_post=3)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r")
        other.delete_draft("demo", 1)  # sent (or thrown away) over there
        await pilot.press(*" van mij")
        screen.composer.flush()  # the save the quiet period would ask
        await opened(pilot)
        assert screen.composer.text == "Concept van mij"
        title = str(screen.query_one("#composer-title", Static).content)
        assert title.startswith("Elders verstuurd of weggegooid")
    (stored,) = desk.store.drafts("demo", 1)
    assert stored.body == "Concept van mij"


async def test_sending_keeps_what_the_other_session_wrote_meanwhile(
    desk: Desk, other: Store
) -> None:
    """This session sends its text; what the other session added to the
    draft in the meantime stays a draft — that alone, not the sent text
    again (sent from there, the client would get it twice)."""
    desk.save_draft(1, "Begin", reply_to=None, seen_post=3)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r", *" en einde")
        screen.composer.flush()  # the save the quiet period would ask
        await opened(pilot)
        (mine,) = desk.store.drafts("demo", 1)
        assert mine.body == "Begin en einde"
        other.save_draft("demo", replace(mine, body="Begin en einde. Nog een PS."))
        await pilot.press("ctrl+s", "j")
        await opened(pilot)
        assert screen.composer.text == "Nog een PS."
        assert not screen.composer.is_open  # folded away, as a draft
        assert any("andere sessie schreef" in n for n in notices(app))
    (kept,) = desk.store.drafts("demo", 1)
    assert kept.body == "Nog een PS."
    (sent,) = desk.outgoing(1)
    assert sent.body == "Begin en einde"


# -- a busy store ------------------------------------------------------------------


async def test_keys_are_taken_while_another_session_holds_the_store(
    desk: Desk,
) -> None:
    """Another desk holds the write lock while the draft is saved: the
    screen goes on taking keys (no freeze, no "database is locked"), and the
    draft is on disk once the store is free."""
    held, release, released = threading.Event(), threading.Event(), threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(desk.store.path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        release.wait(timeout=60)  # released by the test, long before
        conn.execute("COMMIT")
        conn.close()
        released.set()

    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        holder = threading.Thread(target=hold)
        holder.start()
        assert held.wait(timeout=30)
        await type_reply(pilot, "Wij bellen u")
        screen.composer.flush()  # the save is asked, and waits
        await pilot.pause(0.2)
        await pilot.press(*" morgen")
        assert screen.composer.text == "Wij bellen u morgen"
        assert not released.is_set()  # all this while the store was held
        release.set()
        holder.join()
        await pilot.press("escape")
        await opened(pilot)
        assert not [n for n in notices(app) if "niet bewaard" in n or "locked" in n]
    (stored,) = desk.store.drafts("demo", 1)
    assert stored.body == "Wij bellen u morgen"


async def test_x_in_the_drafts_list_keeps_a_draft_changed_elsewhere(
    tmp_path: Path,
) -> None:
    """The drafts list shows a draft; the other session types on in it; x and
    j here throw away only what was shown: the changed draft stays, and the
    adviser is told."""
    from deskapp.app import DeskApp
    from deskapp.screens.drafts import DraftsScreen
    from tests.test_inbox import make_desk, settle

    desk = make_desk(tmp_path)
    desk.save_draft(1, "Bel ons", reply_to=None, seen_post=1)
    other = Store(desk.store.path)
    app = DeskApp(desk)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app)
            await pilot.press("d")
            await settle(app)
            assert isinstance(app.screen, DraftsScreen)
            other.save_draft("demo", draft(1, "Bel ons, of mail ons."))
            await pilot.press("x", "j")
            await settle(app)
            assert any("het blijft staan" in n for n in notices(app))
            assert [d.body for d in app.screen.drafts] == ["Bel ons, of mail ons."]
    finally:
        other.close()
    (kept,) = desk.store.drafts("demo", 1)
    assert kept.body == "Bel ons, of mail ons."


def test_a_store_held_too_long_says_so_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When another desk holds the store past the wait, the error says so in
    the adviser's words, not SQLite's "database is locked"."""
    import deskapp.store as store_module
    from deskapp.errors import StoreError

    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    store = Store(tmp_path / "store.sqlite")
    holder = sqlite3.connect(tmp_path / "store.sqlite", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreError) as raised:
            store.save_draft("demo", draft(1, "Wij bellen u."))
        holder.execute("ROLLBACK")
    finally:
        holder.close()
        store.close()
    said = str(raised.value)
    assert "bezet door een andere deskapp" in said
    assert "locked" not in said


async def test_the_drafts_list_shows_a_draft_begun_in_the_other_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The drafts list is open here; the other session begins a draft: the
    list shows it without leaving and coming back."""
    import deskapp.screens.drafts as drafts_module
    from deskapp.app import DeskApp
    from deskapp.screens.drafts import DraftsScreen
    from tests.test_inbox import make_desk, settle

    monkeypatch.setattr(drafts_module, "REFRESH", 0.2)
    desk = make_desk(tmp_path)
    desk.save_draft(1, "Bel ons", reply_to=None, seen_post=1)
    other = Store(desk.store.path)
    app = DeskApp(desk)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app)
            await pilot.press("d")
            await settle(app)
            assert isinstance(app.screen, DraftsScreen)
            assert [d.question_id for d in app.screen.drafts] == [1]
            other.save_draft("demo", draft(4, "Uw zoon telt mee."))
            await pilot.pause(0.6)
            await settle(app)
            assert sorted(d.question_id for d in app.screen.drafts) == [1, 4]
    finally:
        other.close()


async def test_an_idle_composer_shows_what_the_other_session_typed(
    desk: Desk, other: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The composer is open here and nothing is typed; the other session
    adds a line: within a look or two the composer shows it (with the note
    on its title line), the cursor where it was, and nothing is written
    back. Once this session types, its save merges as before."""
    from deskapp.screens import question_compose

    monkeypatch.setattr(question_compose, "DRAFT_POLL", 0.05)
    desk.save_draft(1, "Beste klant,", reply_to=None, seen_post=3)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("r")
        await opened(pilot)
        other.save_draft("demo", draft(1, "Beste klant,\n\nPS: bel ons gerust."))
        for _ in range(100):
            await pilot.pause(0.05)
            if "PS:" in screen.composer.text:
                break
        assert screen.composer.text == "Beste klant,\n\nPS: bel ons gerust."
        title = screen.query_one("#composer-title", Static)
        assert str(title.content).startswith("Samengevoegd")
        assert not screen.composer.dirty
        other.delete_draft("demo", 1)  # sent over there: stays here, not undone
        await pilot.pause(0.3)
        assert "PS:" in screen.composer.text
        assert desk.store.drafts("demo", 1) == []
