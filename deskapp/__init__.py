"""deskapp: a keyboard-driven terminal desk for Werkplein forum staff."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("deskapp")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"
