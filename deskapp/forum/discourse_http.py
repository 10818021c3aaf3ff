"""What a Discourse answer means: its JSON, or the one error it amounts to.

Pure helpers for :meth:`deskapp.forum.discourse.DiscourseForum._request`, which
alone sends requests and catches httpx exceptions. Error bodies follow
API-NOTES §11-§12: core ``{errors: [...], error_type?, extras?}``, the assign
plugin's ``{error: "..."}``, and the plain-text 429 of the per-IP limiter.
Messages quote the forum (cut to 300 characters) and say what to check; the
API key is never part of one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from deskapp.errors import (
    AuthError,
    BadResponseError,
    ConflictError,
    ForumError,
    NotFoundError,
    RateLimitedError,
    UnavailableError,
)
from deskapp.i18n import _
from deskapp.text import without_surrogates

__all__ = [
    "DEFAULT_RETRY_AFTER",
    "Where",
    "decode",
    "error_text",
    "failure",
    "retry_after",
    "transport_failure",
    "wait_seconds",
]

DEFAULT_RETRY_AFTER = 10.0
"""Seconds to wait on a 429 that names no wait (API-NOTES §11)."""
QUOTE_LIMIT = 300


@dataclass(frozen=True, slots=True)
class Where:
    """Which forum, account and request an answer belongs to (for messages)."""

    forum: str
    url: str
    username: str
    request: str
    """``METHOD /path``."""
    secret: str = ""
    """The API key, only to scrub it should a forum ever echo it."""

    def quote(self, said: str) -> str:
        """``": <forum text>"``, scrubbed and cut, or "" when it said nothing."""
        if self.secret:
            said = said.replace(self.secret, "[redacted]")
        said = " ".join(said.split())[:QUOTE_LIMIT].rstrip(".")
        return f": {said}" if said else ""


def _obj(value: object) -> Mapping[str, Any]:
    """``value`` if it is a JSON object, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def error_text(body: object) -> str:
    """The forum's message: ``errors[]`` joined, or assign's ``error``."""
    if isinstance(body, str):
        return body
    data = _obj(body)
    errors = data.get("errors")
    if isinstance(errors, list):
        joined = "; ".join(e for e in errors if isinstance(e, str) and e)
        if joined:
            return joined
    for key in ("error", "message", "failed"):
        if isinstance(data.get(key), str) and data[key]:
            return str(data[key])
    return ""


def wait_seconds(body: object) -> float | None:
    """``extras.wait_seconds`` of a 429 body, if given."""
    value = _obj(_obj(body).get("extras")).get("wait_seconds")
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
        return float(value)
    return None


def retry_after(header: str | None, body: object) -> float:
    """Seconds to wait: Retry-After, else extras.wait_seconds, else 10 (§11)."""
    text = (header or "").strip()
    if text:
        try:
            return max(0.0, float(text))
        except ValueError:
            pass
        try:
            when = parsedate_to_datetime(text)
            return max(0.0, (when - datetime.now(UTC)).total_seconds())
        except (TypeError, ValueError):
            pass
    wait = wait_seconds(body)
    return DEFAULT_RETRY_AFTER if wait is None else wait


def decode(response: httpx.Response, where: Where) -> Any:
    """The JSON of a 2xx answer; None when empty (§2); BadResponseError if not JSON."""
    if not response.content.strip():
        return None
    try:
        return _json(response)
    except ValueError as err:  # JSONDecodeError and UnicodeDecodeError
        given = response.headers.get("Content-Type", "").split(";")[0]
        kind = given or _("no content type")
        if kind.endswith("json"):
            raise BadResponseError(
                _(
                    "{forum}: the answer to {request} was cut off or broken (JSON"
                    " that does not parse); it is tried again"
                ).format(forum=where.forum, request=where.request),
                status=response.status_code,
            ) from err
        raise BadResponseError(
            _("{forum}: {request} answered {kind} that is not valid JSON. Is {url}"
              " the forum's own address (not a login page or proxy)?").format(
                forum=where.forum, request=where.request, kind=kind, url=where.url),
            status=response.status_code,
        ) from err  # fmt: skip


