"""Today's work list: households due a visit, referrals waiting for an answer, needs open.

Each list is worked out on the day ``on`` it is asked for, so the screen and its tests say
which day they mean; the warnings of the day come from ``Desk.warnings``.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, cast

# A household is visited every VISIT_EVERY_DAYS, every SPECIAL_VISIT_EVERY_DAYS when someone
# in it is in a special group (serious illness, severe disability, elderly living alone,
# left-behind child): the households of the warnings INT-04 and INT-03. A referral without an
# outcome REFERRAL_ANSWER_DAYS after it was made is followed up (EMP-03). Defined once, with
# every other shared figure, in relocdesk.definitions.
from relocdesk.definitions import (
    LIVE_HOUSEHOLD,
    LIVE_PERSON,
    OPEN_NEED,
    OVERDUE_NEED,
    PENDING_REFERRAL,
    REFERRAL_ANSWER_DAYS,
    SPECIAL_PERSON,
    SPECIAL_VISIT_EVERY_DAYS,
    VISIT_EVERY_DAYS,
)
from relocdesk.queries.address import ADDRESS_COLUMNS, ADDRESS_JOIN, Address

__all__ = [
    "REFERRAL_ANSWER_DAYS",
    "SPECIAL_VISIT_EVERY_DAYS",
    "VISIT_EVERY_DAYS",
    "TodayCounts",
    "TodayKind",
    "TodayList",
    "needs_open",
    "referrals_waiting",
    "today_counts",
    "today_list",
    "today_window",
    "visits_due",
]


def _before(on: datetime.date, days: int) -> str:
    return (on - datetime.timedelta(days=days)).isoformat()


class VisitDue(Address):
    last_visit: str | None  # None: never visited
    special: bool  # someone in a special group: the 14-day rule


class ReferralWaiting(Address):
    referral_id: str
    date: str
    employer: str
    position: str | None
    kind: str
    person_name: str


class NeedOpen(Address):
    need_id: str
    category: str
    description: str
    status: str
    assignee: str | None
    due_date: str | None
    raised_date: str
    overdue: bool  # due before the day asked about


@dataclass(frozen=True)
class TodayList:
    """The lists that come straight from the tables, in the order the screen shows them."""

    visits: list[VisitDue]
    referrals: list[ReferralWaiting]
    needs: list[NeedOpen]


def today_list(conn: sqlite3.Connection, on: datetime.date) -> TodayList:
    return TodayList(
        visits=visits_due(conn, on),
        referrals=referrals_waiting(conn, on),
        needs=needs_open(conn, on),
    )


# Every order ends with the row's id: windows read apart must meet without a row seen twice
# or skipped, so rows that tie on what staff sort by still have one order.


def _shown(counting: bool, order: str) -> tuple[str, str, str]:
    """(columns, joins, ORDER BY) of a list's address and order; a count needs none of them:
    SQLite keeps a LEFT JOIN on a TEXT primary key, and would look up each row's building
    and head only to count it."""
    if counting:
        return "h.id AS household_id", "", ""
    return ADDRESS_COLUMNS, ADDRESS_JOIN, f"ORDER BY {order}"


def visits_due(
    conn: sqlite3.Connection, on: datetime.date, at: int = 0, n: int = -1
) -> list[VisitDue]:
    """Live households whose last visit on or before ``on`` is missing or 60 days old (14
    with someone in a special group): special ones first, then the never visited, then the
    longest unvisited. The households of the warnings INT-03 and INT-04. ``at`` and ``n``:
    the rows from position ``at``, ``n`` of them (-1: all), as a screen reads a window."""
    sql, params = _visits_sql(on)
    cur = conn.execute(f"{sql} LIMIT :n OFFSET :at", {**params, "n": n, "at": at})
    return [cast(VisitDue, {**r, "special": bool(r["special"])}) for r in map(dict, cur)]


def _visits_sql(on: datetime.date, counting: bool = False) -> tuple[str, dict[str, Any]]:
    columns, join, order = _shown(
        counting,
        "special DESC, last.last_visit IS NOT NULL, last.last_visit,"
        " b.number, h.unit, h.room, h.id",
    )
    return (
        f"""
        WITH last AS (
            SELECT household_id, max(date) AS last_visit FROM visit
            WHERE deleted = 0 AND date <= :on GROUP BY household_id
        ), special AS (
            SELECT DISTINCT household_id FROM person p WHERE p.deleted = 0 AND {SPECIAL_PERSON}
        )
        SELECT {columns}, last.last_visit, special.household_id IS NOT NULL AS special
        FROM household h {join}
        LEFT JOIN last ON last.household_id = h.id
        LEFT JOIN special ON special.household_id = h.id
        WHERE {LIVE_HOUSEHOLD} AND (
            last.last_visit IS NULL OR last.last_visit <= CASE
                WHEN special.household_id IS NOT NULL THEN :special_cut ELSE :cut END)
        {order}
        """,
        {
            "on": on.isoformat(),
            "cut": _before(on, VISIT_EVERY_DAYS),
            "special_cut": _before(on, SPECIAL_VISIT_EVERY_DAYS),
        },
    )


def referrals_waiting(
    conn: sqlite3.Connection, on: datetime.date, at: int = 0, n: int = -1
) -> list[ReferralWaiting]:
    """Pending referrals of people living here, made 30 or more days before ``on``,
    oldest first (the referrals of the warning EMP-03)."""
    sql, params = _referrals_sql(on)
    cur = conn.execute(f"{sql} LIMIT :n OFFSET :at", {**params, "n": n, "at": at})
    return [cast(ReferralWaiting, dict(r)) for r in cur]


def _referrals_sql(on: datetime.date, counting: bool = False) -> tuple[str, dict[str, Any]]:
    columns, join, order = _shown(counting, "r.date, r.id")
    # The pending referrals' own index (migration 0016), in the list's order: SQLite chose
    # to walk every live person of every household instead (1.7 s at 100,000 households)
    return (
        f"""
        SELECT r.id AS referral_id, r.date, r.employer, r.position, r.kind,
               p.name AS person_name, {columns}
        FROM referral r INDEXED BY referral_pending_idx
        JOIN person p ON p.id = r.person_id
        JOIN household h ON h.id = p.household_id {join}
        WHERE r.deleted = 0 AND {LIVE_PERSON} AND {PENDING_REFERRAL} AND r.date <= :cut
        {order}
        """,
        {"cut": _before(on, REFERRAL_ANSWER_DAYS)},
    )


def needs_open(
    conn: sqlite3.Connection, on: datetime.date, at: int = 0, n: int = -1
) -> list[NeedOpen]:
    """Open needs of households living here on ``on``: overdue first, then by due date,
    undated last (the dashboard's open and overdue needs)."""
    sql, params = _needs_sql(on)
    cur = conn.execute(f"{sql} LIMIT :n OFFSET :at", {**params, "n": n, "at": at})
    return [cast(NeedOpen, {**r, "overdue": bool(r["overdue"])}) for r in map(dict, cur)]


def _needs_sql(on: datetime.date, counting: bool = False) -> tuple[str, dict[str, Any]]:
    columns, join, order = _shown(
        counting, "overdue DESC, n.due_date IS NULL, n.due_date, n.raised_date, n.id"
    )
    return (
        f"""
        SELECT n.id AS need_id, n.category, n.description, n.status, n.assignee,
               n.due_date, n.raised_date, {columns},
               coalesce({OVERDUE_NEED}, 0) AS overdue
        FROM need n
        JOIN household h ON h.id = n.household_id {join}
        WHERE n.deleted = 0 AND {LIVE_HOUSEHOLD} AND {OPEN_NEED}
        {order}
        """,
        {"today": on.isoformat()},
    )


@dataclass(frozen=True)
class TodayCounts:
    """How long each of Today's lists is, and how many of its needs are overdue."""

    visits: int
    referrals: int
    needs: int
    overdue: int


def today_counts(conn: sqlite3.Connection, on: datetime.date) -> TodayCounts:
    """The lists' lengths, counted by SQL over the lists' own queries (no row is built)."""
    found = []
    for sql, params in (_visits_sql(on, True), _referrals_sql(on, True)):
        found.append(int(conn.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]))
    sql, params = _needs_sql(on, True)
    needs, overdue = conn.execute(
        f"SELECT count(*), total(overdue) FROM ({sql})", params
    ).fetchone()
    return TodayCounts(found[0], found[1], int(needs), int(overdue))


TodayKind = Literal["visits", "referrals", "needs"]
WINDOWS: dict[str, Callable[..., list[Any]]] = {
    "visits": visits_due,
    "referrals": referrals_waiting,
    "needs": needs_open,
}


def today_window(
    conn: sqlite3.Connection, on: datetime.date, which: TodayKind, at: int, n: int
) -> list[Any]:
    """The rows of one of Today's lists from position ``at``, ``n`` of them: what a screen
    reads instead of the whole list (58,000 visits due at 100,000 households)."""
    return WINDOWS[which](conn, on, at, n)
