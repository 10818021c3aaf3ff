"""What the desk offers for the knowledge base: drafts, the guard, publishing.

A mixin of :class:`deskapp.desk.Desk`. An article goes to the forum through
the outbox (:mod:`deskapp.outbox`); once it is there, the outbox links it
from the source thread, tags the source and accepts the answer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from deskapp.errors import DeskError
from deskapp.i18n import _
from deskapp.kb import (
    Dismissal,
    article_body,
    check_publishable,
    draft_from,
    people_of,
)
from deskapp.models import ActionKind, KbArticle, KbDraft, OutboxState, Role, Thread
from deskapp.store import Store

if TYPE_CHECKING:  # the guard loads phonenumbers: only when it is used
    from deskapp.privacy import Finding

__all__ = ["DeskKb"]


class DeskKb:
    """Knowledge-base work of one forum (mixed into the Desk)."""

    store: Store
    now: Callable[[], datetime]

    @property
    def forum_name(self) -> str:
        raise NotImplementedError  # provided by Desk

    def me(self) -> str | None:
        raise NotImplementedError  # provided by Desk

    def _thread(self, question_id: int) -> Thread:
        raise NotImplementedError  # provided by DeskWork

    def _act(self, kind: ActionKind, thread: Thread, **payload: Any) -> int:
        raise NotImplementedError  # provided by DeskWork

    # -- the guard ----------------------------------------------------------

    def findings(self, question_id: int, text: str) -> list[Finding]:
        """Personal data in ``text``: the detectors, plus the names and
        usernames of the question's people."""
        from deskapp.privacy import find_personal_data

        return find_personal_data(text, people_of(self._thread(question_id)))

    def post_findings(self, question_id: int) -> dict[int, list[Finding]]:
        """Personal data clients wrote in their own public posts (names are
        left out: a forum shows them anyway), by post id."""
        from deskapp.privacy import find_personal_data

        thread = self._thread(question_id)
        found = {}
        for post in thread.posts:
            if post.author.role is Role.CLIENT:
                hits = find_personal_data(post.raw)
                if hits:
                    found[post.id] = hits
        return found

    # -- articles -----------------------------------------------------------

    def kb_draft(self, question_id: int, post_id: int) -> KbDraft:
        """A draft article from a staff answer (personal data still in it)."""
        return draft_from(self._thread(question_id), post_id)

    def publish(self, draft: KbDraft, dismissed: Sequence[Dismissal] = ()) -> int:
        """Queue the article for publishing; refused while personal data is
        left that was neither redacted nor dismissed (with a reason), and for
        an answer that is (being) published already."""
        from deskapp.privacy import find_personal_data, kinds_in

        thread = self._thread(draft.source_question_id)
        people = people_of(thread)
        self._check_reasons(dismissed, people)
        check_publishable(draft, people, dismissed)
        self._check_not_published(draft)
        if not draft.title.strip():
            raise DeskError(_("Het artikel heeft een titel nodig."))
        original = draft_from(thread, draft.source_post_id)
        waived = {(d.kind, d.text.casefold()) for d in dismissed}
        redacted = [
            f
            for text in (original.title, original.question, original.answer)
            for f in find_personal_data(text, people)
            if (f.kind.value, f.text.casefold()) not in waived
        ]
        payload = {
            "title": draft.title.strip(), "body": article_body(draft),
            "tags": list(draft.tags), "source_post_id": draft.source_post_id,
            "source_url": draft.source_url, "redacted": kinds_in(redacted),
            "dismissed": [{"kind": d.kind, "reason": d.reason} for d in dismissed],
        }  # fmt: skip
        return self._act(ActionKind.PUBLISH, thread, **payload)

    @staticmethod
    def _check_reasons(dismissed: Sequence[Dismissal], people: Sequence[Any]) -> None:
        """Every dismissal has a reason, and no reason holds personal data (the
        reasons go into the audit record)."""
        from deskapp.privacy import find_personal_data

        if any(not d.reason.strip() for d in dismissed):
            raise DeskError(_("Geef bij elk afgewezen persoonsgegeven een reden."))
        if any(find_personal_data(d.reason, people) for d in dismissed):
            raise DeskError(
                _("Een reden bevat zelf persoonsgegevens; schrijf de reden zonder.")
            )

    def _check_not_published(self, draft: KbDraft) -> None:
        """Refuse a second article from the same answer."""
        states = [OutboxState.QUEUED, OutboxState.SENDING, OutboxState.HELD,
                  OutboxState.FAILED, OutboxState.SENT]  # fmt: skip
        for entry in self.store.entries(self.forum_name, states,
                                        draft.source_question_id):  # fmt: skip
            same = entry.payload.get("source_post_id") == draft.source_post_id
            if entry.kind is ActionKind.PUBLISH and same:
                raise DeskError(
                    _(
                        "Dit antwoord staat al in de kennisbank, of is daar onderweg"
                        " naartoe (zie de regels onder de vraag)."
                    )
                )

    def kb_suggestions(self, question_id: int, limit: int = 5) -> list[KbArticle]:
        """The articles most likely to answer a question, best first."""
        thread = self._thread(question_id)
        first = thread.posts[0].raw if thread.posts else ""
        text = f"{thread.question.title} {thread.question.title} {first}"
        return self.store.kb_search(
            self.forum_name, text, limit, exclude=thread.question.id
        )

    def kb_search(self, text: str, limit: int = 8) -> list[KbArticle]:
        """The articles that best match a search."""
        return self.store.kb_search(self.forum_name, text, limit)

    def record_kb_use(self, question_id: int, article_id: int) -> None:
        """Note that an article was offered in the answer to a question."""
        self.store.record_kb_link(self.forum_name, question_id, article_id,
                                  at=self.now(), by=self.me() or "")  # fmt: skip

    def flag_post(self, question_id: int, post_id: int, message: str) -> int:
        """Flag a post to the forum's moderators (through the outbox)."""
        thread = self._thread(question_id)
        if not any(p.id == post_id for p in thread.posts):
            raise DeskError(_("Dat bericht hoort niet bij deze vraag."))
        return self._act(ActionKind.FLAG, thread, post_id=post_id, message=message)
