"""A view of a whole thread with a post cursor, and the facts block above it.

The post cursor (a bar at the left of one post) marks the post that replies,
quotes and "accept as answer" act on. Forum text reaches the screen only
through :mod:`deskapp.text` and as ``Content`` (never markup). Links in
posts are reported upward as :class:`ThreadView.LinkChosen`; nothing here
opens a browser.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import ClassVar

from textual import on, work
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Markdown, Static
from textual.worker import Worker, WorkerState

from deskapp import i18n
from deskapp.i18n import _, ngettext
from deskapp.models import InboxItem, Post, State, Thread, Urgency
from deskapp.text import one_line
from deskapp.widgets.columns import labels_for
from deskapp.widgets.humanize import short_age
from deskapp.widgets.post_view import PostView, local_time

__all__ = ["STATE_LABEL", "URGENCY_LABEL", "ThreadHeader", "ThreadView"]

_LABELS = labels_for()
STATE_LABEL = {s: _LABELS[f"state.{s.value}"] for s in State}
"""How each state is named on screen (the inbox's labels)."""
URGENCY_LABEL = {u: _LABELS[f"urgency.{u.value}"] for u in Urgency}
"""How each urgency is named on screen (the inbox's labels)."""

_FIRST_BATCH = 4
_BATCH = 24
WINDOW = 100
"""Posts mounted at most; a longer thread is shown a window at a time, the
window following the post cursor (and g/G)."""


class ThreadHeader(Widget):
    """Title, then state, urgency, category, tags, assignee, wait, id and URL."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "thread-header--title",
        "thread-header--urgent",
        "thread-header--overdue",
        "thread-header--soon",
        "thread-header--replying",
    }

    DEFAULT_CSS = """
    ThreadHeader {
        height: auto;
        max-height: 6;
        padding: 0 1;
        background: $panel;
        & > .thread-header--title { text-style: bold; }
        & > .thread-header--urgent { color: $text-error; text-style: bold; }
        & > .thread-header--overdue { color: $text-error; text-style: bold; }
        & > .thread-header--soon { color: $text-warning; text-style: bold; }
        & > .thread-header--replying { color: $text-warning; text-style: bold; }
    }
    """

    def __init__(
        self, *, due_soon: timedelta = timedelta(0), id: str | None = None
    ) -> None:
        """An empty header until :meth:`show` is called; an answer due within
        ``due_soon`` says how soon."""
        super().__init__(id=id)
        self.due_soon = due_soon
        self.thread: Thread | None = None
        self.item: InboxItem | None = None
        self.now: datetime | None = None
        self.replying: tuple[str, ...] = ()
        """Names of colleagues writing a reply in this question now."""
        self._tz: tzinfo | None = None

    def show(
        self,
        thread: Thread,
        item: InboxItem | None,
        now: datetime,
        tz: tzinfo | None = None,
    ) -> None:
        """Show ``thread`` with its inbox row ``item`` (if any) as of ``now``."""
        self.thread, self.item, self.now, self._tz = thread, item, now, tz
        self.refresh(layout=True)

    def show_replying(self, names: tuple[str, ...]) -> None:
        """Say who else is writing a reply now (nobody: the line goes)."""
        if names != self.replying:
            self.replying = names
            self.refresh(layout=True)

    def render(self) -> Content:
        """The header lines, or nothing before the first :meth:`show`."""
        if self.thread is None or self.now is None:
            return Content("")
        q, item = self.thread.question, self.item
        tags = ", ".join(one_line(t, 30) for t in q.tags) or _("geen")
        assignee = q.assigned_to or (item.assigned_to if item else None)
        width = self.size.width or 78
        lines = [
            Content.assemble(
                *self._state(),
                " · "
                + (one_line(item.category, 40) if item else _("categorie onbekend")),
                " · " + _("tags: {tags}").format(tags=tags),
            ),
            Content.assemble(
                _("toegewezen aan: {name}").format(
                    name=one_line(assignee, 30) if assignee else _("niemand")
                ),
                *self._wait(self.now),
            ),
            Content(f"#{q.id}  {one_line(q.url, 200) or _('geen link')}"),
            *self._replying(),
        ]
        # The title takes two rows at most and every other line one, so the
        # header (6 rows at most) always shows who is writing a reply.
        return Content("\n").join(
            [
                *_rows(one_line(q.title, 300), width, 2, self._style("title")),
                *(line.truncate(width, ellipsis=True) for line in lines),
            ]
        )

    def _replying(self) -> list[Content]:
        """``Anouk is een antwoord aan het schrijven`` (or several names)."""
        if not self.replying:
            return []
        names = [one_line(n, 30) for n in self.replying]
        from babel.lists import format_list  # loads on first use

        who = format_list(names, locale=i18n.language())
        text = ngettext(
            "{who} is een antwoord aan het schrijven",
            "{who} zijn een antwoord aan het schrijven",
            len(names),
        ).format(who=who)
        return [Content.styled(text, self._style("replying"))]

    def _style(self, name: str) -> Style:
        """The partial visual style of component ``thread-header--<name>``."""
        return self.get_visual_style(f"thread-header--{name}", partial=True)

    def _state(self) -> list[str | tuple[str, Style]]:
        """State and urgency; urgent stands out."""
        if self.item is None:
            return [_fallback_state(self.thread)]
        urgency = URGENCY_LABEL[self.item.urgency]
        if self.item.urgency is Urgency.URGENT:
            return [
                STATE_LABEL[self.item.state],
                " · ",
                (urgency, self._style("urgent")),
            ]
        return [STATE_LABEL[self.item.state], " · ", urgency]

    def _wait(self, now: datetime) -> list[str | tuple[str, Style]]:
        """How long the client waits for us, and the due time (overdue stands out)."""
        item = self.item
        if item is None or item.waiting_since is None:
            return [" · " + _("niemand wacht op ons")]
        parts: list[str | tuple[str, Style]] = [
            " · " + _("wacht {age}").format(age=short_age(item.waiting_since, now))
        ]
        if item.due_at is not None:
            due = local_time(item.due_at, self._tz, year=False)
            parts.append(", " + _("uiterlijk {due}").format(due=due))
            if item.is_overdue(now):
                parts.append((" " + _("(te laat)"), self._style("overdue")))
            elif item.is_due_soon(now, self.due_soon):
                left = short_age(now, item.due_at)
                parts.append(
                    (" " + _("(over {left})").format(left=left), self._style("soon"))
                )
        return parts


def _rows(text: str, width: int, rows: int, style: Style) -> list[Content]:
    """``text`` wrapped at ``width`` in at most ``rows`` rows, the last one
    ending in "…" when there is more (the full text: e on the first post)."""
    lines = Content(text).wrap(width)
    if len(lines) > rows:
        last = lines[rows - 1].truncate(width - 1)
        lines = [*lines[: rows - 1], Content.assemble(last, "…")]
    return [line.stylize(style) for line in lines]


def _fallback_state(thread: Thread | None) -> str:
    """A state label for a question the inbox does not know."""
    if thread is None:
        return _("status onbekend")
    q = thread.question
    if q.closed or q.archived:
        return STATE_LABEL[State.CLOSED]
    if q.accepted_post_id is not None:
        return STATE_LABEL[State.SOLVED]
    return _("status onbekend")


def _more(text: str) -> Static:
    """A line saying how many posts lie outside the window, and which keys
    reach them."""
    return Static(text, markup=False, classes="thread-more")


def _index_of(thread: Thread, number: int) -> int:
    """The index of post ``number`` in ``thread`` (0 when it is gone)."""
    return next((i for i, p in enumerate(thread.posts) if p.number == number), 0)


class ThreadView(VerticalScroll):
    """Every post of one thread, stacked; forum text shown without markup."""

    DEFAULT_CSS = """
    ThreadView {
        height: 1fr;
        padding: 0 1;
    }
    """

    @dataclass
    class LinkChosen(Message):
        """The user activated a link in a post; ``url`` is cleaned, one line."""

        url: str

    def __init__(self, *, id: str | None = None) -> None:
        """An empty, focusable thread view."""
        super().__init__(id=id)
        self.thread: Thread | None = None
        self.tz: tzinfo | None = None
        """The timezone times are shown in (None: the system's)."""
        self.cursor = 0
        """Index of the post under the post cursor."""
        self.marks: dict[int, tuple[str, ...]] = {}
        """Kinds of personal data found, by post id (shown under the header)."""
        self._want_end = False
        self._pending: tuple[Thread, float | None] | None = None
        """The thread to mount next (and the scroll position to keep)."""
        self._mounting = False
        self.start = 0
        """Index of the first mounted post (0 unless the thread is longer
        than :data:`WINDOW`)."""
        self._to_cursor = False
        """After the next mount, bring the cursor's post into view."""

    @property
    def current_post(self) -> Post | None:
        """The post under the post cursor (None before a thread is shown)."""
        if self.thread is None or not self.thread.posts:
            return None
        return self.thread.posts[min(self.cursor, len(self.thread.posts) - 1)]

    def show(
        self, thread: Thread, marks: Mapping[int, Sequence[str]] | None = None
    ) -> None:
        """Replace the posts with those of ``thread``.

        A new question starts at the top with the cursor on the question; the
        same question shown again (after an action) keeps the cursor on its
        post and the scroll position. An end key pressed while the first
        thread was loading is honoured. ``marks`` names the kinds of personal
        data found in posts, by post id.
        """
        wanted = {pid: tuple(kinds) for pid, kinds in (marks or {}).items() if kinds}
        if thread == self.thread and wanted == self.marks:
            return
        self.marks = wanted
        same = self.thread is not None and self.thread.question.id == thread.question.id
        current = self.current_post if same else None
        if self.thread is not None and not same:
            self._want_end = False
        self.thread = thread
        self.cursor = _index_of(thread, current.number) if current else 0
        if not same:
            self.start = 0
        self._window(self.cursor)
        self._remount(self.scroll_y if same else None)

    def _remount(self, keep_y: float | None) -> None:
        """Mount the thread's window (again), in a worker."""
        assert self.thread is not None
        self._pending = (self.thread, keep_y)
        if not self._mounting:
            self._mounting = True
            self._mount_posts()

    @property
    def stop(self) -> int:
        """Index after the last mounted post."""
        total = len(self.thread.posts) if self.thread else 0
        return min(total, self.start + WINDOW)

    def _window(self, index: int) -> bool:
        """Move the window so that it holds post ``index``; True if it moved."""
        total = len(self.thread.posts) if self.thread else 0
        if self.start <= index < self.stop or total <= WINDOW:
            return False
        self.start = max(0, min(index - WINDOW // 2, total - WINDOW))
        return True

    def move_cursor(self, delta: int) -> Post | None:
        """Move the post cursor ``delta`` posts and bring that post into view."""
        if self.thread is None or not self.thread.posts:
            return None
        self.cursor = max(0, min(self.cursor + delta, len(self.thread.posts) - 1))
        if self._window(self.cursor):
            self._to_cursor, self._want_end = True, False
            self._remount(None)
            return self.current_post
        self._mark()
        self._scroll_to_cursor()
        return self.current_post

    def _scroll_to_cursor(self) -> None:
        """Bring the cursor's post (if mounted) to the top of the view."""
        views = self.query(PostView)
        if 0 <= self.cursor - self.start < len(views):
            view = views[self.cursor - self.start]
            self.scroll_to_widget(view, animate=False, top=True)

    def _mark(self) -> None:
        """Put the cursor bar on the current post's view."""
        for index, view in enumerate(self.query(PostView), self.start):
            view.set_class(index == self.cursor, "-current")

    def go_end(self) -> None:
        """Scroll to the last post, also once the posts still coming are in.

        In a long thread the window moves to the end, the cursor to the last post.
        """
        self._want_end = True
        if self.thread is not None and self._window(len(self.thread.posts) - 1):
            self.cursor = len(self.thread.posts) - 1
            self._remount(None)
            return
        self.scroll_end(animate=False)

    def go_home(self) -> None:
        """Scroll to the first post (in a long thread the window moves back to
        the start, the cursor to the first post)."""
        self._want_end = False
        if self._window(0):
            self.cursor = 0
            self._remount(None)
            return
        self.scroll_home(animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        """The end key: :meth:`go_end`."""
        self.go_end()

    def action_scroll_home(self) -> None:
        """The home key: :meth:`go_home`."""
        self.go_home()

    @work(group="thread-mount", exit_on_error=False)
    async def _mount_posts(self) -> None:
        """Mount the pending thread; a newer one waits for the batch in hand.

        Mounting is never cancelled half-way (that could leave a post whose
        mount never completes); a thread shown meanwhile replaces the rest.
        """
        try:
            while self._pending is not None:
                thread, keep_y = self._pending
                self._pending = None
                await self._mount(thread, keep_y)
        finally:
            self._mounting = False

    async def _mount(self, thread: Thread, keep_y: float | None) -> None:
        """Mount a screenful of posts at once, then the rest in small batches.

        With ``keep_y`` (the same thread again) all posts are mounted at once
        and the view stays where it was.
        """
        marks, shown = self.marks, thread.posts[self.start : self.stop]
        views: list[Widget] = [PostView(p, self.tz, marks.get(p.id, ())) for p in shown]
        if self.start > 0:
            earlier = ngettext(
                "↑ {n} eerder bericht · [ of g",
                "↑ {n} eerdere berichten · [ of g",
                self.start,
            ).format(n=self.start)
            views.insert(0, _more(earlier))
        if self.stop < len(thread.posts):
            left = len(thread.posts) - self.stop
            later = ngettext(
                "↓ nog {n} bericht · ] of G", "↓ nog {n} berichten · ] of G", left
            ).format(n=left)
            views.append(_more(later))
        first = len(views) if keep_y is not None or self._to_cursor else _FIRST_BATCH
        with self.app.batch_update():
            await self.remove_children()
            await self.mount_all(views[:first])
            self._mark()
        if keep_y is not None:
            self.scroll_to(y=keep_y, animate=False, immediate=True)
        elif self._to_cursor:
            self._to_cursor = False
            self.call_after_refresh(self._scroll_to_cursor)
        elif not self._want_end:
            self.scroll_home(animate=False, immediate=True)
        for start in range(first, len(views), _BATCH):
            await asyncio.sleep(0)
            if self._pending is not None:
                return  # a newer thread is waiting: the rest would be thrown away
            with self.app.batch_update():
                await self.mount_all(views[start : start + _BATCH])
                self._mark()
        if self._want_end:
            self.scroll_end(animate=False)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        """A failure while mounting posts becomes a notification, not a crash."""
        if event.state is WorkerState.ERROR:
            error = one_line(str(event.worker.error), 200)
            self.notify(
                _("Weergeven mislukt: {error}").format(error=error),
                severity="error",
                markup=False,
            )

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Turn a link click into :class:`LinkChosen` with a cleaned URL."""
        event.stop()
        event.prevent_default()
        self.post_message(self.LinkChosen(one_line(event.href, 500)))
