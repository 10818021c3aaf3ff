"""The fake Discourse served over real HTTP on 127.0.0.1, for end-to-end tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from tests.discourse_fake import FakeDiscourse


def _handler(fake: FakeDiscourse, lock: threading.Lock) -> type[BaseHTTPRequestHandler]:
    """A request handler class that answers from ``fake``."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            address = self.server.server_address
            assert isinstance(address, tuple), "an IP server"
            host, port = address[:2]
            request = httpx.Request(
                self.command,
                f"http://{host}:{port}{self.path}",
                headers=dict(self.headers.items()),
                content=body,
            )
            with lock:  # the fake is not thread-safe
                response = fake.handle(request)
            content = response.read()
            self.send_response(response.status_code)
            for name, value in response.headers.items():
                if name.lower() not in ("content-length", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    return Handler


@contextmanager
def serve(fake: FakeDiscourse) -> Iterator[str]:
    """Serve ``fake`` on a free loopback port; yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake, threading.Lock()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
