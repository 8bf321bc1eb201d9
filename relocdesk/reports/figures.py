"""The community's figures, per building and in all, as plain dataclasses.

The dashboard and the monthly report both read them from here, so a county office and the
screen never disagree. Definitions follow the monitoring catalogue: a member with labour
capacity is aged within EMP-01's age range, has full or weak capacity and is not in school;
referrals count over EMP-02's window (90 days).

Stock figures (employment, open needs) describe the records as they are: the database
keeps no history of a person's employment status. Flows (visits, referrals, hires, needs
raised and closed) are dated and counted per month.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from relocdesk import enums
from relocdesk.definitions import OPEN_NEED, OVERDUE_NEED, UNEMPLOYED_WILLING

NEED_AGE_BUCKETS = (("0-7", 0, 7), ("8-30", 8, 30), ("31-90", 31, 90), ("90+", 91, 10**6))


@dataclass
class Figures:
    households: int = 0
    people: int = 0
    labour_force: int = 0
    employed_labour: int = 0
    labour_employment_rate: float = 0.0
    households_with_labour: int = 0
    households_with_work: int = 0
    household_employment_share: float = 0.0
    zero_employment_households: int = 0
    unemployed_willing: int = 0
    referrals_90d: int = 0
    referrals_per_unemployed: float = 0.0
    households_visited_month: int = 0
    visit_coverage_month: float = 0.0
    open_needs: int = 0
    overdue_needs: int = 0
    active_warnings: int = 0
    red_warnings: int = 0

    def add(self, other: Figures) -> None:
        for f in fields(Figures):
            if f.type in ("int", int):
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def finish(self) -> None:
        """Rates from counts: a building with no denominator shows 0."""
        self.labour_employment_rate = _share(self.employed_labour, self.labour_force)
        self.household_employment_share = _share(
            self.households_with_work, self.households_with_labour
        )
        self.zero_employment_households = self.households_with_labour - self.households_with_work
        self.referrals_per_unemployed = _share(self.referrals_90d, self.unemployed_willing)
        self.visit_coverage_month = _share(self.households_visited_month, self.households)


@dataclass
class BuildingFigures(Figures):
    building_id: str | None = None
    building_no: str = ""
    building_head: str = ""


@dataclass
class MonthPoint:
    month: str
    households_visited: int = 0
    visit_coverage: float = 0.0
    referrals: int = 0
    hires: int = 0
    needs_raised: int = 0
    needs_closed: int = 0


@dataclass
class Dashboard(Figures):
    today: str = ""
    building_id: str | None = None
    needs_by_age: dict[str, int] = field(default_factory=dict)
    needs_by_category: dict[str, int] = field(default_factory=dict)
    warnings_by_area: dict[str, int] = field(default_factory=dict)
    by_building: list[BuildingFigures] = field(default_factory=list)
    trend: list[MonthPoint] = field(default_factory=list)


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _rows(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    cur = conn.cursor()
    cur.row_factory = None
    return cur.execute(sql, params).fetchall()


def labour_ages() -> tuple[int, int, int]:
    """Working ages and referral window from the catalogue (EMP-01, EMP-02)."""
    from relocdesk.monitoring import load
    from relocdesk.monitoring.evaluate import labour_ages as working_ages

    cat = load()
    lo, hi = working_ages(cat)  # what monitoring's household table counts labour by
    few = cat.get("EMP-02")
    days = int(few.params["days"]) if few else 90
    return lo, hi, days


def month_bounds(month: str) -> tuple[datetime.date, datetime.date]:
    first = datetime.date.fromisoformat(month + "-01")
    nxt = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, nxt - datetime.timedelta(days=1)


# Referrals reach people by id in the person table (monitoring's person table has no index
# on id), and count where the person lives: live, in a household still living here.
# CROSS JOIN: the referrals are read first, never every person.
_LIVE_PERSON = (
    "CROSS JOIN person p ON p.id = r.person_id AND p.deleted = 0"
    " JOIN monitoring_household h ON h.id = p.household_id"
)


def by_building(
    conn: sqlite3.Connection, today: datetime.date, counts: Iterable[Any]
) -> list[BuildingFigures]:
    """Figures for every building (households without a building under building_id None).

    Reads monitoring's tables for ``today`` (``monitoring.prepared``): the people and
    households the warnings were counted over, so the two cannot disagree. ``counts`` are
    monitoring's warning counts per indicator and building.
    """
    from relocdesk.monitoring import prepared

    lo, hi, days = labour_ages()
    p = {
        "today": today.isoformat(),
        "lo": lo,
        "hi": hi,
        "since": (today - datetime.timedelta(days=days)).isoformat(),
        "month_start": today.replace(day=1).isoformat(),
    }
    out: dict[str | None, BuildingFigures] = {}
    for bid, number, head in _rows(
        conn,
        "SELECT b.id, b.number, bh.name FROM building b"
        " LEFT JOIN building_head bh ON bh.id = b.building_head_id AND bh.deleted = 0"
        " WHERE b.deleted = 0",
        {},
    ):
        out[bid] = BuildingFigures(building_id=bid, building_no=number, building_head=head or "")

    def get(bid: str | None) -> BuildingFigures:
        if bid not in out:
            out[bid] = BuildingFigures(building_id=bid, building_no="" if bid is None else bid)
        return out[bid]

    sql = """SELECT building_id, count(*), sum(members), coalesce(sum(labour), 0),
           coalesce(sum(labour_employed), 0), coalesce(sum(labour > 0), 0),
           coalesce(sum(labour > 0 AND employed > 0), 0), coalesce(sum(idle), 0)
    FROM monitoring_household GROUP BY building_id"""
    queries = {
        # the referrals of the window, then their people: fewer lookups than every person
        "referrals": f"""SELECT h.building_id, count(*) FROM referral r {_LIVE_PERSON}
        WHERE r.deleted = 0 AND r.date > :since AND r.date <= :today
          AND {UNEMPLOYED_WILLING} GROUP BY h.building_id""",
        "visits": """SELECT h.building_id, count(DISTINCT v.household_id)
        FROM visit v JOIN monitoring_household h ON h.id = v.household_id
        WHERE v.deleted = 0 AND v.date >= :month_start AND v.date <= :today
        GROUP BY h.building_id""",
        "needs": f"""SELECT h.building_id, count(*), coalesce(sum({OVERDUE_NEED}), 0)
        FROM need n JOIN monitoring_household h ON h.id = n.household_id
        WHERE n.deleted = 0 AND {OPEN_NEED} GROUP BY h.building_id""",
    }
    with prepared(conn, today):
        for bid, hh, people, labour, lab_emp, hh_lab, hh_work, idle in _rows(conn, sql, p):
            f = get(bid)
            f.households, f.people, f.labour_force, f.employed_labour = hh, people, labour, lab_emp
            f.households_with_labour, f.households_with_work = hh_lab, hh_work
            f.unemployed_willing = idle
        for bid, n in _rows(conn, queries["referrals"], p):
            get(bid).referrals_90d = n
        for bid, n in _rows(conn, queries["visits"], p):
            get(bid).households_visited_month = n
        for bid, n, overdue in _rows(conn, queries["needs"], p):
            f = get(bid)
            f.open_needs, f.overdue_needs = n, overdue
    for c in counts:
        f = get(c.building_id)
        f.active_warnings += c.active
        if c.level == "red":
            f.red_warnings += c.active
    result = sorted(out.values(), key=_building_order)
    for f in result:
        f.finish()
    return result


def _building_order(f: BuildingFigures) -> tuple[Any, ...]:
    n = f.building_no
    return (f.building_id is None, len(n), n)


def open_needs(conn: sqlite3.Connection, today: datetime.date) -> list[tuple[Any, ...]]:
    """(building_id, category, days open) of every open need; reads monitoring's tables."""
    from relocdesk.monitoring import prepared

    with prepared(conn, today):
        return _rows(
            conn,
            "SELECT h.building_id, n.category,"
            " CAST(julianday(:today) - julianday(n.raised_date) AS INTEGER)"
            " FROM need n JOIN monitoring_household h ON h.id = n.household_id"
            f" WHERE n.deleted = 0 AND {OPEN_NEED}",
            {"today": today.isoformat()},
        )


