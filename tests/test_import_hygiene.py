"""The core never loads the UI, so headless commands start fast over SSH."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "deskapp.cli", "deskapp.config", "deskapp.desk",
    "deskapp.doctor", "deskapp.errors", "deskapp.forum", "deskapp.forum.base",
    "deskapp.forum.demo", "deskapp.forum.discourse", "deskapp.forum.pacing",
    "deskapp.metrics", "deskapp.views", "deskapp.workhours", "deskapp.configdesk", "deskapp.models", "deskapp.store",
    "deskapp.sync", "deskapp.text", "deskapp.triage", "deskapp.templates",
    "deskapp.outbox", "deskapp.deskwork", "deskapp.storework", "deskapp.privacy",
]  # fmt: skip


def test_core_imports_no_textual_and_no_rich() -> None:
    """Importing every core module loads neither textual nor rich."""
    code = (
        "import importlib, sys\n"
        f"for m in {CORE!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_headless_commands_import_no_textual() -> None:
    """`deskapp backlog` and friends never load textual (rich prints tables)."""
    code = (
        "import sys, deskapp.cli, deskapp.commands, deskapp.cliout\n"
        "print(any(m.split('.')[0] == 'textual' for m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_the_desk_starts_without_the_heavy_helpers() -> None:
    """The personal-data guard (phonenumbers) and the template ranking
    (rapidfuzz, Babel) load when first used, not when the desk starts."""
    code = (
        "import sys, deskapp.app\n"
        "heavy = ('phonenumbers', 'rapidfuzz', 'babel', 'deskapp.privacy',"
        " 'deskapp.templates')\n"
        "print(','.join(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
