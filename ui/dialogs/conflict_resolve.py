"""The conflicts inbox's core: read the open conflicts, confirm the winner, or reverse.

A conflict row records a field both sides changed: the value that won (now in the row) and
the one that lost. Confirming keeps the winner. Reversing writes the lost value back through
the façade as a new edit — so it syncs like any edit and wins on every device — and marks
the conflict reversed, in one transaction.
"""

from __future__ import annotations

import datetime
from typing import Any

import orjson

Row = dict[str, Any]

# The façade's record set for each synced table a person edits.
RECORDS = {
    "building": "buildings",
    "building_head": "building_heads",
    "household": "households",
    "person": "people",
    "referral": "referrals",
    "need": "needs",
    "training": "trainings",
    "warning_ack": "warning_acks",
}

# What a person calls a row of each table, in one query each.
_SUBJECT = {
    "household": "SELECT household_no FROM household WHERE id = ?",
    "person": "SELECT name || coalesce('（' || id_number || '）', '') FROM person WHERE id = ?",
    "building": "SELECT number FROM building WHERE id = ?",
    "building_head": "SELECT name FROM building_head WHERE id = ?",
    "referral": "SELECT p.name || ' · ' || r.employer FROM referral r"
    " JOIN person p ON p.id = r.person_id WHERE r.id = ?",
    "need": "SELECT h.household_no || ' · ' || n.description FROM need n"
    " JOIN household h ON h.id = n.household_id WHERE n.id = ?",
    "community": "SELECT name FROM community WHERE id = ?",
}


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


def open_conflicts(conn: Any) -> list[Row]:
    cur = conn.execute(
        "SELECT * FROM conflict WHERE resolution IS NULL AND deleted = 0 ORDER BY created_at"
    )
    rows = [dict(r) for r in cur]
    for r in rows:
        sql = _SUBJECT.get(r["tbl"])
        found = conn.execute(sql, (r["row_id"],)).fetchone() if sql else None
        r["subject"] = str(found[0]) if found and found[0] is not None else r["row_id"][:8]
        r["lost"] = decode(r["lost_value"])
        r["won"] = decode(r["won_value"])
        r["when"] = clock_time(r["won_clock"])
    return rows


def open_count(conn: Any) -> int:
    row = conn.execute(
        "SELECT count(*) FROM conflict WHERE resolution IS NULL AND deleted = 0"
    ).fetchone()
    return int(row[0])


def _mark(desk: Any, conflict_id: str, resolution: str, by: str) -> Row:
    # The façade has no record set for conflicts; the transaction's writer keeps the row,
    # its clocks and its outbox op together like every other write.
    now = datetime.datetime.now().isoformat(timespec="seconds")
    with desk.transaction() as w:
        row, _ = w.update(
            "conflict",
            conflict_id,
            {"resolution": resolution, "resolved_by": by or desk.device_id, "resolved_at": now},
        )
    return dict(row)


def confirm(desk: Any, conflict_id: str, by: str = "") -> Row:
    """Keep the value that won."""
    return _mark(desk, conflict_id, "confirmed", by)


def reverse(desk: Any, conflict_id: str, by: str = "") -> Row:
    """Write the lost value back as a new edit, and mark the conflict reversed."""
    found = desk.conn.execute("SELECT * FROM conflict WHERE id = ?", (conflict_id,)).fetchone()
    if found is None:
        raise LookupError(conflict_id)
    c = dict(found)
    table, row_id, field, lost = c["tbl"], c["row_id"], c["field"], decode(c["lost_value"])
    with desk.transaction():
        if table == "referral" and field == "outcome":
            desk.referrals.record_outcome(row_id, lost, recorded_by=by, note="撤销同步冲突")
        elif table == "need" and field == "status":
            desk.needs.set_status(row_id, lost, recorded_by=by, note="撤销同步冲突")
        elif table in RECORDS:
            getattr(desk, RECORDS[table]).update(row_id, **{field: lost})
        else:
            with desk.transaction() as w:
                w.update(table, row_id, {field: lost})
        return _mark(desk, conflict_id, "reversed", by)
