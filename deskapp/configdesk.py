"""Config tables for the desk itself: working hours, response targets, sections.

Checked with the same machinery as the rest of the file (see
:mod:`deskapp.configschema`), so every mistake names the file, the key and the
fix. Kept apart so each module stays small.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from deskapp.configschema import (
    InvalidValue,
    _check_table,
    _check_value,
    _Ctx,
    _Field,
    check_text,
    check_urgency,
)
from deskapp.i18n import _
from deskapp.models import State, Urgency
from deskapp.triage import DEFAULT_TARGETS
from deskapp.views import DEFAULT_SECTIONS, OPEN_STATES, Section, Sort, ViewFilter
from deskapp.workhours import WorkingHours

__all__ = ["DeskSettings", "check_desk"]

MAX_SECTIONS = 9
"""Sections are switched with the keys 1..9."""

_DAYS = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6,
}  # fmt: skip
_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


DEFAULT_WARN_MINUTES = 60
"""Minutes before its due time that a question is marked as due soon."""


@dataclass(frozen=True)
class DeskSettings:
    """The checked ``[working_hours]``, ``[targets]`` and ``[[sections]]``."""

    working_hours: WorkingHours = field(default_factory=WorkingHours)
    targets: Mapping[Urgency, float] = field(
        default_factory=lambda: MappingProxyType(dict(DEFAULT_TARGETS))
    )
    sections: tuple[Section, ...] = DEFAULT_SECTIONS
    due_soon: timedelta = timedelta(minutes=DEFAULT_WARN_MINUTES)
    """A question due within this time counts as due soon (0: never)."""


def check_clock(value: str) -> time:
    """A time of day written as HH:MM."""
    match = _CLOCK.fullmatch(value.strip())
    if match is None:
        raise InvalidValue(
            _("'{value}' is not a time of day").format(value=value),
            _('write it as "08:30"'),
        )
    return time(int(match[1]), int(match[2]))


def check_timezone(value: str) -> str:
    """An IANA timezone name such as Europe/Amsterdam."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(
            _("'{value}' is not a known timezone").format(value=value),
            _('e.g. timezone = "Europe/Amsterdam"'),
        ) from None
    return value


def check_country(value: str) -> str:
    """A country code the holidays library knows, or empty for no holidays."""
    if not value:
        return value
    import holidays

    known = holidays.list_supported_countries()
    if value.upper() not in known:
        close = difflib.get_close_matches(value.upper(), list(known), n=1)
        hint = _('did you mean "{value}"? ').format(value=close[0]) if close else ""
        raise InvalidValue(
            _("'{value}' is not a country with known public holidays").format(
                value=value
            ),
            hint + _('use a country code such as "NL", or "" for no holidays'),
        )
    return value.upper()


def check_target(value: int) -> float:
    """Working hours to the first staff answer: 1 to 400."""
    if not 1 <= value <= 400:
        raise InvalidValue(
            _("must be between 1 and 400 working hours, got {value}").format(
                value=value
            ),
            _("e.g. urgent = 4, normal = 16, low = 40"),
        )
    return float(value)


_HOURS: dict[str, _Field] = {
    "start": _Field("text", check_clock),
    "end": _Field("text", check_clock),
    "days": _Field("list of texts"),
    "timezone": _Field("text", check_timezone),
    "holidays": _Field("text", check_country),
}


def check_warn(value: int) -> int:
    """Minutes of warning before a due time: 0 (none) to 480."""
    if not 0 <= value <= 480:
        raise InvalidValue(
            _("must be between 0 and 480 minutes, got {value}").format(value=value),
            _("e.g. warn_minutes = 60; 0 marks nothing as due soon"),
        )
    return value


_TARGETS: dict[str, _Field] = {
    **{u.value: _Field("whole number", check_target) for u in Urgency},
    "warn_minutes": _Field("whole number", check_warn),
}
_FLAG = _Field("true or false")
_SECTION: dict[str, _Field] = {
    "name": _Field("text", check_text),
    "urgency": _Field("list of texts"),
    "states": _Field("list of texts"),
    "categories": _Field("list of texts"),
    "unassigned": _FLAG,
    "mine": _FLAG,
    "no_staff_answer": _FLAG,
    "overdue": _FLAG,
    "waiting_for_staff": _FLAG,
    "snoozed": _FLAG,
    "sort": _Field("text"),
}


