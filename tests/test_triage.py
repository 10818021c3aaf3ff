"""Triage rules: state from who posted last, urgency from keywords and category."""

from __future__ import annotations

from datetime import timedelta

import pytest

from deskapp.config import TriageConfig
from deskapp.models import State, Urgency
from deskapp.triage import TriageRules, derive_state, triage, waiting_since
from tests.factories import ADVISER, CLIENT, PEER, STAFF, T0, make_thread

RULES = TriageRules()


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ([CLIENT], State.NEW),
        ([CLIENT, CLIENT], State.NEW),
        ([CLIENT, PEER], State.WAITING_STAFF),
        ([CLIENT, STAFF], State.WAITING_CLIENT),
        ([CLIENT, ADVISER], State.WAITING_CLIENT),
        ([CLIENT, STAFF, CLIENT], State.WAITING_STAFF),
        ([CLIENT, STAFF, PEER], State.WAITING_STAFF),
    ],
)
def test_state_follows_who_posted_last(authors: list, expected: State) -> None:
    """A client or peer leaves it with us; staff or an adviser with the client."""
    thread = make_thread(1, "Vraag", authors)
    assert derive_state(thread.question, thread.posts) is expected


def test_accepted_answer_and_closed_win_over_last_poster() -> None:
    """Solved and closed are flags on the forum, not a matter of who spoke last."""
    solved = make_thread(1, "Vraag", [CLIENT, STAFF, CLIENT], accepted_post_id=101)
    closed = make_thread(2, "Vraag", [CLIENT], closed=True)
    assert derive_state(solved.question, solved.posts) is State.SOLVED
    assert derive_state(closed.question, closed.posts) is State.CLOSED


def test_waiting_since_restarts_after_each_staff_answer() -> None:
    """The client waits from their first post after our last answer."""
    thread = make_thread(1, "Vraag", [CLIENT, STAFF, CLIENT, PEER, CLIENT])
    state = derive_state(thread.question, thread.posts)
    assert waiting_since(thread.posts, state) == T0 + timedelta(hours=2)
    answered = make_thread(2, "Vraag", [CLIENT, STAFF])
    assert waiting_since(answered.posts, State.WAITING_CLIENT) is None


@pytest.mark.parametrize(
    "text",
    [
        "Mijn uitkering is gestopt en ik weet niet waarom",
        "De betaling is niet op mijn rekening gekomen",
        "Er staat een deurwaarder voor de deur",
        "Ik krijg een brief over huisuitzetting",
        "Ze dreigen met AFSLUITING van gas en licht",
        "Loonbeslag van de Belastingdienst",
    ],
)
def test_income_and_housing_trouble_is_urgent(text: str) -> None:
    """The reasons a client's income or home is at stake mark urgent."""
    assert RULES.urgency("inkomen-uitkering", [text]) is Urgency.URGENT


@pytest.mark.parametrize(
    "text",
    [
        "Hoe bereid ik mijn gesprek met de klantmanager voor?",
        "Wat is de kostendelersnorm precies?",
        "Mag ik vrijwilligerswerk doen naast mijn uitkering?",
    ],
)
def test_ordinary_questions_are_normal(text: str) -> None:
    """Rules, preparation and checking advice are not urgent by themselves."""
    assert RULES.urgency("werk-reintegratie", [text]) is Urgency.NORMAL


def test_keywords_match_word_starts_not_inside_words() -> None:
    """'beslag' matches 'beslaglegging' but not 'opbeslagen'-style infixes."""
    assert RULES.urgency("x", ["beslaglegging op mijn loon"]) is Urgency.URGENT
    assert RULES.urgency("x", ["de ramen zijn aangeslagen"]) is Urgency.NORMAL


def test_config_extends_keywords_and_sets_category_urgency() -> None:
    """[triage] adds phrases and per-category defaults on top of the built-ins."""
    rules = TriageRules.from_config(
        TriageConfig(
            urgent_keywords=("energietoeslag weg",),
            low_keywords=(),
            category_urgency={"gesprekken-voorbereiden": Urgency.LOW},
        )
    )
    assert rules.urgency("zorg-wmo", ["Mijn energietoeslag weg?"]) is Urgency.URGENT
    assert rules.urgency("gesprekken-voorbereiden", ["Tips?"]) is Urgency.LOW
    assert rules.urgency("gesprekken-voorbereiden", ["geen geld"]) is Urgency.URGENT
    assert rules.fingerprint != RULES.fingerprint


def test_urgency_reads_client_follow_ups_but_not_staff_words() -> None:
    """A client's later 'still not paid' counts; staff quoting 'beslag' does not."""
    follow_up = make_thread(
        1, "Vraag over mijn uitkering", [CLIENT, STAFF, CLIENT],
        texts=["Hoe zit het?", "Zie Mijn Werkplein.", "Het is nog steeds niet betaald"],
    )  # fmt: skip
    staff_only = make_thread(
        2, "Vrijwilligerswerk", [CLIENT, STAFF],
        texts=["Mag dat?", "Ja, en er komt geen beslag op."],
    )  # fmt: skip
    for thread, expected in ((follow_up, Urgency.URGENT), (staff_only, Urgency.NORMAL)):
        facts = triage(thread.question, thread.posts, "inkomen-uitkering", RULES)
        assert facts.urgency is expected
