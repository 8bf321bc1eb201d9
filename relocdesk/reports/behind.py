"""The households behind a figure of the dashboard: for each figure, the households that make
it up and how much each adds, so that the list's total is the figure itself.

Every list is counted over monitoring's tables of the day (``monitoring.prepared``) with the
conditions of ``relocdesk.definitions`` and the queries of ``reports.figures``: the same rows
the figure was counted from, never a second definition. A test adds up every list and
compares it with the dashboard.

The ID number shown is the head of household's, masked the product's one way
(``validation.mask_id_number``): a county office recognises a household by it, and reads no
more of it than it needs.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass
from typing import Any

from relocdesk.definitions import INCOME_RECORDED, OPEN_NEED, OVERDUE_NEED, UNEMPLOYED_WILLING
from relocdesk.reports.county import PERMIT_PENDING, VISITED_IN_INTERVAL
from relocdesk.validation import mask_id_number as mask_id

# figure -> SQL giving (household id, how much the household adds) over monitoring's tables.
_PER_HOUSEHOLD = "SELECT h.id, {n} FROM monitoring_household h WHERE {where}"
_FROM_TABLE = {
    "households": _PER_HOUSEHOLD.format(n="1", where="1"),
    "people": _PER_HOUSEHOLD.format(n="h.members", where="h.members > 0"),
    "labour_force": _PER_HOUSEHOLD.format(n="h.labour", where="h.labour > 0"),
    "employed_labour": _PER_HOUSEHOLD.format(n="h.labour_employed", where="h.labour_employed > 0"),
    # households with labour and nobody at work (Figures.finish: with labour minus with work)
    "zero_employment_households": _PER_HOUSEHOLD.format(
        n="1", where="h.labour > 0 AND NOT coalesce(h.employed, 0) > 0"
    ),
    "unemployed_willing": _PER_HOUSEHOLD.format(n="h.idle", where="h.idle > 0"),
    "households_visited_month": """SELECT h.id, 1 FROM monitoring_household h
        WHERE EXISTS (SELECT 1 FROM visit v WHERE v.household_id = h.id AND v.deleted = 0
        AND v.date >= :month_start AND v.date <= :today)""",
    "referrals_90d": f"""SELECT h.id, count(*) FROM referral r
        CROSS JOIN person p ON p.id = r.person_id AND p.deleted = 0
        JOIN monitoring_household h ON h.id = p.household_id
        WHERE r.deleted = 0 AND r.date > :since AND r.date <= :today AND {UNEMPLOYED_WILLING}
        GROUP BY h.id""",
    "open_needs": f"""SELECT h.id, count(*) FROM need n
        JOIN monitoring_household h ON h.id = n.household_id
        WHERE n.deleted = 0 AND {OPEN_NEED} GROUP BY h.id""",
    # the county's figures (reports.county): income recorded (each adds its members, over whom
    # the per-capita income is taken), permits pending, visits within the interval
    "income_people": _PER_HOUSEHOLD.format(n="h.members", where=INCOME_RECORDED),
    "permits_pending": f"""SELECT p.household_id, count(*) FROM monitoring_person p
        WHERE p.permit_status IN ({", ".join(f"'{s}'" for s in PERMIT_PENDING)})
        GROUP BY p.household_id""",
    "households_visited_in_interval": _PER_HOUSEHOLD.format(
        n="1", where=VISITED_IN_INTERVAL.replace(":since", ":visit_since")
    ),
    "overdue_needs": f"""SELECT h.id, count(*) FROM need n
        JOIN monitoring_household h ON h.id = n.household_id
        WHERE n.deleted = 0 AND {OVERDUE_NEED} GROUP BY h.id""",
}
# Warnings are counted by monitoring's evaluation, not by a query: their households come
# from the same evaluation.
_FROM_WARNINGS = {"active_warnings": None, "red_warnings": "red"}
# A rate's households are those of its numerator.
RATE_OF = {
    "labour_employment_rate": "employed_labour",
    "referrals_per_unemployed": "unemployed_willing",
    "visit_coverage_month": "households_visited_month",
    "per_capita_income": "income_people",
    "visited_in_interval_share": "households_visited_in_interval",
}
FIGURES = frozenset(_FROM_TABLE) | frozenset(_FROM_WARNINGS)


@dataclass(frozen=True)
class HouseholdLine:
    household_id: str
    household_no: str
    building_no: str
    unit: int | None
    room: str
    head: str
    id_masked: str
    members: int
    n: int  # what the household adds to the figure


def households_behind(
    conn: sqlite3.Connection,
    today: datetime.date,
    figure: str,
    building_id: str | None = None,
) -> list[HouseholdLine]:
    """The households behind ``figure`` on ``today`` (of one building when given: the
    building ``reports.figures.by_building`` counts it in), by building, unit and room.
    ``figure`` is a field of ``reports.Figures`` or ``reports.county.CountyExtras``; a rate
    gives its numerator's households (per-capita income: the households whose income is
    recorded, each adding its members)."""
    from relocdesk import monitoring
    from relocdesk.reports.figures import labour_ages

    figure = RATE_OF.get(figure, figure)
    if figure not in FIGURES:
        raise KeyError(figure)
    from relocdesk.reports.county import visit_days

    _lo, _hi, days = labour_ages()
    params = {
        "today": today.isoformat(),
        "since": (today - datetime.timedelta(days=days)).isoformat(),
        "month_start": today.replace(day=1).isoformat(),
        "visit_since": (today - datetime.timedelta(days=visit_days(conn))).isoformat(),
    }
    with monitoring.prepared(conn, today):
        if figure in _FROM_TABLE:
            adds = {str(hid): int(n) for hid, n in conn.execute(_FROM_TABLE[figure], params)}
            return _lines(conn, adds, building_id)
        # a warning is placed in a building as monitoring's counts place it
        return _lines(conn, _warned(conn, today, _FROM_WARNINGS[figure], building_id), None)


def _warned(
    conn: sqlite3.Connection, today: datetime.date, level: str | None, building_id: str | None
) -> dict[str, int]:
    from relocdesk import monitoring

    out: dict[str, int] = {}
    for w in monitoring.evaluate(conn, today):
        if w.acknowledged or (level is not None and w.level != level):
            continue
        if building_id is not None and w.building_id != building_id:
            continue
        hid = w.household_id
        if hid:
            out[hid] = out.get(hid, 0) + 1
    return out


def _lines(
    conn: sqlite3.Connection, adds: dict[str, int], building_id: str | None
) -> list[HouseholdLine]:
    if not adds:
        return []
    conn.execute("DROP TABLE IF EXISTS temp.behind")
    conn.execute("CREATE TEMP TABLE behind (id TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
    try:
        conn.executemany("INSERT INTO temp.behind VALUES (?, ?)", adds.items())
        rows: list[tuple[Any, ...]] = conn.execute(
            """SELECT h.id, h.household_no, coalesce(h.building_no, ''), h.unit,
                   coalesce(h.room, ''), coalesce(hp.name, ''), hp.id_number, h.members, x.n,
                   h.building_id
            FROM temp.behind x JOIN monitoring_household h ON h.id = x.id
            JOIN household hh ON hh.id = h.id
            LEFT JOIN person hp ON hp.id = hh.head_person_id AND hp.deleted = 0"""
        ).fetchall()
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.behind")
    lines = [
        HouseholdLine(
            str(r[0]), r[1] or "", r[2], r[3], r[4], r[5], mask_id(r[6]), int(r[7] or 0), r[8]
        )
        for r in rows
        if building_id is None or r[9] == building_id
    ]
    lines.sort(key=lambda x: (len(x.building_no), x.building_no, x.unit or 0, x.room))
    return lines
