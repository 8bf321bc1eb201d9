"""The household file (一户一档) and what a visitor keeps in view: one household, read whole.

``household_file`` is everything the file's screen shows (facts, members, referrals, visits,
needs, trainings and the changes not yet sent); ``household_summary`` is the short view the
visit and need dialogs keep beside the form. The household and its members come back as the
record sets store them (the edit dialogs take those rows); what is listed under them comes
back as typed lines.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass, fields
from typing import Any

import orjson

from relocdesk import hlc
from relocdesk.store import ops as ops_form

Row = dict[str, Any]

# Needs a visitor still has to act on: the rest are done with.
OPEN_NEED_STATUSES = ("open", "in_progress")
# The last visits the visit dialog shows: enough to see what was promised, short enough to read.
RECENT_VISITS = 5
# The History tab lists the newest unsent changes only: a file is not an audit log.
HISTORY_LIMIT = 300


@dataclass(frozen=True)
class ReferralLine:
    id: str
    date: str
    person_name: str
    employer: str
    position: str | None
    kind: str
    wage_offered: float | None
    outcome: str


@dataclass(frozen=True)
class VisitLine:
    id: str
    date: str
    visitor: str
    kind: str
    met: str | None
    notes: str | None


@dataclass(frozen=True)
class NeedLine:
    id: str
    raised_date: str
    category: str
    description: str
    status: str
    assignee: str | None
    due_date: str | None
    resolution: str | None


@dataclass(frozen=True)
class TrainingLine:
    id: str
    person_id: str
    person_name: str
    course: str
    provider: str | None
    start_date: str | None
    end_date: str | None
    certificate: str | None
    result: str | None


@dataclass(frozen=True)
class HistoryEntry:
    """One change to the household or a member still in the outbox (not yet sent)."""

    table: str  # "household" or "person"
    row_id: str
    stamp: str  # the change's hybrid clock, as stored
    made_at: datetime.datetime | None  # local time the clock says; None if unreadable
    fields: tuple[str, ...]  # the fields changed, without the community they belong to
    created: bool  # the op made the row rather than changed it


@dataclass(frozen=True)
class HouseholdFile:
    household: Row | None  # None: the household no longer exists
    building: str = ""
    members: tuple[Row, ...] = ()
    referrals: tuple[ReferralLine, ...] = ()
    visits: tuple[VisitLine, ...] = ()
    needs: tuple[NeedLine, ...] = ()
    trainings: tuple[TrainingLine, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    # the members' employment history, the latest first (relocdesk.employment)
    employment: tuple[Row, ...] = ()
    buildings: tuple[tuple[str, str], ...] = ()  # (id, number) to move the household to
    role: str = ""  # the sync role: the edit dialog keeps withheld fields read-only


@dataclass(frozen=True)
class HouseholdSummary:
    household: Row  # the household row and its ``building_no``
    members: tuple[Row, ...]
    needs: tuple[NeedLine, ...]  # open ones, oldest first
    visits: tuple[VisitLine, ...]  # the last ``RECENT_VISITS``, newest first


def _lines(conn: sqlite3.Connection, line: Any, sql: str, params: list[Any]) -> tuple[Any, ...]:
    """Each row as a ``line`` dataclass, from the columns it names."""
    names = [f.name for f in fields(line)]
    return tuple(line(**{k: r[k] for k in names}) for r in conn.execute(sql, params))


def _marks(ids: list[str]) -> str:
    return ",".join("?" * len(ids)) or "NULL"


def referrals(conn: sqlite3.Connection, person_ids: list[str]) -> tuple[ReferralLine, ...]:
    sql = (
        "SELECT r.*, p.name AS person_name FROM referral r JOIN person p ON p.id = r.person_id"
        f" WHERE r.person_id IN ({_marks(person_ids)}) AND r.deleted = 0 ORDER BY r.date DESC"
    )
    return _lines(conn, ReferralLine, sql, person_ids)


def visits(conn: sqlite3.Connection, household_id: str, limit: int = -1) -> tuple[VisitLine, ...]:
    sql = (
        "SELECT * FROM visit WHERE household_id = ? AND deleted = 0"
        " ORDER BY date DESC, created_at DESC LIMIT ?"
    )
    return _lines(conn, VisitLine, sql, [household_id, limit])


def needs(conn: sqlite3.Connection, household_id: str) -> tuple[NeedLine, ...]:
    sql = (
        "SELECT n.* FROM need n WHERE n.household_id = ? AND n.deleted = 0"
        " ORDER BY n.raised_date DESC"
    )
    return _lines(conn, NeedLine, sql, [household_id])


def open_needs(conn: sqlite3.Connection, household_id: str) -> tuple[NeedLine, ...]:
    sql = (
        "SELECT * FROM need WHERE household_id = ? AND deleted = 0"
        f" AND status IN ({_marks(list(OPEN_NEED_STATUSES))}) ORDER BY raised_date"
    )
    return _lines(conn, NeedLine, sql, [household_id, *OPEN_NEED_STATUSES])


def trainings(conn: sqlite3.Connection, person_ids: list[str]) -> tuple[TrainingLine, ...]:
    sql = (
        "SELECT t.*, p.name AS person_name FROM training t JOIN person p ON p.id = t.person_id"
        f" WHERE t.person_id IN ({_marks(person_ids)}) AND t.deleted = 0"
        " ORDER BY coalesce(t.start_date, t.end_date, t.created_at) DESC, t.created_at DESC"
    )
    return _lines(conn, TrainingLine, sql, person_ids)


def history(
    conn: sqlite3.Connection, household_id: str, person_ids: list[str]
) -> tuple[HistoryEntry, ...]:
    """The household's and its members' changes still waiting in the outbox, newest first."""
    cur = conn.execute(
        "SELECT tbl, row_id, hlc, fields, base FROM outbox WHERE (tbl = 'household' AND row_id = ?)"
        f" OR (tbl = 'person' AND row_id IN ({_marks(person_ids)})) ORDER BY seq DESC LIMIT ?",
        [household_id, *person_ids, HISTORY_LIMIT],
    )
    known = ops_form.shapes(conn)
    return tuple(_history_entry(r, known) for r in cur)


def _history_entry(r: sqlite3.Row, known: ops_form.Shapes) -> HistoryEntry:
    # A damaged op (relocdesk.sync.refused) still shows when and by whom, with no fields.
    changed = ops_form.readable(r["fields"], known) or {}
    # An op with a base changed a row this device had; without one it made the row, unless
    # all it did was delete it.
    created = not _base_of(r["base"]) and "deleted" not in changed
    return HistoryEntry(
        table=r["tbl"],
        row_id=r["row_id"],
        stamp=r["hlc"],
        made_at=_clock_time(r["hlc"]),
        fields=tuple(k for k in changed if k != "community_id"),
        created=created,
    )


def _base_of(stored: str | bytes | None) -> Any:
    try:
        return orjson.loads(stored or "{}")
    except ValueError:
        return {"?": ""}  # damaged: it cannot be told to have made the row


def _clock_time(stamp: str) -> datetime.datetime | None:
    try:
        ms, _, _ = hlc.parse(stamp)
    except ValueError:
        return None
    return datetime.datetime.fromtimestamp(ms / 1000)


def buildings(conn: sqlite3.Connection) -> tuple[tuple[str, str], ...]:
    cur = conn.execute(
        "SELECT id, number FROM building WHERE deleted = 0 ORDER BY CAST(number AS INTEGER), number"
    )
    return tuple((r["id"], r["number"]) for r in cur)


def employment(conn: sqlite3.Connection, household_id: str) -> tuple[Row, ...]:
    """Every employment event of the household's members, the latest first."""
    cur = conn.execute(
        "SELECT e.*, p.name AS person_name FROM employment_event e"
        " JOIN person p ON p.id = e.person_id"
        " WHERE e.deleted = 0 AND p.deleted = 0 AND p.household_id = ?"
        " ORDER BY e.date DESC, e.created_at DESC",
        (household_id,),
    )
    return tuple(dict(r) for r in cur)


