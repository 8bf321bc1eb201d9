"""The audit trail's writes: one row per look at personal data, append-only and synced.

Every row says who (the signed-in person), when, what (view, reveal, print, export, ...) and
whose data: the household and, where one person's data was concerned, the person. A row
names them in ``household_id`` and ``person_id`` whatever its subject was — a print of a
referral or a visit record names the person and household behind it — so the Audit page,
``relocdesk audit`` and the county's access log filter by household or person without
knowing what each kind of look was about. A list of many households (an export) names
none: it says which list, under which filter, in its detail.

The trail is read by more people than the records it points at, so a row never carries an
ID number or a name, only the records' ids.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from relocdesk import fields
from relocdesk.records import Records, Row

Whose = tuple[str | None, str | None]  # (household_id, person_id)

# For each kind of subject a look can have: its id, its household, its person.
_WHOSE = {
    "household": "SELECT id, id, NULL FROM household WHERE id IN ({})",
    "person": "SELECT id, household_id, id FROM person WHERE id IN ({})",
    "referral": (
        "SELECT r.id, p.household_id, r.person_id FROM referral r"
        " LEFT JOIN person p ON p.id = r.person_id WHERE r.id IN ({})"
    ),
    "visit": "SELECT id, household_id, NULL FROM visit WHERE id IN ({})",
    "need": "SELECT id, household_id, person_id FROM need WHERE id IN ({})",
}
_CHUNK = 500  # ids per query: far below SQLite's limit on bound values


def whose(conn: sqlite3.Connection, subject_table: str, ids: Iterable[str]) -> dict[str, Whose]:
    """The household and person each subject belongs to (deleted records too: a look at a
    deleted record is still a look). Subjects of other kinds (the community) belong to none."""
    sql = _WHOSE.get(subject_table)
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Whose] = {}
    if sql is None:
        return found
    for start in range(0, len(wanted), _CHUNK):
        part = wanted[start : start + _CHUNK]
        for sid, household_id, person_id in conn.execute(
            sql.format(",".join("?" * len(part))), part
        ):
            found[sid] = (household_id, person_id)
    return found


def _now() -> str:
    return datetime.datetime.now().isoformat(timespec="seconds")


class Audit(Records):
    def prepare(self, values: Mapping[str, Any], old: Row | None) -> dict[str, Any]:
        # No live-reference check: opening or printing a deleted household is still audited.
        return fields.clean(self.table, values)

    def create(self, *, action: str, at: str | None = None, **more: Any) -> Row:
        """One row. Without an ``actor``, whoever is signed in; the household and person
        are taken from the subject where the caller named neither."""
        if not more.get("actor"):
            more["actor"] = self.desk.actor or None
        table, sid = more.get("subject_table"), more.get("subject_id")
        if not (table and sid) and more.get("person_id"):  # a person alone: their household
            table, sid = "person", more["person_id"]
        if table and sid:
            household_id, person_id = whose(self.conn, table, [sid]).get(sid, (None, None))
            more["household_id"] = more.get("household_id") or household_id
            more["person_id"] = more.get("person_id") or person_id
        return self.insert({"action": action, "at": at or _now(), **more})

    def looked(
        self,
        action: str,
        subject_table: str,
        subject_id: str,
        detail: str | None = None,
        person_id: str | None = None,
    ) -> Row:
        """One look at one household's or person's data by whoever is signed in: opening a
        household file ("view"), revealing a full ID number ("reveal"), ``relocdesk show``.
        ``person_id``: the member the look was for, when a household was found by one."""
        return self.create(
            action=action,
            subject_table=subject_table,
            subject_id=subject_id,
            detail=detail,
            person_id=person_id,
        )

    def record(
        self, action: str, subject_table: str, subject_ids: list[str], actor: str = ""
    ) -> None:
        """Who printed personal data: one row per subject (each form printed is one look at
        one household or person). Without an ``actor``, whoever is signed in."""
        actor = actor or self.desk.actor
        now = _now()
        belongs = whose(self.conn, subject_table, subject_ids)
        with self.desk.transaction() as w:
            w.insert_many(
                "audit",
                (
                    {
                        "action": action,
                        "subject_table": subject_table,
                        "subject_id": sid,
                        "household_id": belongs.get(sid, (None, None))[0],
                        "person_id": belongs.get(sid, (None, None))[1],
                        "actor": actor,
                        "at": now,
                    }
                    for sid in subject_ids
                ),
            )
