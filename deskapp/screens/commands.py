"""Command palette providers: every action of a screen, searchable by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from deskapp.i18n import _

__all__ = ["AppCommands", "ScreenCommands"]

Command = tuple[str, str, str]
"""(title, help text, action run on the screen)."""


class ScreenCommands(Provider):
    """The commands a screen lists in ``palette_commands()``."""

    def _commands(self) -> list[Command]:
        """Ask the screen for its commands (none if it has no such method)."""
        source: Callable[[], list[Command]] | None = getattr(
            self.screen, "palette_commands", None
        )
        return source() if source is not None else []

    def _runner(self, action: str) -> Callable[[], object]:
        """A callback that runs ``action`` on the screen."""
        return partial(self.screen.run_action, action)

    async def discover(self) -> Hits:
        """Every command, for an empty palette."""
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose title matches ``query``."""
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    self._runner(action),
                    help=help_text,
                )


APP_COMMANDS: tuple[Command, ...] = (
    (
        _("Achterstand en cijfers"),
        _("Wat open staat, te laat is, en of het forum werkt (B)"),
        "backlog",
    ),
    (
        _("Thema kiezen"),
        _("Kleuren van de desk; de keuze blijft bewaard (ook: theme in de config)"),
        "change_theme",
    ),
)
"""Commands of the whole app, run on the app from any screen."""


class AppCommands(Provider):
    """The app-wide commands (:data:`APP_COMMANDS`), on every screen."""

    def _runner(self, action: str) -> Callable[[], object]:
        return partial(self.app.run_action, action)

    async def discover(self) -> Hits:
        """Every app-wide command, for an empty palette."""
        for title, help_text, action in APP_COMMANDS:
            yield DiscoveryHit(title, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        """App-wide commands whose title matches ``query``."""
        matcher = self.matcher(query)
        for title, help_text, action in APP_COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._runner(action),
                          help=help_text)  # fmt: skip
