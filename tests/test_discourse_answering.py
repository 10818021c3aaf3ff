"""The Discourse adapter's answering side: undo writes, flags to the moderators,
colleagues, templates, presence, and finding a reply whose answer was lost,
against the fake forum."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from deskapp.errors import (
    AuthError,
    ConflictError,
    ForumError,
    NotFoundError,
    RateLimitedError,
)
from deskapp.forum.discourse import DiscourseForum
from deskapp.forum.pacing import RequestBudget
from deskapp.models import Person, Role, Template, TemplateSource
from tests.discourse_fake import (
    API_KEY,
    DENIED,
    FLAGGED,
    FakeDiscourse,
    werkplein_forum,
)
from tests.discourse_server import serve
from tests.test_discourse_adapter import PROFILE

Call = Callable[[DiscourseForum, FakeDiscourse], Awaitable[object]]


def _open(fake: FakeDiscourse, **profile: Any) -> DiscourseForum:
    """The adapter over the fake, unpaced."""
    return DiscourseForum(
        replace(PROFILE, **profile),
        transport=fake.transport(),
        api_key=API_KEY,
        budget=RequestBudget(10_000),
    )


@pytest.fixture
def fake() -> FakeDiscourse:
    """The standard small Werkplein forum."""
    return werkplein_forum()


@pytest.fixture
async def forum(fake: FakeDiscourse) -> AsyncIterator[DiscourseForum]:
    """The adapter over ``fake``."""
    adapter = _open(fake)
    yield adapter
    await adapter.aclose()


def _accepted(fake: FakeDiscourse) -> int:
    """The id of topic 4's accepted answer."""
    accepted = fake.topics[4].accepted_post
    assert accepted is not None
    return accepted


# --- undoing ---------------------------------------------------------------------


