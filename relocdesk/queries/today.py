"""Today's work list: households due a visit, referrals waiting for an answer, needs open.

Each list is worked out on the day ``on`` it is asked for, so the screen and its tests say
which day they mean; the warnings of the day come from ``Desk.warnings``.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass
from typing import cast

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
    "TodayList",
    "needs_open",
    "referrals_waiting",
    "today_list",
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


def visits_due(conn: sqlite3.Connection, on: datetime.date) -> list[VisitDue]:
    """Live households whose last visit on or before ``on`` is missing or 60 days old (14
    with someone in a special group): special ones first, then the never visited, then the
    longest unvisited. The households of the warnings INT-03 and INT-04."""
    cur = conn.execute(
        f"""
        WITH last AS (
            SELECT household_id, max(date) AS last_visit FROM visit
            WHERE deleted = 0 AND date <= :on GROUP BY household_id
        ), special AS (
            SELECT DISTINCT household_id FROM person p WHERE p.deleted = 0 AND {SPECIAL_PERSON}
        )
        SELECT {ADDRESS_COLUMNS}, last.last_visit, special.household_id IS NOT NULL AS special
        FROM household h {ADDRESS_JOIN}
        LEFT JOIN last ON last.household_id = h.id
        LEFT JOIN special ON special.household_id = h.id
        WHERE {LIVE_HOUSEHOLD} AND (
            last.last_visit IS NULL OR last.last_visit <= CASE
                WHEN special.household_id IS NOT NULL THEN :special_cut ELSE :cut END)
        ORDER BY special DESC, last.last_visit IS NOT NULL, last.last_visit,
                 b.number, h.unit, h.room
        """,
        {
            "on": on.isoformat(),
            "cut": _before(on, VISIT_EVERY_DAYS),
            "special_cut": _before(on, SPECIAL_VISIT_EVERY_DAYS),
        },
    )
    return [cast(VisitDue, {**r, "special": bool(r["special"])}) for r in map(dict, cur)]


def referrals_waiting(conn: sqlite3.Connection, on: datetime.date) -> list[ReferralWaiting]:
    """Pending referrals of people living here, made 30 or more days before ``on``,
    oldest first (the referrals of the warning EMP-03)."""
    cur = conn.execute(
        f"""
        SELECT r.id AS referral_id, r.date, r.employer, r.position, r.kind,
               p.name AS person_name, {ADDRESS_COLUMNS}
        FROM referral r
        JOIN person p ON p.id = r.person_id
        JOIN household h ON h.id = p.household_id {ADDRESS_JOIN}
        WHERE r.deleted = 0 AND {LIVE_PERSON} AND {PENDING_REFERRAL} AND r.date <= :cut
        ORDER BY r.date
        """,
        {"cut": _before(on, REFERRAL_ANSWER_DAYS)},
    )
    return [cast(ReferralWaiting, dict(r)) for r in cur]


def needs_open(conn: sqlite3.Connection, on: datetime.date) -> list[NeedOpen]:
    """Open needs of households living here on ``on``: overdue first, then by due date,
    undated last (the dashboard's open and overdue needs)."""
    cur = conn.execute(
        f"""
        SELECT n.id AS need_id, n.category, n.description, n.status, n.assignee,
               n.due_date, n.raised_date, {ADDRESS_COLUMNS},
               coalesce({OVERDUE_NEED}, 0) AS overdue
        FROM need n
        JOIN household h ON h.id = n.household_id {ADDRESS_JOIN}
        WHERE n.deleted = 0 AND {LIVE_HOUSEHOLD} AND {OPEN_NEED}
        ORDER BY overdue DESC, n.due_date IS NULL, n.due_date, n.raised_date
        """,
        {"today": on.isoformat()},
    )
    return [cast(NeedOpen, {**r, "overdue": bool(r["overdue"])}) for r in map(dict, cur)]
