"""Acting on a question: accept, assign, tags, close, snooze; the collision prompt."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from deskapp.models import Capabilities, Collision
from deskapp.screens.dialogs import CollisionScreen, ConfirmScreen
from deskapp.screens.question import QuestionScreen
from deskapp.screens.question_dialogs import (
    AssignScreen,
    SnoozeScreen,
    TagsScreen,
    find_colleague,
    parse_day,
    parse_tags,
)
from deskapp.widgets.post_view import PostView
from deskapp.widgets.thread_view import ThreadHeader
from tests.factories import ADVISER, CLIENT, STAFF, make_thread
from tests.inbox_app import NOW, QuestionHarness, answering_desk
from tests.test_inbox import settle

WEDNESDAY = date(2026, 11, 4)


def notices(app: App[None]) -> list[str]:
    """The messages of all notifications so far."""
    return [n.message for n in app._notifications]


def header(app: App[None]) -> str:
    """The facts block as text."""
    return str(app.screen.query_one(ThreadHeader).render())


def live(app: App[None]) -> str:
    """The live line of the dialog on top."""
    return str(app.screen.query_one(".dialog-live").render())


async def shown(pilot: Pilot[None]) -> None:
    """Wait for loading and mounting."""
    await settle(pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


# -- accept --------------------------------------------------------------------


async def test_accept_the_post_under_the_cursor_then_undo(tmp_path: Path) -> None:
    """] then a: #2 is the accepted answer at once (store and inbox); a again undoes."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("]", "a")
        await shown(pilot)
        assert notices(app)[-1] == "#2 is geaccepteerd als antwoord"
        assert app.screen.query(PostView)[1].has_class("-accepted")
        assert "✔ geaccepteerd antwoord" in str(
            app.screen.query(PostView)[1].children[0].render()
        )
        thread = desk.thread(2)
        assert thread is not None and thread.question.accepted_post_id == 201
        assert app.queued_calls == 1
        await pilot.press("a")
        await shown(pilot)
        assert not app.screen.query(PostView)[1].has_class("-accepted")
        assert notices(app)[-1] == "#2 is niet meer het geaccepteerde antwoord"


async def test_the_question_itself_cannot_be_accepted(tmp_path: Path) -> None:
    """a on post #1 explains and changes nothing."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("a")
        assert notices(app)[-1] == "De vraag zelf kan niet het antwoord zijn."
        assert desk.outgoing(2) == []


async def test_a_forum_without_the_plugin_says_why(tmp_path: Path) -> None:
    """No solved plugin: the reason is shown, nothing is queued."""
    desk = answering_desk(tmp_path)
    desk.store.save_capabilities("demo", Capabilities(solved=False), NOW)
    app = QuestionHarness(desk, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("]", "a")
        assert "solved" in notices(app)[-1]
        assert desk.outgoing(2) == []
        assert app.queued_calls == 0


# -- assign ----------------------------------------------------------------------


async def test_assign_to_me_shows_in_the_header_at_once(tmp_path: Path) -> None:
    """m: "toegewezen aan: j.devries"; m again says it already is."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        assert "toegewezen aan: niemand" in header(app)
        await pilot.press("m")
        await shown(pilot)
        assert "toegewezen aan: j.devries" in header(app)
        item = desk.item(1)
        assert item is not None and item.assigned_to == "j.devries"
        await pilot.press("m")
        assert notices(app)[-1] == "Deze vraag is al aan u toegewezen."


async def test_assign_to_a_colleague_by_completion(tmp_path: Path) -> None:
    """w, type "adv", accept the suggestion with →, enter: assigned to Kim."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("w")
        await shown(pilot)
        assert isinstance(app.screen, AssignScreen)
        await pilot.press(*"adv")
        await pilot.pause()
        assert app.screen.query_one(Input)._suggestion == "adviseur.kim"
        assert "Kim (@adviseur.kim)" in live(app)
        await pilot.press("right", "enter")
        await shown(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert "toegewezen aan: adviseur.kim" in header(app)


async def test_assign_by_name_and_unassign(tmp_path: Path) -> None:
    """A full name works too; u takes the assignment away."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("w", *"Jan de Vries", "enter")
        await shown(pilot)
        assert "toegewezen aan: j.devries" in header(app)
        await pilot.press("u")
        await shown(pilot)
        assert "toegewezen aan: niemand" in header(app)
        await pilot.press("u")
        assert notices(app)[-1] == "Deze vraag is aan niemand toegewezen."


