"""The inbox as a user drives it: keys in; rows, tabs and notifications out."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from textual.widgets import Input

from deskapp.app import DeskApp
from deskapp.screens.filters import FilterScreen
from deskapp.screens.help import HelpScreen
from deskapp.screens.inbox import InboxScreen
from deskapp.screens.question import QuestionScreen
from deskapp.views import Sort, ViewFilter
from deskapp.widgets.question_list import QuestionList
from tests.factories import CLIENT, STAFF, make_thread
from tests.inbox_app import NOW, make_desk

# Default order: urgent (1), then waiting for staff longest first:
# 2 (since T0-1d+2h), 6 (T0+1d), 3 (T0+5h)... computed by the store.
DEFAULT_ORDER = [1, 2, 3, 6, 4]


async def settle(app: DeskApp) -> None:
    """Wait until no worker runs (cancelled ones included), then a refresh.

    The listener of the forum's message bus runs for the life of the app, so
    it is not waited for.
    """
    desk = getattr(app, "desk", None)
    while True:
        if desk is not None:  # the screens' store writes, and their answers
            await asyncio.to_thread(desk.writes_done)
            await asyncio.sleep(0)
        running = [
            w
            for w in app.workers
            if (w.is_running or w.state.name == "PENDING") and w.group != "listen"
        ]
        if not running:
            break
        await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
    await asyncio.sleep(0.01)


def rows(app: DeskApp) -> list[int]:
    """The question ids of the current view, in order."""
    return list(app.inbox.window.ids)


def cursor(app: DeskApp) -> int | None:
    """The id under the cursor."""
    return app.inbox.query_one(QuestionList).current_id


async def test_opens_on_open_questions_in_default_order(tmp_path: Path) -> None:
    """Solved questions stay out; urgent first; the header counts add up."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause()
        assert rows(app) == [1, 2, 3, 6, 4]
        counts = str(app.inbox.query_one("#counts").render())
        assert "5 open" in counts
        assert "1 urgent" in counts
        assert "1 van mij" in counts
        assert "te laat" in counts
        tabs = str(app.inbox.query_one("#tabs").render())
        assert "[1 Alles 5]" in tabs
        assert "2 Urgent 1" in tabs


async def test_movement_keys(tmp_path: Path) -> None:
    """j/k, arrows, G/g, PgDn/PgUp move the cursor over the view."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        order = rows(app)
        await pilot.press("j")
        assert cursor(app) == order[1]
        await pilot.press("down", "down")
        assert cursor(app) == order[3]
        await pilot.press("k", "up")
        assert cursor(app) == order[1]
        await pilot.press("G")
        assert cursor(app) == order[-1]
        await pilot.press("g")
        assert cursor(app) == order[0]
        await pilot.press("pagedown")
        assert cursor(app) == order[-1]
        await pilot.press("pageup")
        assert cursor(app) == order[0]


async def test_search_as_you_type_and_escape(tmp_path: Path) -> None:
    """/ opens the search; each key narrows the view; esc brings all back."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("slash", "k", "o", "s", "t")
        await settle(app)
        assert isinstance(app.focused, Input)
        assert rows(app) == [4]
        assert app.inbox.query_one(QuestionList).highlight == ("kost",)
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await pilot.press("l", "o", "o", "n")
        await settle(app)
        assert rows(app) == [2]  # found in a post, not the title
        await pilot.press("enter")
        assert isinstance(app.focused, QuestionList)
        await pilot.press("escape")
        await settle(app)
        assert rows(app) == DEFAULT_ORDER
        assert not app.inbox.query_one("#search").display


async def test_sections_switch_with_digits(tmp_path: Path) -> None:
    """1..9 switch tabs; each shows its own questions."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("2")
        await settle(app)
        assert rows(app) == [1]
        await pilot.press("5")
        await settle(app)
        assert rows(app) == [2]
        await pilot.press("9")  # no ninth section: nothing changes
        await settle(app)
        assert rows(app) == [2]
        await pilot.press("1")
        await settle(app)
        assert rows(app) == DEFAULT_ORDER


async def test_sort_cycles(tmp_path: Path) -> None:
    """s changes the order and says which one is used."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        seen = []
        for _ in range(len(Sort)):
            await pilot.press("s")
            await settle(app)
            seen.append(app.inbox.section.sort)
        assert set(seen) == set(Sort)
        assert seen[-1] is Sort.URGENT
        await pilot.press("s", "s", "s")  # -> newest
        await settle(app)
        assert app.inbox.section.sort is Sort.NEWEST
        assert rows(app) == [6, 3, 4, 1, 2]  # 1 and 4 asked at once: higher id first
        assert "nieuwste" in str(app.inbox.query_one("#status").render())


