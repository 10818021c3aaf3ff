"""A window of inbox rows over an ordered list of question ids.

A view of 100,000 questions is held as its ordered ids only; the rows on
screen (and a margin around them) are fetched in one query when first needed
and kept in a bounded cache. Core code: no UI imports.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from deskapp.models import InboxItem

__all__ = ["ItemWindow"]

Fetch = Callable[[Sequence[int]], list[InboxItem]]


class ItemWindow:
    """Ordered question ids plus a cache of their rows, fetched in windows."""

    def __init__(
        self,
        ids: Sequence[int],
        fetch: Fetch,
        *,
        margin: int = 60,
        capacity: int = 2_000,
    ) -> None:
        """``fetch`` returns the rows of the given ids (missing ones left out)."""
        self.ids = list(ids)
        self._fetch = fetch
        self._margin = margin
        self._capacity = capacity
        self._cache: OrderedDict[int, InboxItem] = OrderedDict()

    def __len__(self) -> int:
        """How many questions the view holds."""
        return len(self.ids)

    def item(self, index: int) -> InboxItem | None:
        """The row at ``index``; None if it vanished from the store."""
        qid = self.ids[index]
        found = self._cache.get(qid)
        if found is None:
            self._load_around(index)
            found = self._cache.get(qid)
        else:
            self._cache.move_to_end(qid)
        return found

    def index_of(self, question_id: int) -> int | None:
        """Where ``question_id`` sits in the view, if it is there.

        A scan in C (about a millisecond over 100,000 ids): asked once per
        reload, it costs less than building a map of every position would,
        and holds the interpreter lock for less time while the UI draws.
        """
        try:
            return self.ids.index(question_id)
        except ValueError:
            return None

    def _load_around(self, index: int) -> None:
        """Fetch the rows from ``index - margin`` to ``index + 2 * margin``."""
        start = max(index - self._margin, 0)
        wanted = [
            qid
            for qid in self.ids[start : index + 2 * self._margin]
            if qid not in self._cache
        ]
        for item in self._fetch(wanted):
            self._remember(item)

    def _remember(self, item: InboxItem) -> None:
        """Cache one row, dropping the least recently used beyond capacity."""
        self._cache[item.id] = item
        self._cache.move_to_end(item.id)
        while len(self._cache) > self._capacity:
            self._cache.popitem(last=False)
