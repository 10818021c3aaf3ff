"""Store writes beside the screen.

A write waits (up to :data:`~deskapp.store.BUSY_SECONDS`) while another desk,
a second SSH session, holds the store. Run on the screen's own thread, that
wait would freeze the screen; so the screens hand their writes to the desk's
writer thread (:meth:`~deskapp.deskwork.DeskWork.write_later`), which runs
them one at a time in the order asked, and hear the outcome back on the
app's loop — also when the screen that asked has gone by then.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from concurrent.futures import Future
from contextlib import suppress
from typing import TypeVar

from textual._context import active_app

from deskapp.desk import Desk
from deskapp.errors import DeskError
from deskapp.logs import slip

__all__ = ["ignore", "write_beside"]

R = TypeVar("R")


def ignore(result: object) -> None:
    """A write's answer that needs nothing more."""


def write_beside(
    desk: Desk,
    work: Callable[[], R],
    done: Callable[[R], None],
    failed: Callable[[DeskError], None],
) -> None:
    """Run ``work`` in the desk's writer thread; then ``done`` with its result
    or ``failed`` with its error, on the app's loop (called from it). An
    error in ``work`` that is not the desk's (a bug) is logged and handed to
    ``failed`` as one; a bug in ``done`` is logged and told, not taken for a
    failed write (the write happened)."""
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()  # the app, for a screen gone by then

    def finished(future: Future[R]) -> None:
        with suppress(RuntimeError):  # the app has closed: nothing to show
            loop.call_soon_threadsafe(answer, future, context=context)

    def answer(future: Future[R]) -> None:
        try:
            result = future.result()
        except DeskError as err:
            failed(err)
        except Exception as err:  # a bug: logged, and the screen goes on
            failed(DeskError(slip(err, "deskapp.writes")))
        else:
            try:
                done(result)
            except Exception as err:  # a bug after the write: logged and told,
                said = slip(err, "deskapp.writes")  # but the write did happen
                with suppress(LookupError):
                    active_app.get().notify(said, severity="error", markup=False)

    desk.write_later(work).add_done_callback(finished)
