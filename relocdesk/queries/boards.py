"""The boards staff work from: unemployed people against the referrals rule, a person's
referrals, the needs board by status, the visits list, and the household in hand.

The rules are the policy's and are named here: every unemployed person willing to work
gets ``REFERRAL_TARGET`` referrals within ``REFERRAL_WINDOW_DAYS``; a need still open or in
progress after its due date is overdue. Both depend on the day they are judged on.
"""

from __future__ import annotations

import datetime
import sqlite3
from typing import Any, TypedDict, cast

# REFERRAL_TARGET referrals for each unemployed person willing to work within the last
# REFERRAL_WINDOW_DAYS (today included; EMP-02's): defined with the other shared figures.
from relocdesk.definitions import (
    OVERDUE_NEED,
    REFERRAL_IN_WINDOW,
    REFERRAL_TARGET,
    REFERRAL_WINDOW_DAYS,
)
from relocdesk.queries.address import ADDRESS_COLUMNS, ADDRESS_JOIN, Address

__all__ = ["REFERRAL_TARGET", "REFERRAL_WINDOW_DAYS"]
RECENT_VISITS = 300  # the visits list shows this many of the latest visits


class UnemployedPerson(TypedDict):
    """An unemployed person willing to work, with their referrals of the window."""

    person_id: str
    name: str
    gender: str | None
    birth_date: str | None
    phone: str | None
    skills: str | None
    labour_capacity: str | None
    household_id: str
    household_no: str
    building_no: str | None
    unit: int | None
    room: str | None
    building_head_id: str | None
    recent: int  # referrals within the window
    pending: int  # of those, still waiting for an outcome
    last_date: str | None
    below_target: bool  # fewer than REFERRAL_TARGET within the window


class Referral(TypedDict):
    id: str
    person_id: str
    date: str
    referred_by: str | None
    building_head_id: str | None
    employer: str
    position: str | None
    kind: str
    wage_offered: float | None
    outcome: str
    outcome_date: str | None
    outcome_note: str | None
    created_at: str


class NeedOnBoard(Address):
    id: str
    person_id: str | None
    visit_id: str | None
    source: str
    raised_date: str
    category: str
    description: str
    status: str
    assignee: str | None
    due_date: str | None
    resolution: str | None
    closed_date: str | None
    created_at: str
    overdue: bool  # open or in progress, and past its due date on the day asked


class VisitInList(Address):
    id: str
    date: str
    visitor: str
    kind: str
    met: str | None
    notes: str | None
    created_at: str
    needs: int  # needs raised at this visit


class HouseholdInHand(Address):
    """The household a visit or need is about: its number, address and head."""

    id: str


def referral_window_start(on: datetime.date) -> datetime.date:
    """The last day whose referrals no longer count towards the target on ``on`` (the
    window is the REFERRAL_WINDOW_DAYS days after it, ``on`` included)."""
    return on - datetime.timedelta(days=REFERRAL_WINDOW_DAYS)


def unemployed(
    conn: sqlite3.Connection, on: datetime.date, building_head_id: str | None = None
) -> list[UnemployedPerson]:
    """Active households' unemployed people willing to work, fewest recent referrals first."""
    params: dict[str, Any] = {
        "since": referral_window_start(on).isoformat(),
        "today": on.isoformat(),
    }
    where = ""
    if building_head_id:
        where = "AND b.building_head_id = :head"
        params["head"] = building_head_id
    cur = conn.execute(
        f"""
        WITH recent AS (
            SELECT person_id, count(*) AS n, sum(outcome = 'pending') AS pending,
                   max(date) AS last_date
            FROM referral r WHERE r.deleted = 0 AND {REFERRAL_IN_WINDOW} GROUP BY person_id
        )
        SELECT p.id AS person_id, p.name, p.gender, p.birth_date, p.phone, p.skills,
               p.labour_capacity, h.id AS household_id, h.household_no,
               b.number AS building_no, h.unit, h.room, b.building_head_id,
               coalesce(recent.n, 0) AS recent, coalesce(recent.pending, 0) AS pending,
               recent.last_date
        FROM person p
        JOIN household h ON h.id = p.household_id
        LEFT JOIN building b ON b.id = h.building_id
        LEFT JOIN recent ON recent.person_id = p.id
        WHERE p.deleted = 0 AND p.employment_status = 'unemployed_willing'
          AND h.deleted = 0 AND h.status = 'active' {where}
        ORDER BY recent, b.number, h.unit, h.room, p.name
        """,
        params,
    )
    return [
        cast(UnemployedPerson, {**r, "below_target": r["recent"] < REFERRAL_TARGET})
        for r in map(dict, cur)
    ]


