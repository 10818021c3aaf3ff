"""Huge forum content neither hangs nor crashes the desk, and stays readable.

A 5,000-character title is cut with a visible "…"; a 1 MB post is shown cut
with a line saying how much is left and that e shows all of it; a thread of
10,000 posts opens and can be walked to its end. Each test runs under a
generous guard (60 s): "does not hang", not a timing target.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from textual.widgets import TextArea

from deskapp.app import DeskApp
from deskapp.models import Person, Role, Thread
from deskapp.screens.fulltext import FullTextScreen
from deskapp.screens.question import QuestionScreen
from deskapp.text import clean
from deskapp.triage import TriageRules
from deskapp.widgets.post_view import POST_LIMIT, PostCut, cut_post
from deskapp.widgets.question_list import QuestionList
from deskapp.widgets.thread_view import WINDOW, ThreadHeader, ThreadView
from tests.factories import CLIENT, STAFF, make_thread
from tests.hostile import screen_text
from tests.test_inbox import settle as settle_app
from tests.test_question_screen import QuestionApp, make_desk, settle

GUARD = 60.0
LONG_TITLE = "Uitkering " + "heel lang " * 499  # 5,000 characters
PARAGRAPH = "Dit is een lange alinea over de uitkering, de huur en de toeslag. " * 15
HUGE_POST = (PARAGRAPH + "\n\n") * 1000 + "Het einde van het bericht."
MANY = 10_000


def guarded(test: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """Fail (instead of hanging the suite) when ``test`` takes over a minute."""

    @functools.wraps(test)
    async def run(*args: object, **kwargs: object) -> None:
        await asyncio.wait_for(test(*args, **kwargs), GUARD)

    return run


def test_a_post_is_cut_at_a_paragraph_and_the_rest_is_kept() -> None:
    """Nothing is lost: what is shown and the rest make the whole post."""
    shown, rest = cut_post(HUGE_POST)
    assert shown + rest == HUGE_POST
    assert POST_LIMIT // 2 < len(shown) <= POST_LIMIT and rest.startswith("\n\n")
    assert cut_post("kort") == ("kort", "")
    one_line = "x" * (POST_LIMIT + 5)
    assert cut_post(one_line) == ("x" * POST_LIMIT, "xxxxx")


@guarded
async def test_a_long_title_is_cut_with_an_ellipsis(tmp_path: Path) -> None:
    """The inbox row and the question's header end the title with "…"."""
    from tests.inbox_app import make_desk as inbox_desk

    desk = inbox_desk(tmp_path)
    desk.store.save_threads(
        "demo", [make_thread(7, LONG_TITLE, [CLIENT])], TriageRules()
    )
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_app(app)
        app.push_screen(QuestionScreen(desk, 7))
        await settle_app(app)
        await pilot.pause()
        header = str(app.screen.query_one(ThreadHeader).render())
        assert "Uitkering heel lang" in header and "…" in header.splitlines()[1]
        assert len("".join(header.splitlines()[:2])) <= 300
        await pilot.press("escape")
        await settle_app(app)
        rows = app.inbox.query_one(QuestionList)
        lines = [rows.render_line(y).text for y in range(rows.size.height)]
        row = next(line for line in lines if "Uitkering heel lang" in line)
        assert "…" in row and len(row) <= 80


@guarded
async def test_a_long_title_leaves_the_rest_of_the_header_on_screen(
    tmp_path: Path,
) -> None:
    """At 80x24 the title takes two rows, ending in "…"; the assignee, the
    link and who is writing a reply stay on screen below it."""
    from tests.inbox_app import make_desk as inbox_desk

    desk = inbox_desk(tmp_path)
    url = "https://forum.example/t/" + "uitkering-heel-lang-" * 12 + "/7"
    thread = make_thread(7, LONG_TITLE, [CLIENT], assigned_to="j.devries", url=url)
    desk.store.save_threads("demo", [thread], TriageRules())

    async def replying(question_id: int) -> list[Person]:
        return [Person("anouk", "Anouk", Role.CLIENT)]

    desk.replying = replying  # type: ignore[method-assign]
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle_app(app)
        app.push_screen(QuestionScreen(desk, 7))
        await settle_app(app)
        await pilot.pause()
        rows = screen_text(app).splitlines()
        top = next(n for n, row in enumerate(rows) if "Uitkering heel lang" in row)
        assert rows[top + 1].rstrip().endswith("…"), rows[top : top + 3]
        assert "heel lang" not in rows[top + 2], rows[top : top + 3]
        header = "\n".join(rows[top : top + 6])
        assert "toegewezen aan: j.devries" in header, header
        assert "#7  https://forum.example/t/uitkering-heel-lang-" in header, header
        assert "Anouk is een antwoord aan het schrijven" in header, header


@guarded
async def test_a_huge_post_is_cut_with_a_marker_and_read_in_full(
    tmp_path: Path,
) -> None:
    """The marker says how much is left and which key shows it; e shows the
    whole post, to its last line; esc goes back."""
    thread = make_thread(70, "Een heel lang bericht", [CLIENT, STAFF],
                         texts=[HUGE_POST, "Kort antwoord."])  # fmt: skip
    app = QuestionApp(make_desk(tmp_path, [thread]), 70)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        cut = app.screen.query_one(PostCut)
        left = round(len(cut_post(HUGE_POST)[1].encode()) / 1000)
        assert str(cut.render()) == f"… (nog {left} kB, druk op e om alles te lezen)"
        assert left > 900
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FullTextScreen)
        area = app.screen.query_one(TextArea)
        assert area.text == clean(HUGE_POST)
        await pilot.press("G")
        await pilot.pause()
        assert "Het einde van het bericht." in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert "Het einde van het bericht." not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


def long_thread() -> Thread:
    """A question with 10,000 posts, client and staff taking turns."""
    return make_thread(
        80, "Een heel lange draad", [CLIENT, STAFF] * (MANY // 2),
        texts=[f"bericht {n}" for n in range(MANY)], step=timedelta(minutes=1),
    )  # fmt: skip


@guarded
async def test_a_thread_of_ten_thousand_posts_opens_and_walks(tmp_path: Path) -> None:
    """A window of posts is mounted; G shows the last post, g the first, and
    the cursor carries the window along."""
    app = QuestionApp(make_desk(tmp_path, [long_thread()]), 80)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ThreadView)
        assert len(view.children) <= WINDOW + 2
        more = [str(w.render()) for w in view.query(".thread-more")]
        assert more == [f"↓ nog {MANY - WINDOW} berichten · ] of G"]
        await pilot.press("G")
        await settle(pilot)
        assert "bericht 9999" in screen_text(app)
        assert view.start == MANY - WINDOW
        more = [str(w.render()) for w in view.query(".thread-more")]
        assert more == [f"↑ {MANY - WINDOW} eerdere berichten · [ of g"]
        await pilot.press("g")
        await settle(pilot)
        assert "bericht 0" in screen_text(app) and view.start == 0
        app.screen.action_post(150)  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.pause()
        assert view.current_post is not None and view.current_post.number == 151
        assert view.start <= 150 < view.start + WINDOW
        assert "bericht 150" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "bericht 150"
