"""A fake Discourse with many open questions, for sync costs and benchmarks/sync.py.

Two watched categories (Werk en inkomen, Zorg), the Werkplein's accounts and
groups, and ``topics`` open questions taking turns between the categories, one
change a minute apart, each a client's question with a staff answer on every
third one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from deskapp.config import ForumProfile
from tests.discourse_fake import T0, FakeDiscourse

WATCHED = ("werk-en-inkomen", "zorg")
CLIENTS = ("anouk", "mo", "fatima")


def open_forum(
    topics: int, factory: Callable[[], FakeDiscourse] = FakeDiscourse
) -> FakeDiscourse:
    """A forum of ``topics`` open questions in two watched categories."""
    f = factory()
    f.user(1, "sanne", "Sanne Bakker", groups=("werkplein-medewerkers",))
    f.user(2, "beheer", "Beheerder", admin=True)
    f.user(3, "kim.adviseur", "Kim", groups=("clientondersteuners",),
           primary_group="clientondersteuners")  # fmt: skip
    for uid, name in enumerate(CLIENTS, start=4):
        f.user(uid, name, name.title())
    f.category(5, "Werk en inkomen", WATCHED[0])
    f.category(6, "Zorg", WATCHED[1])
    for n in range(1, topics + 1):
        posts = [(CLIENTS[n % 3], f"Vraag {n}: hoe zit het met mijn uitkering?")]
        if n % 3 == 0:
            posts.append(("sanne", f"Antwoord op vraag {n}."))
        start = T0 - timedelta(days=20) + n * timedelta(minutes=1)
        f.topic(n, f"Vraag nummer {n}", 5 + n % 2, posts, start=start,
                step=timedelta(seconds=20))  # fmt: skip
    return f


def profile(url: str, **options: object) -> ForumProfile:
    """The desk's profile for an :func:`open_forum` served at ``url``."""
    return ForumProfile(
        name="werkplein",
        kind="discourse",
        url=url,
        api_username="sanne",
        watched_categories=WATCHED,
        staff_groups=("werkplein-medewerkers",),
        adviser_groups=("clientondersteuners",),
        **options,  # type: ignore[arg-type]
    )
