"""Today's work list: households due a visit, referrals waiting for an answer, needs open.

Each list is worked out on the day ``on`` it is asked for, so the screen and its tests say
which day they mean; the warnings of the day come from ``Desk.warnings``.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass
from typing import cast

from relocdesk.queries.address import ADDRESS_COLUMNS, ADDRESS_JOIN, Address

# A household is visited every 60 days, every 14 when someone in it is a left-behind child,
# an elderly person living alone or a person with severe disability.
VISIT_EVERY_DAYS = 60
SPECIAL_VISIT_EVERY_DAYS = 14
# A referral without an outcome 30 days after it was made is followed up.
REFERRAL_ANSWER_DAYS = 30


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
    """Active households not visited in 60 days (14 with someone in a special group):
    special ones first, then the never visited, then the longest unvisited."""
    cur = conn.execute(
        f"""
        WITH last AS (
            SELECT household_id, max(date) AS last_visit FROM visit
            WHERE deleted = 0 GROUP BY household_id
        ), special AS (
            SELECT DISTINCT household_id FROM person
            WHERE deleted = 0 AND (left_behind_child = 1 OR elderly_alone = 1
                                   OR severe_disability = 1)
        )
        SELECT {ADDRESS_COLUMNS}, last.last_visit, special.household_id IS NOT NULL AS special
        FROM household h {ADDRESS_JOIN}
        LEFT JOIN last ON last.household_id = h.id
        LEFT JOIN special ON special.household_id = h.id
        WHERE h.deleted = 0 AND h.status = 'active' AND (
            last.last_visit IS NULL OR last.last_visit < CASE
                WHEN special.household_id IS NOT NULL THEN date(:on, :special_days)
                ELSE date(:on, :days) END)
        ORDER BY special DESC, last.last_visit IS NOT NULL, last.last_visit,
                 b.number, h.unit, h.room
        """,
        {
            "on": on.isoformat(),
            "days": f"-{VISIT_EVERY_DAYS} days",
            "special_days": f"-{SPECIAL_VISIT_EVERY_DAYS} days",
        },
    )
    return [cast(VisitDue, {**r, "special": bool(r["special"])}) for r in map(dict, cur)]


def referrals_waiting(conn: sqlite3.Connection, on: datetime.date) -> list[ReferralWaiting]:
    """Referrals still pending more than 30 days after they were made, oldest first."""
    cur = conn.execute(
        f"""
        SELECT r.id AS referral_id, r.date, r.employer, r.position, r.kind,
               p.name AS person_name, {ADDRESS_COLUMNS}
        FROM referral r
        JOIN person p ON p.id = r.person_id
        JOIN household h ON h.id = p.household_id {ADDRESS_JOIN}
        WHERE r.deleted = 0 AND r.outcome = 'pending' AND r.date < date(?, ?)
        ORDER BY r.date
        """,
        (on.isoformat(), f"-{REFERRAL_ANSWER_DAYS} days"),
    )
    return [cast(ReferralWaiting, dict(r)) for r in cur]


def needs_open(conn: sqlite3.Connection, on: datetime.date) -> list[NeedOpen]:
    """Needs not yet resolved: overdue on ``on`` first, then by due date, undated last."""
    cur = conn.execute(
        f"""
        SELECT n.id AS need_id, n.category, n.description, n.status, n.assignee,
               n.due_date, n.raised_date, {ADDRESS_COLUMNS},
               n.due_date IS NOT NULL AND n.due_date < :on AS overdue
        FROM need n
        JOIN household h ON h.id = n.household_id {ADDRESS_JOIN}
        WHERE n.deleted = 0 AND n.status IN ('open', 'in_progress')
        ORDER BY overdue DESC, n.due_date IS NULL, n.due_date, n.raised_date
        """,
        {"on": on.isoformat()},
    )
    return [cast(NeedOpen, {**r, "overdue": bool(r["overdue"])}) for r in map(dict, cur)]