def needs_breakdown(
    needs: Iterable[tuple[Any, ...]], building_id: str | None
) -> tuple[dict[str, int], dict[str, int]]:
    """Open needs (from ``open_needs``) by age in days and by category."""
    by_age = {name: 0 for name, _, _ in NEED_AGE_BUCKETS}
    by_category = dict.fromkeys(enums.NEED_CATEGORY, 0)
    for bid, category, age in needs:
        if building_id and bid != building_id:
            continue
        by_category[category] = by_category.get(category, 0) + 1
        for name, lo, hi in NEED_AGE_BUCKETS:
            if lo <= age <= hi:
                by_age[name] += 1
                break
    return by_age, by_category


def trend_months(today: datetime.date) -> list[str]:
    """The last 12 months up to today's month."""
    months: list[str] = []
    first = today.replace(day=1)
    for _ in range(12):
        months.append(first.strftime("%Y-%m"))
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    months.reverse()
    return months


# Visits are read household by household (CROSS JOIN keeps that order): a range of the
# visit index each, instead of every visit and a lookup of its household.
# Per building and month: a household, a referral and a need each belong to one building,
# so a building's counts (distinct households included) add up to the community's.
TREND_QUERIES: tuple[tuple[str, str], ...] = (
    (
        "households_visited",
        """SELECT h.building_id, substr(v.date, 1, 7), count(DISTINCT v.household_id)
        FROM monitoring_household h CROSS JOIN visit v ON v.household_id = h.id
        WHERE v.deleted = 0 AND v.date >= :start AND v.date <= :today GROUP BY 1, 2""",
    ),
    (
        "referrals",
        f"""SELECT h.building_id, substr(r.date, 1, 7), count(*) FROM referral r {_LIVE_PERSON}
        WHERE r.deleted = 0 AND r.date >= :start AND r.date <= :today GROUP BY 1, 2""",
    ),
    (
        "hires",
        f"""SELECT h.building_id, substr(e.date, 1, 7), count(DISTINCT e.referral_id)
        FROM referral_event e JOIN referral r ON r.id = e.referral_id {_LIVE_PERSON}
        WHERE e.deleted = 0 AND r.deleted = 0 AND e.outcome = 'hired'
        AND e.date >= :start AND e.date <= :today GROUP BY 1, 2""",
    ),
    (
        "needs_raised",
        """SELECT h.building_id, substr(n.raised_date, 1, 7), count(*) FROM need n
        JOIN monitoring_household h ON h.id = n.household_id WHERE n.deleted = 0
        AND n.raised_date >= :start AND n.raised_date <= :today GROUP BY 1, 2""",
    ),
    (
        "needs_closed",
        """SELECT h.building_id, substr(n.closed_date, 1, 7), count(*) FROM need n
        JOIN monitoring_household h ON h.id = n.household_id WHERE n.deleted = 0
        AND n.status IN ('resolved', 'confirmed')
        AND n.closed_date >= :start AND n.closed_date <= :today GROUP BY 1, 2""",
    ),
)


def trend_counts(conn: sqlite3.Connection, today: datetime.date) -> list[tuple[Any, ...]]:
    """(measure, building_id, month, count) over the last 12 months (the current one up to
    today); reads monitoring's tables."""
    from relocdesk.monitoring import prepared

    p = {"start": trend_months(today)[0] + "-01", "today": today.isoformat()}
    out: list[tuple[Any, ...]] = []
    with prepared(conn, today):
        for name, sql in TREND_QUERIES:
            out.extend((name, *row) for row in _rows(conn, sql, p))
    return out


def trend(
    counts: Iterable[tuple[Any, ...]],
    today: datetime.date,
    building_id: str | None,
    households: int,
) -> list[MonthPoint]:
    """The last 12 months up to today's month (the current one counted up to today)."""
    months = trend_months(today)
    points = {m: MonthPoint(month=m) for m in months}
    for name, bid, month, n in counts:
        if month in points and (not building_id or bid == building_id):
            setattr(points[month], name, getattr(points[month], name) + n)
    for point in points.values():
        point.visit_coverage = _share(point.households_visited, households)
    return [points[m] for m in months]
