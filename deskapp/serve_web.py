"""The web server of ``deskapp serve``: textual-serve, guarded and offline.

textual-serve (Textualize's server for Textual apps) serves a page with
xterm.js and a websocket; every websocket starts the desk's command and
passes keys one way and the screen the other. deskapp adds to it:

- the page's websocket address comes from the address the browser used, so
  the page works under every name and address of the machine (textual-serve
  would write ws://0.0.0.0:PORT into the page when listening on 0.0.0.0);
- a request must name this machine (an IP address, localhost or its own host
  name), so a web page cannot reach the desk through a DNS name it points
  here, and the websocket must come from the desk's own page: browsers let
  any site open a websocket to 127.0.0.1, and only the Origin header tells
  that site apart;
- the page loads its font from the server (textual-serve ships Roboto Mono)
  instead of from Google Fonts: opening the desk tells no third party who
  works when, and the page does not wait on the internet.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable

from aiohttp import web
from textual_serve.server import Server

from deskapp import cliout
from deskapp.i18n import _
from deskapp.serve import host_names, is_known_host

__all__ = ["DeskServer"]

_GOOGLE_FONTS = re.compile(
    r'<link\s+rel="stylesheet"\s+href="https://fonts\.googleapis\.com/[^"]*"\s*/>'
)
_LOCAL_FONT = """<link rel="preload" href="/static/fonts/{file}" as="font"
      type="font/ttf" crossorigin />
    <style>
      @font-face {{
        font-family: "Roboto Mono";
        src: url("/static/fonts/{file}") format("truetype");
        font-weight: 100 700;
      }}
    </style>""".format(file="RobotoMono-VariableFont_wght.ttf")

_Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class DeskServer(Server):
    """textual-serve's server for the desk's command, guarded."""

    def __init__(self, command: str, host: str, port: int, urls: list[str]) -> None:
        super().__init__(command, host=host, port=port, title="deskapp")
        self.urls = urls
        self.names = host_names(host)
        self.sessions: set[asyncio.Task[object]] = set()
        """The tasks serving open pages' websockets (one desk each)."""

    def initialize_logging(self) -> None:
        """Keep deskapp's log set-up (the log file), not textual-serve's."""

    async def on_startup(self, app: web.Application) -> None:
        """Say where the desk is, instead of textual-serve's banner."""
        where = _(" or ").join(self.urls)
        cliout.info(
            _("deskapp serve: the desk is at {where} (ctrl+c stops)").format(
                where=where
            )
        )

    async def on_shutdown(self, app: web.Application) -> None:
        """End every open page's session now: textual-serve then tells its
        desk to quit and closes the page's websocket (aiohttp would otherwise
        wait up to a minute for open pages before stopping)."""
        for session in list(self.sessions):
            session.cancel()

    async def _make_app(self) -> web.Application:
        """textual-serve's routes behind :meth:`guard`."""
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        return app

    @web.middleware
    async def guard(
        self, request: web.Request, handler: _Handler
    ) -> web.StreamResponse:
        """403 for a host name that is not this machine's, and for a
        websocket opened by a page of another origin."""
        if not is_known_host(request.url.host, self.names):
            raise web.HTTPForbidden(text=_("deskapp serve: unknown host name") + "\n")
        origin = request.headers.get("Origin")
        if (
            request.path == "/ws"
            and origin is not None
            and origin.lower() != f"{request.scheme}://{request.host}".lower()
        ):
            raise web.HTTPForbidden(
                text=_("deskapp serve: not from the desk's page") + "\n"
            )
        session = asyncio.current_task()
        if request.path != "/ws" or session is None:
            return await handler(request)
        self.sessions.add(session)
        try:
            return await handler(request)
        finally:
            self.sessions.discard(session)

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, with its websocket and static addresses on the host the
        browser asked for (the handler reads ``public_url`` before it first
        awaits, so concurrent requests cannot mix them up)."""
        self.public_url = f"{request.scheme}://{request.host}"
        page = await super().handle_index(request)
        if isinstance(page, web.Response) and page.text is not None:
            page.text = _GOOGLE_FONTS.sub(_LOCAL_FONT, page.text)
        return page

    def run(self) -> None:
        """Serve until ctrl+c or SIGTERM; each open page's desk is told to
        quit on the way out."""
        web.run_app(
            self._make_app(), host=self.host, port=self.port, access_log=None,
            print=None,
        )  # fmt: skip
