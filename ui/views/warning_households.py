"""The triage table: one row per household with warnings, red households first, then the
most warnings. Today and the Warnings page both show it; a row opens the household."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from relocdesk.queries.warnings import household_rows
from ui.work_pages import (
    PALE_AMBER,
    PALE_RED,
    RED,
    Row,
    RowsModel,
    RowsTable,
    address,
    lang,
    tr,
)

if TYPE_CHECKING:
    from relocdesk.queries.warnings import HouseholdRow, HouseholdWarnings

# The warnings named in a row: enough to see what the household's trouble is; the rest
# are counted, and the household file has them all.
NAMED = 3


def headers() -> list[str]:
    return [
        tr("WarningHouseholds", "Level"),
        tr("WarningHouseholds", "Household"),
        tr("WarningHouseholds", "Address"),
        tr("WarningHouseholds", "Building head"),
        tr("WarningHouseholds", "Warnings"),
        tr("WarningHouseholds", "Red"),
        tr("WarningHouseholds", "In handling"),
        tr("WarningHouseholds", "Areas"),
        tr("WarningHouseholds", "What"),
    ]


def cells(r: Row) -> list[Any]:
    g = cast("HouseholdWarnings", r["g"])
    level = tr("WarningHouseholds", "Red") if g.red else tr("WarningHouseholds", "Yellow")
    areas = "、".join(_capital(_text(w.area_label)) for w in _first_of_each_area(g))
    # one entry per indicator (two members without referrals are one kind of trouble)
    kinds: dict[str, list[Any]] = {}
    for w in g.warnings:
        kinds.setdefault(w.indicator, []).append(w)
    titles = [
        _text(ws[0].title) + (f" ×{len(ws)}" if len(ws) > 1 else "")
        for ws in list(kinds.values())[:NAMED]
    ]
    if len(kinds) > NAMED:
        more = len(kinds) - NAMED
        titles.append(tr("WarningHouseholds", "and %1 more").replace("%1", str(more)))
    community = tr("WarningHouseholds", "(community)") if g.household_id is None else ""
    return [
        level,
        g.household_no or community,
        address({"building_no": g.building_no, "unit": g.unit, "room": g.room}),
        g.building_head or "",
        g.count,
        g.red or "",
        r.get("handling") or "",
        areas,
        "; ".join(titles),
    ]


def _first_of_each_area(g: HouseholdWarnings) -> list[Any]:
    seen: dict[str, Any] = {}
    for w in g.warnings:
        seen.setdefault(w.area, w)
    return list(seen.values())


def table(*, open_on_click: bool = False) -> RowsTable:
    return RowsTable(
        RowsModel(
            headers,
            cells,
            foreground=lambda r: RED if r.get("level") == "red" else None,
            background=lambda r: PALE_RED if r.get("level") == "red" else PALE_AMBER,
        ),
        open_on_click=open_on_click,
    )


def as_rows(
    groups: Sequence[HouseholdWarnings], links: Mapping[tuple[str, str], Any] | None = None
) -> list[Row]:
    return cast("list[Row]", household_rows(groups, links))


def rows_of(rows: Sequence[HouseholdRow]) -> list[Row]:
    return cast("list[Row]", list(rows))


def _text(pair: dict[str, str]) -> str:
    """A title or an area as monitoring gives it ({"zh": ..., "en": ...}), in the language
    of the screen."""
    return pair.get(lang()) or pair.get("zh") or ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
