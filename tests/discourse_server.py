"""The fake Discourse served over real HTTP on 127.0.0.1, for end-to-end tests.

:func:`serve` answers every request from the fake. :func:`serve_faults` puts
a fault schedule in front of it: per request, the schedule may answer with a
5xx or a 429, time out, reset the connection, send a broken or cut body, or
do the request and then drop the connection, the ways a real forum (or the
proxy before it) fails. Faults happen on the socket, so the desk's HTTP
client meets them as it would in the field.
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from tests.discourse_fake import FakeDiscourse

__all__ = ["FAULTS", "Fault", "Served", "serve", "serve_faults"]

FAULTS = (
    "status",  # 500/502/503, the request not done
    "rate",  # 429 with Retry-After, the request not done
    "timeout",  # no answer until the client gives up; not done
    "slow",  # done, but answered only after the client gave up
    "reset",  # the connection reset (RST) before the request is done
    "drop",  # done, then the connection closed without an answer
    "truncated",  # done; the answer's JSON cut short (a complete response)
    "cut",  # done; the connection closes halfway through the body
    "malformed",  # done; the answer is not JSON (a proxy's page, a stray byte)
)
"""Every kind of fault :func:`serve_faults` can play."""
DONE = frozenset({"slow", "drop", "truncated", "cut", "malformed"})
"""Faults after which the forum has done the request (a post is stored)."""


@dataclass(frozen=True, slots=True)
class Fault:
    """One fault for one request."""

    kind: str
    status: int = 503
    """For ``status``: the HTTP status (500, 502, 503)."""
    retry_after: int = 10
    """For ``rate``: the seconds of the Retry-After header."""

    def __post_init__(self) -> None:
        assert self.kind in FAULTS, self.kind


@dataclass(frozen=True, slots=True)
class Played:
    """A fault as it was played: on which request, and on which topic."""

    fault: Fault
    method: str
    path: str
    topic: int | None
    """The topic the request was about (from its path or body), if any."""


Schedule = Callable[[str, str], Fault | None]
"""``(method, path) -> fault``: what to do with one request (None: answer it)."""


@dataclass
class Served:
    """A served fake: its URL, the faults played, and requests in flight."""

    url: str
    played: list[Played] = field(default_factory=list)
    schedule: Schedule | None = None
    """The fault schedule; None (or a schedule answering None) serves normally."""
    hit: threading.Event = field(default_factory=threading.Event)
    """Set when a fault is played (for a ``DONE`` one: once the forum did
    the request), e.g. for a test that kills the desk right then."""
    _busy: int = 0
    _idle: threading.Condition = field(default_factory=threading.Condition)

    def idle(self, timeout: float = 30.0) -> None:
        """Wait until no request is being handled (a slow one has finished)."""
        with self._idle:
            assert self._idle.wait_for(lambda: self._busy == 0, timeout), "busy"

    def _enter(self) -> None:
        with self._idle:
            self._busy += 1

    def _leave(self) -> None:
        with self._idle:
            self._busy -= 1
            self._idle.notify_all()


def _topic_of(path: str, body: bytes) -> int | None:
    """The topic a request is about: ``/t/{id}...`` or a post's ``topic_id``."""
    found = re.match(r"/t/(?:-/)?(\d+)[/.]", path)
    if found:
        return int(found[1])
    try:
        data = json.loads(body or b"{}")
    except ValueError:
        return None
    topic = data.get("topic_id") if isinstance(data, dict) else None
    return topic if isinstance(topic, int) else None


def _handler(
    fake: FakeDiscourse, lock: threading.Lock, served: Served
) -> type[BaseHTTPRequestHandler]:
    """A request handler class that answers from ``fake``, faults first."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()  # answers go out at once (no Nagle wait)
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _serve(self) -> None:
            served._enter()
            try:
                self._answer()
            finally:
                served._leave()

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            path = self.path.split("?")[0]
            schedule = served.schedule
            fault = schedule(self.command, path) if schedule else None
            if fault is not None:
                topic = _topic_of(path, body)
                served.played.append(Played(fault, self.command, path, topic))
                if fault.kind not in DONE:
                    served.hit.set()
                    self._refuse(fault)
                    return
            response = self._forward(body)
            if fault is None:
                self._send(response.status_code, response.headers, response.read())
            else:
                served.hit.set()
                self._break(fault, response)

        def _forward(self, body: bytes) -> httpx.Response:
            """The fake's answer to this request (the forum does it)."""
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
            response.read()
            return response

        def _send(
            self,
            status: int,
            headers: httpx.Headers | dict[str, str],
            content: bytes,
            *,
            length: int | None = None,
        ) -> None:
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in ("content-length", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content) if length is None
                                                   else length))  # fmt: skip
            self.end_headers()
            self.wfile.write(content)

        def _refuse(self, fault: Fault) -> None:
            """A fault before the forum did anything."""
            match fault.kind:
                case "status":
                    page = f"<html><body><h1>{fault.status}</h1></body></html>"
                    self._send(fault.status, {"Content-Type": "text/html"},
                               page.encode())  # fmt: skip
                case "rate":
                    said = {
                        "errors": ["You’ve performed this action too many times."
                                   " Please wait a few seconds before trying again."],
                        "error_type": "rate_limit",
                        "extras": {"wait_seconds": fault.retry_after},
                    }  # fmt: skip
                    headers = {"Content-Type": "application/json",
                               "Retry-After": str(fault.retry_after)}  # fmt: skip
                    self._send(429, headers, json.dumps(said).encode())
                case "timeout":
                    self._until_gone()
                case "reset":
                    self._reset()

        def _break(self, fault: Fault, response: httpx.Response) -> None:
            """A fault after the forum did the request."""
            content = response.read()
            json_type = {"Content-Type": "application/json; charset=utf-8"}
            match fault.kind:
                case "slow":
                    self._until_gone()
                case "drop":
                    self.close_connection = True
                case "truncated":
                    self._send(200, json_type, content[: len(content) // 2])
                case "cut":
                    self._send(200, json_type, content[: len(content) // 2],
                               length=len(content))  # fmt: skip
                    self.close_connection = True
                case "malformed":
                    self._send(200, json_type, content[:-1] + b",}")

        def _until_gone(self) -> None:
            """Say nothing until the client hangs up (its timeout)."""
            self.connection.settimeout(30.0)
            with suppress(OSError):
                self.connection.recv(1)
            self.close_connection = True

        def _reset(self) -> None:
            """Close with an RST (linger 0), not a FIN."""
            linger = struct.pack("ii", 1, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.connection.close()  # the fd goes once rfile/wfile are closed
            self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = _serve

        def finish(self) -> None:
            with suppress(OSError):  # the client is gone
                super().finish()

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up mid-answer is no error here."""


@contextmanager
def serve_faults(
    fake: FakeDiscourse, schedule: Schedule | None = None
) -> Iterator[Served]:
    """Serve ``fake`` on a free loopback port behind a fault ``schedule``."""
    served = Served("", schedule=schedule)
    server = _Server(("127.0.0.1", 0), _handler(fake, threading.Lock(), served))
    served.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(fake: FakeDiscourse) -> Iterator[str]:
    """Serve ``fake`` on a free loopback port; yield its base URL."""
    with serve_faults(fake) as served:
        yield served.url
