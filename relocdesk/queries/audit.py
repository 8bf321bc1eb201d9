"""The audit trail: who viewed, printed or exported whose personal data, and when.

Newest first (rows of one second in the order they were written), narrowed by day, actor,
action, subject, household or person looked at. A subject is named as a person
calls it (a member's name, a household's number), never by ID number: the trail is read by
more people than the records it points at. Rows written before audit rows named their
household and person (store migration 0017) have them derived from their subject here.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

# How many entries a screen asks for at most when it does not say.
DEFAULT_LIMIT = 500

_SUBJECT = """
    CASE a.subject_table
        WHEN 'person' THEN (SELECT name FROM person WHERE id = a.subject_id)
        WHEN 'household' THEN (SELECT household_no FROM household WHERE id = a.subject_id)
    END
"""

# The household and person a row names; for rows of before 0017, those of its subject.
HOUSEHOLD = """COALESCE(a.household_id, CASE a.subject_table
    WHEN 'household' THEN a.subject_id
    WHEN 'person' THEN (SELECT household_id FROM person WHERE id = a.subject_id) END)"""
PERSON = "COALESCE(a.person_id, CASE WHEN a.subject_table = 'person' THEN a.subject_id END)"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: str
    at: str  # local time, ISO to the second
    action: str  # view, reveal, print, export, ...
    actor: str | None
    subject_table: str | None
    subject_id: str | None
    subject: str | None  # the member's name or the household's number, where there is one
    detail: str | None
    household_id: str | None  # whose data: the household ...
    household: str | None  # ... by its number
    person_id: str | None  # ... and the person, where one was concerned
    person: str | None  # ... by name


def audit_trail(
    conn: sqlite3.Connection,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    actor: str | None = None,
    action: str | None = None,
    subject_id: str | None = None,
    household_id: str | None = None,
    person_id: str | Sequence[str] | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[AuditEntry]:
    """Audit entries from ``since`` to ``until`` (both days included), newest first.
    ``household_id``: looks at the household or at any of its members; ``person_id``: looks
    at that person (or at any of several, as ``people_called`` finds them)."""
    where, params = ["a.deleted = 0"], []
    if since is not None:
        where.append("a.at >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("a.at < ?")  # 'at' has a time: the day after, not 'until' itself
        params.append((until + datetime.timedelta(days=1)).isoformat())
    for column, value in (("actor", actor), ("action", action), ("subject_id", subject_id)):
        if value is not None:
            where.append(f"a.{column} = ?")
            params.append(value)
    if household_id is not None:
        where.append("a.whose_household = ?")
        params.append(household_id)
    if person_id is not None:
        people = [person_id] if isinstance(person_id, str) else list(person_id)
        where.append(f"a.whose_person IN ({','.join('?' * len(people)) or 'NULL'})")
        params += people
    cur = conn.cursor()
    cur.row_factory = None  # positional rows straight into the dataclass
    cur.execute(
        f"SELECT a.id, a.at, a.action, a.actor, a.subject_table, a.subject_id, {_SUBJECT},"
        " a.detail, a.whose_household, h.household_no, a.whose_person, p.name"
        f" FROM (SELECT a.*, a.rowid AS seq, {HOUSEHOLD} AS whose_household,"
        f" {PERSON} AS whose_person FROM audit a) a"
        " LEFT JOIN household h ON h.id = a.whose_household"
        " LEFT JOIN person p ON p.id = a.whose_person"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY a.at DESC, a.seq DESC LIMIT ?",
        [*params, limit],
    )
    return [AuditEntry(*row) for row in cur]


def people_called(conn: sqlite3.Connection, typed: str) -> list[str]:
    """The people (deleted ones too: their looks stay in the trail) whose name or ID number
    is ``typed``, for the filter by person looked at."""
    text = typed.strip()
    number = "".join(text.split()).upper()
    return [
        r[0]
        for r in conn.execute(
            "SELECT id FROM person WHERE name = ? OR id_number = ?", (text, number)
        )
    ]


@dataclass(frozen=True, slots=True)
class AuditChoices:
    """What the Audit page's filters offer: everyone and every kind the trail holds."""

    actors: list[str]
    actions: list[str]


def audit_choices(conn: sqlite3.Connection) -> AuditChoices:
    actors = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT actor FROM audit WHERE deleted = 0 AND actor IS NOT NULL"
            " ORDER BY actor"
        )
    ]
    actions = [
        r[0]
        for r in conn.execute("SELECT DISTINCT action FROM audit WHERE deleted = 0 ORDER BY action")
    ]
    return AuditChoices(actors, actions)
