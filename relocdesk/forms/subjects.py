"""Whose forms to print: one person, one household, or everything still pending. Read only.

"All pending" means not yet printed, so a form drops out of the batch once it is printed
(the façade writes an audit row per subject after each complete PDF):

- residence_permit: live people whose permit_status is 'to_apply' (printing moves it on);
- household_card:   active households whose card was never printed, or whose household,
                    members, visits or needs changed after the last printed card;
- referral:         referrals still waiting for an outcome and never printed;
- visit_record:     visits of the last RECENT_DAYS days never printed;
- monthly_summary:  the month asked for (default: the current month).

Audit rows and the rows they are compared with carry hybrid-logical-clock ``updated_at``
stamps: a print seen after a change on any device sorts after it.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Sequence
from typing import Any

RECENT_DAYS = 90

_ORDER_HOUSEHOLD = "ORDER BY b.number, h.unit, h.room, h.household_no"


def _ids(rows: Any) -> list[str]:
    return [str(r[0]) for r in rows]


def last_printed(conn: sqlite3.Connection, subject_table: str) -> dict[str, str]:
    """Each subject's latest print (its audit row's clock), for one subject table."""
    rows = conn.execute(
        "SELECT subject_id, max(updated_at) FROM audit WHERE action = 'print'"
        " AND subject_table = ? AND deleted = 0 GROUP BY subject_id",
        (subject_table,),
    )
    return {r[0]: r[1] for r in rows}


# -- one person, one household ------------------------------------------------------------
def person_ids_by_id_number(conn: sqlite3.Connection, id_number: str) -> list[str]:
    row = conn.execute(
        "SELECT id FROM person WHERE id_number = ? AND deleted = 0", (id_number.strip().upper(),)
    ).fetchone()
    return [row[0]] if row else []


def people_named(conn: sqlite3.Connection, name: str) -> list[tuple[str, str]]:
    """(person id, household number) of the live people with exactly this name."""
    rows = conn.execute(
        "SELECT p.id, h.household_no FROM person p JOIN household h ON h.id = p.household_id"
        " WHERE p.name = ? AND p.deleted = 0 ORDER BY h.household_no",
        (name.strip(),),
    )
    return [(r[0], r[1]) for r in rows]


def household_ids_by_number(conn: sqlite3.Connection, household_no: str) -> list[str]:
    row = conn.execute(
        "SELECT id FROM household WHERE household_no = ? AND deleted = 0", (household_no.strip(),)
    ).fetchone()
    return [row[0]] if row else []


def household_of_person(conn: sqlite3.Connection, person_id: str) -> str:
    return str(
        conn.execute("SELECT household_id FROM person WHERE id = ?", (person_id,)).fetchone()[0]
    )


def household_members(conn: sqlite3.Connection, household_id: str) -> list[str]:
    return _ids(
        conn.execute(
            "SELECT id FROM person WHERE household_id = ? AND deleted = 0"
            " ORDER BY relation = 'head' DESC, birth_date",
            (household_id,),
        )
    )


def permit_people(conn: sqlite3.Connection, household_id: str) -> list[str]:
    """Members of a household who need (or needed) a residence permit."""
    return _ids(
        conn.execute(
            "SELECT id FROM person WHERE household_id = ? AND deleted = 0"
            " AND permit_status != 'not_needed' ORDER BY relation = 'head' DESC, birth_date",
            (household_id,),
        )
    )


def referrals_of(conn: sqlite3.Connection, person_ids: Sequence[str]) -> list[str]:
    """The referrals waiting for an outcome of these people (printed or not: asked for by
    name, a form is printed again); else the latest referral of any of them."""
    marks = ",".join("?" * len(person_ids))
    found = _ids(
        conn.execute(
            "SELECT id FROM referral WHERE deleted = 0 AND outcome = 'pending'"
            f" AND person_id IN ({marks}) ORDER BY date, created_at",
            list(person_ids),
        )
    )
    if found or not person_ids:
        return found
    return _ids(
        conn.execute(
            f"SELECT id FROM referral WHERE deleted = 0 AND person_id IN ({marks})"
            " ORDER BY date DESC, created_at DESC LIMIT 1",
            list(person_ids),
        )
    )


def recent_visits(
    conn: sqlite3.Connection, household_id: str, *, today: datetime.date | None = None
) -> list[str]:
    return _ids(
        conn.execute(
            "SELECT id FROM visit WHERE deleted = 0 AND household_id = ? AND date >= ?"
            " ORDER BY date, created_at",
            (household_id, _since(today)),
        )
    )


def _since(today: datetime.date | None) -> str:
    return ((today or datetime.date.today()) - datetime.timedelta(days=RECENT_DAYS)).isoformat()


# -- all pending ---------------------------------------------------------------------------
def pending_permits(conn: sqlite3.Connection) -> list[str]:
    return _ids(
        conn.execute(
            "SELECT p.id FROM person p JOIN household h ON h.id = p.household_id"
            " LEFT JOIN building b ON b.id = h.building_id"
            " WHERE p.deleted = 0 AND p.permit_status = 'to_apply'"
            " ORDER BY b.number, h.unit, h.room, p.relation = 'head' DESC, p.birth_date"
        )
    )


def pending_cards(conn: sqlite3.Connection) -> list[str]:
    printed = last_printed(conn, "household")
    changed: dict[str, str] = {}
    # What a card shows: the household, its members, its visits and its needs.
    for sql in (
        "SELECT id, updated_at FROM household WHERE deleted = 0",
        "SELECT household_id, max(updated_at) FROM person GROUP BY household_id",
        "SELECT household_id, max(updated_at) FROM visit GROUP BY household_id",
        "SELECT household_id, max(updated_at) FROM need GROUP BY household_id",
    ):
        for hid, stamp in conn.execute(sql):
            if stamp and stamp > changed.get(hid, ""):
                changed[hid] = stamp
    rows = conn.execute(
        "SELECT h.id FROM household h LEFT JOIN building b ON b.id = h.building_id"
        f" WHERE h.deleted = 0 AND h.status = 'active' {_ORDER_HOUSEHOLD}"
    )
    return [hid for (hid,) in rows if hid not in printed or changed.get(hid, "") > printed[hid]]


def pending_referrals(conn: sqlite3.Connection) -> list[str]:
    printed = last_printed(conn, "referral")
    rows = conn.execute(
        "SELECT id FROM referral WHERE deleted = 0 AND outcome = 'pending'"
        " ORDER BY date, created_at"
    )
    return [rid for (rid,) in rows if rid not in printed]


def pending_visits(conn: sqlite3.Connection, *, today: datetime.date | None = None) -> list[str]:
    printed = last_printed(conn, "visit")
    rows = conn.execute(
        "SELECT id FROM visit WHERE deleted = 0 AND date >= ? ORDER BY date, created_at",
        (_since(today),),
    )
    return [vid for (vid,) in rows if vid not in printed]
