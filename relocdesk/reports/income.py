"""Income by its four kinds (wages, business, transfers, property): the income view of the
monthly workbook (收入情况), for the community and each building.

Per-capita net income is the sum of income over the sum of members of the households whose
income is recorded (a year is set and someone lives there), not an average of per-capita
figures; each kind's share is its sum over the total; growth compares the total with last
year's total of the households that have both; households below the monitoring line and
near it (within the margin above it) use the line and margin of the income indicators
(INC-01, INC-03), the desk's income line setting first.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from relocdesk.definitions import LIVE_HOUSEHOLD

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("wages", "business", "transfers", "property")
SHEET = "收入情况"


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


def thresholds(conn: sqlite3.Connection) -> tuple[float, float]:
    """(monitoring line per person, margin percent) as the income indicators use them."""
    from relocdesk.monitoring import load
    from relocdesk.monitoring.tables import effective_params, settings_of

    cat, settings = load(), settings_of(conn)
    below = next((i for i in cat.indicators if i.evaluator == "income_below_line"), None)
    near = next((i for i in cat.indicators if i.evaluator == "income_near_line"), None)
    line = float(effective_params(below, settings)["line"]) if below else 0.0
    margin = float(near.params["margin_percent"]) if near else 0.0
    return line, margin


def income_view(conn: sqlite3.Connection) -> tuple[IncomeFigures, list[IncomeFigures]]:
    """The community's figures and each building's, buildings by number."""
    line, margin = thresholds(conn)
    rows = conn.execute(
        f"""SELECT coalesce(b.number, '') AS building, h.income_wages, h.income_business,
                   h.income_transfers, h.income_property, h.income_last_year,
                   (SELECT count(*) FROM person p WHERE p.household_id = h.id
                      AND p.deleted = 0) AS members
            FROM household h LEFT JOIN building b ON b.id = h.building_id AND b.deleted = 0
            WHERE {LIVE_HOUSEHOLD} AND h.income_year IS NOT NULL"""
    ).fetchall()
    rows = [r for r in rows if r["members"] > 0]
    community = _figures("全社区", rows, line, margin)
    buildings = sorted({r["building"] for r in rows}, key=lambda b: (len(b), b))
    per_building = [
        _figures(b or "未分配楼栋", [r for r in rows if r["building"] == b], line, margin)
        for b in buildings
    ]
    return community, per_building


def _figures(scope: str, rows: list[Any], line: float, margin: float) -> IncomeFigures:
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


def sheet(conn: sqlite3.Connection, first: datetime.date, end: datetime.date) -> pd.DataFrame:
    import pandas as pd

    community, buildings = income_view(conn)
    frame = pd.DataFrame([asdict(f) for f in (community, *buildings)], columns=list(HEADINGS))
    return frame.rename(columns=HEADINGS)
