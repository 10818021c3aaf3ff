"""The question screen as an adviser drives it: read, step, go back, stay safe."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from contextlib import suppress
from datetime import timedelta
from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock
from textual.worker import WorkerCancelled

from deskapp.config import demo_config
from deskapp.desk import Desk
from deskapp.models import Thread
from deskapp.screens.question import QuestionScreen
from deskapp.store import Store
from deskapp.triage import TriageRules
from deskapp.widgets.post_view import PostHeader, PostView
from deskapp.widgets.thread_view import ThreadHeader, ThreadView
from tests.factories import (
    ADVISER,
    CATEGORIES,
    CLIENT,
    OTHER_CLIENT,
    PEER,
    STAFF,
    T0,
    make_thread,
)  # fmt: skip

NOW = T0 + timedelta(days=2)
HOSTILE_POST = (
    "[@click=app.quit]Klik hier[/] en [link=https://evil.example]docs[/link]\n\n"
    "<b>vet?</b> <script>alert(1)</script>\n\n"
    "Einde\x1b]52;c;ZXZpbA==\x1b\\ \x1b]0;titel\x07 \x1b]8;;https://evil\x1b\\x"
    " \x1b[2J \x9b31m \x9d0;C1\x9c \x1bPdcs\x1b\\ &#27;]52;c;QUFB&#7; &#x202E;omgekeerd"
)
ESCAPES = ("\x1b]", "\x1bP", "\x07", "\u202e", "ZXZpbA==", "titel", "dcs")


def replying(thread: Thread, number: int, to: int) -> Thread:
    """``thread`` with post ``number`` marked as a reply to post ``to``."""
    posts = tuple(
        dataclasses.replace(p, reply_to=to) if p.number == number else p
        for p in thread.posts
    )
    return dataclasses.replace(thread, posts=posts)


def threads() -> list[Thread]:
    """Known threads: plain, answered, hostile, advised, solved."""
    answered = make_thread(
        2, "Gesprek met klantmanager voorbereiden", [OTHER_CLIENT, STAFF, OTHER_CLIENT],
        texts=["Hoe bereid ik me voor?", "Neem uw **loonstroken** mee.\n\n- paspoort\n- huurcontract", "Dank!"],
        start=T0 - timedelta(days=1), category_id=2, assigned_to="j.devries",
        tags=("gesprek", "voorbereiding"),
    )  # fmt: skip
    return [
        make_thread(1, "Mijn uitkering is gestopt, wat nu?", [CLIENT], start=T0),
        replying(answered, 2, to=1),
        make_thread(
            3,
            "[@click=app.quit]Klik[/] \x1b]52;c;ZXZpbA==\x1b\\Huur",
            [CLIENT, PEER],
            texts=[HOSTILE_POST, "Ik weet het ook niet."],
            start=T0 + timedelta(hours=5),
        ),
        make_thread(4, "Kostendelersnorm bij inwonende zoon", [CLIENT, ADVISER]),
        make_thread(5, "Opgelost", [CLIENT, STAFF], accepted_post_id=501),
    ]


def make_desk(tmp_path: Path, extra: Sequence[Thread] = ()) -> Desk:
    """A desk over a store holding the known threads, its clock pinned."""
    config = dataclasses.replace(demo_config(), store_path=tmp_path / "s.sqlite")
    store = Store(config.store_path)
    store.save_categories("demo", CATEGORIES)
    store.save_threads("demo", [*threads(), *extra], TriageRules())
    return Desk(config, config.forum(), store, clock=lambda: NOW)


def stepper(order: Sequence[int]) -> Callable[[int, int], int | None]:
    """The inbox's ``step`` over a fixed view ``order``."""

    def step(current: int, direction: int) -> int | None:
        if current not in order:
            return None  # as the inbox: the question left the view
        index = order.index(current) + direction
        return order[index] if 0 <= index < len(order) else None

    return step


