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
    draft; then ``mine`` stands alone, as a new draft, when it was edited
    here, and is gone too when it was not).
    """
    if theirs == base:
        return mine
    if mine == (base or "") or mine == theirs:
        return theirs or ""  # nothing typed here: the other's word stands
    if theirs is None:
        return mine
    if base is None or not base.strip():
        return _both(theirs, mine)  # begun in both at once: nothing to patch
    engine = _engine()
    theirs_added, mine_added = _added(engine, base, theirs), _added(engine, base, mine)
    if not mine.strip():  # emptied here: what the other added stays, whole
        return "\n\n".join(theirs_added)
    added = theirs_added + mine_added
    # this session's edits applied to the other's text; or, should they not
    # fit, the other's edits (such as a sent part taken out) applied to this
    # one; either only when every text added on either side is still there
    for edits, onto in ((mine, theirs), (theirs, mine)):
        merged, applied = engine.patch_apply(engine.patch_make(base, edits), onto)
        if all(applied) and all(text in merged for text in added):
            return str(merged)
    if not theirs_added:  # the other only took text out (such as a part it
        cut = _cut(engine, base, theirs, mine)  # sent): take it out here too
        if cut is not None and all(text in cut for text in mine_added):
            return cut
    return _both(theirs, mine)


def _cut(engine: diff_match_patch, base: str, theirs: str, mine: str) -> str | None:
    """``mine`` without the pieces of ``base`` that ``theirs`` took out, each
    found whole in ``mine``; None when one is not there as it was."""
    diffs = engine.diff_main(base, theirs)
    engine.diff_cleanupSemantic(diffs)
    result = mine
    for op, piece in diffs:
        gone = piece.strip()
        if op != engine.DIFF_DELETE or not gone:
            continue
        if gone not in result:
            return None
        result = result.replace(gone, "", 1)
    return "\n".join(line.rstrip() for line in result.strip().splitlines())


def _added(engine: diff_match_patch, base: str, text: str) -> list[str]:
    """The pieces of ``text`` that ``base`` lacks, each whole and trimmed (not
    the end of the sentence before: no leading full stop or comma)."""
    diffs = engine.diff_main(base, text)
    engine.diff_cleanupSemantic(diffs)
    pieces = (
        piece.strip().lstrip(".,;:").strip()
        for op, piece in diffs
        if op == engine.DIFF_INSERT
    )
    return [piece for piece in pieces if piece]


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