async def test_filter_panel(tmp_path: Path) -> None:
    """f opens the filters; a choice narrows the view; ctrl+r clears."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("space")  # first category: Inkomen & uitkering
        await pilot.press("ctrl+s")
        await settle(app)
        assert isinstance(app.screen, InboxScreen)
        assert rows(app) == [1, 3, 4]
        assert "filter aan" in str(app.inbox.query_one("#status").render())
        await pilot.press("f", "ctrl+r")
        await settle(app)
        assert rows(app) == DEFAULT_ORDER
        await pilot.press("f", "escape")
        await settle(app)
        assert rows(app) == DEFAULT_ORDER


async def test_each_filter_of_the_panel(tmp_path: Path) -> None:
    """Every filter the panel offers narrows the view as named."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)):
        await settle(app)
        cases = {
            ViewFilter(unassigned=True): [1, 3, 6, 4],
            ViewFilter(mine=True): [2],
            ViewFilter(no_staff_answer=True): [1, 3, 6],
            ViewFilter(categories=("zorg-wmo",)): [2, 6],
        }
        for flt, expected in cases.items():
            app.inbox._filtered(flt)
            await settle(app)
            assert rows(app) == expected, flt


async def test_open_step_and_return(tmp_path: Path) -> None:
    """enter opens; n/p step through the view; esc returns to the last one."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("j", "enter")
        await settle(app)
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.question_id == DEFAULT_ORDER[1]
        await pilot.press("n")
        await settle(app)
        assert app.screen.question_id == DEFAULT_ORDER[2]
        await pilot.press("p", "p")
        await settle(app)
        assert app.screen.question_id == DEFAULT_ORDER[0]
        await pilot.press("escape")
        await settle(app)
        assert isinstance(app.screen, InboxScreen)
        assert cursor(app) == DEFAULT_ORDER[0]


async def test_cursor_stays_on_its_question_through_a_refresh(tmp_path: Path) -> None:
    """New questions arriving above do not move the cursor off its question."""
    desk = make_desk(tmp_path)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("j", "j")
        chosen = cursor(app)
        urgent = make_thread(40, "Deurwaarder staat voor de deur", [CLIENT], start=NOW)
        desk.store.save_threads("demo", [urgent], desk.rules)
        app.inbox.refresh_view()
        await settle(app)
        assert rows(app)[:2] == [1, 40]  # urgent, so above the cursor
        assert cursor(app) == chosen
        # and a question that leaves the view (answered) moves it to a neighbour
        answered = make_thread(
            chosen, "x", [CLIENT, STAFF], accepted_post_id=chosen * 100 + 1
        )
        desk.store.save_threads("demo", [answered], desk.rules)
        app.inbox.refresh_view()
        await settle(app)
        assert chosen not in rows(app)
        assert cursor(app) is not None


async def test_help_lists_the_keys(tmp_path: Path) -> None:
    """? shows every binding of the inbox with its id; esc closes."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.table
        ids = [str(cell) for cell in table.columns[2].cells]
        for ident in ("inbox.search", "inbox.filters", "inbox.sort", "inbox.sync",
                      "inbox.help", "inbox.down", "inbox.open", "app.quit"):  # fmt: skip
            assert ident in ids
        await pilot.press("escape")
        assert isinstance(app.screen, InboxScreen)


async def test_palette_lists_every_inbox_action(tmp_path: Path) -> None:
    """ctrl+p finds the inbox actions by name and runs them."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        titles = [c[0] for c in app.inbox.palette_commands()]
        assert {"Zoeken", "Filters", "Sorteren", "Synchroniseren"} <= set(titles)
        assert "Weergave: Van mij" in titles
        await pilot.press("ctrl+p")
        await pilot.pause()
        for key in "weergave van mij":
            await pilot.press("space" if key == " " else key)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(app)
        assert rows(app) == [2]


async def test_failed_sync_is_a_notification_not_a_crash(tmp_path: Path) -> None:
    """With the forum missing, r says why; the inbox and the status stay."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("r")
        await settle(app)
        await pilot.pause()
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors
        assert "demo seed" in errors[-1].message
        assert rows(app) == DEFAULT_ORDER
        assert "offline" in str(app.inbox.query_one("#status").render())


