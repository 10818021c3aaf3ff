"""The desk's log: one rotating file in the user log directory, secrets masked.

``~/.local/state/deskapp/log/deskapp.log`` on Linux (platformdirs'
``user_log_path``), at most 1 MB, with three older files beside it; the file
and its folder are readable by their owner alone (a log can name clients).
The level comes from the config's ``[log] level`` (default ``info``).

Every record passes :class:`SecretFilter` on its way to the file: each API
key the desk has resolved, and any ``Api-Key`` header or ``api_key=`` value,
becomes ``[redacted]`` (in the message, its arguments, tracebacks and stack
traces), and forum text in a message goes through the text gate so that
reading the log in a terminal is safe. :func:`crash` writes an unexpected
error's traceback there and returns the one line a user sees instead.
"""

from __future__ import annotations

import io
import logging
import os
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

import platformdirs

from deskapp.i18n import _
from deskapp.text import clean

__all__ = [
    "LEVELS",
    "LOG_NAME",
    "MAX_BYTES",
    "SecretFilter",
    "crash",
    "log_path",
    "mask",
    "remember_secret",
    "set_level",
    "setup",
]

LOG_NAME = "deskapp.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
LEVELS = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}
"""The values of ``[log] level`` (configschema.LOG_LEVELS) and what they mean."""
REDACTED = "[redacted]"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_QUIET = ("httpx", "httpcore", "asyncio", "markdown_it")
"""Libraries that log every request or step: warnings only, unless debug."""

_level = logging.INFO
"""The log's level (set by :func:`set_level`)."""
_secrets: set[str] = set()
"""API keys resolved in this process (logging is process-wide, and so is this)."""
_KEY_FIELD = re.compile(
    r"(?i)(api[-_]key[\"']?\s*(?:[:=]|,)\s*[\"']?)(?!\[redacted\]|<)([^\s\"',;&)}\]]{8,})"
)
"""An ``Api-Key: X`` header, ``'Api-Key': 'X'`` in a dict, ``api_key=X``: a
value of 8 characters or more (a placeholder such as ``<key>`` stays)."""


def log_path() -> Path:
    """The log file (its folder is created when the first record is written)."""
    return platformdirs.user_log_path("deskapp", appauthor=False) / LOG_NAME


def remember_secret(secret: str) -> None:
    """Mask ``secret`` in every record from now on (keys shorter than 4
    characters are not masked: they would mask ordinary words)."""
    if len(secret) >= 4:
        _secrets.add(secret)


def mask(text: str) -> str:
    """``text`` with every remembered secret and API-key value redacted."""
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return _KEY_FIELD.sub(lambda m: m.group(1) + REDACTED, text)


class SecretFilter(logging.Filter):
    """Masks secrets and cleans forum text in a record, tracebacks included."""

    def __init__(self, formatter: logging.Formatter) -> None:
        super().__init__()
        self._formatter = formatter

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite ``record`` in place; keep it unless a chatty library said
        it below warning level and the log is not at debug level."""
        if (
            record.name.split(".")[0] in _QUIET
            and record.levelno < logging.WARNING
            and _level > logging.DEBUG
        ):
            return False
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit the message
            message = f"{record.msg} {record.args}"
        record.msg, record.args = clean(mask(message)), None
        if record.exc_info:
            text = self._formatter.formatException(record.exc_info)
            record.exc_text, record.exc_info = text, None
        if record.exc_text:
            record.exc_text = clean(mask(record.exc_text))
        if record.stack_info:
            record.stack_info = clean(mask(record.stack_info))
        return True


class _PrivateFileHandler(RotatingFileHandler):
    """A rotating file handler whose files are created mode 0600."""

    def _open(self) -> io.TextIOWrapper:
        """Open the log file, readable by its owner only."""
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        stream = open(  # noqa: SIM115  # the handler owns (and closes) it
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors=self.errors,
            opener=lambda path, flags: os.open(path, flags, 0o600),
        )
        assert isinstance(stream, io.TextIOWrapper)
        return stream


_handler: _PrivateFileHandler | None = None


def setup(level: str = "info", path: Path | None = None) -> Path:
    """Send the process's log records to the rotating file at ``path``
    (default :func:`log_path`) at ``level``; idempotent. Returns the path."""
    global _handler
    target = path or log_path()
    root = logging.getLogger()
    if _handler is not None and Path(_handler.baseFilename) != target.absolute():
        root.removeHandler(_handler)
        _handler.close()
        _handler = None
    if _handler is None:
        formatter = logging.Formatter(_FORMAT)
        _handler = _PrivateFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
            delay=True,
        )  # fmt: skip
        _handler.setFormatter(formatter)
        _handler.addFilter(SecretFilter(formatter))
        root.addHandler(_handler)
    set_level(level)
    return target


def set_level(level: str) -> None:
    """Log at ``level`` (one of :data:`LEVELS`); chatty libraries only with
    their warnings unless it is ``debug``. Before :func:`setup` (a library
    use of the config, a test) nothing but the remembered level changes."""
    global _level
    _level = LEVELS[level]
    if _handler is not None:
        _handler.setLevel(_level)
        logging.getLogger().setLevel(_level)


def crash(error: BaseException | None, where: str = "deskapp") -> str:
    """Log an unexpected error with its traceback (secrets masked); return
    the line to show the user instead of a traceback."""
    what, target = _logged(error, where)
    return _(
        "deskapp stopped on an unexpected error ({error})."
        " This is a bug; the details are in {path}. Please report it with that"
        " file (it holds no API key)."
    ).format(error=what, path=target)


def slip(error: BaseException, where: str = "deskapp") -> str:
    """Log an unexpected error the desk goes on after (a write beside the
    screen failed); return the line to show the user."""
    what, target = _logged(error, where)
    return _(
        "unexpected error ({error}); nothing you typed is lost. This is a bug;"
        " the details are in {path}."
    ).format(error=what, path=target)


def _logged(error: BaseException | None, where: str) -> tuple[str, Path]:
    """Log ``error`` with its traceback, masked; what to call it, and where
    the log is."""
    kind = type(error).__name__ if error is not None else "error"
    logging.getLogger(where).critical(
        "unexpected %s", kind, exc_info=(type(error), error, error.__traceback__)
        if error is not None else None,
    )  # fmt: skip
    target = Path(_handler.baseFilename) if _handler is not None else log_path()
    said = clean(mask(str(error))) if error is not None else ""
    said = " ".join(said.split())[:200]
    return (f"{kind}: {said}" if said else kind), target