async def test_an_unknown_colleague_is_not_assigned(tmp_path: Path) -> None:
    """A name nobody has: the dialog stays and says to pick from the list."""
    app = QuestionHarness(answering_desk(tmp_path), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("w", *"zzz", "enter")
        await pilot.pause()
        assert isinstance(app.screen, AssignScreen)
        assert live(app) == "geen collega met die naam"
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionScreen)


def test_find_colleague_by_username_name_or_unique_prefix() -> None:
    """Exact username or name first; a prefix only when it is unique."""
    people = [STAFF, ADVISER, CLIENT]
    assert find_colleague("@adviseur.kim", people) == ADVISER
    assert find_colleague("jan de vries", people) == STAFF
    assert find_colleague("ki", people) == ADVISER
    assert find_colleague("a", people) is None  # adviseur.kim and anouk
    assert find_colleague("", people) is None


# -- tags, close, snooze ------------------------------------------------------------


async def test_typing_in_the_tags_adds_to_the_tags_there(tmp_path: Path) -> None:
    """The current tags are not selected: what you type goes after them."""
    desk = answering_desk(tmp_path)
    desk.store.save_threads(
        "demo", [make_thread(7, "Met tags", [CLIENT], tags=("huur",))], desk.rules
    )
    app = QuestionHarness(desk, 7)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("T")
        await pilot.pause()
        await pilot.press(*" spoed")
        assert live(app) == "erbij: spoed"
        await pilot.press("enter")
        await shown(pilot)
        assert "tags: huur, spoed" in header(app)


async def test_tags_are_added_and_removed(tmp_path: Path) -> None:
    """T shows the tags; the live line says what goes; enter saves."""
    desk = answering_desk(tmp_path)
    desk.store.save_threads(
        "demo", [make_thread(7, "Met tags", [CLIENT], tags=("huur", "wmo"))],
        desk.rules,
    )  # fmt: skip
    app = QuestionHarness(desk, 7)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, TagsScreen)
        assert app.screen.query_one(Input).value == "huur wmo"
        await pilot.press(
            "end", "backspace", "backspace", "backspace", *"toeslag, spoed"
        )
        assert live(app) == "erbij: toeslag, spoed · eraf: wmo"
        await pilot.press("enter")
        await shown(pilot)
        assert "tags: huur, toeslag, spoed" in header(app)
        thread = desk.thread(7)
        assert thread is not None and thread.question.tags == (
            "huur",
            "toeslag",
            "spoed",
        )


def test_parse_tags_splits_on_spaces_and_commas() -> None:
    """Lower case, no empties, no doubles, order kept."""
    assert parse_tags(" Huur,wmo  huur , ") == ("huur", "wmo")
    assert parse_tags("") == ()


async def test_close_needs_a_confirmation_and_x_reopens(tmp_path: Path) -> None:
    """x asks first (n: nothing); j closes; x on a closed question reopens."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert desk.outgoing(1) == []
        await pilot.press("x", "j")
        await shown(pilot)
        assert "gesloten" in header(app)
        thread = desk.thread(1)
        assert thread is not None and thread.question.closed
        await pilot.press("x")
        await shown(pilot)
        assert notices(app)[-1] == "Heropend"
        thread = desk.thread(1)
        assert thread is not None and not thread.question.closed


async def test_snooze_until_a_weekday_shows_the_date_first(tmp_path: Path) -> None:
    """z, "ma": the dialog shows Monday's date; enter snoozes; empty wakes it."""
    desk = answering_desk(tmp_path)
    app = QuestionHarness(desk, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("m", "a")
        assert live(app) == "→ uitgesteld tot maandag 09-11-2026"
        await pilot.press("enter")
        await shown(pilot)
        assert desk.snoozed_until(1) == date(2026, 11, 9)
        assert notices(app)[-1] == "Uitgesteld tot ma 09-11-2026"
        await pilot.press("z")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "09-11-2026"
        await pilot.press("ctrl+u", "enter")
        await shown(pilot)
        assert desk.snoozed_until(1) is None


async def test_snooze_refuses_a_day_that_is_not_after_today(tmp_path: Path) -> None:
    """A past date keeps the dialog open with the reason."""
    app = QuestionHarness(answering_desk(tmp_path), 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("z", *"2026-11-01", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SnoozeScreen)
        assert live(app) == "Kies een dag na vandaag"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("morgen", date(2026, 11, 5)),
        ("overmorgen", date(2026, 11, 6)),
        ("maandag", date(2026, 11, 9)),
        ("ma", date(2026, 11, 9)),
        ("wo", date(2026, 11, 11)),  # today is a Wednesday: the next one
        ("Vrijdag", date(2026, 11, 6)),
        ("+3", date(2026, 11, 7)),
        ("3-12", date(2026, 12, 3)),
        ("3/12", date(2026, 12, 3)),
        ("3-12-2027", date(2027, 12, 3)),
        ("3 dec", date(2026, 12, 3)),
        ("3 december", date(2026, 12, 3)),
        ("1 maart", date(2027, 3, 1)),
        ("2-11", date(2027, 11, 2)),  # passed this year: next year
        ("2026-12-03", date(2026, 12, 3)),
        ("", None),
    ],
)
def test_parse_day_understands_dutch(text: str, day: date | None) -> None:
    """Relative words, weekdays, +days, day-month and ISO dates."""
    assert parse_day(text, WEDNESDAY) == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("3 mrt", date(2027, 3, 3)),
        ("3 March", date(2027, 3, 3)),
        ("3 mar", date(2027, 3, 3)),
        ("December 3", date(2026, 12, 3)),
        ("dec 3rd, 2027", date(2027, 12, 3)),
        ("Oct. 5", date(2027, 10, 5)),
        ("3 sept", date(2027, 9, 3)),
        ("5 May 2027", date(2027, 5, 5)),
        ("5 mei", date(2027, 5, 5)),
        ("3 febuari", date(2027, 2, 3)),  # a slip of the pen
        ("3 decmber", date(2026, 12, 3)),
    ],
)
def test_parse_day_knows_the_month_names_in_both_languages(
    text: str, day: date
) -> None:
    """Dutch and English month names, short or long, day first or (English)
    month first."""
    assert parse_day(text, WEDNESDAY) == day


