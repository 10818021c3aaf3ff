"""The demo forum's answering aids: its own answer templates and presence.

Two tables beside :data:`deskapp.forum.demo_db.SCHEMA`, created by the seed and,
for files made before they existed, when a file is opened (:func:`ensure`):

- ``templates``: the forum's answer templates, in Discourse's ``%{name}``
  placeholder style (the desk fills them in);
- ``presence``: who has the reply composer of a topic open, until when (what
  Discourse's presence channels report; ``deskapp demo typing`` writes it);
- ``flags``: posts flagged to the moderators, once per post and user, with
  the flagger's message (Discourse's notify_moderators flag).
"""

from __future__ import annotations

import sqlite3

from deskapp.forum.demo_db import person
from deskapp.models import Person, Template, TemplateSource

__all__ = [
    "TEMPLATES",
    "ensure",
    "flag",
    "flags",
    "mark_replying",
    "replying",
    "templates",
]

TABLES = """
CREATE TABLE IF NOT EXISTS templates (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, body TEXT NOT NULL,
    categories TEXT NOT NULL, tags TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS presence (
    topic_id INTEGER NOT NULL, username TEXT NOT NULL, until_ms INTEGER NOT NULL,
    PRIMARY KEY (topic_id, username));
CREATE TABLE IF NOT EXISTS flags (
    post_id INTEGER NOT NULL, username TEXT NOT NULL, message TEXT NOT NULL,
    at_ms INTEGER NOT NULL, PRIMARY KEY (post_id, username));
"""

_SIGN = "\n\nMet vriendelijke groet,\n%{my_name}\nWerkplein"

TEMPLATES: tuple[tuple[str, str, str, str], ...] = (
    (
        "Aanvraag uitkering: wachttijd en voorschot",
        "inkomen-uitkering",
        "participatiewet urgent-geld",
        "Beste %{original_poster_name},\n\n"
        "Dank u wel voor uw vraag over *%{topic_title}*. Na uw aanvraag beslissen"
        " we binnen 8 weken; meestal hoort u eerder van ons.\n\n"
        "- Kijk in **Mijn Werkplein** onder *Berichten* of we nog stukken van u"
        " nodig hebben. De termijn loopt pas verder als alles binnen is.\n"
        "- Heeft u nu geen geld om van te leven? Vraag dan een **voorschot** aan;"
        " dat kan via Mijn Werkplein of aan de balie." + _SIGN,
    ),
    (
        "Persoonlijke situatie: naar de klantmanager",
        "",
        "",
        "Beste %{original_poster_name},\n\n"
        "Omdat uw vraag over uw persoonlijke situatie gaat, kan ik hier op het"
        " forum niet in uw dossier kijken. Uw klantmanager kan dat wel: stuur een"
        " bericht via **Mijn Werkplein**, of bel ons op werkdagen tussen 9 en 17"
        " uur.\n\n"
        "Zet op het forum liever geen persoonlijke gegevens zoals uw BSN of"
        " rekeningnummer." + _SIGN,
    ),
    (
        "Inkomsten naast de uitkering doorgeven",
        "inkomen-uitkering werk-reintegratie",
        "participatiewet ww",
        "Beste %{original_poster_name},\n\n"
        "Goed dat u het vraagt. Geef inkomsten naast uw uitkering elke maand door"
        " met het **inkomstenformulier** in Mijn Werkplein, met uw loonstrook"
        " erbij. Wij verrekenen het met uw uitkering; een deel van wat u"
        " verdient mag u soms houden (de vrijlating).\n\n"
        "Geeft u het te laat door, dan moet u misschien geld terugbetalen." + _SIGN,
    ),
    (
        "Schulden: gratis hulp bij geldzaken",
        "schulden-toeslagen",
        "schulden toeslagen",
        "Beste %{original_poster_name},\n\n"
        "Vervelend dat u hiermee zit. U hoeft het niet alleen op te lossen: de"
        " **schuldhulpverlening** van de gemeente is gratis. Samen met u maken we"
        " een overzicht van uw schulden en spreken we af wat eerst moet.\n\n"
        "Meld u aan via Mijn Werkplein of bel ons op werkdagen tussen 9 en 17"
        " uur. Neem bij het eerste gesprek uw post over schulden en toeslagen"
        " mee." + _SIGN,
    ),
    (
        "Gesprek op het Werkplein voorbereiden",
        "gesprekken-voorbereiden",
        "gesprek",
        "Beste %{original_poster_name},\n\n"
        "Fijn dat u zich voorbereidt op het gesprek over *%{topic_title}*. Neem"
        " mee:\n\n"
        "1. uw identiteitsbewijs;\n"
        "2. uw laatste loonstroken of uitkeringsspecificaties;\n"
        "3. uw vragen, op papier.\n\n"
        "U mag iemand meenemen, bijvoorbeeld een cliëntondersteuner; die helpt u"
        " gratis." + _SIGN,
    ),
)
"""(name, category slugs, tags, body) of the demo forum's answer templates."""


