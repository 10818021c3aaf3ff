"""Finding existing knowledge-base answers while answering a question."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList

from deskapp.desk import Desk
from deskapp.kb import link_markdown
from deskapp.models import Thread
from deskapp.screens.question import QuestionScreen
from deskapp.triage import TriageRules
from deskapp.widgets.composer import Composer
from deskapp.widgets.kb_panel import SEARCH_QUIET, KbPanel
from deskapp.widgets.thread_view import ThreadView
from tests.factories import STAFF, make_thread
from tests.inbox_app import QuestionHarness, answering_desk
from tests.test_inbox import settle

STOPPED = (
    "## Vraag\n\nMijn uitkering is gestopt. Wat moet ik doen?\n\n## Antwoord\n\n"
    "Lees in de brief of uw uitkering is opgeschort of beëindigd. Bij opschorting"
    " levert u de ontbrekende gegevens aan."
)
ADVANCE = (
    "## Vraag\n\nMijn uitkering is nog niet betaald. Kan ik een voorschot krijgen?"
    "\n\n## Antwoord\n\nHeeft u na vier weken nog geen besluit? Dan kunt u een"
    " voorschot aanvragen via Mijn Werkplein."
)
TRAVEL = (
    "## Vraag\n\nKrijg ik reiskosten voor een sollicitatie vergoed?\n\n## Antwoord"
    "\n\nJa, reiskosten naar een sollicitatiegesprek vergoeden wij op aanvraag."
)


def articles() -> list[Thread]:
    """Three articles in the knowledge-base category."""
    return [
        make_thread(40, "Uitkering gestopt: wat nu?", [STAFF], texts=[STOPPED],
                    category_id=9, is_kb=True),
        make_thread(41, "Reiskosten voor een sollicitatie", [STAFF], texts=[TRAVEL],
                    category_id=9, is_kb=True),
        make_thread(42, "Voorschot op een uitkering", [STAFF], texts=[ADVANCE],
                    category_id=9, is_kb=True),
    ]  # fmt: skip


def kb_desk(tmp_path: Path) -> Desk:
    """The answering desk with :func:`articles` in its store."""
    desk = answering_desk(tmp_path)
    desk.store.save_threads("demo", articles(), TriageRules())
    return desk


def panel(app: App[None]) -> KbPanel:
    """The knowledge-base panel of the question screen."""
    return app.screen.query_one(KbPanel)


def titles(app: App[None]) -> list[str]:
    """The titles listed in the panel."""
    return [e.article.title for e in panel(app).entries]


async def shown(pilot: Pilot[None]) -> None:
    """Loaded, mounted, and no worker left running."""
    await settle(pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


async def test_f4_lists_the_articles_for_the_question(tmp_path: Path) -> None:
    """The article on a stopped benefit first, with its one-line summary."""
    app = QuestionHarness(kb_desk(tmp_path), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        assert not panel(app).display or not panel(app).region
        await pilot.press("f4")
        await shown(pilot)
        assert panel(app).is_open and panel(app).query_one(OptionList).has_focus
        assert titles(app)[0] == "Uitkering gestopt: wat nu?"
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "Lees in de brief of uw" in text
        assert "Uitkering gestopt: wat nu?" in text


async def test_enter_links_the_article_in_the_reply_and_records_it(
    tmp_path: Path,
) -> None:
    """Enter opens the composer with the link and summary; the use is recorded."""
    desk = kb_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("f4")
        await shown(pilot)
        article = panel(app).entries[0].article
        await pilot.press("enter")
        await shown(pilot)
        composer = app.screen.query_one(Composer)
        assert composer.is_open and composer.editor.has_focus
        assert composer.text == link_markdown(article)
        assert "(demo://t/40) — Lees in de brief" in composer.text
        assert desk.store.kb_links("demo") == [(1, 40)]


async def test_down_then_enter_links_the_second_article(tmp_path: Path) -> None:
    """The highlight moves over the articles (a rule between them)."""
    desk = kb_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("f4")
        await shown(pilot)
        second = panel(app).entries[1].article
        await pilot.press("down")
        assert panel(app).current == second
        await pilot.press("enter")
        await shown(pilot)
        assert app.screen.query_one(Composer).text == link_markdown(second)
        assert desk.store.kb_links("demo") == [(1, second.id)]


async def test_f4_from_the_composer_inserts_at_the_cursor(tmp_path: Path) -> None:
    """Text typed before stays; the link lands where the cursor was."""
    app = QuestionHarness(kb_desk(tmp_path), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("r", *"Zie ", "f4")
        await shown(pilot)
        assert panel(app).query_one(OptionList).has_focus
        await pilot.press("enter", *" en bel ons.")
        await shown(pilot)
        text = app.screen.query_one(Composer).text
        assert text.startswith("Zie [Uitkering gestopt: wat nu?](demo://t/40)")
        assert text.endswith(" en bel ons.")


async def test_slash_searches_the_knowledge_base(tmp_path: Path) -> None:
    """/ and a word: the matching article; esc leaves the search, esc again
    closes the panel and the thread has the keyboard."""
    app = QuestionHarness(kb_desk(tmp_path), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("f4", "slash", *"reiskosten")
        await pilot.pause(SEARCH_QUIET + 0.2)
        await shown(pilot)
        assert titles(app) == ["Reiskosten voor een sollicitatie"]
        assert "zoeken: reiskosten" in str(panel(app).query_one("#kb-title").render())
        await pilot.press("escape")
        assert panel(app).query_one(OptionList).has_focus
        await pilot.press("escape")
        await shown(pilot)
        assert not panel(app).is_open
        assert app.screen.query_one(ThreadView).has_focus


async def test_the_panel_follows_the_question_shown(tmp_path: Path) -> None:
    """n to the next question while the panel is open: its suggestions."""
    desk = kb_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        screen._step = lambda current, direction: 6 if current == 1 else None
        await pilot.press("f4")
        await shown(pilot)
        assert titles(app)[0] == "Uitkering gestopt: wat nu?"
        await pilot.press("escape")  # the panel keeps its place: closed
        await pilot.press("f4", "f4")  # open (to the panel), and closed again
        await shown(pilot)
        assert not panel(app).is_open
        await pilot.press("f4")
        screen.query_one(ThreadView).focus()
        await pilot.press("n")
        await shown(pilot)
        assert screen.question_id == 6
        assert titles(app)[0] == "Reiskosten voor een sollicitatie"
