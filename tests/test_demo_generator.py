"""The demo forum generator: deterministic, varied, realistic Werkplein content."""

from __future__ import annotations

import random
import re
import sqlite3
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from stdnum import iban as stdnum_iban
from stdnum.nl import bsn as stdnum_bsn

from deskapp.forum import demo_content as content
from deskapp.forum.demo_seed import SPAN_DAYS, seed_demo_forum
from deskapp.forum.demo_text import Account, Writer
from deskapp.models import Role

NOW = datetime(2025, 3, 14, 10, 30, tzinfo=UTC)
NOW_MS = int(NOW.timestamp() * 1000)
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAY_MS = 86_400_000


def build(path: Path, questions: int, seed: int = 1) -> sqlite3.Connection:
    """Seed a forum at ``path`` and open it for inspection."""
    seed_demo_forum(path, questions, seed=seed, now=NOW)
    return sqlite3.connect(path)


def dump(path: Path) -> str:
    """Every row of the file as SQL text."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def state(closed: int, accepted: int | None, count: int, last_role: str) -> str:
    """The desk state of a topic row, as DESIGN.md defines the five states."""
    if closed:
        return "closed"
    if accepted is not None:
        return "solved"
    if count == 1:
        return "new"
    return "waiting_client" if last_role in ("staff", "adviser") else "waiting_staff"


@pytest.fixture(scope="module")
def forum500(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """A 500-question forum shared by the read-only tests of this module."""
    return build(tmp_path_factory.mktemp("gen") / "forum.sqlite", 500)


@pytest.fixture(scope="module")
def forum3000(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    """The one big forum: enough posts to measure shares."""
    return build(tmp_path_factory.mktemp("big") / "forum.sqlite", 3000)


def test_same_arguments_give_identical_files(tmp_path: Path) -> None:
    build(tmp_path / "a.sqlite", 200).close()
    build(tmp_path / "b.sqlite", 200).close()
    assert dump(tmp_path / "a.sqlite") == dump(tmp_path / "b.sqlite")
    assert (tmp_path / "a.sqlite").read_bytes() == (tmp_path / "b.sqlite").read_bytes()


def test_another_seed_gives_another_forum(tmp_path: Path) -> None:
    build(tmp_path / "a.sqlite", 200, seed=1).close()
    build(tmp_path / "b.sqlite", 200, seed=2).close()
    assert dump(tmp_path / "a.sqlite") != dump(tmp_path / "b.sqlite")


def test_titles_and_first_posts_hardly_repeat(forum500: sqlite3.Connection) -> None:
    titles = [
        t for (t,) in forum500.execute("SELECT title FROM topics WHERE is_kb = 0")
    ]
    firsts = [
        raw
        for (raw,) in forum500.execute(
            "SELECT raw FROM posts p JOIN topics t ON t.id = p.topic_id"
            " WHERE p.number = 1 AND t.is_kb = 0"
        )
    ]
    assert len(titles) == len(firsts) == 500
    assert len(set(titles)) >= 0.9 * len(titles)
    assert len(set(firsts)) >= 0.95 * len(firsts)


def test_posts_vary_in_length_and_tone(forum500: sqlite3.Connection) -> None:
    firsts = [r for (r,) in forum500.execute("SELECT raw FROM posts WHERE number = 1")]
    assert sum(len(raw) < 120 for raw in firsts) > 0.05 * len(firsts)  # one-liners
    assert sum(len(raw) > 600 for raw in firsts) > 0.03 * len(firsts)  # long stories
    assert any(raw[0].islower() for raw in firsts)  # informal posts


def test_questions_cover_the_four_reasons(forum500: sqlite3.Connection) -> None:
    tags = Counter(
        tag
        for (text,) in forum500.execute("SELECT tags FROM topics WHERE is_kb = 0")
        for tag in text.split(",")
        if tag
    )
    for tag in ("urgent-geld", "gesprek", "participatiewet", "ww", "wmo", "toeslagen"):
        assert tags[tag] > 0, tag
    titles = " ".join(t for (t,) in forum500.execute("SELECT title FROM topics"))
    assert "klopt dat?" in titles.lower()  # checking conflicting advice


def test_all_five_states_with_old_questions_mostly_done(
    forum500: sqlite3.Connection,
) -> None:
    rows = forum500.execute(
        "SELECT t.closed, t.accepted_post_id, t.posts_count, u.role, t.created_at"
        " FROM topics t JOIN users u ON u.id = t.last_poster_id WHERE t.is_kb = 0"
    ).fetchall()
    states = [(state(*row[:4]), NOW_MS - row[4]) for row in rows]
    assert {s for s, _ in states} == {
        "new", "waiting_staff", "waiting_client", "solved", "closed",
    }  # fmt: skip
    old = [s for s, age in states if age > 14 * DAY_MS]
    recent = [s for s, age in states if age < 2 * DAY_MS]
    assert sum(s in ("solved", "closed") for s in old) > 0.75 * len(old)
    assert sum(s in ("solved", "closed") for s in recent) < 0.5 * len(recent)


def test_accepted_answers_are_professional_posts_of_the_same_topic(
    forum500: sqlite3.Connection,
) -> None:
    rows = forum500.execute(
        "SELECT t.id, p.topic_id, p.number, u.role FROM topics t"
        " JOIN posts p ON p.id = t.accepted_post_id JOIN users u ON u.id = p.user_id"
    ).fetchall()
    assert rows
    for topic_id, post_topic, number, role in rows:
        assert post_topic == topic_id
        assert number > 1
        assert role in ("staff", "adviser")


def test_staff_and_advisers_post_only_in_office_hours(
    forum500: sqlite3.Connection,
) -> None:
    stamps = forum500.execute(
        "SELECT p.created_at FROM posts p JOIN users u ON u.id = p.user_id"
        " WHERE u.role IN ('staff', 'adviser')"
    ).fetchall()
    assert len(stamps) > 300
    for (ms,) in stamps:
        local = datetime.fromtimestamp(ms / 1000, AMSTERDAM)
        assert local.weekday() < 5, local
        assert time(8, 30) <= local.time() < time(17, 0), local


def test_clients_also_post_in_evenings_and_weekends(
    forum500: sqlite3.Connection,
) -> None:
    local = [
        datetime.fromtimestamp(ms / 1000, AMSTERDAM)
        for (ms,) in forum500.execute(
            "SELECT p.created_at FROM posts p JOIN users u ON u.id = p.user_id"
            " WHERE u.role = 'client'"
        )
    ]
    assert any(d.weekday() >= 5 for d in local)
    assert any(d.hour >= 19 for d in local)


def test_threads_run_forward_in_time_and_topics_agree(
    forum500: sqlite3.Connection,
) -> None:
    posts: dict[int, list[tuple[int, int, int]]] = {}
    for topic, number, created, user in forum500.execute(
        "SELECT topic_id, number, created_at, user_id FROM posts"
        " ORDER BY topic_id, number"
    ):
        posts.setdefault(topic, []).append((number, created, user))
    topics = forum500.execute(
        "SELECT id, created_at, last_posted_at, updated_at, posts_count, last_poster_id"
        " FROM topics"
    ).fetchall()
    oldest = NOW_MS - (SPAN_DAYS + 1) * DAY_MS
    for tid, created, last_posted, updated, count, last_poster in topics:
        thread = posts[tid]
        assert [n for n, _, _ in thread] == list(range(1, count + 1))
        times = [c for _, c, _ in thread]
        assert times == sorted(times)
        assert len(set(times)) == len(times)
        assert oldest <= created == times[0]
        assert last_posted == times[-1]
        assert last_poster == thread[-1][2]
        assert last_posted <= updated <= NOW_MS


def test_recent_days_are_busier_than_old_ones(forum500: sqlite3.Connection) -> None:
    ages = [NOW_MS - c for (c,) in forum500.execute("SELECT created_at FROM topics")]
    last_week = sum(age < 7 * DAY_MS for age in ages)
    first_week = sum(age > (SPAN_DAYS - 7) * DAY_MS for age in ages)
    assert last_week > 2 * first_week


def test_people_and_roles(forum500: sqlite3.Connection) -> None:
    roles = Counter(r for (r,) in forum500.execute("SELECT role FROM users"))
    assert roles["staff"] == len(content.STAFF) == 8
    assert roles["adviser"] == 3
    assert roles["peer"] == 30
    assert roles["client"] >= 150
    meta = dict(forum500.execute("SELECT key, value FROM meta"))
    me_role = forum500.execute(
        "SELECT role FROM users WHERE username = ?", (meta["me"],)
    )
    assert me_role.fetchone() == ("staff",)
    assert meta["seed"] == "1"
    assert meta["now"] == NOW.isoformat()


def test_some_open_questions_are_assigned_to_staff(
    forum500: sqlite3.Connection,
) -> None:
    staff = {
        u
        for (u,) in forum500.execute("SELECT username FROM users WHERE role = 'staff'")
    }
    rows = forum500.execute(
        "SELECT assigned_to FROM topics WHERE is_kb = 0 AND closed = 0"
        " AND accepted_post_id IS NULL"
    ).fetchall()
    assigned = [a for (a,) in rows if a is not None]
    assert 0 < len(assigned) < 0.6 * len(rows)
    assert set(assigned) <= staff


def test_staff_answers_use_markdown_and_links(forum500: sqlite3.Connection) -> None:
    raws = [
        r
        for (r,) in forum500.execute(
            "SELECT p.raw FROM posts p JOIN users u ON u.id = p.user_id"
            " WHERE u.role = 'staff'"
        )
    ]
    assert any("**" in r for r in raws)
    assert any("\n- " in r for r in raws)
    assert any("](https://www.rijksoverheid.nl/" in r for r in raws)
    assert any("tussen 9 en 17 uur" in r for r in raws)


def test_solved_titles_sometimes_say_so(forum3000: sqlite3.Connection) -> None:
    rows = forum3000.execute(
        "SELECT accepted_post_id FROM topics WHERE title LIKE '[OPGELOST]%'"
    )
    marked = rows.fetchall()
    assert marked
    assert all(accepted is not None for (accepted,) in marked)


def test_knowledge_base_articles(forum500: sqlite3.Connection) -> None:
    rows = forum500.execute(
        "SELECT t.id, t.title, t.tags, t.source_question_id, t.created_at, c.slug,"
        " p.wiki, u.role FROM topics t JOIN categories c ON c.id = t.category_id"
        " JOIN posts p ON p.topic_id = t.id JOIN users u ON u.id = p.user_id"
        " WHERE t.is_kb = 1"
    ).fetchall()
    assert len(rows) >= 24
    titles = {row[1] for row in rows}
    assert {
        "Wat is de kostendelersnorm?",
        "Wat doe ik als mijn uitkering te laat is?",
    } <= titles
    assert all(
        row[5] == "kennisbank" and row[6] == 1 and row[7] == "staff" for row in rows
    )
    assert any("participatiewet" in row[2].split(",") for row in rows)
    sourced = [row for row in rows if row[3] is not None]
    assert sourced
    for _, _, _, source, created, *_ in sourced:
        solved = forum500.execute(
            "SELECT created_at, accepted_post_id FROM topics WHERE id = ?", (source,)
        ).fetchone()
        assert solved[1] is not None
        assert solved[0] < created


PII = {
    "bsn": re.compile(r"BSN\D{0,30}(\d{9})"),
    "iban": re.compile(r"\bNL\d{2} ?[A-Z]{4}(?: ?\d){10}\b"),
    "phone": re.compile(r"\b06[- ]?\d{4} ?\d{4}\b"),
    "email": re.compile(r"[\w.]+@[\w-]+\.[a-z]{2,}"),
    "postcode": re.compile(r"\b[1-9]\d{3} [A-Z]{2}\b"),
}


def test_a_few_client_posts_carry_valid_personal_data(
    forum3000: sqlite3.Connection,
) -> None:
    raws = [
        r
        for (r,) in forum3000.execute(
            "SELECT p.raw FROM posts p JOIN users u ON u.id = p.user_id"
            " WHERE u.role = 'client'"
        )
    ]
    found = {
        kind: [m for r in raws for m in pattern.findall(r)]
        for kind, pattern in PII.items()
    }
    assert all(found.values()), {k: len(v) for k, v in found.items()}
    assert all(stdnum_bsn.is_valid(number) for number in found["bsn"])
    assert all(stdnum_iban.is_valid(number) for number in found["iban"])
    carrying = sum(any(p.search(r) for p in PII.values()) for r in raws)
    assert 0.005 * len(raws) < carrying < 0.06 * len(raws)


def test_staff_posts_carry_no_personal_data(forum3000: sqlite3.Connection) -> None:
    raws = forum3000.execute(
        "SELECT p.raw FROM posts p JOIN users u ON u.id = p.user_id"
        " WHERE u.role = 'staff'"
    )
    assert not [r for (r,) in raws if any(p.search(r) for p in PII.values())]


def test_the_writer_fills_exactly_the_documented_slots() -> None:
    writer = Writer(random.Random(3))
    client = writer.member(1, Role.CLIENT)
    staff = Account(2, "sanne.werkplein", "Sanne de Vries", Role.STAFF, "Sanne")
    writer.start(content.THEMES[0], client, staff, int(NOW.timestamp()))
    assert set(writer.slots) == set(content.SLOTS)


def test_every_phrase_fills_its_slots() -> None:
    personal = ("bsn", "iban", "phone", "email", "postcode", "huisnr", "straat")
    slots = {name: "x" for name in (*content.SLOTS, *personal)}
    for theme in content.THEMES:
        for field in (
            "titles",
            "situations",
            "asks",
            "staff",
            "adviser",
            "peer",
            "followups",
        ):
            phrases = getattr(theme, field)
            assert phrases, (theme.key, field)
            for phrase in phrases:
                phrase.format_map(slots)
    shared = [p for name in dir(content) for p in _phrases(getattr(content, name))]
    assert len(shared) > 200
    for phrase in shared:
        phrase.format_map(slots)


def _phrases(value: object) -> list[str]:
    """The strings in a module-level tuple of phrases (or of phrase pairs)."""
    if not isinstance(value, tuple):
        return []
    return [s for item in value for s in (item if isinstance(item, tuple) else (item,))
            if isinstance(s, str)]  # fmt: skip


def test_overwrites_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    target = folder / "forum.sqlite"
    build(target, 50, seed=1).close()
    before = target.read_bytes()

    def fail(done: int, total: int) -> None:
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        seed_demo_forum(target, 50, seed=2, now=NOW, progress=fail)
    assert target.read_bytes() == before
    build(target, 50, seed=2).close()
    assert target.read_bytes() != before
    assert sorted(p.name for p in folder.iterdir()) == ["forum.sqlite"]


def test_file_is_in_wal_mode_with_progress_to_the_end(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    seed_demo_forum(
        tmp_path / "f.sqlite", 120, now=NOW, progress=lambda d, t: calls.append((d, t))
    )
    conn = sqlite3.connect(tmp_path / "f.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert calls[-1] == (120, 120)


def test_default_now_is_the_current_minute(tmp_path: Path) -> None:
    seed_demo_forum(tmp_path / "f.sqlite", 5)
    meta = dict(
        sqlite3.connect(tmp_path / "f.sqlite").execute("SELECT key, value FROM meta")
    )
    now = datetime.fromisoformat(meta["now"])
    assert now.second == 0
    assert now.microsecond == 0
    assert abs(datetime.now(UTC) - now) < timedelta(minutes=2)


def test_naive_now_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        seed_demo_forum(tmp_path / "f.sqlite", 5, now=datetime(2025, 1, 1))


def test_questions_sent_to_uwv_or_the_belastingdienst_are_tagged_referred(
    forum500: sqlite3.Connection,
) -> None:
    """WW and allowance questions that staff answered carry `doorverwezen`;
    no other question does, and none without a staff post."""
    rows = forum500.execute(
        "SELECT t.tags, EXISTS (SELECT 1 FROM posts p JOIN users u ON u.id = p.user_id"
        " WHERE p.topic_id = t.id AND u.role = 'staff') FROM topics t"
        " WHERE t.is_kb = 0"
    ).fetchall()
    referred = [
        (tags.split(","), staff) for tags, staff in rows if "doorverwezen" in tags
    ]
    assert 0.03 * len(rows) < len(referred) < 0.3 * len(rows)
    assert all(staff for _, staff in referred)
    assert all({"ww", "toeslagen"} & set(tags) for tags, _ in referred)