class QuestionApp(App[None]):
    """A bare app that opens one question and records the dismiss result."""

    def __init__(
        self,
        desk: Desk,
        question_id: int,
        order: Sequence[int] | None = None,
        *,
        compose: bool = False,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.question_id = question_id
        self.compose_at_start = compose
        self.step = stepper(order) if order else None
        self.results: list[int | None] = []
        self.opened: list[str] = []

    def on_mount(self) -> None:
        """Push the screen under test."""
        screen = QuestionScreen(
            self.desk, self.question_id, step=self.step, compose=self.compose_at_start
        )
        self.push_screen(screen, callback=self.results.append)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Record instead of starting a browser."""
        self.opened.append(url)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until loading and mounting are done (a dismiss cancels the loader)."""
    for _ in range(2):
        with suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def header_text(app: App[None]) -> str:
    """The plain text of the facts block."""
    return str(app.screen.query_one(ThreadHeader).render())


def thread_text(app: App[None]) -> str:
    """The plain text of every post header and Markdown block, scrolled or not."""
    lines: list[str] = []
    for view in app.screen.query(PostView):
        lines.append(str(view.query_one(PostHeader).render()))
        lines += [str(block.render()) for block in view.query(MarkdownBlock)]
    return "\n".join(lines)


def screen_text(app: App[None]) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def terminal_output(app: App[None]) -> str:
    """The exact sequence a full repaint would write to the terminal."""
    update = app.screen._compositor.render_full_update()
    return update.render_segments(app.console)


def notices(app: App[None]) -> list[str]:
    """The messages of all notifications so far."""
    return [n.message for n in app._notifications]


async def test_header_shows_state_tags_and_assignee(tmp_path: Path) -> None:
    """The facts block: title, state, category, tags, assignee, wait, id, url."""
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = header_text(app)
        assert text.startswith("Gesprek met klantmanager voorbereiden\n")
        for fact in ("wacht op ons", "Zorg & Wmo", "tags: gesprek, voorbereiding",
                     "toegewezen aan: j.devries", "wacht ", "#2", "demo://t/2"):  # fmt: skip
            assert fact in text
        assert "Gesprek met klantmanager" in screen_text(app)


async def test_unassigned_question_says_niemand(tmp_path: Path) -> None:
    """Nobody assigned shows as "niemand", no tags as "geen"."""
    app = QuestionApp(make_desk(tmp_path), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = header_text(app)
        assert "toegewezen aan: niemand" in text
        assert "tags: geen" in text
        assert "nieuw" in text


async def test_posts_show_role_badges_and_local_times(tmp_path: Path) -> None:
    """Each post: number, name, @username, [role], Dutch weekday and local time."""
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        headers = [str(h.render()) for h in app.screen.query(PostHeader)]
        assert headers[0] == "#1 Mo @mo [klant]  zo 01-11-2026 10:00"
        assert headers[1] == (
            "#2 Jan de Vries @j.devries [Werkplein]  zo 01-11-2026 11:00"
            "  antwoord op #1"
        )
        assert "[klant]" in headers[2]
        assert app.screen.query(PostView)[1].has_class("-staff")


async def test_adviser_peer_and_accepted_answer(tmp_path: Path) -> None:
    """Advisers and peers have their own badge; the accepted answer is marked."""
    app = QuestionApp(make_desk(tmp_path), 5, order=[4, 5, 3])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "✔ geaccepteerd antwoord" in thread_text(app)
        assert app.screen.query(PostView)[1].has_class("-accepted")
        await pilot.press("p")
        await settle(pilot)
        assert "[adviseur]" in thread_text(app)
        await pilot.press("n", "n")
        await settle(pilot)
        assert "Buurman @buurman [peer]" in thread_text(app)


async def test_markdown_is_rendered(tmp_path: Path) -> None:
    """Bold loses its asterisks, lists get bullets."""
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Neem uw loonstroken mee." in text
        assert "**" not in text
        assert "• paspoort" in text


async def test_n_and_p_step_through_the_view_and_stop_at_the_ends(
    tmp_path: Path,
) -> None:
    """n/p load neighbours in place; at either end a notice, and the screen stays."""
    app = QuestionApp(make_desk(tmp_path), 4, order=[2, 4, 1])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Kostendelersnorm" in header_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert "Mijn uitkering is gestopt" in header_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert notices(app)[-1] == "Laatste vraag in deze weergave"
        assert "Mijn uitkering is gestopt" in header_text(app)
        await pilot.press("p", "p")
        await settle(pilot)
        assert "Gesprek met klantmanager" in header_text(app)
        assert "Neem uw loonstroken mee." in thread_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert notices(app)[-1] == "Eerste vraag in deze weergave"
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.question_id == 2


async def test_n_goes_on_after_the_question_left_the_view(tmp_path: Path) -> None:
    """Answering a question takes it out of "Wacht op ons": n still goes on to
    the question that followed it, p to the one before."""
    order = [2, 4, 1]
    app = QuestionApp(make_desk(tmp_path), 4, order=order)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        order.remove(4)  # answered: the inbox's view no longer holds it
        await pilot.press("n")
        await settle(pilot)
        assert "Mijn uitkering is gestopt" in header_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert "Gesprek met klantmanager" in header_text(app)


async def test_escape_dismisses_with_the_last_shown_id(tmp_path: Path) -> None:
    """After stepping, esc hands the inbox the id now on screen."""
    app = QuestionApp(make_desk(tmp_path), 2, order=[2, 4, 1])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [4]
        assert not isinstance(app.screen, QuestionScreen)


async def test_without_step_n_says_this_is_the_last(tmp_path: Path) -> None:
    """Opened without a view, n and p stay put with a notice."""
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        assert notices(app)[-1] == "Laatste vraag in deze weergave"
        assert isinstance(app.screen, QuestionScreen)


async def test_o_notifies_the_url_and_opens_nothing(tmp_path: Path) -> None:
    """o shows the topic URL; no browser is started."""
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        assert notices(app)[-1] == "demo://t/2"
        assert app.opened == []


async def test_missing_question_dismisses_with_a_notice(tmp_path: Path) -> None:
    """A question gone from the store: a notice, and back with its id."""
    app = QuestionApp(make_desk(tmp_path), 999)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.results == [999]
        assert notices(app) == ["Deze vraag staat niet (meer) in de opslag."]


async def test_scroll_keys_move_through_a_hundred_posts(tmp_path: Path) -> None:
    """100 posts all arrive; j, space, G, g and b move the thread."""
    long = make_thread(
        50, "Lange draad", [CLIENT, STAFF] * 50,
        texts=[f"Bericht **{n}**, *kort*." for n in range(100)],
    )  # fmt: skip
    app = QuestionApp(make_desk(tmp_path, [long]), 50)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("G")  # before the posts are all in
        await settle(pilot)
        view = app.screen.query_one(ThreadView)
        assert len(view.query(PostView)) == 100
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        await pilot.press("j")
        assert view.scroll_y == 1
        await pilot.press("space")
        assert view.scroll_y > 10
        await pilot.press("G")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0
        assert "Bericht 99" in screen_text(app)
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("G", "b")
        assert view.scroll_y < view.max_scroll_y


# --- Hostile forum text -------------------------------------------------------


async def test_markup_in_a_post_is_literal_text(tmp_path: Path) -> None:
    """[@click=…] and [link=…] show as written, and clicking them does nothing."""
    app = QuestionApp(make_desk(tmp_path), 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert (
            "[@click=app.quit]Klik hier[/] en [link=https://evil.example]docs" in text
        )
        assert "[@click=app.quit]Klik[/] \u241bHuur" in header_text(app)
        body = app.screen.query(PostView)[0].query(MarkdownBlock)[0]
        await pilot.click(body, offset=(3, 0))
        await pilot.click(ThreadHeader, offset=(3, 0))
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, QuestionScreen)
        assert app.opened == []


async def test_raw_html_shows_as_text(tmp_path: Path) -> None:
    """HTML in a post is neither interpreted nor dropped."""
    app = QuestionApp(make_desk(tmp_path), 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "<b>vet?</b> <script>alert(1)</script>" in screen_text(app)


async def test_escape_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    """OSC/CSI/DCS/C1, entity-encoded ESC and bidi overrides are all gone."""
    app = QuestionApp(make_desk(tmp_path), 3)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Einde" in screen_text(app)
        output = terminal_output(app)
        assert "Einde" in output
        for bad in ESCAPES:
            assert bad not in output
        assert not any("\x80" <= ch <= "\x9f" for ch in output)
        assert "\ufffd]52;c;QUFB\ufffd" in output  # decoded entities: inert text
        assert "\x1b[2J" not in output


async def test_link_click_notifies_the_url_and_opens_nothing(tmp_path: Path) -> None:
    """A clicked Markdown link is shown (with a hidden target made visible)."""
    post = make_thread(
        60, "Links", [STAFF],
        texts=["Zie [werkplein.nl](https://evil.example/x) voor meer."],
    )  # fmt: skip
    app = QuestionApp(make_desk(tmp_path, [post]), 60)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Zie werkplein.nl <https://evil.example/x> voor meer." in screen_text(
            app
        )
        paragraph = app.screen.query(PostView)[0].query(MarkdownBlock)[0]
        await pilot.click(paragraph, offset=(6, 0))
        await pilot.pause()
        assert notices(app)[-1] == "https://evil.example/x"
        assert app.opened == []
        assert isinstance(app.screen, QuestionScreen)


async def test_link_with_encoded_escapes_is_cleaned(tmp_path: Path) -> None:
    """A link's URL is percent-decoded by Textual; what we show is cleaned again."""
    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        body = app.screen.query(Markdown).first()
        body.post_message(
            Markdown.LinkClicked(body, "https://x.example/%1b]52;c;QQ==%07")
        )
        await pilot.pause()
        assert notices(app)[-1] == "https://x.example/\u241b"  # the OSC as one ␛
        assert app.opened == []


# --- Keys and the composer ----------------------------------------------------


async def test_help_lists_reading_answering_and_composer_keys(tmp_path: Path) -> None:
    """? shows every key with its id, the composer's and the knowledge-base
    panel's too, as configured."""
    from deskapp.screens.help import HelpScreen

    app = QuestionApp(make_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.set_keymap({"composer.send": "ctrl+s,f9"})
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.table
        ids = [str(cell) for cell in table.columns[2].cells]
        keys = dict(zip(ids, (str(c) for c in table.columns[0].cells), strict=True))
        for ident in ("question.reply", "question.quote", "question.accept",
                      "question.assign_me", "question.assign_other", "question.tags",
                      "question.close", "question.snooze", "question.next_post",
                      "question.retry", "question.withdraw", "composer.template",
                      "composer.preview", "composer.leave", "question.promote",
                      "question.pii_request", "question.kb", "kb.search",
                      "kb.insert"):  # fmt: skip
            assert ident in ids
        assert keys["composer.send"] == "^s, f9"
        assert keys["question.next_post"] == "], J"
        assert (keys["question.promote"], keys["question.kb"]) == ("P", "f4, f")
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionScreen)


async def test_compose_option_opens_the_composer_on_the_draft(tmp_path: Path) -> None:
    """QuestionScreen(compose=True): the composer is open with the draft, cursor at end."""
    from deskapp.widgets.composer import Composer

    desk = make_desk(tmp_path)
    desk.save_draft(2, "Beste Mo,\nneem mee:", reply_to=2, seen_post=3)
    app = QuestionApp(desk, 2, compose=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        composer = app.screen.query_one(Composer)
        assert composer.is_open and composer.editor.has_focus
        assert composer.label == "Antwoord op #2 van Jan de Vries"
        assert composer.editor.cursor_location == (1, 9)
        await pilot.press(*" paspoort")
        assert composer.text == "Beste Mo,\nneem mee: paspoort"


async def test_the_palette_lists_the_question_actions(tmp_path: Path) -> None:
    """ctrl+p finds the desk's actions by their Dutch names here too."""
    app = QuestionApp(make_desk(tmp_path), 4)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        titles = {title for title, _, _ in screen.palette_commands()}
        assert {"Antwoord", "Accepteer", "Uitstellen", "Tags"} <= titles
