"""Building heads and the buildings they cover, with the active households they answer for.

Buildings are listed in the order they are numbered on site (2 before 10); a building's
households count only active, not deleted households.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TypedDict, cast

BUILDING_SEPARATOR = "、"  # between building numbers in one text, the way staff write them


class BuildingHead(TypedDict):
    id: str
    name: str
    phone: str | None
    person_id: str | None
    since: str | None
    notes: str | None
    buildings: str | None  # the numbers of the head's buildings, joined by BUILDING_SEPARATOR
    households: int  # active households in those buildings


class Building(TypedDict):
    id: str
    number: str
    name: str | None
    units: int | None
    floors: int | None
    building_head_id: str | None
    head_name: str | None
    head_phone: str | None
    households: int  # active households in the building


@dataclass(frozen=True)
class BuildingChoice:
    """A building as a list filter offers it."""

    id: str
    number: str
    units: int  # 0 when unknown


def heads(conn: sqlite3.Connection) -> list[BuildingHead]:
    """Every building head by name, with their buildings and households."""
    cur = conn.execute(
        f"""
        SELECT bh.id, bh.name, bh.phone, bh.person_id, bh.since, bh.notes,
               (SELECT group_concat(number, '{BUILDING_SEPARATOR}') FROM (
                    SELECT number FROM building WHERE building_head_id = bh.id AND deleted = 0
                    ORDER BY length(number), number)) AS buildings,
               (SELECT count(*) FROM household h JOIN building b ON b.id = h.building_id
                WHERE b.building_head_id = bh.id AND b.deleted = 0 AND h.deleted = 0
                  AND h.status = 'active') AS households
        FROM building_head bh
        WHERE bh.deleted = 0
        ORDER BY bh.name
        """
    )
    return [cast(BuildingHead, dict(r)) for r in cur]


def buildings(conn: sqlite3.Connection) -> list[Building]:
    """Every building in number order, with its head (if any) and households."""
    cur = conn.execute(
        """
        SELECT b.id, b.number, b.name, b.units, b.floors, b.building_head_id,
               bh.name AS head_name, bh.phone AS head_phone,
               (SELECT count(*) FROM household h WHERE h.building_id = b.id AND h.deleted = 0
                  AND h.status = 'active') AS households
        FROM building b LEFT JOIN building_head bh ON bh.id = b.building_head_id
        WHERE b.deleted = 0
        ORDER BY length(b.number), b.number
        """
    )
    return [cast(Building, dict(r)) for r in cur]


def building_choices(conn: sqlite3.Connection) -> list[BuildingChoice]:
    """The buildings a list or the dashboard can be narrowed to, 9A before 100."""
    cur = conn.execute(
        "SELECT id, number, units FROM building WHERE deleted = 0 ORDER BY length(number), number"
    )
    return [BuildingChoice(r["id"], r["number"], int(r["units"] or 0)) for r in cur]
