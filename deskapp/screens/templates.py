"""The template picker (t in the composer): find, preview, fill in, insert.

Type to filter; up/down move through the list, which puts templates for the
question's category or tags first; enter chooses. A template past its review
date warns first; one with custom fields asks for them. Tab goes to the list,
where n, e, d and x create, edit, duplicate and delete personal templates.
The screen dismisses with the text to insert, or None.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from functools import partial
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from deskapp.errors import DeskError, shown_title
from deskapp.i18n import _
from deskapp.models import Template, TemplateSource
from deskapp.screens.template_dialogs import TemplateConfirm, TemplateFields
from deskapp.screens.template_editor import TemplateEditor
from deskapp.templates import (
    Ranked,
    Scope,
    TemplateContext,
    TemplateLibrary,
    is_stale,
    long_date,
)
from deskapp.text import clean, one_line

__all__ = ["TemplatePicker", "count_use"]

SOURCE_LABEL = {
    TemplateSource.PERSONAL: _("eigen"),
    TemplateSource.TEAM: _("team"),
    TemplateSource.FORUM: _("forum"),
}
SCOPE_LABEL = {
    Scope.MATCH: _("deze vraag"),
    Scope.GENERAL: _("algemeen"),
    Scope.OTHER: "",
}
STALE = _("controleren")
NAME_WIDTH = 42
KEYS = _("↑↓ kiezen · enter invoegen · tab lijst: n nieuw e bewerk d kopie x wis · esc")


def count_use(app: App[object], library: TemplateLibrary, key: str) -> None:
    """Count a template's use (in a thread worker: a store busy with another
    desk holds up nothing on screen); counting is a bonus, so a failure is
    only said."""
    try:
        library.record_use(key)
    except DeskError as err:
        app.call_from_thread(
            app.notify, one_line(str(err), 300), title=shown_title(err),
            severity="warning", markup=False,
        )  # fmt: skip


class TemplatePicker(ModalScreen[str | None]):
    """Pick an answer template; dismisses with the rendered text or None."""

    CSS_PATH = "templates.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "cancel",
            _("Terug"),
            id="templates.cancel",
            tooltip=_("Sluiten zonder iets in te voegen"),
        ),
        Binding(
            "down",
            "move(1)",
            _("Omlaag"),
            show=False,
            id="templates.down",
            tooltip=_("Volgende sjabloon"),
        ),
        Binding(
            "up",
            "move(-1)",
            _("Omhoog"),
            show=False,
            id="templates.up",
            tooltip=_("Vorige sjabloon"),
        ),
        Binding(
            "pagedown",
            "scroll_preview(1)",
            _("Voorbeeld omlaag"),
            show=False,
            id="templates.preview_down",
            tooltip=_("Het voorbeeld een scherm omlaag"),
        ),
        Binding(
            "pageup",
            "scroll_preview(-1)",
            _("Voorbeeld omhoog"),
            show=False,
            id="templates.preview_up",
            tooltip=_("Het voorbeeld een scherm omhoog"),
        ),
        Binding(
            "slash",
            "search",
            _("Zoeken"),
            id="templates.search",
            tooltip=_("Terug naar het zoekveld"),
        ),
        Binding(
            "n",
            "new",
            _("Nieuw"),
            id="templates.new",
            tooltip=_("Een nieuwe eigen sjabloon maken"),
        ),
        Binding(
            "e",
            "edit",
            _("Bewerken"),
            id="templates.edit",
            tooltip=_("Deze eigen sjabloon bewerken"),
        ),
        Binding(
            "d",
            "duplicate",
            _("Kopie"),
            id="templates.duplicate",
            tooltip=_("Een eigen kopie van deze sjabloon maken en bewerken"),
        ),
        Binding(
            "x",
            "delete",
            _("Verwijderen"),
            id="templates.delete",
            tooltip=_("Deze eigen sjabloon verwijderen (na bevestiging)"),
        ),
    ]

    def __init__(self, library: TemplateLibrary, context: TemplateContext) -> None:
        """Offer ``library``'s templates for a reply with ``context``."""
        super().__init__()
        self.library = library
        self.context = context
        self.ranked: list[Ranked] = []
        """The templates listed now, in order."""

    def compose(self) -> ComposeResult:
        """Search box, list, preview and the keys."""
        with Vertical(id="picker-panel"):
            yield Input(placeholder=_("Zoek een sjabloon…"), id="picker-search")
            yield OptionList(id="picker-list")
            yield Label("", id="picker-preview-title", markup=False)
            with VerticalScroll(id="picker-preview", can_focus=False):
                yield Static(id="picker-preview-text", markup=False)
            yield Label(Content(KEYS), classes="template-keys")

    def on_mount(self) -> None:
        """List the templates; say which files were skipped."""
        self.query_one("#picker-panel").border_title = _("Sjabloon invoegen")
        self.refresh_list()
        self.query_one("#picker-search", Input).focus()
        problems = self.library.problems
        if problems:
            lines = [one_line(str(p), 150) for p in problems[:5]]
            more = len(problems) - len(lines)
            lines += [_("en nog {n}").format(n=more)] if more > 0 else []
            self.notify("\n".join(lines), title=_("Sjablonen overgeslagen"),
                        severity="warning", timeout=10, markup=False)  # fmt: skip

    # --- the list and the preview ---------------------------------------------

    @property
    def query_text(self) -> str:
        """What is typed in the search box."""
        return self.query_one("#picker-search", Input).value

    @property
    def current(self) -> Template | None:
        """The highlighted template."""
        index = self.query_one("#picker-list", OptionList).highlighted
        return (
            None
            if index is None or index >= len(self.ranked)
            else self.ranked[index].template
        )

    def refresh_list(self, select: str | None = None) -> None:
        """Rank again; keep the highlight on ``select`` (a key) or the top."""
        ctx = self.context
        self.ranked = self.library.rank(self.query_text, ctx.category_slug, ctx.tags)
        options = self.query_one("#picker-list", OptionList)
        options.set_options([self._option(r) for r in self.ranked])
        keys = [r.template.key for r in self.ranked]
        if self.ranked:
            options.highlighted = keys.index(select) if select in keys else 0
        self._show_preview()

    def _option(self, ranked: Ranked) -> Option:
        t = ranked.template
        stale = is_stale(t, self.context.today)
        prompt = Content.assemble(
            Content(one_line(t.name)).truncate(NAME_WIDTH, ellipsis=True, pad=True),
            f" {SOURCE_LABEL[t.source]:<6}{SCOPE_LABEL[ranked.scope]:<11}",
            (STALE, "bold $text-warning") if stale else "",
        )
        return Option(prompt, id=t.key)

    @on(Input.Changed, "#picker-search")
    def _filter(self) -> None:
        self.refresh_list()

    @on(OptionList.OptionHighlighted)
    def _show_preview(self) -> None:
        template = self.current
        title = self.query_one("#picker-preview-title", Label)
        text = self.query_one("#picker-preview-text", Static)
        if template is None:
            title.update(_("Geen sjabloon gevonden. n maakt een nieuwe (in de lijst)."))
            text.update("")
            return
        title.update(self._preview_title(template))
        text.update(Content(clean(self.library.render(template, self.context))))
        self.query_one("#picker-preview", VerticalScroll).scroll_home(animate=False)

    def _preview_title(self, t: Template) -> Content:
        uses = self.library.uses(t.key)
        parts = [
            _("{source} · {uses}× gebruikt").format(
                source=SOURCE_LABEL[t.source], uses=uses
            )
        ]
        if t.review_by is not None:
            day = long_date(t.review_by, self.library.language)
            parts.append(_("nakijken vóór {day}").format(day=day))
        line = Content(one_line(" · ".join(parts)))
        if is_stale(t, self.context.today):
            return Content.assemble(line, (f" · {STALE}", "bold $text-warning"))
        return line

    def action_move(self, step: int) -> None:
        """Move the highlight, wherever the focus is."""
        options = self.query_one("#picker-list", OptionList)
        (options.action_cursor_down if step > 0 else options.action_cursor_up)()

    def action_scroll_preview(self, step: int) -> None:
        """Scroll the preview a page."""
        preview = self.query_one("#picker-preview", VerticalScroll)
        (preview.action_page_down if step > 0 else preview.action_page_up)()

    def action_search(self) -> None:
        """Back to the search box."""
        self.query_one("#picker-search", Input).focus()

    def action_cancel(self) -> None:
        """Close without inserting."""
        self.dismiss(None)

    # --- choosing ----------------------------------------------------------------

    @on(Input.Submitted, "#picker-search")
    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        if self.current is not None:
            self.choose(self.current)

    @work(exclusive=True, group="templates-choose")
    async def choose(self, template: Template) -> None:
        """Warn if stale, ask the fields, count the use, dismiss with the text."""
        stale = is_stale(template, self.context.today)
        if stale and not await self._insert_stale(template):
            return
        values = await self._ask_fields(template)
        if values is None:
            return
        text = self.library.render(template, self.context, values)
        self.dismiss(text)  # the text goes in now; the use is counted beside it
        self.app.run_worker(
            partial(count_use, self.app, self.library, template.key),
            thread=True, group="template-uses", exit_on_error=False,
        )  # fmt: skip

    async def _ask_fields(self, template: Template) -> Mapping[str, str] | None:
        """The custom fields' values ({} when there are none; None: went back)."""
        fields = self.library.fields(template, self.context)
        if not fields:
            return {}

        def preview(given: Mapping[str, str]) -> str:
            return self.library.render(template, self.context, given)

        prompt = TemplateFields(template.name, fields, preview)
        return await self.app.push_screen(prompt, wait_for_dismiss=True)

    async def _insert_stale(self, template: Template) -> bool:
        """Ask whether to insert a template past its review date."""
        assert template.review_by is not None
        day = long_date(template.review_by, self.library.language)
        text = _(
            "Deze sjabloon moest uiterlijk {day} worden nagekeken: "
            "bedragen en regels kunnen veranderd zijn."
        ).format(day=day)
        question = TemplateConfirm(
            _("«{name}» nakijken").format(name=one_line(template.name, 50)),
            text,
            _("enter toch invoegen · esc terug"),
        )
        answer = await self.app.push_screen(question, wait_for_dismiss=True)
        return answer is True

    # --- managing personal templates -------------------------------------------

    def action_new(self) -> None:
        """Create a personal template in the editor."""
        self._edit(None)

    def action_edit(self) -> None:
        """Edit the highlighted template if it is personal; else offer a copy."""
        template = self.current
        if template is None:
            return
        if self.library.is_editable(template):
            self._edit(template)
        else:
            self._offer_copy(template)

    def _edit(self, template: Template | None) -> None:
        editor = TemplateEditor(template, self.library.save)
        self.app.push_screen(editor, self._saved)

    def _saved(self, saved: Template | None) -> None:
        if saved is not None:
            self.refresh_list(select=saved.key)
            self.notify(
                _("Opgeslagen: {name}").format(name=one_line(saved.name, 60)),
                markup=False,
            )

    def _offer_copy(self, template: Template) -> None:
        owner = (
            _("het team") if template.source is TemplateSource.TEAM else _("het forum")
        )
        question = TemplateConfirm(
            _("Niet hier te bewerken"),
            _(
                "«{name}» is van {owner} en kan hier niet worden aangepast. "
                "Maak een eigen kopie en pas die aan."
            ).format(name=one_line(template.name, 60), owner=owner),
            _("enter kopie maken en bewerken · esc terug"),
        )
        self.app.push_screen(question, self._copy_if)

    def _copy_if(self, yes: bool | None) -> None:
        if yes:
            self.action_duplicate()

    @work(exclusive=True, group="templates-manage")
    async def action_duplicate(self) -> None:
        """Copy the highlighted template into a personal one and edit the copy."""
        template = self.current
        if template is None:
            return
        try:
            copy = await asyncio.to_thread(self.library.duplicate, template)
        except DeskError as err:
            self.notify(
                one_line(str(err), 300),
                title=shown_title(err),
                severity="error",
                markup=False,
            )
            return
        self.refresh_list(select=copy.key)
        self._edit(copy)

    @work(exclusive=True, group="templates-manage")
    async def action_delete(self) -> None:
        """Delete the highlighted personal template after asking."""
        template = self.current
        if template is None:
            return
        name = one_line(template.name, 60)
        if not self.library.is_editable(template):
            owner = (
                _("het team")
                if template.source is TemplateSource.TEAM
                else _("het forum")
            )
            self.notify(
                _(
                    "«{name}» is van {owner}: alleen {owner} kan hem "
                    "verwijderen. Met d maakt u een eigen kopie."
                ).format(name=name, owner=owner),
                severity="warning",
                markup=False,
            )
            return
        question = TemplateConfirm(
            _("Sjabloon verwijderen?"),
            _("«{name}» wordt gewist.").format(name=name),
            _("enter verwijderen · esc terug"),
        )
        if not await self.app.push_screen(question, wait_for_dismiss=True):
            return
        try:
            await asyncio.to_thread(self.library.delete, template.key)
        except DeskError as err:
            self.notify(
                one_line(str(err), 300),
                title=shown_title(err),
                severity="error",
                markup=False,
            )
            return
        self.refresh_list()
        self.notify(_("Verwijderd: {name}").format(name=name), markup=False)
