"""Employment history: each person's work over time, kept as append-only, synced events.

A person row only says how things stand today; the History tab used to read the outbox,
which sync empties. So every change of a person's employment status, employer, job or place
of work writes an ``employment_event`` in the same transaction as the change: its date, what
it was and what it became, and where it came from (``edit``: a form; ``referral``: a
referral's outcome; ``import``: a roster). A staff member who checks that a person's work
still holds records a ``verified`` event, from and to the same: the indicator "employment
not verified" counts the days since the person's latest event.

``Employment`` (``desk.employment``) gives a person's or a household's timeline, records a
verification and counts the month's jobs found and lost for the monthly workbook.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from relocdesk import enums, validation

# person field -> (from column, to column) of an event
WATCHED = {
    "employment_status": ("from_status", "to_status"),
    "employer": ("from_employer", "to_employer"),
    "job": ("from_job", "to_job"),
    "work_place": ("from_place", "to_place"),
}
SOURCES = enums.EMPLOYMENT_SOURCE


class Writer(Protocol):
    def insert(self, table: str, values: Mapping[str, Any]) -> dict[str, Any]: ...


def event_values(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    changed: Iterable[str],
    *,
    source: str,
    date: str | None = None,
    referral_id: str | None = None,
    recorded_by: str = "",
) -> dict[str, Any] | None:
    """The event a change of a person makes, or None when no employment field changed."""
    if not set(changed) & WATCHED.keys():
        return None
    values: dict[str, Any] = {
        "person_id": new.get("id") or old.get("id"),
        "date": date or datetime.date.today().isoformat(),
        "source": source,
        "referral_id": referral_id,
        "recorded_by": recorded_by,
    }
    for name, (before, after) in WATCHED.items():
        values[before] = old.get(name)
        values[after] = new.get(name, old.get(name))
    return values


def record(
    w: Writer,
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    changed: Iterable[str],
    **how: Any,
) -> dict[str, Any] | None:
    """Write the event of a person's change inside the caller's transaction."""
    values = event_values(old, new, changed, **how)
    return None if values is None else w.insert("employment_event", values)


class Book(Protocol):
    conn: sqlite3.Connection

    def transaction(self) -> Any: ...


class Employment:
    """Employment history of one desk."""

    def __init__(self, desk: Book) -> None:
        self._desk = desk

    def timeline(
        self, *, person_id: str | None = None, household_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Events of a person, or of every member of a household, the latest first, each
        with the person's name."""
        if (person_id is None) == (household_id is None):
            raise ValueError("one of person_id or household_id")
        where = "e.person_id = ?" if person_id else "p.household_id = ?"
        cur = self._desk.conn.execute(
            "SELECT e.*, p.name AS person_name FROM employment_event e"
            f" JOIN person p ON p.id = e.person_id WHERE e.deleted = 0 AND {where}"
            " ORDER BY e.date DESC, e.created_at DESC",
            (person_id or household_id,),
        )
        return [dict(r) for r in cur]

    def verify(
        self, person_id: str, *, date: str | None = None, recorded_by: str = ""
    ) -> dict[str, Any]:
        """Record that a person's employment was checked and still holds."""
        row = self._desk.conn.execute(
            "SELECT * FROM person WHERE id = ? AND deleted = 0", (person_id,)
        ).fetchone()
        if row is None:
            raise validation.ValidationError(
                "person_id", "not_found", "找不到该人员", "no such person"
            )
        person = dict(row)
        day = validation.date(
            date or datetime.date.today().isoformat(),
            "date",
            not_after=datetime.date.today(),
            not_before=datetime.date(1900, 1, 1),
        )
        values = event_values(
            person, person, WATCHED, source="verified", date=day, recorded_by=recorded_by
        )
        with self._desk.transaction() as w:
            return dict(w.insert("employment_event", values or {}))

    def month(self, first: datetime.date, end: datetime.date) -> dict[str, int]:
        """Jobs found (not working -> working) and lost (working -> not) in the days given,
        counted by person: someone who found and lost a job in the month counts in both."""
        employed = tuple(sorted(enums.EMPLOYED))
        marks = ",".join("?" * len(employed))
        found, lost = self._desk.conn.execute(
            f"""SELECT
                count(DISTINCT CASE WHEN coalesce(from_status, '') NOT IN ({marks})
                    AND to_status IN ({marks}) THEN person_id END),
                count(DISTINCT CASE WHEN from_status IN ({marks})
                    AND coalesce(to_status, '') NOT IN ({marks}) THEN person_id END)
            FROM employment_event
            WHERE deleted = 0 AND source <> 'verified' AND date BETWEEN ? AND ?""",
            (*employed, *employed, *employed, *employed, first.isoformat(), end.isoformat()),
        ).fetchone()
        return {"jobs_found": int(found or 0), "jobs_lost": int(lost or 0)}
