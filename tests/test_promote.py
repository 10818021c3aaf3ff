"""Promoting a staff answer to the knowledge base, with the personal-data review."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import TextArea

from deskapp.desk import Desk
from deskapp.models import ActionKind, Thread
from deskapp.privacy import Finding, Kind
from deskapp.screens.dialogs import ConfirmScreen
from deskapp.screens.promote import RECHECK_QUIET, PromoteScreen
from deskapp.screens.promote_review import Review, redacted
from deskapp.screens.question import QuestionScreen
from deskapp.screens.question_dialogs import ReasonScreen
from deskapp.triage import TriageRules
from deskapp.widgets.pii_review import PiiReview, excerpt
from deskapp.widgets.post_view import PostBody
from tests.factories import CLIENT, STAFF, make_thread
from tests.inbox_app import QuestionHarness, answering_desk
from tests.test_inbox import settle

QUESTION = (
    "Hallo,\n\nIk ben Anouk en mijn uitkering is gestopt. Mijn BSN is 123456782 en"
    " mijn rekening NL91 ABNA 0417 1643 00. Bel me op 06-12345678.\n\nGroet"
)
ANSWER = (
    "Beste Anouk,\n\nUw bijstandsuitkering is opgeschort omdat er gegevens"
    " ontbreken. Lever de loonstroken aan via Mijn Werkplein.\n\n"
    "Met vriendelijke groet,\nJan"
)
VALUES = ("123456782", "NL91 ABNA 0417 1643 00", "06-12345678", "Anouk")


def stopped_thread() -> Thread:
    """Anouk's question with her BSN, IBAN and phone; a staff answer."""
    return make_thread(
        7, "Spoed! Uitkering gestopt", [CLIENT, STAFF], texts=[QUESTION, ANSWER]
    )


def kb_desk(tmp_path: Path) -> Desk:
    """The answering desk with :func:`stopped_thread` in store and forum."""
    desk = answering_desk(tmp_path)
    thread = stopped_thread()
    desk.store.save_threads("demo", [thread], TriageRules())
    desk._forum.change(thread)  # type: ignore[union-attr]
    return desk


def notices(app: App[None]) -> list[str]:
    """The messages of all notifications so far."""
    return [n.message for n in app._notifications]


async def shown(pilot: Pilot[None]) -> None:
    """Loaded, mounted, and no worker left running."""
    await settle(pilot.app)  # type: ignore[arg-type]
    await pilot.pause()


async def promoting(pilot: Pilot[None]) -> PromoteScreen:
    """The promote screen on answer #2, loaded."""
    await shown(pilot)
    await pilot.press("]", "P")
    await shown(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PromoteScreen)
    return screen


def listed(screen: PromoteScreen) -> list[tuple[str, str, str | None]]:
    """(kind, part, dismissal reason) of each row of the review."""
    return [
        (row.finding.kind.value, row.field, row.reason)
        for row in screen.query_one(PiiReview).rows
    ]


def highlight(screen: PromoteScreen, kind: Kind) -> None:
    """Put the review's highlight on the first finding of ``kind``."""
    review = screen.query_one(PiiReview)
    review.highlighted = next(
        i for i, row in enumerate(review.rows) if row.finding.kind is kind
    )


# -- the review state on its own ------------------------------------------------------


def test_redacted_replaces_the_chosen_and_moves_the_rest() -> None:
    """Two findings, the first redacted: the second's offsets follow the text."""
    text = "BSN 123456782, tel 0612345678."
    bsn = Finding(Kind.BSN, 4, 13, "123456782", "[BSN]")
    tel = Finding(Kind.PHONE, 19, 29, "0612345678", "[telefoonnummer]")
    new, rest = redacted(text, [bsn, tel], [bsn])
    assert new == "BSN [BSN], tel 0612345678."
    assert new[rest[0].start : rest[0].end] == "0612345678"


def test_a_dismissal_covers_the_same_text_in_every_part() -> None:
    """Dismissed once (any case), open nowhere; reopened, open again."""
    review = Review()
    name = Finding(Kind.NAME, 0, 5, "Anouk", "[naam]")
    review.take({"title": "Anouk?", "answer": "anouk"},
                {"title": [name], "answer": [Finding(Kind.NAME, 0, 5, "anouk", "[naam]")]})  # fmt: skip
    assert review.open_count() == 2
    review.dismiss(name, "naam van een wet")
    assert review.open_count() == 0
    assert [d.reason for d in review.dismissals()] == ["naam van een wet"]
    review.reopen(name)
    assert review.open_count() == 2


def test_the_excerpt_cuts_at_words_and_keeps_the_match() -> None:
    """Context of whole words around the match, marked where it was cut."""
    before, match, after = excerpt(
        QUESTION, QUESTION.index("1234"), QUESTION.index("1234") + 9
    )
    assert (before, match, after) == ("…BSN is ", "123456782", " en mijn…")


# -- in the app ------------------------------------------------------------------------


