"""My buildings: what a building head's device shows on Today and Warnings — the head's
buildings with their households, people and the people looking for work, so a volunteer
sees at a glance what the laptop holds and for whom.

The head is the one the county server named in the device's last scope (``sync_scope``);
a device of the office has none, and the widget is not shown.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import orjson

# People who want work and have none: the ones a building head refers (DESIGN: three or more
# referrals for every temporarily unemployed worker).
JOB_SEEKING = ("unemployed_willing",)


@dataclass(frozen=True)
class MyBuilding:
    building_id: str
    number: str
    households: int
    people: int
    job_seekers: int


@dataclass(frozen=True)
class MyBuildings:
    head_name: str
    buildings: tuple[MyBuilding, ...]

    @property
    def households(self) -> int:
        return sum(b.households for b in self.buildings)

    @property
    def people(self) -> int:
        return sum(b.people for b in self.buildings)

    @property
    def job_seekers(self) -> int:
        return sum(b.job_seekers for b in self.buildings)


def scope_head(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = 'sync_scope'").fetchone()
    if not row or not row[0]:
        return None
    head = orjson.loads(row[0]).get("head")
    return str(head) if head else None


def my_buildings(conn: sqlite3.Connection) -> MyBuildings | None:
    head = scope_head(conn)
    if head is None:
        return None
    found = conn.execute("SELECT name FROM building_head WHERE id = ?", (head,)).fetchone()
    marks = ",".join("?" * len(JOB_SEEKING))
    rows = conn.execute(
        "SELECT b.id, b.number,"
        " (SELECT count(*) FROM household h WHERE h.building_id = b.id AND h.deleted = 0"
        "  AND coalesce(h.status, 'active') = 'active'),"
        " (SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id"
        "  WHERE h.building_id = b.id AND p.deleted = 0 AND h.deleted = 0"
        "  AND coalesce(h.status, 'active') = 'active'),"
        " (SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id"
        "  WHERE h.building_id = b.id AND p.deleted = 0 AND h.deleted = 0"
        f"  AND coalesce(h.status, 'active') = 'active' AND p.employment_status IN ({marks}))"
        " FROM building b WHERE b.building_head_id = ? AND b.deleted = 0",
        (*JOB_SEEKING, head),
    ).fetchall()
    buildings = sorted(
        (MyBuilding(r[0], r[1] or "", r[2], r[3], r[4]) for r in rows), key=_building_order
    )
    return MyBuildings(found[0] if found else "", tuple(buildings))


def _building_order(b: MyBuilding) -> tuple[int, str]:
    digits = "".join(ch for ch in b.number if ch.isdigit())
    return (int(digits) if digits else 10**9, b.number)