@pytest.mark.parametrize(
    "text",
    [
        "gisteren",
        "32-1",
        "3 foo",
        "d",
        "2026-11-04",
        "3 ju",
        "3 decxyz",
        "3 maand",
        "3 jane",
        "3 juny",
    ],  # jane, juny: june or january, july? not guessed
)
def test_parse_day_rejects_what_it_cannot_read(text: str) -> None:
    """Unknown words, impossible dates and today itself raise ValueError."""
    with pytest.raises(ValueError):  # noqa: PT011 - the message is Dutch prose
        parse_day(text, WEDNESDAY)


# -- the collision prompt ----------------------------------------------------------


class CollisionApp(App[None]):
    """Shows one collision prompt and records the choice."""

    def __init__(self, collision: Collision, me: str | None = None) -> None:
        super().__init__()
        self.collision = collision
        self.me = me
        self.choices: list[str | None] = []

    def on_mount(self) -> None:
        prompt = CollisionScreen(self.collision, me=self.me)
        self.push_screen(prompt, self.choices.append)


def collision() -> Collision:
    """Kim answered question 1 while j.devries was writing."""
    thread = make_thread(
        1, "Mijn uitkering is gestopt", [CLIENT, ADVISER],
        texts=["Help", "Bel **vandaag** de klantenservice. [@click=app.quit]x[/]"],
    )  # fmt: skip
    return Collision(
        7, 1, "Mijn uitkering is gestopt\x1b]0;t\x07", "Mijn antwoord", thread.posts[1:]
    )


@pytest.mark.parametrize(
    ("key", "choice"),
    [("v", "send"), ("b", "edit"), ("w", "discard"), ("escape", "edit")],
)
async def test_collision_prompt_choices(key: str, choice: str) -> None:
    """v sends anyway, b edits, w discards, esc edits; the posts are shown safely."""
    app = CollisionApp(collision())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "Een collega antwoordde al in ‘Mijn uitkering is gestopt\u241b’" in text
        assert "Kim @adviseur.kim [adviseur]" in text
        assert "Bel vandaag de klantenservice. [@click=app.quit]x[/]" in text
        assert "Mijn antwoord" in text
        await pilot.press(key)
        await pilot.pause()
        assert app.choices == [choice]


async def test_a_held_post_of_your_own_is_named_as_yours() -> None:
    """The post holding the reply is the desk's own (it arrived, edited since):
    the prompt says so instead of naming a colleague."""
    held = collision()
    app = CollisionApp(held, me=held.theirs[0].author.username)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "Uw antwoord staat er misschien al, bewerkt" in text
        assert "collega antwoordde" not in text