def check_desk(data: Mapping[str, Any], path: Path | None) -> DeskSettings:
    """Check the desk's tables of an already parsed and checked config."""
    ctx = _Ctx(path)
    targets = _check_table(ctx, data.get("targets", {}), _TARGETS, "targets")
    warn = targets.pop("warn_minutes", DEFAULT_WARN_MINUTES)
    return DeskSettings(
        working_hours=_working_hours(ctx, data.get("working_hours", {})),
        targets=_targets(targets),
        sections=_sections(ctx, data.get("sections", [])),
        due_soon=timedelta(minutes=warn),
    )


def _working_hours(ctx: _Ctx, raw: Mapping[str, Any]) -> WorkingHours:
    """The [working_hours] table."""
    values = _check_table(ctx, raw, _HOURS, "working_hours")
    days = values.pop("days", None)
    hours = WorkingHours(**values)
    if days is not None:
        hours = WorkingHours(**(values | {"days": _days(ctx, days)}))
    if hours.end <= hours.start:
        raise ctx.error(
            "working_hours.end",
            _("the working day ends ({end}) before it starts ({start})").format(
                end=f"{hours.end:%H:%M}", start=f"{hours.start:%H:%M}"
            ),
            _('e.g. start = "08:30", end = "17:00"'),
        )
    return hours


def _days(ctx: _Ctx, days: tuple[str, ...]) -> frozenset[int]:
    """Weekday names (mon..sun or ma..zo) as numbers, Monday = 0."""
    out = set()
    for day in days:
        number = _DAYS.get(day.lower())
        if number is None:
            raise ctx.error(
                "working_hours.days",
                _("'{day}' is not a weekday").format(day=day),
                _('use mon, tue, wed, thu, fri, sat, sun, e.g. days = ["mon", "fri"]'),
            )
        out.add(number)
    if not out:
        raise ctx.error(
            "working_hours.days", _("no working days"), _('e.g. days = ["mon"]')
        )
    return frozenset(out)


def _targets(values: Mapping[str, float]) -> Mapping[Urgency, float]:
    """The checked [targets] per urgency over the defaults."""
    merged = dict(DEFAULT_TARGETS) | {Urgency(k): v for k, v in values.items()}
    return MappingProxyType(merged)


def _sections(ctx: _Ctx, raw: list[Any]) -> tuple[Section, ...]:
    """The [[sections]] tables; the defaults when there are none."""
    if not raw:
        return DEFAULT_SECTIONS
    if len(raw) > MAX_SECTIONS:
        raise ctx.error(
            "sections",
            _("{n} sections, but only {most} fit on the keys 1..9").format(
                n=len(raw), most=MAX_SECTIONS
            ),
            _("keep at most {most} [[sections]] tables").format(most=MAX_SECTIONS),
        )
    return tuple(_section(ctx, n, item) for n, item in enumerate(raw, 1))


def _section(ctx: _Ctx, number: int, raw: Any) -> Section:
    """One [[sections]] table."""
    key = f"sections[{number}]"
    if not isinstance(raw, dict):
        raise ctx.error(
            key,
            _("each section must be a table"),
            _('write [[sections]] then name = "..."'),
        )
    values = _check_table(ctx, raw, _SECTION, key)
    if "name" not in values:
        raise ctx.error(
            f"{key}.name", _("missing required key 'name'"), _('add name = "Urgent"')
        )
    flt = ViewFilter(
        states=_choices(ctx, f"{key}.states", values.get("states"), State)
        or OPEN_STATES,
        urgencies=tuple(
            _check_value(ctx, f"{key}.urgency", _Field("text", check_urgency), u)
            for u in values.get("urgency", ())
        ),
        categories=values.get("categories", ()),
        **{
            f: values.get(f, False)
            for f in (
                "unassigned",
                "mine",
                "no_staff_answer",
                "overdue",
                "waiting_for_staff",
                "snoozed",
            )
        },
    )
    sort = _choices(
        ctx, f"{key}.sort", (values["sort"],) if "sort" in values else None, Sort
    )
    return Section(values["name"], flt, sort[0] if sort else Sort.URGENT)


def _choices(
    ctx: _Ctx, key: str, given: tuple[str, ...] | None, enum: Any
) -> tuple[Any, ...]:
    """Values of an enum by name, with a 'did you mean' on a typo."""
    if not given:
        return ()
    valid = [m.value for m in enum]
    out = []
    for value in given:
        if value not in valid:
            close = difflib.get_close_matches(value, valid, n=1)
            hint = _('did you mean "{value}"? ').format(value=close[0]) if close else ""
            raise ctx.error(
                key,
                _("'{value}' is not valid here").format(value=value),
                hint + _("valid: {choices}").format(choices=", ".join(valid)),
            )
        out.append(enum(value))
    return tuple(out)
