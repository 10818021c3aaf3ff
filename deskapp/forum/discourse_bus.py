"""Discourse's message bus: a long poll that says when the forum has news.

:func:`listen` polls ``/message-bus/{client_id}/poll`` (API-NOTES §13) through
the adapter's own request function, so each poll is paced and mapped to our
errors like any other request.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx

from deskapp.errors import AuthError, BadResponseError, ForumError, NotFoundError

__all__ = ["BUS_PAUSE", "listen"]

BUS_TIMEOUT = httpx.Timeout(40.0, connect=5.0)
"""The message bus holds a poll up to about 25 s before it answers."""
BUS_FAILURES = 5
"""Failed polls in a row after which the desk stops listening (sync goes on)."""
BUS_RETRY = 10.0
"""Seconds between polls after a failure."""
BUS_PAUSE = 15.0
"""Least time between two empty polls, when the forum does not hold them."""

Request = Callable[..., Awaitable[Any]]
"""``DiscourseForum._request``: (method, path, json=, extra_headers=, http_timeout=)."""


def news(messages: Any, last: dict[str, int]) -> bool:
    """Note the newest message ids; True when anything on a channel is new.

    The first answer (to ``-1``) is a ``/__status`` message with the current
    ids: that is a starting point, not news.
    """
    found = False
    for message in messages if isinstance(messages, list) else []:
        if not isinstance(message, dict):
            continue
        channel, data = message.get("channel"), message.get("data")
        if channel == "/__status" and isinstance(data, dict):
            for name, ident in data.items():
                if name in last and isinstance(ident, int):
                    last[name] = ident
        elif channel in last and isinstance(message.get("message_id"), int):
            last[channel] = message["message_id"]
            found = True
    return found


async def listen(request: Request, pause: Callable[[], float]) -> AsyncIterator[None]:
    """Yield whenever ``/latest`` has news; end quietly when the bus is refused.

    ``pause()`` gives the least seconds between polls that came back at once
    without news (no long polling on the way): the rate limit must not go on
    a busy loop.
    """
    path = f"/message-bus/{uuid.uuid4().hex}/poll"
    last: dict[str, int] = {"/latest": -1}
    failures = 0
    while failures < BUS_FAILURES:
        started = time.monotonic()
        try:
            messages = await request(
                "POST", path, json=dict(last),
                extra_headers={"Dont-Chunk": "true"}, http_timeout=BUS_TIMEOUT,
            )  # fmt: skip
        except (AuthError, NotFoundError, BadResponseError):
            return  # not offered to this key: polling alone will do
        except ForumError:
            failures += 1
            await asyncio.sleep(BUS_RETRY)
            continue
        failures = 0
        if news(messages, last):
            yield None
        elif time.monotonic() - started < pause():
            await asyncio.sleep(pause())
