"""Triage from the topic list alone: exact where the listing is, estimates elsewhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from deskapp.models import State, Urgency
from deskapp.triage import TriageRules, triage, triage_listing
from tests.factories import ADVISER, CLIENT, PEER, STAFF, T0, make_thread

RULES = TriageRules()
HOUR = timedelta(hours=1)


def test_listing_alone_gives_each_state() -> None:
    """Closed, solved, new, waiting for the client, waiting for staff."""
    cases = [
        (make_thread(1, "V", [CLIENT, STAFF], closed=True), State.CLOSED),
        (make_thread(2, "V", [CLIENT, PEER], archived=True), State.CLOSED),
        (make_thread(3, "V", [CLIENT, STAFF], accepted_post_id=302), State.SOLVED),
        (make_thread(4, "V", [CLIENT]), State.NEW),
        (make_thread(5, "V", [CLIENT, CLIENT]), State.NEW),
        (make_thread(6, "V", [CLIENT, STAFF]), State.WAITING_CLIENT),
        (make_thread(7, "V", [CLIENT, ADVISER]), State.WAITING_CLIENT),
        (make_thread(8, "V", [CLIENT, PEER]), State.WAITING_STAFF),
    ]
    for thread, state in cases:
        assert triage_listing(thread.question, (), "", RULES).state is state
        assert triage(thread.question, thread.posts, "", RULES).state is state


def test_waiting_times_are_estimated_as_documented() -> None:
    """New: since asked. Waiting for staff: since the last post. Staff last: no wait."""
    new = make_thread(1, "V", [CLIENT, CLIENT], start=T0).question
    facts = triage_listing(new, (), "", RULES)
    assert (facts.waiting_since, facts.first_staff_at) == (T0, None)
    assert facts.due_at == RULES.due(Urgency.NORMAL, T0)
    peer = make_thread(2, "V", [CLIENT, PEER, PEER], start=T0).question
    facts = triage_listing(peer, (), "", RULES)
    assert (facts.waiting_since, facts.first_staff_at) == (T0 + 2 * HOUR, None)
    staff = make_thread(3, "V", [CLIENT, PEER, STAFF], start=T0).question
    facts = triage_listing(staff, (), "", RULES)
    assert (facts.waiting_since, facts.first_staff_at) == (None, T0 + 2 * HOUR)


def test_a_client_thanking_staff_counts_as_new_until_the_thread_shows() -> None:
    """The documented over-estimate: the author posted last, nobody else known."""
    thanks = make_thread(1, "V", [CLIENT, STAFF, CLIENT], start=T0)
    assert triage_listing(thanks.question, (), "", RULES).state is State.NEW
    assert triage(thanks.question, thanks.posts, "", RULES).state is (
        State.WAITING_STAFF
    )


def test_stored_posts_sharpen_the_estimate() -> None:
    """Older posts tell who else posted, the first staff answer and the wait."""
    old = make_thread(1, "V", [CLIENT, STAFF, CLIENT], start=T0)
    newer = make_thread(1, "V", [CLIENT, STAFF, CLIENT, CLIENT], start=T0).question
    facts = triage_listing(newer, old.posts, "", RULES)
    assert facts.state is State.WAITING_STAFF
    assert facts.waiting_since == T0 + 2 * HOUR  # the client's post after staff
    assert facts.first_staff_at == T0 + HOUR
    answered = make_thread(2, "V", [CLIENT, STAFF], start=T0)
    later = make_thread(2, "V", [CLIENT, STAFF, PEER], start=T0).question
    facts = triage_listing(later, answered.posts, "", RULES)
    assert facts.waiting_since == T0 + 2 * HOUR  # unknown posts: the last one
    accepted = (answered.posts[0], replace(answered.posts[1], accepted=True))
    assert triage_listing(later, accepted, "", RULES).state is State.SOLVED


def test_urgency_reads_the_title_and_stored_client_posts() -> None:
    """An urgent title is enough; so is an urgent word in a stored client post."""
    urgent = make_thread(1, "Deurwaarder staat voor de deur", [CLIENT]).question
    assert triage_listing(urgent, (), "", RULES).urgency is Urgency.URGENT
    plain = make_thread(2, "Een vraag", [CLIENT], texts=["Mijn huurachterstand"])
    assert triage_listing(plain.question, (), "", RULES).urgency is Urgency.NORMAL
    facts = triage_listing(plain.question, plain.posts, "", RULES)
    assert facts.urgency is Urgency.URGENT
