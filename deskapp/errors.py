"""The one error tree of deskapp.

Every failure that crosses a module boundary is one of these::

    DeskError                      root: a human message, safe to show
    ├── ConfigError                bad config file: carries path, key and fix
    ├── StoreError                 the local store cannot be opened or migrated
    ├── DraftGoneError             a draft another session sent or threw away
    └── ForumError                 anything a forum adapter raises
        ├── AuthError              401/403: wrong or missing API key
        ├── NotFoundError          404: topic, post or endpoint missing
        ├── RateLimitedError       429: carries retry_after (seconds)
        ├── ConflictError          409/422: the forum refused the change
        ├── UnavailableError       connection refused, timeout, 5xx
        ├── BadResponseError       the forum answered something we cannot read
        └── PartlyDoneError        done, but a step after it failed: carries result

Messages never contain secrets: an API key is never part of one.
"""

from __future__ import annotations

from pathlib import Path

from deskapp.i18n import _


class DeskError(Exception):
    """Root of every deskapp error; ``str(err)`` is a message fit for users."""

    title = "deskapp"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(DeskError):
    """The config file is missing, unreadable or invalid."""

    title = "Configuration error"

    def __init__(
        self,
        message: str,
        *,
        path: Path | None = None,
        key: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.path = path
        self.key = key
        self.fix = fix
        parts = []
        if path is not None:
            parts.append(f"{path}:")
        if key:
            parts.append(f"[{key}]")
        parts.append(message)
        text = " ".join(parts)
        if fix:
            text = _("{message}\n  fix: {fix}").format(message=text, fix=fix)
        super().__init__(text)


class StoreError(DeskError):
    """The local store cannot be opened, migrated or written."""

    title = "Local store error"


class DraftGoneError(DeskError):
    """A reply was to be sent from a draft that another session has sent or
    thrown away meanwhile: not queued (asking again sends it)."""


class ForumError(DeskError):
    """Anything a forum adapter raises; ``status`` is the HTTP status if any."""

    title = "Forum error"

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.read_so_far: tuple[object, ...] = ()
        """What a read of many items got before it failed (the threads of
        ``Forum.threads``): the caller may keep them."""


class AuthError(ForumError):
    """The forum refused our credentials (wrong key, wrong user, no access)."""

    title = "Not authorised"


class NotFoundError(ForumError):
    """The topic, post or endpoint does not exist (or is hidden from us)."""

    title = "Not found"


class RateLimitedError(ForumError):
    """The forum asks us to slow down; retry after ``retry_after`` seconds."""

    title = "Rate limited"

    def __init__(
        self, message: str, *, retry_after: float, status: int | None = 429
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after


class ConflictError(ForumError):
    """The forum refused the change (duplicate, closed topic, validation)."""

    title = "Refused by the forum"


class UnavailableError(ForumError):
    """The forum cannot be reached right now (network, timeout, 5xx)."""

    title = "Forum unavailable"


class BadResponseError(ForumError):
    """The forum answered with something we cannot understand."""

    title = "Unexpected answer from the forum"


class PartlyDoneError(ForumError):
    """The forum did the main thing but not a step after it; ``result`` is
    what was done (e.g. the article published, but not made a wiki)."""

    title = "Partly done"

    def __init__(self, message: str, result: object, *, status: int | None = None):
        super().__init__(message, status=status)
        self.result = result


def shown_title(err: DeskError) -> str:
    """``err``'s title in the desk's language (``title`` stays English for
    the log)."""
    titles: dict[type[DeskError], str] = {
        ConfigError: _("Configuration error"),
        StoreError: _("Local store error"),
        AuthError: _("Not authorised"),
        NotFoundError: _("Not found"),
        RateLimitedError: _("Rate limited"),
        ConflictError: _("Refused by the forum"),
        UnavailableError: _("Forum unavailable"),
        BadResponseError: _("Unexpected answer from the forum"),
        PartlyDoneError: _("Partly done"),
        ForumError: _("Forum error"),
    }
    for cls in type(err).__mro__:
        if cls in titles:
            return titles[cls]
    return err.title
