"""The search box of the inbox: search as you type, enter goes to the results."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.message import Message
from textual.widgets import Input

__all__ = ["SearchBox"]


class SearchBox(Input):
    """An Input whose enter is handled in order with the keys typed before it.

    Keys reach a widget through its own queue. Typed fast (or arriving in one
    burst over SSH), "/kost⏎j⏎" puts the j and the second enter in this box's
    queue before it has read the first enter. So enter is handled here, in
    order, through ``on_enter``; keys that arrive after the focus has left are
    not typed into the box but passed on to the bindings of the widget that
    has the focus now.

    Each change is announced (``Input.Changed``) after the frame that shows
    it: the letter is on screen before the search it starts competes with
    the drawing, and of keys typed within one frame only the last value is
    searched. A value that enter has already handed on is not announced
    again (that search would undo the keys typed after enter).
    """

    def __init__(self, *, on_enter: Callable[[str], None], **kwargs: object) -> None:
        """``on_enter(value)`` runs when enter is pressed in the box."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._entered = on_enter
        self._handed_on: str | None = None
        """The value enter handed to ``on_enter``, until the value changes."""

    async def _on_key(self, event: events.Key) -> None:
        """Enter leaves the box; keys typed after leaving are not ours.

        Textual calls this before Input's own key handler, which runs next
        unless ``prevent_default()`` is called here.
        """
        if self.screen.focused is not self:  # has_focus lags a message behind
            event.prevent_default()  # not typed here; it bubbles to the bindings
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._handed_on = self.value
            self._entered(self.value)

    def post_message(self, message: Message) -> bool:
        """Hold back ``Changed`` until the box has been drawn with its value."""
        if isinstance(message, Input.Changed) and message.input is self:
            if message.value != self._handed_on:
                self._handed_on = None
            self.call_after_refresh(self._announce, message)
            return True
        return super().post_message(message)

    def _announce(self, message: Input.Changed) -> None:
        """Post a held-back ``Changed`` unless a newer value is on its way or
        enter handed this one on already."""
        if message.value == self.value and message.value != self._handed_on:
            super().post_message(message)
