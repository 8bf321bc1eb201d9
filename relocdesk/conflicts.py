"""The record set of conflicts: read the inbox, confirm the winner, or reverse.

Confirming keeps the value that won. Reversing writes the lost value back through the
record set of its table as a new edit — so it syncs like any edit and wins on every device —
and marks the conflict reversed, in one transaction. A conflict on the field ``deleted`` is
an edit that landed on a row another device deleted (``server.merge``): confirming accepts
the delete, reversing restores the row (with the edit) and marks it ``restored``. The mark
itself is an edit of the conflict row, made by the transaction's writer so it syncs too.
"""

from __future__ import annotations

import datetime
from typing import Any, Protocol

from relocdesk import records
from relocdesk.queries import conflicts as q

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
# The field of a conflict between an edit and another device's delete of the row.
DELETED = "deleted"
# The note on the event a reversed outcome or status leaves in the referral's or need's history.
REVERSED_NOTE = "撤销同步冲突"


class ConflictBook(records.Book, Protocol):
    """What resolving a conflict needs of the façade: its transaction, its device and the
    record sets that write a lost value back. Named here rather than imported as ``Desk``,
    which hands this record set out: the two would import each other."""

    device_id: str
    referrals: records.Referrals
    needs: records.Needs


class Conflicts:
    def __init__(self, desk: ConflictBook) -> None:
        self.desk = desk

    # -- reads ---------------------------------------------------------------------------
    def open(self) -> list[q.OpenConflict]:
        return q.open_conflicts(self.desk.conn)

    def count_open(self) -> int:
        return q.count_open(self.desk.conn)

    def get(self, conflict_id: str) -> q.Conflict | None:
        return q.get(self.desk.conn, conflict_id)

    def household_of(self, table: str, row_id: str) -> str:
        """The household whose file shows the row a conflict concerns ('' if none does)."""
        return q.household_of(self.desk.conn, table, row_id)

    # -- writes --------------------------------------------------------------------------
    def confirm(self, conflict_id: str, *, by: str = "") -> Row:
        """Keep the value that won."""
        if self.get(conflict_id) is None:
            raise LookupError(conflict_id)
        return self._mark(conflict_id, "confirmed", by)

    def reverse(self, conflict_id: str, *, by: str = "") -> Row:
        """Write the lost value back as a new edit, and mark the conflict reversed."""
        c = self.get(conflict_id)
        if c is None:
            raise LookupError(conflict_id)
        desk = self.desk
        with desk.transaction():
            self._restore(c["tbl"], c["row_id"], c["field"], q.decode(c["lost_value"]), by)
            resolution = "restored" if c["field"] == DELETED else "reversed"
            return self._mark(conflict_id, resolution, by)

    def restore_row(self, conflict_id: str, *, by: str = "") -> Row:
        """Bring back a row another device deleted while this one edited it."""
        c = self.get(conflict_id)
        if c is None or c["field"] != DELETED:
            raise LookupError(conflict_id)
        return self.reverse(conflict_id, by=by)

    def _restore(self, table: str, row_id: str, field: str, lost: Any, by: str) -> None:
        desk = self.desk
        if field == DELETED:
            # Not a value of the record set's form: the tombstone itself is lifted.
            with desk.transaction() as w:
                w.update(table, row_id, {DELETED: 1 if lost else 0})
            return
        # Outcomes and statuses change through their events, so the history says why.
        if table == "referral" and field == "outcome":
            # the person keeps their own fields, which merge (and conflict) by themselves
            desk.referrals.record_outcome(
                row_id, lost, recorded_by=by, note=REVERSED_NOTE, person={}
            )
        elif table == "need" and field == "status":
            desk.needs.set_status(row_id, lost, recorded_by=by, note=REVERSED_NOTE)
        elif table in RECORDS:
            getattr(desk, RECORDS[table]).update(row_id, **{field: lost})
        else:
            with desk.transaction() as w:
                w.update(table, row_id, {field: lost})

    def _mark(self, conflict_id: str, resolution: str, by: str) -> Row:
        desk = self.desk
        now = datetime.datetime.now().isoformat(timespec="seconds")
        with desk.transaction() as w:
            row, _ = w.update(
                "conflict",
                conflict_id,
                {"resolution": resolution, "resolved_by": by or desk.device_id, "resolved_at": now},
            )
        return dict(row)
