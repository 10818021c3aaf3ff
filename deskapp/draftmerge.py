"""Merging a draft that two sessions edited at once.

One adviser may have the same question open in two SSH sessions. Each
composer remembers the text it last loaded or saved (its *base*); when the
store holds something else at the next save, the other session changed it
meanwhile. Then this session's edits since its base are applied, as patches,
to the other session's text (:func:`merge`), the way collaborative editors
do it, so both keep what they typed. When a patch no longer fits, the
other's text and this one's stand one after the other: nothing typed is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from diff_match_patch import diff_match_patch

__all__ = ["merge", "moved_offset"]


def _engine() -> diff_match_patch:
    """A differ that gives up after a second on huge texts (then: both kept);
    imported when first needed, not at the desk's start."""
    from diff_match_patch import diff_match_patch

    engine = diff_match_patch()
    engine.Diff_Timeout = 1.0
    return engine


def merge(base: str | None, theirs: str | None, mine: str) -> str:
    """``mine`` with the other session's changes since ``base`` kept.

    ``base`` is the text both started from (None: there was no draft),
    ``theirs`` what the other session stored (None: it sent or discarded the
    draft; then ``mine`` stands alone, as a new draft).
    """
    if theirs is None or theirs == base:
        return mine
    if mine == (base or "") or mine == theirs:
        return theirs
    if not (base or "").strip():
        return _both(theirs, mine)  # begun in both at once: nothing to patch
    engine = _engine()
    patches = engine.patch_make(base, mine)
    merged, applied = engine.patch_apply(patches, theirs)
    if all(applied):
        return str(merged)
    return _both(theirs, mine)


def _both(theirs: str, mine: str) -> str:
    """The other's text, then this one's (an empty one adds nothing)."""
    if not mine.strip():
        return theirs
    if not theirs.strip():
        return mine
    return f"{theirs.rstrip()}\n\n{mine.lstrip()}"


def moved_offset(old: str, new: str, offset: int) -> int:
    """Where character ``offset`` of ``old`` stands in ``new`` (for the cursor):
    just after the character it followed, so text the other session added
    right at the cursor goes after it and the typing goes on where it was."""
    if old == new or offset <= 0:
        return offset
    engine = _engine()
    return int(engine.diff_xIndex(engine.diff_main(old, new), offset - 1)) + 1