def household_file(
    conn: sqlite3.Connection, household: Row | None, members: list[Row], role: str
) -> HouseholdFile:
    """Everything the file shows, for a household and its members as the record sets read them."""
    if household is None:
        return HouseholdFile(household=None)
    hid = household["id"]
    building = conn.execute(
        "SELECT number FROM building WHERE id = ?", (household["building_id"],)
    ).fetchone()
    ids = [m["id"] for m in members]
    return HouseholdFile(
        household=household,
        building=building["number"] if building else "",
        members=tuple(members),
        referrals=referrals(conn, ids),
        visits=visits(conn, hid),
        needs=needs(conn, hid),
        trainings=trainings(conn, ids),
        history=history(conn, hid, ids),
        employment=employment(conn, hid),
        buildings=buildings(conn),
        role=role,
    )


def household_summary(conn: sqlite3.Connection, household_id: str) -> HouseholdSummary:
    """Who lives there, what is open, what the last visits said. LookupError if no such row."""
    head = conn.execute(
        "SELECT h.*, b.number AS building_no FROM household h"
        " LEFT JOIN building b ON b.id = h.building_id WHERE h.id = ?",
        (household_id,),
    ).fetchone()
    if head is None:
        raise LookupError(household_id)
    members = conn.execute(
        "SELECT * FROM person WHERE household_id = ? AND deleted = 0"
        " ORDER BY relation = 'head' DESC, birth_date",
        (household_id,),
    )
    return HouseholdSummary(
        household=dict(head),
        members=tuple(dict(m) for m in members),
        needs=open_needs(conn, household_id),
        visits=visits(conn, household_id, RECENT_VISITS),
    )


def building_head_of(conn: sqlite3.Connection, household_id: str) -> str | None:
    """The head of the household's building: a referral made for a member counts for them."""
    row = conn.execute(
        "SELECT b.building_head_id FROM household h JOIN building b ON b.id = h.building_id"
        " WHERE h.id = ?",
        (household_id,),
    ).fetchone()
    return None if row is None else row[0]
