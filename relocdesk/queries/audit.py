"""The audit trail: who viewed, printed or exported whose personal data, and when.

Newest first (rows of one second in the order they were written), narrowed by day, actor,
action, subject or household. A subject is named as a person
calls it (a member's name, a household's number), never by ID number: the trail is read by
more people than the records it points at.
"""

from __future__ import annotations

import datetime
import sqlite3
from dataclasses import dataclass

# How many entries a screen asks for at most when it does not say.
DEFAULT_LIMIT = 500

_SUBJECT = """
    CASE a.subject_table
        WHEN 'person' THEN (SELECT name FROM person WHERE id = a.subject_id)
        WHEN 'household' THEN (SELECT household_no FROM household WHERE id = a.subject_id)
    END
"""


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


def audit_trail(
    conn: sqlite3.Connection,
    *,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    actor: str | None = None,
    action: str | None = None,
    subject_id: str | None = None,
    household_id: str | None = None,
    limit: int = DEFAULT_LIMIT,
) -> list[AuditEntry]:
    """Audit entries from ``since`` to ``until`` (both days included), newest first.
    ``household_id``: looks at the household or at any of its members."""
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
        where.append(
            "((a.subject_table = 'household' AND a.subject_id = ?) OR (a.subject_table ="
            " 'person' AND a.subject_id IN (SELECT id FROM person WHERE household_id = ?)))"
        )
        params += [household_id, household_id]
    cur = conn.cursor()
    cur.row_factory = None  # positional rows straight into the dataclass
    cur.execute(
        f"SELECT a.id, a.at, a.action, a.actor, a.subject_table, a.subject_id, {_SUBJECT},"
        f" a.detail FROM audit a WHERE {' AND '.join(where)}"
        " ORDER BY a.at DESC, a.rowid DESC LIMIT ?",
        [*params, limit],
    )
    return [AuditEntry(*row) for row in cur]


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