async def test_unaccept_and_reopen_send_the_documented_payloads(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """POST /solution/unaccept.json {id}; PUT status closed with enabled "false"."""
    answer = _accepted(fake)
    await forum.unaccept_answer(answer)
    await forum.reopen(6)
    assert fake.bodies == [
        ("POST", "/solution/unaccept.json", {"id": answer}),
        ("PUT", "/t/6/status.json", {"status": "closed", "enabled": "false"}),
    ]
    assert fake.topics[4].accepted_post is None
    assert fake.topics[6].closed is False


async def test_the_next_sync_sees_them_undone(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """After unaccept and reopen the threads read as unsolved and open."""
    await forum.unaccept_answer(_accepted(fake))
    await forum.reopen(6)
    solved, closed = await forum.threads([4, 6])
    assert solved.question.accepted_post_id is None
    assert not any(p.accepted for p in solved.posts)
    assert closed.question.closed is False


# --- flagging ---------------------------------------------------------------------

PII = "Bericht bevat een BSN en een adres; graag verbergen."


def _client_post(fake: FakeDiscourse) -> int:
    """The id of Anouk's question in topic 1 (the post staff flag)."""
    return fake.topics[1].posts[0].id


async def test_flag_post_notifies_the_moderators(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """POST /post_actions.json, type 7, the message, only the post (not the topic)."""
    post = _client_post(fake)
    await forum.flag_post(post, PII)
    assert fake.bodies == [
        ("POST", "/post_actions.json",
         {"id": post, "post_action_type_id": 7, "message": PII, "flag_topic": False}),
    ]  # fmt: skip
    assert fake.topics[1].posts[0].flags == {"sanne": PII}
    assert fake.count() == 1


async def test_flagging_a_post_flagged_before_is_success(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """Discourse refuses a second flag ("already performed"); the post is flagged,
    as wanted: no error, and the first message stands."""
    post = _client_post(fake)
    await forum.flag_post(post, PII)
    fake.reset()
    await forum.flag_post(post, "Nogmaals")
    assert fake.count(r"^POST /post_actions\.json$") == 1
    assert fake.count(rf"^GET /posts/{post}\.json$") == 1
    assert fake.topics[1].posts[0].flags == {"sanne": PII}


@pytest.mark.parametrize("status", [403, 422])
async def test_the_refusal_of_a_flag_we_made_is_success_in_any_words(
    fake: FakeDiscourse, forum: DiscourseForum, status: int
) -> None:
    """A Dutch forum says it in Dutch: the post's actions_summary decides."""
    post = fake.topics[1].posts[0]
    post.flags["sanne"] = PII
    dutch = {"errors": ["Oeps! Je hebt deze actie al uitgevoerd."]}
    fake.fail("POST", r"/post_actions\.json", status, dutch)
    await forum.flag_post(post.id, PII)


async def test_a_flag_refused_for_another_reason_stays_refused(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """The "already performed" words on a post we never flagged (someone else
    did): the refusal stands, with the forum's words."""
    post = fake.topics[1].posts[0]
    post.flags["kim.adviseur"] = "Persoonsgegevens"
    fake.fail("POST", r"/post_actions\.json", 403, {"errors": [FLAGGED]})
    with pytest.raises(AuthError, match="already performed"):
        await forum.flag_post(post.id, PII)
    assert post.flags == {"kim.adviseur": "Persoonsgegevens"}


async def test_flagging_a_missing_post_is_not_found(forum: DiscourseForum) -> None:
    """The fake answers 404 for an unknown post id, as core does."""
    with pytest.raises(NotFoundError):
        await forum.flag_post(999_999, PII)


# --- colleagues ------------------------------------------------------------------


async def test_colleagues_are_the_staff_and_adviser_groups(
    forum: DiscourseForum,
) -> None:
    """Group members with their roles, by username; clients and peers are not."""
    assert await forum.colleagues() == [
        Person("kim.adviseur", "Kim", Role.ADVISER, 3),
        Person("sanne", "Sanne Bakker", Role.STAFF, 1),
    ]


async def test_colleagues_page_through_big_groups_once(fake: FakeDiscourse) -> None:
    """Sixty staff in pages of 50; someone in both groups counts once, as staff."""
    for n in range(60):
        fake.user(100 + n, f"mw{n:02d}", f"Medewerker {n}",
                  groups=("werkplein-medewerkers",))  # fmt: skip
    fake.users["kim.adviseur"].groups += ("werkplein-medewerkers",)
    forum = _open(fake)
    people = await forum.colleagues()
    assert len(people) == 62
    assert [p.username for p in people] == sorted(p.username for p in people)
    kim = next(p for p in people if p.username == "kim.adviseur")
    assert kim.role is Role.STAFF
    assert fake.count(r"members\.json$") == 3  # staff: 2 pages; advisers: 1
    await forum.colleagues()
    assert fake.count(r"members\.json$") == 3  # kept for group_ttl
    await forum.aclose()


async def test_a_missing_group_names_the_config_key(fake: FakeDiscourse) -> None:
    """A typo in adviser_groups is a NotFoundError that says what to fix."""
    forum = _open(fake, adviser_groups=("adviseurs",))
    with pytest.raises(NotFoundError, match="adviser_groups"):
        await forum.colleagues()
    await forum.aclose()


# --- templates -------------------------------------------------------------------


async def test_templates_come_with_their_placeholders(forum: DiscourseForum) -> None:
    """Each template keeps its %{...} placeholders and its tags; sorted by title."""
    found = await forum.templates()
    assert [t.key for t in found] == ["forum:502", "forum:501"]
    wait = found[1]
    assert wait == Template(
        key="forum:501",
        name="Wachttijd uitkering",
        body="Beste %{original_poster_name},\n\nUw aanvraag is binnen. Binnen 8"
        " weken hoort u meer.\n\nGroet,\n%{my_name}",
        source=TemplateSource.FORUM,
        tags=("uitkering",),
        forum_id=501,
    )
    assert found[0].tags == ()
    assert "%{topic_title}" in found[0].body


async def test_a_forum_without_the_templates_plugin_has_none(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """The plugin missing (404) or closed to this account (403): no templates."""
    fake.plugins_off.add("templates")
    assert await forum.templates() == []
    fake.plugins_off.clear()
    fake.fail("GET", r"/discourse_templates\.json", 403,
              {"errors": [DENIED], "error_type": "invalid_access"})  # fmt: skip
    assert await forum.templates() == []
    assert len(await forum.templates()) == 2


def test_unreadable_templates_are_skipped() -> None:
    """An entry without id or content is left out; a bare list is read too."""
    from deskapp.forum.discourse_extras import templates_from

    rows = [{"id": 7, "title": "Goed", "content": "Tekst", "tags": [{"name": "wmo"}]},
            {"title": "Zonder id", "content": "x"}, {"id": 8, "title": "Leeg"}]  # fmt: skip
    assert [t.key for t in templates_from({"templates": rows})] == ["forum:7"]
    assert templates_from(rows)[0].tags == ("wmo",)


# --- presence --------------------------------------------------------------------


async def test_replying_names_who_has_the_composer_open(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """Presence users become people with roles; the channel is the topic's."""
    fake.replying[3] = ["kim.adviseur", "buurman"]
    people = await forum.replying(3)
    assert [(p.username, p.role) for p in people] == [
        ("kim.adviseur", Role.ADVISER), ("buurman", Role.PEER)]  # fmt: skip
    (request,) = [r for r in fake.requests if r.url.path == "/presence/get"]
    assert request.url.params.get_list("channels[]") == ["/discourse-presence/reply/3"]
    assert await forum.replying(2) == []


async def test_replying_knows_the_client_once_the_topic_was_listed(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """The topic's author replying is the client, when a topic list named them."""
    [q async for page in forum.changed_questions(None) for q in page]
    fake.replying[3] = ["mo"]
    assert [p.role for p in await forum.replying(3)] == [Role.CLIENT]


async def test_replying_is_unknown_rather_than_an_error(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """A null channel, no presence (404) or a refusal (403): nobody known."""
    assert await forum.replying(999) == []  # the forum answers null
    fake.plugins_off.add("presence")
    assert await forum.replying(3) == []
    fake.plugins_off.clear()
    fake.fail("GET", "/presence/get", 403,
              {"errors": [DENIED], "error_type": "invalid_access"})  # fmt: skip
    assert await forum.replying(3) == []


async def test_capabilities_report_presence(fake: FakeDiscourse) -> None:
    """presence follows whether /presence/get answers."""
    forum = _open(fake)
    assert (await forum.capabilities()).presence is True
    fake.plugins_off.add("presence")
    caps = await forum.capabilities()
    assert caps.presence is False
    assert caps.extra["presence"] == "no"
    assert caps.templates is True
    await forum.aclose()


# --- errors ----------------------------------------------------------------------

CALLS: dict[str, tuple[str, str, Call]] = {
    "unaccept": ("POST", r"/solution/unaccept\.json",
                 lambda f, fake: f.unaccept_answer(_accepted(fake))),
    "reopen": ("PUT", r"/t/6/status\.json", lambda f, fake: f.reopen(6)),
    "flag": ("POST", r"/post_actions\.json",
             lambda f, fake: f.flag_post(_client_post(fake), PII)),
    "colleagues": ("GET", r"/groups/werkplein-medewerkers/members\.json",
                   lambda f, fake: f.colleagues()),
    "templates": ("GET", r"/discourse_templates\.json", lambda f, fake: f.templates()),
    "replying": ("GET", "/presence/get", lambda f, fake: f.replying(3)),
}  # fmt: skip
REFUSED = {"errors": [DENIED], "error_type": "invalid_access"}
GONE = {"errors": ["The requested URL or resource could not be found."],
        "error_type": "not_found"}  # fmt: skip
INVALID = {"errors": ["Dit onderwerp kan niet meer worden gewijzigd."]}
SLOW = {"errors": ["U heeft dit te vaak gedaan."], "error_type": "rate_limit",
        "extras": {"wait_seconds": 9}}  # fmt: skip
ERRORS = [
    (403, REFUSED, AuthError),
    (404, GONE, NotFoundError),
    (422, INVALID, ConflictError),
    (429, SLOW, RateLimitedError),
]
QUIET = {"templates": (403, 404), "replying": (403, 404)}
"""Where the forum lacks a plugin or refuses it: an empty list, not an error."""


@pytest.mark.parametrize("name", list(CALLS))
@pytest.mark.parametrize(("status", "body", "kind"), ERRORS, ids=["403", "404", "422", "429"])  # fmt: skip
async def test_each_refusal_maps_to_its_error(
    fake: FakeDiscourse, forum: DiscourseForum, name: str, status: int,
    body: dict[str, Any], kind: type[ForumError],
) -> None:  # fmt: skip
    """403/404/422/429 become our errors with the forum's words (or [] where quiet)."""
    method, path, call = CALLS[name]
    fake.fail(method, path, status, body, headers={"Retry-After": "9"} if status == 429 else None)  # fmt: skip
    if status in QUIET.get(name, ()):
        assert await call(forum, fake) == []
        return
    with pytest.raises(kind) as caught:
        await call(forum, fake)
    if status == 422:
        assert "kan niet meer worden gewijzigd" in str(caught.value)
    if status == 429:
        assert isinstance(caught.value, RateLimitedError)
        assert caught.value.retry_after == 9.0
    assert API_KEY not in str(caught.value)


# --- finding a reply -------------------------------------------------------------


async def test_find_post_matches_what_the_forum_made_of_the_text(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """CRLF, odd spaces and trailing blanks the forum drops still match."""
    sent = "Beste Anouk,\r\n\r\nU krijgt\u00a0bericht.  \r\nGroet\r\n\r\n"
    post = await forum.reply(1, sent)
    assert fake.topics[1].posts[-1].raw == "Beste Anouk,\n\nU krijgt bericht.  \nGroet"
    found = await forum.find_post(1, "Sanne", sent, fake.now - timedelta(minutes=1))
    assert found is not None
    assert found.id == post.id
    assert found.author.role is Role.STAFF


async def test_find_post_looks_at_the_newest_posts_of_a_long_topic(
    fake: FakeDiscourse, forum: DiscourseForum
) -> None:
    """The reply is found behind the first chunk, after others replied too,
    and an older post with the same words is not taken for it."""
    fake.post(7, "sanne", "Ik kijk ernaar.", at=fake.now - timedelta(days=2))
    mine = fake.post(7, "sanne", "Ik kijk ernaar.")
    for n in range(5):
        fake.post(7, "anouk", f"Nog een vraag {n}")
    found = await forum.find_post(7, "sanne", "Ik kijk ernaar.", fake.now)
    assert found is not None
    assert (found.id, found.number) == (mine.id, 13)
    assert await forum.find_post(7, "sanne", "Ik kijk er naar.", fake.now) is None


# --- over HTTP -------------------------------------------------------------------


async def test_the_answering_calls_over_http(fake: FakeDiscourse) -> None:
    """The same calls against the fake served on 127.0.0.1."""
    fake.replying[3] = ["kim.adviseur"]
    with serve(fake) as url:
        forum = DiscourseForum(
            replace(PROFILE, url=url), api_key=API_KEY, budget=RequestBudget(10_000)
        )
        try:
            assert [p.username for p in await forum.replying(3)] == ["kim.adviseur"]
            assert len(await forum.templates()) == 2
            assert len(await forum.colleagues()) == 2
            await forum.unaccept_answer(_accepted(fake))
            await forum.reopen(6)
            await forum.flag_post(_client_post(fake), PII)
            await forum.flag_post(_client_post(fake), PII)  # flagged: still fine
        finally:
            await forum.aclose()
    assert fake.topics[4].accepted_post is None
    assert fake.topics[6].closed is False
    assert fake.topics[1].posts[0].flags == {"sanne": PII}