def ensure(conn: sqlite3.Connection) -> None:
    """Create the tables if missing and the templates if there are none."""
    conn.executescript(TABLES)
    conn.execute("BEGIN IMMEDIATE")
    try:
        (count,) = conn.execute("SELECT COUNT(*) FROM templates").fetchone()
        if not count:
            conn.executemany(
                "INSERT INTO templates (name, categories, tags, body)"
                " VALUES (?, ?, ?, ?)",
                TEMPLATES,
            )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def templates(conn: sqlite3.Connection) -> list[Template]:
    """Every template, by name."""
    rows = conn.execute(
        "SELECT id, name, body, categories, tags FROM templates ORDER BY name, id"
    ).fetchall()
    return [
        Template(
            key=f"forum:{tid}",
            name=name,
            body=body,
            source=TemplateSource.FORUM,
            categories=tuple(cats.split()),
            tags=tuple(tags.split()),
            forum_id=tid,
        )
        for tid, name, body, cats, tags in rows
    ]


def replying(conn: sqlite3.Connection, topic_id: int, now_ms: int) -> list[Person]:
    """Who has the composer of ``topic_id`` open at ``now_ms``, by username."""
    rows = conn.execute(
        "SELECT u.id, u.username, u.name, u.role FROM presence p"
        " JOIN users u ON u.username = p.username"
        " WHERE p.topic_id = ? AND p.until_ms > ? ORDER BY u.username",
        (topic_id, now_ms),
    ).fetchall()
    return [person(row) for row in rows]


def mark_replying(
    conn: sqlite3.Connection, topic_id: int, username: str, until_ms: int
) -> None:
    """Note that ``username`` writes in ``topic_id`` until ``until_ms`` (0: left)."""
    if until_ms <= 0:
        conn.execute(
            "DELETE FROM presence WHERE topic_id = ? AND username = ?",
            (topic_id, username),
        )
        return
    conn.execute(
        "INSERT INTO presence VALUES (?, ?, ?) ON CONFLICT (topic_id, username)"
        " DO UPDATE SET until_ms = excluded.until_ms",
        (topic_id, username, until_ms),
    )


def flag(
    conn: sqlite3.Connection, post_id: int, username: str, message: str, at_ms: int
) -> None:
    """Flag a post for ``username``; a post they flagged before keeps its flag."""
    conn.execute(
        "INSERT INTO flags VALUES (?, ?, ?, ?) ON CONFLICT (post_id, username)"
        " DO NOTHING",
        (post_id, username, message, at_ms),
    )


def flags(conn: sqlite3.Connection, post_id: int) -> list[tuple[str, str, int]]:
    """(username, message, at_ms) of every flag on a post, oldest first."""
    rows = conn.execute(
        "SELECT username, message, at_ms FROM flags WHERE post_id = ?"
        " ORDER BY at_ms, username",
        (post_id,),
    ).fetchall()
    return [(str(u), str(m), int(t)) for u, m, t in rows]
