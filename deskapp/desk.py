"""What the UI and the CLI ask for: one object per open forum.

The desk reads the local store and runs syncs; it is the only way screens
reach data. Store calls block (SQLite), so screens call them from thread
workers; :meth:`Desk.sync` is a coroutine for async workers.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from deskapp.config import Config, ForumProfile
from deskapp.deskkb import DeskKb
from deskapp.deskwork import DeskWork
from deskapp.errors import DeskError
from deskapp.forum import open_forum
from deskapp.forum.base import Forum
from deskapp.metrics import BacklogReport, backlog_report
from deskapp.models import InboxItem, Person, Template, Thread
from deskapp.outbox import reapply_pending
from deskapp.rowcache import ItemWindow
from deskapp.store import Counts, Store, SyncStatus
from deskapp.successfigures import SuccessFigures, report_period, success_figures
from deskapp.sync import MAX_THREADS, Progress, SyncReport, fetch_thread, sync_once
from deskapp.sync import watch as sync_watch
from deskapp.text import one_line
from deskapp.triage import TriageRules
from deskapp.views import Section, ViewFilter

if TYPE_CHECKING:
    from deskapp.templates import TemplateLibrary

__all__ = ["Desk"]


def _utc_now() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


class Desk(DeskWork, DeskKb):
    """One forum profile, its store and (lazily) its adapter."""

    def __init__(
        self,
        config: Config,
        profile: ForumProfile,
        store: Store | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        """Open the store for ``profile``; the forum is opened on first sync."""
        self.config = config
        self.profile = profile
        self.store = store or Store(config.store_path)
        self.now: Callable[[], datetime] = clock or _utc_now
        """The desk's clock (tests pin it)."""
        self.rules = TriageRules.from_config(
            config.triage,
            targets=config.desk.targets,
            hours=config.desk.working_hours,
        )
        self._forum: Forum | None = None
        self._colleagues: list[Person] | None = None
        self._forum_templates: list[Template] | None = None
        """The forum's own templates, asked once per session."""
        self._writer: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="deskapp-writes"
        )
        """One thread for the screens' store writes, in the order asked
        (:meth:`~deskapp.deskwork.DeskWork.write_later`)."""
        self._writer_lock = threading.Lock()
        self._pending = 0
        """Writes asked of the writer thread and not yet done."""
        self._failed = 0
        """Writes of the writer thread that failed."""

    @property
    def forum_name(self) -> str:
        """The profile name, as the store keys its data."""
        return self.profile.name

    @property
    def timezone(self) -> ZoneInfo:
        """The Werkplein's timezone: every time on screen is shown in it."""
        return ZoneInfo(self.config.desk.working_hours.timezone)

    @property
    def store_path(self) -> Path:
        """Where the local store lives."""
        return self.store.path

    def forum(self) -> Forum:
        """The forum adapter, created on first use."""
        if self._forum is None:
            self._forum = open_forum(self.profile)
        return self._forum

    async def sync(
        self, progress: Progress | None = None, *, push: bool = True
    ) -> SyncReport:
        """Push the outbox (unless ``push`` is False), then pull the forum's
        changes into the store.

        Failures of the pull are recorded too; those of the push are recorded
        with each outbox entry (see :mod:`deskapp.outbox`). Actions still on
        their way stay visible in the questions the pull stored.
        """
        try:
            forum = self.forum()
        except DeskError as err:
            message = one_line(str(err))
            await asyncio.to_thread(
                self.store.record_sync, self.forum_name, at=self.now(), error=message
            )
            raise
        pushed = await self.push() if push else None
        report = await sync_once(
            forum, self.store, self.rules, progress=progress, clock=self.now,
            max_threads=self.threads_per_sync(),
        )  # fmt: skip
        report.pushed = pushed
        await asyncio.to_thread(
            reapply_pending, self.store, self.forum_name, self.rules, report.written
        )
        caps = await self.refresh_capabilities()
        if self._forum_templates is None and (caps is None or caps.templates):
            await self._load_forum_templates()
        return report

    def threads_per_sync(self) -> int:
        """Threads one sync may fetch on a rationed forum.

        Half of this desk's share of requests between two syncs goes to
        threads, at up to two requests a thread; topic lists, the outbox and
        the questions staff open need the rest. At least
        :data:`~deskapp.sync.MAX_THREADS`.
        """
        per_interval = (
            self.profile.requests_per_minute * self.config.sync.interval_seconds / 60
        )
        return max(MAX_THREADS, int(per_interval / 4))

    async def _load_forum_templates(self) -> None:
        """Fetch the forum's own templates (once; none when it cannot say)."""
        try:
            self._forum_templates = await self.forum().templates()
        except DeskError:
            self._forum_templates = []

    def templates(self) -> TemplateLibrary:
        """Every answer template on offer: personal, team and the forum's."""
        from deskapp.templates import load_library

        return load_library(self.config, self.store, self._forum_templates or ())

    async def fetch_thread(self, question_id: int) -> bool:
        """Fetch one question's thread from the forum now and store it whole.

        For a question stored from the topic list alone (see :mod:`deskapp.sync`).
        False when it vanished from the forum or changed again meanwhile.
        Raises :class:`~deskapp.errors.DeskError` (forum unreachable, ...).
        """
        saved = await fetch_thread(self.forum(), self.store, self.rules, question_id)
        await asyncio.to_thread(
            reapply_pending, self.store, self.forum_name, self.rules, [question_id]
        )
        return saved

    def watch(self) -> AsyncIterator[None]:
        """Announcements of forum activity, where the forum makes them."""
        return sync_watch(self.forum())

    async def aclose(self) -> None:
        """Finish the writes asked for and close the forum adapter (the store
        stays usable)."""
        await asyncio.to_thread(self.close_writer)
        if self._forum is not None:
            await self._forum.aclose()
            self._forum = None

    def rate_wait(self) -> float:
        """Seconds the forum's rate limit holds requests now (0 when none)."""
        budget = getattr(self._forum, "budget", None)
        return float(budget.wait_left()) if budget is not None else 0.0

    def status(self) -> SyncStatus:
        """The last sync's outcome."""
        return self.store.sync_status(self.forum_name)

    def me(self, status: SyncStatus | None = None) -> str | None:
        """The username the desk acts as: from the profile, else the last sync."""
        status = status or self.status()
        return self.profile.api_username or status.me

    def inbox(self) -> list[InboxItem]:
        """Every open question, snoozed ones too: urgent first, then longest
        waiting (what the backlog report counts)."""
        return self.store.open_questions(
            self.forum_name, snoozed_too=True, now=self.now()
        )

    @property
    def sections(self) -> tuple[Section, ...]:
        """The inbox tabs: the config's [[sections]] or the defaults."""
        return self.config.desk.sections

    def view(
        self, section: Section, extra: ViewFilter | None = None, search: str = ""
    ) -> ItemWindow:
        """The questions of a section, narrowed by ``extra`` and a search."""
        flt = section.filter.narrowed(extra) if extra else section.filter
        ids = self.store.view_ids(
            self.forum_name, flt, section.sort, me=self.me(), now=self.now(),
            search=search,
        )  # fmt: skip
        return ItemWindow(ids, lambda wanted: self.store.items(self.forum_name, wanted))

    def section_counts(self, extra: ViewFilter | None = None) -> list[int]:
        """How many questions each section holds (with ``extra`` applied)."""
        me, now = self.me(), self.now()
        return [
            self.store.view_count(
                self.forum_name,
                s.filter.narrowed(extra) if extra else s.filter,
                me=me,
                now=now,
            )
            for s in self.sections
        ]

    def counts(self) -> Counts:
        """The inbox header: open, urgent, unanswered, overdue, mine, due soon."""
        return self.store.header_counts(
            self.forum_name,
            me=self.me(),
            now=self.now(),
            soon=self.config.desk.due_soon,
        )

    def item(self, question_id: int) -> InboxItem | None:
        """The inbox row of one question (category name, state, urgency, due)."""
        found = self.store.items(self.forum_name, [question_id])
        return found[0] if found else None

    def thread(self, question_id: int) -> Thread | None:
        """A stored thread, or None."""
        return self.store.thread(self.forum_name, question_id)

    def is_partial(self, question_id: int) -> bool:
        """True when the stored thread lacks posts a fetch would bring."""
        return self.store.is_partial(self.forum_name, question_id)

    def backlog(self, now: datetime | None = None) -> BacklogReport:
        """The team-lead report of what is open, as of ``now``."""
        return backlog_report(
            self.forum_name,
            self.inbox(),
            now or self.now(),
            self.status().last_success_at,
        )

    def staff_load(
        self, report: BacklogReport, now: datetime | None = None
    ) -> dict[str, tuple[int, int]]:
        """Per staff member: open questions assigned to them in ``report``, and
        their answers since Monday 00:00 local."""
        from deskapp.storestats import week_start

        now = now or self.now()
        assigned = Counter(
            r.item.assigned_to for r in report.rows if r.item.assigned_to
        )
        answered = self.store.staff_answers(
            self.forum_name, week_start(now, self.timezone)
        )
        return {
            name: (assigned[name], answered.get(name, 0))
            for name in sorted(set(assigned) | set(answered))
        }

    def team_figures(
        self, report: BacklogReport, now: datetime | None = None, days: int = 30
    ) -> dict[str, Any]:
        """The trend of the last ``days`` days, the load per staff member and
        the questions due soon (``[targets] warn_minutes``): what the backlog
        screen shows besides the report, in its JSON form."""
        now = now or self.now()
        load = {
            name: {"assigned_open": open_, "answered_this_week": answered}
            for name, (open_, answered) in self.staff_load(report, now).items()
        }
        trend = self.store.trend(self.forum_name, now, days, self.timezone)
        hours = self.config.desk.working_hours
        soon = self.config.desk.due_soon
        due_soon = [r.item.id for r in report.rows if r.item.is_due_soon(now, soon)]
        return {
            "trend": trend.as_dict(),
            "load": load,
            "targets": {u.value: h for u, h in self.config.desk.targets.items()},
            "due_soon": {
                "warn_minutes": int(soon.total_seconds() // 60),
                "count": len(due_soon),
                "ids": due_soon,
            },
            "working_hours": {
                "start": hours.start.isoformat("minutes"),
                "end": hours.end.isoformat("minutes"),
                "days": sorted(hours.days),
                "timezone": hours.timezone,
                "holidays": hours.holidays,
                "closed": sorted(d.isoformat() for d in hours.closed),
            },
        }

    async def server_figures(self, local: SuccessFigures) -> SuccessFigures | None:
        """The success figures from the forum's Data Explorer query, where the
        config names one (``[forums.NAME.data_explorer] success_query``); None
        without. Knowledge-base and overdue figures stay the local ones.
        Raises :class:`~deskapp.errors.DeskError` when the forum cannot run it.
        """
        if self.profile.data_explorer.success_query is None:
            return None
        from deskapp.successfigures_server import server_success_figures

        forum = self.forum()
        if not hasattr(forum, "run_query"):
            return None
        return await server_success_figures(
            forum, self.profile, self.config.desk.working_hours,  # type: ignore[arg-type]
            since=local.since, until=local.until, kb=local.kb,
            overdue_ids=local.overdue_ids,
        )  # fmt: skip

    def backlog_figures(
        self, since: datetime | None = None, now: datetime | None = None
    ) -> tuple[BacklogReport, SuccessFigures]:
        """The backlog report as of ``now`` and the success figures of
        ``[since, now)`` (default: the last 30 days): what the backlog screen
        and ``deskapp backlog`` show."""
        now = now or self.now()
        if since is None:
            since, _ = report_period(None, now, self.timezone)
        report = self.backlog(now)
        return report, success_figures(
            self.store.asked_questions(self.forum_name, since, now),
            self.store.kb_activity(self.forum_name, since, now),
            self.config.desk.working_hours,
            since=since,
            until=now,
            overdue_ids=[r.item.id for r in report.overdue()],
        )
