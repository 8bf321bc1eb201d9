"""The conflicts inbox: open conflicts with what a person calls the row each concerns.

A conflict row records a field two devices changed: the value that won (now in the row) and
the one that lost, each as the JSON text the merge stored.
"""

from __future__ import annotations

import datetime
import sqlite3
from typing import Any, TypedDict, cast

import orjson

from relocdesk.validation import mask_id_number

# What a person calls a row of each table, in one query each.
_SUBJECT = {
    "household": "SELECT household_no FROM household WHERE id = ?",
    # The ID number tells two 张伟 apart; masked, as in every list.
    "person": "SELECT name, id_number FROM person WHERE id = ?",
    "building": "SELECT number FROM building WHERE id = ?",
    "building_head": "SELECT name FROM building_head WHERE id = ?",
    "referral": "SELECT p.name || ' · ' || r.employer FROM referral r"
    " JOIN person p ON p.id = r.person_id WHERE r.id = ?",
    "need": "SELECT h.household_no || ' · ' || n.description FROM need n"
    " JOIN household h ON h.id = n.household_id WHERE n.id = ?",
    "community": "SELECT name FROM community WHERE id = ?",
}
# The household a row belongs to, for the rows that belong to one besides the household.
_HOUSEHOLD = {
    "person": "SELECT household_id FROM person WHERE id = ?",
    "need": "SELECT household_id FROM need WHERE id = ?",
    "referral": "SELECT p.household_id FROM referral r JOIN person p"
    " ON p.id = r.person_id WHERE r.id = ?",
}
OPEN = "resolution IS NULL AND deleted = 0"


class Conflict(TypedDict):
    """A conflict row as stored."""

    id: str
    tbl: str
    row_id: str
    field: str
    lost_value: str | None
    won_value: str | None
    lost_clock: str | None
    won_clock: str | None
    lost_device: str | None
    won_device: str | None
    resolution: str | None
    resolved_by: str | None
    resolved_at: str | None


class OpenConflict(Conflict):
    """An open conflict as the inbox lists it."""

    subject: str  # what a person calls the row: household number, name, ...
    lost: Any  # the values decoded
    won: Any
    when: str  # when the winning change was made, local time to the minute


def decode(value: Any) -> Any:
    """Conflict values are stored as JSON text by the merge; plain text is taken as it is."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:
            return value
    return value


def clock_time(stamp: str | None) -> str:
    """When a hybrid clock says a change was made, to the minute, in local time."""
    if not stamp:
        return ""
    try:
        ms = int(stamp.split("-", 1)[0])
    except ValueError:
        return ""
    return datetime.datetime.fromtimestamp(ms / 1000).strftime("%Y-%m-%d %H:%M")


def _conflict(row: sqlite3.Row) -> Conflict:
    found: dict[str, Any] = {k: row[k] for k in Conflict.__annotations__}
    return cast(Conflict, found)


def subject(conn: sqlite3.Connection, table: str, row_id: str) -> str:
    sql = _SUBJECT.get(table)
    found = conn.execute(sql, (row_id,)).fetchone() if sql else None
    if found is None or found[0] is None:
        return row_id[:8]
    if table == "person":
        return f"{found[0]}（{mask_id_number(found[1])}）" if found[1] else str(found[0])
    return str(found[0])


def open_conflicts(conn: sqlite3.Connection) -> list[OpenConflict]:
    """The open conflicts, oldest first; on a device whose role sees ID numbers masked, a
    conflict about one shows both numbers masked (the server sends their values whole)."""
    from relocdesk import masking

    role = masking.device_role(conn)
    out: list[OpenConflict] = []
    for r in conn.execute(f"SELECT * FROM conflict WHERE {OPEN} ORDER BY created_at"):
        c = _conflict(r)
        if c["field"] in masking.ID_FIELDS and masking.masks_ids(role):
            c["lost_value"] = _masked_value(c["lost_value"])
            c["won_value"] = _masked_value(c["won_value"])
        out.append(
            OpenConflict(
                **c,
                subject=subject(conn, c["tbl"], c["row_id"]),
                lost=decode(c["lost_value"]),
                won=decode(c["won_value"]),
                when=clock_time(c["won_clock"]),
            )
        )
    return out


def _masked_value(stored: str | None) -> str | None:
    value = decode(stored)
    return orjson.dumps(mask_id_number(value)).decode() if isinstance(value, str) else stored


def count_open(conn: sqlite3.Connection) -> int:
    return int(conn.execute(f"SELECT count(*) FROM conflict WHERE {OPEN}").fetchone()[0])


def get(conn: sqlite3.Connection, conflict_id: str) -> Conflict | None:
    found = conn.execute("SELECT * FROM conflict WHERE id = ?", (conflict_id,)).fetchone()
    return None if found is None else _conflict(found)


def household_of(conn: sqlite3.Connection, table: str, row_id: str) -> str:
    """The household a row of ``table`` belongs to ('' when none: a building, a community)."""
    if table == "household":
        return row_id
    sql = _HOUSEHOLD.get(table)
    row = conn.execute(sql, (row_id,)).fetchone() if sql else None
    return str(row[0]) if row and row[0] is not None else ""