def person_referrals(conn: sqlite3.Connection, person_id: str) -> list[Referral]:
    """A person's referrals, latest first."""
    cur = conn.execute(
        "SELECT id, person_id, date, referred_by, building_head_id, employer, position, kind,"
        " wage_offered, outcome, outcome_date, outcome_note, created_at"
        " FROM referral WHERE person_id = ? AND deleted = 0"
        " ORDER BY date DESC, created_at DESC",
        (person_id,),
    )
    return [cast(Referral, dict(r)) for r in cur]


_NEED_COLUMNS = (
    "n.id, n.household_id, n.person_id, n.visit_id, n.source, n.raised_date, n.category,"
    " n.description, n.status, n.assignee, n.due_date, n.resolution, n.closed_date, n.created_at"
)


def needs_board(
    conn: sqlite3.Connection,
    on: datetime.date,
    status: str | None = None,
    household_id: str | None = None,
) -> list[NeedOnBoard]:
    """Needs of one status (or every status), overdue first, then by due date."""
    where, params = ["n.deleted = 0"], {"today": on.isoformat()}
    if status:
        where.append("n.status = :status")
        params["status"] = status
    if household_id:
        where.append("n.household_id = :hh")
        params["hh"] = household_id
    cur = conn.execute(
        f"""
        SELECT {_NEED_COLUMNS}, {ADDRESS_COLUMNS},
               coalesce({OVERDUE_NEED}, 0) AS overdue
        FROM need n JOIN household h ON h.id = n.household_id {ADDRESS_JOIN}
        WHERE {" AND ".join(where)}
        ORDER BY overdue DESC, n.due_date IS NULL, n.due_date, n.raised_date DESC
        """,
        params,
    )
    return [cast(NeedOnBoard, {**r, "overdue": bool(r["overdue"])}) for r in map(dict, cur)]


def recent_visits(conn: sqlite3.Connection, household_id: str | None = None) -> list[VisitInList]:
    """The latest RECENT_VISITS visits (of one household, or of all), with needs raised."""
    where, params = "x.deleted = 0", []
    if household_id:
        where += " AND x.household_id = ?"
        params.append(household_id)
    cur = conn.execute(
        f"""
        WITH recent AS (
            SELECT * FROM visit x WHERE {where}
            ORDER BY x.date DESC, x.created_at DESC LIMIT {RECENT_VISITS}
        ), raised AS (
            SELECT visit_id, count(*) AS needs FROM need
            WHERE deleted = 0 AND visit_id IN (SELECT id FROM recent) GROUP BY visit_id
        )
        SELECT x.id, x.date, x.visitor, x.kind, x.met, x.notes, x.created_at,
               {ADDRESS_COLUMNS}, coalesce(raised.needs, 0) AS needs
        FROM recent x JOIN household h ON h.id = x.household_id {ADDRESS_JOIN}
        LEFT JOIN raised ON raised.visit_id = x.id
        ORDER BY x.date DESC, x.created_at DESC
        """,
        params,
    )
    return [cast(VisitInList, dict(r)) for r in cur]


def household_in_hand(conn: sqlite3.Connection, household_id: str) -> HouseholdInHand | None:
    row = conn.execute(
        f"SELECT h.id, {ADDRESS_COLUMNS} FROM household h {ADDRESS_JOIN} WHERE h.id = ?",
        (household_id,),
    ).fetchone()
    return None if row is None else cast(HouseholdInHand, dict(row))
