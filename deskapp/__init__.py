"""deskapp: a keyboard-driven terminal desk for Werkplein forum staff."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """``deskapp.__version__``, read from the installed metadata on first use
    (importlib.metadata costs tens of milliseconds at every start)."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("deskapp")
    except PackageNotFoundError:  # pragma: no cover - a bare checkout
        return "0.0.0"
