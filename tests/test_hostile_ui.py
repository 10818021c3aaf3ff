"""Hostile forum text through every screen that shows it.

Each example fills a store with hostile titles, posts, names, usernames,
tags, category names and knowledge-base articles (tests/hostile.py), then
walks the desk as a user would: the inbox, a notification, the question
screen with its tags and assign dialogs (a completion drawn in the input),
the full text of a post and a quote of it in the composer, the
knowledge-base panel, the promote screen, the backlog screen and the filter
panel; and the template picker with a forum template, and the editor on a
copy of one. Inputs and text areas draw their text as it is, so what they
get must be clean already. On every
screen, neither the rendered segments nor the bytes a repaint writes hold
anything that can act on a terminal, no style or action comes from forum
markup, and ``[SOLVED]`` stays on screen as written.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static, TextArea

from deskapp.app import DeskApp
from deskapp.config import TemplatesConfig, demo_config
from deskapp.desk import Desk
from deskapp.models import (
    Capabilities,
    Category,
    Person,
    Role,
    Template,
    TemplateSource,
)
from deskapp.screens.question import QuestionScreen
from deskapp.screens.question_dialogs import AssignScreen, TagsScreen
from deskapp.store import Store
from deskapp.sync import SyncReport
from deskapp.templates import TemplateContext, load_library
from deskapp.text import one_line
from deskapp.triage import TriageRules
from tests.factories import STAFF, T0, MemoryForum, make_thread
from tests.hostile import (
    CORPUS,
    LITERAL,
    assert_screen_safe,
    hostile_text,
    hostile_threads,
)
from tests.test_inbox import settle

NOW = T0 + timedelta(days=2)
SIZE = (160, 50)
UI_SETTINGS = settings(
    max_examples=3, deadline=None, phases=(Phase.explicit, Phase.generate)
)
"""A few examples a test, not shrunk: one walk takes seconds."""
TEXTS = st.lists(hostile_text(), min_size=2, max_size=5)


def hostile_desk(folder: Path, texts: Sequence[str]) -> Desk:
    """A desk over a store (and an in-memory forum) full of ``texts``."""
    categories, threads = hostile_threads(texts)
    categories.append(Category(9, "Kennisbank", "kennisbank", is_kb=True))
    articles = [
        make_thread(90 + n, f"Uitkering {text}", [STAFF], category_id=9, is_kb=True,
                    texts=[f"## Vraag\n\nUitkering {text}\n\n## Antwoord\n\n{text}"])
        for n, text in enumerate(texts)
    ]  # fmt: skip
    config = dataclasses.replace(
        demo_config(), store_path=folder / "s.sqlite", path=folder / "config.toml"
    )
    store = Store(config.store_path)
    store.save_categories("demo", categories)
    store.save_threads("demo", [*threads, *articles], TriageRules())
    profile = dataclasses.replace(
        config.forum(), api_username="j.devries", path=folder / "missing.sqlite"
    )
    desk = Desk(config, profile, store, clock=lambda: NOW)
    forum = MemoryForum([*threads, *articles], clock=lambda: NOW)
    forum.name = "demo"
    desk._forum = forum
    store.record_sync("demo", at=NOW, me="j.devries")
    store.save_capabilities("demo", Capabilities(solved=True, assign=True), NOW)
    return desk


async def _walk_the_desk(app: DeskApp, count: int) -> None:
    """Inbox, notifications, question, KB panel, promote, backlog, filters."""
    await settle(app)
    text = assert_screen_safe(app, "inbox")
    assert "[SOLVED] [bold]vet[/bold]" in text
    await app._announce(SyncReport("demo", new_urgent=list(range(1, count + 2))))
    await settle(app)
    assert_screen_safe(app, "inbox with notifications")


@given(texts=TEXTS)
@example(texts=list(CORPUS))
@UI_SETTINGS
def test_every_screen_shows_hostile_text_inertly(texts: list[str]) -> None:
    """The whole walk, for one store of hostile text per example."""
    import asyncio

    with tempfile.TemporaryDirectory() as name:
        asyncio.run(_walk(hostile_desk(Path(name), texts), len(texts)))


async def _walk(desk: Desk, count: int) -> None:
    """Drive the desk over every screen that shows forum text."""
    app = DeskApp(desk)
    async with app.run_test(size=SIZE) as pilot:
        await _walk_the_desk(app, count)
        for qid in (1, 2):
            app.push_screen(QuestionScreen(desk, qid))
            await settle(app)
            await pilot.pause()
            text = assert_screen_safe(app, f"question {qid}")
            if qid == 1:
                assert "[SOLVED] [bold]vet[/bold]" in text
            await pilot.press("f4")
            await settle(app)
            await pilot.pause()
            assert_screen_safe(app, "kb panel")
            await pilot.press("f4", "right_square_bracket", "P")
            await settle(app)
            await pilot.pause()
            assert type(app.screen).__name__ == "PromoteScreen", type(app.screen)
            assert_screen_safe(app, "promote")
            await pilot.press("escape")
            await settle(app)
            await _walk_the_question_forms(app, pilot, desk)
            await pilot.press("escape")
            await settle(app)
        for qid in range(2, count + 2):  # drafts of hostile questions, hostile text
            desk.save_draft(qid, f"Beste klant, {CORPUS[qid % len(CORPUS)]}",
                            reply_to=None, seen_post=1)  # fmt: skip
        await pilot.press("d")
        await settle(app)
        await pilot.pause()
        assert type(app.screen).__name__ == "DraftsScreen", type(app.screen)
        assert_screen_safe(app, "drafts")
        await pilot.press("escape")
        await settle(app)
        await pilot.press("B")
        await settle(app)
        await pilot.pause()
        assert type(app.screen).__name__ == "BacklogScreen"
        assert_screen_safe(app, "backlog")
        await pilot.press("escape")
        await settle(app)


async def _open(app: DeskApp, pilot: Pilot[object], key: str, screen: str) -> None:
    """Press ``key`` and wait for ``screen`` to be on top."""
    await pilot.press(key)
    await settle(app)
    await pilot.pause()
    assert type(app.screen).__name__ == screen, (key, type(app.screen))


async def _walk_the_question_forms(
    app: DeskApp, pilot: Pilot[object], desk: Desk
) -> None:
    """On a question: the tags and assign dialogs (a completion drawn in the
    input), the full text of the first post, and a quote of it in the
    composer; each an editable or plain field showing forum text."""
    await _open(app, pilot, "T", "TagsScreen")
    assert_screen_safe(app, "tags dialog")
    await pilot.press("escape")
    await settle(app)
    await _open(app, pilot, "w", "AssignScreen")
    box = app.screen.query_one(Input)
    names = [one_line(p.username) for p in desk.known_colleagues()]
    box.value = next((n[:2] for n in names if n), "j")
    await settle(app)
    await pilot.pause()
    assert box._suggestion or not any(names), "no completion shown"
    assert_screen_safe(app, "assign dialog with a completion")
    await pilot.press("escape")
    await settle(app)
    await _open(app, pilot, "e", "FullTextScreen")
    assert_screen_safe(app, "full text")
    await pilot.press("escape")
    await settle(app)
    await pilot.press("c")
    await settle(app)
    await pilot.pause()
    assert " schreef in #" in app.screen.query_one("#composer-text", TextArea).text
    assert_screen_safe(app, "composer with a quote")
    await pilot.press("escape")
    await settle(app)


async def test_the_filter_panel_shows_category_names_inertly(tmp_path: Path) -> None:
    """Category names from the forum in the filter panel (f)."""
    names = [t for t in CORPUS if t.startswith(("[link=", "[@click=app.quit]"))]
    app = DeskApp(hostile_desk(tmp_path, names))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f")
        await settle(app)
        await pilot.pause()
        assert type(app.screen).__name__ == "FilterScreen"
        assert_screen_safe(app, "filters")


class PickerApp(App[None]):
    """The template picker with forum templates, as the composer opens it."""

    def __init__(self, folder: Path, texts: Sequence[str]) -> None:
        super().__init__()
        config = dataclasses.replace(
            demo_config(), path=folder / "config.toml",
            templates=TemplatesConfig(team=(), werkplein="Werkplein"),
        )  # fmt: skip
        forum = [
            Template(f"forum:{n}", text, f"{text}\n\n%{{topic_title}} {{client}}",
                     source=TemplateSource.FORUM, forum_id=n, tags=(text,),
                     categories=("cat-a",) if n == 0 else ())
            for n, text in enumerate([LITERAL, *texts])
        ]  # fmt: skip
        self.library = load_library(config, _NoUsage(), forum)
        self.context = TemplateContext(
            today=date(2026, 11, 29),
            client=Person(texts[0], texts[-1], Role.CLIENT),
            staff=STAFF,
            question_title=texts[0],
            category_slug="cat-a",
            tags=tuple(texts),
        )

    def on_mount(self) -> None:
        from deskapp.screens.templates import TemplatePicker

        self.push_screen(TemplatePicker(self.library, self.context))


class _NoUsage:
    """A usage log that remembers nothing."""

    def template_uses(self) -> dict[str, int]:
        return {}

    def record_template_use(self, key: str) -> None:
        return None


@given(texts=TEXTS)
@example(texts=list(CORPUS))
@UI_SETTINGS
def test_the_template_picker_shows_forum_templates_inertly(texts: list[str]) -> None:
    """Names, bodies and the preview of forum templates; moving through them."""
    import asyncio

    async def run() -> None:
        with tempfile.TemporaryDirectory() as name:
            app = PickerApp(Path(name), texts)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                text = assert_screen_safe(app, "template picker")
                assert "[SOLVED] [bold]vet[/bold]" in text
                for _ in range(min(len(texts), 4)):
                    await pilot.press("down")
                    await pilot.pause()
                    assert_screen_safe(app, "template preview")

    asyncio.run(run())


class _One(App[None]):
    """One widget on a screen."""

    def __init__(self, widget: Static) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


@pytest.mark.parametrize(
    "widget",
    [
        Static("[@click=app.quit]x[/]"),
        Static('[link="https://evil.example/pwned"]x[/link]'),
        Static(Text("a\x1b]52;c;payload\x07b")),
        Static(Text("factuur\u202egnp.exe")),
    ],
    ids=["markup action", "markup link", "OSC 52", "bidi override"],
)
async def test_the_screen_checks_catch_what_they_look_for(widget: Static) -> None:
    """The checks above fail on a widget that lets forum text through."""
    app = _One(widget)
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        with pytest.raises(AssertionError):
            assert_screen_safe(app)


HOSTILE_TEMPLATE = "Inkomsten\x1b]0;T\x07 doorgeven"
HOSTILE_BODY = "Beste {client},\x1b]52;c;cGF5bG9hZA==\x07\n\nZie \x1b[2Jhier\u202e."


async def test_a_copy_of_a_hostile_forum_template_is_clean(tmp_path: Path) -> None:
    """d in the picker on a forum template whose name sets the terminal title
    and whose body writes the clipboard: the editor shows the copy inertly,
    and the copy saved in the personal folder holds no escape sequence."""
    app = PickerApp(tmp_path, [HOSTILE_TEMPLATE, HOSTILE_BODY, *CORPUS[:3]])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picker = app.screen
        for index in range(len(picker.ranked)):
            if picker.ranked[index].template.source is not TemplateSource.FORUM:
                continue
            options = picker.query_one("#picker-list", OptionList)
            options.highlighted = index
            options.focus()
            await pilot.press("d")
            for _ in range(200):  # up to 10 s on a busy machine
                await pilot.pause(0.05)
                if type(app.screen).__name__ == "TemplateEditor":
                    break
            assert type(app.screen).__name__ == "TemplateEditor", type(app.screen)
            assert_screen_safe(app, f"template editor on a copy of {index}")
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is picker, "escape left the unchanged copy at once"
    copies = _saved_copies(tmp_path)
    assert len(copies) >= 3, copies
    for saved in copies:
        assert "\x1b" not in saved and "\\u001b" not in saved.lower(), saved
        assert "payload" not in saved, saved


def _saved_copies(folder: Path) -> list[str]:
    """The text of every template file under ``folder``."""
    return [path.read_text(encoding="utf-8") for path in folder.rglob("*.toml")]


class _Dialog(App[None]):
    """One dialog over an empty screen; its result is kept."""

    def __init__(self, dialog: Screen[object]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


EVIL_TAG = "evil\x1b]0;payload\x1b\\x"
EVIL_USER = "mark\x1b]52;c;payload\x07x"


async def test_the_tags_dialog_shows_forum_tags_inertly() -> None:
    """The current tags are drawn in the input cleaned; enter without a change
    changes nothing, and a tag kept as shown goes back as the forum has it."""
    app = _Dialog(TagsScreen(["ok", EVIL_TAG, "bidi\u202eabc"]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = assert_screen_safe(app, "tags dialog")
        assert "evil␛x" in text
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == [None]
    app = _Dialog(TagsScreen(["ok", EVIL_TAG]))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "n", "i", "e", "u", "w", "enter")
        await pilot.pause()
        assert app.results == [("ok", EVIL_TAG, "nieuw")]


async def test_the_assign_dialog_completes_forum_names_inertly() -> None:
    """The completion drawn in the input is a cleaned username; accepting it
    assigns the colleague the forum knows."""
    people = [Person(EVIL_USER, "Mark \x1b[2J Jansen", Role.STAFF)]
    app = _Dialog(AssignScreen(people))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m", "a", "r")
        await pilot.pause()
        await pilot.pause()
        text = assert_screen_safe(app, "assign dialog")
        assert "mark␛x" in text
        await pilot.press("right", "enter")
        await pilot.pause()
        assert app.results == [EVIL_USER]