async def test_hostile_title_is_plain_text(tmp_path: Path) -> None:
    """Markup in a title is shown as typed and clicking it runs nothing."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(app)
        await pilot.pause()
        questions = app.inbox.query_one(QuestionList)
        line = questions.render_line(1 + rows(app).index(3)).text
        assert "[@click=app.quit]Klik[/]" in line
        assert "\x1b" not in line
        await pilot.click(QuestionList, offset=(60, 1 + rows(app).index(3)))
        await pilot.pause()
        assert app.is_running


async def test_search_for_a_lone_accent_does_not_crash(tmp_path: Path) -> None:
    """A search word that is only a combining accent highlights nothing."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("slash")
        app.inbox.query_one("#search", Input).value = "uitkering \u0301"
        await settle(app)
        questions = app.inbox.query_one(QuestionList)
        await pilot.pause()
        assert app.is_running
        assert "uitkering" in questions.render_line(1).text


async def test_keys_in_one_burst_land_where_they_were_typed(tmp_path: Path) -> None:
    """ "/ge⏎j" arriving at once (fast typist, SSH): search, then move."""
    from textual import events

    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        burst = [("slash", "/"), ("g", "g"), ("e", "e"), ("enter", "\r"), ("j", "j")]
        for key, char in burst:
            app._driver.send_message(events.Key(key, char))  # type: ignore[union-attr]
        await pilot.pause(0.3)
        await settle(app)
        assert app.inbox.query_one("#search", Input).value == "ge"
        assert isinstance(app.focused, QuestionList)
        assert rows(app) == [1, 2]  # "gestopt", "Gesprek"
        assert cursor(app) == 2


async def test_q_quits(tmp_path: Path) -> None:
    """q leaves the desk from the inbox."""
    app = DeskApp(make_desk(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_rate_limit_wait_is_shown_and_the_sync_comes_back(tmp_path: Path) -> None:
    """A 429: the status bar says how long the wait is; a sync is scheduled."""
    from deskapp.errors import RateLimitedError
    from deskapp.forum.pacing import RequestBudget
    from tests.factories import MemoryForum

    class Limited(MemoryForum):
        budget = RequestBudget(60)

        async def changed_questions(self, since):  # type: ignore[no-untyped-def]
            self.budget.pause(42)
            raise RateLimitedError("Slow down", retry_after=42)
            yield []  # an async generator, as the protocol has it

    desk = make_desk(tmp_path)
    desk._forum = Limited([])
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.pause()
        warnings = [n for n in app._notifications if n.severity == "warning"]
        assert any("42 s" in n.message for n in warnings)
        app.inbox.show_status(desk.status())
        assert "wacht 42 s op de limiet" in str(app.inbox.query_one("#status").render())


# -- drafts -----------------------------------------------------------------------


async def test_d_lists_open_drafts_newest_first(tmp_path: Path) -> None:
    """d: each draft with its title, age and first line; esc goes back."""
    from deskapp.screens.drafts import DraftsScreen

    desk = make_desk(tmp_path)
    desk.save_draft(4, "\nBeste meneer,\nuw zoon telt mee.", reply_to=None, seen_post=2)
    desk.now = lambda: NOW + timedelta(hours=3)
    desk.save_draft(1, "Bel ons vandaag nog.", reply_to=None, seen_post=1)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("d")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, DraftsScreen)
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        lines = [
            ln for ln in text.splitlines() if "Mijn uitkering" in ln or "Kosten" in ln
        ]
        assert "Bel ons vandaag nog." in lines[0]
        assert "3 u" in lines[1] and "Beste meneer," in lines[1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.inbox


async def test_a_draft_opens_in_the_composer_and_x_discards_after_asking(
    tmp_path: Path,
) -> None:
    """enter: the question with the draft in the open composer; x asks, j deletes."""
    from deskapp.screens.dialogs import ConfirmScreen
    from deskapp.screens.drafts import DraftsScreen

    desk = make_desk(tmp_path)
    desk.save_draft(1, "Bel ons", reply_to=None, seen_post=1)
    desk.now = lambda: NOW + timedelta(hours=1)
    desk.save_draft(6, "Reiskosten worden vergoed", reply_to=None, seen_post=1)
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app)
        await pilot.press("d")
        await settle(app)
        await pilot.press("enter")
        await settle(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question_id == 6
        assert screen.composer.is_open
        assert screen.composer.text == "Reiskosten worden vergoed"
        await pilot.press(*" deels")
        await pilot.press("escape", "escape")
        await settle(app)
        assert isinstance(app.screen, DraftsScreen)
        bodies = {d.question_id: d.body for d in app.screen.drafts}
        assert bodies[6] == "Reiskosten worden vergoed deels"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await settle(app)
        assert desk.draft(6) is None
        assert [d.question_id for d in app.screen.drafts] == [1]  # type: ignore[attr-defined]
