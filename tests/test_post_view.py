"""How a post's Markdown is shown: as the forum shows it, and safely."""

from __future__ import annotations

import html
import re

from textual.app import App, ComposeResult

from deskapp.widgets.post_view import PostBody


class BodyApp(App[None]):
    def __init__(self, raw: str) -> None:
        super().__init__()
        self.raw = raw

    def compose(self) -> ComposeResult:
        yield PostBody(self.raw)


async def shown_lines(raw: str) -> list[str]:
    app = BodyApp(raw)
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause(0.3)
        svg = app.export_screenshot()
    texts = re.findall(r">([^<]+)</text>", svg)
    return [html.unescape(t).replace("\xa0", " ").strip() for t in texts if t.strip()][
        1:
    ]


async def test_a_line_break_in_a_paragraph_stays_a_line_break() -> None:
    """Discourse shows single newlines as breaks: a signature keeps its lines."""
    lines = await shown_lines("Met vriendelijke groet,\nSanne de Vries\nWerkplein")
    assert lines[:3] == ["Met vriendelijke groet,", "Sanne de Vries", "Werkplein"]


async def test_a_hidden_link_target_is_shown_and_markup_is_text() -> None:
    lines = await shown_lines("[klik hier](https://evil.example/x) [b]vet[/b]")
    assert "klik hier <https://evil.example/x> [b]vet[/b]" in " ".join(lines)