def _json(response: httpx.Response) -> Any:
    """The answer's JSON without lone surrogates (``"\\ud800"``), which no
    store, log or terminal can write: each becomes U+FFFD."""
    return without_surrogates(response.json())


def _error_body(response: httpx.Response) -> object:
    """An error answer's JSON, or the first line of a plain-text one, or ""."""
    try:
        return _json(response)
    except ValueError:
        if response.headers.get("Content-Type", "").startswith("text/plain"):
            lines = [ln.strip() for ln in response.text.splitlines() if ln.strip()]
            return lines[0] if lines else ""
        return ""


def failure(response: httpx.Response, where: Where) -> ForumError:
    """The error a non-2xx answer amounts to, with the forum's own words."""
    status, body = response.status_code, _error_body(response)
    said, name, req = where.quote(error_text(body)), where.forum, where.request
    if status in (401, 403):
        kind = _obj(body).get("error_type")
        kind = f", {kind}" if isinstance(kind, str) and kind else ""
        return AuthError(
            _("{forum} refused {request} ({status}){said}. Check the API key and"
              " that api_username {user} exists, is active and may do this.").format(
                forum=name, request=req, status=f"{status}{kind}", said=said,
                user=repr(where.username)),
            status=status,
        )  # fmt: skip
    if status in (404, 410):
        return NotFoundError(
            _("Not found on {forum}: {request}{said}").format(
                forum=name, request=req, said=said
            ),
            status=status,
        )
    if status in (400, 409, 422):
        return ConflictError(
            _("{forum} refused {request}{said}").format(
                forum=name, request=req, said=said
            ),
            status=status,
        )
    if status == 429:
        wait = retry_after(response.headers.get("Retry-After"), body)
        return RateLimitedError(
            _("{forum} asks to slow down{said}. Try again in {seconds} s.").format(
                forum=name, said=said, seconds=f"{wait:.0f}"
            ),
            retry_after=wait,
        )
    if status >= 500:
        return UnavailableError(
            _("{forum} had a problem with {request} (status {status}){said}. Try"
              " again later.").format(
                forum=name, request=req, status=status, said=said),
            status=status,
        )  # fmt: skip
    if 300 <= status < 400:
        return UnavailableError(
            _("{forum} redirected {request} to {location}: check the url in the"
              " config ({url}); it must be the forum's own https:// address.").format(
                forum=name, request=req, url=where.url,
                location=response.headers.get("Location", "?")),
            status=status,
        )  # fmt: skip
    return BadResponseError(
        _("{forum}: status {status} for {request}{said}").format(
            forum=name, status=status, request=req, said=said
        ),
        status=status,
    )


_BROKEN_OFF = (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError)
"""A connection that broke while the request or its answer was under way."""


def transport_failure(err: Exception, where: Where) -> UnavailableError:
    """The error for a request that got no answer (timeout, refused, TLS, ...)."""
    if "CERTIFICATE_VERIFY_FAILED" in str(err) or "SSL" in str(err):
        return UnavailableError(
            _("{forum}: the TLS certificate of {url} could not be verified"
              " (self-signed, expired, or for another name). deskapp never turns"
              " verification off: have the forum fixed, or point SSL_CERT_FILE at"
              " your organisation's CA certificate.").format(
                forum=where.forum, url=where.url)
        )  # fmt: skip
    if isinstance(err, httpx.TimeoutException):
        what = _("no answer to {request} in time").format(request=where.request)
    elif isinstance(err, httpx.ConnectError):
        what = _("cannot connect to {url}").format(url=where.url)
    elif isinstance(
        err, httpx.ReadError | httpx.WriteError | httpx.RemoteProtocolError
    ):
        what = _(
            "the connection broke off before the forum answered {request}"
            " (it may have been done)"
        ).format(request=where.request)
    else:
        what = _("{request} failed ({error})").format(
            request=where.request, error=type(err).__name__
        )
    return UnavailableError(
        _("{forum}: {what}. Check the url in the config ({url}), the network (VPN,"
          " proxy) and whether the forum is up.").format(
            forum=where.forum, what=what, url=where.url)
    )  # fmt: skip
