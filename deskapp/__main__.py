"""``python -m deskapp``: the same as the ``deskapp`` command."""

from deskapp.cli import run

run()