async def test_collision_guard_end_to_end_edit_reopens_the_text(tmp_path: Path) -> None:
    """Kim answers while you write; sending holds your reply and asks; b edits."""
    import dataclasses

    from deskapp.app import DeskApp
    from deskapp.models import Post

    desk = answering_desk(tmp_path)
    forum = desk._forum
    app = DeskApp(desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)  # type: ignore[arg-type]
        await pilot.press("enter")  # question 1, the urgent one
        await shown(pilot)  # type: ignore[arg-type]
        await pilot.press("r", *"Mijn antwoord")
        thread = forum.data[1]  # type: ignore[union-attr]
        theirs = Post(9901, 1, 2, ADVISER, NOW, "Al geregeld, **Anouk**.")
        forum.change(dataclasses.replace(thread, posts=(*thread.posts, theirs)))  # type: ignore[union-attr]
        await pilot.press("ctrl+s", "j")
        await shown(pilot)  # type: ignore[arg-type]
        assert isinstance(app.screen, CollisionScreen)
        text = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "Al geregeld, Anouk." in text
        assert all(p.raw != "Mijn antwoord" for p in forum.data[1].posts)  # type: ignore[union-attr]
        await pilot.press("b")
        await shown(pilot)  # type: ignore[arg-type]
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question_id == 1
        assert screen.composer.is_open
        assert screen.composer.text == "Mijn antwoord"
        assert "Al geregeld" in "\n".join(
            s.text for s in screen._compositor.render_strips()
        )


# -- personal data in client posts -------------------------------------------------

PII_POST = "Mijn BSN is 123456782, bel me op 06-12345678."


def pii_desk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The answering desk with question 8: a client post with a BSN and phone."""
    from deskapp.triage import TriageRules

    desk = answering_desk(tmp_path)
    thread = make_thread(8, "Toeslag terugbetalen", [CLIENT, STAFF],
                         texts=[PII_POST, "Wij kijken ernaar."])  # fmt: skip
    desk.store.save_threads("demo", [thread], TriageRules())
    desk._forum.change(thread)
    return desk


async def test_a_client_post_with_personal_data_is_marked_without_values(
    tmp_path: Path,
) -> None:
    """The kinds under the client's post header, never the values; the staff
    answer has no mark."""
    from deskapp.widgets.post_view import PostMark

    app = QuestionHarness(pii_desk(tmp_path), 8)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        views = list(app.screen.query(PostView))
        [mark] = views[0].query(PostMark)
        text = str(mark.render())
        assert text == "⚠ persoonsgegevens: BSN, telefoonnummer"
        assert not views[1].query(PostMark)


async def test_v_asks_the_client_to_remove_it_and_flags_the_post(
    tmp_path: Path,
) -> None:
    """v on the client's post: the template in the composer, then the flag
    question; j queues the flag, and a push reaches the moderators."""
    desk = pii_desk(tmp_path)
    app = QuestionHarness(desk, 8)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot)
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        await pilot.press("v")
        await shown(pilot)
        text = screen.composer.text
        assert text.startswith("Beste Anouk,")
        assert "openbaar" in text and "Mijn Werkplein" in text
        assert "moderator" in text and "bewerken" in text
        assert isinstance(app.screen, ConfirmScreen)
        assert "(BSN, telefoonnummer) ook melden bij de moderatoren?" in (
            app.screen.question
        )
        await pilot.press("j")
        await shown(pilot)
        assert notices(app)[-1] == "Bericht #1 gemeld bij de moderatoren"
        assert (await desk.push()).sent
    [(post_id, message)] = desk._forum.flags
    assert post_id == 800 and "BSN, telefoonnummer" in message
    assert "123456782" not in message


async def test_v_without_flagging_and_on_a_staff_post(tmp_path: Path) -> None:
    """n: the template stays, nothing is flagged; v on a staff post says why not."""
    desk = pii_desk(tmp_path)
    app = QuestionHarness(desk, 8)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("v")
        await shown(pilot)
        await pilot.press("n")
        await shown(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert "openbaar" in app.screen.composer.text
        assert desk.outgoing(8) == []
        await pilot.press("escape", "]", "v")
        await shown(pilot)
        assert notices(app)[-1] == "Kies met ] en [ een bericht van de klant."


async def test_v_does_not_offer_a_flag_the_forum_cannot_take(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the desk cannot flag, the template goes in and nothing is asked."""
    from deskapp.models import ActionKind

    desk = pii_desk(tmp_path)
    can = desk.can
    monkeypatch.setattr(
        desk, "can", lambda kind: "kan niet" if kind is ActionKind.FLAG else can(kind)
    )
    app = QuestionHarness(desk, 8)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("v")
        await shown(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert "openbaar" in app.screen.composer.text
