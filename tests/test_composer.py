"""Writing a reply: the composer, its draft, sending through the outbox."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot

from deskapp.desk import Desk
from deskapp.models import OutboxState
from deskapp.screens.dialogs import ConfirmScreen
from deskapp.screens.question import QuestionScreen
from deskapp.widgets.composer import MAX_WAIT, QUIET, Composer, quote, reply_label
from deskapp.widgets.outgoing import OutgoingList
from deskapp.widgets.post_view import PostView
from deskapp.widgets.thread_view import ThreadView
from tests.factories import CLIENT, STAFF, T0, make_thread
from tests.inbox_app import QuestionHarness, answering_desk
from tests.test_inbox import settle


def screen_text(app: App[None]) -> str:
    """What the terminal shows now, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def notices(app: App[None]) -> list[str]:
    """The messages of all notifications so far."""
    return [n.message for n in app._notifications]


def outgoing_text(app: App[None]) -> str:
    """The outbox lines of the question screen."""
    return str(app.screen.query_one(OutgoingList).render())


async def opened(pilot: Pilot[None]) -> QuestionScreen:
    """The question screen once its thread is shown."""
    await settle(pilot.app)  # type: ignore[arg-type]
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    return screen


# -- the widget on its own ------------------------------------------------------


class ComposerApp(App[None]):
    """A composer alone, recording what it says upward."""

    def __init__(self) -> None:
        super().__init__()
        self.said: list[object] = []

    def compose(self) -> ComposeResult:
        yield Composer()

    def on_mount(self) -> None:
        self.query_one(Composer).open()

    def on_composer_save_due(self, event: Composer.SaveDue) -> None:
        self.said.append(("save", event.body, time.monotonic()))

    def on_composer_send_requested(self, event: Composer.SendRequested) -> None:
        self.said.append(("send", event.body))

    def on_composer_template_requested(self) -> None:
        self.said.append("template")

    def on_composer_left(self) -> None:
        self.said.append("left")


def saves(app: ComposerApp) -> list[tuple[str, str, float]]:
    """The SaveDue messages so far."""
    return [s for s in app.said if isinstance(s, tuple) and s[0] == "save"]  # type: ignore[misc]


async def test_draft_saved_half_a_second_after_typing_stops() -> None:
    """One save, with the whole text, shortly after the last key."""
    app = ComposerApp()
    async with app.run_test() as pilot:
        await pilot.press(*"Beste Anouk")
        typed = time.monotonic()
        assert saves(app) == []
        await pilot.pause(QUIET + 0.3)
        assert [s[1] for s in saves(app)] == ["Beste Anouk"]
        assert saves(app)[0][2] - typed < QUIET + 0.25
        await pilot.pause(QUIET + 0.1)
        assert len(saves(app)) == 1  # nothing changed: nothing saved again


async def test_continuous_typing_saves_at_least_every_second() -> None:
    """Typing without pause for 2.5 s: saved during it, never a second apart."""
    app = ComposerApp()
    async with app.run_test() as pilot:
        start = time.monotonic()
        while time.monotonic() - start < 2.5:
            await pilot.press("a")
            await pilot.pause(0.1)
        during = saves(app)
        assert len(during) >= 2
        times = [start] + [s[2] for s in during]
        assert max(b - a for a, b in itertools.pairwise(times)) < (MAX_WAIT + 0.3)
        await pilot.pause(QUIET + 0.3)
        assert saves(app)[-1][1] == app.query_one(Composer).text


async def test_keys_ask_to_send_insert_a_template_and_leave() -> None:
    """ctrl+s and F5 send, ctrl+t and F3 ask for a template, esc leaves."""
    app = ComposerApp()
    async with app.run_test() as pilot:
        await pilot.press("h", "i", "ctrl+s", "f5", "ctrl+t", "f3", "escape")
        await pilot.pause()
        assert [s for s in app.said if s != "template" and s[0] == "send"] == [
            ("send", "hi"),
            ("send", "hi"),
        ]
        assert app.said.count("template") == 2
        assert app.said[-1] == "left"


async def test_preview_renders_markdown_safely_and_toggles_back() -> None:
    """F2 shows the text rendered as a post is; F2 again edits on."""
    app = ComposerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        composer = app.query_one(Composer)
        composer.insert(
            "Neem **uw paspoort** mee [@click=app.quit]x[/]\x1b]52;c;QQ==\x07"
        )
        await pilot.press("f2")
        await pilot.pause()
        assert composer.previewing
        text = screen_text(app)  # type: ignore[arg-type]
        assert "Neem uw paspoort mee [@click=app.quit]x[/]" in text
        assert "**" not in text and "\x1b" not in text
        assert not composer.editor.display or not composer.editor.region
        await pilot.press("f2", "!")
        assert not composer.previewing
        assert composer.text.endswith("!")


