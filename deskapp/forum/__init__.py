"""Forum adapters, one per kind of forum, behind :class:`~deskapp.forum.base.Forum`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskapp.config import ForumProfile
    from deskapp.forum.base import Forum

__all__ = ["open_forum"]


def open_forum(profile: ForumProfile) -> Forum:
    """Build the adapter for a configured forum profile (no network yet)."""
    if profile.kind == "demo":
        from deskapp.forum.demo import DemoForum

        return DemoForum(
            profile.demo_path(),
            name=profile.name,
            username=profile.api_username or None,
        )
    from deskapp.forum.discourse import DiscourseForum

    return DiscourseForum(profile)
