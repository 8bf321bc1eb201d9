"""Income by its four kinds (wages, business, transfers, property): the income view of the
monthly workbook (收入情况), the Dashboard page and the county's income figures, for the
community and each building.

Each figure is defined once, in ``relocdesk.definitions``: households with income recorded,
per-capita net income (the sum of income over the sum of members, not an average of
per-capita figures), each kind's share of the total, growth against last year's total of
the households that have one, households below the monitoring line and near it (within
INC-03's margin above it), the line and margin being the income indicators' as the
community applies them.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from relocdesk.definitions import INCOME_RECORDED, LIVE_HOUSEHOLD

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("wages", "business", "transfers", "property")
SHEET = "收入情况"
COMMUNITY = "全社区"  # the scope of the community's figures
NO_BUILDING = "未分配楼栋"  # the scope of households without a building


@dataclass(frozen=True)
class IncomeFigures:
    scope: str  # the community, or a building's number
    households: int
    members: int
    total: float
    wages: float
    business: float
    transfers: float
    property: float
    per_capita: float
    wages_share: float
    business_share: float
    transfers_share: float
    property_share: float
    last_year: float  # last year's total of the households that have both years
    growth: float | None  # this year over last year - 1, of those households
    below_line: int
    near_line: int
    building_id: str | None = None  # None for the community and households without one


def thresholds(conn: sqlite3.Connection) -> tuple[float, float]:
    """(monitoring line per person, margin percent) as the income indicators apply them: the
    county's published values, the desk's income line setting, the catalogue's."""
    from relocdesk.monitoring import load
    from relocdesk.monitoring.tables import effective_params, settings_of

    cat, settings = load(), settings_of(conn)
    below = next((i for i in cat.indicators if i.evaluator == "income_below_line"), None)
    near = next((i for i in cat.indicators if i.evaluator == "income_near_line"), None)
    line = float(effective_params(below, settings)["line"]) if below else 0.0
    margin = float(effective_params(near, settings)["margin_percent"]) if near else 0.0
    return line, margin


# the live households with their live members, read as monitoring's household table reads
# them, so INCOME_RECORDED selects the same households here as for the income warnings
_ROWS = f"""SELECT b.id AS building_id, coalesce(b.number, '') AS building, h.members,
           h.income_wages, h.income_business, h.income_transfers, h.income_property,
           h.income_last_year
    FROM (SELECT h.id, h.building_id, h.income_year, h.income_wages, h.income_business,
                 h.income_transfers, h.income_property, h.income_last_year,
                 (SELECT count(*) FROM person p WHERE p.household_id = h.id
                    AND p.deleted = 0) AS members
          FROM household h WHERE {LIVE_HOUSEHOLD}) h
    LEFT JOIN building b ON b.id = h.building_id AND b.deleted = 0
    WHERE {INCOME_RECORDED}"""


def income_view(conn: sqlite3.Connection) -> tuple[IncomeFigures, list[IncomeFigures]]:
    """The community's figures and each building's, buildings by number."""
    line, margin = thresholds(conn)
    rows = conn.execute(_ROWS).fetchall()
    community = _figures(COMMUNITY, None, rows, line, margin)
    numbers = {r["building_id"]: r["building"] for r in rows}
    order = sorted(numbers, key=lambda b: (b is None, len(numbers[b]), numbers[b]))
    per_building = [
        _figures(
            numbers[b] or NO_BUILDING,
            b,
            [r for r in rows if r["building_id"] == b],
            line,
            margin,
        )
        for b in order
    ]
    return community, per_building


def _figures(
    scope: str, building_id: str | None, rows: list[Any], line: float, margin: float
) -> IncomeFigures:
    sums = {k: float(sum(r[f"income_{k}"] or 0 for r in rows)) for k in KINDS}
    total = sum(sums.values())
    members = int(sum(r["members"] for r in rows))
    both = [r for r in rows if (r["income_last_year"] or 0) > 0]
    this_year = sum(sum(float(r[f"income_{k}"] or 0) for k in KINDS) for r in both)
    last_year = float(sum(r["income_last_year"] for r in both))
    below = near = 0
    for r in rows:
        own = sum(float(r[f"income_{k}"] or 0) for k in KINDS)
        # compared as the indicators do: total against line x members, no division
        if own < line * r["members"]:
            below += 1
        elif own * 100 < line * r["members"] * (100 + margin):
            near += 1
    return IncomeFigures(
        scope=scope,
        households=len(rows),
        members=members,
        total=total,
        **sums,
        per_capita=round(total / members, 2) if members else 0.0,
        **{f"{k}_share": round(sums[k] / total, 4) if total else 0.0 for k in KINDS},
        last_year=last_year,
        growth=round(this_year / last_year - 1, 4) if last_year else None,
        below_line=below,
        near_line=near,
        building_id=building_id,
    )


HEADINGS = {
    "scope": "范围",
    "households": "有收入记录户数",
    "members": "人数",
    "total": "纯收入合计（元）",
    "wages": "工资性收入",
    "business": "生产经营性收入",
    "transfers": "转移性收入",
    "property": "财产性收入",
    "per_capita": "人均纯收入（元）",
    "wages_share": "工资性占比",
    "business_share": "生产经营性占比",
    "transfers_share": "转移性占比",
    "property_share": "财产性占比",
    "last_year": "上年收入（可比户）",
    "growth": "同比增长",
    "below_line": "低于监测线户数",
    "near_line": "接近监测线户数",
}


# the sheet's cells written as percentages (0.8533 -> 85.3%)
PERCENT_HEADINGS = frozenset({*(HEADINGS[f"{k}_share"] for k in KINDS), HEADINGS["growth"]})


def sheet(conn: sqlite3.Connection, first: datetime.date, end: datetime.date) -> pd.DataFrame:
    import pandas as pd

    community, buildings = income_view(conn)
    frame = pd.DataFrame([asdict(f) for f in (community, *buildings)], columns=list(HEADINGS))
    return frame.rename(columns=HEADINGS)