def test_quote_attributes_and_prefixes_every_line() -> None:
    """A quote: who wrote it in which post, then ``> `` lines, then room to type."""
    thread = make_thread(9, "T", [CLIENT, STAFF], texts=["Vraag", "Regel 1\n\nRegel 3"])
    assert quote(thread.posts[1]) == (
        "Jan de Vries schreef in #2:\n> Regel 1\n>\n> Regel 3\n\n"
    )
    assert reply_label(thread.posts[1]) == "Antwoord op #2 van Jan de Vries"
    assert reply_label(thread.posts[0]) == "Antwoord op de vraag"
    assert reply_label(None) == "Antwoord op de vraag"


def test_quoting_a_huge_post_quotes_what_the_thread_shows() -> None:
    """A 1 MB post is quoted as far as the thread shows it, then […]."""
    huge = "\n\n".join(f"Alinea {n} " + "x" * 200 for n in range(5000))
    thread = make_thread(9, "T", [CLIENT], texts=[huge])
    quoted = quote(thread.posts[0])
    assert len(quoted) < 30_000
    assert quoted.startswith("Anouk schreef in #1:\n> Alinea 0 ")
    assert quoted.endswith("> […]\n\n")


# -- in the question screen ------------------------------------------------------


async def type_reply(pilot: Pilot[None], text: str) -> None:
    """Open the composer with r and type ``text`` (newlines as enter)."""
    await pilot.press("r")
    await pilot.press(*["enter" if ch == "\n" else ch for ch in text])


async def test_reply_send_confirm_queued_then_pushed_into_the_thread(
    tmp_path: Path,
) -> None:
    """r, type, ctrl+s, confirm: "in wachtrij"; after a push it is in the thread."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await type_reply(pilot, "Beste Anouk,\nBel ons even.")
        composer = app.screen.query_one(Composer)
        assert composer.is_open and composer.label == "Antwoord op de vraag"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Antwoord versturen in ‘Mijn uitkering is gestopt, wat nu?’?" in (
            screen_text(app)
        )
        await pilot.press("j")
        await opened(pilot)
        line = "↑ Antwoord · in wachtrij · Beste Anouk, Bel ons even."
        assert outgoing_text(app) == line
        assert app.queued_calls == 1
        assert not composer.is_open and composer.text == ""
        assert desk.draft(1) is None
        report = await desk.push()
        assert report.sent
        app.queued()
        await opened(pilot)
        assert outgoing_text(app) == ""
        last = app.screen.query(PostView).last()
        assert last.post.raw == "Beste Anouk,\nBel ons even."
        assert "Bel ons even." in screen_text(app)


async def test_declining_the_confirmation_keeps_the_text(tmp_path: Path) -> None:
    """n in the confirmation: nothing queued, the text stays in the composer."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await type_reply(pilot, "Nog niet af")
        await pilot.press("ctrl+s", "n")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.composer.text == "Nog niet af"
        assert desk.outgoing(1) == []