async def test_p_on_the_question_itself_says_to_choose_an_answer(
    tmp_path: Path,
) -> None:
    """P on #1 (the client's post) opens nothing and says what to do."""
    app = QuestionHarness(kb_desk(tmp_path), 7)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot)
        await pilot.press("P")
        await shown(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert "Werkplein-medewerker of adviseur" in notices(app)[-1]


async def test_the_draft_is_editable_and_every_finding_is_listed(
    tmp_path: Path,
) -> None:
    """A general title, the question summarised, the answer; BSN, IBAN, phone
    and the client's name each listed, with the kind and the part."""
    app = QuestionHarness(kb_desk(tmp_path), 7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await promoting(pilot)
        article = screen.article()
        assert article is not None
        assert article.title == "Uitkering gestopt?"
        assert "123456782" in article.question
        assert article.answer.startswith("Uw bijstandsuitkering")
        assert "participatiewet" in article.tags
        assert sorted(listed(screen)) == sorted(
            [("name", "question", None), ("bsn", "question", None),
             ("iban", "question", None), ("phone", "question", None)]
        )  # fmt: skip
        assert screen.query_one(PiiReview).has_focus


async def test_publishing_waits_for_every_finding_then_reaches_the_forum(
    tmp_path: Path,
) -> None:
    """Refused while open; r redacts, d dismisses with a required reason, R
    redacts the rest; confirmed, the outbox publishes and the forum has it."""
    desk = kb_desk(tmp_path)
    app = QuestionHarness(desk, 7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await promoting(pilot)
        await pilot.press("ctrl+s")
        await shown(pilot)
        assert app.screen is screen
        assert notices(app)[-1].startswith("Nog 4 persoonsgegevens open")
        highlight(screen, Kind.BSN)
        await pilot.press("r")
        await shown(pilot)
        question = screen.query_one("#kb-question", TextArea).text
        assert "123456782" not in question and "Mijn BSN is [BSN]" in question
        highlight(screen, Kind.PHONE)
        await pilot.press("d")
        await shown(pilot)
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")
        assert notices(app)[-1] == "Geef een reden op."
        await pilot.press(*"nummer uit een voorbeeld", "enter")
        await shown(pilot)
        assert ("phone", "question", "nummer uit een voorbeeld") in listed(screen)
        await pilot.press("ctrl+s")
        await shown(pilot)
        assert notices(app)[-1].startswith("Nog 2 persoonsgegevens open")
        await pilot.press("R")
        await shown(pilot)
        assert screen.review.open_count() == 0
        await pilot.press("f5")
        await shown(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Kennisbank" in app.screen.question
        assert "#7 ‘Spoed! Uitkering gestopt’" in app.screen.detail
        await pilot.press("j")
        await shown(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.queued_calls == 1
        kinds = [e.kind for e in desk.outgoing(7)]
        assert kinds == [ActionKind.PUBLISH]
        report = await desk.push()
        assert report.sent
    created = [args for name, args in desk._forum.calls if name == "create_kb_article"]  # type: ignore[union-attr]
    assert len(created) == 1
    title, raw, _ = created[0]
    assert title == "Uitkering gestopt?"
    for gone in ("123456782", "NL91 ABNA 0417 1643 00", "Anouk"):
        assert gone not in str(raw)
    assert "[BSN]" in str(raw) and "[IBAN]" in str(raw) and "06-12345678" in str(raw)


async def test_typing_is_checked_again_once_the_typing_pauses(tmp_path: Path) -> None:
    """A phone number typed into the answer is listed shortly after; publishing
    is refused for it."""
    app = QuestionHarness(kb_desk(tmp_path), 7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await promoting(pilot)
        await pilot.press("R")
        await shown(pilot)
        assert screen.review.open_count() == 0
        answer = screen.query_one("#kb-answer", TextArea)
        answer.focus()
        answer.move_cursor(answer.document.end)
        await pilot.press(*" Bel 0612345678")
        await pilot.pause(RECHECK_QUIET + 0.3)
        await shown(pilot)
        assert ("phone", "answer", None) in listed(screen)
        await pilot.press("ctrl+s")
        await shown(pilot)
        assert app.screen is screen
        assert notices(app)[-1].startswith("Nog 1 persoonsgegeven open")


async def test_preview_shows_the_article_as_the_forum_will(tmp_path: Path) -> None:
    """F2: title, Vraag and Antwoord headings and the source; F2 again edits."""
    app = QuestionHarness(kb_desk(tmp_path), 7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await promoting(pilot)
        await pilot.press("f2")
        await shown(pilot)
        text = "\n".join(s.text for s in screen._compositor.render_strips())
        assert "Uitkering gestopt?" in text and "Antwoord" in text
        assert "demo://t/7" in screen.query_one(PostBody).source
        assert not screen.query_one("#kb-answer").region
        await pilot.press("f2")
        await shown(pilot)
        assert screen.query_one("#kb-answer").has_focus


async def test_leaving_an_edited_article_asks_first(tmp_path: Path) -> None:
    """esc after a redaction asks; n stays; esc and j go back to the question."""
    app = QuestionHarness(kb_desk(tmp_path), 7)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await promoting(pilot)
        await pilot.press("r", "escape")
        await shown(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await shown(pilot)
        assert app.screen is screen
        await pilot.press("escape", "j")
        await shown(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.queued_calls == 0


async def test_help_lists_the_review_keys(tmp_path: Path) -> None:
    """F1 in the promote screen: publish, preview and the review's keys."""
    from deskapp.screens.help import HelpScreen

    app = QuestionHarness(kb_desk(tmp_path), 7)
    async with app.run_test(size=(80, 24)) as pilot:
        await promoting(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.table
        ids = [str(cell) for cell in table.columns[2].cells]
        keys = dict(zip(ids, (str(c) for c in table.columns[0].cells), strict=True))
        assert keys["promote.redact"] == "⏎, r"
        assert keys["promote.redact_all"] == "R"
        assert keys["promote.dismiss"] == "d"
        assert keys["promote.publish"] == "^s, f5"
        assert "promote.preview" in ids and "promote.back" in ids
