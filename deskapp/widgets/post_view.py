"""One forum post: a header line (author, role, time) over its Markdown body.

A client post with personal data in it gets a line under the header naming
the kinds found (:class:`PostMark`), never the values.

Post bodies are hostile. :func:`safe_parser` is the only Markdown parser they
meet: raw HTML stays text, text decoded from entities goes through the text
gate again, and every link shows where it points. :class:`PostBody` never
opens a link; the click bubbles up as ``Markdown.LinkClicked`` for the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import ClassVar

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Markdown, Static

from deskapp import i18n
from deskapp.i18n import _
from deskapp.models import Post, Role
from deskapp.text import clean, one_line
from deskapp.widgets.columns import labels_for

__all__ = [
    "POST_LIMIT",
    "ROLE_LABEL",
    "PostBody",
    "PostCut",
    "PostHeader",
    "PostMark",
    "PostView",
    "cut_post",
    "local_time",
    "safe_parser",
]

ROLE_LABEL = {r: labels_for()[f"role.{r.value}"] for r in Role}
"""How each role is named on screen (the inbox's labels, in brackets here)."""

POST_LIMIT = 20_000
"""Characters of a post shown in the thread; the rest is one key (e) away."""
_AUTO_LINKS = ("autolink", "linkify")
_HREF_LIMIT = 200


def local_time(moment: datetime, tz: tzinfo | None = None, *, year: bool = True) -> str:
    """``moment`` in ``tz`` (the Werkplein's timezone) with its weekday in
    the desk's language (Babel).

    As in ``ma 16-11-2026 09:12`` (``Mon 16-11-2026 09:12`` in English);
    without ``tz``, the system's timezone.
    """
    from babel.dates import format_datetime  # loads on first use, not at startup

    local = moment.astimezone(tz)
    pattern = "EEE dd-MM-yyyy HH:mm" if year else "EEE dd-MM HH:mm"
    return _weekday_dot(format_datetime(local, pattern, locale=i18n.language()))


def _weekday_dot(text: str) -> str:
    """Babel's abbreviated weekday without a trailing dot (``ma.`` -> ``ma``)."""
    head, _sep, rest = text.partition(" ")
    return f"{head.rstrip('.')} {rest}"


def cut_post(raw: str, limit: int = POST_LIMIT) -> tuple[str, str]:
    """``raw`` split into what the thread shows and the rest ("" when it
    fits): at a paragraph break, else a line break, in the second half of
    ``limit``; else at ``limit``."""
    if len(raw) <= limit:
        return raw, ""
    for mark in ("\n\n", "\n"):
        at = raw.rfind(mark, limit // 2, limit)
        if at > 0:
            return raw[:at], raw[at:]
    return raw[:limit], raw[limit:]


def _size(text: str) -> str:
    """``980 kB`` (Dutch thousands: ``1.020 kB``), at least 1 kB."""
    kb = max(1, round(len(text.encode("utf-8")) / 1000))
    return f"{i18n.format_decimal(kb, '#,##0')} kB"


def _text_token(content: str) -> Token:
    """A plain inline text token."""
    return Token("text", "", 0, content=content)


def _harden_inline(children: list[Token]) -> list[Token]:
    """Clean inline text and add `` <href>`` after links whose label hides it.

    A line break inside a paragraph stays a line break, as Discourse shows it
    (a signature under "Met vriendelijke groet," keeps its lines).
    """
    out: list[Token] = []
    href: str | None = None
    label: list[str] = []
    for child in children:
        child.content = clean(child.content)
        if child.type == "softbreak":
            child.type = "hardbreak"
        out.append(child)
        if child.type == "link_open" and child.markup not in _AUTO_LINKS:
            href, label = str(child.attrs.get("href", "")), []
        elif child.type == "text" and href is not None:
            label.append(child.content)
        elif child.type == "link_close" and href is not None:
            if "".join(label).strip() != href:
                out.append(_text_token(f" <{one_line(href, _HREF_LIMIT)}>"))
            href = None
        elif child.type == "image":
            src = one_line(str(child.attrs.get("src", "")), _HREF_LIMIT)
            out.append(_text_token(f" <{src}> "))
    return out


def _harden(state: StateCore) -> None:
    """Core rule, run last: re-clean what entity decoding produced, show hrefs."""
    for token in state.tokens:
        if token.type in ("fence", "code_block"):
            token.content = clean(token.content)
            token.info = one_line(token.info, 40)
        elif token.children:
            token.children = _harden_inline(token.children)


def safe_parser() -> MarkdownIt:
    """A GFM-like parser for forum posts: no raw HTML, cleaned text, hrefs shown."""
    parser = MarkdownIt("gfm-like", {"html": False})
    parser.core.ruler.push("deskapp_harden", _harden)
    return parser


class PostBody(Markdown):
    """A post's Markdown, cleaned and safely parsed; links are never opened."""

    def __init__(self, raw: str) -> None:
        """Render ``raw`` (untrusted Markdown) once mounted."""
        super().__init__(
            clean(raw), parser_factory=safe_parser, open_links=False, classes="body"
        )

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Stop Textual's default (open the URL); the message still bubbles up."""
        event.prevent_default()


class PostHeader(Widget):
    """``#3 Name @user [role]  ma 16-11-2026 09:12  antwoord op #1  ✔ …``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "post-header--number",
        "post-header--author",
        "post-header--client",
        "post-header--staff",
        "post-header--adviser",
        "post-header--peer",
        "post-header--accepted",
    }

    DEFAULT_CSS = """
    PostHeader {
        height: auto;
        color: $text-muted;
        & > .post-header--author { color: $foreground; text-style: bold; }
        & > .post-header--client { color: $foreground; text-style: bold; }
        & > .post-header--staff { color: $text-success; text-style: bold; }
        & > .post-header--adviser { color: $text-accent; text-style: bold; }
        & > .post-header--peer { color: $text-muted; text-style: italic; }
        & > .post-header--accepted { color: $text-success; text-style: bold; }
    }
    """

    def __init__(self, post: Post, tz: tzinfo | None = None) -> None:
        """The header of ``post``, times shown in ``tz``."""
        super().__init__(classes="header")
        self.post = post
        self.tz = tz

    def render(self) -> Content:
        """Number, author, role badge, time, reply and accepted marks."""
        post, author = self.post, self.post.author
        style = self.get_visual_style
        parts: list[str | tuple[str, Style]] = [
            (f"#{post.number} ", style("post-header--number", partial=True)),
            (one_line(author.name, 40), style("post-header--author", partial=True)),
            f" @{one_line(author.username, 40)} ",
            (
                f"[{ROLE_LABEL[author.role]}]",
                style(f"post-header--{author.role.value}", partial=True),
            ),
            f"  {local_time(post.created_at, self.tz)}",
        ]
        if post.reply_to is not None:
            parts.append("  " + _("antwoord op #{number}").format(number=post.reply_to))
        if post.accepted:
            accepted = style("post-header--accepted", partial=True)
            parts.append(("  ✔ " + _("geaccepteerd antwoord"), accepted))
        return Content.assemble(*parts)


class PostMark(Static):
    """``⚠ persoonsgegevens: BSN, telefoonnummer`` under a post's header."""

    def __init__(self, labels: Sequence[str]) -> None:
        """Name the kinds of personal data (never their values)."""
        kinds = ", ".join(one_line(x, 30) for x in labels)
        text = "⚠ " + _("persoonsgegevens: {kinds}").format(kinds=kinds)
        super().__init__(text, markup=False, classes="pii-mark")


class PostCut(Static):
    """``… (nog 980 kB, druk op e om alles te lezen)`` under a cut post."""

    def __init__(self, rest: str) -> None:
        """Say how much of the post is not shown, and how to read it."""
        text = "… " + _("(nog {size}, druk op e om alles te lezen)").format(
            size=_size(rest)
        )
        super().__init__(text, markup=False, classes="post-cut")


class PostView(Vertical):
    """A post: its header, a personal-data mark, then its body as Markdown."""

    DEFAULT_CSS = """
    PostView {
        height: auto;
        margin-bottom: 1;
        & > PostBody { padding: 0 0 0 2; }
        & > PostBody > MarkdownBlock:last-child { margin-bottom: 0; }
        & MarkdownFence { margin: 0 0 1 0; }
        & MarkdownFence > Label { padding: 0 1; }
        & > PostCut { padding: 0 0 0 2; color: $text-warning; text-style: bold; }
    }
    """

    def __init__(
        self, post: Post, tz: tzinfo | None = None, marks: Sequence[str] = ()
    ) -> None:
        """The view of ``post``; ``-accepted`` and ``-<role>`` classes for CSS.

        ``marks`` names the kinds of personal data found in the post.
        """
        classes = f"-{post.author.role.value}" + (" -accepted" if post.accepted else "")
        super().__init__(classes=classes + (" -pii" if marks else ""))
        self.post = post
        self.tz = tz
        self.marks = tuple(marks)

    def compose(self) -> ComposeResult:
        """Header line, the mark (if any), then the Markdown body: cut, with
        a :class:`PostCut` line, when it is longer than :data:`POST_LIMIT`."""
        yield PostHeader(self.post, self.tz)
        if self.marks:
            yield PostMark(self.marks)
        shown, rest = cut_post(self.post.raw)
        yield PostBody(shown)
        if rest:
            yield PostCut(rest)