async def test_an_empty_reply_is_not_sent(tmp_path: Path) -> None:
    """ctrl+s on an empty composer says so; no confirmation."""
    app = QuestionHarness(answering_desk(tmp_path), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("r", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert notices(app)[-1] == "Het antwoord is nog leeg."


async def test_draft_is_restored_when_the_question_is_opened_again(
    tmp_path: Path,
) -> None:
    """Type, leave with esc twice; open again: text, target and cursor are back."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("]", "R", *"Fijn dat het lukt")
        await pilot.press("escape")
        await pilot.pause()
        composer = app.screen.query_one(Composer)
        assert composer.has_class("-collapsed") and not composer.is_open
        assert "concept (r: verder)" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    draft = desk.draft(2)
    assert draft is not None and draft.body == "Fijn dat het lukt"
    assert draft.reply_to == 2 and draft.seen_post == 3

    again = QuestionHarness(desk, 2)
    async with again.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert screen.composer.text == "Fijn dat het lukt"
        assert screen.composer.label == "Antwoord op #2 van Jan de Vries"
        await pilot.press("r", *" al")
        assert screen.composer.text == "Fijn dat het lukt al"


async def test_leaving_at_once_keeps_the_last_keystrokes(tmp_path: Path) -> None:
    """esc right after typing (before the quiet period): the draft has it all."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await type_reply(pilot, "Snel weg")
        await pilot.press("escape", "escape")
        await pilot.pause()
    draft = desk.draft(1)
    assert draft is not None and draft.body == "Snel weg"


async def test_quote_the_post_under_the_cursor(tmp_path: Path) -> None:
    """] moves the cursor to #2; c quotes it and replies to it."""
    app = QuestionHarness(answering_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("]", "c", *"Klopt.")
        composer = screen.composer
        assert composer.text == (
            "Jan de Vries schreef in #2:\n> Neem uw **loonstroken** mee.\n\nKlopt."
        )
        assert composer.reply_to == 2
        assert composer.label == "Antwoord op #2 van Jan de Vries"
        assert screen.query(PostView)[1].has_class("-current")


async def test_post_cursor_moves_with_brackets_and_stops_at_the_ends(
    tmp_path: Path,
) -> None:
    """[ and ] (also K and J) move one post; the cursor stays in the thread."""
    app = QuestionHarness(answering_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        view = app.screen.query_one(ThreadView)
        await pilot.press("]", "]", "]")
        assert view.current_post is not None and view.current_post.number == 3
        await pilot.press("K", "[", "[")
        assert view.current_post.number == 1
        marked = [
            v.post.number for v in view.query(PostView) if v.has_class("-current")
        ]
        assert marked == [1]


async def test_letters_are_text_while_typing(tmp_path: Path) -> None:
    """a, m, n, x in the composer are typed, not accept/assign/next/close."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await type_reply(pilot, "amnxz?")
        await pilot.pause()
        assert screen.composer.text == "amnxz?"
        assert desk.outgoing(1) == []
        assert isinstance(app.screen, QuestionScreen)


async def test_composer_fits_80x24_with_the_thread_visible(tmp_path: Path) -> None:
    """Open composer: the thread keeps rows above it, the footer shows its keys."""
    app = QuestionHarness(answering_desk(tmp_path), 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await pilot.press("r")
        await pilot.pause()
        view = app.screen.query_one(ThreadView)
        assert view.region.height >= 6
        assert app.screen.query_one(Composer).region.height == 10
        text = screen_text(app)
        assert "Hoe bereid ik me voor?" in text
        assert "^s Versturen" in text and "esc Sluiten" in text


async def test_withdraw_puts_the_text_back_in_the_composer(tmp_path: Path) -> None:
    """i on a queued reply: withdrawn, its text in the open composer again."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await type_reply(pilot, "Toch anders")
        await pilot.press("ctrl+s", "j")
        await opened(pilot)
        assert "in wachtrij" in outgoing_text(app)
        await pilot.press("i")
        await opened(pilot)
        assert outgoing_text(app) == ""
        assert screen.composer.is_open
        assert screen.composer.text == "Toch anders"
        assert [e.state for e in desk.outgoing(1)] == []


async def test_failed_reply_says_why_and_h_retries(tmp_path: Path) -> None:
    """A refused reply: "mislukt: <reason> — …"; h queues it again."""
    from deskapp.errors import ConflictError

    desk = answering_desk(tmp_path)
    forum = desk._forum
    forum.fail_next("reply", ConflictError("Dit onderwerp is gesloten.", status=422))  # type: ignore[union-attr]
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await type_reply(pilot, "Hallo")
        await pilot.press("ctrl+s", "j")
        await opened(pilot)
        await desk.push()
        app.queued()
        await opened(pilot)
        line = outgoing_text(app)
        assert "mislukt: " in line and "gesloten" in line and " — " in line
        await pilot.press("h")
        await opened(pilot)
        assert "in wachtrij" in outgoing_text(app)
        assert [e.state for e in desk.outgoing(1)] == [OutboxState.QUEUED]


async def test_someone_else_replying_shows_in_the_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The forum says Kim is writing: the header says so; never yourself."""
    from deskapp.widgets.thread_view import ThreadHeader
    from tests.factories import ADVISER

    desk: Desk = answering_desk(tmp_path)

    async def replying(question_id: int) -> list:  # type: ignore[type-arg]
        return [ADVISER, STAFF]

    monkeypatch.setattr(desk._forum, "replying", replying)
    from deskapp.models import Capabilities

    desk.store.save_capabilities("demo", Capabilities(presence=True), T0)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        text = str(app.screen.query_one(ThreadHeader).render())
        assert "Kim is een antwoord aan het schrijven" in text
        assert "Jan de Vries is" not in text


async def test_t_inserts_a_template_at_the_cursor(tmp_path: Path) -> None:
    """t opens the picker (ranked for the question); enter inserts it, filled in."""
    from deskapp.models import Template
    from deskapp.screens.templates import TemplatePicker

    desk = answering_desk(tmp_path)
    desk.templates().save(
        Template("", "Uitkering gestopt", "Beste {client},\n\nWe zoeken het uit.")
    )
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await type_reply(pilot, "Hallo.\n")
        await pilot.press("escape", "t")
        await settle(app)
        await pilot.pause()
        assert isinstance(app.screen, TemplatePicker)
        assert app.screen.context.category_slug == "inkomen-uitkering"
        await pilot.press(*"gestopt", "enter")
        await opened(pilot)
        assert screen.composer.is_open
        assert screen.composer.text == "Hallo.\nBeste Anouk,\n\nWe zoeken het uit."
        await pilot.press("ctrl+t")
        await settle(app)
        assert isinstance(app.screen, TemplatePicker)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.composer.text.endswith("We zoeken het uit.")


async def test_a_template_goes_on_its_own_lines_and_esc_leaves_no_composer(
    tmp_path: Path,
) -> None:
    """After a sentence the template starts on a new paragraph; closing the
    picker without a choice folds an empty composer away (keys are commands)."""
    from deskapp.models import Template
    from deskapp.screens.templates import TemplatePicker
    from deskapp.widgets.thread_view import ThreadView

    desk = answering_desk(tmp_path)
    desk.templates().save(Template("", "Kort", "Beste {client},"))
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.press("t")
        await settle(app)
        assert isinstance(app.screen, TemplatePicker)
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.composer.is_open
        assert isinstance(app.focused, ThreadView)
        await type_reply(pilot, "Dank voor uw vraag.")
        await pilot.press("ctrl+t")
        await settle(app)
        await pilot.press(*"Kort", "enter")
        await opened(pilot)
        assert screen.composer.text == "Dank voor uw vraag.\n\nBeste Anouk,"
        # at the start of a line with text after it: that text goes on below
        await pilot.press("ctrl+a", "ctrl+t")  # ctrl+a: to the start of the line
        await settle(app)
        await pilot.press(*"Kort", "enter")
        await opened(pilot)
        assert screen.composer.text == (
            "Dank voor uw vraag.\n\nBeste Anouk,\n\nBeste Anouk,"
        )


async def test_a_closed_question_takes_no_reply(tmp_path: Path) -> None:
    """The desk knows the forum will refuse it: it says so and keeps the text."""
    desk = answering_desk(tmp_path)
    desk.close(1)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await type_reply(pilot, "Nog een antwoord.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "gesloten" in notices(app)[-1]
        assert desk.outgoing(1)[-1].kind.value == "close"  # no reply queued
        assert screen.composer.text == "Nog een antwoord."


# -- the personal-data guard ------------------------------------------------------


async def test_a_reply_with_a_bsn_warns_before_it_is_sent(tmp_path: Path) -> None:
    """ctrl+s: the warning names the BSN and IBAN; b goes back with the BSN
    selected; v sends anyway."""
    from deskapp.screens.question_dialogs import GuardScreen

    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await type_reply(pilot, "Uw BSN 123456782 en rekening NL91ABNA0417164300.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GuardScreen)
        text = screen_text(app)
        assert "Uw antwoord bevat persoonsgegevens: BSN, IBAN" in text
        assert "BSN: 123456782" in text and "IBAN: NL91ABNA0417164300" in text
        await pilot.press("b")
        await pilot.pause()
        assert app.screen is screen and screen.composer.editor.has_focus
        assert screen.composer.editor.selected_text == "123456782"
        assert desk.outgoing(1) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("v")
        await opened(pilot)
        assert [e.body for e in desk.outgoing(1)] == [
            "Uw BSN 123456782 en rekening NL91ABNA0417164300."
        ]


async def test_one_bsn_is_named_with_its_value(tmp_path: Path) -> None:
    """One kind, once: "Uw antwoord bevat een BSN: …"."""
    app = QuestionHarness(answering_desk(tmp_path), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await type_reply(pilot, "Is 123456782 uw BSN?")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Uw antwoord bevat een BSN: 123456782" in screen_text(app)


async def test_a_greeting_with_the_clients_name_is_no_warning(tmp_path: Path) -> None:
    """Names and the like are no reason to stop a reply: the usual question."""
    app = QuestionHarness(answering_desk(tmp_path), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await type_reply(pilot, "Beste Anouk, bel ons even.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
