"""The triage table: one row per household with warnings, red households first, then the
most warnings. Today and the Warnings page both show it; a row opens the household."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from relocdesk.queries.warnings import areas, household_rows
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
    """A household's row: from its warnings (``g``, the Warnings page) or from Today's
    triage row, which carries the kinds of its warnings (``kinds``) instead."""
    if r.get("pending"):
        return ["…"] + [""] * (len(headers()) - 1)
    g = cast("HouseholdWarnings | None", r.get("g"))
    home: Any = g if g is not None else _Home(r)
    kinds = _kinds(g) if g is not None else r["kinds"]
    red, count = (g.red, g.count) if g is not None else (r["red"], r["count"])
    level = tr("WarningHouseholds", "Red") if red else tr("WarningHouseholds", "Yellow")
    named = areas()
    first_areas = dict.fromkeys(area for _zh, _en, area, _n in kinds)
    shown_areas = "、".join(_capital(_area(named, a)) for a in first_areas)
    # one entry per indicator (two members without referrals are one kind of trouble)
    titles = [
        _text({"zh": zh, "en": en}) + (f" ×{n}" if n > 1 else "")
        for zh, en, _area, n in kinds[:NAMED]
    ]
    if len(kinds) > NAMED:
        more = len(kinds) - NAMED
        titles.append(tr("WarningHouseholds", "and %1 more").replace("%1", str(more)))
    community = tr("WarningHouseholds", "(community)") if home.household_id is None else ""
    return [
        level,
        home.household_no or community,
        address({"building_no": home.building_no, "unit": home.unit, "room": home.room}),
        home.building_head or "",
        count,
        red or "",
        r.get("handling") or "",
        shown_areas,
        "; ".join(titles),
    ]


class _Home:
    """A triage row's household fields read the way a ``HouseholdWarnings`` gives them."""

    def __init__(self, r: Row) -> None:
        self.household_id = r.get("household_id")
        self.household_no = r.get("household_no")
        self.building_no = r.get("building_no")
        self.unit = r.get("unit")
        self.room = r.get("room")
        self.building_head = r.get("building_head")


def _kinds(g: HouseholdWarnings) -> list[tuple[str, str, str, int]]:
    """Each kind of the household's warnings once, in their order: (title zh, title en,
    area, how many), as Today's triage stores them."""
    kinds: dict[str, list[Any]] = {}
    for w in g.warnings:
        kind = kinds.get(w.indicator)
        if kind is None:
            d = w.definition
            kinds[w.indicator] = [d.name_zh, d.name_en, d.area, 1]
        else:
            kind[3] += 1
    return [(zh, en, area, n) for zh, en, area, n in kinds.values()]


def colours() -> dict[str, Any]:
    """Red households in red on pale red, the others on pale amber (none while on its way)."""
    return {
        "foreground": lambda r: RED if r.get("level") == "red" else None,
        "background": lambda r: (
            None if r.get("pending") else PALE_RED if r.get("level") == "red" else PALE_AMBER
        ),
    }


def table(*, open_on_click: bool = False, model: RowsModel | None = None) -> RowsTable:
    """The triage table; ``model``: one made with ``headers``, ``cells`` and ``colours``
    that reads its rows another way (Today's, a window at a time)."""
    return RowsTable(model or RowsModel(headers, cells, **colours()), open_on_click=open_on_click)


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


def _area(named: dict[str, tuple[str, str]], code: str) -> str:
    zh, en = named.get(code, (code, code))
    return _text({"zh": zh, "en": en})


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
