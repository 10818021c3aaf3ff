"""Knowledge base: drafts from answers, the guard before publishing, finding
articles again, and the record of what was published."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from deskapp.desk import Desk
from deskapp.errors import DeskError
from deskapp.kb import (
    Dismissal,
    UnredactedError,
    general_title,
    link_markdown,
    regulation_tags,
    summary_line,
)
from deskapp.models import KbArticle, OutboxState
from deskapp.privacy import find_personal_data, redact
from tests.factories import CLIENT, STAFF, make_thread
from tests.inbox_app import NOW, answering_desk

ASKED = (
    "Beste medewerker,\n\n"
    "Mijn bijstandsuitkering is deze maand niet betaald. Mijn BSN is 111222333 en"
    " mijn rekening NL91ABNA0417164300. Bel me op 06-12345678.\n\n"
    "Wat moet ik doen?\n\nGroet,\nAnouk"
)
ANSWERED = (
    "Beste Anouk,\n\n"
    "Een uitkering die niet op tijd is betaald, kan meestal met een voorschot"
    " worden overbrugd. Vraag dat aan via Mijn Werkplein.\n\n"
    "Met vriendelijke groet,\nJan de Vries"
)


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    desk = answering_desk(tmp_path)
    thread = make_thread(
        20, "Spoed! Uitkering niet betaald - alleenstaand, 34 jaar",
        [CLIENT, STAFF], texts=[ASKED, ANSWERED],
    )  # fmt: skip
    desk.store.save_threads("demo", [thread], desk.rules)
    desk._forum.change(thread)  # type: ignore[union-attr]
    return desk


def push(desk: Desk):  # type: ignore[no-untyped-def]
    return asyncio.run(desk.push())


def test_the_title_becomes_a_general_question() -> None:
    assert general_title("Spoed! Uitkering niet betaald - alleenstaand, 34 jaar") == (
        "Uitkering niet betaald?"
    )
    assert general_title("[DRINGEND] Huurachterstand!!") == "Huurachterstand?"
    assert general_title("Beslagvrije voet klopt niet? (40 jaar)") == (
        "Beslagvrije voet klopt niet?"
    )
    assert general_title("wat is de kostendelersnorm") == "Wat is de kostendelersnorm?"
    assert general_title("Werkplein vordert € 3.161,- terug, kan dat") == (
        "Werkplein vordert geld terug, kan dat?"
    )
    assert general_title("Achterstand 2730 euro bij de energie") == (
        "Achterstand geld bij de energie?"
    )


def test_regulation_tags_follow_the_words() -> None:
    tags = regulation_tags("Bijstand en huurtoeslag; de deurwaarder komt", ["wmo"])
    assert tags == ("wmo", "participatiewet", "toeslagen", "schulden")


def test_a_draft_leaves_greetings_and_signatures_out(desk: Desk) -> None:
    draft = desk.kb_draft(20, 2001)
    assert draft.title == "Uitkering niet betaald?"
    assert draft.question.startswith("Mijn bijstandsuitkering is deze maand")
    assert "Groet" not in draft.question and "Beste" not in draft.question
    assert draft.answer.startswith("Een uitkering die niet op tijd")
    assert "Jan de Vries" not in draft.answer
    assert "participatiewet" in draft.tags and "inkomen" in draft.tags
    with pytest.raises(DeskError, match="Werkplein-medewerker"):
        desk.kb_draft(20, 2000)  # the client's own post


def test_publishing_is_refused_until_every_finding_is_handled(desk: Desk) -> None:
    draft = desk.kb_draft(20, 2001)
    with pytest.raises(UnredactedError) as caught:
        desk.publish(draft)
    kinds = {f.kind.value for f in caught.value.findings}
    assert {"bsn", "iban", "phone"} <= kinds
    assert desk.outgoing(20) == []
    findings = desk.findings(20, draft.question)
    clean = replace(draft, question=redact(draft.question, findings))
    assert find_personal_data(clean.question) == []
    with pytest.raises(DeskError, match="reden"):
        desk.publish(clean, [Dismissal("name", "Anouk", "  ")])
    entry = desk.publish(clean)
    [out] = desk.outgoing(20)
    assert out.id == entry and out.state is OutboxState.QUEUED


def test_publishing_links_tags_and_accepts_and_records_no_personal_data(
    desk: Desk,
) -> None:
    draft = desk.kb_draft(20, 2001)
    findings = desk.findings(20, draft.question)
    clean = replace(draft, question=redact(draft.question, findings))
    desk.publish(clean)
    push(desk)  # the article
    push(desk)  # the link reply, the tag, the accept
    forum = desk._forum
    source = forum.data[20]  # type: ignore[union-attr]
    assert "kennisbank" in source.question.tags
    assert source.question.accepted_post_id == 2001
    assert "staat nu ook in de kennisbank" in source.posts[-1].raw
    article = [t for t in forum.data.values() if t.question.is_kb][-1]  # type: ignore[union-attr]
    assert article.question.title == "Uitkering niet betaald?"
    assert "111222333" not in article.posts[0].raw
    conn = sqlite3.connect(desk.store.path)
    (detail,) = conn.execute(
        "SELECT detail FROM audit WHERE action = 'publish'"
    ).fetchone()
    conn.close()
    record = json.loads(detail)
    assert record["redacted"]["bsn"] == 1 and record["redacted"]["iban"] == 1
    for value in ("111222333", "NL91ABNA0417164300", "06-12345678", "Anouk"):
        assert value not in detail


def test_a_published_article_is_found_from_a_new_question(desk: Desk) -> None:
    draft = desk.kb_draft(20, 2001)
    findings = desk.findings(20, draft.question)
    clean = replace(draft, question=redact(draft.question, findings))
    desk.publish(clean)
    push(desk)
    new = make_thread(30, "Mijn uitkering is niet betaald deze maand", [CLIENT],
                      texts=["Wat nu? Niet betaald."])  # fmt: skip
    desk.store.save_threads("demo", [new], desk.rules)
    found = desk.kb_suggestions(30)
    assert found and found[0].title == "Uitkering niet betaald?"
    desk.record_kb_use(30, found[0].id)
    assert desk.store.kb_links("demo") == [(30, found[0].id)]


def test_a_link_for_a_reply_carries_a_one_line_summary() -> None:
    article = KbArticle(
        7, "Wat is de kostendelersnorm?",
        "## Vraag\n\nIk woon met mijn zoon.\n\n## Antwoord\n\nWoont u met volwassenen"
        " samen, dan is uw uitkering lager. Dat heet de kostendelersnorm.",
        url="https://forum.example/t/7",
    )  # fmt: skip
    assert summary_line(article) == (
        "Woont u met volwassenen samen, dan is uw uitkering lager."
    )
    assert link_markdown(article) == (
        "[Wat is de kostendelersnorm?](https://forum.example/t/7) — Woont u met"
        " volwassenen samen, dan is uw uitkering lager."
    )


def test_a_post_with_personal_data_is_marked_and_can_be_flagged(desk: Desk) -> None:
    marks = desk.post_findings(20)
    assert set(marks) == {2000}
    assert {f.kind.value for f in marks[2000]} >= {"bsn", "iban", "phone"}
    desk.flag_post(20, 2000, "Persoonsgegevens in een openbaar bericht")
    push(desk)
    assert desk._forum.flags == [(2000, "Persoonsgegevens in een openbaar bericht")]  # type: ignore[union-attr]


def clean_draft(desk: Desk):  # type: ignore[no-untyped-def]
    draft = desk.kb_draft(20, 2001)
    return replace(
        draft, question=redact(draft.question, desk.findings(20, draft.question))
    )


def test_an_answer_is_published_once(desk: Desk) -> None:
    desk.publish(clean_draft(desk))
    with pytest.raises(DeskError, match="al in de kennisbank"):
        desk.publish(clean_draft(desk))
    push(desk)
    with pytest.raises(DeskError, match="al in de kennisbank"):
        desk.publish(clean_draft(desk))


def test_the_audit_counts_only_what_was_redacted_and_reasons_hold_no_data(
    desk: Desk,
) -> None:
    draft = desk.kb_draft(20, 2001)
    findings = desk.findings(20, draft.question)
    phone = next(f for f in findings if f.kind.value == "phone")
    others = [f for f in findings if f is not phone]
    kept = replace(draft, question=redact(draft.question, others))
    with pytest.raises(DeskError, match="reden bevat"):
        desk.publish(kept, [Dismissal("phone", phone.text, "bel 06-87654321 eerst")])
    desk.publish(kept, [Dismissal("phone", phone.text, "nummer van het loket")])
    push(desk)
    conn = sqlite3.connect(desk.store.path)
    (detail,) = conn.execute(
        "SELECT detail FROM audit WHERE action = 'publish'"
    ).fetchone()
    conn.close()
    record = json.loads(detail)
    assert "phone" not in record["redacted"]
    assert record["dismissed"] == [{"kind": "phone", "reason": "nummer van het loket"}]


def test_a_publish_whose_answer_was_lost_is_not_created_again(desk: Desk) -> None:
    """It waits for a sync to show the knowledge base, then finds the article."""
    from deskapp.errors import UnavailableError

    forum = desk._forum
    forum.fail_next(  # type: ignore[union-attr]
        "create_kb_article", UnavailableError("timed out"), after_effect=True
    )
    entry = desk.publish(clean_draft(desk))
    push(desk)
    desk.now = lambda: NOW + timedelta(minutes=2)
    assert push(desk).sent == []  # no sync since: it waits
    asyncio.run(desk.sync(push=False))
    desk.now = lambda: NOW + timedelta(minutes=4)
    assert entry in push(desk).sent
    creates = [c for c, _ in forum.calls if c == "create_kb_article"]  # type: ignore[union-attr]
    assert len(creates) == 1
    push(desk)
    links = [p for p in forum.data[20].posts if "kennisbank" in p.raw]  # type: ignore[union-attr]
    assert len(links) == 1
